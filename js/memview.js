// memview — Python's memoryview, bytes, bytearray, array and struct for JS.
// js/wasm.js instantiates the wasm core as this module loads (js/load.js).
export { memoryview } from './view.js';
export { bytes, bytearray, array } from './exporters.js';
export { struct } from './struct.js';
export { ValueError, IndexError, BufferError, NotImplementedError, OverflowError, MemoryError,
  UnicodeEncodeError }
  from './errors.js';
export { heapStats } from './stats.js';
import './interop.js';
/** Resolved: by the time this module can be imported, the wasm core is
 *  instantiated. (memview/manual's init() is the explicit way to load it.) */
export const ready = Promise.resolve();
