// Share a view with a worker thread: both threads view the same
// SharedArrayBuffer through their own memoryview (each thread has its own wasm
// instance, so memview objects themselves never cross threads; the memory
// does). The main thread writes records, the worker decodes half of them and
// writes a result into each in place, and the main thread sees those writes
// without anything being copied back. Turns are taken by messages: memview
// does not make concurrent access to shared memory atomic.
import assert from 'node:assert/strict';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { memoryview, struct } from 'memview';

const RECORD = new struct.Struct('<Hxxff'); // id, 2 pad bytes, value, result: 12 bytes
const COUNT = 1000;

if (isMainThread) {
  const shared = new SharedArrayBuffer(COUNT * RECORD.size);
  const m = memoryview(shared);
  for (let i = 0; i < COUNT; i++) RECORD.pack_into(m, i * RECORD.size, i + 1, (i + 1) / 8, 0);

  const worker = new Worker(new URL(import.meta.url));
  // The SharedArrayBuffer is shared, not cloned; the worker gets the second half.
  worker.postMessage({ shared, from: (COUNT / 2) * RECORD.size });
  const summary = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();

  // The worker's writes, read through this thread's own view.
  const results = [];
  for (const [, , result] of RECORD.iter_unpack(m)) results.push(result);
  console.log(`worker decoded ${summary.count} records: ids ${summary.first}..${summary.last}, sum ${summary.sum}`);
  console.log(`main thread sees ${results.filter((r) => r !== 0).length} results written by the worker`);
  assert.deepEqual(summary, { count: 500, first: 501, last: 1000, sum: ((501 + 1000) * 500) / 2 / 8 });
  assert.deepEqual(results.slice(0, 500), Array(500).fill(0));
  assert.deepEqual(results.slice(500), Array.from({ length: 500 }, (_, i) => ((501 + i) / 8) * 2));
  m.release();
} else {
  parentPort.once('message', ({ shared, from }) => {
    const half = memoryview(shared).slice(from);
    let count = 0, first = 0, last = 0, sum = 0;
    for (const [id, value] of RECORD.iter_unpack(half)) {
      if (count === 0) first = id;
      // Write the result field of this record, in the shared memory.
      struct.pack_into('<f', half, count * RECORD.size + 8, value * 2);
      count++;
      last = id;
      sum += value;
    }
    half.release();
    parentPort.postMessage({ count, first, last, sum });
  });
}
