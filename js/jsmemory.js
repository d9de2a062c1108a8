// Views over JS-owned memory (ArrayBuffer, SharedArrayBuffer, TypedArrays,
// DataView, Buffer). Their bytes are not in wasm memory, so the descriptor's
// buf holds a *virtual* address: the byte offset from the start of the JS
// object's bytes, which the C core only does arithmetic on (slice, cast). The
// exporter keeps where those bytes start in their buffer (_base, exact past
// 2**32). Item access, struct and the short bulk calls run on the JS buffer
// in place (js/executor.js). Before a C call reads or writes elements, the
// binding copies the span it touches into wasm memory (a reused 64 KiB
// window, or a block of exactly that span), runs the call on a copy of the
// descriptor rebased there, and copies the span back after a write. Nothing
// copies the whole JS buffer unless the view spans all of it.
//
// Every JS object is identified here by the engine's own getters, taken once
// at load (the internal slots they read cannot be faked): no Proxy trap,
// getter, or own property of the argument runs, and nothing it says about
// itself is believed.
import { W, F, heap, heapU8, heapI32, wasmBuffer, alloc, free, MV_VIEW_SIZE, O_BUF, O_LEN, O_ITEMSIZE, O_NDIM, O_SHAPE, O_STRIDES, SSIZE_MAX }
  from './wasm.js';
import { ValueError, BufferError } from './errors.js';

const WINDOW = 64 << 10;

const getter = (proto, name) => Object.getOwnPropertyDescriptor(proto, name).get;
const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const taTag = getter(TypedArrayProto, Symbol.toStringTag);
const taBuffer = getter(TypedArrayProto, 'buffer');
const taByteOffset = getter(TypedArrayProto, 'byteOffset');
const taByteLength = getter(TypedArrayProto, 'byteLength');
const taValues = TypedArrayProto.values;
const dvBuffer = getter(DataView.prototype, 'buffer');
const dvByteOffset = getter(DataView.prototype, 'byteOffset');
const dvByteLength = getter(DataView.prototype, 'byteLength');
const abByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const abDetached = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'detached')?.get;
const abResizable = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resizable')?.get;
const sabGrowable = typeof SharedArrayBuffer === 'function'
  ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, 'growable')?.get : undefined;
// Taken once: a program may replace ArrayBuffer.isView (user code).
const arrayBufferIsView = ArrayBuffer.isView;
/** The engine's %IteratorPrototype%, which memview's iterators inherit: its
 *  iterator helpers (map(), toArray(), ...) apply to them where it has any. */
export const ITERATOR_PROTOTYPE = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
/** Whether x is a TypedArray or DataView (the engine's answer). */
export const isBinaryView = (x) => arrayBufferIsView(x);
const sabByteLength = typeof SharedArrayBuffer === 'function'
  ? getter(SharedArrayBuffer.prototype, 'byteLength') : null;


// Which kind of buffer an object really is (KIND bits 1: ArrayBuffer, 2:
// SharedArrayBuffer, 0: neither), and LENGTH_CHANGES for a resizable or
// growable one, which a buffer is from its making on; asked of the engine's
// getters, which throw for anything else. An exception costs microseconds,
// so a buffer's kind is found once and kept.
const bufferKinds = new WeakMap();
const KIND = 3, LENGTH_CHANGES = 4;
/** Array.isArray, but false for a revoked Proxy, for which it throws. */
export function isArray(x) {
  try { return Array.isArray(x); } catch { return false; }
}
/** Whether x is a revoked Proxy (Array.isArray throws for it only): what
 *  a caller that caught the engine's TypeError of a property read asks. */
export function isRevokedProxy(x) {
  try { Array.isArray(x); return false; } catch { return true; }
}
/** x's items to loop over with for...of, its Symbol.iterator read once (as
 *  Python's iter(x) looks __iter__ up once), or null when x is not iterable.
 *  A revoked Proxy is not (the engine's TypeError for it is not the
 *  program's; any other exception, a getter's or a trap's, propagates). */
export function iterableOf(x) {
  if (x === null || x === undefined) return null;
  let method;
  try { method = x[Symbol.iterator]; } catch (e) {
    if (e instanceof TypeError && isRevokedProxy(x)) return null;
    throw e;
  }
  return typeof method === 'function' ? { [Symbol.iterator]: () => method.call(x) } : null;
}
function bufferKind(x) {
  if (x === null || typeof x !== 'object' || arrayBufferIsView(x) || isArray(x)) return 0;
  let k = bufferKinds.get(x);
  if (k === undefined) {
    k = 0;
    try { abByteLength.call(x); k = 1; } catch {
      if (sabByteLength !== null) try { sabByteLength.call(x); k = 2; } catch { /* neither */ }
    }
    if (k !== 0) {
      if (k === 1 ? abResizable !== undefined && abResizable.call(x) : sabGrowable !== undefined && sabGrowable.call(x)) k |= LENGTH_CHANGES;
      bufferKinds.set(x, k);
    }
  }
  return k;
}
/** Whether x is really an ArrayBuffer (not a SharedArrayBuffer or a fake). */
export const isArrayBuffer = (x) => (bufferKind(x) & KIND) === 1;
/** Whether x is really a SharedArrayBuffer. */
export const isSharedArrayBuffer = (x) => (bufferKind(x) & KIND) === 2;
/** The engine's byteLength getter for real ArrayBuffer or SharedArrayBuffer
 *  b (call it with b as this): its true length, whatever b says. */
export const lengthGetter = (b) => ((bufferKind(b) & KIND) === 2 ? sabByteLength : abByteLength);

/** Whether ArrayBuffer b is detached (Node 20 has no ArrayBuffer.prototype.detached;
 *  a Uint8Array of a detached buffer cannot be made, and one is only made of
 *  empty buffers, which detached ones are. Not slice(), which would ask b's
 *  `constructor` and species, user code, for its result). */
export function isDetached(b) {
  if (isSharedArrayBuffer(b)) return false;
  if (abDetached) return abDetached.call(b);
  if (abByteLength.call(b) !== 0) return false;
  try { new Uint8Array(b); return false; } catch { return true; }
}

// DataViews over JS buffers, made once per buffer (a DataView over a whole
// resizable or growable buffer tracks its length).
const dataViews = new WeakMap();
/** The DataView over all of real buffer b. */
export function dataViewOf(b) {
  let dv = dataViews.get(b);
  if (dv === undefined) { dv = new DataView(b); dataViews.set(b, dv); }
  return dv;
}

/** Whether the buffer of DataView dv, made over all of a fixed-length
 *  buffer, was detached since (its byteLength getter throws then). */
export function dataViewDetached(dv) {
  try { dvByteLength.call(dv); return false; } catch { return true; }
}

/** Whether b is a resizable ArrayBuffer (its length can shrink). */
export const isResizable = (b) => bufferKind(b) === (1 | LENGTH_CHANGES);
/** Whether b's length can change at all: a resizable ArrayBuffer, or a
 *  growable SharedArrayBuffer. */
export const isLengthChanging = (b) => (bufferKind(b) & LENGTH_CHANGES) !== 0;

export const DETACHED = 'operation forbidden on memoryview of a detached ArrayBuffer';

/**
 * Where the bytes of a JS binary object are: { buffer, offset, length, name }
 * (name: its TypedArray name, 'DataView', 'ArrayBuffer' or
 * 'SharedArrayBuffer'), or null when x is none of these. A detached buffer
 * raises ValueError (its views read 0 bytes, never zeros).
 */
export function jsBytes(x) {
  if (x === null || typeof x !== 'object') return null;
  let buffer, offset, length, name;
  if (arrayBufferIsView(x)) {
    name = taTag.call(x);
    if (name !== undefined) {
      buffer = taBuffer.call(x); offset = taByteOffset.call(x); length = taByteLength.call(x);
      // A resize() can leave it out of bounds, where these read 0; making an
      // iterator validates it (no bytes touched).
      if (length === 0) try { taValues.call(x); } catch { throw new ValueError(DETACHED); }
    } else {
      name = 'DataView';
      buffer = dvBuffer.call(x);
      if (!isSharedArrayBuffer(buffer) && isDetached(buffer)) throw new ValueError(DETACHED);
      // A DataView left out of bounds by a resize() throws on these getters.
      try { offset = dvByteOffset.call(x); length = dvByteLength.call(x); } catch { throw new ValueError(DETACHED); }
    }
  } else if (isArrayBuffer(x)) {
    buffer = x; offset = 0; length = abByteLength.call(x); name = 'ArrayBuffer';
  } else if (isSharedArrayBuffer(x)) {
    buffer = x; offset = 0; length = sabByteLength.call(x); name = 'SharedArrayBuffer';
  } else return null;
  if (length === 0 && isDetached(buffer)) throw new ValueError(DETACHED);
  return { buffer, offset, length, name };
}

/** The bytes of x as a Uint8Array when x is really a Uint8Array (a Buffer
 *  too); else null. Python's `bytes` arguments. */
export function uint8ArrayBytes(x) {
  if (x === null || typeof x !== 'object' || taTag.call(x) !== 'Uint8Array') return null;
  const b = jsBytes(x);
  return new Uint8Array(b.buffer, b.offset, b.length);
}

/** A copy of the bytes of x when it is really a Uint8Array, else null.
 *  `new Uint8Array(x)` copies with no user code (no species, unlike slice)
 *  and is 3x faster than a view plus a slice; a length of 0 may be a
 *  detached or out-of-bounds x, which jsBytes refuses. */
export function uint8ArrayCopy(x) {
  if (x === null || typeof x !== 'object' || taTag.call(x) !== 'Uint8Array') return null;
  if (taByteLength.call(x) === 0) { jsBytes(x); return new Uint8Array(0); }
  return new Uint8Array(x);
}

/** The byte length of x when it is really a Uint8Array (a Buffer too) of 1
 *  to `max` bytes, which a caller that reads it before any user code can run
 *  may borrow; else -1 (a detached or out-of-bounds one too: its byte length
 *  reads 0). No user code runs. */
export function borrowableLength(x, max) {
  if (taTag.call(x) !== 'Uint8Array') return -1;
  const n = taByteLength.call(x);
  return n !== 0 && n <= max ? n : -1;
}

/** x itself when borrowableLength(x, max) allows it; else uint8ArrayCopy(x). */
export function uint8ArrayBorrow(x, max) {
  return borrowableLength(x, max) > 0 ? x : uint8ArrayCopy(x);
}

/** The engine's buffer of DataView dv (whatever DataView.prototype says). */
export const dataViewBuffer = (dv) => dvBuffer.call(dv);
/** The engine's byteLength of TypedArray ta (it never moves ta's bytes off
 *  the V8 heap, as reading its buffer does: 1 µs for a small one). */
export const typedArrayByteLength = (ta) => taByteLength.call(ta);
/** A Uint8Array over the first n bytes of TypedArray ta (subarray without
 *  its species lookup, which is user code). */
export const headOf = (ta, n) => new Uint8Array(taBuffer.call(ta), taByteOffset.call(ta), n);
/** TypedArray ta's buffer and byte offset, by the engine's getters. */
export const typedArrayBuffer = (ta) => taBuffer.call(ta);
export const typedArrayByteOffset = (ta) => taByteOffset.call(ta);

// TypedArray name → memoryview format (the contract's mapping).
const FORMATS = new Map([
  ['Int8Array', 'b'], ['Uint8Array', 'B'], ['Uint8ClampedArray', 'B'], ['Int16Array', 'h'],
  ['Uint16Array', 'H'], ['Int32Array', 'i'], ['Uint32Array', 'I'], ['BigInt64Array', 'q'],
  ['BigUint64Array', 'Q'], ['Float32Array', 'f'], ['Float64Array', 'd'], ['Float16Array', 'e'],
  ['DataView', 'B'], ['ArrayBuffer', 'B'], ['SharedArrayBuffer', 'B'],
]);

/** The exporter record of a JS object memoryview() accepts, or null. */
export function jsExporter(x) {
  const b = jsBytes(x);
  if (b === null) return null;
  const format = FORMATS.get(b.name);
  if (format === undefined) return null;
  if (b.length > SSIZE_MAX)
    throw new BufferError(`memoryview: a view of ${b.length} bytes is longer than the ${SSIZE_MAX} `
      + 'a wasm32 memoryview can address; view a part of it (new Uint8Array(buffer, offset, length))');
  return new JsExporter(x, b.buffer, b.offset, b.length, format);
}

/** An exporter of JS memory: the bytes [_base, _base + _byteLength) of _buffer. */
class JsExporter {
  constructor(obj, buffer, base, byteLength, format) {
    this._obj = obj;
    this._buffer = buffer;
    this._base = base;
    this._byteLength = byteLength;
    this._format = format;
    this._exports = 0;
    this._js = true;
    this._length = lengthGetter(buffer);
    // For js/executor.js: the DataView its items are read through, and this
    // exporter when its buffer can shrink (then every access checks it).
    this._jd = dataViewOf(buffer);
    this._jx = isResizable(buffer) ? this : null;
    // Two SharedArrayBuffer objects can be one memory (structuredClone,
    // postMessage, a shared WebAssembly.Memory's buffer before and after a
    // grow): identity does not tell their bytes apart.
    this._shared = isSharedArrayBuffer(buffer);
    this._u8 = null; // _bytes()
    this._nodeBuffer = null; // js/view.js nodeBufferOf()
  }
  /** The buffer for mv_view_init: virtual addresses start at 0. */
  _getbuffer() {
    return { ptr: 0, nbytes: this._byteLength, readonly: false, format: this._format };
  }
  /** Whether all the bytes are still there: a detached (transferred) or
   *  shrunk buffer must never read as zeros. */
  _attached() {
    const b = this._buffer, n = this._length.call(b);
    return this._base + this._byteLength <= n && !(n === 0 && isDetached(b));
  }
  _checkAttached() { if (!this._attached()) throw new ValueError(DETACHED); }
  /** A Uint8Array over exactly its bytes (made on first use), indexed by
   *  virtual address. Check _attached() first: a shrunk buffer empties it. */
  _bytes() {
    if (this._u8 === null) this._u8 = new Uint8Array(this._buffer, this._base, this._byteLength);
    return this._u8;
  }
  /** The offset in _buffer of the virtual address a (a descriptor's buf). */
  _offset(a) { return this._base + (a >>> 0); }
}
// Two staging slots, so a call can stage two views (equals, assign).
const slot = () => ({ window: alloc(WINDOW), view: alloc(MV_VIEW_SIZE) });
const slots = [slot(), slot()];

/**
 * Runs fn(desc) where desc is the descriptor p (of a view of exporter `ex`)
 * rebased onto a wasm copy of the bytes [buf + lo, buf + lo + n) (without lo,
 * the view's span); copies them back after fn when `write` (of a span with
 * gaps in a shared buffer, only the items). For wasm-resident views, fn(p)
 * directly.
 */
export function staged(p, ex, write, fn, slot = 0, lo = null, n = 0) {
  if (!ex._js) return fn(p);
  const wholeSpan = lo === null; // else [lo, lo + n): bytes its caller's C call writes all of
  if (wholeSpan) {
    W.mv_view_extent(p, F.ext, F.ext + 4);
    const dv = heap();
    lo = dv.getInt32(F.ext, true);
    n = dv.getInt32(F.ext + 4, true) - lo;
  }
  const s = slots[slot];
  const w = n <= WINDOW ? s.window : alloc(n);
  try {
    // After the allocation, which can grow wasm memory and so detach a
    // buffer that is wasm memory's own (a view of asTypedArray()).
    ex._checkAttached();
    const at = ex._offset(heap().getUint32(p + O_BUF, true) + lo);
    if (n) heapU8().set(new Uint8Array(ex._buffer, at, n), w);
    W.mv_view_copy(s.view, p);
    heap().setUint32(s.view + O_BUF, w - lo, true);
    const r = fn(s.view);
    if (write && n) {
      ex._checkAttached();
      // Another thread may be writing a shared buffer's bytes between the
      // items: only the items go back there (the staged gaps are stale).
      if (wholeSpan && ex._shared && n !== heap().getInt32(p + O_LEN, true)) copyItemsBack(p, lo, w, n, new Uint8Array(ex._buffer, at, n));
      else new Uint8Array(ex._buffer, at, n).set(new Uint8Array(wasmBuffer(), w, n));
    }
    return r;
  } finally {
    if (w !== s.window) free(w);
  }
}

const RUNS_CAP = 256, RUNS = alloc(8 * RUNS_CAP); // (offset, bytes) pairs from mv_view_runs
/** Copies the item bytes of view p, whose span starts `lo` bytes from its
 *  buf, from the copy of that span (n bytes at w in wasm memory) to `to`:
 *  the runs C gives (mv_view_runs), a batch at a time. (A long run's source
 *  is a new Uint8Array, not a subarray(), which would ask the program's
 *  Symbol.species.) */
function copyItemsBack(p, lo, w, n, to) {
  const mem = wasmBuffer(), from = new Uint8Array(mem, w, n), runs = heapI32();
  for (let first = 0, got; (got = W.mv_view_runs(p, first, RUNS, RUNS_CAP)) > 0; first += got) {
    for (let k = 0; k < got; k++) {
      const at = runs[(RUNS >> 2) + 2 * k] - lo, len = runs[(RUNS >> 2) + 2 * k + 1];
      if (len < 16) for (let j = 0; j < len; j++) to[at + j] = from[at + j];
      else to.set(new Uint8Array(mem, w + at, len), at);
    }
  }
}
/** The span of a JS view in its JS buffer: [byte offset, byte length). */
export function jsSpan(p, ex) {
  ex._checkAttached();
  return { buffer: ex._buffer, offset: ex._offset(heap().getUint32(p + O_BUF, true)) };
}

// ---- operations over many elements, a window at a time ----------------------

const blocks = [alloc(MV_VIEW_SIZE), alloc(MV_VIEW_SIZE)];

function extent(p) {
  W.mv_view_extent(p, F.ext, F.ext + 4);
  const dv = heap();
  return dv.getInt32(F.ext + 4, true) - dv.getInt32(F.ext, true);
}

/** The rows [r, r + k) of p's first dimension, as descriptor blocks[slot]. */
function rows(p, r, k, slot) {
  const st = W.mv_view_slice(blocks[slot], p, r, r + k, 1, F.err);
  if (st !== 0) throw new Error('memview: internal slice failed');
  return blocks[slot];
}

/**
 * Runs fn(desc, firstElement) over p in C order, one block of first-dimension
 * rows at a time, each block staged (read-only) in at most a window's worth of
 * bytes — or a single row, if one row spans more. Views of wasm memory, 0-dim
 * views and views that fit in the window run in one call.
 */
export function forEachBlock(p, ex, fn) {
  const span = ex._js ? extent(p) : 0;
  const dv = heap();
  if (!ex._js || span <= WINDOW || dv.getInt32(p + O_NDIM, true) === 0)
    return staged(p, ex, false, (d) => fn(d, 0));
  const n0 = dv.getInt32(p + O_SHAPE, true);
  const perRow = dv.getInt32(p + O_LEN, true) / dv.getInt32(p + O_ITEMSIZE, true) / n0; // elements per row
  const k = Math.max(1, Math.floor(n0 * WINDOW / span));
  for (let r = 0; r < n0; r += k) {
    const b = rows(p, r, Math.min(k, n0 - r), 0);
    staged(b, ex, false, (d) => fn(d, r * perRow));
  }
}

/**
 * Runs fn(desc, first, n) over the items [start, stop) of 1-D view p of JS
 * memory, a window's worth of items at a time, each block staged (read-only)
 * as its own descriptor; stops when fn returns true.
 */
function rangeBlocks(p, ex, start, stop, fn) {
  const dv = heap(), stride = Math.abs(dv.getInt32(p + O_SHAPE + (O_STRIDES - O_SHAPE), true));
  const itemsize = dv.getInt32(p + O_ITEMSIZE, true);
  const k = Math.max(1, Math.floor(WINDOW / Math.max(stride, itemsize, 1)));
  for (let r = start; r < stop; r += k) {
    const n = Math.min(k, stop - r);
    if (staged(rows(p, r, n, 0), ex, false, (d) => fn(d, r, n))) return;
  }
}

/**
 * count (firstOnly false) or index over the items [start, stop) of 1-D view p
 * of JS memory, a staged block at a time: lookupIn(desc, n) gives C's answer
 * for a block of n items (a count, or the first index in it or -1).
 */
export function lookupBlocks(p, ex, start, stop, firstOnly, lookupIn) {
  let result = firstOnly ? -1 : 0;
  rangeBlocks(p, ex, start, stop, (d, first, n) => {
    const k = lookupIn(d, n);
    if (!firstOnly) { result += k; return false; }
    if (k >= 0) { result = first + k; return true; }
    return false;
  });
  return result;
}

/** Like forEachBlock for two views of one shape (equals): fn(a, b) per block
 *  pair, stopping at the first false. */
export function everyBlockPair(p, pex, q, qex, fn) {
  const big = (pex._js && extent(p) > WINDOW) || (qex._js && extent(q) > WINDOW);
  const dv = heap();
  if (!big || dv.getInt32(p + O_NDIM, true) === 0)
    return staged(p, pex, false, (a) => staged(q, qex, false, (b) => fn(a, b), 1));
  // A view that big has no 0 in its shape, so equivalent shapes are equal ones.
  const nd = dv.getInt32(p + O_NDIM, true);
  if (dv.getInt32(q + O_NDIM, true) !== nd) return false;
  for (let k = 0; k < nd; k++)
    if (dv.getInt32(p + O_SHAPE + 4 * k, true) !== dv.getInt32(q + O_SHAPE + 4 * k, true)) return false;
  const n0 = dv.getInt32(p + O_SHAPE, true);
  const k = Math.max(1, Math.floor(n0 * WINDOW / Math.max(extent(p), extent(q))));
  for (let r = 0; r < n0; r += k) {
    const kk = Math.min(k, n0 - r);
    const a = rows(p, r, kk, 0), b = rows(q, r, kk, 1);
    if (!staged(a, pex, false, (x) => staged(b, qex, false, (y) => fn(x, y), 1))) return false;
  }
  return true;
}

/**
 * dst[:] = src for two 1-D views of one structure (the caller checked both),
 * at least one of them in JS memory: block by block, each block of each side
 * staged in a window. When both are spans of one JS buffer that overlap, the
 * source is staged whole first, so the copy behaves as a memmove.
 */
export function assignBlocks(p, pex, q, qex, copy) {
  const sp = pex._js ? extent(p) : 0, sq = qex._js ? extent(q) : 0;
  const n0 = heap().getInt32(p + O_SHAPE, true);
  if (Math.max(sp, sq) <= WINDOW || n0 === 0 || sharesBytes(p, pex, q, qex))
    return staged(p, pex, true, (d) => staged(q, qex, false, (s) => copy(d, s), 1));
  const k = Math.max(1, Math.floor(n0 * WINDOW / Math.max(sp, sq)));
  for (let r = 0; r < n0; r += k) {
    const kk = Math.min(k, n0 - r);
    const a = rows(p, r, kk, 0), b = rows(q, r, kk, 1);
    staged(a, pex, true, (d) => staged(b, qex, false, (s) => copy(d, s), 1));
  }
}

/**
 * Whether exporters e and f may hold bytes of one memory, in which their
 * offsets compare (a wasm address; a JS exporter's _base plus its address):
 * one ArrayBuffer, wasm memory and a JS view of it, or two SharedArrayBuffer
 * objects, which can be one memory (structuredClone, postMessage, a shared
 * WebAssembly.Memory's buffer before and after a grow: _shared). Reading
 * wasm memory's buffer is a runtime call: callers ask after cheaper tests.
 */
export function oneMemory(e, f) {
  if (!e._js) return f._js ? f._buffer === wasmBuffer() : true;
  if (!f._js) return e._buffer === wasmBuffer();
  return e._buffer === f._buffer || (e._shared && f._shared);
}

/** Whether two views (descriptors p and q) can touch a common byte. */
function sharesBytes(p, pex, q, qex) {
  if (!oneMemory(pex, qex)) return false;
  const range = (v, ex) => { // each view's offsets are its own exporter's
    W.mv_view_extent(v, F.ext, F.ext + 4);
    const dv = heap(), buf = dv.getUint32(v + O_BUF, true), at = ex._js ? ex._offset(buf) : buf;
    return [at + dv.getInt32(F.ext, true), at + dv.getInt32(F.ext + 4, true)];
  };
  const [alo, ahi] = range(p, pex), [blo, bhi] = range(q, qex);
  return alo < bhi && blo < ahi;
}
