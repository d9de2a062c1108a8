// memview — Python's memoryview, bytes, bytearray, array and struct for JS.
// The wasm core is instantiated by the top-level await in wasm.js.
export { memoryview } from './view.js';
export { bytes, bytearray, array } from './exporters.js';
export { struct } from './struct.js';
export { ValueError, IndexError, BufferError, NotImplementedError, OverflowError, MemoryError,
  UnicodeEncodeError }
  from './errors.js';
export { heapStats } from './stats.js';
