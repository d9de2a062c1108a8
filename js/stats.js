// Figures about the wasm heap, for leak checks and soak tests.
import { W, wasmBuffer } from './wasm.js';

/** { inUse, blocks, memory }: bytes and blocks allocated by memview and still
 *  live, and the size of wasm memory in bytes. */
export function heapStats() {
  return { inUse: W.mv_heap_in_use(), blocks: W.mv_heap_blocks(), memory: wasmBuffer().byteLength };
}
