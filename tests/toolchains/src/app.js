// A page's script for the bundlers without worker support (Rollup, esbuild).
import { check } from './check-esm.js';
window.__result = { main: check() };
