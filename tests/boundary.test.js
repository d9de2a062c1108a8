// Regression tests for what a second attack on the public API and a review
// found after the first round of boundary fixes (issue 13): each failed
// before its fix. Expected bytes are CPython's where CPython has an answer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoryview, bytes, bytearray, array, struct, ValueError, BufferError, MemoryError, heapStats } from '../js/memview.js';
import { viaC } from '../js/struct.js';
import { execFileSync } from 'node:child_process';

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

// ---- the third attack (2026-12-03): CPython's answers from
// PYENV_VERSION=3.13.0 python3, with classes whose __bool__ or __len__ does
// what the getters here do.

test('a record set(i, values) reads each value once: a getter cannot pass the checks and store another value', () => {
  const once = (n, fill, first, later) => {
    const a = new Array(n).fill(fill);
    let reads = 0;
    Object.defineProperty(a, 0, { get: () => (reads++ === 0 ? first : later), enumerable: true });
    return a;
  };
  const m = memoryview(bytearray(33 * 4)).cast('<33I'); // 33 values: the general writer, not a generated one
  for (const later of [-1, 2 ** 40, 'x', 1.5, null, 5n]) {
    m.set(0, once(33, 7, 5, later));
    assert.is(m.get(0)[0], 5, String(later));
  }
  const q = memoryview(bytearray(33 * 8)).cast('<33q');
  q.set(0, once(33, 1n, 2n, 1.5));
  assert.is(q.get(0)[0], 2n);
  const f = memoryview(bytearray(33 * 4)).cast('<33f');
  f.set(0, once(33, 1, 1, 1e300));
  assert.is(f.get(0)[0], 1);
  const b = memoryview(bytearray(2)).cast('<?B'); // a generated writer: the '?' value was read for its truth, then stored
  b.set(0, once(2, 9, 'x', false));
  assert.equal(b.get(0), [true, 9]);
  // a Proxy of an array: each index read once
  const seen = [];
  b.set(0, new Proxy([0, 3], { get: (t, k) => { if (k === '0') seen.push(k); return k === '0' ? (seen.length === 1 ? 1 : 0) : Reflect.get(t, k); } }));
  assert.equal(b.get(0), [true, 3]);
  assert.equal(seen, ['0']);
});

test("struct.pack reads a bytearray for 's' before the user code of a later '?' value, as CPython packs in order", () => {
  const ba = bytearray([1, 2, 3]);
  assert.is(hex(struct.pack('3s?', ba, { get length() { ba.set(0, 0x58); return 1; } })), '01020301'); // CPython: 01020301
  const bb = bytearray([1, 2, 3]);
  assert.is(hex(struct.pack('4s?', bb, { get length() { bb.append(9); return 1; } })), '0102030001'); // CPython: 0102030001
  // pack_into's own target as the value: read before the '?' value's user code where it is outside
  // the record, and where it is inside, as CPython reads it: zeroed, with the fields before written in
  const u = bytearray([0x41, 0x42, 0x43, 0x44, 0, 0, 0, 0, 0, 0, 0, 0]);
  struct.pack_into('4s?', u, 6, u, { get length() { u.set(0, 0x77); return 1; } });
  assert.is(u.hex(), '774243440000414243440100'); // CPython: 774243440000414243440100
  const w = bytearray([1, 2, 3, 4, 5, 6]);
  struct.pack_into('2s?', memoryview(w).slice(2), 0, w, { get length() { w.set(0, 0x58); return 1; } });
  assert.is(w.hex(), '580201020106'); // CPython: 580201020106
  const t = bytearray([1, 2, 3, 4]);
  struct.pack_into('2s?', t, 0, t, {});
  assert.is(t.hex(), '00000104'); // CPython: pack_into('2s?', t, 0, t, object()) gives 00000104
  const v = bytearray([1, 2, 3, 4, 5, 6, 7, 8]);
  struct.pack_into('<H2s?', v, 0, 0x0a0b, v, {});
  assert.is(v.hex(), '0b0a0b0a01060708'); // CPython: 0b0a0b0a01060708
  // a 'c' value is read whole: C still refuses one of another length than 1
  const charError = (e) => e instanceof struct.error && e.message === 'char format requires a bytes object of length 1';
  assert.throws(() => struct.pack('c?', bytes([97, 98, 99]), true), charError);
  assert.throws(() => new struct.Struct('>c' + '?'.repeat(40)).pack(bytes([97, 98]), ...new Array(40).fill(true)), charError);
  assert.is(hex(struct.pack('c?', bytes([97]), true)), '6101');
});

test("pack_into checks the offset before any value's user code, as CPython (target, then offset, then values)", () => {
  let calls = 0;
  const boom = { get length() { calls++; throw new Error('user code ran'); } };
  const structError = (text) => (e) => e instanceof struct.error && e.message === text;
  // CPython's messages, with a class whose __bool__ raises
  assert.throws(() => struct.pack_into('?', bytearray(1), 5, boom),
    structError('pack_into requires a buffer of at least 6 bytes for packing 1 bytes at offset 5 (actual buffer size is 1)'));
  assert.throws(() => struct.pack_into('?', memoryview(bytearray(4)), -5, boom), structError('offset -5 out of range for 4-byte buffer'));
  assert.throws(() => new struct.Struct('4?').pack_into(new Uint8Array(4), -2, boom, 1, 1, 1), structError('no space to pack 4 bytes at offset -2'));
  assert.throws(() => struct.pack_into('?', bytearray(4), 'x', boom),
    (e) => e instanceof TypeError && e.message === "'str' object cannot be interpreted as an integer");
  assert.is(calls, 0);
  const ab = new ArrayBuffer(4), u = new Uint8Array(ab);
  structuredClone(ab, { transfer: [ab] });
  assert.throws(() => struct.pack_into('?', u, 0, boom), DETACHED);
  assert.is(calls, 0);
});

test("pack_into holds its target while the values' user code runs, as CPython holds its buffer", () => {
  const ba = bytearray(8);
  assert.throws(() => struct.pack_into('<I?', ba, 3, 7, { get length() { ba.resize(2); return 1; } }),
    (e) => e instanceof BufferError && e.message === 'Existing exports of data: object cannot be re-sized');
  assert.is(ba.length, 8);
  ba.resize(2); // not held once the call is over
  const m = memoryview(bytearray(8));
  assert.throws(() => new struct.Struct('<I?').pack_into(m, 0, 7, { get length() { m.release(); return 1; } }),
    (e) => e instanceof BufferError && e.message === 'memoryview has 1 exported buffer');
  m.release();
});

test('pack_into on a released memoryview is the TypeError of CPython\'s writable-buffer argument, raised before any value\'s user code', () => {
  const m = memoryview(bytearray(4));
  m.release();
  const want = (e) => e instanceof TypeError && e.message === 'argument must be read-write bytes-like object, not memoryview';
  assert.throws(() => struct.pack_into('B', m, 0, 1), want);
  assert.throws(() => new struct.Struct('<H').pack_into(m, 0, 1), want);
  const boom = { get length() { throw new Error('user code ran'); } };
  assert.throws(() => struct.pack_into('?', m, 0, boom), want);
  assert.throws(() => struct.pack_into('?', bytes(1), 0, boom),
    (e) => e instanceof TypeError && e.message === 'argument must be read-write bytes-like object, not bytes');
  assert.throws(() => struct.pack_into('?', 5, 0, boom),
    (e) => e instanceof TypeError && e.message === 'argument must be read-write bytes-like object, not int');
  assert.throws(() => struct.unpack_from('B', m), (e) => e instanceof ValueError); // CPython: ValueError there
});

test("hex() longer than V8's longest string is a MemoryError before any of it is made", () => {
  const m = memoryview(new Uint8Array(268435445)); // 2 * n characters > 2**29 - 24
  const before = heapStats().memory;
  assert.throws(() => m.hex(), (e) => e instanceof MemoryError && /a JS string holds at most 536870888/.test(e.message));
  assert.is(heapStats().memory, before);
  assert.is(m.slice(0, 4).hex(), '00000000');
});

test('the iter_unpack iterator brand-checks a primitive this in return() and length_hint() too', () => {
  const proto = Object.getPrototypeOf(struct.iter_unpack('B', bytes(2)));
  for (const [name, py] of [['next', '__next__'], ['return', 'return'], ['length_hint', '__length_hint__']]) {
    for (const [self, type] of [[5, 'int'], [undefined, 'NoneType'], ['x', 'str']]) {
      assert.throws(() => proto[name].call(self),
        (e) => e instanceof TypeError && e.message === (py === '__next__' // CPython 3.13's words for a slot's wrapper
          ? `descriptor '__next__' requires a '_struct.unpack_iterator' object but received a '${type}'`
          : `descriptor '${py}' for '_struct.unpack_iterator' objects doesn't apply to a '${type}' object`));
    }
  }
});

test("the type name in a message runs no getter: a throwing 'constructor' or a revoked Proxy still gets CPython's TypeError", () => {
  let calls = 0;
  const evil = { get constructor() { calls++; throw new Error('user code'); } };
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const m = memoryview(bytearray(4));
  const typeError = (text) => (e) => e instanceof TypeError && e.message === text;
  assert.throws(() => memoryview(evil), typeError("memoryview: a bytes-like object is required, not 'dict'"));
  assert.throws(() => m.assign(evil), typeError("a bytes-like object is required, not 'dict'"));
  assert.throws(() => struct.unpack('B', evil), typeError("a bytes-like object is required, not 'dict'"));
  assert.is(m.equals(evil), false); // CPython: memoryview(b'ab') == object() is False
  assert.throws(() => memoryview(proxy), typeError("memoryview: a bytes-like object is required, not 'object'"));
  assert.is(calls, 0);
  class Thing {}
  assert.throws(() => memoryview(new Thing()), typeError("memoryview: a bytes-like object is required, not 'Thing'"));
  assert.throws(() => memoryview(Object.create(new Thing())), typeError("memoryview: a bytes-like object is required, not 'Thing'"));
});

test("the exporters' methods call the classes' own methods, not what a program put on the prototypes since", () => {
  const mvProto = Object.getPrototypeOf(memoryview(bytes(1))), arrayProto = Object.getPrototypeOf(array('b'));
  // (each put back as it was: an inherited one, such as array's tolist, by deleting the own one)
  const saved = [[mvProto, ['get', 'tolist', 'hex']], [arrayProto, ['tolist', 'append', 'extend', 'frombytes']]]
    .flatMap(([proto, keys]) => keys.map((k) => [proto, k, Object.getOwnPropertyDescriptor(proto, k)]));
  try {
    for (const [proto, k] of saved) Object.defineProperty(proto, k, { value: () => [7, 7, 7], configurable: true, writable: true });
    const a = array('b', [1, 2, 3]);
    assert.is(a.pop(), 3);
    assert.is(a.get(0), 1);
    assert.equal(Array.from(bytes([5, 6])), [5, 6]);
    assert.is(bytes([5, 6]).hex(), '0506');
    assert.is(String(array('h', array('b', [1, 2]))), "array('h', [1, 2])");
    assert.is(String(array('b', bytes([4]))), "array('b', [4])");
    assert.is(String(array('b', [9])), "array('b', [9])");
  } finally { for (const [proto, k, d] of saved) if (d) Object.defineProperty(proto, k, d); else delete proto[k]; }
});

test("a revoked Proxy as a format, a shape, a key or a record's value: memview's TypeError, not the engine's", () => {
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  const notEngine = (e) => e instanceof Error && !/proxy that has been revoked/.test(e.message);
  const notFormat = (e) => e instanceof TypeError && e.message === 'Struct() argument 1 must be a str or bytes object, not object';
  assert.throws(() => struct.pack(proxy), notFormat);
  assert.throws(() => struct.calcsize(proxy), notFormat);
  assert.throws(() => memoryview(bytes(2)).cast('B', proxy), (e) => e instanceof TypeError && e.message === 'shape must be a list or a tuple');
  assert.throws(() => memoryview(bytes(2)).sub(proxy), notEngine);
  const rec = memoryview(bytearray(8)).cast('<ii');
  assert.throws(() => rec.set(0, proxy), (e) => e instanceof TypeError && /a record is set from an array of 2 values, not 'object'/.test(e.message));
  assert.is(rec.count(proxy), 0);
  assert.throws(() => rec.index(proxy), (e) => e.name === 'ValueError');
  // as a source of bytes or items: not iterable, as CPython's object()
  for (const [make, message] of [[() => bytes(proxy), "cannot convert 'object' object to bytes"], [() => array('b', proxy), "'object' object is not iterable"],
    [() => array('b').extend(proxy), "'object' object is not iterable"], [() => bytearray().extend(proxy), "can't extend bytearray with object"]])
    assert.throws(make, (e) => e instanceof TypeError && e.message === message, message);
  // a getter's own exception is the program's: it propagates, even from a Proxy over a revoked one
  assert.throws(() => bytes({ get [Symbol.iterator]() { throw new RangeError('mine'); } }), (e) => e instanceof RangeError && e.message === 'mine');
  assert.throws(() => bytes(new Proxy(proxy, { get() { throw new RangeError('mine'); } })), (e) => e instanceof RangeError);
  // a '?' value: an object, so true (CPython: bool(object()))
  assert.equal(Array.from(struct.pack('?', proxy)), [1]);
  // Symbol.iterator is read once, as Python looks __iter__ up once
  let reads = 0;
  const once = { get [Symbol.iterator]() { reads++; return reads === 1 ? function* items() { yield 7; } : undefined; } };
  assert.equal([Array.from(bytes(once).tobytes()), reads], [[7], 1]);
});

test("set(i, v) asks v's truth (a length getter) only of a '?' item, as CPython", () => {
  let calls = 0;
  const m = memoryview(bytearray(4));
  const v = { get length() { calls++; m.release(); return 1; } };
  assert.throws(() => m.set(0, v), (e) => e instanceof TypeError && e.message === "memoryview: invalid type for format 'B'");
  const ab = new ArrayBuffer(4), j = memoryview(ab).cast('I');
  assert.throws(() => j.set(0, { get length() { calls++; structuredClone(ab, { transfer: [ab] }); return 1; } }),
    (e) => e instanceof TypeError && e.message === "memoryview: invalid type for format 'I'");
  assert.is(calls, 0);
  const b = memoryview(bytearray(1)).cast('?');
  b.set(0, { get length() { calls++; return 0; } });
  assert.is(calls, 1);
  assert.is(b.get(0), false);
});

test("index and count of a longer view of JS memory detached or shrunk: CPython-style ValueError, never an engine error", () => {
  const ab = new ArrayBuffer(800), m = memoryview(new Float64Array(ab));
  structuredClone(ab, { transfer: [ab] });
  for (const f of [() => m.index(0), () => m.index(0, 0, 10), () => m.count(0)]) assert.throws(f, DETACHED);
  const rab = new ArrayBuffer(800, { maxByteLength: 1600 }), r = memoryview(new Float64Array(rab, 0, 100));
  rab.resize(400);
  for (const f of [() => r.index(0), () => r.count(0)]) assert.throws(f, DETACHED);
});

// The JS paths of index, count and equals in JS memory: bytes by indexOf up
// to 2 KB, other items by a loop up to 128 (js/view.js STAGED_LOOKUP_ITEMS).
test('index, count and equals of 65 to 2048 items of JS memory detached or shrunk: CPython-style ValueError', () => {
  const views = (buffer) => [memoryview(new Uint8Array(buffer, 0, 1000)), memoryview(new Uint8Array(buffer, 0, 1000)).slice(0, 240, 2),
    memoryview(new Float64Array(buffer, 0, 100)), memoryview(new Uint8Array(buffer, 1, 800)).cast('B').cast('h').slice(0, 120)];
  const transfer = (b) => structuredClone(b, { transfer: [b] });
  for (const [resizable, end] of [[false, transfer], [true, transfer], [true, (b) => b.resize(100)]]) {
    const ab = new ArrayBuffer(2048, resizable ? { maxByteLength: 4096 } : undefined), vs = views(ab), others = views(new ArrayBuffer(2048));
    for (const m of vs) { m.index(0); m.count(0); } // the JS paths ran
    end(ab);
    vs.forEach((m, k) => {
      for (const f of [() => m.index(0), () => m.index(0, 0, 70), () => m.count(0), () => m.equals(others[k]), () => others[k].equals(m)])
        assert.throws(f, DETACHED, `${k} ${f}`);
    });
  }
});

test('assign of a longer view from all of a JS buffer, and equals of longer views of wasm memory and of a JS view of it', () => {
  for (const n of [65, 1024]) {
    const target = new Uint8Array(n + 8).fill(1), source = Uint8Array.from({ length: n }, (_, k) => k & 255);
    memoryview(target).slice(3, 3 + n).assign(memoryview(source)); // the source's exporter's own bytes, set() at 3
    assert.equal([...target.subarray(0, 3), ...target.subarray(3 + n)], [1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal([...target.subarray(3, 3 + n)], [...source]);
    const ba = bytearray(source), w = memoryview(ba), j = memoryview(w.asTypedArray());
    assert.is(w.equals(j), true);
    assert.is(w.slice(1).equals(j.slice(0, n - 1)), false);
    j.set(n - 1, 7);
    assert.is(w.equals(j), true); // one memory
    assert.is(w.equals(memoryview(bytearray(source))), false); // its last byte is 7 now, the source's is not
  }
});

// A Struct remembers the last buffer it ran on (js/struct.js fastAddress). A
// null buffer, or null as the format, never matches what is remembered: not
// after a buffer it would not remember (its length can change), not after a
// call that failed, not once the memo is dropped, and not in a fresh cache.
test('null as the buffer or the format of a struct call gets CPython\'s TypeError, and touches no buffer used before', async () => {
  const NOT_WRITABLE = /^argument must be read-write bytes-like object, not None$/;
  const NOT_BYTES = /^a bytes-like object is required, not 'NoneType'$/;
  const s = new struct.Struct('<I');
  const victim = new Uint8Array(8);
  s.pack_into(victim, 0, 1);
  assert.throws(() => s.pack_into(null, 4, 0xdeadbeef), (e) => e instanceof TypeError && NOT_WRITABLE.test(e.message));
  assert.throws(() => s.unpack_from(null), (e) => e instanceof TypeError && NOT_BYTES.test(e.message));
  assert.throws(() => s.unpack(null), (e) => e instanceof TypeError && NOT_BYTES.test(e.message));
  // a buffer whose length can change is not remembered; nor is a target that failed
  for (const first of [new Uint8Array(new ArrayBuffer(8, { maxByteLength: 16 })), 'abcd']) {
    const t = new struct.Struct('<I'), kept = new Uint8Array(8);
    t.pack_into(kept, 0, 1);
    try { t.pack_into(first, 0, 2); } catch { /* 'abcd' is no buffer */ }
    assert.throws(() => t.pack_into(null, 4, 0xdeadbeef), TypeError);
    assert.throws(() => t.unpack_from(null), TypeError);
  }
  assert.equal([...victim], [1, 0, 0, 0, 0, 0, 0, 0]);
  // once the memo is dropped (the job ended), for memview's own objects too
  for (const own of [bytearray(8), memoryview(bytearray(8))]) {
    const t = new struct.Struct('<I');
    t.pack_into(own, 0, 1);
    await Promise.resolve();
    assert.throws(() => t.pack_into(null, 0, 2), (e) => e instanceof TypeError && NOT_WRITABLE.test(e.message));
    assert.throws(() => t.unpack_from(null), (e) => e instanceof TypeError && NOT_BYTES.test(e.message));
  }
  // null as the format, in a cache just cleared
  struct._clearcache();
  for (const call of [() => struct.pack_into(null, new Uint8Array(4), 0, 1), () => struct.unpack_from(null, new Uint8Array(4)),
    () => struct.calcsize(null), () => struct.pack(null, 1), () => struct.unpack(null, new Uint8Array(4)), () => struct.iter_unpack(null, new Uint8Array(4))])
    assert.throws(call, (e) => e instanceof TypeError && e.message === 'Struct() argument 1 must be a str or bytes object, not NoneType');
});


test("pack_into with a '?' value whose truth resizes a JS target: the offset is the target's length before, the bytes are checked after", () => {
  const S = new struct.Struct('<?I');
  // the module function, the method, and the method all in C (what the struct tests compare the executor with)
  const packs = [(...a) => struct.pack_into('<?I', ...a), (...a) => S.pack_into(...a), (...a) => viaC.pack_into(S, ...a)];
  for (const pack of packs) for (const target of [(b) => new Uint8Array(b), (b) => new DataView(b), (b) => b]) {
    const grow = new ArrayBuffer(8, { maxByteLength: 32 });
    pack(target(grow), -5, { get length() { grow.resize(16); return 1; } }, 0x05040302);
    assert.equal([...new Uint8Array(grow)], [0, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0]); // offset -5 of 8 bytes: byte 3
    for (const size of [6, 3]) {
      const shrink = new ArrayBuffer(8, { maxByteLength: 32 });
      assert.throws(() => pack(target(shrink), -5, { get length() { shrink.resize(size); return 1; } }, 1), DETACHED);
      assert.equal([...new Uint8Array(shrink)], Array(size).fill(0));
    }
  }
});

test('iterating an empty view of a detached buffer raises, as count() does', () => {
  const ab = new ArrayBuffer(8), m = memoryview(ab).slice(0, 0);
  structuredClone(ab, { transfer: [ab] });
  assert.throws(() => [...m], DETACHED);
  assert.throws(() => m.count(0), DETACHED);
});

test("bytes.find reads its needle through the engine's getters: replaced TypedArray getters are never asked", () => {
  const hay = bytes(Uint8Array.from({ length: 100 }, (_, k) => k)), inWasm = memoryview(bytearray(Uint8Array.of(5, 6))).asTypedArray();
  const finds = () => [hay.find(Uint8Array.of(5, 6)), hay.find(5), hay.find(inWasm), hay.find(Uint8Array.of(98, 99))];
  const expected = finds(), other = new Uint8Array(100);
  const proto = Object.getPrototypeOf(Uint8Array.prototype), names = ['length', 'buffer', 'byteOffset'];
  const saved = names.map((k) => Object.getOwnPropertyDescriptor(proto, k));
  const fake = { length: () => 50, buffer: () => other.buffer, byteOffset: () => 7 };
  for (const k of names) Object.defineProperty(proto, k, { get: fake[k], configurable: true });
  let got;
  try { got = finds(); } finally { names.forEach((k, i) => Object.defineProperty(proto, k, saved[i])); }
  assert.equal(got, expected);
  assert.equal(expected, [5, 5, 5, 98]);
});

test("index and tolist read JS memory through the engine's getters: a replaced DataView.prototype.buffer is never asked", () => {
  const u = new Uint8Array(300), other = new Uint8Array(300);
  u[250] = 7; other[5] = 7;
  const views = [memoryview(u), memoryview(new Uint16Array(u.buffer)), memoryview(bytearray(u))];
  const before = views.map((m) => [m.index(7), m.tolist()]);
  const desc = Object.getOwnPropertyDescriptor(DataView.prototype, 'buffer');
  Object.defineProperty(DataView.prototype, 'buffer', { get() { return other.buffer; }, configurable: true });
  try {
    views.forEach((m, k) => {
      assert.is(m.index(7), before[k][0]);
      assert.equal(m.tolist(), before[k][1]);
    });
  } finally { Object.defineProperty(DataView.prototype, 'buffer', desc); }
});

// What slice(), subarray() and map() make is the program's to choose
// (Symbol.species): memview's copies of its own arrays and bytes must not
// ask, or user code runs where addresses are computed. Here the species
// answer the copy with a view of another object's bytes, or grow wasm
// memory, or hand back a Proxy as a view's descriptor words.
test('no operation asks Symbol.species for its copies (user code, run after addresses are computed)', () => {
  const victim = bytearray([0xaa, 0xaa, 0xaa, 0xaa]);
  const ops = {
    'tobytes (wasm)': () => memoryview(bytes([1, 2, 3])).tobytes(),
    'tobytes (JS)': () => memoryview(Uint8Array.of(4, 5, 6)).tobytes(),
    'bytes(Uint8Array)': () => bytes(Uint8Array.of(7, 8, 9)),
    'struct.pack': () => struct.pack('<I', 0x01020304),
    "struct.unpack '4s'": () => struct.unpack('4s', bytes([1, 2, 3, 4])),
    'record get, JS memory': () => memoryview(new Uint8Array(8).fill(3)).cast('B').cast('<IHH').get(0),
    'toreadonly, then tobytes': () => memoryview(bytearray([1, 2, 3, 4])).toreadonly().tobytes(),
    'cast to [2, 2], strides': () => memoryview(bytearray(4)).cast('B', [2, 2]).strides,
    'sub, then set and tobytes': () => { const m = memoryview(bytearray(16)).cast('B', [4, 4]).sub([1, 3], [0, 2]); m.set(1, 1, 9); return m.tobytes(); },
    "assign of '@B' to 'B'": () => { const b = bytearray(4); memoryview(b).cast('@B').assign(memoryview(bytes([1, 2, 3, 4]))); return b.tolist(); },
    'pack_into a bytearray': () => { const b = bytearray(8); struct.pack_into('<IH?', b, 1, 7, 8, true); return b.tolist(); },
  };
  const outcome = (f) => { try { const r = f(); return ArrayBuffer.isView(r) ? ['bytes', Array.from(r)] : r; } catch (e) { return [e.name, e.message]; } };
  const want = Object.fromEntries(Object.entries(ops).map(([k, f]) => [k, outcome(f)]));
  const u8Species = Object.getOwnPropertyDescriptor(Uint8Array, Symbol.species);
  const arraySpecies = Object.getOwnPropertyDescriptor(Array, Symbol.species);
  const asked = [], keep = [];
  const victimBytes = () => memoryview(victim).asTypedArray();
  Object.defineProperty(Uint8Array, Symbol.species, { configurable: true, get() {
    asked.push('Uint8Array');
    keep.push(bytearray(1 << 20)); // may grow wasm memory
    const ta = victimBytes();
    return function () { return ta; }; // the copy: another object's bytes
  } });
  Object.defineProperty(Array, Symbol.species, { configurable: true, get() {
    asked.push('Array');
    return function (n) { return new Proxy(new Array(n), { get: (t, k) => (k === '0' ? 0x10 : t[k]) }); };
  } });
  // Paths that run once per format (its cast template, its pack_into writer)
  // or only for some formats and buffers, on formats the pass above did not
  // use; their results are CPython's.
  const fresh = {
    "the first cast to '@q'": [() => memoryview(bytearray(16)).cast('@q').tolist(), [0n, 0n]],
    "the first pack_into of '<HhB'": [() => { const b = bytearray(8); struct.pack_into('<HhB', b, 1, 1, -2, 3); return b.tolist(); }, [0, 1, 0, 254, 255, 3, 0, 0]],
    "a record get of '<eH' (no JS reader), JS memory": [() => memoryview(Uint8Array.of(0, 60, 5, 0)).cast('B').cast('<eH').get(0), [1, 5]],
    "struct.unpack of '<e4s' (C's path: its 's' copied out)": [() => { const r = struct.unpack('<e4s', bytes([0, 60, 1, 2, 3, 4])); return [r[0], Array.from(r[1])]; }, [1, [1, 2, 3, 4]]],
    "pack_into of '<HI?' a resizable ArrayBuffer (through a view)": [() => {
      const ab = new ArrayBuffer(8, { maxByteLength: 16 }); struct.pack_into('<HI?', ab, 0, 7, 8, true); return Array.from(new Uint8Array(ab));
    }, [7, 0, 8, 0, 0, 0, 1, 0]],
    // rows 0 and 2 of 4 rows of 16 bytes: runs long enough to be copied whole
    'a strided assign into a SharedArrayBuffer (only its items written back)': [() => {
      const sab = new SharedArrayBuffer(64), src = new Uint8Array(32);
      for (let k = 0; k < 32; k++) src[k] = k + 1;
      memoryview(sab).cast('B', [4, 16]).slice(0, 4, 2).assign(memoryview(src).cast('B', [2, 16]));
      return Array.from(new Uint8Array(sab));
    }, [...Array.from({ length: 16 }, (_, k) => k + 1), ...new Array(16).fill(0), ...Array.from({ length: 16 }, (_, k) => k + 17), ...new Array(16).fill(0)]],
  };
  const got = {}, gotFresh = {}; // (by loops: this test's own map() would ask the species too)
  try {
    for (const k of Object.keys(ops)) got[k] = outcome(ops[k]);
    for (const k of Object.keys(fresh)) gotFresh[k] = outcome(fresh[k][0]);
  } finally {
    // (Uint8Array's own is none: it inherits %TypedArray%'s)
    if (u8Species === undefined) delete Uint8Array[Symbol.species]; else Object.defineProperty(Uint8Array, Symbol.species, u8Species);
    Object.defineProperty(Array, Symbol.species, arraySpecies);
  }
  assert.equal(asked, []);
  assert.equal(got, want);
  for (const k of Object.keys(fresh)) assert.equal(gotFresh[k], fresh[k][1], k);
  assert.equal(victim.tolist(), [0xaa, 0xaa, 0xaa, 0xaa]);
});

// bytes(iterable) checks each int as it comes, then copies its list: by
// index, as push() and Uint8Array.from(list) (which takes the list's items
// from Array.prototype[Symbol.iterator]) are the program's to replace, and
// would store them unchecked (300 as 44).
test("bytes(iterable) stores the items it checked, whatever Array.prototype's iterator and push() do", () => {
  const iterator = Array.prototype[Symbol.iterator], push = Array.prototype.push;
  Array.prototype[Symbol.iterator] = function* () { for (let k = 0; k < this.length; k++) yield this[k] === 201 ? 300 : this[k]; };
  Array.prototype.push = function (...xs) { return push.apply(this, xs.map((x) => (x === 201 ? 300 : x))); };
  let got;
  try {
    got = [bytes({ *[Symbol.iterator]() { yield 201; yield 2; } }), bytearray({ *[Symbol.iterator]() { yield 7; yield 201; } })];
  } finally { Array.prototype[Symbol.iterator] = iterator; Array.prototype.push = push; }
  assert.equal(got.map((x) => x.tolist()), [[201, 2], [7, 201]]);
});

test('bytearray.insert of an iterable that releases the bytearray raises the released error, not an index error', () => {
  for (const at of [0, 1, 4]) {
    const b = bytearray(4);
    assert.throws(() => b.insert(at, { *[Symbol.iterator]() { b.release(); yield 1; } }),
      (e) => e instanceof ValueError && e.message === 'operation forbidden on released bytearray object', `at ${at}`);
  }
});

test("an empty ArrayBuffer's constructor (asked by ArrayBuffer slice(), for its species) is never read", () => {
  let asked = 0;
  const ab = new ArrayBuffer(0);
  Object.defineProperty(ab, 'constructor', { get() { asked++; return ArrayBuffer; } });
  const m = memoryview(ab);
  assert.equal([m.tobytes().length, m.hex(), m.tolist(), m.equals(m)], [0, '', [], true]);
  m.assign(memoryview(new ArrayBuffer(0)));
  assert.is(asked, 0);
  structuredClone(ab, { transfer: [ab] }); // detached: still told apart from empty
  assert.throws(() => m.tobytes(), (e) => e instanceof ValueError && /detached ArrayBuffer/.test(e.message));
  assert.is(asked, 0);
});

// Replacing a built-in is outside memview's promises (README, "JavaScript's
// own built-ins are trusted"), but a loop over memview's own arrays that
// sizes a block or frees blocks is an indexed one, which no built-in answers.
test('tolist() sizes its block, and a failed set() frees its blocks, whatever an array iterator answers', () => {
  const AIP = Object.getPrototypeOf([][Symbol.iterator]()), next = AIP.next;
  let asked = 0;
  const withNext = (replacement, f) => { AIP.next = replacement; try { return f(); } finally { AIP.next = next; } };
  const grid = memoryview(bytearray(Uint8Array.from({ length: 64 }, (_, k) => k))).cast('B', [8, 8]); // N-D: C fills the list
  const want = grid.tolist();
  const got = withNext(function () { asked++; const r = Reflect.apply(next, this, []); if (!r.done) r.value = 1; return r; }, () => grid.tolist());
  assert.equal(got, want);
  assert.is(asked, 0);
  const m = memoryview(bytearray(8)).cast('c'), long = new Uint8Array(100000);
  assert.throws(() => m.set(0, long), (e) => e instanceof ValueError);
  const inUse = heapStats().inUse;
  withNext(function () { return { value: undefined, done: true }; }, () => { // (the error's construction asks it)
    for (let k = 0; k < 3; k++) try { m.set(0, long); } catch { /* ValueError */ }
  });
  assert.is(heapStats().inUse, inUse, 'every block the failed calls allocated is freed');
});

// V8 skips the species lookup of every TypedArray's and Array's slice(),
// subarray() and map() while no program has touched species or a
// `constructor`; one touch turns that off for the whole process, for good.
// memview must leave it on: a child process uses memview, then asks V8.
test("using memview leaves V8's fast slice() and subarray() on for the whole process", () => {
  const script = `
    const { memoryview, bytearray, bytes, array, struct } = await import(${JSON.stringify(new URL('../js/memview.js', import.meta.url).href)});
    const m = memoryview(bytearray(64)), j = memoryview(new Uint8Array(64));
    for (const v of [m, j]) { v.tobytes(); v.hex(); v.tolist(); v.slice(1, 9).tobytes(); v.cast('I').tolist(); v.toreadonly().tobytes();
      v.cast('B', [8, 8]).sub([1, 3], [0, 2]).tobytes(); v.equals(v); v.cast('@B').assign(v); v.count(0); v.index(0); }
    struct.pack('<IH4s', 1, 2, bytes(4)); struct.unpack('4s', bytes(4)); struct.pack_into('<IH?', bytearray(8), 0, 1, 2, true);
    for (const t of struct.iter_unpack('<I', new Uint8Array(16))) t;
    bytes(new Uint8Array(4)); array('d', [1, 2]).tobytes(); memoryview(new Uint8Array(8)).cast('B').cast('<eH').get(0);
    console.log(JSON.stringify([%TypedArraySpeciesProtector(), %ArraySpeciesProtector()]));`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(JSON.parse(out), [true, true]);
});

test('a copy from 64 KiB up into uninitialized memory is whole even with the global Uint8Array replaced', () => {
  const b = bytearray(70000), src = memoryview(b).asTypedArray();
  src.fill(0x5a);
  const Real = globalThis.Uint8Array;
  let out;
  globalThis.Uint8Array = function () { return new Real(0); }; // a view of nothing: a set() from it copies nothing
  try { out = memoryview(b).tobytes(); } finally { globalThis.Uint8Array = Real; }
  assert.is(out.length, 70000);
  assert.ok(out.every((x) => x === 0x5a), 'every byte is the source\'s');
});

test('bytes() and bytearray() of a view past its buffer\'s start copy the view\'s bytes', () => {
  const ab = new ArrayBuffer(64), all = new Uint8Array(ab);
  for (let k = 0; k < 64; k++) all[k] = k;
  const want = Array.from(all.subarray(8, 40));
  assert.equal(Array.from(bytes(new Uint8Array(ab, 8, 32))), want);
  assert.equal(Array.from(bytearray(new DataView(ab, 8, 32))), want);
  assert.equal(Array.from(bytes(Buffer.from(ab, 8, 32))), want);
});

test("memory that grows while a program has replaced the global Uint8Array is still read and written through the engine's", () => {
  // In a child process: a fresh heap, whose growth a 64 MiB bytearray forces.
  const script = `
    const { bytearray, heapStats } = await import(${JSON.stringify(new URL('../js/memview.js', import.meta.url).href)});
    const Real = globalThis.Uint8Array, before = heapStats().memory;
    let fills = 0;
    globalThis.Uint8Array = class extends Real { fill(...a) { fills++; return super.fill(...a); } };
    let big;
    try { big = bytearray(1 << 26); } finally { globalThis.Uint8Array = Real; }
    const grew = heapStats().memory > before;
    big.release();
    const fresh = bytearray(7000); // zero-filled through memory's view
    console.log(JSON.stringify({ grew, zeros: fresh.tolist().every((x) => x === 0), fills }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(JSON.parse(out), { grew: true, zeros: true, fills: 0 });
});

// ---- the sixth attack (2026-12-07): a '?' value's truth, and a cast's
// shape, ran their user code before the checks CPython makes first. Each
// case: what the getter does, then CPython 3.13's answer (its __len__ doing
// the same), and whether CPython runs it at all.
const ORDER_CASES = [
  ['m.set(10, v), out of range', (m) => m.set(10, lengthGetter()), 'IndexError: index out of bounds on dimension 1'],
  ['m.set(0, v), read-only', (m, ro) => ro.set(0, lengthGetter()), 'TypeError: cannot modify read-only memory'],
  ['m.set(0, v), released', (m, ro, rel) => rel.set(0, lengthGetter()), 'ValueError: operation forbidden on released memoryview object'],
  ['m.set(1, v), 2-D', (m, ro, rel, m2) => m2.set(1, lengthGetter()), 'NotImplementedError: sub-views are not implemented'],
  ['m.set(10, v) whose truth releases m', (m) => m.set(10, lengthGetter(() => m.release())), 'IndexError: index out of bounds on dimension 1'],
  ['m.set(0, v) on a read-only view whose truth releases it', (m, ro) => ro.set(0, lengthGetter(() => ro.release())), 'TypeError: cannot modify read-only memory'],
  ['cast of a released view, a shape with a getter', (m, ro, rel) => rel.cast('B', shapeWithGetter()), 'ValueError: operation forbidden on released memoryview object'],
];
let userCodeRan = 0;
function lengthGetter(effect = () => {}) { return { get length() { userCodeRan++; effect(); return 1; } }; }
function shapeWithGetter() { const s = []; Object.defineProperty(s, 0, { get() { userCodeRan++; return 4; } }); return s; }

test("a '?' value's truth and a cast's shape run no user code before CPython's checks", () => {
  for (const [name, call, want] of ORDER_CASES) {
    const m = memoryview(bytearray(4)).cast('?'), ro = memoryview(bytes(4)).cast('?');
    const rel = memoryview(bytearray(4)).cast('?'), m2 = memoryview(bytearray(4)).cast('?', [2, 2]);
    rel.release();
    userCodeRan = 0;
    let got = 'no error';
    try { call(m, ro, rel, m2); } catch (e) { got = `${e.name}: ${e.message}`; }
    assert.is(got, want, name);
    assert.is(userCodeRan, 0, `${name}: the user code ran`);
  }
  // and where every check passes, the truth is asked once, and stored
  const m = memoryview(bytearray(2)).cast('?');
  userCodeRan = 0;
  m.set(1, lengthGetter());
  assert.equal([m.tolist(), userCodeRan], [[false, true], 1]);
});

// struct.pack and pack_into of a format the executor writes, with a value only
// C converts (1n for a 'd'), go to C with the short Uint8Array the executor
// would have borrowed. C's path allocates, which may grow wasm memory: a
// value that views wasm memory (asTypedArray()) must be copied first, or
// its field is packed as zeros. Each child sets wasm memory up to grow at the
// call, at one of several distances from its end (the allocations' sizes
// decide which one grows it).
test('a short bytes value that views wasm memory keeps its bytes when the pack goes to C and grows memory', () => {
  const script = (mode, off) => `
    const { struct, bytearray, memoryview, heapStats } = await import(${JSON.stringify(new URL('../js/memview.js', import.meta.url).href)});
    const S = new struct.Struct('<20s' + 'd'.repeat(31)), target = bytearray(268), keep = [];
    const before = heapStats().memory;
    while (heapStats().memory === before) keep.push(bytearray(256));
    const grown = heapStats().memory, m = memoryview(bytearray(Uint8Array.from('HELLO-WORLD-1234567!', (c) => c.charCodeAt(0))));
    const u = m.asTypedArray();
    m.release();
    keep.push(bytearray(grown - before - ${off}));
    if (heapStats().memory !== grown) { console.log(JSON.stringify(null)); process.exit(); }
    const values = new Array(31).fill(1n);
    let out;
    if (${JSON.stringify(mode)} === 'pack') out = S.pack(u, ...values);
    else { S.pack_into(target, 0, u, ...values); out = target.tobytes(); }
    console.log(JSON.stringify([heapStats().memory !== grown, String.fromCharCode(...out.subarray(0, 20))]));`;
  for (const mode of ['pack', 'pack_into']) {
    let grew = 0;
    for (let off = 300; off <= 3300 && grew < 2; off += 150) {
      const r = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script(mode, off)], { encoding: 'utf8' }));
      if (r === null) continue;
      assert.is(r[1], 'HELLO-WORLD-1234567!', `${mode}, ${off} bytes from the end`);
      if (r[0]) grew++;
    }
    assert.ok(grew > 0, `${mode}: no setup grew wasm memory during the call`);
  }
});

test.run();
