// Soak: create and drop many views — half released by hand, half left to the
// garbage collector — and report the wasm heap in use at the start and end.
// Usage: node --expose-gc scripts/soak.js [count=10000000]
import { memoryview, bytearray, heapStats } from '../js/memview.js';

export async function soak(count, log = () => {}) {
  if (typeof globalThis.gc !== 'function') throw new Error('run node with --expose-gc');
  // Collect until the heap stops changing: a finalizer can free what makes
  // another object collectable, one GC later.
  const settle = async () => {
    let last = -1;
    for (let k = 0; k < 20 && heapStats().inUse !== last; k++) {
      last = heapStats().inUse;
      for (let j = 0; j < 3; j++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 5)); }
    }
  };
  const wasmBacked = bytearray(4096);
  const jsBacked = new Uint8Array(4096);
  await settle();
  const start = heapStats();
  const batch = 100000;
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    for (let i = 0; i < n; i++) {
      const m = memoryview(i & 2 ? wasmBacked : jsBacked);
      const s = m.slice(i & 1023, 4096, 1 + (i & 3));
      if (i & 1) { s.release(); m.release(); } // the other half: left to the collector
    }
    await settle();
    log(`${done + n} views, heap in use ${heapStats().inUse} bytes`);
  }
  await settle();
  const end = heapStats();
  // The exporters stay alive until the end figure is taken.
  return { start, end, exporters: wasmBacked.length + jsBacked.length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] || 1e7);
  const t0 = Date.now();
  const { start, end } = await soak(count, (line) => process.stderr.write(`\r${line}   `));
  process.stderr.write('\n');
  console.log(`views created: ${count} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`wasm heap in use: start ${start.inUse} bytes in ${start.blocks} blocks, end ${end.inUse} bytes in ${end.blocks} blocks`);
  console.log(`wasm memory: start ${start.memory} bytes, end ${end.memory} bytes`);
  process.exitCode = start.inUse === end.inUse && start.blocks === end.blocks ? 0 : 1;
}
