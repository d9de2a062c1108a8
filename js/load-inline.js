// The C core carried inline, as hex, and compiled synchronously: no
// top-level await, no fetch, no node: import, no asset for a bundler to
// emit. This is what `import 'memview'` and `require('memview')` load
// (scripts/build-dist.js puts this file in js/load.js's place). The wasm is
// small (about 45 KB), well under Chromium's 8 MB limit for synchronous
// compilation on the main thread.
//
// Hex, not base64: two characters a byte keep the wasm's repeats aligned,
// where base64's four for three shift them, so gzip and brotli find them.
// For the 45 KB wasm of 2026-12-07: 21.4 KB gzipped against base64's 27.0
// (brotli: 18.2 against 24.0), for 31 KB more before compression.
import hex from 'memview:wasm-hex';
import { NodeBuffer } from './node-buffer.js';

/** The bytes of a string of lowercase hex digits (the build writes nothing else). */
function decode(s) {
  if (typeof Uint8Array.fromHex === 'function') return Uint8Array.fromHex(s); // browsers of 2025 on
  if (NodeBuffer !== null) return NodeBuffer.from(s, 'hex'); // at start, 0.3 ms where the loop below takes 5
  const out = new Uint8Array(s.length >> 1);
  // '0'-'9' are 0x30-0x39 and 'a'-'f' 0x61-0x66: the low nibble, plus 9 for a letter
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const hi = s.charCodeAt(j), lo = s.charCodeAt(j + 1);
    out[i] = (((hi & 0xf) + 9 * (hi >> 6)) << 4) | ((lo & 0xf) + 9 * (lo >> 6));
  }
  return out;
}

/** The compiled core. A decoder that a program replaced with one that
 *  returns other bytes (Uint8Array.fromHex, or Node's Buffer.from: its
 *  methods are looked up when called) makes it fail: the error says whose
 *  it is. */
function compile() {
  try {
    return new WebAssembly.Module(decode(hex));
  } catch (e) {
    throw new Error(`memview: cannot compile its inline wasm core (${e?.message ?? e})`, { cause: e });
  }
}

export const wasmModule = compile();
