// Laws that hold for every view (fast-check): slicing commutes with tobytes,
// cast there and back is the identity, tolist of cast('B') is tobytes, equals
// is symmetric, and a write through one view shows through every view that
// overlaps it. The reference model is Python's slice arithmetic, written out
// below; it never calls memview.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { memoryview, bytes, bytearray, array, struct, heapStats } from '../js/memview.js';
import { viewOf, sliceInC, castInC, shapeArg, derive, wholeViewInC, borrow } from '../js/view.js';
import { storeOf } from '../js/exporters.js';
import { jsExporter } from '../js/jsmemory.js';
import { viaC, compiledOf } from '../js/struct.js';
import { W, F, check, heap, O_NDIM, O_STRIDES } from '../js/wasm.js';
import { subInC } from '../js/ndindex.js';

const RUNS = 300;

/** The element positions seq[a:b:c] selects from a sequence of n elements. */
function pySlice(n, a, b, c) {
  const step = c === undefined ? 1 : c;
  let start, stop;
  if (step > 0) {
    start = a === undefined ? 0 : a < 0 ? Math.max(a + n, 0) : Math.min(a, n);
    stop = b === undefined ? n : b < 0 ? Math.max(b + n, 0) : Math.min(b, n);
  } else {
    start = a === undefined ? n - 1 : a < 0 ? Math.max(a + n, -1) : Math.min(a, n - 1);
    stop = b === undefined ? -1 : b < 0 ? Math.max(b + n, -1) : Math.min(b, n - 1);
  }
  const out = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

const bound = fc.option(fc.integer({ min: -70, max: 70 }), { nil: undefined });
const step = fc.option(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -9, max: -1 })),
  { nil: undefined });
/** A slice [a, b, c]; a chain of up to three of them gives arbitrary strides. */
const sliceArgs = fc.tuple(bound, bound, step);
const chain = fc.array(sliceArgs, { maxLength: 3 });

/** Item formats and their sizes: every kind memoryview reads. */
const FORMATS = { B: 1, b: 1, c: 1, '?': 1, H: 2, h: 2, e: 2, i: 4, I: 4, l: 4, f: 4, q: 8, Q: 8, d: 8,
  n: 4, N: 4, P: 4 };
const format = fc.constantFrom(...Object.keys(FORMATS));

/** Data whose length is a multiple of 8, so any format can view it. */
const data = fc.uint8Array({ maxLength: 48 }).map((u) => u.subarray(0, u.length - (u.length % 8)));

/** The exporter: wasm-owned (bytearray) or JS-owned (a Uint8Array) memory. */
const owner = fc.constantFrom('bytearray', 'Uint8Array');
const exporter = (kind, u) => (kind === 'bytearray' ? bytearray(u) : Uint8Array.from(u));

/** Applies a slice chain to a view and, in the model, to the item positions. */
function applyChain(m, positions, slices) {
  for (const [a, b, c] of slices) {
    m = m.slice(a, b, c);
    positions = pySlice(positions.length, a, b, c).map((k) => positions[k]);
  }
  return [m, positions];
}

const range = (n) => Array.from({ length: n }, (_, k) => k);

test('m.slice(a, b, c).tobytes() is the same slice of the items of m.tobytes()', () => {
  fc.assert(fc.property(owner, data, format, chain, sliceArgs, (kind, u, fmt, slices, last) => {
    const size = FORMATS[fmt];
    const base = memoryview(exporter(kind, u)).cast(fmt);
    const [m, pos] = applyChain(base, range(u.length / size), slices);
    const whole = m.tobytes();
    const [s] = applyChain(m, range(pos.length), [last]);
    const want = [];
    for (const k of pySlice(pos.length, ...last)) want.push(...whole.subarray(k * size, (k + 1) * size));
    assert.equal(Array.from(s.tobytes()), want);
    // And both agree with the exporter's bytes at the model's positions.
    const expect = [];
    for (const k of pos) expect.push(...u.subarray(k * size, (k + 1) * size));
    assert.equal(Array.from(whole), expect);
  }), { numRuns: RUNS });
});

test('cast there and back is the identity (bytes, shape, strides)', () => {
  fc.assert(fc.property(owner, data, format, format, fc.integer({ min: 1, max: 4 }),
    (kind, u, from, to, rows) => {
      const m = memoryview(exporter(kind, u)).cast(from);
      const before = Array.from(m.tobytes());
      const back = m.cast('B').cast(to).cast('B').cast(from);
      assert.equal(back.shape, m.shape);
      assert.equal(back.strides, m.strides);
      assert.equal(back.format, m.format);
      assert.equal(Array.from(back.tobytes()), before);
      // Through an N-D shape as well, when the item count splits into rows.
      const n = m.length;
      if (n > 0 && n % rows === 0) {
        const nd = m.cast('B').cast(from, [rows, n / rows]);
        assert.equal(nd.shape, [rows, n / rows]);
        const flat = nd.cast('B').cast(from);
        assert.equal(flat.shape, m.shape);
        assert.equal(Array.from(flat.tobytes()), before);
      }
    }), { numRuns: RUNS });
});

test("tolist() of cast('B') is tobytes(), for any C-contiguous view", () => {
  fc.assert(fc.property(owner, data, format, chain, (kind, u, fmt, slices) => {
    const m = memoryview(exporter(kind, u)).cast(fmt);
    const [s] = applyChain(m, range(m.length), slices);
    // A non-contiguous slice is first copied out (tobytes), as a caller would.
    const c = s.c_contiguous ? s : memoryview(bytes(s.tobytes())).cast(fmt);
    assert.equal(c.cast('B').tolist(), Array.from(s.tobytes()));
  }), { numRuns: RUNS });
});

test('equals is symmetric (and reflexive where no NaN can occur)', () => {
  fc.assert(fc.property(data, format, chain, format, chain, (u, f1, c1, f2, c2) => {
    const b = bytearray(u);
    const [x] = applyChain(memoryview(b).cast(f1), [], c1);
    const [y] = applyChain(memoryview(b).cast(f2), [], c2);
    assert.is(x.equals(y), y.equals(x));
    assert.is(x.equals(Uint8Array.from(u)), memoryview(Uint8Array.from(u)).equals(x));
    if (!'efd'.includes(f1)) assert.ok(x.equals(x));
  }), { numRuns: RUNS });
});

test('a write through one view shows through every view that overlaps it', () => {
  fc.assert(fc.property(owner, data.filter((u) => u.length > 0), chain, chain, fc.nat(), fc.nat(255),
    (kind, u, c1, c2, at, value) => {
      const ex = exporter(kind, u);
      const model = Array.from(u);
      const [w, wpos] = applyChain(memoryview(ex), range(u.length), c1);
      const [r, rpos] = applyChain(memoryview(ex), range(u.length), c2);
      const wide = memoryview(ex).cast('H');
      if (wpos.length === 0) return;
      const i = at % wpos.length;
      w.set(i, value);
      model[wpos[i]] = value;
      assert.equal(r.tolist(), rpos.map((k) => model[k]));
      assert.equal(wide.tolist(), range(u.length / 2).map((k) => model[2 * k] | (model[2 * k + 1] << 8)));
      const direct = kind === 'bytearray' ? Array.from(ex.tobytes()) : Array.from(ex);
      assert.equal(direct, model);
      // And back: a write through the wide view shows through the narrow ones.
      wide.set(0, 0xBEEF);
      model[0] = 0xEF; model[1] = 0xBE;
      assert.equal(r.tolist(), rpos.map((k) => model[k]));
      assert.equal(w.tolist(), wpos.map((k) => model[k]));
    }), { numRuns: RUNS });
});

/** Everything a view shows of its descriptor, and its bytes. */
function describe(m) {
  return { format: m.format, itemsize: m.itemsize, ndim: m.ndim, shape: m.shape, strides: m.strides,
    nbytes: m.nbytes, readonly: m.readonly, c: m.c_contiguous, f: m.f_contiguous,
    contiguous: m.contiguous, bytes: Array.from(m.tobytes()), bytesF: Array.from(m.tobytes('F')),
    bytesA: Array.from(m.tobytes('A')), list: m.tolist(),
    descriptor: [...viewOf(m)._sh], loaded: loaded(viewOf(m)),
    fast: [viewOf(m)._fc, viewOf(m)._fb, viewOf(m)._fn, viewOf(m)._fs, viewOf(m)._fw] };
}
/** The words _live() loads for C: header and shape, then strides (a 1-D
 *  slice or cast keeps four of them as fields, over shared words). */
function loaded(r) {
  const p = r._live(), dv = heap(), ndim = r._sh[O_NDIM >> 2], words = [];
  for (let k = 0; k < r._sh.length; k++) words.push(dv.getInt32(p + 4 * k, true));
  for (let k = 0; k < ndim; k++) words.push(dv.getInt32(p + O_STRIDES + 4 * k, true));
  return words;
}
/** fn(m)'s view described, or its error. */
function outcome(fn, m) {
  try { return describe(fn(m)); } catch (e) { return `${e.name}: ${e.message}`; }
}
/** A copy of m made by the C function `copy` (mv_view_copy, mv_view_toreadonly). */
const copiedInC = (m, copy) => derive(viewOf(m), (d) => { copy(d, viewOf(m)._live()); return 0; });

// slice, cast and toreadonly of a 1-D view are made in JS (js/view.js,
// js/fastpath.js) where they can be; here each is also made by C alone. Arguments here reach past every
// clamp: huge bounds and steps, non-integers, bigints, a zero step.
const wild = fc.oneof(fc.integer({ min: -70, max: 70 }), fc.constantFrom(undefined, null, 0, 2 ** 31 - 1,
  -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53, -Infinity, Infinity, 1.5, NaN, 3n, true, '1'));
test('slice, cast (with any shape) and toreadonly made in JS agree with C on every property', () => {
  const casts = ['B', 'b', 'c', 'h', 'H', 'i', '@i', 'I', 'q', 'd', 'f', 'e', '?', 'P', 'x', '<i', 'ii'];
  // Shapes: ones that fit the view's bytes (found from its length), and wild ones.
  const shapeOf = (pick, wildDims, n) => [
    undefined, [], [n], [1, n], [n, 1], [2, n / 2], [n / 4, 2, 2], [n, 1, 1, 1], wildDims, 'not a list',
    Array(65).fill(1)][pick];
  fc.assert(fc.property(owner, data, format, chain, fc.tuple(wild, wild, wild), fc.constantFrom(...casts),
    fc.nat(10), fc.array(wild, { maxLength: 4 }),
    (kind, u, fmt, slices, [a, b, c], to, pick, wildDims) => {
      const [m] = applyChain(memoryview(exporter(kind, u)).cast(fmt), [], slices);
      const itemsize = { c: 1, b: 1, B: 1, '?': 1, h: 2, H: 2, e: 2, i: 4, '@i': 4, I: 4, f: 4, P: 4, q: 8, d: 8 }[to] || 1;
      const shape = shapeOf(pick, wildDims, m.nbytes / itemsize);
      // each made by the public API (in JS where it can), and by C alone
      const pairs = [
        [(v) => v.slice(a, b, c), (v) => sliceInC(viewOf(v), a, b, c)],
        [(v) => v.cast(to), (v) => castInC(viewOf(v), to, undefined)],
        [(v) => v.cast(to, shape), (v) => castInC(viewOf(v), to, shapeArg(shape))],
        [(v) => v.toreadonly(), (v) => copiedInC(v, W.mv_view_toreadonly)],
        [(v) => memoryview(v), (v) => copiedInC(v, W.mv_view_copy)]];
      for (const [js, c] of pairs) assert.equal(outcome(js, m), outcome(c, m));
    }), { numRuns: RUNS * 5 });
});

// memoryview(x) of an exporter is made in JS from the words C made for the
// first one of its format (js/fastpath.js wholeViewTemplate); here each is
// also made by C alone, for every kind of exporter and format, empty or not.
test('memoryview() of every kind of exporter, made in JS, agrees with C on every property', () => {
  const u = Uint8Array.from({ length: 48 }, (_, k) => (k * 37 + 11) & 255);
  const ab = () => u.slice().buffer, sab = () => { const s = new SharedArrayBuffer(48); new Uint8Array(s).set(u); return s; };
  const makers = [() => bytes(u), () => bytearray(u), () => bytes(0), () => bytearray(0), () => Buffer.from(u), () => Buffer.from(u).subarray(5, 17),
    ...['b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'f', 'd'].map((t) => () => { const a = array(t); a.frombytes(u); return a; }),
    ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array,
      BigInt64Array, BigUint64Array, ...(typeof Float16Array === 'function' ? [Float16Array] : [])]
      .flatMap((T) => [() => new T(ab()), () => new T(ab(), 8, 2), () => new T(0)]),
    () => new DataView(ab(), 3, 7), () => ab(), () => sab(), () => new ArrayBuffer(0), () => new Uint8Array(new ArrayBuffer(16, { maxByteLength: 32 }))];
  for (const make of makers) {
    const x = make(), inC = (o) => wholeViewInC(storeOf(o) || jsExporter(o), (storeOf(o) || jsExporter(o))._getbuffer());
    const c = outcome(inC, x); // (also the template of its format, the first time)
    assert.equal(outcome((o) => memoryview(o), x), c, String(make));
    const y = make();
    assert.equal(outcome((o) => memoryview(o), y), outcome(inC, y), `another one: ${make}`);
  }
});

test('slice bounds past the end, and bounds that are no integers, taken as C takes them', () => {
  for (const m of [memoryview(bytearray(4)), memoryview(new Uint8Array(4)), memoryview(new Float64Array(2))])
    for (const a of [0, 1, 2, 4, 5, -1]) for (const b of [undefined, 1, 2, 4, 5, 2 ** 31, 2 ** 53, Infinity, -Infinity, NaN, 1.5, -0, 3n]) {
      assert.equal(outcome((v) => v.slice(a, b), m), outcome((v) => sliceInC(viewOf(v), a, b, undefined), m), `[${a}:${String(b)}] of ${m.length}`);
    }
});

// m.sub(...keys) is made in JS (js/ndindex.js) for Number keys of a live
// view; here each is also made by C alone, on N-D views of both memories
// (and sub-views of sub-views), with keys that reach every decline: indexes
// out of range, non-integers, bigints, booleans, zero and huge steps, too
// many keys, slices of four parts.
const SUB_FORMATS = { B: 1, h: 2, e: 2, '>I': 4, '<d': 8, '<IH': 6, '?': 1 };
const subPart = fc.oneof(fc.integer({ min: -7, max: 7 }), fc.integer({ min: -7, max: 7 }),
  fc.constantFrom(undefined, null, 0, 2 ** 30, -(2 ** 30), 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, 1.5, NaN,
    -0, 3n, -2n, true, 'x'));
const subKey = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -5, max: 5 }) },
  { weight: 4, arbitrary: fc.array(subPart, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(1.5, 2n, -1n, true, null, 'a', {}, [0, 1, 1, 1], -0, 2 ** 40) });
const subKeys = fc.array(subKey, { maxLength: 5 });
test('sub(...keys) made in JS agrees with C on every property, on both memories', () => {
  fc.assert(fc.property(fc.constantFrom('bytearray', 'Uint8Array', 'Buffer'), fc.constantFrom(...Object.keys(SUB_FORMATS)),
    fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), fc.array(subKeys, { minLength: 1, maxLength: 3 }),
    fc.boolean(), (kind, fmt, shape, chainOfKeys, readonly) => {
      const n = shape.reduce((x, y) => x * y, 1) * SUB_FORMATS[fmt];
      const u = Uint8Array.from({ length: n }, (_, k) => (k * 37 + 11) & 255);
      const ex = kind === 'bytearray' ? bytearray(u) : kind === 'Buffer' ? Buffer.from(u) : u;
      let m = memoryview(ex).cast('B').cast(fmt, shape);
      if (readonly) m = m.toreadonly();
      for (const keys of chainOfKeys) {
        const js = outcome((v) => v.sub(...keys), m), c = outcome((v) => subInC(viewOf(v), keys), m);
        assert.equal(js, c, `sub(${keys.map(String)}) of shape ${m.shape}, strides ${m.strides}`);
        if (typeof js === 'string') break;
        m = m.sub(...keys);
      }
    }), { numRuns: RUNS * 10 });
});

// m.get(i, j, k) and m.set(i, j, k, v) of 0-, 2- and 3-D views are done in
// JS (js/executor.js itemGetND, itemSetND) for Number indexes; here each is
// also done by C alone (the record's _get and _set), on two copies of the
// same memory, over sub-views with negative and zero-length strides, with
// indexes and values that reach every decline.
const ND_FORMATS = ['B', 'b', 'h', 'H', '>h', 'i', '<I', '>I', 'q', '>Q', 'f', '>f', 'd', '<d', '?', 'e', 'c', '<IH'];
const itemSize = (fmt) => struct.calcsize(fmt); // C's size of each format
const ndIndex = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -4, max: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, 1.5, NaN, 2 ** 31, 1n, -1n, true, null, undefined, '0', [0]) });
const ndValue = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.double(), fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.constantFrom(true, false, 2 ** 32, -(2 ** 31) - 1, 2 ** 63, -0, NaN, Infinity, 1e39, 'x', new Uint8Array([7]), null));
const itemText = (x) => (typeof x === 'bigint' ? `${x}n` : Object.is(x, -0) ? '-0'
  : x instanceof Uint8Array ? `b${Array.from(x)}` : Array.isArray(x) ? `[${x.map(itemText)}]` : `${typeof x}:${x}`);
const tried = (fn) => { try { return itemText(fn()); } catch (e) { return `${e.name}: ${e.message}`; } };
test('get and set by N indexes in JS agree with C, on N-D views of both memories', () => {
  fc.assert(fc.property(fc.constantFrom('bytearray', 'Uint8Array', 'Buffer'), fc.constantFrom(...ND_FORMATS),
    fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 4 }), fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 4 }),
    fc.array(ndIndex, { maxLength: 5 }), ndValue, fc.boolean(), fc.integer({ min: -1, max: 1 }),
    (kind, fmt, shape, flips, idx, value, readonly, extra) => {
      const size = shape.reduce((x, y) => x * y, 1) * itemSize(fmt);
      const u = Uint8Array.from({ length: size }, (_, k) => (k * 61 + 5) & 255);
      const make = () => {
        const ex = kind === 'bytearray' ? bytearray(u) : kind === 'Buffer' ? Buffer.from(u) : Uint8Array.from(u);
        let m = memoryview(ex).cast('B').cast(fmt, shape);
        // reversed or stepped dimensions: sub-views with negative strides
        if (shape.length > 0) m = m.sub(...shape.map((_, d) => (flips[d] ? [null, null, flips[d] || 1] : [null, null])));
        return readonly ? m.toreadonly() : m;
      };
      const a = make(), b = make();
      // as many indexes as dimensions, or one more or fewer
      const keys = Array.from({ length: Math.max(0, a.ndim + extra) }, (_, d) => (d < idx.length ? idx[d] : 0));
      assert.is(tried(() => a.get(...keys)), tried(() => viewOf(b)._get(keys.slice())), `get(${keys.map(itemText)}) ${fmt} ${a.shape} ${a.strides}`);
      assert.is(tried(() => a.set(...keys, value)), tried(() => viewOf(b)._set([...keys, value])), `set(${keys.map(itemText)}, ${itemText(value)}) ${fmt} ${a.shape}`);
      assert.equal(Array.from(a.tobytes()), Array.from(b.tobytes()));
    }), { numRuns: RUNS * 10 });
});

// m.get(i) and m.set(i, v) of 1-D views are done in JS (js/executor.js
// itemGet, itemSet and its inline writers) for Number indexes: every format,
// on both memories, with every value that lies on an edge of some format's
// range or type, each against C alone on a second copy of the same bytes.
const EDGE_VALUES = [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
  2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64,
  0.5, -0.5, 1.5, -0, NaN, Infinity, -Infinity, 3.4e38, 3.5e38, 1e39, Number.MIN_VALUE, Number.MAX_VALUE,
  0n, 1n, -1n, 255n, 256n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 64n - 1n, 2n ** 64n,
  true, false, null, undefined, '1', 'x', new Uint8Array([7]), new Uint8Array([1, 2]), [1], {}];
// The kinds: wasm memory; JS buffers whole, at an odd offset (items not
// aligned for a TypedArray), and resizable.
const SET_KINDS = {
  bytearray: (u) => bytearray(u),
  Buffer: (u) => Buffer.from(u),
  ArrayBuffer: (u) => Uint8Array.from(u).buffer,
  'offset 3': (u) => { const x = new Uint8Array(new ArrayBuffer(u.length + 3), 3); x.set(u); return x; },
  resizable: (u) => { const b = new ArrayBuffer(u.length, { maxByteLength: 2 * u.length }); new Uint8Array(b).set(u); return b; },
};
test('get and set by one index in JS agree with C, for every format and edge value, on both memories', () => {
  for (const [kind, exporterOf] of Object.entries(SET_KINDS)) {
    for (const fmt of [...ND_FORMATS, 'I', 'L', '@d', 'Q', '<q']) {
      const u = Uint8Array.from({ length: 4 * itemSize(fmt) }, (_, k) => (k * 61 + 5) & 255);
      const make = () => memoryview(exporterOf(u)).cast('B').cast(fmt);
      const a = make(), b = make();
      for (const value of EDGE_VALUES) {
        for (const i of [0, 3, -1]) {
          const what = `${kind} ${fmt} set(${i}, ${itemText(value)})`;
          assert.is(tried(() => a.set(i, value)), tried(() => viewOf(b)._set([i, value])), what);
          assert.equal(Array.from(a.tobytes()), Array.from(b.tobytes()), what);
          assert.is(tried(() => a.get(i)), tried(() => viewOf(b)._get([i])), `${kind} ${fmt} get(${i})`);
        }
      }
    }
  }
});

// assign and equals of short 1-D views are done in JS (js/view.js moveBytes,
// shortBytesEqual): here on views of one memory that overlap either way, of
// two Buffers from one pool, of a JS view of wasm memory and a bytearray,
// against a model (assign is a memmove of the source's bytes as they were)
// and against C (equals of the same views cast to [1, n], which C compares).
const SHORT_FORMATS = { B: 1, b: 1, c: 1, H: 2, '>h': 2, i: 4, '<I': 4, q: 8, d: 8, '?': 1, f: 4 };
test('assign and equals of short views in JS agree with a memmove model and with C, across shared memories', () => {
  // Growth of wasm memory detaches a JS view of it (asTypedArray), as it should. Every step allocates
  // (copies, descriptors) and nothing is freed before the finalizers run after this test, so the heap
  // gets its room up front: no step grows memory, and the JS view of wasm stays valid through its step.
  const room = bytearray(64 << 20);
  room.release();
  const memory = heapStats().memory;
  fc.assert(fc.property(fc.constantFrom('bytearray', 'Uint8Array', 'pooled Buffers', 'wasm and a JS view of it', 'a JS view of wasm, and wasm',
    'a whole Uint8Array source'),
    fc.constantFrom(...Object.keys(SHORT_FORMATS)), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 24 }), fc.uint8Array({ minLength: 128, maxLength: 128 }),
    (kind, fmt, items, i, j, init) => {
      const size = SHORT_FORMATS[fmt], n = items * size;
      let whole, target, source; // whole: reads every byte of the target's memory (and the source's, where they share it)
      if (kind === 'bytearray') { const ba = bytearray(init); whole = () => Array.from(bytes(ba)); target = memoryview(ba); source = memoryview(ba); }
      else if (kind === 'Uint8Array') { const u = Uint8Array.from(init); whole = () => Array.from(u); target = memoryview(u); source = memoryview(u.subarray(0)); }
      else if (kind === 'pooled Buffers') {
        const ab = new ArrayBuffer(128); new Uint8Array(ab).set(init);
        whole = () => Array.from(new Uint8Array(ab)); target = memoryview(Buffer.from(ab, 8, 120)); source = memoryview(Buffer.from(ab, 0, 128));
      } else if (kind === 'a whole Uint8Array source') { // j bytes, then the source's n: all of its buffer when j is 0
        const u = Uint8Array.from(init);
        whole = () => Array.from(u); target = memoryview(u); source = memoryview(Uint8Array.from(init.subarray(0, j + n)));
      } else {
        const ba = bytearray(init), jsView = memoryview(memoryview(ba).asTypedArray());
        [target, source] = kind === 'wasm and a JS view of it' ? [memoryview(ba), jsView] : [jsView, memoryview(ba)];
        whole = () => Array.from(bytes(ba));
      }
      const dst = target.slice(i, i + n).cast('B').cast(fmt), src = source.slice(j, j + n).cast('B').cast(fmt);
      // equals: the JS path, against C on the same bytes as [1, items] views
      const inC = (v) => v.cast('B').cast(fmt, [1, items]);
      if (items > 0) assert.is(dst.equals(src), inC(dst).equals(inC(src)), `equals ${kind} ${fmt} ${i} ${j}`);
      // assign: the target's bytes become the source's bytes as they were; nothing else changes
      const before = whole(), want = Array.from(src.tobytes());
      dst.assign(src);
      const after = whole(), span = dst.tobytes();
      assert.equal(Array.from(span), want, `assign ${kind} ${fmt} ${i} ${j}`);
      const at = kind === 'pooled Buffers' ? 8 + i : i;
      for (let k = 0; k < before.length; k++) if (k < at || k >= at + n) assert.is(after[k], before[k], `byte ${k} outside the target changed`);
    }), { numRuns: RUNS * 10 });
  assert.is(heapStats().memory, memory, 'no step grew wasm memory (the room is too small)');
});

/** f()'s result, or its error's class name and message (the assign tests below). */
const resultOrError = (f) => { try { return ['ok', f()]; } catch (e) { return [e.constructor.name, e.message]; } };

// assign's format check (js/view.js sameItems) takes views that share their
// header words (slices of casts of one memory, 1-D casts to one format) as
// having the same items without comparing them: such views must get C's
// answer, bytes or error, which it gives for the same views as [1, n] views.
test('assign between views that share their header words agrees with C', () => {
  // The first cast to a format is C's and shares no words; the later ones share
  // its words (js/fastpath.js castTemplate), as this test needs when run alone.
  for (const f of Object.keys(SHORT_FORMATS)) memoryview(bytearray(8)).cast(f);
  fc.assert(fc.property(fc.constantFrom('bytearray', 'Uint8Array'), fc.constantFrom(...Object.keys(SHORT_FORMATS)),
    fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 6 }),
    fc.constantFrom('slices of one view', 'casts of two memories'), fc.uint8Array({ minLength: 96, maxLength: 96 }),
    (kind, fmt, i, n, j, k, pair, init) => {
      const run = (inC) => {
        const mem = kind === 'bytearray' ? bytearray(init) : Uint8Array.from(init), other = kind === 'bytearray' ? bytearray(init) : Uint8Array.from(init);
        const items = 96 / SHORT_FORMATS[fmt];
        const [dst, src] = pair === 'slices of one view'
          ? [memoryview(mem).cast(fmt).slice(i, i + n), memoryview(mem).cast(fmt).slice(j, j + k)]
          : [memoryview(mem).cast(fmt), memoryview(other).cast(fmt).slice(0, items - (k > 3 ? 1 : 0))];
        assert.ok(viewOf(dst)._hdr === viewOf(src)._hdr, 'the two views share their words');
        const c = (v) => (inC ? v.cast('B').cast(fmt, [1, v.nbytes / v.itemsize]) : v); // 2-D: C's alone
        return resultOrError(() => { c(dst).assign(c(src)); return Array.from(memoryview(mem).tobytes()); });
      };
      assert.equal(run(false), run(true), `${kind} ${fmt} ${pair} ${i} ${n} ${j} ${k}`);
    }), { numRuns: RUNS * 3 });
});

// The other side of sameItems: a 1-D target and a source of another format,
// size or number of dimensions, of as many items or not. assign must raise
// exactly where C's structure check (mv_view_assign_compatible, asked here
// directly) refuses the pair, and otherwise copy the source's bytes.
test('assign between views of other formats or shapes agrees with C\'s structure check', () => {
  const formats = [...Object.keys(SHORT_FORMATS), '@B', '=B', '<b', 'h', '>H'];
  fc.assert(fc.property(fc.constantFrom('bytearray', 'Uint8Array'), fc.constantFrom(...formats), fc.constantFrom(...formats),
    fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }),
    fc.uint8Array({ minLength: 96, maxLength: 96 }),
    (kind, f1, f2, i, n, rows, cols, init) => {
      const mem = kind === 'bytearray' ? bytearray(init) : Uint8Array.from(init), other = kind === 'bytearray' ? bytearray(96) : new Uint8Array(96);
      const dst = memoryview(mem).cast(f1).slice(i, i + n);
      // cols 0: a 1-D source of `rows` items; else a 2-D one of rows x cols
      const bytesOf = rows * Math.max(cols, 1) * struct.calcsize(f2), flat = memoryview(other).cast('B').slice(0, bytesOf);
      const src = cols === 0 ? flat.cast(f2) : flat.cast(f2, [rows, cols]);
      const before = Array.from(memoryview(mem).tobytes()), from = Array.from(src.tobytes());
      const s = borrow(src);
      const status = W.mv_view_assign_compatible(viewOf(dst)._live(), s.ptr, F.err);
      s.done();
      const at = i * struct.calcsize(f1), want = status !== 0 ? resultOrError(() => check(status))
        : ['ok', [...before.slice(0, at), ...from, ...before.slice(at + from.length)]];
      assert.equal(resultOrError(() => { dst.assign(src); return Array.from(memoryview(mem).tobytes()); }), want,
        `${kind} ${f1}[${i}:${i + n}] = ${f2} ${cols === 0 ? `[${rows}]` : `[${rows}, ${cols}]`}`);
    }), { numRuns: RUNS * 5 });
});

test('equals of short views of two formats in JS agrees with C, strided, on both memories', () => {
  const fmts = ['B', 'b', 'h', '>H', 'i', '<I', 'q', '>Q', 'f', '>f', 'd', '<d', '?', 'c', 'e'];
  const value = fc.oneof(fc.integer({ min: -3, max: 300 }), fc.constantFrom(0.5, -0, NaN, 2 ** 40, -1));
  fc.assert(fc.property(fc.constantFrom(...fmts), fc.constantFrom(...fmts), fc.array(value, { minLength: 1, maxLength: 10 }),
    fc.constantFrom(1, 2, -1), fc.boolean(), fc.boolean(),
    (f1, f2, values, step, js1, js2) => {
      // two views holding `values` as well as each format can (a copy through tolist of a 'd' view)
      const make = (f, js) => {
        const size = memoryview(bytearray(8)).cast(f).itemsize, n = values.length * Math.abs(step) * size;
        const m = memoryview(js ? new Uint8Array(n) : bytearray(n)).cast(f);
        for (let k = 0; k < values.length; k++) {
          const v = values[k];
          try { m.set(k * Math.abs(step), f === '?' ? v !== 0 : f === 'c' ? Uint8Array.of(v & 255) : /[qQ]/.test(f) && Number.isInteger(v) ? BigInt(v) : v); } catch { /* out of range: stays 0 */ }
        }
        return step === 1 ? m : step === 2 ? m.slice(0, undefined, 2) : m.slice(undefined, undefined, -1);
      };
      const a = make(f1, js1), b = make(f2, js2);
      // C alone: the same views as 2-D [1, n] sub-views, which the JS path never takes
      const inC = (v) => v.cast('B').cast(v.format, [1, v.nbytes / v.itemsize]);
      const c = (v) => (v.c_contiguous ? inC(v) : inC(memoryview(v.tobytes()).cast(v.format)));
      assert.is(a.equals(b), c(a).equals(c(b)), `${f1} ${f2} ${values} ${step}`);
    }), { numRuns: RUNS * 10 });
});

test('equals of long views of numbers (Node\'s memcmp, or C) agrees with C on [1, n] views, on both memories: aligned or not, strided, one item apart', () => {
  const fmts = ['B', 'h', '<H', 'i', 'I', 'q', 'Q', 'f', 'd', '<d', '>d', '>i'];
  const value = fc.oneof(fc.integer({ min: -3, max: 300 }), fc.constantFrom(0.5, -0, NaN, 2 ** 40, -1));
  fc.assert(fc.property(fc.constantFrom(...fmts), fc.constantFrom(...fmts), fc.integer({ min: 65, max: 200 }), value,
    fc.constantFrom(1, 2, -1), fc.constantFrom('Uint8Array', 'SharedArrayBuffer', 'bytearray'), fc.constantFrom(0, 1, 4),
    fc.nat(), fc.option(value, { nil: undefined }), fc.boolean(),
    (f1, f2, count, fill, step, memory, skew, at, other, otherInWasm) => {
      // count items of `fill` (as each format holds it), the item at `at` set to `other`, from byte `skew` of its memory
      const make = (f, js, seed) => {
        const size = struct.calcsize(f), n = count * Math.abs(step) * size + skew;
        const bytes = !js ? bytearray(n) : memory === 'SharedArrayBuffer' ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
        const m = memoryview(bytes).slice(skew).cast(f);
        const put = (k, v) => {
          try { m.set(k, /[qQ]/.test(f) && Number.isInteger(v) ? BigInt(v) : v); } catch { /* out of range: stays 0 */ }
        };
        for (let k = 0; k < m.length; k++) put(k, fill);
        if (other !== undefined && seed) put((at % count) * Math.abs(step), other);
        return step === 1 ? m : step === 2 ? m.slice(0, undefined, 2) : m.slice(undefined, undefined, -1);
      };
      const a = make(f1, memory !== 'bytearray', true), b = make(f2, !otherInWasm, false);
      const inC = (v) => v.cast('B').cast(v.format, [1, v.nbytes / v.itemsize]);
      const c = (v) => (v.c_contiguous ? inC(v) : inC(memoryview(v.tobytes()).cast(v.format)));
      assert.is(a.equals(b), c(a).equals(c(b)), `${f1} ${f2} ${count} ${fill} ${other}@${at % count} ${step} ${memory}+${skew}`);
      assert.is(b.equals(a), c(b).equals(c(a)));
    }), { numRuns: RUNS * 3 });
});

// index() of these runs the engine's indexOf for items wider than a byte, and
// for bytes in JS memory up to 2 KB; in JS memory count(), and index() where
// indexOf cannot serve (unaligned, strided, big-endian), loop in JS up to 128
// items (js/view.js STAGED_LOOKUP_ITEMS): all against C in wasm memory.
test('index and count of long views by the engine\'s indexOf or a JS loop agree with C, on both memories, aligned or not, strided or not', () => {
  const fmts = ['h', 'H', 'i', 'I', 'q', 'Q', 'f', 'd', '<d', '>d', '>i', 'B', 'b', '?', 'c', 'e'];
  const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0, NaN, 2 ** 40, -1, 65535, 255, 1n, -1n, 0n, true, false,
    Uint8Array.of(0), Uint8Array.of(255)));
  fc.assert(fc.property(fc.constantFrom(...fmts), fc.integer({ min: 65, max: 300 }), fc.uint8Array({ minLength: 2400, maxLength: 2400 }),
    value, fc.constantFrom('bytearray', 'Uint8Array', 'SharedArrayBuffer'), fc.constantFrom(0, 1, 4), fc.nat(400), fc.nat(400),
    fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constantFrom(1, 1, 2, -1),
    (fmt, count, noise, v, memory, skew, x, y, dx, dy, sparse, step) => {
      const size = struct.calcsize(fmt), n = count * size;
      // items of few values, so that many are found (each byte 0, 1 or 255), or all 255 but one
      // item of v at t
      const raw = Uint8Array.from(noise.subarray(0, n), (b) => (sparse ? 255 : b < 200 ? 0 : b < 230 ? 1 : 255));
      const home = memory === 'bytearray' ? bytearray(n + skew) : memory === 'SharedArrayBuffer'
        ? new Uint8Array(new SharedArrayBuffer(n + skew)) : new Uint8Array(n + skew);
      const whole = memoryview(home).slice(skew).cast(fmt);
      whole.cast('B').assign(raw);
      // C's answer: the same bytes at an odd address of wasm memory, where no TypedArray can be aligned
      const cWhole = memoryview(bytearray(n + 1)).slice(1).cast(fmt);
      cWhole.cast('B').assign(raw);
      const m = whole.slice(undefined, undefined, step), c = cWhole.slice(undefined, undefined, step);
      const t = x % m.length;
      if (sparse) for (const view of [m, c]) { try { view.set(t, v); } catch { /* v is no item of fmt */ } }
      // around t, either end of a range long enough for the engine's indexOf
      const [a, b] = !sparse ? [x % (m.length + 10) - 5, y % (m.length + 10) - 5]
        : y & 1 ? [Math.max(0, t + dx - 80), t + 1 + dy] : [t + dx, t + 81 + dy];
      const tried = (view) => { try { return view.index(v, a, b); } catch (e) { return `${e.name}: ${e.message}`; } };
      assert.is(tried(m), tried(c), `${fmt} ${count} ${String(v)} [${a}, ${b}) ${memory}+${skew} step ${step}`);
      assert.is(m.count(v), c.count(v), `count ${fmt} ${count} ${String(v)} ${memory}+${skew} step ${step}`);
    }), { numRuns: RUNS * 3 });
});

test('count of long views of doubles in JS memory (a JS loop, or staged for C) agrees with C on the same bytes in wasm memory', () => {
  const item = fc.constantFrom(0, -0, 1, 0.5, NaN, 2 ** 53, -1, Infinity);
  fc.assert(fc.property(fc.array(item, { minLength: 65, maxLength: 300 }), fc.oneof(item, fc.constantFrom(1n, 0n, 2 ** 53 + 2, 2n ** 53n + 1n, true, 'x')),
    fc.constantFrom('Float64Array', 'Uint8Array', 'SharedArrayBuffer', 'resizable ArrayBuffer'), fc.constantFrom(0, 8, 4), fc.nat(40), fc.nat(40),
    (items, v, memory, skew, cutStart, cutEnd) => {
      const raw = new Uint8Array(Float64Array.from(items).buffer), n = raw.length + skew;
      const home = memory === 'Float64Array' ? new Float64Array((n + 7) >> 3) : memory === 'SharedArrayBuffer' ? new Uint8Array(new SharedArrayBuffer(n))
        : memory === 'resizable ArrayBuffer' ? new Uint8Array(new ArrayBuffer(n, { maxByteLength: 2 * n })) : new Uint8Array(n);
      new Uint8Array(home.buffer, home.byteOffset + skew, raw.length).set(raw);
      const m = memoryview(home).cast('B').slice(skew, skew + raw.length).cast('d').slice(cutStart, items.length - cutEnd);
      const c = memoryview(bytearray(raw)).cast('d').slice(cutStart, items.length - cutEnd); // C: wasm memory
      assert.is(m.count(v), c.count(v), `${items.length} ${String(v)} ${memory}+${skew} [${cutStart}, -${cutEnd}]`);
    }), { numRuns: RUNS * 3 });
});

// A Struct's pack_into of up to ten values (numbers, booleans, Uint8Arrays of
// 1 to 32 bytes) is written by a writer that takes the values as its
// arguments (js/executor.js recordArgsWriter); past ten, or with other values,
// by conversion and the array writer, or C. Both, and the module function,
// against C on the same target, on both memories: every byte, or the error.
test('pack_into from its arguments (Struct and module function) agrees with C, 1 to 12 values, on both memories', () => {
  // the writer is made (a failure to generate it would only make every call take the array path)
  for (const [fmt, values] of [['<IHH', [1, 2, 3]], ['>I4s', [1, Uint8Array.of(2)]], ['<?c10x', [true, Uint8Array.of(3)]], ['<10I', Array(10).fill(7)]]) {
    const S = new struct.Struct(fmt);
    S.pack_into(new Uint8Array(64), 0, ...values);
    assert.type(compiledOf(S)._argsWriter, 'function', fmt);
  }
  const eleven = new struct.Struct('<11I');
  eleven.pack_into(new Uint8Array(64), 0, ...Array(11).fill(7));
  assert.is(compiledOf(eleven)._argsWriter, null);
  const code = fc.constantFrom('b', 'B', 'h', 'H', 'i', 'I', 'q', 'Q', 'f', 'd', '?', 'x', 'e', '3s');
  // mostly values every number code stores, so that most records are written
  const value = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 127 }) }, fc.integer({ min: -70000, max: 70000 }), fc.constantFrom(0, -1, 255, 256, 2 ** 31, 2 ** 32, -(2 ** 31) - 1, 2 ** 63,
    1.5, -0, NaN, Infinity, 1e39, 3n, -(2n ** 63n), 2n ** 64n, true, false, null, 'x', [1]),
    // bytes: short, longer than the field, past the executor's 32, not a Uint8Array, and (TARGET) the target or a view of it
    fc.constantFrom(Uint8Array.of(1, 2), Uint8Array.of(9, 8, 7, 6, 5), new Uint8Array(40).fill(3), new Uint16Array(2), Buffer.from('ab'), 'TARGET'));
  fc.assert(fc.property(fc.constantFrom('<', '>', '@', '='), fc.array(code, { minLength: 1, maxLength: 12 }), fc.array(value, { minLength: 13, maxLength: 13 }),
    fc.constantFrom('Buffer', 'bytearray', 'memoryview of a Uint8Array'),
    fc.oneof({ weight: 4, arbitrary: fc.nat(20) }, fc.integer({ min: -80, max: 80 })), fc.constantFrom(0, 0, 0, 0, 1, 2),
    (order, codes, pool, memory, offset, extra) => {
      const fmt = order + codes.join(''), S = new struct.Struct(fmt);
      const n = codes.filter((c) => c !== 'x').length + (extra === 2 ? 1 : 0) - (extra === 1 && codes.length > 1 ? 1 : 0);
      const values = pool.slice(0, Math.max(n, 0));
      const make = () => {
        const u = Uint8Array.from({ length: 96 }, (_, k) => (k * 37 + 11) & 255);
        return memory === 'Buffer' ? Buffer.from(u) : memory === 'bytearray' ? bytearray(u) : memoryview(u);
      };
      const outcome = (pack) => {
        const t = make();
        let r;
        try { pack(t); r = 'ok'; } catch (e) { r = `${e.name}: ${e.message}`; }
        return `${r} ${Array.from(memory === 'Buffer' ? t : t.tobytes()).join(',')}`;
      };
      const on = (t) => values.map((v) => (v !== 'TARGET' ? v : memory === 'Buffer' ? t.subarray(2, 6) : memory === 'bytearray' ? t : t.obj.subarray(2, 6)));
      const want = outcome((t) => viaC.pack_into(S, t, offset, ...on(t)));
      assert.is(outcome((t) => S.pack_into(t, offset, ...on(t))), want, `${fmt} ${memory} ${offset}`);
      assert.is(outcome((t) => struct.pack_into(fmt, t, offset, ...on(t))), want, `module ${fmt} ${memory} ${offset}`);
    }), { numRuns: RUNS * 4 });
});

// A bytes value that is a view of the target (a Uint8Array is Python bytes:
// its bytes are read before anything is written), where an earlier field
// overwrites what the value views: every start and length of the view, and
// every offset of the record over it.
test('pack_into of a bytes value that views its own target agrees with C, as the fields before it overwrite it', () => {
  const formats = [['<I3s', [7]], ['<H4sB', [0xbeef, null, 9]], ['>Q2s', [2n ** 63n + 5n]], ['<Bc', [200]], ['<4s4s', [Uint8Array.of(1, 2, 3, 4)]],
    ['<d8s', [-2.5]], ['<2s?6s', [Uint8Array.of(5, 6), true]]];
  for (const [fmt, head] of formats) {
    const S = new struct.Struct(fmt);
    const size = S.size, fields = S.unpack(new Uint8Array(size)).length;
    for (const memory of ['Buffer', 'memoryview of a Uint8Array']) {
      for (let offset = 0; offset < 6; offset++) for (let start = 0; start < 10; start++) for (const len of [1, 2, 4, 8, 40]) { // 40: past the executor's 32
        const outcome = (pack) => {
          const u = Uint8Array.from({ length: 64 }, (_, k) => (k * 37 + 11) & 255), t = memory === 'Buffer' ? Buffer.from(u) : memoryview(u);
          const src = memory === 'Buffer' ? t : u;
          const values = Array.from({ length: fields }, (_, k) => (k < head.length && head[k] !== null ? head[k] : src.subarray(start, start + (fmt.includes('c') ? 1 : len))));
          let r;
          try { pack(t, values); r = 'ok'; } catch (e) { r = `${e.name}: ${e.message}`; }
          return `${r} ${Array.from(src).join(',')}`;
        };
        const want = outcome((t, v) => viaC.pack_into(S, t, offset, ...v));
        assert.is(outcome((t, v) => S.pack_into(t, offset, ...v)), want, `${fmt} ${memory} offset ${offset} view [${start}, +${len}]`);
      }
    }
  }
});

test.run();
