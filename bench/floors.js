// The floors under the rows of `make bench` that miss their goal: what the
// platform itself costs for the same job, measured in this process, so that
// bench/MISSES.md can say how close memview is to the best reachable figure.
// memview's own lines run the shipped bundle (dist/memview.js); the lines
// that time one step inside memview (a wasm call, the digits of hex, the
// gather of a strided copy) need its internals, so they run js/ (the same
// C core and the same JS, unbundled).
//
//   node bench/floors.js            every section
//   node bench/floors.js pack_into  only the sections whose name has 'pack_into'
//
// A section run alone has no other section's history in the process (what
// V8 has compiled, and with what feedback), which some floors depend on.
import * as dist from '../dist/memview.js';
import * as internal from '../js/memview.js';
import { W, F, alloc, free, heapU8, copyOut } from '../js/wasm.js';
import { viewOf } from '../js/view.js';
import { isByteFormat } from '../js/fastpath.js';
import { measure } from './lib.js';
import { memory, Records } from './targets.js';
import { randomBytes } from 'node:crypto';
import { makeRecordFile, RECORD_SIZE, HEADER_SIZE, COUNT } from './record.js';

const { memoryview, bytearray, struct } = dist;

const opts = { minMs: 25, samples: 9, warm: 2 };
// Steps that make a fresh multi-megabyte result are timed one call at a time after a GC (bench/lib.js).
const freshOpts = { ...opts, fresh: true };
const rows = [];
const only = process.argv[2], sections = [];
let current = '';
/** Starts the section `name`: what follows is timed if its name has `only`. */
const section = (name) => { current = name; sections.push(name); };
const timed = () => only === undefined || current.includes(only);
const per = (name, fn, items, unit = 'ns/item') => timed() && rows.push([name, `${(measure(fn, opts) / items).toFixed(1)} ${unit}`]);
const rate = (name, fn, bytes, o = opts) => timed() && rows.push([name, `${(bytes / measure(fn, o)).toFixed(2)} GB/s`]);

section('spread');
// [...m]: V8 spreads only a real Array fast; any other iterable pays the
// iteration protocol per item, however little its next() does.
const N = 1_000_000;
const i32 = new Int32Array(N).map((_, k) => k * 7);
const plain = Array.from(i32);
const minimal = { [Symbol.iterator]() { let i = 0; return { next: () => (i < N ? { value: i32[i++], done: false } : { value: undefined, done: true }) }; } };
const m = memoryview(bytearray(4 * N)).cast('i');
per('[...array] (a real Array)', (r) => { let x; for (let k = 0; k < r; k++) x = [...plain]; return x.length; }, N);
per('[...int32Array]', (r) => { let x; for (let k = 0; k < r; k++) x = [...i32]; return x.length; }, N);
per('[...iterable] with a minimal next()', (r) => { let x; for (let k = 0; k < r; k++) x = [...minimal]; return x.length; }, N);
per('[...m] (memview)', (r) => { let x; for (let k = 0; k < r; k++) x = [...m]; return x.length; }, N);

section("iter_unpack '<I'");
// iter_unpack: a for...of over a minimal iterator that makes a fresh tuple per
// record from a DataView, against memview's.
const NB = 1 << 20, dv = new DataView(new ArrayBuffer(NB));
class Tuples { constructor() { this.i = 0; } next() { const i = this.i; if (i >= NB) return { value: undefined, done: true }; this.i = i + 4; return { value: [dv.getUint32(i, true)], done: false }; } [Symbol.iterator]() { return this; } }
const ib = bytearray(NB);
per('for...of a minimal iterator of [u32] tuples', (r) => { let s = 0; for (let k = 0; k < r; k++) for (const t of new Tuples()) s += t[0]; return s; }, NB / 4);
per("for...of struct.iter_unpack('<I') (memview)", (r) => { let s = 0; for (let k = 0; k < r; k++) for (const t of struct.iter_unpack('<I', ib)) s += t[0]; return s; }, NB / 4);

section('hex 10 MB');
// hex(): the digits are made in wasm; making a JS string of them is the floor.
const HB = 10_000_000, hv = internal.memoryview(internal.bytearray(HB)), out = alloc(2 * HB);
const nodeBuf = Buffer.alloc(HB, 0x5a);
rate("wasm digits only (mv_view_hex into wasm memory)", (r) => { for (let k = 0; k < r; k++) W.mv_view_hex(viewOf(hv)._live(), out, -1, 1, F.err); return 0; }, HB);
rate('a JS string of the 20 MB of digits (Buffer latin1)', (r) => { let s; for (let k = 0; k < r; k++) s = Buffer.from(heapU8().buffer, out, 2 * HB).toString('latin1'); return s.length; }, HB, freshOpts);
rate("Buffer.toString('hex') (all of Node's hex)", (r) => { let s; for (let k = 0; k < r; k++) s = nodeBuf.toString('hex'); return s.length; }, HB, freshOpts);
rate('m.hex() (memview)', (r) => { let s; for (let k = 0; k < r; k++) s = hv.hex(); return s.length; }, HB, freshOpts);
free(out);

section('strided tobytes');
// slice(0, n, 2).tobytes(): the gather runs in wasm, then the bytes are copied
// out of wasm memory into the result's own ArrayBuffer.
const strided = internal.memoryview(internal.bytearray(HB)).slice(0, HB, 2), half = HB / 2, gather = alloc(half);
rate('strided gather in wasm only', (r) => { for (let k = 0; k < r; k++) W.mv_view_tobytes(viewOf(strided)._live(), gather, 67, F.err); return 0; }, HB);
rate('copying 5 MB out of wasm memory (copyOut)', (r) => { let x; for (let k = 0; k < r; k++) x = copyOut(gather, half); return x.length; }, HB, freshOpts);
rate('m.slice(0, n, 2).tobytes() (memview)', (r) => { let x; for (let k = 0; k < r; k++) x = strided.tobytes(); return x.length; }, HB, freshOpts);
free(gather);

// ---- floors for issue 14's rows (bench/targets.js) --------------------------------

section('get, one format');
// get(i) / set(i, v) loops, goal <= 3x the TypedArray loop: the loop itself,
// and the least a get(i) method can do (an object's method, a range check
// with Python's negative index, a read through a DataView, as the executor
// reads), with and without a private-field brand check like memview's.
const NL = 65536, u8 = new Uint8Array(NL).map((_, k) => k * 7), f64 = new Float64Array(NL / 8).map((_, k) => k / 4);
const b64 = new BigInt64Array(u8.buffer), dv64 = new DataView(u8.buffer);
class MinimalGet {
  constructor(dv, n, size) { this.dv = dv; this.n = n; this.size = size; }
  get(i) {
    const n = this.n;
    if (i < 0) i += n;
    if (!(i >= 0 && i < n)) throw new RangeError('index out of range');
    return this.dv.getUint8(i * this.size);
  }
  getF64(i) { const n = this.n; if (i < 0) i += n; if (!(i >= 0 && i < n)) throw new RangeError('index out of range'); return this.dv.getFloat64(i * 8, true); }
}
class BrandedGet {
  #r;
  constructor(r) { this.#r = r; }
  get(i) { const r = this.#r; const n = r.n; if (i < 0) i += n; if (!(i >= 0 && i < n)) throw new RangeError('index out of range'); return r.dv.getUint8(i); }
}
// Over wasm memory, every access must also see whether memory grew (its old
// buffer is then detached, and a view of it has length 0): memview's heap().
class BrandedWasmGet {
  #r;
  constructor(r) { this.#r = r; }
  get(i) {
    const r = this.#r, n = r.n;
    if (i < 0) i += n;
    if (!(i >= 0 && i < n)) throw new RangeError('index out of range');
    const v = r.views.u8.length !== 0 ? r.views : r.remap();
    return v.dv.getUint8(r.base + i);
  }
}
const mg = new MinimalGet(dv64, NL, 1), mgd = new MinimalGet(dv64, NL / 8, 8), bg = new BrandedGet({ dv: dv64, n: NL });
const wasmLike = { n: NL, base: 0, views: { u8, dv: dv64 }, remap() { return this.views; } }, bwg = new BrandedWasmGet(wasmLike);
const mBA = memoryview(bytearray(NL));
const mB = memoryview(Buffer.from(u8.buffer)), mD = memoryview(f64), mQ = mB.cast('q');
per('Uint8Array[i] loop (the reference of the B rows)', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (u8[i] !== -1) c++; return c; }, NL);
per('DataView getUint8(i) loop', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (dv64.getUint8(i) !== -1) c++; return c; }, NL);
per('minimal get(i) method over a DataView (range check, negative index)', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (mg.get(i) !== -1) c++; return c; }, NL);
per('the same with a private-field brand check', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (bg.get(i) !== -1) c++; return c; }, NL);
per("m.get(i) loop, 'B', a Buffer (memview)", (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (mB.get(i) !== -1) c++; return c; }, NL);
per('the same with a growth check, as over wasm memory', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (bwg.get(i) !== -1) c++; return c; }, NL);
per("m.get(i) loop, 'B', a bytearray (memview)", (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL; i++) if (mBA.get(i) !== -1) c++; return c; }, NL);
per('Float64Array[i] loop', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) if (f64[i] !== -1) c++; return c; }, NL / 8);
per("minimal getF64(i) method over a DataView", (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) if (mgd.getF64(i) !== -1) c++; return c; }, NL / 8);
per("m.get(i) loop, 'd', a Float64Array (memview)", (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) if (mD.get(i) !== -1) c++; return c; }, NL / 8);
per('BigInt64Array[i] loop (each item a new BigInt)', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) if (b64[i] !== -1n) c++; return c; }, NL / 8);
per('DataView getBigInt64 loop', (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) if (dv64.getBigInt64(8 * i, true) !== -1n) c++; return c; }, NL / 8);
per("m.get(i) loop, 'q', a Buffer (memview)", (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) if (mQ.get(i) !== -1n) c++; return c; }, NL / 8);

section('set, one format');
// set(i, v): the stores, and the least a set(i, v) method can do: the brand
// check, the index's integer and range checks, and Python's check of the
// value (an int in the item's range, else ValueError, where the TypedArray
// wraps; a number for 'd'). For 'q', BigInt.asIntN(64, v) === v, which V8
// compiles inline (two bigint comparisons cost 3x more), and a store into a
// BigInt64Array: V8 11 inlines no DataView setBigInt64. One method per
// format: memview's set() serves every format.
class BrandedSet {
  #r;
  constructor(r) { this.#r = r; }
  /** The byte offset of item i of `size` bytes, by Python's index rules. */
  #at(i, size) {
    const n = this.#r.n / size;
    if (!Number.isInteger(i)) throw new TypeError('bad index');
    if (i < 0) i += n;
    if (!(i >= 0 && i < n)) throw new RangeError('index out of range');
    return size * i;
  }
  setU32(i, v) {
    const a = this.#at(i, 4);
    if (!(typeof v === 'number' && v >= 0 && v <= 4294967295 && Number.isInteger(v))) throw new TypeError('bad value');
    this.#r.dv.setUint32(a, v, true);
  }
  setF64(i, v) {
    const a = this.#at(i, 8);
    if (typeof v !== 'number') throw new TypeError('bad value');
    this.#r.dv.setFloat64(a, v, true);
  }
  setI64(i, v) {
    const a = this.#at(i, 8);
    if (!(typeof v === 'bigint' && BigInt.asIntN(64, v) === v)) throw new TypeError('bad value');
    this.#r.words[a / 8] = v;
  }
}
{
  const setDv = new DataView(new ArrayBuffer(NL)), bs = new BrandedSet({ dv: setDv, words: new BigInt64Array(setDv.buffer), n: NL });
  const u32s = new Uint32Array(setDv.buffer), f64s = new Float64Array(setDv.buffer), i64s = new BigInt64Array(setDv.buffer);
  const vI = Array.from({ length: NL / 4 }, (_, i) => (i * 2654435761) >>> 0), vD = Array.from({ length: NL / 8 }, (_, i) => i * 0.25);
  const vQ = Array.from({ length: NL / 8 }, (_, i) => BigInt(i) * 0x1234567n - 5n);
  const mI = memoryview(Buffer.alloc(NL)).cast('I'), mDs = memoryview(Buffer.alloc(NL)).cast('d'), mQs = memoryview(Buffer.alloc(NL)).cast('q');
  per('Uint32Array[i] = v loop', (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 4; i++) u32s[i] = vI[i]; return 0; }, NL / 4);
  per('minimal branded setU32(i, v) (range and value checks)', (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 4; i++) bs.setU32(i, vI[i]); return 0; }, NL / 4);
  per("m.set(i, v) loop, 'I', a Buffer (memview)", (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 4; i++) mI.set(i, vI[i]); return 0; }, NL / 4);
  per('Float64Array[i] = v loop', (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) f64s[i] = vD[i]; return 0; }, NL / 8);
  per('minimal branded setF64(i, v)', (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) bs.setF64(i, vD[i]); return 0; }, NL / 8);
  per("m.set(i, v) loop, 'd', a Buffer (memview)", (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) mDs.set(i, vD[i]); return 0; }, NL / 8);
  per('BigInt64Array[i] = v loop (wraps, no range check)', (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) i64s[i] = vQ[i]; return 0; }, NL / 8);
  per('minimal branded setI64(i, v) (the bigint range check)', (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) bs.setI64(i, vQ[i]); return 0; }, NL / 8);
  per("m.set(i, v) loop, 'q', a Buffer (memview)", (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < NL / 8; i++) mQs.set(i, vQ[i]); return 0; }, NL / 8);
}

section("get/set, the table's shape");
// The table (bench/targets.js) times every get and set row with one loop
// literal, so its m.get and m.set call sites see four formats over seven
// memories each, as the TypedArray reference's load and store see four
// element types. The methods above each serve one format; the least a get(i) and a
// set(i, v) serving several can do, timed the same way, is one method that
// switches on its view's format (V8 does not inline a call through a
// per-format function once that call has seen several). They make every
// check memview's must make for its promises: a branded this, a live (and
// for set writable) 1-D view, an integral index in range, a JS buffer that
// has not shrunk under it (a resizable ArrayBuffer), the view's base
// address (over wasm memory, a DataView asked for on every access, as
// memview must: wasm memory may have grown since), and a try, since a
// detached buffer throws and must get the CPython-style error.
class MultiFormatItems {
  #r;
  constructor(r) { this.#r = r; }
  /** The address of item i in r.dv, or -1 for the general path. */
  #at(r, i, write) {
    if (!(r.live && (r.writable || !write) && typeof i === 'number' && Number.isInteger(i))) return -1;
    const n = r.n;
    if (i < 0) i += n;
    return i >= 0 && i < n && (r.resizable === null || r.resizable.byteLength >= r.end) ? r.base + i * r.size : -1;
  }
  get(i) {
    const r = this.#r, a = this.#at(r, i, false), dv = r.heap === null ? r.dv : r.heap();
    if (a >= 0) {
      try {
        switch (r.code) {
          case 1: return dv.getUint8(a);
          case 2: return dv.getUint32(a, true);
          case 3: return dv.getFloat64(a, true);
          case 4: return dv.getBigInt64(a, true); // as memview (a BigInt64Array gained nothing here)
        }
      } catch { /* detached: the general path raises */ }
    }
    return this.#general(i);
  }
  set(i, v) {
    const r = this.#r, a = this.#at(r, i, true), dv = r.heap === null ? r.dv : r.heap();
    if (a >= 0) {
      try {
        switch (r.code) {
          case 1: if (typeof v === 'number' && v >= 0 && v <= 255 && Number.isInteger(v)) return dv.setUint8(a, v); break;
          case 2: if (typeof v === 'number' && v >= 0 && v <= 4294967295 && Number.isInteger(v)) return dv.setUint32(a, v, true); break;
          case 3: if (typeof v === 'number') return dv.setFloat64(a, v, true); break;
          case 4: if (typeof v === 'bigint' && BigInt.asIntN(64, v) === v) return dv.setBigInt64(a, v, true); break;
        }
      } catch { /* detached: the general path raises */ }
    }
    return this.#general(i, v);
  }
  #general() { throw new TypeError('bad index or value'); }
}
// That floor and memview over the table's own memories per format
// (bytearray, array, and the five JS kinds), all 28 through each call site
// before any is timed. The floor's wasm memory is one of its own, never
// grown, checked as js/wasm.js heap() checks memview's.
{
  const wmem = new WebAssembly.Memory({ initial: (2 * 4 * NL) >> 16 }); // two wasm memories a format
  let wviews = null;
  const remap = () => { const b = wmem.buffer; return (wviews = { u8: new Uint8Array(b), dv: new DataView(b) }); };
  const heap = () => (wviews !== null && wviews.u8.length !== 0 ? wviews : remap()).dv;
  let wasmNext = 0;
  // Each pair of loops is two literals of the same text, so that the
  // floor's call sites and memview's keep apart what they have seen.
  const loadLoop = (M, Ctor, z, n) => (r) => { const t = M.ta(Ctor); let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) if (t[i] !== z) c++; return c; };
  const floorGetLoop = (m, z, n) => (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) if (m.get(i) !== z) c++; return c; };
  const memviewGetLoop = (m, z, n) => (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) if (m.get(i) !== z) c++; return c; };
  const storeLoop = (M, Ctor, vals, n) => (r) => { const t = M.ta(Ctor); for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) t[i] = vals[i]; return 0; };
  const floorSetLoop = (m, vals, n) => (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) m.set(i, vals[i]); return 0; };
  const memviewSetLoop = (m, vals, n) => (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) m.set(i, vals[i]); return 0; };
  const formats = [['B', 1, Uint8Array, (i) => (i * 7) & 255], ['I', 2, Uint32Array, (i) => (i * 2654435761) >>> 0],
    ['d', 3, Float64Array, (i) => i * 0.25], ['q', 4, BigInt64Array, (i) => BigInt(i) * 0x1234567n - 5n]];
  const cases = [];
  for (const [fmt, code, T, value] of formats) {
    const n = NL / T.BYTES_PER_ELEMENT, vals = Array.from({ length: n }, (_, i) => value(i)), z = fmt === 'q' ? -1n : -1;
    const src = fmt === 'd' ? new Uint8Array(Float64Array.from({ length: n }, (_, i) => i * 1.5 - 7).buffer) : randomBytes(NL);
    for (const kind of ['bytearray', `array('${fmt}')`, 'Uint8Array', 'Buffer', 'ArrayBuffer', 'Float64Array', 'SharedArrayBuffer']) {
      const M = memory(kind, src, dist), m = M.view(fmt);
      let r;
      if (M.wasm) {
        const base = wasmNext; wasmNext += NL;
        new Uint8Array(wmem.buffer, base, NL).set(src);
        r = { live: true, writable: true, resizable: null, end: NL, base, heap, dv: null, n, size: T.BYTES_PER_ELEMENT, code };
      } else r = { live: true, writable: true, resizable: null, end: NL, base: 0, heap: null, dv: M.dv(), n, size: T.BYTES_PER_ELEMENT, code };
      const floor = new MultiFormatItems(r);
      cases.push({ fmt, kind, n,
        get: { ref: loadLoop(M, T, z, n), floor: floorGetLoop(floor, z, n), memview: memviewGetLoop(m, z, n) },
        set: { ref: storeLoop(M, T, vals, n), floor: floorSetLoop(floor, vals, n), memview: memviewSetLoop(m, vals, n) } });
    }
  }
  if (timed()) for (const c of cases) for (const op of ['get', 'set']) for (const f of Object.values(c[op])) f(1); // every case through each call site first
  if (timed()) for (const op of ['get', 'set']) {
    for (const c of cases) {
      const loops = c[op], t = measure(loops.ref, opts), f = measure(loops.floor, opts), m = measure(loops.memview, opts);
      const at = (x) => `${(x / c.n).toFixed(1)} ns/item, ${(x / t).toFixed(2)}x`;
      rows.push([`'${c.fmt}' ${c.kind}, the table's shape over its 7 memories: TypedArray ${op}; the floor's ${op}(); memview's`,
        `${(t / c.n).toFixed(1)} ns/item; ${at(f)}; ${at(m)}`]);
    }
  }
}

section('per-call costs');
// Per-call costs that a call on a JS buffer may pay when it cannot keep a
// DataView of that buffer: making one, or finding one kept in a WeakMap.
const ab = new ArrayBuffer(4096), nbuf = Buffer.alloc(4096), wm = new WeakMap([[nbuf, new DataView(nbuf.buffer)]]);
const fr = new FinalizationRegistry(() => {});
const op = (name, fn) => per(name, fn, 1, 'ns');
op('new DataView(buffer, off, len)', (r) => { let x; for (let k = 0; k < r; k++) x = new DataView(ab, 16, 64); return x.byteLength; });
op('new Uint8Array(buffer, off, len)', (r) => { let x; for (let k = 0; k < r; k++) x = new Uint8Array(ab, 16, 64); return x.length; });
op('Buffer.from(arrayBuffer, off, len)', (r) => { let x; for (let k = 0; k < r; k++) x = Buffer.from(ab, 16, 64); return x.length; });
op('WeakMap.get(buffer) of a kept DataView', (r) => { let x; for (let k = 0; k < r; k++) x = wm.get(nbuf); return x.byteLength; });
op('FinalizationRegistry register + unregister', (r) => { const t = {}; for (let k = 0; k < r; k++) { const o = {}; fr.register(o, 0, t); fr.unregister(t); } return 0; });

section('unpack_from, one format');
// Struct('<IHH').unpack_from(buf, off) on a Buffer, goal <= 1.5x the DataView
// code with its DataView made once: the same code when it has to make the
// DataView per call, or look it up.
const dvb = new DataView(nbuf.buffer, nbuf.byteOffset, nbuf.length), S = new struct.Struct('<IHH'), ring = new Array(16);
op("DataView code for '<IHH', DataView made once (the reference)", (r) => { let x; for (let k = 0; k < r; k++) ring[k & 15] = x = [dvb.getUint32(16, true), dvb.getUint16(20, true), dvb.getUint16(22, true)]; return x[0]; });
op("the same, a new DataView per call", (r) => { let x; for (let k = 0; k < r; k++) { const d = new DataView(nbuf.buffer, nbuf.byteOffset, nbuf.length); ring[k & 15] = x = [d.getUint32(16, true), d.getUint16(20, true), d.getUint16(22, true)]; } return x[0]; });
op("the same, the DataView from a WeakMap per call", (r) => { let x; for (let k = 0; k < r; k++) { const d = wm.get(nbuf); ring[k & 15] = x = [d.getUint32(16, true), d.getUint16(20, true), d.getUint16(22, true)]; } return x[0]; });
op("Struct('<IHH').unpack_from(buffer, 16) (memview)", (r) => { let x; for (let k = 0; k < r; k++) ring[k & 15] = x = S.unpack_from(nbuf, 16); return x[0]; });

section('pack_into, one format');
// Struct('<IHH').pack_into(buf, off, a, b, c), goal <= 1.5x three DataView
// writes: the least a method of that shape can do. It takes the values from
// `arguments`, as memview's does (the arity is the format's), brand-checks itself, finds the
// buffer's DataView, checks the offset and every value, and writes through
// code generated per format (one closure per Struct, as memview's).
class MinimalPacker {
  #write;
  constructor(write) { this.#write = write; }
  pack_into(buf, off) { // the values from arguments, one by one, as memview's (no rest array)
    const write = this.#write;
    const d = wm.get(buf);
    if (d === undefined || typeof off !== 'number' || !(off >= 0 && off + 8 <= d.byteLength)) throw new RangeError('bad offset');
    if (!write(d, off, arguments[2], arguments[3], arguments[4])) throw new TypeError('bad value');
  }
}
const packer = new MinimalPacker(new Function(`return (d, a, x, y, z) => {
  if (!(typeof x === 'number' && x >= 0 && x <= 4294967295 && Number.isInteger(x))) return false;
  if (!(typeof y === 'number' && y >= 0 && y <= 65535 && Number.isInteger(y))) return false;
  if (!(typeof z === 'number' && z >= 0 && z <= 65535 && Number.isInteger(z))) return false;
  d.setUint32(a, x, true); d.setUint16(a + 4, y, true); d.setUint16(a + 6, z, true); return true; };`)());
op("DataView writes for '<IHH', DataView made once (the reference)", (r) => { for (let k = 0; k < r; k++) { dvb.setUint32(16, k, true); dvb.setUint16(20, 7, true); dvb.setUint16(22, 9, true); } return dvb.getUint8(16); });
op('a minimal pack_into(buf, off, ...values) method of that shape', (r) => { for (let k = 0; k < r; k++) packer.pack_into(nbuf, 16, k, 7, 9); return nbuf[16]; });
op("Struct('<IHH').pack_into(buffer, 16, ...) (memview)", (r) => { for (let k = 0; k < r; k++) S.pack_into(nbuf, 16, k, 7, 9); return nbuf[16]; });

section("pack_into, the table's shape");
// pack_into in the table's shape (bench/targets.js): one pack_into method
// serves the table's four formats, each called from one loop literal shared
// by all of them, on a Buffer and a Uint8Array, at offsets that cycle. The
// floor is a minimal packer that makes memview's checks: a branded this, the
// target's DataView from a memo of the last target, an integral offset in
// range, each value checked before any write, a try (a detached buffer must
// get the CPython-style error), and per format generated code that takes the
// values as its arguments and copies a small bytes field byte by byte.
// memview runs the same loops (a second literal of the same text).
class MultiFormatPacker {
  #size; #write; #memo = { x: null, dv: null };
  constructor(size, write) { this.#size = size; this.#write = write; }
  pack_into(buf, off) { // the values from `arguments`, as memview's (no rest array)
    const write = this.#write, memo = this.#memo, args = arguments;
    if (memo.x !== buf) { memo.x = buf; memo.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
    const d = memo.dv;
    if (typeof off === 'number' && Number.isInteger(off) && off >= 0 && off + this.#size <= d.byteLength) {
      try {
        if (write(d, off, args[2], args[3], args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11])) return;
      } catch { /* detached: the general path raises */ }
    }
    throw new TypeError('the general path');
  }
}
{
  const u32 = (v) => `typeof ${v} === 'number' && ${v} >= 0 && ${v} <= 4294967295 && Number.isInteger(${v})`;
  const u16 = (v) => `typeof ${v} === 'number' && ${v} >= 0 && ${v} <= 65535 && Number.isInteger(${v})`;
  const gen = (params, body) => new Function(`return (d, a, ${params}) => { ${body} return true; };`)();
  const S4 = Uint8Array.of(1, 2, 3, 4), ten = Array.from({ length: 10 }, (_, j) => `v${j}`);
  const formats = [
    { fmt: '<IHH', size: 8, pack: (p, b, o) => p.pack_into(b, o, 0x12345678, 0xabcd, 7),
      write: (dv, o) => { dv.setUint32(o, 0x12345678, true); dv.setUint16(o + 4, 0xabcd, true); dv.setUint16(o + 6, 7, true); },
      writer: gen('x, y, z', `if (!(${u32('x')}) || !(${u16('y')}) || !(${u16('z')})) return false; d.setUint32(a, x, true); d.setUint16(a + 4, y, true); d.setUint16(a + 6, z, true);`) },
    { fmt: '>I4s', size: 8, pack: (p, b, o) => p.pack_into(b, o, 0x12345678, S4),
      write: (dv, o, u8) => { dv.setUint32(o, 0x12345678, false); u8.set(S4, o + 4); },
      writer: gen('x, s', `if (!(${u32('x')}) || !ArrayBuffer.isView(s)) return false; const n = s.length;
        d.setUint32(a, x, false); let k = 0; for (; k < n && k < 4; k++) d.setUint8(a + 4 + k, s[k]); for (; k < 4; k++) d.setUint8(a + 4 + k, 0);`) },
    { fmt: '<d', size: 8, pack: (p, b, o) => p.pack_into(b, o, 1.25),
      write: (dv, o) => { dv.setFloat64(o, 1.25, true); },
      writer: gen('x', `if (typeof x !== 'number') return false; d.setFloat64(a, x, true);`) },
    { fmt: '<10I', size: 40, pack: (p, b, o) => p.pack_into(b, o, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      write: (dv, o) => { for (let j = 0; j < 10; j++) dv.setUint32(o + 4 * j, j + 1, true); },
      writer: gen(ten.join(', '), `if (${ten.map((v) => `!(${u32(v)})`).join(' || ')}) return false; ${ten.map((v, j) => `d.setUint32(a + ${4 * j}, ${v}, true);`).join(' ')}`) },
  ];
  const off = (k) => 16 + ((k & 3) << 6);
  // Two literals of the same text for the floor and memview, as above.
  const refLoop = (F, dv, u8) => (r) => { for (let k = 0; k < r; k++) F.write(dv, off(k), u8); return 0; };
  const floorLoop = (F, p, x) => (r) => { for (let k = 0; k < r; k++) F.pack(p, x, off(k)); return 0; };
  const memviewLoop = (F, p, x) => (r) => { for (let k = 0; k < r; k++) F.pack(p, x, off(k)); return 0; };
  const targets = [['a Buffer', () => Buffer.alloc(4096)], ['a Uint8Array', () => new Uint8Array(4096)]];
  const cases = [];
  for (const F of formats) for (const [tname, make] of targets) {
    const x = make(), y = make(), dv = new DataView(y.buffer, y.byteOffset, y.length);
    cases.push({ name: `${F.fmt}, ${tname}`, ref: refLoop(F, dv, y), floor: floorLoop(F, new MultiFormatPacker(F.size, F.writer), x),
      memview: memviewLoop(F, new struct.Struct(F.fmt), make()) });
  }
  if (timed()) for (const c of cases) { c.ref(1); c.floor(1); c.memview(1); } // every format and target through each loop first
  if (timed()) for (const c of cases) {
    const t = measure(c.ref, opts), f = measure(c.floor, opts), m = measure(c.memview, opts);
    rows.push([`pack_into '${c.name}', the table's shape: DataView writes; pack_into() serving four formats; memview`,
      `${t.toFixed(1)} ns; ${f.toFixed(1)} ns, ${(f / t).toFixed(2)}x; ${m.toFixed(1)} ns, ${(m / t).toFixed(2)}x`]);
  }
}

section("unpack_from, the table's shape");
// unpack_from in the table's shape, as pack_into above: one unpack_from
// serving the four formats, with memview's checks (a branded this, the
// target's DataView from a memo of the last target, an integral offset in
// range, a try), and per format a reader generated to return the array.
class MultiFormatUnpacker {
  #size; #read; #memo = { x: null, dv: null };
  constructor(size, read) { this.#size = size; this.#read = read; }
  unpack_from(buf, off) {
    const read = this.#read, memo = this.#memo;
    if (memo.x !== buf) { memo.x = buf; memo.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
    const d = memo.dv;
    if (typeof off === 'number' && Number.isInteger(off) && off >= 0 && off + this.#size <= d.byteLength) {
      try { return read(d, off); } catch { /* detached: the general path raises */ }
    }
    throw new TypeError('the general path');
  }
}
{
  const gen = (body) => new Function(`return (d, a) => [${body}];`)();
  const formats = [
    { fmt: '<IHH', size: 8, read: (dv, o) => [dv.getUint32(o, true), dv.getUint16(o + 4, true), dv.getUint16(o + 6, true)],
      reader: gen('d.getUint32(a, true), d.getUint16(a + 4, true), d.getUint16(a + 6, true)') },
    { fmt: '>I4s', size: 8, read: (dv, o, u8) => [dv.getUint32(o, false), u8.slice(o + 4, o + 8)],
      reader: gen('d.getUint32(a, false), new Uint8Array(d.buffer, d.byteOffset + a + 4, 4).slice()') },
    { fmt: '<d', size: 8, read: (dv, o) => [dv.getFloat64(o, true)], reader: gen('d.getFloat64(a, true)') },
    { fmt: '<10I', size: 40, read: (dv, o) => [dv.getUint32(o, true), dv.getUint32(o + 4, true), dv.getUint32(o + 8, true), dv.getUint32(o + 12, true),
      dv.getUint32(o + 16, true), dv.getUint32(o + 20, true), dv.getUint32(o + 24, true), dv.getUint32(o + 28, true), dv.getUint32(o + 32, true), dv.getUint32(o + 36, true)],
      reader: gen(Array.from({ length: 10 }, (_, j) => `d.getUint32(a + ${4 * j}, true)`).join(', ')) },
  ];
  const off = (k) => 16 + ((k & 3) << 6), ring = new Array(16);
  const refLoop = (F, dv, u8) => (r) => { let x; for (let k = 0; k < r; k++) ring[k & 15] = x = F.read(dv, off(k), u8); return x.length; };
  const floorLoop = (p, x) => (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = p.unpack_from(x, off(k)); return y.length; };
  const memviewLoop = (p, x) => (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = p.unpack_from(x, off(k)); return y.length; };
  const cases = [];
  for (const F of formats) for (const [tname, make] of [['a Buffer', () => Buffer.alloc(4096)], ['a Uint8Array', () => new Uint8Array(4096)]]) {
    const x = make(), dv = new DataView(x.buffer, x.byteOffset, x.length);
    cases.push({ name: `${F.fmt}, ${tname}`, ref: refLoop(F, dv, x), floor: floorLoop(new MultiFormatUnpacker(F.size, F.reader), x),
      memview: memviewLoop(new struct.Struct(F.fmt), x) });
  }
  if (timed()) for (const c of cases) { c.ref(1); c.floor(1); c.memview(1); } // every format and target through each loop first
  if (timed()) for (const c of cases) {
    const t = measure(c.ref, opts), f = measure(c.floor, opts), m = measure(c.memview, opts);
    rows.push([`unpack_from '${c.name}', the table's shape: DataView reads; unpack_from() serving four formats; memview`,
      `${t.toFixed(1)} ns; ${f.toFixed(1)} ns, ${(f / t).toFixed(2)}x; ${m.toFixed(1)} ns, ${(m / t).toFixed(2)}x`]);
  }
}

section("iter_unpack '<IHH'");
// iter_unpack('<IHH') over a Buffer, goal <= 1.5x a DataView loop yielding the arrays.
const IB = Buffer.alloc(1 << 16), idv = new DataView(IB.buffer, IB.byteOffset, IB.length);
class Recs { constructor() { this.o = 0; } [Symbol.iterator]() { return this; } next() { const o = this.o; if (o >= IB.length) return { value: undefined, done: true }; this.o = o + 8; return { value: [idv.getUint32(o, true), idv.getUint16(o + 4, true), idv.getUint16(o + 6, true)], done: false }; } }
per('for...of a minimal iterator of [u32, u16, u16] from a DataView, 64 KB', (r) => { let j = 0; for (let k = 0; k < r; k++) for (const t of new Recs()) ring[j++ & 15] = t; return j; }, IB.length / 8);
per("for...of struct.iter_unpack('<IHH', buffer), 64 KB (memview)", (r) => { let j = 0; for (let k = 0; k < r; k++) for (const t of struct.iter_unpack('<IHH', IB)) ring[j++ & 15] = t; return j; }, IB.length / 8);

section('16 B staging');
// A 16-byte view of JS memory: bulk operations run in C on bytes staged in
// wasm memory. The least that costs: one call into wasm, and 16 bytes copied in and out.
const src16 = new Uint8Array(16), at16 = alloc(16);
op('one call into wasm (mv_hex_size, js/ internals)', (r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_hex_size(16, -1, 1); return x; });
op('16 bytes staged into wasm memory and copied back out (js/ internals)', (r) => { let x; for (let k = 0; k < r; k++) { heapU8().set(src16, at16); x = heapU8().slice(at16, at16 + 16); } return x.length; });
op("Buffer toString('hex') of 16 bytes", (r) => { const b = Buffer.alloc(16); let x; for (let k = 0; k < r; k++) x = b.toString('hex'); return x.length; });
op('m.hex(), a 16-byte Buffer (memview)', (r) => { const m16 = memoryview(Buffer.alloc(16)); let x; for (let k = 0; k < r; k++) x = m16.hex(); return x.length; });
free(at16);

section('tolist');
// tolist() of 1e6 'd' from a Float64Array, goal <= 1.2x a loop into new Array(n).
const NF = 1_000_000, fl = new Float64Array(NF).map((_, k) => k / 2), fdv = new DataView(fl.buffer), mf = memoryview(fl);
per('loop into new Array(n) from a Float64Array (the reference)', (r) => { let x; for (let k = 0; k < r; k++) { x = new Array(NF); for (let i = 0; i < NF; i++) x[i] = fl[i]; } return x.length; }, NF);
per('loop into new Array(n) from a DataView getFloat64', (r) => { let x; for (let k = 0; k < r; k++) { x = new Array(NF); for (let i = 0; i < NF; i++) x[i] = fdv.getFloat64(8 * i, true); } return x.length; }, NF);
per('Array.from(float64Array)', (r) => { let x; for (let k = 0; k < r; k++) x = Array.from(fl); return x.length; }, NF);
per("m.tolist(), a Float64Array (memview)", (r) => { let x; for (let k = 0; k < r; k++) x = mf.tolist(); return x.length; }, NF);

section('slice and cast 16 B');
// Every call that returns a view (slice, cast, sub) makes memview's view
// object. A 1-D slice or cast makes a record of 21 fields and a wrapper with
// a private field, and shares its descriptor words and strides (js/view.js
// ViewRec); sub() and N-D casts also copy the words (12 header words and the
// shape) with slice() and make a strides array. The least each costs, in
// plain JS, against the TypedArray the 16-byte rows compare with, and
// memview's own calls.
class Wrapper { #r; constructor(r) { this.#r = r; } get r() { return this.#r; } }
function Rec(sh, st, a, b, c, d, e, f, g, h, i, j, k, l, m2, n, o, p, q, s2, t) {
  this._sh = sh; this._st = st; this._a = a; this._b = b; this._c = c; this._d = d; this._e = e; this._f = f;
  this._g = g; this._h = h; this._i = i; this._j = j; this._k = k; this._l = l; this._m = m2; this._n = n;
  this._o = o; this._p = p; this._q = q; this._s = s2; this._t = t;
}
const words = Array.from({ length: 13 }, (_, k) => k * 3), abuf = new ArrayBuffer(64);
const m16 = memoryview(new Uint8Array(abuf, 0, 16)), img16 = m16.cast('B', [4, 4]);
op('new Uint32Array(buffer, off, 4) (the cast row\'s reference)', (r) => { let x; for (let k = 0; k < r; k++) x = new Uint32Array(abuf, 0, 4); return x.length; });
const strides = [4];
op("a 1-D view object of memview's shape, in plain JS (record, wrapper; words and strides shared)", (r) => {
  let x; for (let k = 0; k < r; k++) x = new Wrapper(new Rec(words, strides, k, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)); return x.r._a;
});
op("an N-D view object of memview's shape, in plain JS (descriptor slice(), strides, record, wrapper)", (r) => {
  let x; for (let k = 0; k < r; k++) { const sh = words.slice(); sh[1] = k; x = new Wrapper(new Rec(sh, [4], 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)); } return x.r._a;
});
op("m.cast('I'), a 16-byte Uint8Array (memview)", (r) => { let x; for (let k = 0; k < r; k++) x = m16.cast('I'); return x.nbytes; });
op('m.slice(1, 3), a 16-byte Uint8Array (memview)', (r) => { let x; for (let k = 0; k < r; k++) x = m16.slice(1, 3); return x.nbytes; });
op('m.sub([1, 3], [0, 2]) of it as [4, 4] (memview)', (r) => { let x; for (let k = 0; k < r; k++) x = img16.sub([1, 3], [0, 2]); return x.nbytes; });

section("equals 'd'");
// equals of two views of 'd' items in JS memory, goal >= 0.7x the same on
// wasm memory: C compares doubles (NaN and -0 are not their bytes) only in
// wasm memory, so both sides are copied there first, a window at a time.
{
  const n = 1 << 16, a = new Float64Array(n / 8).map((_, k) => k / 2), b = a.slice();
  const wa = internal.memoryview(internal.array('d', a)), wb = internal.memoryview(internal.array('d', b));
  const ja = memoryview(a), jb = memoryview(b), pa = alloc(n), pb = alloc(n);
  const ua = new Uint8Array(a.buffer), ub = new Uint8Array(b.buffer);
  op("m.equals(m2), 64 KB of 'd' in wasm memory (memview)", (r) => { let x; for (let k = 0; k < r; k++) x = wa.equals(wb); return x; });
  op('the two 64 KB copies into wasm memory alone (js/ internals)', (r) => { for (let k = 0; k < r; k++) { const h = heapU8(); h.set(ua, pa); h.set(ub, pb); } return 0; });
  op("m.equals(m2), 64 KB of 'd' in two Float64Arrays (memview)", (r) => { let x; for (let k = 0; k < r; k++) x = ja.equals(jb); return x; });
  // The other way for JS memory: no copy, the doubles compared in JS (=== is
  // C's comparison: NaN equals nothing, -0 equals 0).
  const f64Equal = (x, y) => { for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false; return true; };
  op("the same two Float64Arrays compared in a JS loop (no copy)", (r) => { let x; for (let k = 0; k < r; k++) x = f64Equal(a, b); return x; });
  free(pa); free(pb);
}

section('assign SharedArrayBuffer');
// assign of views of a SharedArrayBuffer, goal >= 0.7x the same on wasm
// memory: both are one TypedArray.set (a memmove), but V8 copies within
// shared memory by relaxed atomic words, not memcpy. The floor is set's own
// ratio between the two memories.
if (timed()) for (const n of [1024, 65536, 10 << 20]) {
  const sab = new SharedArrayBuffer(2 * n), ab = new ArrayBuffer(2 * n), size = n >= 1 << 20 ? '10 MB' : `${n >> 10} KB`;
  // (to, from) pairs: Uint8Arrays of an ArrayBuffer and of a SharedArrayBuffer, views of wasm memory and of the SharedArrayBuffer
  const abTo = new Uint8Array(ab, 0, n), abFrom = new Uint8Array(ab, n, n), sabTo = new Uint8Array(sab, 0, n), sabFrom = new Uint8Array(sab, n, n);
  const wasmView = memoryview(bytearray(2 * n)), wasmTo = wasmView.slice(0, n), wasmFrom = wasmView.slice(n);
  const sabView = memoryview(sab).cast('B'), sabViewTo = sabView.slice(0, n), sabViewFrom = sabView.slice(n);
  const tA = measure((r) => { for (let k = 0; k < r; k++) abTo.set(abFrom); return abTo[0]; }, opts);
  const tS = measure((r) => { for (let k = 0; k < r; k++) sabTo.set(sabFrom); return sabTo[0]; }, opts);
  const tW = measure((r) => { for (let k = 0; k < r; k++) wasmTo.assign(wasmFrom); return 0; }, opts);
  const tJ = measure((r) => { for (let k = 0; k < r; k++) sabViewTo.assign(sabViewFrom); return 0; }, opts);
  rows.push([`${size}: u8.set within an ArrayBuffer; within a SharedArrayBuffer; memview assign, wasm; SharedArrayBuffer`,
    `${tA.toFixed(0)} ns; ${tS.toFixed(0)} ns, ${(tS / tA).toFixed(2)}x; ${tW.toFixed(0)} ns; ${tJ.toFixed(0)} ns, ${(tJ / tW).toFixed(2)}x`]);
}

section('assign 16 B, one memory');
// assign of a 16-byte view, goal <= 2x u8.set: the least an assign(src)
// method can do: brand-check both views, compare their formats and lengths,
// and copy the 16 bytes through DataViews (four 4-byte moves).
class MinimalAssign {
  #r;
  constructor(r) { this.#r = r; }
  static rec(x) { return typeof x === 'object' && x !== null && #r in x ? x.#r : null; }
  assign(src) {
    const r = this.#r, q = MinimalAssign.rec(src);
    if (q === null || r.fmt !== q.fmt || r.n !== q.n) throw new TypeError('not compatible');
    const dx = r.dv, dy = q.dv, x = r.off, y = q.off, n = r.n;
    for (let k = 0; k < n; k += 4) dx.setInt32(x + k, dy.getInt32(y + k));
  }
}
{
  const a16 = new Uint8Array(16), b16 = new Uint8Array(16).fill(7);
  const ma = new MinimalAssign({ dv: new DataView(a16.buffer), off: 0, n: 16, fmt: 66 }), mb = new MinimalAssign({ dv: new DataView(b16.buffer), off: 0, n: 16, fmt: 66 });
  const va = memoryview(a16), vb = memoryview(b16);
  op('u8.set(u8b), 16 bytes (the reference)', (r) => { for (let k = 0; k < r; k++) a16.set(b16); return a16[0]; });
  op('a minimal branded assign(src) of 16 bytes', (r) => { for (let k = 0; k < r; k++) ma.assign(mb); return a16[0]; });
  op('m.assign(m2), two 16-byte Uint8Arrays (memview)', (r) => { for (let k = 0; k < r; k++) va.assign(vb); return a16[0]; });
}

section("assign 16 B, the table's shape");
// The table times each 16-byte assign row with one loop literal over six
// memories (bytearray and the five JS kinds; 'd' views of the Float64Array):
// the least an assign(src) serving them all can do, timed the same way, also
// checks that both views are live, C-contiguous and of one format and
// length, and the target writable, that no resizable buffer shrank, asks for
// wasm memory's DataView per call (it may have grown), copies backwards where
// the target starts inside the source's buffer, and catches a detached
// buffer's throw.
class MultiMemoryAssign {
  #r;
  constructor(r) { this.#r = r; }
  static rec(x) { return typeof x === 'object' && x !== null && #r in x ? x.#r : null; }
  assign(src) {
    const r = this.#r, q = MultiMemoryAssign.rec(src);
    if (q === null || !r.live || !q.live || !r.writable || !(r.contiguous && q.contiguous) || r.fmt !== q.fmt || r.n !== q.n) return this.#general();
    if ((r.resizable !== null && r.resizable.byteLength < r.end) || (q.resizable !== null && q.resizable.byteLength < q.end)) return this.#general();
    const dx = r.heap === null ? r.dv : r.heap(), dy = q.heap === null ? q.dv : q.heap(), x = r.off, y = q.off, n = r.n;
    try {
      if (x <= y || r.buffer !== q.buffer) {
        let k = 0;
        for (; k + 4 <= n; k += 4) dx.setInt32(x + k, dy.getInt32(y + k));
        for (; k < n; k++) dx.setUint8(x + k, dy.getUint8(y + k));
      } else {
        let k = n;
        for (; k >= 4; k -= 4) dx.setInt32(x + k - 4, dy.getInt32(y + k - 4));
        for (; k > 0; k--) dx.setUint8(x + k - 1, dy.getUint8(y + k - 1));
      }
    } catch { return this.#general(); }
  }
  #general() { throw new TypeError('the general path'); }
}
{
  const wmem = new WebAssembly.Memory({ initial: 1 });
  let wviews = null;
  const remap = () => { const b = wmem.buffer; return (wviews = { u8: new Uint8Array(b), dv: new DataView(b) }); };
  const heap = () => (wviews !== null && wviews.u8.length !== 0 ? wviews : remap()).dv;
  let wasmNext = 0;
  const src16 = randomBytes(16), d16 = new Uint8Array(Float64Array.of(1.5, -2).buffer);
  // two literals of one text, so that the floor's call site and memview's keep apart what they see
  const refLoop = (a, b) => (r) => { for (let k = 0; k < r; k++) a.set(b); return 0; };
  const floorLoop = (m, m2) => (r) => { for (let k = 0; k < r; k++) m.assign(m2); return 0; };
  const memviewLoop = (m, m2) => (r) => { for (let k = 0; k < r; k++) m.assign(m2); return 0; };
  const cases = [];
  for (const kind of ['bytearray', 'Uint8Array', 'Buffer', 'ArrayBuffer', 'Float64Array', 'SharedArrayBuffer']) {
    const fmt = kind === 'Float64Array' ? 'd' : 'B', src = fmt === 'd' ? d16 : src16;
    const M = memory(kind, src, dist), M2 = memory(kind, src, dist);
    const rec = (X) => {
      const base = { live: true, writable: true, contiguous: true, fmt, n: 16, resizable: null, end: 16 };
      if (X.wasm) { const off = wasmNext; wasmNext += 64; return { ...base, heap, dv: null, off, buffer: wmem }; }
      const u = X.u8();
      return { ...base, heap: null, dv: new DataView(u.buffer), off: u.byteOffset, buffer: u.buffer };
    };
    cases.push({ kind, ref: refLoop(M.u8(), M2.u8()), floor: floorLoop(new MultiMemoryAssign(rec(M)), new MultiMemoryAssign(rec(M2))),
      memview: memviewLoop(M.view(fmt), M2.view(fmt)) });
  }
  if (timed()) for (const c of cases) for (const f of [c.ref, c.floor, c.memview]) f(1); // every case through each call site first
  if (timed()) for (const c of cases) {
    const t = measure(c.ref, opts), f = measure(c.floor, opts), m = measure(c.memview, opts);
    rows.push([`m.assign(m2), ${c.kind} 16 B, the table's shape over its 6 memories: u8.set(u8b); the floor's assign(); memview's`,
      `${t.toFixed(1)} ns; ${f.toFixed(1)} ns, ${(f / t).toFixed(2)}x; ${m.toFixed(1)} ns, ${(m / t).toFixed(2)}x`]);
  }
}

section("get 'I' boxing");
// get(i) of 'I' costs about twice get(i) of 'd' in the table. get's result
// merges every format's paths, a bigint's among them once a 'q' view has
// run, so V8 must box it: a number past V8's small integers (31 bits with
// pointer compression, as in Chrome; 32 bits in Node's builds) becomes a new
// heap number, a smaller one stays unboxed. The table's 'I' items are random
// bytes, so which of the two each item takes is a coin toss, and the CPU
// mispredicts that branch half the time: the same items sorted cost about
// half as much. The same loop over four sets of items:
{
  const n = 16384, random = crypto.getRandomValues(new Uint32Array(n)); // random bytes, as the table's (a multiplicative hash's top bit is predictable)
  const loops = { 'every item below 2^30': random.map((x) => x & 0x3fffffff), 'every item 2^31 or more': random.map((x) => (x | 0x80000000) >>> 0),
    'random items (the table\'s)': random, 'the same random items, sorted': random.slice().sort() };
  const getLoop = (m) => (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) if (m.get(i) !== -1) c++; return c; };
  for (const [what, items] of Object.entries(loops)) per(`m.get(i) loop, 'I', a Uint8Array, ${what} (memview)`, getLoop(memoryview(new Uint8Array(items.buffer)).cast('I')), n);
}

section('count 16 B');
// count(v) of a 16-byte view of 'd' (two items), goal <= 1x a counting loop:
// the least a count(v) method can do is a private-field brand check, the
// argument count, and the loop through a DataView; any call costs more
// than comparing two doubles.
class MinimalCount {
  #r;
  constructor(r) { this.#r = r; }
  count(v) {
    const r = this.#r;
    if (arguments.length !== 1) throw new TypeError('count() takes exactly one argument');
    let c = 0;
    for (let i = 0, a = r.off; i < r.n; i++, a += 8) if (r.dv.getFloat64(a, true) === v) c++;
    return c;
  }
}
{
  const f2 = Float64Array.of(0, 0.5), mc = new MinimalCount({ dv: new DataView(f2.buffer), off: 0, n: 2 }), m2 = memoryview(f2);
  op("counting loop over a 2-item Float64Array (the reference)", (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < 2; i++) if (f2[i] === 0) c++; return c; });
  op('a minimal branded count(v) of 2 doubles', (r) => { let c = 0; for (let k = 0; k < r; k++) c += mc.count(0); return c; });
  op("m.count(0), 'd', a 2-item Float64Array (memview)", (r) => { let c = 0; for (let k = 0; k < r; k++) c += m2.count(0); return c; });
}

section('task');
// The record-file task (bench/record.js), goal <= 1.5x the DataView and
// Buffer code: its steps per record, each timed over the file's 1170 records.
// memview's parse makes two views per record (m.slice for the id and for the
// payload), Node's code none; the rest is at par.
{
  const file = makeRecordFile(), m = memoryview(file), REC = new struct.Struct('<8xIIHHd'), dvf = new DataView(file.buffer, file.byteOffset, file.length);
  const ids = Array.from({ length: COUNT }, (_, k) => HEADER_SIZE + k * RECORD_SIZE), idViews = ids.map((at) => m.slice(at, at + 8));
  const perRecord = (name, fn) => per(`task, per record: ${name}`, (r) => { let x; for (let k = 0; k < r; k++) for (let i = 0; i < COUNT; i++) x = fn(i); return x; }, COUNT);
  perRecord("m.slice(a, b) (memview)", (i) => m.slice(ids[i], ids[i] + 8));
  perRecord("hex() of a slice made before (memview)", (i) => idViews[i].hex());
  perRecord("buf.toString('hex', a, b) (Node)", (i) => file.toString('hex', ids[i], ids[i] + 8));
  perRecord("tobytes() of a slice made before (memview)", (i) => idViews[i].tobytes());
  perRecord('Uint8Array.prototype.slice.call(buf, a, b) (Node)', (i) => Uint8Array.prototype.slice.call(file, ids[i], ids[i] + 8));
  perRecord("Struct('<8xIIHHd').unpack_from(buf, at) (memview)", (i) => REC.unpack_from(file, ids[i]));
  perRecord('the five DataView reads into an object (Node)', (i) => {
    const at = ids[i];
    return { off: dvf.getUint32(at + 8, true), len: dvf.getUint32(at + 12, true), kind: dvf.getUint16(at + 16, true), flags: dvf.getUint16(at + 18, true), ts: dvf.getFloat64(at + 20, true) };
  });
}

section("cast 16 B, the table's shape");
// The table times the 16-byte m.cast('I') rows with one loop literal over five
// memories (bytearray, Uint8Array, Buffer, ArrayBuffer, SharedArrayBuffer).
// The least a cast(format) serving them all can do, timed the same way, makes
// memview's checks for its promises and the view memview makes: a branded
// this, the argument count, a string format, no shape, a live 1-D
// C-contiguous view of a byte format (its format word read, as memview's
// isByteFormat reads it) whose length the item size divides, the format's
// template found (the last one asked for, else a Map), the export counted
// in the managed buffer's cell, and a new view of a record of 21 fields
// (memview's ViewRec: words and strides shared, its item address, its own
// address) in a wrapper with a private field. Its exporters are of two
// shapes, as memview's are.
// (addresses as memview's ViewRec gives them: js/view.js FIRST_ADDRESS, LAST_ADDRESS)
let lastCastAddress = 0x10040;
class MinimalCast {
  #r;
  constructor(r) { this.#r = r; }
  cast(format, shape) {
    const r = this.#r; // the brand check: a foreign this throws
    const n = arguments.length;
    if (n === 0 || n > 2) throw new TypeError('cast() takes 1 or 2 arguments');
    if (typeof format !== 'string') throw new TypeError('format must be str');
    if (shape !== undefined || r._p === 0 || r._hdr.length !== 13) return MinimalCast.#general();
    const t = MinimalCast.template(format);
    if (t === undefined || !(r._flags & 1) || (!t.byteFormat && !isByteFormat(r._hdr[8])) || r._len % t.itemsize !== 0) return MinimalCast.#general();
    const ex = r._exporter, mbuf = r._mbuf;
    if (mbuf.cell.views++ === 0) ex._exports++;
    const len = r._len, items = len / t.itemsize, buf = r._buf;
    lastCastAddress = lastCastAddress < 0x3fffffc0 ? lastCastAddress + 0x40 : 0x10040;
    const hdr = t.header[r._hdr[3]]; // its readonly flag's words
    return new MinimalCast(new CastRec(hdr, buf, len, 3, items, t.strides, lastCastAddress, ex, mbuf, t.access,
      ex._js ? ex._base + (buf >>> 0) : buf >>> 0, items, t.itemsize, hdr[3] === 0, t.rd, t.wr, ex._jd, ex._jx));
  }
  static #last = ''; static #lastTemplate; static #templates = new Map();
  static template(format) {
    if (format === MinimalCast.#last) return MinimalCast.#lastTemplate;
    const t = MinimalCast.#templates.get(format);
    if (t !== undefined) { MinimalCast.#last = format; MinimalCast.#lastTemplate = t; }
    return t;
  }
  static remember(format, t) { MinimalCast.#templates.set(format, t); }
  static #general() { throw new TypeError('the general path'); }
  get nbytes() { return this.#r._len; }
}
function CastRec(hdr, buf, len, flags, shape0, st, addr, exporter, mbuf, fc, fb, fn, fs, fw, rd, wr, jd, jx) {
  this._hdr = hdr; this._words = null; this._buf = buf; this._len = len; this._flags = flags; this._shape0 = shape0; this._st = st;
  this._p = this._addr = addr; this._exporter = exporter; this._mbuf = mbuf; this._exports = 0;
  this._fc = fc; this._fb = fb; this._fn = fn; this._fs = fs; this._fw = fw; this._rd = rd; this._wr = wr; this._jd = jd; this._jx = jx;
}
{
  // a 1-D header: readonly at word 3, the format 'B' at word 8 (js/wasm.js O_READONLY, O_FORMAT)
  const hdrOf = (readonly) => Array.from({ length: 13 }, (_, k) => (k === 3 ? readonly : k === 8 ? 66 : k * 5));
  const rd = (dv, a) => dv.getUint32(a, true), wr = (dv, a, v) => dv.setUint32(a, v, true);
  MinimalCast.remember('I', { itemsize: 4, header: [hdrOf(0), hdrOf(1)], strides: [4], access: 6, byteFormat: false, rd, wr });
  // memview's exporters are of two classes: one for wasm memory's, one for JS buffers'
  const wasmExporter = () => ({ _exports: 0, _kind: 2, _js: false, _base: 0, _jd: null, _jx: null });
  const jsExporter = (u, dv) => ({ _js: true, _base: u.byteOffset, _exports: 0, _jd: dv, _jx: null, _buffer: u.buffer });
  const refLoop = (u) => (r) => { const b = u.buffer, o = u.byteOffset; let x; for (let k = 0; k < r; k++) x = new Uint32Array(b, o, 4); return x.length; };
  const floorLoop = (m) => (r) => { let x; for (let k = 0; k < r; k++) x = m.cast('I'); return x.nbytes; };
  const memviewLoop = (m) => (r) => { let x; for (let k = 0; k < r; k++) x = m.cast('I'); return x.nbytes; };
  const src16 = randomBytes(16), cases = [];
  for (const kind of ['bytearray', 'Uint8Array', 'Buffer', 'ArrayBuffer', 'SharedArrayBuffer']) {
    const M = memory(kind, src16, dist), u = M.u8(), ex = M.wasm ? wasmExporter() : jsExporter(u, M.dv());
    const rec = new CastRec(hdrOf(0), M.wasm ? 0x2000 : 0, 16, 3, 16, [1], 0x1000, ex, { cell: { exporter: ex, views: 1 } }, 2, 0, 16, 1, true, null, null, ex._jd, null);
    cases.push({ kind, ref: refLoop(u), floor: floorLoop(new MinimalCast(rec)), memview: memviewLoop(M.view('B')) });
  }
  if (timed()) for (const c of cases) for (const f of [c.ref, c.floor, c.memview]) f(1); // every case through each call site first
  if (timed()) for (const c of cases) {
    const t = measure(c.ref, opts), f = measure(c.floor, opts), m = measure(c.memview, opts);
    rows.push([`m.cast('I'), ${c.kind} 16 B, the table's shape over its 5 memories: new Uint32Array(buffer, off, 4); the floor's cast(); memview's`,
      `${t.toFixed(1)} ns; ${f.toFixed(1)} ns, ${(f / t).toFixed(2)}x; ${m.toFixed(1)} ns, ${(m / t).toFixed(2)}x`]);
  }
}

section("iter_unpack 16 B");
// struct.iter_unpack('<IHH', buf) of a 16-byte Buffer (two records), goal <=
// 1.5x a minimal iterator class: the least the module function and its
// iterator can do with memview's checks, for a buffer the struct remembers:
// the argument counts, the format's struct (the last one asked for), its
// brand, its length check made once, a reader, the remembered buffer of a
// JS kind and still attached (its DataView's byteLength getter, in a try),
// its length checked once per length, an iterator of memview's twelve
// private fields; and per step the brand check, the index against the
// length, a JS buffer, no length getter for a fixed-length buffer, the read
// in a try (detached since: C's error), and at the end the iterator closed.
class FloorStruct {
  #size = 8; #reader; #memo = { x: null, kind: 0, dv: null, base: 0, len: -1 }; #iterLength = -1;
  constructor(reader) { this.#reader = reader; }
  iter_unpack(buffer) {
    const memo = this.#memo; // the brand check
    if (arguments.length !== 1) throw new TypeError(`Struct.iter_unpack() takes exactly one argument (${arguments.length} given)`);
    if (this.#iterLength < 0) this.#checkLength(0);
    if (this.#reader === null) throw new TypeError('the general path');
    if (memo.x !== buffer) { memo.x = buffer; memo.kind = 1; memo.dv = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength); memo.base = 0; memo.len = buffer.byteLength; }
    else if (memo.kind !== 1) throw new TypeError('the general path');
    else try { dvByteLength.call(memo.dv); } catch { throw new TypeError('detached'); }
    if (memo.len !== this.#iterLength) this.#checkLength(memo.len);
    return new FloorIterator(this, this.#reader, memo, this.#size);
  }
  #checkLength(n) {
    if (n % this.#size !== 0) throw new TypeError('iterative unpacking requires a buffer of a multiple of 8 bytes');
    this.#iterLength = n;
  }
}
const dvByteLength = Object.getOwnPropertyDescriptor(DataView.prototype, 'byteLength').get;
class FloorIterator {
  #struct; #view = null; #source = null; #index = 0; #len; #size; #read; #base; #jsBuffer; #jsLength = null; #jsView; #closed = false;
  constructor(st, read, memo, size) {
    this.#struct = st; this.#len = memo.len; this.#size = size; this.#read = read; this.#base = memo.base; this.#jsBuffer = memo.x; this.#jsView = memo.dv;
  }
  next() {
    let read;
    try { read = this.#read; } catch { throw new TypeError('not an iterator'); }
    const at = this.#index;
    if (read !== null && at < this.#len) {
      const jb = this.#jsBuffer, lg = this.#jsLength;
      if (jb === null) throw new TypeError('wasm memory: not this floor\'s');
      if (lg === null || lg.call(jb) >= this.#base + this.#len) {
        try {
          const value = read(this.#jsView, this.#base + at);
          this.#index = at + this.#size;
          return { value, done: false };
        } catch { throw new TypeError('detached'); }
      }
    }
    return this.#end();
  }
  #end() {
    if (this.#closed) return { value: undefined, done: true };
    if (this.#index >= this.#len) { this.#close(); return { value: undefined, done: true }; }
    throw new TypeError('the general path');
  }
  #close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#read = null;
    if (this.#source !== null) throw new TypeError('a view: not this floor\'s');
    if (this.#view !== null) throw new TypeError('a view: not this floor\'s');
    this.#view = null;
  }
  [Symbol.iterator]() { return this; }
}
{
  const floorStruct = new FloorStruct((d, a) => [d.getUint32(a, true), d.getUint16(a + 4, true), d.getUint16(a + 6, true)]);
  let lastFormat = '<IHH', lastStruct = floorStruct;
  const floorIterUnpack = function iter_unpack(format, buffer) {
    if (arguments.length !== 2) throw new TypeError(`iter_unpack expected 2 arguments, got ${arguments.length}`);
    if (!(typeof format === 'string' && format === lastFormat)) { lastFormat = format; lastStruct = null; throw new TypeError('the general path'); }
    return lastStruct.iter_unpack(buffer);
  };
  const buf = Buffer.alloc(16), dv16 = new DataView(buf.buffer, buf.byteOffset, 16), ring16 = new Array(16);
  const consume = (it) => { let j = 0, last; for (const t of it) ring16[j++ & 15] = last = t; return last; };
  const ref = (r) => { let x; for (let k = 0; k < r; k++) x = consume(new Records(dv16)); return x; };
  const floor = (r) => { let x; for (let k = 0; k < r; k++) x = consume(floorIterUnpack('<IHH', buf)); return x; };
  const mine = (r) => { let x; for (let k = 0; k < r; k++) x = consume(struct.iter_unpack('<IHH', buf)); return x; };
  if (timed()) for (const f of [ref, floor, mine]) f(1); // consume() sees all three iterators before any is timed, as in the table
  op('for...of a minimal iterator class, a 16-byte Buffer (the reference, bench/targets.js Records)', ref);
  op("the least iter_unpack('<IHH', buf) with memview's checks", floor);
  op("struct.iter_unpack('<IHH', buf) (memview)", mine);
}

if (rows.length === 0) {
  console.error(`no section's name has '${only}': ${sections.join('; ')}`);
  process.exit(2);
}
const w = Math.max(...rows.map(([a]) => a.length));
for (const [a, b] of rows) console.log(`${a.padEnd(w)}  ${b}`);
