// After any error the module keeps working: every kind of error memview raises
// is thrown many times over, then the wasm heap in use must be back where it
// was and ordinary work must still give the right answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoryview, bytes, bytearray, array, struct, ValueError, IndexError, BufferError,
  NotImplementedError, OverflowError, MemoryError, UnicodeEncodeError, heapStats }
  from '../js/memview.js';

const gc = globalThis.gc;
const settle = () => new Promise((r) => setTimeout(r, 10));
async function collect() {
  for (let k = 0; k < 6; k++) { gc(); await settle(); }
}

// Objects the failing calls act on, made once so that the first test measures
// the failing calls alone.
const ba = bytearray([1, 2, 3, 4, 5, 6, 7, 8]);
const m = memoryview(ba);
const ro = m.toreadonly();
const m2 = m.cast('B', [2, 4]);
const strided = m.slice(0, 8, 2);
const seven = m.slice(0, 7);
const three = bytes(3);
const locked = bytearray(2);
const lock = memoryview(locked);
const js = new Uint8Array([9, 8, 7, 6]);
const jm = memoryview(js);
const jm2 = jm.cast('B', [2, 2]);

/** [class, name, message, fn]: one of each kind of error, on wasm and JS memory. */
const FAILING = [
  [ValueError, 'ValueError', 'slice step cannot be zero', () => m.slice(0, 1, 0)],
  [ValueError, 'ValueError', "order must be 'C', 'F' or 'A'", () => m.tobytes('X')],
  [ValueError, 'ValueError', "memoryview: invalid value for format 'B'", () => m.set(0, 300)],
  [ValueError, 'ValueError', 'memoryview.cast(): product(shape) > SSIZE_MAX', () => m.cast('B', [2 ** 16, 2 ** 16])],
  [ValueError, 'ValueError', 'slice step cannot be zero', () => jm.slice(0, 1, 0)],
  [TypeError, 'TypeError', "memoryview: invalid type for format 'B'", () => m.set(0, 'a')],
  [TypeError, 'TypeError', 'cannot modify read-only memory', () => ro.set(0, 1)],
  [TypeError, 'TypeError', 'memoryview: length is not a multiple of itemsize', () => seven.cast('H')],
  [TypeError, 'TypeError', "memoryview: a bytes-like object is required, not 'int'", () => memoryview(42)],
  [TypeError, 'TypeError', 'memoryview: product(shape) * itemsize != buffer size', () => jm.cast('B', [3])],
  [IndexError, 'IndexError', 'index out of bounds on dimension 1', () => m.get(8)],
  [IndexError, 'IndexError', "cannot fit 'int' into an index-sized integer", () => m.get(2 ** 31)],
  [IndexError, 'IndexError', 'index out of bounds on dimension 2', () => m2.get(0, 4)],
  [IndexError, 'IndexError', 'index out of bounds on dimension 1', () => jm.set(-5, 1)],
  [BufferError, 'BufferError', 'memoryview: underlying buffer is not C-contiguous', () => strided.asTypedArray()],
  [BufferError, 'BufferError', 'Existing exports of data: object cannot be re-sized', () => locked.append(1)],
  [NotImplementedError, 'NotImplementedError', 'multi-dimensional sub-views are not implemented', () => m2.get(0)],
  [NotImplementedError, 'NotImplementedError', 'multi-dimensional sub-views are not implemented', () => [...jm2]],
  [OverflowError, 'OverflowError', 'Python int too large to convert to C ssize_t', () => m.cast('B', [2 ** 31])],
  [OverflowError, 'OverflowError', 'Python int too large to convert to C int', () => m.hex('-', 2 ** 31)],
  [OverflowError, 'OverflowError', 'float too large to pack with e format', () => struct.pack('<e', 1e6)],
  [MemoryError, 'MemoryError', 'cannot allocate 5000000000 bytes: more than 2147483647, the most wasm32 can index', () => bytearray(5e9)],
  [struct.error, 'struct.error', "'B' format requires 0 <= number <= 255", () => struct.pack('B', 300)],
  [struct.error, 'struct.error', 'unpack requires a buffer of 4 bytes', () => struct.unpack('i', three)],
  [struct.error, 'struct.error', 'bad char in struct format', () => struct.calcsize('z')],
  [struct.error, 'struct.error', 'total struct size too long', () => struct.calcsize('99999999999q')],
  [struct.error, 'struct.error', 'pack_into requires a buffer of at least 5 bytes for packing 4 bytes at offset 1 (actual buffer size is 4)',
    () => struct.pack_into('<i', js, 1, 7)],
  [UnicodeEncodeError, 'UnicodeEncodeError',
    "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)", () => m.cast('é')],
];

/** Runs every failing call once, checking each raised exactly what it should. */
function throwAll() {
  for (const [E, name, message, fn] of FAILING) {
    let err = null;
    try { fn(); } catch (e) { err = e; }
    assert.ok(err instanceof E, `${name} expected, got ${err && err.name}: ${err && err.message}`);
    assert.is(err.name, name);
    assert.is(err.message, message);
  }
}

/** Ordinary work gives the right answers. */
function ordinaryWork() {
  assert.equal(m.tolist(), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(m2.tolist(), [[1, 2, 3, 4], [5, 6, 7, 8]]);
  assert.is(strided.hex(' '), '01 03 05 07');
  m.set(0, 42);
  assert.is(ba.get(0), 42);
  m.set(0, 1);
  assert.equal(jm2.tolist(), [[9, 8], [7, 6]]);
  jm.set(3, 60);
  assert.is(js[3], 60);
  jm.set(3, 6);
  assert.equal(struct.unpack('<HB', struct.pack('<HB', 513, 7)), [513, 7]);
  assert.equal(Array.from(memoryview(array('h', [-2, 3])).cast('B').tobytes()), [0xfe, 0xff, 3, 0]);
  assert.ok(m.equals(bytes([1, 2, 3, 4, 5, 6, 7, 8])));
  assert.is(locked.length, 2);
  assert.is(lock.nbytes, 2); // keeps the export lock alive (a dropped view unlocks when collected)
}

test('failing calls leave the heap exactly as it was (no GC needed)', () => {
  throwAll(); // warm up: anything cached on first use is allocated here
  const before = heapStats().inUse;
  for (let round = 0; round < 300; round++) throwAll();
  assert.is(heapStats().inUse, before);
  ordinaryWork();
});

test('with new objects made and failing every round, the heap returns after GC', async () => {
  if (!gc) { console.log('  (skipped: run node with --expose-gc)'); return; }
  // In a function of its own, so that no frame keeps the last round's objects.
  const storm = (rounds) => {
    for (let round = 0; round < rounds; round++) {
      const b = bytearray(64);
      const v = memoryview(b).slice(1, 60, 3);
      for (const fn of [() => v.cast('B'), () => v.get(99), () => memoryview(b).cast('d', [3, 3]),
        () => struct.unpack_from('<q', v, 30), () => { const lock = memoryview(b); b.extend([1]); void lock; }]) {
        assert.throws(fn);
      }
      throwAll();
    }
  };
  storm(1); // warm up: struct caches the formats it compiles
  await collect();
  const before = heapStats();
  storm(200);
  await collect();
  const after = heapStats();
  assert.is(after.inUse, before.inUse);
  assert.is(after.blocks, before.blocks);
  ordinaryWork();
});

test('and everything still answers after the storm', () => {
  ordinaryWork();
  const b = bytearray(1000);
  const v = memoryview(b).cast('i');
  for (let k = 0; k < 250; k++) v.set(k, k * k - 1000);
  assert.is(v.get(249), 249 * 249 - 1000);
  assert.is(struct.unpack_from('<i', b, 4 * 100)[0], 100 * 100 - 1000);
  v.release();
});

test.run();
