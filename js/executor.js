// The one JS executor. C decides how each value is stored: a view's
// descriptor carries the mv_access of its item format, and a compiled
// struct carries one per code, with the byte order (c/include/memview.h).
// This file runs the hot loops from those plans, over a DataView of whichever
// memory holds the bytes: wasm memory, or the JS buffer itself. Of C's rules
// it applies only the ones a hot loop cannot do without: an index's wrap and
// bounds, and the range of values each accessor stores as they are (bench/
// targets.js "JS path vs C path": get, set, count, index, equals). Anything
// else (a value that needs converting, an index out of range) and any
// failure make it answer "not here", and the caller goes to C, which
// converts or raises.
import { heap, O_SHAPE } from './wasm.js';
import { dataViewBuffer, typedArrayByteLength, headOf, isBinaryView, borrowableLength } from './jsmemory.js';

// mv_access (memview.h).
export const NONE = 0, I8 = 1, U8 = 2, I16 = 3, U16 = 4, I32 = 5, U32 = 6, I64 = 7, U64 = 8,
  F32 = 9, F64 = 10, BOOL = 11, BYTES = 12;
export const BIG_ENDIAN = 0x100;
/** Bytes per value of each accessor (BYTES: the field says). */
export const WIDTH = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 1, 0];
// The values each integer accessor stores as they are.
const INT_MIN = [0, -128, 0, -32768, 0, -2147483648, 0];
const INT_MAX = [0, 127, 255, 32767, 65535, 2147483647, 4294967295];
const SHAPE_WORD = O_SHAPE >> 2; // in a view record's _hdr: the header words, then the shape
/** Whether bigint v is a value of 8-byte integer accessor `code` (I64 or U64);
 *  V8 compiles BigInt.asIntN inline, two bigint comparisons cost 3x more. */
const bigintFits = (code, v) => (code === I64 ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v)) === v;
/** Whether v is an integral number in [lo, hi]: what an integer accessor of
 *  those bounds (INT_MIN, INT_MAX) stores as it is. */
const intFits = (v, lo, hi) => typeof v === 'number' && v >= lo && v <= hi && Number.isInteger(v);
/** Whether a float accessor stores v as it is: any number. C stores an
 *  integral one (a Python int) as the same double, -0 included. */
const floatAsIs = (v) => typeof v === 'number';

/** The value at address a of dv, by accessor `access`. */
export function read(dv, a, access) {
  const le = (access & BIG_ENDIAN) === 0;
  switch (access & 0xff) {
    case I8: return dv.getInt8(a);
    case U8: return dv.getUint8(a);
    case I16: return dv.getInt16(a, le);
    case U16: return dv.getUint16(a, le);
    case I32: return dv.getInt32(a, le);
    case U32: return dv.getUint32(a, le);
    case I64: return dv.getBigInt64(a, le);
    case U64: return dv.getBigUint64(a, le);
    case F32: return dv.getFloat32(a, le);
    case F64: return dv.getFloat64(a, le);
    case BOOL: return dv.getUint8(a) !== 0;
  }
  return undefined;
}

/**
 * Whether accessor `code` (access & 0xff) stores v exactly as C would after
 * its conversion: integers take integral numbers in range (and 8-byte ones
 * bigints); floats take numbers (an integral one is a Python int, which C
 * converts to the same double), but not a finite one too large for 'f';
 * bools take booleans. Anything else is C's to convert, check or refuse.
 */
export function storable(code, v) {
  if (code <= U32) return intFits(v, INT_MIN[code], INT_MAX[code]);
  switch (code) {
    case I64:
      return typeof v === 'bigint' ? bigintFits(I64, v)
        : typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 63;
    case U64:
      return typeof v === 'bigint' ? bigintFits(U64, v)
        : typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 2 ** 64;
    case F32: return floatAsIs(v) && (Number.isFinite(Math.fround(v)) || !Number.isFinite(v));
    case F64: return floatAsIs(v);
    case BOOL: return typeof v === 'boolean';
  }
  return false;
}

/** Stores v, which storable() accepted, at address a of dv. */
export function store(dv, a, access, v) {
  const le = (access & BIG_ENDIAN) === 0;
  switch (access & 0xff) {
    case I8: dv.setInt8(a, v); break;
    case U8: dv.setUint8(a, v); break;
    case I16: dv.setInt16(a, v, le); break;
    case U16: dv.setUint16(a, v, le); break;
    case I32: dv.setInt32(a, v, le); break;
    case U32: dv.setUint32(a, v, le); break;
    case I64: dv.setBigInt64(a, typeof v === 'bigint' ? v : BigInt(v), le); break;
    case U64: dv.setBigUint64(a, typeof v === 'bigint' ? v : BigInt(v), le); break;
    case F32: dv.setFloat32(a, v, le); break;
    case F64: dv.setFloat64(a, v, le); break;
    case BOOL: dv.setUint8(a, v ? 1 : 0); break;
  }
}

/** Stores v at address a of dv when storable(); false (nothing written) when not. */
export function write(dv, a, access, v) {
  if (!storable(access & 0xff, v)) return false;
  store(dv, a, access, v);
  return true;
}

// ---- the items of a view -------------------------------------------------------
//
// A view record (js/view.js) carries for this: _fc, its access (0: none, or
// not 1-D); _fb, the address of item 0 in its memory; _fn, _fs, its length and
// stride (1-D only); _fw, whether it is writable; _rd and _wr, the reader and
// writer of its access (readerOf, writerOf; null when it has none, in any
// number of dimensions); _jd, the DataView of its JS buffer (null
// for wasm memory); _jx, its JS exporter when that buffer can shrink (a
// resizable ArrayBuffer), whose bytes must be checked on every access.
// A detached buffer makes the DataView throw, which sends the call to C, and C
// raises the CPython-style ValueError.

/** Whether the JS buffer of view r lost some of r's bytes: only a resizable
 *  one can shrink (_jx); a detached one throws on any access instead, which
 *  sends the call to C, so a path that reads nothing (0 bytes) asks C too. */
export const shrunk = (r) => r._jx !== null && !r._jx._attached();

// One small function per access, so that a loop over one view inlines its
// own read or write (the general read() and write() are too big for that).
const READERS = [], WRITERS = [];
/** (dv, a) → the value at a, for access `access`; undefined for BYTES. */
export function readerOf(access) {
  let f = READERS[access];
  if (f === undefined) {
    const le = (access & BIG_ENDIAN) === 0;
    switch (access & 0xff) {
      case I8: f = (dv, a) => dv.getInt8(a); break;
      case U8: f = (dv, a) => dv.getUint8(a); break;
      case I16: f = (dv, a) => dv.getInt16(a, le); break;
      case U16: f = (dv, a) => dv.getUint16(a, le); break;
      case I32: f = (dv, a) => dv.getInt32(a, le); break;
      case U32: f = (dv, a) => dv.getUint32(a, le); break;
      case I64: f = (dv, a) => dv.getBigInt64(a, le); break;
      case U64: f = (dv, a) => dv.getBigUint64(a, le); break;
      case F32: f = (dv, a) => dv.getFloat32(a, le); break;
      case F64: f = (dv, a) => dv.getFloat64(a, le); break;
      case BOOL: f = (dv, a) => dv.getUint8(a) !== 0; break;
      default: f = () => undefined;
    }
    READERS[access] = f;
  }
  return f;
}
/** (dv, a, v) → whether v was stored at a (storable()), for access `access`. */
export function writerOf(access) {
  let f = WRITERS[access];
  if (f === undefined) {
    const le = (access & BIG_ENDIAN) === 0, code = access & 0xff;
    const lo = INT_MIN[code], hi = INT_MAX[code];
    switch (code) {
      case I8: f = (dv, a, v) => intFits(v, lo, hi) && (dv.setInt8(a, v), true); break;
      case U8: f = (dv, a, v) => intFits(v, lo, hi) && (dv.setUint8(a, v), true); break;
      case I16: f = (dv, a, v) => intFits(v, lo, hi) && (dv.setInt16(a, v, le), true); break;
      case U16: f = (dv, a, v) => intFits(v, lo, hi) && (dv.setUint16(a, v, le), true); break;
      case I32: f = (dv, a, v) => intFits(v, lo, hi) && (dv.setInt32(a, v, le), true); break;
      case U32: f = (dv, a, v) => intFits(v, lo, hi) && (dv.setUint32(a, v, le), true); break;
      case F64: f = (dv, a, v) => floatAsIs(v) && (dv.setFloat64(a, v, le), true); break;
      // A bigint in range, stored as it is; a number goes the general way.
      case I64: f = (dv, a, v) => (typeof v === 'bigint' ? bigintFits(I64, v) && (dv.setBigInt64(a, v, le), true) : write(dv, a, access, v)); break;
      case U64: f = (dv, a, v) => (typeof v === 'bigint' ? bigintFits(U64, v) && (dv.setBigUint64(a, v, le), true) : write(dv, a, access, v)); break;
      default: f = (dv, a, v) => write(dv, a, access, v);
    }
    WRITERS[access] = f;
  }
  return f;
}

/** The item at i (an integer number) of a view with an access, or undefined
 *  when C must answer (i out of range, a detached or shrunk JS buffer). */
export function itemGet(r, i) {
  const n = r._fn;
  if (i < 0) i += n;
  if (!(i >= 0 && i < n)) return undefined;
  const a = r._fb + i * r._fs, jd = r._jd;
  if (jd === null) return readItem(r, heap(), a);
  if (shrunk(r)) return undefined;
  try { return readItem(r, jd, a); } catch { return undefined; }
}

/** The item at address a of dv for view r: the commonest accessors read
 *  inline, the others through the view's reader (a call per item once views
 *  of several formats have run through the caller). */
function readItem(r, dv, a) {
  switch (r._fc) {
    case U8: return dv.getUint8(a);
    case U32: return dv.getUint32(a, true);
    case U32 | BIG_ENDIAN: return dv.getUint32(a, false); // '>I', network order
    case F64: return dv.getFloat64(a, true);
    case I64: return dv.getBigInt64(a, true);
  }
  return r._rd(dv, a);
}

/** Where index x of a dimension of `len` items goes: x itself, or x + len
 *  for a negative x; -1 when C must answer (not an integer number, or out
 *  of range: C raises). */
function dimIndex(x, len) {
  if (typeof x !== 'number' || !Number.isInteger(x)) return -1;
  if (x < 0) x += len;
  return x >= 0 && x < len ? x : -1;
}

/** The address of the item at indexes (i, j, k) of a view of n dimensions
 *  (0, 2 or 3) with an access: C's ptr_from_tuple. -1 when C must answer.
 *  The indexes come one by one, so that V8 makes no arguments object; views
 *  of more dimensions are C's. */
function addressAt(r, n, i, j, k) {
  if (n === 0) return r._fb;
  const sh = r._hdr, st = r._st; // all the words: views of 2 or 3 dimensions share none
  const x = dimIndex(i, sh[SHAPE_WORD]), y = dimIndex(j, sh[SHAPE_WORD + 1]);
  if (x < 0 || y < 0) return -1;
  if (n === 2) return r._fb + x * st[0] + y * st[1];
  const z = dimIndex(k, sh[SHAPE_WORD + 2]);
  return z < 0 ? -1 : r._fb + x * st[0] + y * st[1] + z * st[2];
}

/** m.get(i, j, k) of a view of n dimensions (0, 2 or 3) with an access: the
 *  item, or undefined when C must answer (as itemGet). */
export function itemGetND(r, n, i, j, k) {
  const a = addressAt(r, n, i, j, k);
  if (a < 0) return undefined;
  const jd = r._jd;
  if (jd === null) return r._rd(heap(), a);
  if (shrunk(r)) return undefined;
  try { return r._rd(jd, a); } catch { return undefined; }
}

/** m.set(i, j, k, v) of a writable view as itemGetND's; false when C must. */
export function itemSetND(r, n, i, j, k, v) {
  const a = addressAt(r, n, i, j, k);
  if (a < 0) return false;
  const jd = r._jd;
  if (jd === null) return r._wr(heap(), a, v);
  if (shrunk(r)) return false;
  try { return r._wr(jd, a, v); } catch { return false; }
}

/** Stores v at i of a writable view with an access; false when C must. */
export function itemSet(r, i, v) {
  const n = r._fn;
  if (i < 0) i += n;
  if (!(i >= 0 && i < n)) return false;
  let dv = r._jd;
  if (dv === null) dv = heap();
  else if (shrunk(r)) return false;
  // One call site of writeItem serves both memories, so V8 inlines its
  // switch once; the try covers wasm memory too, where nothing throws.
  try { return writeItem(r, dv, r._fb + i * r._fs, v); } catch { return false; }
}

/** Stores v at address a of dv for view r, as r._wr does: the commonest
 *  accessors write inline. A call through r._wr is not inlined once views of
 *  several formats have gone through set(), and it boxes every double (bench
 *  rows "m.set(i, v) loop", 'I' and 'd': 5-6x the TypedArray loop that way,
 *  3-4x this way). The bounds are INT_MIN/INT_MAX's as literals: a load from
 *  those tables per item made the 'B' rows 1.3x slower. '>I', which readItem
 *  reads inline for bench/beyond.js's network-order row, has no set row and
 *  writes through r._wr. */
function writeItem(r, dv, a, v) {
  switch (r._fc) {
    case U8: return intFits(v, 0, 255) && (dv.setUint8(a, v), true);
    case U32: return intFits(v, 0, 4294967295) && (dv.setUint32(a, v, true), true);
    case F64: return floatAsIs(v) && (dv.setFloat64(a, v, true), true);
  }
  return r._wr(dv, a, v);
}

/** count (firstOnly false) or index (true: the first, or -1) of v among
 *  items [start, stop) of a view with an access, by ===, which is Python's
 *  == where v has the type the accessor reads: a number for a number item
 *  (NaN equals nothing, -0 equals 0, a number of no item's value matches
 *  none), a bigint for an 8-byte int. undefined when C must answer: any
 *  other v (a bool, a bigint for a number item, bytes), a bool or 'c'
 *  item, or a detached or shrunk JS buffer. */
export function itemLookup(r, v, start, stop, firstOnly) {
  const code = r._fc & 0xff;
  if (code === BOOL || code > F64 || (typeof v === 'bigint') !== (code === I64 || code === U64)
    || (typeof v !== 'number' && typeof v !== 'bigint')) return undefined;
  const jd = r._jd;
  if (jd !== null && (start >= stop || shrunk(r))) return undefined;
  const dv = jd === null ? heap() : jd, stride = r._fs;
  let a = r._fb + start * stride;
  try {
    // 'B' and little-endian 'd' (the commonest) read inline; the others
    // through the view's reader, a call per item once several formats have
    // run through here.
    if (r._fc === U8) return lookupU8(dv, a, stride, start, stop, v, firstOnly);
    if (r._fc === F64) return lookupF64(dv, a, stride, start, stop, v, firstOnly);
    const rd = r._rd;
    let count = 0;
    for (let i = start; i < stop; i++, a += stride) {
      if (rd(dv, a) === v) {
        if (firstOnly) return i;
        count++;
      }
    }
    return firstOnly ? -1 : count;
  } catch { return undefined; } // detached since: C raises
}
/** index of v among items [start, stop) (start < stop) of a 1-D view with
 *  an access, by the engine's TypedArray.prototype.indexOf, whose === is
 *  itemLookup's, where the items are contiguous and aligned for their
 *  TypedArray in the host's byte order, and wider than a byte unless
 *  allowBytes: -1 when absent. It runs 2-6x faster than C's loop over wide
 *  items; C's memchr beats it for bytes, once they are in wasm memory.
 *  undefined otherwise, or when C must answer (as itemLookup). */
export function nativeIndex(r, v, start, stop, allowBytes) {
  const code = r._fc, T = hostTypedArray(code);
  if (T === undefined || (!allowBytes && (code === U8 || code === I8)) || code === BOOL
    || (typeof v === 'bigint') !== (code === I64 || code === U64) || (typeof v !== 'number' && typeof v !== 'bigint')) return undefined;
  const size = T.BYTES_PER_ELEMENT, jd = r._jd;
  if (r._fs !== size || (jd !== null && shrunk(r))) return undefined;
  try { // a detached buffer makes the TypedArray throw: C raises
    const first = r._fb + start * size;
    if (first % size !== 0) return undefined;
    // (every DataView items are read through, heap() or dataViewOf(), spans
    // its whole buffer, so an address is an offset there; its buffer is asked
    // of the engine's getter)
    const i = new T(dataViewBuffer(jd === null ? heap() : jd), first, stop - start).indexOf(v);
    return i < 0 ? -1 : start + i;
  } catch { return undefined; }
}
function lookupU8(dv, a, stride, start, stop, v, firstOnly) {
  let count = 0;
  for (let i = start; i < stop; i++, a += stride) {
    if (dv.getUint8(a) === v) {
      if (firstOnly) return i;
      count++;
    }
  }
  return firstOnly ? -1 : count;
}
function lookupF64(dv, a, stride, start, stop, v, firstOnly) {
  let count = 0;
  for (let i = start; i < stop; i++, a += stride) {
    if (dv.getFloat64(a, true) === v) {
      if (firstOnly) return i;
      count++;
    }
  }
  return firstOnly ? -1 : count;
}

// What each accessor's values are to ===: 1 a number, 2 a bigint, 0 none
// that compares as C does: 'c' bytes, and '?', whose items C compares as
// stored (a byte 2 is not equal to a byte 1, though both read as True).
const VALUE_KIND = [0, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 0, 0];

/** Whether 1-D views r and q (live, with accesses, of one length) hold equal
 *  items, by ===, which is Python's == when both items are numbers (NaN
 *  equals nothing, -0 equals 0, an int equals the float of its value) or
 *  both bigints. undefined when C must answer: items that are not compared
 *  so (a bigint and a number, bools, 'c'), or a detached or shrunk JS
 *  buffer. */
export function itemsEqual(r, q) {
  const kind = VALUE_KIND[r._fc & 0xff];
  if (kind === 0 || kind !== VALUE_KIND[q._fc & 0xff]) return undefined;
  if (r._fn === 0 || shrunk(r) || shrunk(q)) return undefined;
  const dr = r._jd === null ? heap() : r._jd, dq = q._jd === null ? heap() : q._jd;
  const rd = r._rd, qd = q._rd, sr = r._fs, sq = q._fs, n = r._fn;
  try {
    for (let i = 0, a = r._fb, b = q._fb; i < n; i++, a += sr, b += sq) if (rd(dr, a) !== qd(dq, b)) return false;
  } catch { return undefined; } // detached: C raises
  return true;
}

/** The TypedArray of each accessor's items (Uint8Array for BOOL's and
 *  BYTES's bytes). They read in the platform's byte order, which is
 *  little-endian wherever memview runs: hostTypedArray keeps a big-endian
 *  host on the DataView walk. */
export const TYPED_ARRAY = [undefined, Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array,
  BigInt64Array, BigUint64Array, Float32Array, Float64Array, Uint8Array, Uint8Array];
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** The TypedArray that reads items of access `code` as the accessor does,
 *  in the host's byte order (for an aligned walk); undefined when there is
 *  none ('c' items are bytes, not the numbers a Uint8Array reads). */
const hostTypedArray = (code) => (LITTLE_ENDIAN_HOST && (code & BIG_ENDIAN) === 0 && code !== BYTES ? TYPED_ARRAY[code] : undefined);

/** tolist() of a view with an access: its items in order; undefined when C
 *  must answer. */
export function itemList(r) {
  const n = r._fn, code = r._fc, jd = r._jd;
  if ((code & 0xff) > BOOL) return undefined; // 'c' items are C's
  if (jd !== null && (n === 0 || shrunk(r))) return undefined;
  const out = new Array(n);
  if (n === 0) return out;
  const dv = jd === null ? heap() : jd;
  try {
    const T = hostTypedArray(code);
    const size = T === undefined ? 0 : T.BYTES_PER_ELEMENT;
    const first = r._fb, stride = r._fs, last = first + (n - 1) * stride;
    if (size !== 0 && first % size === 0 && stride % size === 0) {
      // Aligned items: one TypedArray over their span, indexed in strides.
      const lo = Math.min(first, last), step = stride / size;
      const items = new T(dataViewBuffer(dv), lo, (Math.max(first, last) - lo) / size + 1); // as nativeIndex
      let k = (first - lo) / size;
      if (code === BOOL) for (let i = 0; i < n; i++, k += step) out[i] = items[k] !== 0;
      else for (let i = 0; i < n; i++, k += step) out[i] = items[k];
      return out;
    }
    for (let i = 0, a = first; i < n; i++, a += stride) out[i] = read(dv, a, code);
    return out;
  } catch { return undefined; } // a detached buffer: C raises
}

// ---- struct records ----------------------------------------------------------
//
// A struct plan is C's compiled form as JS reads it (js/struct.js): per code,
// _offset, _fsize (bytes per value), _repeat and _access.

// Up to this many bytes, a byte loop beats making a second TypedArray
// (about 50 ns each) for a field's copy in or out.
export const SMALL_FIELD = 32;

/** The bytes [a, a + n) of dv (whose byteOffset is 0: heap() or a
 *  dataViewOf()), copied into a Uint8Array of their own. */
function bytesAt(dv, a, n) {
  const out = new Uint8Array(n);
  if (n <= SMALL_FIELD) for (let k = 0; k < n; k++) out[k] = dv.getUint8(a + k);
  else out.set(new Uint8Array(dataViewBuffer(dv), a, n));
  return out;
}

/** A function (dv, a) → the values of one record at a, for a plan whose every
 *  code has an access: generated as the array literal one would write by
 *  hand when code generation is allowed (not under a Content-Security-Policy
 *  without 'unsafe-eval'), else a loop over the codes. */
export function recordReader(p) {
  if (p._nvalues > 32) return (dv, a) => readRecord(p, dv, a);
  const reads = [];
  for (let k = 0; k < p._ncodes; k++) {
    const access = p._access[k], code = access & 0xff, le = (access & BIG_ENDIAN) === 0;
    for (let j = 0; j < p._repeat[k]; j++) {
      const at = p._offset[k] + j * p._fsize[k];
      if (code === BYTES) reads.push(`bytesAt(dv, a + ${at}, ${p._fsize[k]})`);
      else if (code === BOOL) reads.push(`dv.getUint8(a + ${at}) !== 0`);
      else reads.push(`dv.${GETTERS[code]}(a + ${at}${WIDTH[code] > 1 ? `, ${le}` : ''})`);
    }
  }
  try {
    return new Function('bytesAt', `return (dv, a) => [${reads.join(', ')}];`)(bytesAt);
  } catch { // no code generation here
    return (dv, a) => readRecord(p, dv, a);
  }
}
const GETTERS = [null, 'getInt8', 'getUint8', 'getInt16', 'getUint16', 'getInt32', 'getUint32',
  'getBigInt64', 'getBigUint64', 'getFloat32', 'getFloat64'];

function readRecord(p, dv, a) {
  const out = new Array(p._nvalues);
  let j = 0;
  for (let k = 0; k < p._ncodes; k++) {
    const access = p._access[k], size = p._fsize[k];
    let at = a + p._offset[k];
    if ((access & 0xff) === BYTES) for (let r = 0; r < p._repeat[k]; r++, at += size) out[j++] = bytesAt(dv, at, size);
    else for (let r = 0; r < p._repeat[k]; r++, at += size) out[j++] = read(dv, at, access);
  }
  return out;
}

// Past this, padding or big fields would make the generated code long, and
// the loop of writeRecord costs little beside the bytes.
const MAX_GENERATED_SIZE = 1024;
// The bytes values of one record (at most 32 of SMALL_FIELD bytes), read
// before it is written. No user code runs between, so one is enough.
const SNAPSHOT = new Uint8Array(32 * SMALL_FIELD);

/** The length of bytes value v of a record being written, its bytes copied
 *  into dst at `at` when they are at most SMALL_FIELD; -1 for null (C packs
 *  it). v is a Uint8Array, or the state of a short memview bytes that
 *  js/struct.js chose (shortBytes: at most SMALL_FIELD bytes, live), whose
 *  bytes are read from wasm memory now: after every allocation of the call,
 *  and before anything is written, as a Uint8Array's (which may alias the
 *  target; a bytes may too, through a writable asTypedArray()). */
function snapshotField(v, dst, at) {
  if (v === null) return -1;
  if (!isBinaryView(v)) return v._copyTo(dst, at);
  const n = typedArrayByteLength(v);
  if (n <= SMALL_FIELD) for (let k = 0; k < n; k++) dst[at + k] = v[k];
  return n;
}

/** A function (dv, a, args, first, conv) that writes a record as
 *  writeRecord(p, ...) does, generated as straight-line checks and stores
 *  for a plan of up to 32 values (the loop of writeRecord costs more than
 *  the stores); null for a bigger plan (more values, or more than
 *  MAX_GENERATED_SIZE bytes), or where code generation is not allowed (a
 *  Content-Security-Policy). Unlike writeRecord, it takes conv's short
 *  memview bytes states as they are (snapshotField), and Uint8Arrays that
 *  may be the caller's own (js/struct.js convertArgs borrows them) and
 *  overlap the target: every bytes value of up to SMALL_FIELD bytes is read
 *  into SNAPSHOT before anything is written. */
export function recordWriter(p) {
  const code = writerCode(p, (j) => `args[first + ${j}]`);
  return code === null ? null : generate('(dv, a, args, first, conv)', code);
}

/** The most values a writer takes as its arguments: js/struct.js packIntoArgs
 *  passes this many on (v0 ... v9), which Struct.pack_into and
 *  struct.pack_into read from their arguments one by one (PACK_INTO_VALUES
 *  there): the three change together. */
export const ARGS_WRITER_VALUES = 10;

/** The same writer with the values as its arguments, (dv, a, v0, v1, ...),
 *  for a plan of at most ARGS_WRITER_VALUES values:
 *  pack_into(buffer, offset, ...values) passes its own arguments on, with
 *  nothing converted first. A bytes field takes a Uint8Array of 1 to
 *  SMALL_FIELD bytes, or a short memview bytes (its state as
 *  shortBytes(value) gives it, or null: js/struct.js knows the exporters),
 *  read into SNAPSHOT before anything is written (it may be a view of the
 *  target); any other value declines, for convertArgs and C. null for a
 *  bigger plan. */
export function recordArgsWriter(p, shortBytes) {
  if (p._nvalues > ARGS_WRITER_VALUES) return null;
  let params = '';
  for (let j = 0; j < p._nvalues; j++) params += `, v${j}`;
  const code = writerCode(p, null);
  return code === null ? null : generate(`(dv, a${params})`, code, shortBytes);
}

/** The checks and stores of a generated writer, as code, where value j is
 *  the expression valueAt(j), or the argument vj when valueAt is null. */
function writerCode(p, valueAt) {
  if (p._nvalues > 32 || p._size > MAX_GENERATED_SIZE) return null;
  const checks = [], stores = [], covered = new Uint8Array(p._size);
  let j = 0;
  for (let k = 0; k < p._ncodes; k++) {
    const access = p._access[k], code = access & 0xff, le = (access & BIG_ENDIAN) === 0, size = p._fsize[k];
    for (let r = 0; r < p._repeat[k]; r++, j++) {
      const v = `v${j}`, offset = p._offset[k] + r * size, at = `a + ${offset}`;
      covered.fill(1, offset, offset + size);
      if (code === BYTES) {
        const n = `n${j}`, snap = j * SMALL_FIELD;
        // Its bytes go to SNAPSHOT before anything is written. An argument
        // (valueAt null) is taken only as a Uint8Array convertArgs would
        // borrow; conv's values may be longer (stored by storeBytes, a memmove).
        const small = valueAt === null ? 'true' : `${n} <= ${SMALL_FIELD}`;
        if (valueAt === null) {
          checks.push(`let ${n} = borrowable(${v}, ${SMALL_FIELD});`,
            `if (${n} > 0) for (let k = 0; k < ${n}; k++) SNAPSHOT[${snap} + k] = ${v}[k];`,
            `else if ((${n} = snapshotField(shortBytes(${v}), SNAPSHOT, ${snap})) < 0) return false;`);
        } else {
          checks.push(`const ${v} = conv === null ? null : conv[first + ${j}];`,
            `const ${n} = snapshotField(${v}, SNAPSHOT, ${snap});`, `if (${n} < 0) return false;`);
        }
        if (size === 1) checks.push(`if (${n} !== 1) return false;`); // 'c': one byte
        const fromSnapshot = `let k = 0; for (; k < ${n} && k < ${size}; k++) dv.setUint8(${at} + k, SNAPSHOT[${snap} + k]); for (; k < ${size}; k++) dv.setUint8(${at} + k, 0);`;
        stores.push(valueAt === null ? `{ ${fromSnapshot} }` : `if (${small}) { ${fromSnapshot} } else storeBytes(dv, ${at}, ${size}, ${v});`);
        continue;
      }
      if (valueAt !== null) checks.push(`const ${v} = ${valueAt(j)};`);
      if (code <= U32) {
        checks.push(`if (!intFits(${v}, ${INT_MIN[code]}, ${INT_MAX[code]})) return false;`);
        stores.push(`dv.${SETTERS[code]}(${at}, ${v}${WIDTH[code] > 1 ? `, ${le}` : ''});`);
      } else if (code === BOOL) {
        checks.push(`if (typeof ${v} !== 'boolean') return false;`);
        stores.push(`dv.setUint8(${at}, ${v} ? 1 : 0);`);
      } else if (code === F64) {
        checks.push(`if (!floatAsIs(${v})) return false;`);
        stores.push(`dv.setFloat64(${at}, ${v}, ${le});`);
      } else { // 8-byte ints and 'f': storable()'s checks, store()'s conversion
        checks.push(`if (!storable(${code}, ${v})) return false;`);
        stores.push(`store(dv, ${at}, ${access}, ${v});`);
      }
    }
  }
  for (let i = 0; i < p._size; i++) if (covered[i] === 0) stores.push(`dv.setUint8(a + ${i}, 0);`); // padding
  return `${checks.join(' ')} ${stores.join(' ')} return true;`;
}

/** The arrow function `params => { body }` over the writers' helpers; null
 *  where code generation is not allowed. */
function generate(params, body, shortBytes = null) {
  try {
    return new Function('SNAPSHOT', 'intFits', 'floatAsIs', 'storable', 'store', 'storeBytes', 'snapshotField', 'borrowable', 'shortBytes',
      `return ${params} => { ${body} };`,
    )(SNAPSHOT, intFits, floatAsIs, storable, store, storeBytes, snapshotField, borrowableLength, shortBytes);
  } catch { return null; } // no code generation here
}
const SETTERS = [null, 'setInt8', 'setUint8', 'setInt16', 'setUint16', 'setInt32', 'setUint32'];

/**
 * Packs args[first ...] at a of dv by a plan whose every code has an access,
 * and reports whether it could: false, with nothing written, when some value
 * needs C (then C packs it all, converting or raising). `conv` holds, by
 * argument index, the bytes of each 'c' and 's' value as Uint8Arrays of
 * their own (a memview bytes copied too), or as views of a memview
 * bytearray (js/struct.js storeBytesViews), which is read as it is
 * written: it may be the target itself. The
 * record is zeroed first, as CPython's (a bytearray value may be the target
 * itself, and padding reads as zeros), unless p._dense: number fields that
 * cover every byte.
 */
export function writeRecord(p, dv, a, args, first, conv) {
  let j = first;
  for (let k = 0; k < p._ncodes; k++) { // check every value before writing any
    const code = p._access[k] & 0xff, size = p._fsize[k];
    for (let r = 0; r < p._repeat[k]; r++, j++) {
      if (code === BYTES) {
        const b = conv === null ? null : conv[j];
        if (!isBinaryView(b) || (size === 1 && typedArrayByteLength(b) !== 1)) return false; // 'c': one byte
      } else if (!storable(code, args[j])) return false;
    }
  }
  if (!p._dense) for (let i = 0; i < p._size; i++) dv.setUint8(a + i, 0); // padding reads as zeros
  j = first;
  for (let k = 0; k < p._ncodes; k++) {
    const access = p._access[k], size = p._fsize[k];
    let at = a + p._offset[k];
    for (let r = 0; r < p._repeat[k]; r++, j++, at += size) {
      if ((access & 0xff) === BYTES) storeBytes(dv, at, size, conv[j]);
      else store(dv, at, access, args[j]);
    }
  }
  return true;
}

/** Field [at, at + size) of dv gets b's bytes, zero-filled past them, as
 *  a memmove: b may be a view of the target (a memview bytearray argument). */
function storeBytes(dv, at, size, b) {
  const len = typedArrayByteLength(b), n = Math.min(len, size);
  const field = new Uint8Array(dataViewBuffer(dv), at, size);
  field.set(n === len ? b : headOf(b, n));
  if (n < size) field.fill(0, n);
}
