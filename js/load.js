// Where the C core comes from, for the unbundled source tree (tests, web/):
// memview.wasm beside this file, compiled by top-level await. The builds the
// package ships (scripts/build-dist.js) put js/load-inline.js (the wasm
// inline, compiled synchronously) or js/load-manual.js (the module that
// init() compiled) in this file's place. Each exports one WebAssembly.Module.
const url = new URL('./memview.wasm', import.meta.url);

async function loadBytes() {
  if (typeof process === 'object' && process.versions && process.versions.node && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`memview: cannot load ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export const wasmModule = await WebAssembly.compile(await loadBytes());
