// Figures about the wasm heap, for leak checks and soak tests.
import { W, wasmBuffer } from './wasm.js';

/** { inUse, blocks, peak, memory }: bytes and blocks allocated by memview
 *  and still live, the most bytes in use since heapStats(true) last reset the
 *  peak, and the size of wasm memory in bytes. All are plain numbers, exact:
 *  the C core counts in 64 bits and returns doubles (c/src/alloc.c). */
export function heapStats(resetPeak = false) {
  const s = { inUse: W.mv_heap_in_use(), blocks: W.mv_heap_blocks(), peak: W.mv_heap_peak(),
    memory: wasmBuffer().byteLength };
  if (resetPeak) W.mv_heap_peak_reset();
  return s;
}
