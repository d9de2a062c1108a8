// What JS does without a call into C, for the common case only:
// - item access (get, set, tolist) on a 1-D view of wasm memory with a native
//   format of fixed-size numbers or '?';
// - the arithmetic of 1-D slices, and the templates of 1-D casts (js/view.js
//   makes those views).
// Everything else (N-D and 0-dim views, JS memory for items, 'e' 'c' 'P',
// arguments that are not in-range integers, values that need converting, any
// check that would fail) goes to C, which also raises every error. The
// differential test replays the CPython corpus with these paths on and off,
// and tests/property.test.js compares the views they make with C's.
import { heap, heapU8, O_ITEMSIZE, O_KIND, O_FORMAT } from './wasm.js';

// Codes of the fast formats: the DataView accessor, and for integer setters
// the range a plain number must be in (anything else goes to C).
const I8 = 1, U8 = 2, I16 = 3, U16 = 4, I32 = 5, U32 = 6, I64 = 7, U64 = 8, F32 = 9, F64 = 10, BOOL = 11;
const BY_FORMAT = { b: I8, B: U8, h: I16, H: U16, i: I32, I: U32, l: I32, L: U32, n: I32, N: U32,
  q: I64, Q: U64, f: F32, d: F64, '?': BOOL };
const BY_CHAR = [];
for (const [c, code] of Object.entries(BY_FORMAT)) BY_CHAR[c.charCodeAt(0)] = code;
const LIMITS = [null, [-128, 127], [0, 255], [-32768, 32767], [0, 65535],
  [-2147483648, 2147483647], [0, 4294967295]];
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n], UINT64 = [0n, 2n ** 64n - 1n];

// The TypedArray of each fast code, for tolist's aligned walk. TypedArrays
// read in the platform's byte order; wasm memory is little-endian.
const TYPED = [undefined, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array,
  BigInt64Array, BigUint64Array, Float32Array, Float64Array, Uint8Array];
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

let enabled = true;
/** Tests only: route every item access, 1-D slice, cast and copy through C
 *  (false) or not (true). */
export function setFastPaths(on) { enabled = on; }
/** Whether the JS paths are on (setFastPaths). */
export function fastPaths() { return enabled; }

/** The one code character of an item format ('x' or '@x') whose first four
 *  bytes are the little-endian word w; 0 for any other format. */
function formatChar(w) {
  let c = w & 0xff, next = (w >>> 8) & 0xff;
  if (c === 64) { c = next; next = (w >>> 16) & 0xff; } // '@'
  return next === 0 ? c : 0;
}

/** The fast-path code of a view (0: none), from its layout at creation: w is
 *  the first word of its format's C string. */
export function fastCode(ndim, w, wasmResident) {
  if (ndim !== 1 || !wasmResident) return 0;
  return BY_CHAR[formatChar(w)] || 0;
}

// ---- 1-D slices ---------------------------------------------------------------

export const SSIZE_MAX = 2147483647; // wasm32's sys.maxsize
/** Where fastSliceCount leaves the first index and the step it resolved. */
export const SLICE = { first: 0, step: 1 };

/** A slice argument as an integer, NaN for None, or undefined when C must
 *  convert it (not a number, not an integer, or beyond ±sys.maxsize). */
function sliceBound(x) {
  if (x === undefined || x === null) return NaN;
  return typeof x === 'number' && Number.isInteger(x) && x >= -SSIZE_MAX && x <= SSIZE_MAX ? x : undefined;
}

/** The length of m[start:stop:step] over n items by CPython's
 *  PySlice_Unpack and PySlice_AdjustIndices (c/src/view.c adjust_slice), with
 *  the first index and the step left in SLICE; -1 when C must decide, which
 *  also raises every error (a zero step, a non-integer bound). */
export function fastSliceCount(n, start, stop, step) {
  if (!enabled) return -1;
  let by = sliceBound(step), lo = sliceBound(start), hi = sliceBound(stop);
  if (by === undefined || lo === undefined || hi === undefined || by === 0) return -1;
  if (by !== by) by = 1;
  if (lo !== lo) lo = by < 0 ? SSIZE_MAX : 0;
  if (hi !== hi) hi = by < 0 ? -SSIZE_MAX - 1 : SSIZE_MAX;
  if (lo < 0) { lo += n; if (lo < 0) lo = by < 0 ? -1 : 0; } else if (lo >= n) lo = by < 0 ? n - 1 : n;
  if (hi < 0) { hi += n; if (hi < 0) hi = by < 0 ? -1 : 0; } else if (hi >= n) hi = by < 0 ? n - 1 : n;
  let count = 0;
  if (by < 0) { if (hi < lo) count = Math.floor((lo - hi - 1) / -by) + 1; }
  else if (lo < hi) count = Math.floor((hi - lo - 1) / by) + 1;
  SLICE.first = lo;
  SLICE.step = by;
  return count;
}

// ---- 1-D casts ----------------------------------------------------------------

// m.cast(format, shape) of a C-contiguous 1-D view gives the same format,
// itemsize and kind for every source and shape: C casts the first time for
// each format, and what it made is kept here as a template (at most one per
// native format); js/view.js castFast does the rest of the arithmetic.
const castTemplates = new Map();

/** The template for cast(format), or undefined when C must cast. */
export function castTemplate(format) { return enabled ? castTemplates.get(format) : undefined; }

/** Keeps what a successful C cast(format, ...) made (its header words `sh`). */
export function rememberCast(format, sh) {
  // Only the spellings of one code ('x', '@x'): C reads a format up to its first
  // NUL, so 'B\0…' casts too, and keeping every such string would grow without end.
  if (format.length > 2 || castTemplates.has(format)) return;
  const words = [];
  for (let k = 0; k < 4; k++) words.push(sh[(O_FORMAT >> 2) + k]);
  castTemplates.set(format, { words, itemsize: sh[O_ITEMSIZE >> 2], kind: sh[O_KIND >> 2],
    byteFormat: isByteFormat(words[0]), fc: fastCode(1, words[0], true) });
}

/** Whether the format whose first four bytes are the word w is 'b', 'B' or
 *  'c' (with an optional '@'): cast's "byte format". */
export function isByteFormat(w) {
  const c = formatChar(w);
  return c === 98 || c === 66 || c === 99;
}

/** The item at i (an integer number) of a fast view, or undefined when i is
 *  out of range (C then raises). */
export function fastGet(m, i) {
  if (!enabled) return undefined;
  const n = m._fn;
  if (i < 0) i += n;
  if (!(i >= 0 && i < n)) return undefined;
  const dv = heap(), a = m._fb + i * m._fs;
  switch (m._fc) {
    case I8: return dv.getInt8(a);
    case U8: return dv.getUint8(a);
    case I16: return dv.getInt16(a, true);
    case U16: return dv.getUint16(a, true);
    case I32: return dv.getInt32(a, true);
    case U32: return dv.getUint32(a, true);
    case I64: return dv.getBigInt64(a, true);
    case U64: return dv.getBigUint64(a, true);
    case F32: return dv.getFloat32(a, true);
    case F64: return dv.getFloat64(a, true);
    case BOOL: return dv.getUint8(a) !== 0;
  }
  return undefined;
}

/** Stores v at i of a writable fast view; false when C must do it (an
 *  index out of range, a value that needs converting, checking or an error). */
export function fastSet(m, i, v) {
  if (!enabled) return false;
  const n = m._fn, code = m._fc;
  if (i < 0) i += n;
  if (!(i >= 0 && i < n)) return false;
  const a = m._fb + i * m._fs;
  if (code <= U32) {
    const lim = LIMITS[code];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lim[0] || v > lim[1]) return false;
    const dv = heap();
    switch (code) {
      case I8: dv.setInt8(a, v); break;
      case U8: dv.setUint8(a, v); break;
      case I16: dv.setInt16(a, v, true); break;
      case U16: dv.setUint16(a, v, true); break;
      case I32: dv.setInt32(a, v, true); break;
      case U32: dv.setUint32(a, v, true); break;
    }
    return true;
  }
  if (code === I64 || code === U64) {
    const lim = code === I64 ? INT64 : UINT64;
    if (typeof v !== 'bigint' || v < lim[0] || v > lim[1]) return false;
    if (code === I64) heap().setBigInt64(a, v, true); else heap().setBigUint64(a, v, true);
    return true;
  }
  if (code === F32 || code === F64) {
    // Only a Python float: an integral number is an int there, which C converts.
    if (typeof v !== 'number' || Number.isInteger(v)) return false;
    if (code === F32) heap().setFloat32(a, v, true); else heap().setFloat64(a, v, true);
    return true;
  }
  return false; // '?' keeps C's truthiness rules
}

/** tolist() of a fast view: its items in order. */
export function fastList(m) {
  if (!enabled) return undefined;
  const n = m._fn, code = m._fc, out = new Array(n);
  const T = LITTLE_ENDIAN ? TYPED[code] : undefined, size = T === undefined ? 0 : T.BYTES_PER_ELEMENT;
  if (size !== 0 && m._fb % size === 0 && m._fs % size === 0) {
    // Aligned items: one TypedArray over all of wasm memory, indexed in strides.
    const items = new T(heapU8().buffer), step = m._fs / size;
    let k = m._fb / size;
    if (code === BOOL) for (let i = 0; i < n; i++, k += step) out[i] = items[k] !== 0;
    else for (let i = 0; i < n; i++, k += step) out[i] = items[k];
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = fastGet(m, i);
  return out;
}
