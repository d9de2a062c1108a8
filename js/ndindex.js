// m.sub(key0, key1, ...): NumPy's basic indexing (beyond CPython). Each key
// is an integer (the dimension is dropped) or a slice [start, stop, step]
// (each part optional; null or undefined for None); dimensions past the keys
// are taken whole. The new shape, strides, offset and contiguity are
// c/src/view.c mv_view_subview's. The common case (Number keys, a live view)
// is made here without a call, with fastpath.js's sliceRange and contiguity,
// because bench/beyond.js's row "JS path vs C path" shows what that buys;
// anything else, and every error, is C's (subInC).
import { W, F, alloc, heap, copyWords, MV_VALUE_SIZE, O_VALUE_TAG, O_BUF, O_LEN, O_ITEMSIZE, O_NDIM, O_FLAGS, O_SHAPE, SSIZE_MAX, MAXDIM } from './wasm.js';
import { memoryview, thisView, derive, newSubView } from './view.js';
import { sliceRange, plainBounds, contiguity } from './fastpath.js';
import { pyTypeName } from './errors.js';
import { isArray } from './jsmemory.js';
import { writeInt, VAL_BOOL, VAL_OTHER } from './value.js';

const KINDS = alloc(4 * MAXDIM), SLICES = alloc(8 * 3 * MAXDIM), INDEXES = alloc(MV_VALUE_SIZE * MAXDIM);
const KEY_INDEX = 0, KEY_SLICE = 1;
const NOT_INT = 0.5; // any non-integral double: C raises the matching error
const HEADER_WORDS = O_SHAPE >> 2;

/** An integer slice part as a double for C (NaN: not an int). */
function sliceInt(x) {
  if (typeof x === 'number') return Number.isInteger(x) ? x : NaN;
  if (typeof x === 'bigint') return Number(x);
  return NaN;
}
/** Writes index key x into the mv_value at p, for C to check: an int as
 *  every int goes to C (value.js writeInt), a bool as a bool (NumPy's
 *  boolean index, which C refuses), anything else as not a number. */
function writeIndexKey(dv, p, x) {
  if (typeof x === 'bigint' || Number.isInteger(x)) writeInt(dv, p, x);
  else dv.setInt32(p + O_VALUE_TAG, typeof x === 'boolean' ? VAL_BOOL : VAL_OTHER, true);
}
function slicePart(x) {
  if (x === undefined || x === null) return NaN;
  if (typeof x === 'boolean') return x ? 1 : 0; // a bool is an int in a slice, as in Python
  const d = sliceInt(x);
  return Number.isNaN(d) ? NOT_INT : d;
}
const plainPart = (x) => x === undefined || x === null || typeof x === 'number';

/**
 * The keys read once, before the view is touched (a key array may be a
 * Proxy, or have getters): 4 entries per key (its kind, then the index, or
 * the slice's parts as given), then how many keys there are, and last
 * whether every key is a Number or a slice of Numbers and Nones (the JS path
 * takes no other). Past MAXDIM keys none is read: C refuses their count.
 */
function readKeys(keys) {
  const n = keys.length > MAXDIM ? 0 : keys.length;
  const vals = new Array(4 * n + 2);
  let plain = n === keys.length;
  for (let k = 0; k < n; k++) {
    const key = keys[k];
    if (isArray(key)) {
      const len = key.length;
      if (len > 3) throw new TypeError(`memoryview.sub(): a slice is [start, stop, step], not ${len} items`);
      vals[4 * k] = KEY_SLICE;
      for (let j = 0; j < len; j++) {
        const x = key[j];
        if (!plainPart(x)) plain = false;
        vals[4 * k + 1 + j] = x;
      }
    } else {
      vals[4 * k] = KEY_INDEX;
      vals[4 * k + 1] = key;
      if (typeof key !== 'number') plain = false;
    }
  }
  vals[4 * n] = keys.length;
  vals[4 * n + 1] = plain;
  return vals;
}

/** The view sub() makes of view record r from readKeys() `vals`, by C:
 *  also what raises every error of sub(). */
function subWith(r, vals) {
  const n = (vals.length - 2) / 4;
  const p = r._live();
  const dv = heap();
  for (let k = 0; k < n; k++) {
    const kind = vals[4 * k];
    dv.setInt32(KINDS + 4 * k, kind, true);
    if (kind === KEY_SLICE) {
      for (let j = 0; j < 3; j++) dv.setFloat64(SLICES + 24 * k + 8 * j, slicePart(vals[4 * k + 1 + j]), true);
    } else writeIndexKey(dv, INDEXES + MV_VALUE_SIZE * k, vals[4 * k + 1]);
  }
  // C is told how many keys there are; past MAXDIM it reads none
  return derive(r, (d) => W.mv_view_subview(d, p, KINDS, SLICES, INDEXES, vals[4 * n], F.err));
}

/** r.sub(...keys) as C makes it. The JS path (subFast) must agree:
 *  tests/property.test.js compares them. */
export function subInC(r, keys) { return subWith(r, readKeys(keys)); }

/** mv_view_subview's arithmetic for plain keys `vals` (readKeys) of a live
 *  view r, or null when C must decide (an index out of range, a non-integer,
 *  too many keys, a stride C would clamp, any slice sliceRange declines). */
function subFast(r, vals) {
  const n = (vals.length - 2) / 4, sh = r._sh, st = r._st, ndim = sh[O_NDIM >> 2];
  if (vals[4 * n] > ndim) return null; // every key counts, read or not
  let m = ndim; // the dimensions left: each index drops one
  for (let k = 0; k < n; k++) if (vals[4 * k] === KEY_INDEX) m--;
  const out = copyWords(sh, HEADER_WORDS + m), strides = new Array(m);
  let offset = 0, items = 1, j = 0;
  for (let k = 0; k < ndim; k++) {
    const len = sh[HEADER_WORDS + k], stride = st[k];
    let first = 0, by = 1, count = len;
    if (k < n) {
      if (vals[4 * k] === KEY_INDEX) {
        const x = vals[4 * k + 1];
        if (!Number.isInteger(x) || x < -len || x >= len) return null;
        offset += (x < 0 ? x + len : x) * stride;
        continue;
      }
      const a = vals[4 * k + 1], b = vals[4 * k + 2], c = vals[4 * k + 3];
      if (c === undefined && plainBounds(a, b, len)) {
        first = a | 0; count = (b - a) | 0;
      } else {
        const range = { count: 0, first: 0, step: 1 };
        if (!sliceRange(len, a, b, c, range)) return null;
        first = range.first; by = range.step; count = range.count;
      }
    }
    const s = count === 0 ? stride : stride * by; // NumPy keeps the stride of an emptied dimension
    if (s > SSIZE_MAX || s < -SSIZE_MAX) return null; // C clamps it (never followed)
    if (count > 0) offset += first * stride;
    out[HEADER_WORDS + j] = count;
    strides[j++] = s;
    items *= count;
  }
  // The header stays src's but for these words.
  if (items > 0) out[O_BUF >> 2] = (sh[O_BUF >> 2] + offset) | 0; // an empty result keeps buf, as in C
  out[O_LEN >> 2] = items * sh[O_ITEMSIZE >> 2];
  out[O_NDIM >> 2] = m;
  out[O_FLAGS >> 2] = contiguity(out, strides);
  return newSubView(r, out, strides);
}

function sub(...keys) {
  const r = thisView(this);
  if (r === null)
    throw new TypeError(`descriptor 'sub' for 'memoryview' objects doesn't apply to a '${pyTypeName(this)}' object`);
  const vals = readKeys(keys); // the last user code of the call
  if (vals[vals.length - 1] && r._p !== 0) {
    const v = subFast(r, vals);
    if (v !== null) return v;
  }
  return subWith(r, vals);
}

Object.defineProperty(memoryview.prototype, 'sub', { value: sub, writable: true, configurable: true });
