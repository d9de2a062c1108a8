// memview/manual: the package without the wasm inline, for users who load it
// themselves (their own URL or CDN, a preloaded or precompiled module, a
// bundler's asset pipeline). Nothing is loaded until init() is called:
//
//   import { init } from 'memview/manual';
//   const { memoryview, struct } = await init({ url: '/assets/memview.wasm' });
//
// init(options) compiles the wasm once, from the first of
//   options.module  a WebAssembly.Module
//   options.bytes   an ArrayBuffer, a TypedArray or a DataView of the .wasm file
//   options.url     a URL or string (fetched; read from disk in Node for file: URLs)
//   (none)          memview.wasm beside this file
// and resolves to the package's exports (the same as `import 'memview'`).
// Later calls return the same promise, whatever their options.
import { isCoreModule } from './core-imports.js';

let compiled = null;
let loading = null;

/** The module init() compiled (js/load-manual.js reads it as the core loads). */
export function takeModule() {
  if (compiled === null) throw new Error('memview/manual: call init() and await it before using memview');
  return compiled;
}

/** The module options name (see above), compiled; each option is read once. */
async function compile(options) {
  const module = options.module;
  if (module !== undefined) {
    if (!(module instanceof WebAssembly.Module)) throw new TypeError('memview: init({ module }) needs a WebAssembly.Module');
    return module;
  }
  const bytes = options.bytes;
  if (bytes !== undefined) // WebAssembly.compile takes no DataView
    return WebAssembly.compile(ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes);
  const given = options.url;
  const href = given !== null && typeof given === 'object' ? given.href : given;
  const url = href !== undefined ? new URL(String(href), globalThis.location?.href)
    : new URL('./memview.wasm', import.meta.url);
  if (url.protocol === 'file:') {
    // Node: fetch() does not read file: URLs. getBuiltinModule (Node >= 20.16)
    // needs no import that a browser bundler would try to resolve.
    const fs = globalThis.process?.getBuiltinModule?.('node:fs');
    if (!fs) throw new Error(`memview: cannot read ${url} here: pass init({ bytes }) instead`);
    return WebAssembly.compile(fs.readFileSync(url));
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`memview: cannot load ${url}: HTTP ${res.status}`);
  if (typeof WebAssembly.compileStreaming === 'function' && /^application\/wasm\b/.test(res.headers.get('content-type') || '')) {
    return WebAssembly.compileStreaming(res);
  }
  return WebAssembly.compile(await res.arrayBuffer());
}

/** compile(options), checked: memview's errors, and a module that is
 *  memview's core, or the binding would fail as it loads, for good. */
async function core(options) {
  let mod;
  try {
    mod = await compile(options);
  } catch (e) {
    throw e instanceof Error && e.message.startsWith('memview') ? e
      : new Error(`memview: cannot load its wasm core (${e?.message ?? e})`, { cause: e });
  }
  if (!isCoreModule(mod)) throw new TypeError("memview: init() was given a WebAssembly module that is not memview's core (its imports or exports differ)");
  return mod;
}

/** Loads the wasm (once) and resolves to memview's exports. */
export function init(options = {}) {
  if (loading === null) {
    loading = core(options ?? {}).then((m) => { compiled = m; return import('./memview.js'); });
    loading.catch(() => { loading = null; });   // a failed load may be retried
  }
  return loading;
}
