// Prototypes of JS fast paths for js/view.js, measured by bench/profile.js.
// They are NOT used by the library: each one shows what a change proposed in
// bench/PROPOSALS.md buys. They read the mv_view descriptor fields the way
// js/view.js does (offsets from c/include/memview.h) and fall back to the
// real method for every case they do not handle, so they agree with C by
// construction on the cases they do.
import { W, heapU8, heap, wasmBuffer } from '../../js/wasm.js';

const O_BUF = 0, O_LEN = 4, O_ITEMSIZE = 8, O_NDIM = 16, O_FLAGS = 20, O_FORMAT = 28, O_SHAPE = 44,
  O_STRIDES = 300;

// Heap views re-made only when wasm memory grew. Growth detaches the old
// buffer and a TypedArray over a detached buffer has length 0: `u8.length` is
// the cheap staleness test (~5 ns in Node 20, where `byteLength` and
// `memory.buffer` cost 20-70 ns).
let buf = null, u8 = null, i32 = null, f64 = null, dvw = null;
function sync() {
  const b = wasmBuffer();
  if (b !== buf) { buf = b; u8 = new Uint8Array(b); i32 = new Int32Array(b); f64 = new Float64Array(b); dvw = new DataView(b); }
}

/**
 * The facts a 1-D item read needs, read once when a view is made (views are
 * immutable: slice/cast make new descriptors): { base, n, stride, code }.
 * null when the fast path does not apply (N-D, JS memory, non-native format).
 */
export function fastFacts(m) {
  const p = m._p, dv = heap();
  if (m._exporter._js || dv.getInt32(p + O_NDIM, true) !== 1) return null;
  const fmt = String.fromCharCode(dv.getUint8(p + O_FORMAT)) + (dv.getUint8(p + O_FORMAT + 1) ? '?' : '');
  const f = fmt === '@' ? String.fromCharCode(dv.getUint8(p + O_FORMAT + 1)) : fmt;
  if (!'bBhHiIfd'.includes(f) || f.length !== 1) return null;
  return { base: dv.getUint32(p + O_BUF, true), n: dv.getInt32(p + O_SHAPE, true),
    stride: dv.getInt32(p + O_STRIDES, true), code: f, m };
}

/** m.get(i) for one int index on a 1-D native view: the proposed fast path. */
export function fastGet(facts, i) {
  if (facts.m._p === 0) throw new Error('released');
  if (typeof i !== 'number') return facts.m.get(i);
  const n = facts.n;
  const k = i < 0 ? i + n : i;
  if (!(k >= 0 && k < n) || !Number.isInteger(i)) return facts.m.get(i); // C raises
  if (u8 === null || u8.length === 0) sync(); // the staleness test the binding would make
  const a = facts.base + k * facts.stride;
  switch (facts.code) {
    case 'B': return u8[a];
    case 'b': return dvw.getInt8(a);
    case 'h': return dvw.getInt16(a, true);
    case 'H': return dvw.getUint16(a, true);
    case 'i': return dvw.getInt32(a, true);
    case 'I': return dvw.getUint32(a, true);
    case 'f': return dvw.getFloat32(a, true);
    case 'd': return dvw.getFloat64(a, true);
  }
}

/** The same with no growth test at all (the growth callback would clear the views). */
export function fastGetNoCheck(facts, i) {
  if (facts.m._p === 0) throw new Error('released');
  const n = facts.n;
  const k = i < 0 ? i + n : i;
  if (!(k >= 0 && k < n) || !Number.isInteger(i)) return facts.m.get(i);
  const a = facts.base + k * facts.stride;
  return facts.code === 'B' ? u8[a] : dvw.getInt32(a, true);
}

/** tolist() of a 1-D native view, read straight from wasm memory. */
export function fastTolist(facts) {
  if (u8 === null || u8.length === 0) sync();
  const { base, n, stride, code } = facts, out = new Array(n);
  if (code === 'i' && stride === 4 && (base & 3) === 0) {
    const t = new Int32Array(buf, base, n);
    for (let k = 0; k < n; k++) out[k] = t[k];
  } else if (code === 'B' && stride === 1) {
    for (let k = 0; k < n; k++) out[k] = u8[base + k];
  } else {
    for (let k = 0; k < n; k++) out[k] = fastGet(facts, k);
  }
  return out;
}

/** [Symbol.iterator] reading items through the fast path (still lazy, as CPython's). */
export function fastIter(facts) {
  let k = 0;
  return {
    next() { return k < facts.n ? { value: fastGet(facts, k++), done: false } : { value: undefined, done: true }; },
    [Symbol.iterator]() { return this; },
  };
}

/** tobytes() of a C-contiguous wasm view: one copy out of wasm memory. */
export function fastTobytes(m) {
  const p = m._p, dv = heap();
  const a = dv.getUint32(p + O_BUF, true), n = dv.getInt32(p + O_LEN, true);
  return heapU8().slice(a, a + n);
}

/** hex(): C formats into wasm memory as now; the string is made by Buffer's latin1 decoder. */
const hasLatin1Slice = typeof Buffer === 'function' && typeof Buffer.prototype.latin1Slice === 'function';
export function latin1String(ptr, n) {
  if (hasLatin1Slice) return Buffer.from(wasmBuffer(), ptr, n).latin1Slice(0, n);
  return new TextDecoder('latin1').decode(heapU8().subarray(ptr, ptr + n));
}

/**
 * A 1-D slice made in JS, with no wasm descriptor and no finalizer: Python's
 * PySlice_AdjustIndices on (start, stop, step) and a plain object that shares
 * its parent's buffer record (`mbuf`, which alone would carry the exporter's
 * lock and the one FinalizationRegistry registration). What a lazily
 * materialised descriptor would cost per slice.
 */
export function protoSlice(parent, start, stop, step = 1) {
  const n = parent.n;
  let a = start === undefined ? (step < 0 ? n - 1 : 0) : start;
  let b = stop === undefined ? (step < 0 ? -1 : n) : stop;
  if (a < 0) { a += n; if (a < 0) a = step < 0 ? -1 : 0; } else if (a >= n) a = step < 0 ? n - 1 : n;
  if (b < 0) { b += n; if (b < 0) b = step < 0 ? -1 : 0; } else if (b >= n) b = step < 0 ? n - 1 : n;
  const len = step < 0 ? (b < a ? Math.floor((a - b - 1) / -step) + 1 : 0) : (a < b ? Math.floor((b - a - 1) / step) + 1 : 0);
  return { mbuf: parent.mbuf, base: parent.base + a * parent.stride, n: len, stride: parent.stride * step,
    code: parent.code, m: parent.m };
}

/**
 * struct.iter_unpack('<I', view) with the address found once (the iterator
 * holds an export, so the bytes cannot move or shrink; only wasm growth can
 * replace the DataView, hence the length test) and a tuple per item, as the
 * protocol requires.
 */
export function protoIterU32(m) {
  const p = m._p, dv0 = heap();
  const base = dv0.getUint32(p + O_BUF, true), len = dv0.getInt32(p + O_LEN, true);
  let at = 0;
  return {
    next() {
      if (at >= len) return { value: undefined, done: true };
      if (u8 === null || u8.length === 0) sync();
      const v = [dvw.getUint32(base + at, true)];
      at += 4;
      return { value: v, done: false };
    },
    [Symbol.iterator]() { return this; },
  };
}
