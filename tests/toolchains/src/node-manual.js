// memview/manual in Node: init() with no options reads memview.wasm beside
// the package's dist/manual.js; a second init() returns the same promise.
import { init } from 'memview/manual';
import './check.js';
const first = init();
const mv = await first;
const again = init({ url: 'https://example.invalid/never-fetched.wasm' });
console.log(JSON.stringify({ ...globalThis.memviewCheck(mv), samePromise: first === again, sameExports: (await again).memoryview === mv.memoryview }));
