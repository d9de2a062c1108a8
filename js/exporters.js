// The exporters: bytes, bytearray and array hold their bytes in wasm linear
// memory, so the C core works on them in place. Each is callable with or
// without `new`. Their state lives in a record that only this module and
// view.js (through storeOf) can reach, so no user code can forge or change
// it, and every method first checks that `this` is the kind it belongs to.
import { W, F, heap, heapU8, wasmBuffer, copyOut, copyOf, alloc, realloc, free, check, writeFormat, O_LEN, O_KIND, O_CODE_KIND, O_CODE_SIZE, SSIZE_MAX } from './wasm.js';
import { memoryview, borrow, writeBytes, viewOf, viewEquals, viewGet, viewTolist, viewHex, contiguousCopy } from './view.js';
import { toValue, storeValue, freeOwned, setBytesArgument, pyIndex, isOneChar, adjustIndices, writeFloat, KIND_FLOAT } from './value.js';
import { readerOf, storable, store } from './executor.js';
import { iterableOf, jsBytes, uint8ArrayBytes, uint8ArrayCopy, isArrayBuffer, isBinaryView, typedArrayBuffer, typedArrayByteOffset, typedArrayByteLength, ITERATOR_PROTOTYPE }
  from './jsmemory.js';
import { ValueError, IndexError, BufferError, OverflowError, MemoryError, NotImplementedError, pyTypeName, argTypeName, asciiEncodeError, latin1EncodeError, namePyType, utf8EncodeError, uncloneable, noArguments, oneArgument, notJSONSerializable } from './errors.js';

const utf8 = new TextEncoder();

// Frees the storage of exporters that were garbage collected. The held value
// is a box, so a resize can move the storage without re-registering.
const storage = new FinalizationRegistry((box) => free(box.ptr));

const BYTES = 1, BYTEARRAY = 2, ARRAY = 3;
const KIND_NAMES = [null, 'bytes', 'bytearray', 'array'];
// CPython's type names (tp_name) of the three, for its TypeErrors
const PY_NAMES = [null, 'bytes', 'bytearray', 'array.array'];
const PY_ITERATOR_NAMES = [null, 'bytes_iterator', 'bytearray_iterator', 'array.arrayiterator'];
/** The ValueError of any use of released exporter state s. */
const releasedError = (s) => new ValueError(`operation forbidden on released ${KIND_NAMES[s._kind]} object`);

/**
 * An exporter's state, which no user code can reach: its bytes in wasm
 * memory (_box.ptr, _len of them, _cap allocated), its item _format and
 * _itemsize, and _exports, the count that locks a bytearray or array against
 * resizing (view.js). _obj is the public object, for memoryview.obj.
 */
class StoreRec {
  #genuine; // what no object made elsewhere has (see Exporter)
  /** Whether x is a StoreRec: no user code runs, a Proxy's traps neither. */
  static is(x) { return typeof x === 'object' && x !== null && #genuine in x; }
  constructor(kind, format, itemsize) {
    this._box = { ptr: 0 };
    this._len = 0;
    this._cap = 0;
    this._kind = kind;
    this._format = format;
    this._itemsize = itemsize;
    this._readonly = kind === BYTES;
    this._exports = 0;
    this._access = 0; // an array's: its items' mv_access (the executor's readerOf and store)
    this._js = false;
    this._jd = null; // its items are in wasm memory (js/executor.js)
    this._jx = null;
    this._obj = null;
    this._released = false;
  }
  get _lockMessage() {
    return this._kind === ARRAY ? 'cannot resize an array that is exporting buffers'
      : 'Existing exports of data: object cannot be re-sized';
  }
  _getbuffer() {
    return { ptr: this._box.ptr, nbytes: this._len, readonly: this._readonly, format: this._format };
  }
  /** Sets the size in bytes, keeping the contents; new bytes are zero. */
  _resize(nbytes) {
    // User code (an iterator, a getter) can have released it since the method began.
    if (this._released) throw releasedError(this);
    if (nbytes === this._len) return;
    if (this._exports > 0) throw new BufferError(this._lockMessage);
    // A view's length is a wasm32 ssize: no exporter grows past it.
    if (nbytes > SSIZE_MAX) throw new MemoryError(`cannot allocate ${nbytes} bytes: more than ${SSIZE_MAX}`);
    if (nbytes > this._cap || nbytes < this._cap >>> 2 || nbytes === 0) { // empty holds nothing
      const cap = nbytes > this._cap ? Math.max(nbytes, Math.min(this._cap * 2, nbytes + (64 << 20)), 16) : nbytes;
      if (cap === 0) { free(this._box.ptr); this._box.ptr = 0; }
      else this._box.ptr = this._box.ptr ? realloc(this._box.ptr, cap) : alloc(cap);
      this._cap = cap;
    }
    if (nbytes > this._len) heapU8().fill(0, this._box.ptr + this._len, this._box.ptr + nbytes);
    this._len = nbytes;
  }
  /** Appends raw bytes (a Uint8Array outside wasm memory). Their count is
   *  the engine's (a TypedArray's byteLength, not a `length` a program may
   *  have made) and read once: the block is sized by it, and the copy
   *  writes no more. */
  _appendBytes(src) {
    const at = this._len, n = typedArrayByteLength(src); // a TypeError for anything but a TypedArray
    this._resize(at + n);
    heapU8().set(src, this._box.ptr + at);
  }
  /** Copies the bytes into dst at `at`, from wasm memory as it is now;
   *  returns how many. */
  _copyTo(dst, at) {
    const u8 = heapU8(), p = this._box.ptr, n = this._len;
    for (let k = 0; k < n; k++) dst[at + k] = u8[p + k];
    return n;
  }
  /** A copy of the bytes (tobytes() without a lookup on the public object,
   *  where user code could have put its own). */
  _copy() { return copyOut(this._box.ptr, this._len); }
  /** Runs fn(view) on a temporary view of the bytes, released afterwards. */
  _withView(fn) {
    const m = memoryview(this._obj);
    try { return fn(m); } finally { m.release(); }
  }
}

/** The base of the three public classes: the one private field that makes an
 *  object memview's own. */
let rawStoreOf, thisStore;
class Exporter {
  #s;
  constructor(s) {
    // The base classes are reachable from the public prototypes
    // (Object.getPrototypeOf(bytes.prototype).constructor): a state made
    // elsewhere would point memview at any bytes of wasm memory. (The
    // classes are frozen, below, so that no program can put itself in the
    // chain of super() calls that hands a real state here.)
    if (!StoreRec.is(s)) throw new TypeError('cannot create memview exporter instances directly: call bytes(), bytearray() or array()');
    this.#s = s; s._obj = this; storage.register(this, s._box);
  }
  static {
    /** The state of a memview bytes, bytearray or array, released or not;
     *  null for anything else. */
    rawStoreOf = (x) => (typeof x === 'object' && x !== null && #s in x ? x.#s : null);
    /** The same for a `this` (see view.js thisView). */
    thisStore = (x) => { try { return x.#s; } catch { return null; } };
  }
  /** Frees the bytes now (beyond CPython: JS has no refcount to do it). A
   *  second release does nothing; a live view makes it a BufferError. */
  release() {
    const s = rawStoreOf(this);
    if (s === null) throw wrongThis(this, 0, 'release');
    if (s._released) return;
    if (s._exports > 0) throw new BufferError(s._lockMessage);
    free(s._box.ptr);
    s._box.ptr = 0;
    s._len = s._cap = 0;
    s._released = true;
  }
  [Symbol.dispose || Symbol.for('Symbol.dispose')]() { this.release(); }
  get length() { const s = own(this, 0, 'length'); return s._len / s._itemsize; }
  tobytes() {
    const s = own(this, 0, 'tobytes');
    if (arguments.length) throw noArguments(`${KIND_NAMES[s._kind]}.tobytes`, arguments.length);
    return copyOut(s._box.ptr, s._len);
  }
  tolist() {
    const s = own(this, 0, 'tolist');
    if (arguments.length) throw noArguments(`${KIND_NAMES[s._kind]}.tolist`, arguments.length);
    return s._withView(viewTolist);
  }
  hex(...args) { return own(this, 0, 'hex')._withView((m) => viewHex(m, args)); }
  /** Python's iterator of the bytes or items (ItemIterator). */
  [Symbol.iterator]() {
    const s = own(this, 0, 'Symbol.iterator');
    return new ItemIterator(s);
  }
}
/** CPython's bytearrayiter_next and arrayiter_next: item i of the exporter
 *  as it is when next() asks, done for good once i reaches its length; a
 *  released exporter raises until next() has reported done. (The items of
 *  bytes and bytearray are read from wasm memory's bytes, of an array by
 *  their accessor.) An iterator of the engine's kind: map(), toArray() and
 *  the other iterator helpers apply, where the engine has them. One class
 *  serves the three kinds, where CPython has three types: one for...of
 *  over bytes and arrays then sees one next() (three classes made
 *  bench/ab.js iter_bytearray 1.3x slower). So its next() takes an iterator
 *  of any of the three, and its TypeError for anything else names them all. */
class ItemIterator {
  #s; #read; #i = 0;
  __noclone__;
  constructor(s) {
    // (reachable from any iterator's prototype: a state made elsewhere would read any byte of wasm memory)
    if (!StoreRec.is(s)) throw new TypeError(`cannot create ${ITEM_ITERATOR_NAMES} instances`); // CPython's words, for the three
    this.__noclone__ = ITERATOR_NOCLONES[s._kind];
    this.#s = s;
    this.#read = s._kind === ARRAY ? readerOf(s._access) : null;
  }
  static { namePyType(ItemIterator.prototype, (x) => (#s in x ? PY_ITERATOR_NAMES[x.#s._kind] : 'ItemIterator')); }
  next() {
    if (typeof this !== 'object' || this === null || !(#s in this)) throw wrongItemIterator(this);
    const s = this.#s, i = this.#i;
    if (i < 0) return { value: undefined, done: true };
    if (s._released) throw releasedError(s);
    const size = s._itemsize;
    if (i * size >= s._len) { this.#i = -1; return { value: undefined, done: true }; }
    this.#i = i + 1;
    const value = this.#read === null ? heapU8()[s._box.ptr + i] : this.#read(heap(), s._box.ptr + i * size);
    return { value, done: false };
  }
  toJSON() { throw notJSONSerializable(this); }
}
Object.setPrototypeOf(ItemIterator.prototype, ITERATOR_PROTOTYPE);
const ITERATOR_NOCLONES = PY_ITERATOR_NAMES.map((name) => name && uncloneable(name, 'send its items ([...it])'));
const ITEM_ITERATOR_NAMES = `'${PY_ITERATOR_NAMES[BYTES]}', '${PY_ITERATOR_NAMES[BYTEARRAY]}' or '${PY_ITERATOR_NAMES[ARRAY]}'`;
const wrongItemIterator = (x) => new TypeError(`descriptor '__next__' requires a ${ITEM_ITERATOR_NAMES} object but received a '${pyTypeName(x)}'`);
/** The state of a memview bytes, bytearray or array (null for anything else),
 *  or ValueError once it is released: no use of a released exporter gets
 *  past this. */
export function storeOf(x) {
  const s = rawStoreOf(x);
  if (s !== null && s._released) throw releasedError(s);
  return s;
}
export { ARRAY as KIND_ARRAY };
/** The state of x when it is a bytes, bytearray or array, released or not (storeOf raises for a released one); else null. */
export { rawStoreOf };

/** The state of `x` when it is an exporter of one of `kinds` (a bit set of
 *  1 << kind; 0: any), else CPython's TypeError for a method applied to the
 *  wrong object. */
function own(x, kinds, name) {
  const s = thisStore(x);
  if (s !== null && s._released) storeOf(x); // raises the released ValueError
  if (s !== null && (kinds === 0 || (kinds & (1 << s._kind)) !== 0)) return s;
  throw wrongThis(x, kinds, name);
}
function wrongThis(x, kinds, name) {
  const owner = kinds === 0 ? 'bytes' : PY_NAMES[31 - Math.clz32(kinds & -kinds)];
  return new TypeError(`descriptor '${name}' for '${owner}' objects doesn't apply to a '${pyTypeName(x)}' object`);
}
const ANY_BYTES = (1 << BYTES) | (1 << BYTEARRAY), ONLY_BYTEARRAY = 1 << BYTEARRAY, ONLY_ARRAY = 1 << ARRAY;

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

/** Whether x is a memview object that memoryview() takes (a view or an exporter). */
function isBufferLike(x) { return viewOf(x) !== null || storeOf(x) !== null; }

/** Python's __index__ for a byte value. */
function byteValue(x) {
  if (typeof x === 'boolean') x = +x;
  if (typeof x === 'bigint') x = x >= 0n && x < 256n ? Number(x) : 256;
  if (typeof x !== 'number' || !Number.isInteger(x))
    throw new TypeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
  if (x < 0 || x > 255) throw new ValueError('byte must be in range(0, 256)');
  return x;
}

/** The initial contents of bytes(src) / bytearray(src) as a Uint8Array, or a
 *  length; `what` ('bytes' or 'bytearray') is the type CPython's messages
 *  name. */
function initialBytes(src, what) {
  if (src === undefined) return new Uint8Array(0);
  if (typeof src === 'number' || typeof src === 'bigint' || typeof src === 'boolean') {
    if (typeof src === 'number' && !Number.isInteger(src)) throw new TypeError(`cannot convert 'float' object to ${what}`);
    const n = Number(src);
    if (n < 0) throw new ValueError('negative count');
    // Past wasm32's sys.maxsize CPython would say OverflowError; here the
    // issue's rule holds: a size memory cannot hold is a MemoryError.
    if (n > SSIZE_MAX) throw new MemoryError(`cannot allocate ${n} bytes: more than ${SSIZE_MAX}, the most wasm32 can index`);
    return n;
  }
  const bytes = bytesFrom(src, what);
  if (bytes === null) throw new TypeError(`cannot convert '${pyTypeName(src)}' object to ${what}`);
  return bytes;
}

/** The bytes of a string (UTF-8), a buffer or an iterable of ints as a
 *  Uint8Array; null for anything else (the caller says which TypeError). */
function bytesFrom(src, what) {
  if (typeof src === 'string') return encodedBytes(src, 'utf-8', 'strict', what);
  if (isBufferLike(src)) return bytesOf(src);
  const js = jsBytes(src);
  if (js !== null) return copyOf(new Uint8Array(js.buffer, js.offset, js.length), 0, js.length, js.buffer, js.offset);
  const items = src !== null && typeof src === 'object' ? iterableOf(src) : null;
  if (items !== null) {
    const out = [];
    for (const v of items) {
      if (typeof v === 'boolean' || typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) {
        const n = Number(v);
        if (n < 0 || n > 255) throw new ValueError(`${what === 'bytes' ? 'bytes' : 'byte'} must be in range(0, 256)`);
        out[out.length] = n; // (push() is the program's to replace)
      } else throw new TypeError(`'${pyTypeName(v)}' object cannot be interpreted as an integer`);
    }
    const u8 = new Uint8Array(out.length); // (Uint8Array.from would ask Array.prototype's iterator)
    for (let k = 0; k < out.length; k++) u8[k] = out[k];
    return u8;
  }
  return null;
}

// The encodings bytes(str, encoding) writes: each name CPython's codec
// registry takes for them (its encodings.aliases and the codecs' own names),
// normalized as it normalizes a name (codecName()).
const ENCODINGS = new Map(Object.entries({
  'utf-8': 'utf_8 utf8 u8 utf cp65001 utf8_ucs2 utf8_ucs4',
  ascii: 'ascii 646 ansi_x3.4_1968 ansi_x3.4_1986 ansi_x3_4_1968 cp367 csascii ibm367 iso646_us iso_646.irv_1991 iso_ir_6 us us_ascii',
  'latin-1': 'latin_1 latin1 latin l1 8859 cp819 csisolatin1 ibm819 iso8859 iso8859_1 iso_8859_1 iso_8859_1_1987 iso_ir_100',
}).flatMap(([codec, names]) => names.split(' ').map((name) => [name, codec])));

/** A codec name as CPython looks it up: ASCII letters lowercased, each run of
 *  characters that are not letters, digits or '.' one '_' (none at the ends),
 *  other non-ASCII characters dropped (encodings.normalize_encoding); then,
 *  as an alias, with '.' as '_'. undefined: none of ENCODINGS. */
function codecName(encoding) {
  let name = '', gap = false;
  for (const ch of encoding) {
    if (ch === '.' || /[\p{L}\p{N}]/u.test(ch)) {
      if (gap && name !== '') name += '_';
      if (ch < '\x80') name += ch.toLowerCase();
      gap = false;
    } else gap = true;
  }
  const alias = name.replaceAll('.', '_'); // (an alias's second spelling, not a codec's own name)
  return ENCODINGS.get(name) ?? (CODECS.has(alias) ? undefined : ENCODINGS.get(alias));
}
const CODECS = new Set(['utf_8', 'ascii', 'latin_1']);

/** The bytes of str s in `encoding`, with CPython's strict errors (another
 *  error handler matters only for a str that does not encode). */
function encodedBytes(s, encoding, errors, what) {
  const codec = codecName(encoding);
  if (codec === undefined) throw new NotImplementedError(`memview: ${what}() encodes a str as 'utf-8', 'ascii' or 'latin-1' (or an alias), not '${encoding}'`);
  // (a lone surrogate is UTF-8's one error, which TextEncoder would write as U+FFFD)
  const e = codec === 'utf-8' ? utf8EncodeError(s) : codec === 'ascii' ? asciiEncodeError(s) : latin1EncodeError(s);
  if (e !== null) {
    if (errors !== 'strict') throw new NotImplementedError(`memview: ${what}() has only the 'strict' error handler for a str that does not encode, not '${errors}'`);
    throw e;
  }
  if (codec === 'utf-8') return utf8.encode(s);
  const out = new Uint8Array(s.length); // ASCII or Latin-1: a byte a UTF-16 unit
  for (let k = 0; k < s.length; k++) out[k] = s.charCodeAt(k);
  return out;
}

/** What bytes(src, encoding, errors) / bytearray(...) of n arguments start
 *  with (initialBytes()), with CPython's checks of the arguments. A str
 *  without an encoding is UTF-8 (memview's; CPython requires one). */
function constructorBytes(n, src, encoding, errors, what) {
  if (n > 3) throw new TypeError(`${what}() takes at most 3 arguments (${n} given)`);
  if (encoding !== undefined) strArg(encoding, 'encoding', what);
  if (errors !== undefined) strArg(errors, 'errors', what);
  if (typeof src !== 'string') {
    if (encoding !== undefined) throw new TypeError('encoding without a string argument');
    if (errors !== undefined) throw new TypeError('errors without a string argument');
    return initialBytes(src, what);
  }
  if (encoding === undefined && errors !== undefined) throw new TypeError('string argument without an encoding');
  return encodedBytes(src, encoding ?? 'utf-8', errors ?? 'strict', what);
}

/** CPython's checks of a str argument ('s' of argument clinic). */
function strArg(x, name, what) {
  if (typeof x !== 'string') throw new TypeError(`${what}() argument '${name}' must be str, not ${argTypeName(x)}`);
  const e = utf8EncodeError(x);
  if (e !== null) throw e;
  if (x.includes('\0')) throw new ValueError('embedded null character');
}

/** Fills a new bytes or bytearray obj (state `store`) with init (its bytes,
 *  or a count of zeros); on failure frees what it allocated before it throws. */
function fill(obj, store, init) {
  try {
    if (typeof init === 'number') store._resize(init);
    else store._appendBytes(init);
  } catch (e) {
    obj.release();
    throw e;
  }
}

// CPython's TypeError for a subscript that is no int, by the exporter's kind
// and the subscript's type name.
const SUBSCRIPT_ERRORS = [null, (type) => `byte indices must be integers or slices, not ${type}`,
  (type) => `bytearray indices must be integers or slices, not ${type}`, () => 'array indices must be integers'];
/** The TypeError of get() or set() called with other than its one index:
 *  Python's o[i, j] (or o[()]), a tuple. */
const tupleSubscript = (kind) => new TypeError(SUBSCRIPT_ERRORS[kind]('tuple'));
// An int past Py_ssize_t (the wasm32 target's, as memoryview's indexes)
// is an error of its own.
const pastSsize = (i) => i > SSIZE_MAX || i < -SSIZE_MAX - 1;

/** Subscript i (get, set) of an exporter of `kind` as CPython converts it:
 *  an int (bool counts) of Py_ssize_t, still to be put in range. */
function subscriptArg(i, kind) {
  if (typeof i === 'boolean') return +i;
  if (typeof i !== 'bigint' && !Number.isInteger(i)) throw new TypeError(SUBSCRIPT_ERRORS[kind](pyTypeName(i)));
  if (pastSsize(i)) throw new IndexError("cannot fit 'int' into an index-sized integer");
  return Number(i);
}
/** Subscript i of an exporter of `kind` holding n items, negative from the
 *  end; msg is the IndexError when out of range. */
const subscript = (i, n, kind, msg) => inRange(subscriptArg(i, kind), n, msg);

/** An index argument (pop's, insert's) as CPython's 'n' converter takes it
 *  (before the method looks at the items): an int of Py_ssize_t. */
function ssizeArg(i) {
  const k = pyIndex(i);
  if (pastSsize(i)) throw new OverflowError('Python int too large to convert to C ssize_t');
  return k;
}

/** Index k (an int) of n items, negative from the end; msg when out of range. */
function inRange(k, n, msg) {
  if (k < 0) k += n;
  if (k < 0 || k >= n) throw new IndexError(msg);
  return k;
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
  const store = storeOf(sub);
  if (store !== null) return store;
  if (viewOf(sub) !== null) return contiguousCopy(sub); // PyBUF_SIMPLE
  const js = jsBytes(sub);
  if (js !== null) return new Uint8Array(js.buffer, js.offset, js.length);
  throw new TypeError(`argument should be integer or bytes-like object, not '${pyTypeName(sub)}'`);
}

/** bytes.find / bytes.rfind (name) of sub in [start, end) of an exporter's
 *  bytes: the first (last) index, or -1. Checks in CPython's order: argument
 *  count, the bounds' types, then sub. */
function findIn(store, args, name) {
  if (args.length === 0) throw new TypeError(`${name} expected at least 1 argument, got 0`);
  if (args.length > 3) throw new TypeError(`${name} expected at most 3 arguments, got ${args.length}`);
  const search = name === 'find' ? W.mv_find : W.mv_rfind;
  const first = findBound(args[1], 0), last = findBound(args[2], SSIZE_MAX);
  const needle = findNeedle(args[0]);
  const [start, end] = adjustIndices(first, last, store._len);
  const isStore = StoreRec.is(needle); // no user code (instanceof walks a prototype chain a program may have changed)
  const m = isStore ? needle._len : typedArrayByteLength(needle); // a Uint8Array of ours, asked of the engine's getter
  if (m > end - start) return -1; // also an empty sub past the end
  if (isStore) return search(store._box.ptr, end, needle._box.ptr, m, start);
  // A TypedArray over wasm memory is there already; staging it could grow
  // memory, which detaches it.
  if (typedArrayBuffer(needle) === wasmBuffer()) return search(store._box.ptr, end, typedArrayByteOffset(needle), m, start);
  // Stage the needle in wasm memory: the scratch frame holds up to 256 bytes.
  const at = m <= 256 ? F.bytes : alloc(m);
  try {
    heapU8().set(needle, at);
    return search(store._box.ptr, end, at, m, start);
  } finally { if (at !== F.bytes) free(at); }
}

// ---- bytes and bytearray ----------------------------------------------------

/** What bytes and bytearray share (each method refuses any other object). */
class BytesBase extends Exporter {
  get(i) {
    const s = own(this, ANY_BYTES, 'get');
    if (arguments.length !== 1) throw tupleSubscript(s._kind);
    const k = subscript(i, s._len, s._kind, s._kind === BYTES ? 'index out of range' : 'bytearray index out of range');
    return heapU8()[s._box.ptr + k];
  }
  /** Python's bytes.find / bytearray.find (sub: bytes-like or an int 0..255). */
  find(sub, start, end) { return findIn(own(this, ANY_BYTES, 'find'), arguments, 'find'); }
  /** Python's bytes.rfind / bytearray.rfind. */
  rfind(sub, start, end) { return findIn(own(this, ANY_BYTES, 'rfind'), arguments, 'rfind'); }
  equals(other) {
    const s = own(this, ANY_BYTES, 'equals');
    if (viewOf(other) !== null) return viewEquals(other, this);
    const os = storeOf(other);
    const o = os !== null ? (os._kind === ARRAY ? null : os._copy()) : uint8ArrayBytes(other);
    if (o === null || o.length !== s._len) return false;
    const u8 = heapU8(), p = s._box.ptr;
    for (let i = 0; i < o.length; i++) if (u8[p + i] !== o[i]) return false;
    return true;
  }
}

// The own property that makes cloning each class's objects throw
// (errors.js uncloneable; a field: defined, so no setter of the program's runs).
const SEND_BYTES = 'send x.tobytes() (a copy of its bytes)';
const BYTES_NOCLONE = uncloneable('bytes', SEND_BYTES), BYTEARRAY_NOCLONE = uncloneable('bytearray', SEND_BYTES);
const ARRAY_NOCLONE = uncloneable('array', 'send x.tobytes() (a copy of its bytes) or x.tolist()');

class BytesObj extends BytesBase {
  __noclone__ = BYTES_NOCLONE;
  toString() {
    if (rawStoreOf(this)?._released) return '<released bytes object>';
    own(this, 1 << BYTES, '__repr__');
    return `bytes(${JSON.stringify(this.hex())})`;
  }
}

/** Python's bytes(src): read-only bytes in wasm memory. */
export function bytes(src, encoding, errors) {
  const init = constructorBytes(arguments.length, src, encoding, errors, 'bytes'); // may run user code: before any allocation
  const s = new StoreRec(BYTES, 'B', 1);
  const b = new BytesObj(s);
  fill(b, s, init);
  return b;
}
bytes.prototype = BytesObj.prototype;
Object.defineProperty(BytesObj.prototype, 'constructor', { value: bytes, writable: true, configurable: true });

class ByteArrayObj extends BytesBase {
  __noclone__ = BYTEARRAY_NOCLONE;
  set(i, v) {
    const s = own(this, ONLY_BYTEARRAY, 'set');
    if (arguments.length > 2) throw tupleSubscript(BYTEARRAY); // (fewer: the value is None)
    const at = subscriptArg(i, BYTEARRAY), b = byteValue(v); // CPython's order: the value before the range
    heapU8()[s._box.ptr + inRange(at, s._len, 'bytearray index out of range')] = b;
  }
  append(v) {
    const s = own(this, ONLY_BYTEARRAY, 'append');
    if (arguments.length !== 1) throw oneArgument('bytearray.append', arguments.length);
    const b = byteValue(v);
    s._resize(s._len + 1);
    heapU8()[s._box.ptr + s._len - 1] = b;
  }
  extend(iterable) {
    const s = own(this, ONLY_BYTEARRAY, 'extend');
    if (arguments.length !== 1) throw oneArgument('bytearray.extend', arguments.length);
    if (typeof iterable === 'string') throw new TypeError('expected iterable of integers; got: \'str\'');
    // CPython takes a buffer or an iterable; anything else, a count included
    // (which bytearray(n) takes), is this TypeError.
    const init = typeof iterable === 'object' ? bytesFrom(iterable, 'bytearray') : null; // may run user code (an iterator): before any pointer
    if (init === null) throw new TypeError(`can't extend bytearray with ${pyTypeName(iterable)}`);
    if (init.length) s._appendBytes(init);
  }
  pop(i) {
    const s = own(this, ONLY_BYTEARRAY, 'pop');
    if (arguments.length > 1) throw new TypeError(`pop expected at most 1 argument, got ${arguments.length}`);
    const at = i === undefined ? -1 : ssizeArg(i);
    if (s._len === 0) throw new IndexError('pop from empty bytearray');
    const k = inRange(at, s._len, 'pop index out of range');
    if (s._exports > 0) throw new BufferError(s._lockMessage);
    const u8 = heapU8(), p = s._box.ptr, v = u8[p + k];
    u8.copyWithin(p + k, p + k + 1, p + s._len);
    s._resize(s._len - 1);
    return v;
  }
  clear() {
    const s = own(this, ONLY_BYTEARRAY, 'clear');
    if (arguments.length) throw noArguments('bytearray.clear', arguments.length);
    s._resize(0);
  }
  resize(n) {
    const s = own(this, ONLY_BYTEARRAY, 'resize');
    if (arguments.length !== 1) throw oneArgument('bytearray.resize', arguments.length);
    const size = pyIndex(n);
    if (size < 0) throw new ValueError(`Can only resize to positive sizes, got ${size}`);
    s._resize(size);
  }
  /** Inserts bytes at offset (an addition beyond CPython's API, for editors):
   *  src is anything bytearray(src) takes. */
  insert(offset, src) {
    const s = own(this, ONLY_BYTEARRAY, 'insert');
    if (arguments.length !== 2) throw new TypeError(`insert expected 2 arguments, got ${arguments.length}`);
    let at = ssizeArg(offset);
    // An int is CPython's bytearray.insert(i, x): one byte, the index clamped
    // as list.insert clamps it. Anything bytearray(src) takes is memview's
    // insert of those bytes at an index that must be in range.
    const one = typeof src === 'number' || typeof src === 'bigint' || typeof src === 'boolean';
    const data = one ? Uint8Array.of(byteValue(src)) : initialBytes(src, 'bytearray'); // may run user code: the length is read after it
    const n = typeof data === 'number' ? data : data.length;
    if (s._released) storeOf(this); // released by that user code: its ValueError, before the index's
    const old = s._len;
    if (one) at = at < 0 ? Math.max(at + old, 0) : Math.min(at, old);
    if (at < 0 || at > old) throw new IndexError('bytearray index out of range');
    if (n === 0) return;
    s._resize(old + n);
    const u8 = heapU8(), p = s._box.ptr;
    u8.copyWithin(p + at + n, p + at, p + old);
    if (typeof data === 'number') u8.fill(0, p + at, p + at + n);
    else u8.set(data, p + at);
  }
  /** Deletes count bytes at offset (Python's del b[offset:offset+count]). */
  delete(offset, count) {
    const s = own(this, ONLY_BYTEARRAY, 'delete');
    const at = pyIndex(offset), n = pyIndex(count), old = s._len;
    if (at < 0 || n < 0 || at + n > old) throw new IndexError('bytearray index out of range');
    if (n === 0) return;
    if (s._exports > 0) throw new BufferError(s._lockMessage);
    const u8 = heapU8(), p = s._box.ptr;
    u8.copyWithin(p + at, p + at + n, p + old);
    s._resize(old - n);
  }
  toString() {
    if (rawStoreOf(this)?._released) return '<released bytearray object>';
    own(this, ONLY_BYTEARRAY, '__repr__');
    return `bytearray(${JSON.stringify(this.hex())})`;
  }
}

/** Python's bytearray(src): mutable bytes in wasm memory. */
export function bytearray(src, encoding, errors) {
  const init = constructorBytes(arguments.length, src, encoding, errors, 'bytearray'); // may run user code: before any allocation
  const s = new StoreRec(BYTEARRAY, 'B', 1);
  const b = new ByteArrayObj(s);
  fill(b, s, init);
  return b;
}
bytearray.prototype = ByteArrayObj.prototype;
Object.defineProperty(ByteArrayObj.prototype, 'constructor', { value: bytearray, writable: true, configurable: true });

// The Python `bytes` arguments of item setters: a Uint8Array or a memview
// bytes, as a copy taken now (Python's bytes do not change; a Uint8Array over
// wasm memory would be detached by the call's own allocations).
setBytesArgument((x) => {
  const s = storeOf(x);
  return s !== null ? (s._kind === BYTES ? s._copy() : null) : uint8ArrayCopy(x);
});

// ---- array ----------------------------------------------------------------

/** Whether item v of array state s is stored by its accessor as it is
 *  (storable(): such a value passes the array's check too, as
 *  tests/errors.test.js's item grid checks, and bench row path_array_set
 *  shows what this buys); else C checks it (mv_array_check_item), after a
 *  check of its JS type, whose message names it. `asFloat`: v is a Python
 *  float (an item of a float array or memoryview, an integral number or
 *  not), which C checks as one. No user code runs. */
function checkArrayItem(s, v, asFloat = false) {
  if (!asFloat && storable(s._access & 0xff, v)) return true;
  const t = typeof v;
  if (t !== 'number' && t !== 'bigint' && t !== 'boolean') {
    throw new TypeError(isFloatTypecode(s._format) ? `must be real number, not ${pyTypeName(v)}` : `'${pyTypeName(v)}' object cannot be interpreted as an integer`);
  }
  storeValue(F.value, toValue(v, true), F.bytes, null);
  if (asFloat) writeFloat(heap(), F.value, v);
  check(W.mv_array_check_item(s._format.charCodeAt(0), F.value, F.err));
  return false;
}

/** Whether x's items are Python floats: x is a memview array or memoryview
 *  whose items are of C's float kind (numbers in JS, integral ones too). */
function floatItems(x) {
  const src = rawStoreOf(x);
  if (src !== null) return src._kind === ARRAY && isFloatTypecode(src._format);
  const r = viewOf(x);
  return r !== null && r._hdr[O_KIND >> 2] === KIND_FLOAT;
}
/** Whether array typecode tc holds floats (C's kind of its item). */
const isFloatTypecode = (tc) => heapU8()[W.mv_array_code(tc.charCodeAt(0)) + O_CODE_KIND] === KIND_FLOAT;

class ArrayObj extends Exporter {
  __noclone__ = ARRAY_NOCLONE;
  get typecode() { return own(this, ONLY_ARRAY, 'typecode')._format; }
  get itemsize() { return own(this, ONLY_ARRAY, 'itemsize')._itemsize; }
  get(i) {
    const s = own(this, ONLY_ARRAY, 'get');
    if (arguments.length !== 1) throw tupleSubscript(ARRAY);
    const k = subscript(i, s._len / s._itemsize, ARRAY, 'array index out of range');
    return s._withView((m) => viewGet(m, k));
  }
  set(i, v) {
    const s = own(this, ONLY_ARRAY, 'set');
    if (arguments.length > 2) throw tupleSubscript(ARRAY); // (fewer: the value is None)
    storeItem(s, subscript(i, s._len / s._itemsize, ARRAY, 'array assignment index out of range'), v);
  }
  append(v) {
    const s = own(this, ONLY_ARRAY, 'append');
    if (arguments.length !== 1) throw oneArgument('array.append', arguments.length);
    appendItem(s, v);
  }
  extend(iterable) {
    const s = own(this, ONLY_ARRAY, 'extend');
    if (arguments.length !== 1) throw new TypeError(arguments.length === 0 ? 'extend() takes exactly 1 positional argument (0 given)'
      : `extend() takes at most 1 argument (${arguments.length} given)`);
    const src = storeOf(iterable);
    if (src !== null && src._kind === ARRAY) {
      if (src._format !== s._format) throw new TypeError('can only extend with array of same kind');
      s._appendBytes(src._copy());
      return;
    }
    if (isBinaryView(iterable)) jsBytes(iterable); // a detached buffer: ValueError, not an empty loop
    const items = iterableOf(iterable);
    if (items === null) throw new TypeError(`'${pyTypeName(iterable)}' object is not iterable`);
    const floats = floatItems(iterable);
    for (const v of items) appendItem(s, v, floats); // each re-checks the state: the iterator is user code
  }
  pop(i) {
    const s = own(this, ONLY_ARRAY, 'pop');
    if (arguments.length > 1) throw new TypeError(`pop expected at most 1 argument, got ${arguments.length}`);
    const at = i === undefined ? -1 : ssizeArg(i), n = s._len / s._itemsize;
    if (n === 0) throw new IndexError('pop from empty array');
    const k = inRange(at, n, 'pop index out of range');
    const v = s._withView((m) => viewGet(m, k));
    if (s._exports > 0) throw new BufferError(s._lockMessage);
    const u8 = heapU8(), p = s._box.ptr, size = s._itemsize;
    u8.copyWithin(p + k * size, p + (k + 1) * size, p + s._len);
    s._resize(s._len - size);
    return v;
  }
  /** Removes every item (CPython 3.13's array.clear). */
  clear() {
    const s = own(this, ONLY_ARRAY, 'clear');
    if (arguments.length) throw noArguments('array.clear', arguments.length);
    s._resize(0);
  }
  frombytes(src) {
    const s = own(this, ONLY_ARRAY, 'frombytes');
    if (arguments.length !== 1) throw oneArgument('array.frombytes', arguments.length);
    // CPython takes a C-contiguous buffer of single bytes ('y*'): what
    // memoryview() takes, with items of one byte. The view, alive until the
    // bytes are appended, locks src, so a.frombytes(a) is a BufferError.
    let m;
    try { m = memoryview(src); } catch (e) {
      if (e instanceof TypeError) throw new TypeError(`a bytes-like object is required, not '${pyTypeName(src)}'`);
      throw e;
    }
    try {
      if (!m.c_contiguous) throw new BufferError('memoryview: underlying buffer is not C-contiguous'); // before the item size, as CPython
      if (m.itemsize !== 1) throw new TypeError('a bytes-like object is required');
      const data = contiguousCopy(m);
      if (data.length % s._itemsize) throw new ValueError('bytes length not a multiple of item size');
      if (data.length) s._appendBytes(data);
    } finally { m.release(); }
  }
  toString() {
    if (rawStoreOf(this)?._released) return '<released array object>';
    const s = own(this, ONLY_ARRAY, '__repr__');
    return `array('${s._format}', [${s._withView(viewTolist).join(', ')}])`;
  }
}

/** Appends v to array state s, checked before the array grows (as CPython
 *  checks it before it resizes); asFloat as checkArrayItem's. */
function appendItem(s, v, asFloat = false) {
  const direct = checkArrayItem(s, v, asFloat);
  s._resize(s._len + s._itemsize);
  const k = s._len / s._itemsize - 1;
  if (direct) store(heap(), s._box.ptr + k * s._itemsize, s._access, v);
  else packItem(s, k, v);
}

/** Stores v at item k of array state s. */
function storeItem(s, k, v) {
  if (checkArrayItem(s, v)) store(heap(), s._box.ptr + k * s._itemsize, s._access, v);
  else packItem(s, k, v);
}

/** Packs v, which passed the array's check, at item k of array state s, by
 *  the C core's packer. */
function packItem(s, k, v) {
  const owned = [];
  try {
    const value = toValue(v, true); // v is a number, bigint or boolean: no user code
    check(W.mv_view_init(F.view, s._box.ptr, s._len, 0, writeFormat(s._format), F.err));
    heap().setFloat64(F.index, k, true);
    storeValue(F.value, value, F.bytes, owned);
    check(W.mv_view_set(F.view, F.index, 1, F.value, F.err));
  } finally { freeOwned(owned); }
}

/** Python's array(typecode, src). */
export function array(typecode, src) {
  // CPython's order: the arguments, the typecode's type, a str initializer, one
  // that is not iterable, and only then the typecode's value
  const n = arguments.length;
  if (n === 0 || n > 2) throw new TypeError(n === 0 ? 'array() takes at least 1 argument (0 given)' : `array() takes at most 2 arguments (${n} given)`);
  if (typeof typecode !== 'string' || !isOneChar(typecode))
    throw new TypeError(`array() argument 1 must be a unicode character, not ${argTypeName(typecode)}`);
  const code = W.mv_array_code(typecode.charCodeAt(0)); // an astral typecode's first unit is a surrogate: no typecode
  if (code === 0) {
    const wide = typecode === 'u' || typecode === 'w'; // CPython's, which a str initializes
    if (typeof src === 'string' && !wide) throw strInitializer(typecode);
    if (src !== undefined && !isBufferLike(src) && jsBytes(src) === null && iterableOf(src) === null)
      throw new TypeError(`'${pyTypeName(src)}' object is not iterable`);
    if (wide) throw new NotImplementedError(`memview: array() has no typecode '${typecode}' (Python's wide characters)`);
    throw new ValueError('bad typecode (must be b, B, u, w, h, H, i, I, l, L, q, Q, f or d)');
  }
  const itemsize = heapU8()[code + O_CODE_SIZE]; // wasm32's: l and L are 4 bytes
  const s = new StoreRec(ARRAY, typecode, itemsize);
  s._access = W.mv_code_access(code);
  const a = new ArrayObj(s);
  if (src === undefined) return a;
  if (typeof src === 'string') throw strInitializer(typecode);
  try {
    // As CPython: bytes-like sources are raw bytes (here also Uint8Array and
    // ArrayBuffer); an array of the same typecode is copied; the rest iterated.
    const other = storeOf(src);
    // (the class's own methods: not a's or src's, which a program may replace)
    if ((other !== null && other._kind !== ARRAY) || uint8ArrayBytes(src) !== null || isArrayBuffer(src)) ARRAY_FROMBYTES.call(a, src);
    else if (other !== null && other._kind === ARRAY) {
      if (other._format === typecode) s._appendBytes(other._copy());
      else {
        const floats = floatItems(src);
        for (const v of other._withView(viewTolist)) appendItem(s, v, floats);
      }
    } else ARRAY_EXTEND.call(a, src);
  } catch (e) {
    a.release(); // what the failed fill allocated is freed now, not by the GC
    throw e;
  }
  return a;
}
const strInitializer = (typecode) => new TypeError(`cannot use a str to initialize an array with typecode '${typecode}'`);
array.prototype = ArrayObj.prototype;
const ARRAY_FROMBYTES = ArrayObj.prototype.frombytes, ARRAY_EXTEND = ArrayObj.prototype.extend;
Object.defineProperty(ArrayObj.prototype, 'constructor', { value: array, writable: true, configurable: true });
namePyType(ArrayObj.prototype, PY_NAMES[ARRAY]);

// Frozen: a class whose prototype a program could set would let it see the
// state that a super() call passes on (see Exporter's constructor).
for (const C of [Exporter, BytesBase, BytesObj, ByteArrayObj, ArrayObj]) Object.freeze(C);
