import { check } from './check-esm.js';
console.log(JSON.stringify(check()));
