// The exporters: bytes, bytearray and array hold their bytes in wasm linear
// memory, so the C core works on them in place. Each is callable with or
// without `new`, and implements the exporter protocol of view.js.
import { W, F, heap, heapU8, copyOut, alloc, realloc, free, check, writeFormat, O_LEN } from './wasm.js';
import { memoryview, borrow, writeBytes } from './view.js';
import { writeValue, freeOwned, setBytesArgument } from './value.js';
import { ValueError, IndexError, BufferError, OverflowError, MemoryError, pyTypeName } from './errors.js';

const utf8 = new TextEncoder();
const SSIZE_MAX = 2 ** 31 - 1; // sys.maxsize on wasm32

// Frees the storage of exporters that were garbage collected. The held value
// is a box, so a resize can move the storage without re-registering.
const storage = new FinalizationRegistry((box) => free(box.ptr));

/** Storage shared by the three exporters: bytes in wasm memory, with the
 *  fields _box ({ ptr }), _len and _cap in bytes, _format, _itemsize and
 *  _exports, set by initStore. */
class Store {
  get _ptr() { return this._box.ptr; }
  _getbuffer() {
    return { ptr: this._box.ptr, nbytes: this._len, readonly: this._readonly, format: this._format };
  }
  /** Sets the size in bytes, keeping the contents; new bytes are zero. */
  _resize(nbytes) {
    if (nbytes === this._len) return;
    if (this._exports > 0) throw new BufferError(this._lockMessage);
    // A view's length is a wasm32 ssize: no exporter grows past it.
    if (nbytes > SSIZE_MAX) throw new MemoryError(`cannot allocate ${nbytes} bytes: more than ${SSIZE_MAX}`);
    if (nbytes > this._cap || nbytes < this._cap >>> 2) {
      const cap = nbytes > this._cap ? Math.max(nbytes, Math.min(this._cap * 2, nbytes + (64 << 20)), 16) : nbytes;
      if (cap === 0) { free(this._box.ptr); this._box.ptr = 0; }
      else this._box.ptr = this._box.ptr ? realloc(this._box.ptr, cap) : alloc(cap);
      this._cap = cap;
    }
    if (nbytes > this._len) heapU8().fill(0, this._box.ptr + this._len, this._box.ptr + nbytes);
    this._len = nbytes;
  }
  /** Appends raw bytes (a Uint8Array outside wasm memory). */
  _appendBytes(src) {
    const at = this._len;
    this._resize(at + src.length);
    heapU8().set(src, this._box.ptr + at);
  }
  _view() { return memoryview(this); }
  /** Runs fn(view) on a temporary view, released afterwards. */
  _withView(fn) {
    const m = memoryview(this);
    try { return fn(m); } finally { m.release(); }
  }
  get length() { return this._len / this._itemsize; }
  tobytes() { return copyOut(this._box.ptr, this._len); }
  tolist() { return this._withView((m) => m.tolist()); }
  hex(...args) { return this._withView((m) => m.hex(...args)); }
  [Symbol.iterator]() { return this.tolist()[Symbol.iterator](); }
}

/** Copies the bytes of anything memoryview() accepts, in C order. */
function bytesOf(x) {
  const b = borrow(x, null);
  try {
    const n = heap().getInt32(b.ptr + O_LEN, true);
    const out = alloc(n);
    try {
      writeBytes(b.ptr, b.ex, out, 67);
      return copyOut(out, n);
    } finally { free(out); }
  } finally { b.done(); }
}

function isBufferLike(x) {
  return x instanceof memoryview || (x !== null && typeof x === 'object' && typeof x._getbuffer === 'function');
}

/** Python's __index__ for a byte value. */
function byteValue(x) {
  if (typeof x === 'boolean') x = +x;
  if (typeof x === 'bigint') x = x >= 0n && x < 256n ? Number(x) : 256;
  if (typeof x !== 'number' || !Number.isInteger(x))
    throw new TypeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
  if (x < 0 || x > 255) throw new ValueError('byte must be in range(0, 256)');
  return x;
}

/** The initial contents of bytes(src) / bytearray(src) as a Uint8Array. */
function initialBytes(src) {
  if (src === undefined) return new Uint8Array(0);
  if (typeof src === 'number' || typeof src === 'bigint' || typeof src === 'boolean') {
    if (typeof src === 'number' && !Number.isInteger(src)) throw new TypeError("cannot convert 'float' object to bytes");
    const n = Number(src);
    if (n < 0) throw new ValueError('negative count');
    // Past wasm32's sys.maxsize CPython would say OverflowError; here the
    // issue's rule holds: a size memory cannot hold is a MemoryError.
    if (n > SSIZE_MAX) throw new MemoryError(`cannot allocate ${n} bytes: more than ${SSIZE_MAX}, the most wasm32 can index`);
    return n;
  }
  if (typeof src === 'string') return utf8.encode(src);
  if (isBufferLike(src)) return bytesOf(src);
  if (ArrayBuffer.isView(src)) return new Uint8Array(src.buffer, src.byteOffset, src.byteLength).slice();
  if (src instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && src instanceof SharedArrayBuffer))
    return new Uint8Array(src).slice();
  if (src !== null && typeof src === 'object' && typeof src[Symbol.iterator] === 'function') {
    const out = [];
    for (const v of src) {
      if (typeof v === 'boolean' || typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) {
        const n = Number(v);
        if (n < 0 || n > 255) throw new ValueError('bytes must be in range(0, 256)');
        out.push(n);
      } else throw new TypeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
    }
    return Uint8Array.from(out);
  }
  throw new TypeError(`cannot convert '${pyTypeName(src)}' object to bytearray`);
}

function fill(store, src) {
  const init = initialBytes(src);
  if (typeof init === 'number') store._resize(init);
  else store._appendBytes(init);
}

function normIndex(i, n, msg) {
  if (typeof i === 'boolean') i = +i;
  if (typeof i === 'bigint') i = Number(i);
  if (typeof i !== 'number' || !Number.isInteger(i))
    throw new TypeError(`byte indices must be integers or slices, not ${pyTypeName(i)}`);
  if (i < 0) i += n;
  if (i < 0 || i >= n) throw new IndexError(msg);
  return i;
}

// ---- find, rfind (bytes and bytearray) ----------------------------------------

/** A find() bound: None (null or undefined) gives dflt, else an int as
 *  CPython's _PyEval_SliceIndex takes it (bool counts; too large is clamped
 *  by the caller). */
function findBound(x, dflt) {
  if (x === undefined || x === null) return dflt;
  if (typeof x === 'boolean') return +x;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  throw new TypeError('slice indices must be integers or None or have an __index__ method');
}

/** find()'s sub as CPython's parse_args_finds_byte reads it: an int is one
 *  byte; a bytes-like object its bytes. Returns a memview exporter (bytes
 *  already in wasm memory) or a Uint8Array (to be staged). */
function findNeedle(sub) {
  if (typeof sub === 'number' || typeof sub === 'bigint' || typeof sub === 'boolean') {
    if (typeof sub === 'number' && !Number.isInteger(sub))
      throw new TypeError(`argument should be integer or bytes-like object, not '${pyTypeName(sub)}'`);
    const v = Number(sub);
    if (!(v >= 0 && v <= 255)) throw new ValueError('byte must be in range(0, 256)');
    return Uint8Array.of(v);
  }
  if (sub instanceof Store) return sub;
  if (sub instanceof memoryview) {
    // PyBUF_SIMPLE: a released view fails first, then a non-contiguous one.
    if (!sub.c_contiguous) throw new BufferError('memoryview: underlying buffer is not C-contiguous');
    return sub.tobytes();
  }
  if (ArrayBuffer.isView(sub)) return new Uint8Array(sub.buffer, sub.byteOffset, sub.byteLength);
  if (sub instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && sub instanceof SharedArrayBuffer))
    return new Uint8Array(sub);
  throw new TypeError(`argument should be integer or bytes-like object, not '${pyTypeName(sub)}'`);
}

/** bytes.find / bytes.rfind (name) of sub in [start, end) of an exporter's
 *  bytes: the first (last) index, or -1. Checks in CPython's order: argument
 *  count, the bounds' types, then sub. */
function findIn(store, args, name) {
  if (args.length === 0) throw new TypeError(`${name} expected at least 1 argument, got 0`);
  if (args.length > 3) throw new TypeError(`${name} expected at most 3 arguments, got ${args.length}`);
  const search = name === 'find' ? W.mv_find : W.mv_rfind;
  const n = store._len;
  let start = findBound(args[1], 0), end = findBound(args[2], n);
  const needle = findNeedle(args[0]);
  // CPython's ADJUST_INDICES.
  if (end > n) end = n;
  else if (end < 0) end = Math.max(end + n, 0);
  if (start < 0) start = Math.max(start + n, 0);
  const m = needle instanceof Store ? needle._len : needle.length;
  if (m > end - start) return -1; // also an empty sub past the end
  if (needle instanceof Store) return search(store._box.ptr, end, needle._box.ptr, m, start);
  // Stage the needle in wasm memory: the scratch frame holds up to 256 bytes.
  const at = m <= 256 ? F.bytes : alloc(m);
  try {
    heapU8().set(needle, at);
    return search(store._box.ptr, end, at, m, start);
  } finally { if (at !== F.bytes) free(at); }
}

// ---- bytes ----------------------------------------------------------------

class BytesImpl extends Store {
  get _readonly() { return true; }
  get _isBytes() { return true; }
  get _lockMessage() { return 'Existing exports of data: object cannot be re-sized'; }
  get(i) { return heapU8()[this._box.ptr + normIndex(i, this._len, this._indexMessage)]; }
  get _indexMessage() { return 'index out of range'; }
  /** Python's bytes.find / bytearray.find (sub: bytes-like or an int 0..255). */
  find(sub, start, end) { return findIn(this, arguments, 'find'); }
  /** Python's bytes.rfind / bytearray.rfind. */
  rfind(sub, start, end) { return findIn(this, arguments, 'rfind'); }
  equals(other) {
    if (other instanceof memoryview) return other.equals(this);
    let o;
    if (other instanceof Uint8Array) o = other;
    else if (other instanceof BytesImpl) o = other.tobytes();
    else return false;
    if (o.length !== this._len) return false;
    const u8 = heapU8(), p = this._box.ptr;
    for (let i = 0; i < o.length; i++) if (u8[p + i] !== o[i]) return false;
    return true;
  }
  toString() { return `bytes(${JSON.stringify(this.hex())})`; }
}

export function bytes(src) {
  const b = Object.create(bytes.prototype);
  initStore(b, 'B', 1);
  fill(b, src);
  return b;
}
bytes.prototype = Object.create(BytesImpl.prototype, { constructor: { value: bytes, writable: true, configurable: true } });

function initStore(obj, format, itemsize) {
  obj._box = { ptr: 0 };
  obj._len = 0;
  obj._cap = 0;
  obj._format = format;
  obj._itemsize = itemsize;
  obj._exports = 0;
  storage.register(obj, obj._box);
}

// ---- bytearray ------------------------------------------------------------

class ByteArrayImpl extends BytesImpl {
  get _readonly() { return false; }
  get _indexMessage() { return 'bytearray index out of range'; }
  set(i, v) {
    const k = normIndex(i, this._len, 'bytearray index out of range');
    heapU8()[this._box.ptr + k] = byteValue(v);
  }
  append(v) {
    const b = byteValue(v);
    this._resize(this._len + 1);
    heapU8()[this._box.ptr + this._len - 1] = b;
  }
  extend(iterable) {
    const init = typeof iterable === 'string'
      ? (() => { throw new TypeError('expected iterable of integers; got: \'str\''); })()
      : initialBytes(iterable);
    if (typeof init === 'number') throw new TypeError(`can't extend bytearray with ${pyTypeName(iterable)}`);
    if (init.length) this._appendBytes(init);
  }
  pop(i) {
    if (this._len === 0) throw new IndexError('pop from empty bytearray');
    const k = i === undefined ? this._len - 1 : normIndex(i, this._len, 'pop index out of range');
    const u8 = heapU8(), p = this._box.ptr, v = u8[p + k];
    if (this._exports > 0) throw new BufferError(this._lockMessage);
    u8.copyWithin(p + k, p + k + 1, p + this._len);
    this._resize(this._len - 1);
    return v;
  }
  clear() { this._resize(0); }
  resize(n) {
    if (typeof n !== 'number' || !Number.isInteger(n))
      throw new TypeError(`'${pyTypeName(n)}' object cannot be interpreted as an integer`);
    if (n < 0) throw new ValueError(`Can only resize to positive sizes, got ${n}`);
    this._resize(n);
  }
  /** Inserts raw bytes at offset (an addition beyond CPython's API, for editors). */
  insert(offset, src) {
    const data = initialBytes(src);
    const n = typeof data === 'number' ? data : data.length;
    const old = this._len;
    if (offset < 0 || offset > old) throw new IndexError('bytearray index out of range');
    this._resize(old + n);
    const u8 = heapU8(), p = this._box.ptr;
    u8.copyWithin(p + offset + n, p + offset, p + old);
    if (typeof data === 'number') u8.fill(0, p + offset, p + offset + n);
    else u8.set(data, p + offset);
  }
  /** Deletes count bytes at offset (Python's del b[offset:offset+count]). */
  delete(offset, count) {
    const old = this._len;
    if (offset < 0 || count < 0 || offset + count > old) throw new IndexError('bytearray index out of range');
    if (count === 0) return;
    if (this._exports > 0) throw new BufferError(this._lockMessage);
    const u8 = heapU8(), p = this._box.ptr;
    u8.copyWithin(p + offset, p + offset + count, p + old);
    this._resize(old - count);
  }
  toString() { return `bytearray(${JSON.stringify(this.hex())})`; }
}

export function bytearray(src) {
  const b = Object.create(bytearray.prototype);
  initStore(b, 'B', 1);
  fill(b, src);
  return b;
}
bytearray.prototype = Object.create(ByteArrayImpl.prototype, { constructor: { value: bytearray, writable: true, configurable: true } });

// The Python `bytes` arguments of item setters and struct: Uint8Array or bytes.
setBytesArgument((x) => (x instanceof Uint8Array ? x
  : x instanceof BytesImpl && !(x instanceof ByteArrayImpl) ? x.tobytes() : null));

// ---- array ----------------------------------------------------------------

const TYPECODES = 'bBhHiIlLqQfd';
const SMALL_INT_MESSAGES = {
  b: ['signed char is greater than maximum', 'signed char is less than minimum'],
  B: ['unsigned byte integer is greater than maximum', 'unsigned byte integer is less than minimum'],
  h: ['signed short integer is greater than maximum', 'signed short integer is less than minimum'],
  H: ['unsigned short is greater than maximum', 'unsigned short is less than minimum'],
  i: ['signed integer is greater than maximum', 'signed integer is less than minimum'],
};

/** CPython's array item check for typecode tc on wasm32 (C long is 32-bit). */
function checkArrayItem(tc, v) {
  if (tc === 'f' || tc === 'd') {
    if (typeof v === 'number' || typeof v === 'boolean') return;
    if (typeof v === 'bigint') {
      if (!Number.isFinite(Number(v))) throw new OverflowError('int too large to convert to float');
      return;
    }
    throw new TypeError(`must be real number, not ${pyTypeName(v)}`);
  }
  if (typeof v === 'number' && !Number.isInteger(v) || !['number', 'bigint', 'boolean'].includes(typeof v))
    throw new TypeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
  const x = BigInt(typeof v === 'boolean' ? +v : v);
  if (tc === 'q' || tc === 'Q') {
    if (tc === 'Q' && x < 0n) throw new OverflowError("can't convert negative int to unsigned");
    if (tc === 'q' ? x < -(2n ** 63n) || x >= 2n ** 63n : x >= 2n ** 64n) throw new OverflowError('int too big to convert');
    return;
  }
  if (tc === 'I' || tc === 'L') {
    if (x < 0n) throw new OverflowError("can't convert negative value to unsigned int");
    if (x >= 2n ** 32n) throw new OverflowError('Python int too large to convert to C unsigned long');
    return;
  }
  if (x < -(2n ** 31n) || x >= 2n ** 31n) throw new OverflowError('Python int too large to convert to C long');
  const msgs = SMALL_INT_MESSAGES[tc];
  if (!msgs) return; // 'l': any C long
  const bits = { b: 8, B: 8, h: 16, H: 16, i: 32 }[tc];
  const signed = tc === tc.toLowerCase();
  const lo = signed ? -(2n ** BigInt(bits - 1)) : 0n, hi = signed ? 2n ** BigInt(bits - 1) - 1n : 2n ** BigInt(bits) - 1n;
  if (x > hi) throw new OverflowError(msgs[0]);
  if (x < lo) throw new OverflowError(msgs[1]);
}

class ArrayImpl extends Store {
  get _readonly() { return false; }
  get _lockMessage() { return 'cannot resize an array that is exporting buffers'; }
  get typecode() { return this._format; }
  get itemsize() { return this._itemsize; }
  /** Stores v at item k through the C core's packer (a scratch descriptor). */
  _store(k, v) {
    checkArrayItem(this._format, v);
    check(W.mv_view_init(F.view, this._box.ptr, this._len, 0, writeFormat(this._format), F.err));
    heap().setFloat64(F.index, k, true);
    const owned = [];
    try {
      writeValue(F.value, v, F.bytes, owned);
      check(W.mv_view_set(F.view, F.index, 1, F.value, F.err));
    } finally { freeOwned(owned); }
  }
  get(i) {
    const k = normIndex(i, this.length, 'array index out of range');
    return this._withView((m) => m.get(k));
  }
  set(i, v) { this._store(normIndex(i, this.length, 'array assignment index out of range'), v); }
  append(v) {
    checkArrayItem(this._format, v);
    this._resize(this._len + this._itemsize);
    this._store(this.length - 1, v);
  }
  extend(iterable) {
    if (iterable instanceof ArrayImpl) {
      if (iterable._format !== this._format) throw new TypeError('can only extend with array of same kind');
      this._appendBytes(iterable.tobytes());
      return;
    }
    for (const v of iterable) this.append(v);
  }
  pop(i) {
    const n = this.length;
    if (n === 0) throw new IndexError('pop from empty array');
    const k = i === undefined ? n - 1 : normIndex(i, n, 'pop index out of range');
    const v = this.get(k);
    if (this._exports > 0) throw new BufferError(this._lockMessage);
    const u8 = heapU8(), p = this._box.ptr, s = this._itemsize;
    u8.copyWithin(p + k * s, p + (k + 1) * s, p + this._len);
    this._resize(this._len - s);
    return v;
  }
  frombytes(src) {
    const data = isBufferLike(src) ? bytesOf(src) : initialBytes(src);
    if (typeof data === 'number') throw new TypeError(`a bytes-like object is required, not '${pyTypeName(src)}'`);
    if (data.length % this._itemsize) throw new ValueError('bytes length not a multiple of item size');
    if (data.length) this._appendBytes(data);
  }
  toString() { return `array('${this._format}', [${this.tolist().join(', ')}])`; }
}

export function array(typecode, src) {
  if (typeof typecode !== 'string' || typecode.length !== 1)
    throw new TypeError(`array() argument 1 must be a unicode character, not ${pyTypeName(typecode)}`);
  if (!TYPECODES.includes(typecode))
    throw new ValueError('bad typecode (must be b, B, u, w, h, H, i, I, l, L, q, Q, f or d)');
  const a = Object.create(array.prototype);
  const itemsize = { b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 4, L: 4, q: 8, Q: 8, f: 4, d: 8 }[typecode];
  initStore(a, typecode, itemsize);
  if (src === undefined) return a;
  if (typeof src === 'string') throw new TypeError(`cannot use a str to initialize an array with typecode '${typecode}'`);
  // As CPython: bytes-like sources are raw bytes (here also Uint8Array and
  // ArrayBuffer); an array of the same typecode is copied; the rest iterated.
  if (src instanceof BytesImpl || src instanceof Uint8Array || src instanceof ArrayBuffer) a.frombytes(src);
  else if (src instanceof ArrayImpl) {
    if (src._format === typecode) a._appendBytes(src.tobytes());
    else for (const v of src.tolist()) a.append(v);
  } else a.extend(src);
  return a;
}
array.prototype = Object.create(ArrayImpl.prototype, { constructor: { value: array, writable: true, configurable: true } });
