// Hand a view's bytes to a worker thread and decode them there.
//
// Each thread has its own wasm instance, so a memview object cannot cross
// threads, and memoryview over a SharedArrayBuffer is not supported yet. The
// bytes are therefore sent as a tobytes() copy whose ArrayBuffer is
// transferred (moved, not copied again); the worker wraps them in its own
// `bytes` and decodes the records with struct.iter_unpack.
import assert from 'node:assert/strict';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { bytearray, bytes, memoryview, struct } from 'memview';

const RECORD = '<Hxxf'; // id, 2 pad bytes, value: 8 bytes

if (isMainThread) {
  const records = bytearray(0);
  for (let id = 1; id <= 1000; id++) records.extend(struct.pack(RECORD, id, id / 8));
  const m = memoryview(records);
  // Only the second half goes to the worker: a slice, copied once by tobytes().
  const half = m.slice(m.nbytes / 2).tobytes();
  const worker = new Worker(new URL(import.meta.url));
  worker.postMessage(half, [half.buffer]);
  assert.equal(half.byteLength, 0, 'the copy was moved to the worker, not cloned');
  const summary = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  console.log(`worker decoded ${summary.count} records: ids ${summary.first}..${summary.last}, sum ${summary.sum}`);
  assert.deepEqual(summary, { count: 500, first: 501, last: 1000, sum: (501 + 1000) * 500 / 2 / 8 });
  m.release();
} else {
  parentPort.once('message', (u8) => {
    const data = bytes(u8);
    let count = 0, first = 0, last = 0, sum = 0;
    for (const [id, value] of struct.iter_unpack(RECORD, data)) {
      if (count++ === 0) first = id;
      last = id;
      sum += value;
    }
    parentPort.postMessage({ count, first, last, sum });
  });
}
