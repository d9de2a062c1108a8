import { check } from './check-esm.js';
self.onmessage = () => self.postMessage(check());
