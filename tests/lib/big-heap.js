// Run by tests/edges.test.js in a process of its own (the wasm memory it grows
// past 2 GiB never shrinks, and would change what later tests measure).
// Addresses and heap figures at or past 2**31 must read as unsigned numbers.
import assert from 'node:assert/strict';
import { memoryview, bytearray, struct, heapStats } from '../../js/memview.js';

const low = bytearray(2 ** 30 + 2 ** 29);
const high = bytearray(2 ** 29 + 2 ** 28); // its bytes lie past 2**31 in the heap
assert.ok(heapStats().inUse >= 2 ** 31, `inUse ${heapStats().inUse}`);

high.set(high.length - 1, 7);
const m = memoryview(high);
assert.equal(m.get(-1), 7);
assert.deepEqual(m.slice(-2).tolist(), [0, 7]);
assert.equal(m.slice(-4).hex(':'), '00:00:00:07');
struct.pack_into('<I', m, 0, 0xdeadbeef);
assert.deepEqual(struct.unpack_from('<I', high, 0), [0xdeadbeef]);
assert.ok(m.slice(0, 8).equals(memoryview(Uint8Array.of(0xef, 0xbe, 0xad, 0xde, 0, 0, 0, 0))));
const js = new Uint8Array(16);
memoryview(js).assign(m.slice(0, 16)); // staged through the window, copied from past 2 GiB
assert.equal(js[3], 0xde);
m.release();
assert.equal(low.length + high.length, 2 ** 31 + 2 ** 28);
console.log('ok');
