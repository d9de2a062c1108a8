// Conversion of one JS value to and from the C core's mv_value (see
// c/include/memview.h). This is the Python-to-JS value mapping of the
// contract, for the values that go to C: js/executor.js stores only the
// ones an accessor holds as they are, and C range-checks and packs the rest.
import { heap, heapU8, copyOut, alloc, free, O_VALUE_D, O_VALUE_TAG, O_VALUE_INTRANGE, O_VALUE_TRUTHY, O_VALUE_LEN, O_VALUE_DATA } from './wasm.js';
import { pyTypeName } from './errors.js';
import { jsBytes, isBinaryView, isRevokedProxy } from './jsmemory.js';

// mv_value_tag and mv_kind, as in memview.h.
export const VAL_INT = 1, VAL_FLOAT = 2, VAL_BOOL = 3, VAL_BYTES = 4, VAL_OTHER = 5;
export const KIND_SIGNED = 1, KIND_UNSIGNED = 2, KIND_FLOAT = 3, KIND_BOOL = 4,
  KIND_CHAR = 5, KIND_POINTER = 6;

const TWO32 = 4294967296;
const INT64_MIN = -(2n ** 63n), UINT64_END = 2n ** 64n, INT64_END = 2n ** 63n;

/** Python's truthiness of a JS value. */
export function truthy(x) {
  if (x === null || x === undefined) return false;
  switch (typeof x) {
    case 'number': return x !== 0; // NaN is true in Python
    case 'bigint': return x !== 0n;
    case 'boolean': return x;
    case 'string': return x.length > 0;
  }
  // Python reads len() once: so does this (a getter may do anything).
  if (isBinaryView(x)) { // its true length, not what a property says
    try { return jsBytes(x).length !== 0; } catch { return false; } // detached: empty
  }
  let n;
  try { n = x.length; } catch (e) {
    if (e instanceof TypeError && isRevokedProxy(x)) return true; // an object, true
    throw e;
  }
  return typeof n === 'number' ? n !== 0 : true;
}

/** A value that stands for Python `bytes` as an argument (Uint8Array or a
 *  memview `bytes`): its bytes as a Uint8Array, else null. */
let asBytesArgument = () => null; // set by exporters.js
export function setBytesArgument(fn) { asBytesArgument = fn; }

/** Writes a Python float x (a number) into the mv_value at p. */
export function writeFloat(dv, p, x) {
  dv.setFloat64(p + O_VALUE_D, x, true);
  dv.setInt32(p + O_VALUE_TAG, VAL_FLOAT, true);
}

/** Writes a Python int (an integral number, a bigint or a boolean) into the
 *  mv_value at p: its int64 value, uint64 bits or low 64 bits (intrange 0, 1,
 *  or past both 2, and 3 when the double is the int exactly), and the int
 *  as a double. */
export function writeInt(dv, p, x) {
  if (typeof x === 'boolean') x = x ? 1 : 0;
  if (typeof x === 'number' && x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(x / TWO32);
    dv.setUint32(p, x - hi * TWO32, true);
    dv.setInt32(p + 4, hi, true);
    dv.setFloat64(p + O_VALUE_D, x, true);
    dv.setInt32(p + O_VALUE_INTRANGE, 0, true);
  } else {
    const b = BigInt(x), d = Number(b);
    if (b >= INT64_MIN && b < INT64_END) { dv.setBigInt64(p, b, true); dv.setInt32(p + O_VALUE_INTRANGE, 0, true); }
    else if (b >= 0n && b < UINT64_END) { dv.setBigUint64(p, b, true); dv.setInt32(p + O_VALUE_INTRANGE, 1, true); }
    else {
      dv.setBigInt64(p, BigInt.asIntN(64, b), true);
      dv.setInt32(p + O_VALUE_INTRANGE, Number.isFinite(d) && BigInt(d) === b ? 3 : 2, true);
    }
    dv.setFloat64(p + O_VALUE_D, d, true);
  }
  dv.setInt32(p + O_VALUE_TAG, VAL_INT, true);
}

/**
 * A JS value as the C core will see it, taken before any wasm memory is
 * touched: this is where user code can run (a `length` getter, for Python's
 * truthiness, which is asked only `withTruth`: for a '?' item, as CPython
 * asks it of no other). { x, truth, bytes }: bytes is a Uint8Array for a
 * bytes argument, else null.
 */
export function toValue(x, withTruth) {
  const t = typeof x;
  if (t === 'number' || t === 'bigint' || t === 'boolean') return { x, truth: truthy(x), bytes: null };
  const bytes = x === null || x === undefined ? null : asBytesArgument(x);
  return { x, truth: withTruth ? truthy(x) : true, bytes };
}

/**
 * Writes a toValue() result into the mv_value at p; no user code runs. Bytes
 * are copied into wasm memory: into `scratch` (256 bytes) when they fit, else
 * into a fresh block that is pushed onto `owned` for the caller to free.
 */
export function storeValue(p, v, scratch, owned) {
  const x = v.x, b = v.bytes;
  let q = scratch;
  if (b !== null && b.length > 256) { q = alloc(b.length); owned.push(q); } // before heap(): it may grow memory
  const dv = heap();
  dv.setInt32(p + O_VALUE_TRUTHY, v.truth ? 1 : 0, true);
  if (typeof x === 'number') {
    if (Number.isInteger(x)) writeInt(dv, p, x);
    else writeFloat(dv, p, x);
  } else if (typeof x === 'bigint' || typeof x === 'boolean') {
    writeInt(dv, p, x);
  } else if (b !== null) {
    heapU8().set(b, q);
    dv.setInt32(p + O_VALUE_TAG, VAL_BYTES, true);
    dv.setInt32(p + O_VALUE_LEN, b.length, true);
    dv.setUint32(p + O_VALUE_DATA, q, true);
  } else {
    dv.setInt32(p + O_VALUE_TAG, VAL_OTHER, true);
  }
}

/** Whether str s is one character as Python counts them (a code point:
 *  two UTF-16 units for an astral one). */
export const isOneChar = (s) => s.length === 1 || (s.length === 2 && s.codePointAt(0) > 0xffff);

/** CPython's ADJUST_INDICES, which find() and memoryview.index() share: a
 *  negative start or end counts from the end of n items (down to 0), an end
 *  past n is n; a start past n stays (it finds nothing). C's searches take
 *  the range so clamped. [start, end]. */
export function adjustIndices(start, end, n) {
  if (end > n) end = n;
  else if (end < 0) end = Math.max(end + n, 0);
  if (start < 0) start = Math.max(start + n, 0);
  return [start, end];
}

/**
 * Python's operator.index() of a JS value, as a number: an integral number
 * (-0 is 0), a bigint (beyond 2**53 the nearest double, which callers only
 * compare with a length) or a boolean. Anything else is CPython's TypeError;
 * no user code runs (valueOf is never called).
 */
export function pyIndex(x) {
  if (typeof x === 'number') {
    if (Number.isInteger(x)) return x + 0;
    throw new TypeError("'float' object cannot be interpreted as an integer");
  }
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  throw new TypeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
}

export function freeOwned(owned) { for (let k = 0; k < owned.length; k++) free(owned[k]); owned.length = 0; }

/** The JS value of the mv_value at p, read as an item of kind `kind`; `big`
 *  is true for 8-byte integer formats (q, Q), which map to bigint. */
export function readValue(p, kind, big) {
  const dv = heap();
  switch (dv.getInt32(p + O_VALUE_TAG, true)) {
    case VAL_INT:
      if (big) return kind === KIND_SIGNED ? dv.getBigInt64(p, true) : dv.getBigUint64(p, true);
      return dv.getFloat64(p + O_VALUE_D, true);
    case VAL_FLOAT: return dv.getFloat64(p + O_VALUE_D, true);
    case VAL_BOOL: return dv.getInt32(p, true) !== 0;
    case VAL_BYTES: {
      const q = dv.getUint32(p + O_VALUE_DATA, true), n = dv.getInt32(p + O_VALUE_LEN, true);
      return copyOut(q, n);
    }
  }
  throw new Error('memview: bad value from the C core');
}
