// Instantiates the C core once (js/load.js says where the compiled module
// comes from), in Node and in browsers alike, and gives the rest of the
// binding three things:
//   W        the wasm exports (mv_* functions of c/include/memview.h)
//   heap()   a DataView over the current wasm memory (re-made after growth)
//   F        a scratch frame in wasm memory for the arguments and results of
//            one call (single-threaded, so one frame serves every call)
import { errorFromStatus, MemoryError } from './errors.js';
import { wasmModule } from './load.js';
import { NodeBuffer } from './node-buffer.js';
import { coreImports } from './core-imports.js';

let views = null; // { dv, u8 } over the current memory.buffer

const instance = new WebAssembly.Instance(wasmModule, coreImports(() => { views = null; }));
export const W = instance.exports;
W._initialize();
const memory = W.memory;

// Taken once: a program may replace the globals, and the views over memory,
// remade after each growth, are what memview reads and writes (zero-fills,
// uninitialized copies) through.
const U8 = Uint8Array, I32 = Int32Array, DV = DataView;
function remap() {
  const b = memory.buffer;
  views = { dv: new DV(b), u8: new U8(b), i32: new I32(b), buffer: b };
  return views;
}
// Growth detaches the old buffer, and a view of a detached buffer has length
// 0 (wasm memory never has 0 bytes). `length` is the cheapest test there is
// (reading memory.buffer or byteLength costs 5-10x more), so every access
// makes it.
/** DataView over all of wasm memory; never stale. */
export function heap() { return (views !== null && views.u8.length !== 0 ? views : remap()).dv; }
/** Uint8Array over all of wasm memory; never stale. */
export function heapU8() { return (views !== null && views.u8.length !== 0 ? views : remap()).u8; }
/** Int32Array over all of wasm memory (index: address / 4); never stale. */
export function heapI32() { return (views !== null && views.u8.length !== 0 ? views : remap()).i32; }
/** Wasm memory's ArrayBuffer; never stale (kept with the views: memory.buffer costs more). */
export function wasmBuffer() { return (views !== null && views.u8.length !== 0 ? views : remap()).buffer; }

// What Array.prototype.slice and map, and %TypedArray%.prototype.slice and
// subarray, make is a program's to choose (Symbol.species): user code, which
// could run where memview has computed addresses, and hand it an object of
// its own as a view's descriptor words or a copy's bytes. So memview calls
// none of them on its own arrays: it copies words by a loop (copyWords),
// bytes with copyOf, and makes views with the Uint8Array constructor. (Not
// by an own `constructor` on its arrays, for which the engine asks no
// species either: V8 then turns off its fast slice() and subarray() for
// every TypedArray of the process.)

/** The first n items of Array a (all by default), in a new Array. */
export function copyWords(a, n = a.length) {
  if (n >= 12) { // a descriptor's words: its 12 header words (O_SHAPE / 4) in one literal (as fast
    // as slice(); a loop into new Array(n) made sub() 1.06-1.15x slower: bench/ab.js sub2d), then its shape
    const out = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]];
    for (let k = 12; k < n; k++) out.push(a[k]);
    return out;
  }
  const out = new Array(n);
  for (let k = 0; k < n; k++) out[k] = a[k];
  return out;
}

const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
const getter = (name) => Object.getOwnPropertyDescriptor(typedArray, name).get;
const bufferOf = getter('buffer');
const typedArraySet = Uint8Array.prototype.set;
const allocUnsafeSlow = NodeBuffer?.allocUnsafeSlow ?? null;
// Up to this many bytes a loop copies faster than a copy of a new view (and
// as fast as slice(): a scratch loop over 8 to 32 bytes).
const SHORT_COPY = 24;
/** A new Uint8Array holding a copy of u8's n bytes at p (of wasm or JS
 *  memory), which are at `off` in u8's buffer `buffer` (the caller knows
 *  both: asking u8 costs more than a short copy), made by nothing a program
 *  can define. From 64 KiB up, in Node, into an uninitialized buffer
 *  (Buffer.allocUnsafeSlow) that the copy overwrites in full at once: 1.2x
 *  (64 KiB) to 2.3x (10 MB) faster than a zero-filled one. Bounds past u8's
 *  end (a caller's bug) are a RangeError. */
export function copyOf(u8, p, n, buffer, off) {
  if (!(p >= 0 && p + n <= u8.length)) throw new RangeError(`memview: a copy of ${n} bytes at ${p} of ${u8.length}`);
  if (n <= SHORT_COPY) {
    const out = new Uint8Array(n);
    for (let k = 0; k < n; k++) out[k] = u8[p + k];
    return out;
  }
  // A TypedArray made from one copies it into a new buffer, and asks nothing
  // (since ES2022: before, the source buffer's species); faster than slice()
  // or a set() into a new array (bench/ab.js tobytes100).
  const fresh = n < 65536 || allocUnsafeSlow === null ? null : bufferOf.call(allocUnsafeSlow(n));
  // Node's has a buffer of n bytes of its own; a patched one may hand out
  // a range of a larger one, which the copy must not overwrite
  if (fresh === null || fresh.byteLength !== n) return new Uint8Array(new Uint8Array(buffer, off, n));
  const out = new U8(fresh, 0, n);
  typedArraySet.call(out, new U8(buffer, off, n)); // all n bytes, or it throws: out is never returned unwritten
  return out;
}
/** copyOf wasm memory. */
export const copyOut = (p, n) => copyOf(heapU8(), p, n, wasmBuffer(), p);

/** mv_alloc, or MemoryError. */
// Pointers and sizes come back from wasm as signed i32: >>> 0 reads them
// unsigned, so addresses past 2 GiB stay addresses.
export function alloc(n) {
  if (n === 0) return 0;
  const p = n > 0xffffffff ? 0 : W.mv_alloc(n) >>> 0;
  if (p === 0) throw new MemoryError(`cannot allocate ${n} bytes: out of wasm memory`);
  return p;
}
export function realloc(p, n) {
  const q = n > 0xffffffff ? 0 : W.mv_realloc(p, n) >>> 0;
  if (q === 0) throw new MemoryError(`cannot allocate ${n} bytes: out of wasm memory`);
  return q;
}
export const free = (p) => { if (p) W.mv_free(p); };

// The C structures on wasm32 (c/include/memview.h; these figures, and the
// offsets js/value.js and js/struct.js read, are asserted in c/src/view.c).
// Every JS file reads descriptors through these.
export const MV_ERROR_SIZE = 256;
export const MV_VALUE_SIZE = 40;
export const MV_VIEW_SIZE = 560;
export const MV_FORMAT_MAX = 16; // a descriptor's format, with its NUL
export const MAXDIM = 64;
/** sys.maxsize on wasm32: the most bytes or items a view, a length or an offset can be. */
export const SSIZE_MAX = 2147483647;
/** mv_view field offsets. */
export const O_BUF = 0, O_LEN = 4, O_ITEMSIZE = 8, O_READONLY = 12, O_NDIM = 16, O_FLAGS = 20,
  O_KIND = 24, O_ACCESS = 28, O_FORMAT = 32, O_SHAPE = 48, O_STRIDES = 304;
/** mv_value field offsets (its int64 is at 0). */
export const O_VALUE_D = 8, O_VALUE_TAG = 16, O_VALUE_INTRANGE = 20, O_VALUE_TRUTHY = 24, O_VALUE_LEN = 28, O_VALUE_DATA = 32;
/** mv_code field offsets (its kind and size are bytes). */
export const O_CODE_KIND = 1, O_CODE_SIZE = 2;
/** mv_view flags. */
export const C_CONTIGUOUS = 1, F_CONTIGUOUS = 2;

function frameAlloc() {
  const err = alloc(MV_ERROR_SIZE);
  return {
    err,
    value: alloc(MV_VALUE_SIZE),
    index: alloc(8 * (MAXDIM + 1)), // doubles: indexes, or a cast's shape
    str: alloc(MV_FORMAT_MAX + 1),  // a format string (writeFormat)
    view: alloc(MV_VIEW_SIZE),      // a descriptor for short-lived internal views
    bytes: alloc(256),              // bytes of one value
    ext: alloc(8),                  // two mv_ssize results
  };
}
export const F = frameAlloc();

function readCString(p, max) {
  const u8 = heapU8();
  let end = p;
  while (end < p + max && u8[end] !== 0) end++;
  let s = '';
  for (let i = p; i < end; i++) s += String.fromCharCode(u8[i]);
  return s;
}

/** Throws the error a failing C call reported in F.err. */
export function check(status) {
  if (status !== 0) throw errorFromStatus(status, readCString(F.err, MV_ERROR_SIZE));
}

/** Writes format s as a C string into F.str, for C to check. A format of
 *  MV_FORMAT_MAX characters or more arrives as MV_FORMAT_MAX of them, which
 *  C refuses as too long; one with any character beyond ASCII as the one
 *  byte 0x80, which every format check rejects. Either way C refuses it
 *  where CPython refuses a bad format, after the checks CPython makes first. */
export function writeFormat(s) {
  const u8 = heapU8();
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 127) { u8[F.str] = 0x80; u8[F.str + 1] = 0; return F.str; }
  const n = Math.min(s.length, MV_FORMAT_MAX);
  for (let k = 0; k < n; k++) u8[F.str + k] = s.charCodeAt(k);
  u8[F.str + n] = 0;
  return F.str;
}
export { readCString };
