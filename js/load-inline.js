// The C core carried inline, as base64, and compiled synchronously: no
// top-level await, no fetch, no node: import, no asset for a bundler to
// emit. This is what `import 'memview'` and `require('memview')` load
// (scripts/build-dist.js puts this file in js/load.js's place). The wasm is
// small (about 45 KB), well under Chromium's 8 MB limit for synchronous
// compilation on the main thread.
import base64 from 'memview:wasm-base64';

function decode(s) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(s);
  const bin = atob(s);
  const u8 = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
  return u8;
}

export const wasmModule = new WebAssembly.Module(decode(base64));
