// A page's script for the bundlers that bundle workers (webpack, Vite,
// Parcel): the page and a worker both compute. The message is posted right
// after new Worker(): the worker's handler must already be there for it.
import { check } from './check-esm.js';
const main = check();
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (e) => { window.__result = { main, worker: e.data }; };
worker.onerror = (e) => { window.__result = { main, worker: `error: ${e.message}` }; };
worker.postMessage('go');
