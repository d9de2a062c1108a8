// Views over JS-owned memory (ArrayBuffer, SharedArrayBuffer, TypedArrays,
// DataView, Buffer). Their bytes are not in wasm memory, so the descriptor's
// buf holds a *virtual* address — the byte offset into the JS buffer — which
// the C core only does arithmetic on (slice, cast). Before an operation reads
// or writes elements, the binding copies the span it touches into wasm memory
// (a reused 64 KiB window, or a block of exactly that span), runs the C call
// on a copy of the descriptor rebased there, and copies the span back after a
// write. Nothing copies the whole JS buffer unless the view spans all of it.
import { W, F, heap, heapU8, alloc, free, MV_VIEW_SIZE } from './wasm.js';
import { ValueError } from './errors.js';

const O_BUF = 0;
const WINDOW = 64 << 10;

// TypedArray constructor → memoryview format (the contract's mapping).
const FORMATS = new Map([
  [Int8Array, 'b'], [Uint8Array, 'B'], [Uint8ClampedArray, 'B'], [Int16Array, 'h'],
  [Uint16Array, 'H'], [Int32Array, 'i'], [Uint32Array, 'I'], [BigInt64Array, 'q'],
  [BigUint64Array, 'Q'], [Float32Array, 'f'], [Float64Array, 'd'],
]);
if (typeof Float16Array === 'function') FORMATS.set(Float16Array, 'e');

/** Node 20 has no ArrayBuffer.prototype.detached; slice() throws on a
 *  detached buffer (only ever asked of empty ones, which detached ones are). */
function isDetached(b) {
  if (typeof b.detached === 'boolean') return b.detached;
  if (isSAB(b)) return false;
  try { b.slice(0, 0); return false; } catch { return true; }
}

const isSAB = (x) => typeof SharedArrayBuffer === 'function' && x instanceof SharedArrayBuffer;

/** The exporter record of a JS object memoryview() accepts, or null. */
export function jsExporter(x) {
  let buffer, byteOffset = 0, byteLength, format = 'B';
  if (x instanceof ArrayBuffer || isSAB(x)) {
    buffer = x; byteLength = x.byteLength;
  } else if (ArrayBuffer.isView(x)) {
    buffer = x.buffer; byteOffset = x.byteOffset; byteLength = x.byteLength;
    if (!(x instanceof DataView)) {
      let C = Object.getPrototypeOf(x);
      while (C && !FORMATS.has(C.constructor)) C = Object.getPrototypeOf(C); // Buffer → Uint8Array
      if (!C) return null;
      format = FORMATS.get(C.constructor);
    }
  } else return null;
  return new JsExporter(x, buffer, byteOffset, byteLength, format);
}

class JsExporter {
  constructor(obj, buffer, byteOffset, byteLength, format) {
    this._obj = obj;
    this._buffer = buffer;
    this._byteOffset = byteOffset;
    this._byteLength = byteLength;
    this._format = format;
    this._exports = 0;
    this._js = true;
    this._checkAttached();
  }
  /** The buffer for mv_view_init: the virtual address is the byte offset. */
  _getbuffer() {
    return { ptr: this._byteOffset, nbytes: this._byteLength, readonly: false, format: this._format };
  }
  /** A detached (transferred) or shrunk buffer must never read as zeros. */
  _checkAttached() {
    const b = this._buffer;
    if (this._byteOffset + this._byteLength > b.byteLength || (b.byteLength === 0 && isDetached(b)))
      throw new ValueError('operation forbidden on memoryview of a detached ArrayBuffer');
  }
}

// Two staging slots, so a call can stage two views (equals, assign).
const slots = [0, 1].map(() => ({ window: alloc(WINDOW), view: alloc(MV_VIEW_SIZE) }));

/**
 * Runs fn(desc) where desc is the descriptor p (of a view of exporter `ex`)
 * rebased onto a wasm copy of the bytes [buf + lo, buf + lo + n); copies them
 * back after fn when `write`. For wasm-resident views, fn(p) directly.
 */
export function staged(p, ex, write, fn, slot = 0, lo = null, n = 0) {
  if (!ex._js) return fn(p);
  ex._checkAttached();
  if (lo === null) {
    W.mv_view_extent(p, F.ext, F.ext + 4);
    const dv = heap();
    lo = dv.getInt32(F.ext, true);
    n = dv.getInt32(F.ext + 4, true) - lo;
  }
  const s = slots[slot];
  const at = heap().getUint32(p + O_BUF, true) + lo; // offset in the JS buffer
  const w = n <= WINDOW ? s.window : alloc(n);
  try {
    if (n) heapU8().set(new Uint8Array(ex._buffer, at, n), w);
    W.mv_view_copy(s.view, p);
    heap().setUint32(s.view + O_BUF, w - lo, true);
    const r = fn(s.view);
    if (write && n) new Uint8Array(ex._buffer, at, n).set(heapU8().subarray(w, w + n));
    return r;
  } finally {
    if (w !== s.window) free(w);
  }
}

/** The span of a JS view in its JS buffer: [byte offset, byte length). */
export function jsSpan(p, ex) {
  ex._checkAttached();
  return { buffer: ex._buffer, offset: heap().getUint32(p + O_BUF, true) };
}
