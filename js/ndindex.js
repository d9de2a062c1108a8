// m.sub(key0, key1, ...): NumPy's basic indexing (beyond CPython). Each key
// is an integer (the dimension is dropped) or a slice [start, stop, step]
// (each part optional; null or undefined for None); dimensions past the keys
// are taken whole. The new shape, strides, offset and contiguity are
// c/src/view.c mv_view_subview's; this file only converts the keys.
import { W, F, alloc, heap } from './wasm.js';
import { memoryview, viewOf, derive } from './view.js';
import { pyTypeName } from './errors.js';

const KINDS = alloc(4 * 65), KEYS = alloc(8 * 3 * 65);
const KEY_INDEX = 0, KEY_SLICE = 1;
const NOT_INT = 0.5; // any non-integral double: C raises the matching error

/** An integer key or slice part as a double for C (NaN: not an int). */
function intKey(x) {
  if (typeof x === 'number') return Number.isInteger(x) ? x : NaN;
  if (typeof x === 'bigint') return Number(x);
  return NaN;
}
function slicePart(x) {
  if (x === undefined || x === null) return NaN;
  if (typeof x === 'boolean') return x ? 1 : 0; // a bool is an int in a slice, as in Python
  const d = intKey(x);
  return Number.isNaN(d) ? NOT_INT : d;
}

function sub(...keys) {
  const r = viewOf(this);
  if (r === null)
    throw new TypeError(`descriptor 'sub' for 'memoryview' objects doesn't apply to a '${pyTypeName(this)}' object`);
  const n = Math.min(keys.length, 65); // C reports too many indices
  const kinds = new Array(n), parts = new Array(3 * n).fill(NaN);
  for (let k = 0; k < n; k++) { // keys read once, before the view is touched
    const key = keys[k];
    if (Array.isArray(key)) {
      if (key.length > 3) throw new TypeError(`memoryview.sub(): a slice is [start, stop, step], not ${key.length} items`);
      kinds[k] = KEY_SLICE;
      for (let j = 0; j < key.length; j++) parts[3 * k + j] = slicePart(key[j]);
    } else {
      kinds[k] = KEY_INDEX; // booleans and anything else: not an integer (NumPy's IndexError)
      parts[3 * k] = typeof key === 'boolean' ? NaN : intKey(key);
    }
  }
  const p = r._live();
  const dv = heap();
  for (let k = 0; k < n; k++) dv.setInt32(KINDS + 4 * k, kinds[k], true);
  for (let j = 0; j < 3 * n; j++) dv.setFloat64(KEYS + 8 * j, parts[j], true);
  return derive(r, (d) => W.mv_view_subview(d, p, KINDS, KEYS, n, F.err));
}

Object.defineProperty(memoryview.prototype, 'sub', { value: sub, writable: true, configurable: true });
