// Regression tests for what a second attack on the public API and a review
// found after the first round of boundary fixes (issue 13): each failed
// before its fix. Expected bytes are CPython's where CPython has an answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoryview, bytes, bytearray, array, struct, ValueError, BufferError, heapStats } from '../js/memview.js';

const gc = globalThis.gc;
const settle = () => new Promise((r) => setTimeout(r, 10));
const DETACHED = (e) => e instanceof ValueError && e.message === 'operation forbidden on memoryview of a detached ArrayBuffer';

test('assign between overlapping views made through two TypedArrays of one buffer is a memmove', () => {
  const ab = new ArrayBuffer(400000), u = new Uint8Array(ab);
  for (let i = 0; i < u.length; i++) u[i] = (i * 7 + (i >> 8)) & 255;
  const ref = u.slice();
  const dst = memoryview(new Uint8Array(ab, 100000, 200000)).slice(0, 80000, 2);
  const src = memoryview(new Uint8Array(ab, 0, 400000)).slice(90000, 170000, 2);
  dst.assign(src);
  let wrong = 0;
  for (let i = 0; i < 40000; i++) if (u[100000 + 2 * i] !== ref[90000 + 2 * i]) wrong++;
  assert.is(wrong, 0);
});

test('a Struct resolves offsets against the current length of a growable SharedArrayBuffer', () => {
  const g = new SharedArrayBuffer(4, { maxByteLength: 64 });
  const u = new Uint8Array(g); // length-tracking
  const S = new struct.Struct('<I');
  S.unpack_from(u, -4);
  g.grow(8);
  u.set([1, 0, 0, 0, 2, 0, 0, 0]);
  assert.equal(S.unpack_from(u, -4), [2]);
  S.pack_into(u, -4, 9);
  assert.equal([...u], [1, 0, 0, 0, 9, 0, 0, 0]);
  assert.throws(() => S.unpack(u), (e) => e instanceof struct.error);
});

test("'s' values that alias the target are the bytes they were, on the JS path as in C", () => {
  // CPython: struct.pack_into('<4s4s', ba, 0, bytes(ba[4:]), bytes(ba[:4]))
  let u = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  struct.pack_into('<4s4s', u, 0, u.subarray(4, 8), u.subarray(0, 4));
  assert.equal([...u], [5, 6, 7, 8, 1, 2, 3, 4]);
  u = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  struct.pack_into('<4x4s', u, 0, u.subarray(0, 4));
  assert.equal([...u], [0, 0, 0, 0, 1, 2, 3, 4]);
});

test('a bytes argument over wasm memory (asTypedArray) keeps its bytes when the call allocates', () => {
  const ta = memoryview(bytearray('abcd')).asTypedArray();
  // the pad makes pack allocate 400 MB in wasm: memory grows, ta's buffer is detached
  const packed = struct.pack('<4se399999999x', ta, 1.0);
  assert.equal([...packed.subarray(0, 4)], [97, 98, 99, 100]);
  const big = bytearray(48 << 20), bigView = memoryview(big);
  const needle = bigView.asTypedArray();
  assert.is(memoryview(bytearray(10)).cast('c').count(needle), 0); // no engine TypeError
  bigView.release();
  big.release();
});

test('record tolist() through C survives wasm memory growing under it', () => {
  const fmt = '<99999ep';
  const m = memoryview(bytearray(struct.calcsize(fmt) * 3)).cast(fmt);
  const list = m.tolist();
  assert.is(list.length, 3);
  assert.is(list[2].length, 100000);
});

test('count and index of records with a value array of another length keep no wasm memory; a detached buffer still raises', () => {
  const m = memoryview(bytearray(struct.pack('<IIII', 1, 2, 3, 4))).cast('<II');
  const j = memoryview(new Uint8Array(struct.pack('<IIII', 1, 2, 3, 4))).cast('<II');
  assert.equal([m.count([3, 4]), m.index([3, 4]), j.count([1, 2])], [1, 1, 1]);
  const before = heapStats().inUse;
  const long = new Array(1_000_000).fill(0);
  assert.equal([m.count(long), j.count(long), m.count([1]), m.count([1, 2, 3])], [0, 0, 0, 0]);
  assert.throws(() => m.index(long), (e) => e instanceof ValueError);
  assert.is(heapStats().inUse, before, 'a 1e6-value array sized the scratch block for good');
  const ab = new ArrayBuffer(16), d = memoryview(ab).cast('<II');
  structuredClone(ab, { transfer: [ab] });
  assert.throws(() => d.count([1]), DETACHED);
});

test("bytearray.insert(i, int) is CPython's: one byte, the index clamped; record lookups read the value once and raise for a detached buffer", () => {
  const b = bytearray('xyz');
  b.insert(0, 65); b.insert(99, 66); b.insert(-99, 67); b.insert(-1, 68); b.insert(2, true);
  assert.is(new TextDecoder().decode(b.tobytes()), 'CA\u0001xyzDB'); // CPython's bytearray(b'CA\x01xyzDB')
  const m = memoryview(bytearray(struct.pack('<IIII', 1, 2, 3, 4))).cast('<II');
  let reads = 0;
  const shifty = new Proxy([3, 4], { get(t, k) { if (k === 'length') return reads++ === 0 ? 2 : 2_000_000; return Reflect.get(t, k); } });
  const before = heapStats().inUse;
  let r; try { r = m.count(shifty); } catch (e) { r = e; }
  assert.ok(typeof r === 'number' || (r instanceof Error && r.constructor !== TypeError), `count of a shifting Proxy: ${r}`);
  assert.is(heapStats().inUse, before);
  const ab = new ArrayBuffer(16), d = memoryview(ab).cast('<II');
  structuredClone(ab, { transfer: [ab] });
  for (const v of [5, 'ab', [1, 2]]) assert.throws(() => d.count(v), DETACHED);
  assert.throws(() => d.index(5), DETACHED);
});

test('find() with a needle that is a TypedArray over wasm memory searches it in place: staging it could grow memory and detach it', () => {
  // Any allocation may grow wasm memory, which detaches such a needle (the
  // attacker's pass made find() throw a raw TypeError so): none is made.
  const hay = bytearray(300000), needleStore = bytearray(new Uint8Array(100000).fill(0xff)), nv = memoryview(needleStore);
  hay.set(299999, 0xff);
  const sub = nv.asTypedArray();
  heapStats(true); // the peak from now on
  assert.equal([hay.find(sub), hay.find(sub.subarray(0, 1)), hay.rfind(sub.subarray(5, 6), 1000)], [-1, 299999, 299999]);
  assert.is(heapStats().peak, heapStats().inUse, 'find() allocated');
  nv.release(); needleStore.clear(); hay.clear();
});

test('a DataView or TypedArray left out of bounds by resize() is the detached ValueError', () => {
  const r = new ArrayBuffer(32, { maxByteLength: 64 });
  const dv = new DataView(r, 8, 16);
  const t = new Uint16Array(r, 8, 2);
  r.resize(9);
  for (const x of [dv, t]) {
    assert.throws(() => memoryview(x), DETACHED);
    assert.throws(() => bytes(x), DETACHED);
    assert.throws(() => struct.unpack_from('<B', x), DETACHED);
  }
  assert.throws(() => memoryview(bytearray(16)).assign(dv), DETACHED);
  assert.is(memoryview(new Uint8Array(r, 0, 0)).nbytes, 0); // in bounds and empty: fine
});

test('pack of many values: the values are never spread again inside memview', () => {
  const n = 100000, values = new Array(n).fill(1);
  assert.is(struct.pack(`<${n}B`, ...values).length, n);
  const m = memoryview(bytearray(4 * 120000)).cast('<120000I');
  m.set(0, new Array(120000).fill(7));
  assert.is(m.cast('B').cast('I').get(119999), 7);
});

test('a dropped iter_unpack iterator over a memoryview ends its export when collected', async () => {
  if (!gc) return;
  const ba = bytearray(16), m = memoryview(ba);
  (() => { const it = struct.iter_unpack('<I', m); it.next(); })();
  for (let i = 0; i < 5; i++) { gc(); await settle(); }
  m.release(); // no BufferError
  ba.resize(4);
  assert.is(ba.length, 4);
});

test("memview believes no user property of its own objects: find, equals, pop, extend", () => {
  const ba = bytearray('hello');
  const needle = memoryview(bytes('ll'));
  Object.defineProperty(needle, 'c_contiguous', { get() { ba.release(); return true; } });
  Object.defineProperty(needle, 'tobytes', { value: () => Uint8Array.of(0) });
  assert.is(ba.find(needle), 2);
  const m = memoryview(bytes('ab'));
  m.equals = () => 'forged';
  assert.is(bytes('ab').equals(m), true);
  const a = array('i', [1, 2, 3]);
  a.get = () => { a.clear(); return 0; };
  a.append = () => { throw new Error('not called'); };
  assert.is(a.pop(), 3);
  a.extend([4]);
  assert.equal(a.tolist(), [1, 2, 4]);
  const s = bytes('<4s');
  s.tobytes = () => Uint8Array.of(66);
  assert.is(struct.calcsize(s), 4);
});

test("hex(sep) reads a sep's length once; cast reads a format up to its first NUL", () => {
  let reads = 0;
  const sep = { get length() { reads++; return 1; } };
  assert.throws(() => memoryview(bytes('ab')).hex(sep), (e) => e instanceof TypeError);
  assert.is(reads, 1);
  const v = memoryview(bytearray(64));
  assert.is(v.cast('B\0x').format, 'B'); // CPython 3.13 too
  assert.throws(() => v.cast('i'.repeat(16) + '\0'), (e) => e instanceof ValueError);
});

test("equals of '?'-like views is C's: bool values, not raw bytes", () => {
  const a = memoryview(bytearray([1, 2])).cast('<?'), b = memoryview(bytearray([2, 1])).cast('<?');
  assert.is(a.equals(b), true); // both [true, true] (struct semantics of '<?')
  assert.is(a.equals(b.slice(undefined, undefined, 1)), true);
  const before = heapStats().inUse;
  assert.is(memoryview(bytearray([1])).cast('?').equals(memoryview(bytearray([1])).cast('?')), true);
  assert.ok(heapStats().inUse <= before + 64);
});

// A third attack (2026-12-02), on struct's bytes values, which the executor
// may take as the caller's own Uint8Array: its properties and
// Uint8Array[Symbol.hasInstance] are user code, which must not run once a
// pointer is computed or a value read.
const hex = (u) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
const heapStillWorks = () => { for (let i = 0; i < 100; i++) bytearray(8 + i); };

test("a bytes value's own length or subarray is not what struct reads", () => {
  const v = new Uint8Array(32).fill(0xee);
  Object.defineProperty(v, 'length', { get: () => 1 });
  let err = null;
  try { struct.pack('c', v); } catch (e) { err = e; }
  assert.ok(err instanceof struct.error);
  assert.is(err.message, 'char format requires a bytes object of length 1'); // CPython, for 32 bytes
  const w = new Uint8Array(10).fill(1);
  Object.defineProperty(w, 'subarray', { value: () => new Uint8Array(65536).fill(0x41) });
  assert.is(hex(struct.pack('2sd', w, -0)), '01010000000000000000000000000080'); // CPython: pack('2sd', b'\1'*10, -0.0)
  heapStillWorks();
});

test('Uint8Array[Symbol.hasInstance] that packs or resizes the target changes nothing', () => {
  const hasInstance = Function.prototype[Symbol.hasInstance];
  let hook = () => {};
  Object.defineProperty(Uint8Array, Symbol.hasInstance, { configurable: true, value(x) { hook(); return hasInstance.call(this, x); } });
  try {
    const S = new struct.Struct('4s4s'), t = new Uint8Array(8);
    const a = () => Uint8Array.of(1, 2, 3, 4), b = () => Uint8Array.of(5, 6, 7, 8);
    S.pack_into(t, 0, a(), b()); // warm: the generated writer
    let depth = 0;
    hook = () => { if (depth++ === 0) struct.pack_into('4s', new Uint8Array(4), 0, Uint8Array.of(90, 90, 90, 90)); depth--; };
    S.pack_into(t, 0, a(), b());
    assert.is(hex(t), '0102030405060708');
    assert.is(hex(S.pack(a(), b())), '0102030405060708');
    const target = bytearray(8);
    let victim = null, n = 0;
    hook = () => { if (victim === null && ++n === 3) { target.extend(new Uint8Array(4000)); victim = bytearray(8); } };
    S.pack_into(target, 0, a(), b());
    assert.is(target.hex().slice(0, 16), '0102030405060708');
    if (victim !== null) assert.is(victim.hex(), '0000000000000000');
  } finally { delete Uint8Array[Symbol.hasInstance]; }
  heapStillWorks();
});

test.run();
