// memview — Python's memoryview, bytes, bytearray, array and struct for JS.
// js/wasm.js instantiates the wasm core as this module loads (js/load.js).
//
// The rule at the boundary, which every public method of js/ follows:
// 1. Brand checks. `this` and every argument that must be memview's own is
//    found by a private class field (viewOf, storeOf, structOf), and a JS
//    buffer by the engine's own getters (jsmemory.js): a Proxy, a forgery, a
//    subclass's getter or an own property is never believed, and no trap runs.
//    A wrong `this` is CPython's "descriptor ... doesn't apply" TypeError.
// 2. Convert first. Every argument is converted (integers as operator.index:
//    valueOf never runs; lists, iterables, `length` getters: read once) before
//    any pointer is computed or any scratch descriptor loaded. The user code
//    an argument can run (getters, Proxy traps, iterators) runs only there.
// 3. Re-check after. What that user code could change (a view released, an
//    exporter resized or released, a JS buffer detached or shrunk, wasm memory
//    grown by an allocation) is checked after it, right before the pointer is
//    used: _live() loads a descriptor only if the view is not released,
//    heap() is re-derived after every allocation, and a JS buffer's bytes are
//    checked just before each copy (jsmemory.js) or access (executor.js).
export { memoryview } from './view.js';
export { bytes, bytearray, array } from './exporters.js';
export { struct } from './struct.js';
export { ValueError, IndexError, BufferError, NotImplementedError, OverflowError, MemoryError,
  UnicodeEncodeError }
  from './errors.js';
export { heapStats } from './stats.js';
import './interop.js';
import './ndindex.js'; // m.sub(...): N-D basic indexing (beyond CPython)
/** Resolved: by the time this module can be imported, the wasm core is
 *  instantiated. (memview/manual's init() is the explicit way to load it.) */
export const ready = Promise.resolve();
