// What the C core imports from JavaScript (js/wasm.js instantiates it with
// these), in one place: js/manual.js checks a module it is given against
// them before it loads the binding, because a binding that failed to load
// stays failed (the ES module cache keeps its error).

/** The import object of the core, given the function that learns of memory
 *  growth. */
export function coreImports(onMemoryGrowth) {
  return {
    env: { emscripten_notify_memory_growth: onMemoryGrowth },
    wasi_snapshot_preview1: {
      proc_exit(code) { throw new Error(`memview: the C core aborted (exit ${code})`); },
    },
  };
}

/** Whether WebAssembly.Module mod can be memview's core: it imports nothing
 *  but coreImports() and exports what js/wasm.js starts it with. */
export function isCoreModule(mod) {
  const given = coreImports(null);
  const importsKnown = WebAssembly.Module.imports(mod).every((i) => i.kind === 'function' && Object.hasOwn(given[i.module] ?? {}, i.name));
  const names = new Set(WebAssembly.Module.exports(mod).map((e) => e.name));
  return importsKnown && names.has('_initialize') && names.has('memory') && names.has('mv_view_init');
}
