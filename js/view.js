// memoryview: a JS object whose private record (ViewRec) holds a snapshot of
// its mv_view descriptor. C decides every rule of formats, shapes and
// strides, on a scratch descriptor loaded from that snapshot, and makes
// every descriptor but the common ones that js/fastpath.js's arithmetic and
// templates make here (1-D slices and casts, views of whole exporters) and
// js/ndindex.js's sub(); js/executor.js runs item access from the access
// plan C put in it. This file converts arguments, owns lifetimes and maps
// errors.
import { W, F, heap, heapU8, heapI32, copyOut, copyOf, copyWords, wasmBuffer, alloc, free, check, writeFormat,
  MV_VIEW_SIZE, O_BUF, O_LEN, O_ITEMSIZE, O_READONLY, O_NDIM, O_FLAGS, O_KIND, O_ACCESS, O_FORMAT, O_SHAPE,
  O_STRIDES, C_CONTIGUOUS, F_CONTIGUOUS, SSIZE_MAX, MAXDIM, O_VALUE_TAG } from './wasm.js';
import { toValue, storeValue, readValue, freeOwned, writeFloat, isOneChar, adjustIndices, VAL_OTHER, KIND_SIGNED, KIND_UNSIGNED, KIND_FLOAT, KIND_BOOL,
  KIND_CHAR, KIND_POINTER } from './value.js';
import { ValueError, BufferError, OverflowError, MemoryError, pyTypeName, namePyType, asciiEncodeError, uncloneable, noArguments, oneArgument, notJSONSerializable, argTypeName } from './errors.js';
import { storeOf, KIND_ARRAY } from './exporters.js';
import { NodeBuffer } from './node-buffer.js';
import { isArray, jsExporter, uint8ArrayBytes, uint8ArrayCopy, staged, jsSpan, forEachBlock, everyBlockPair, ITERATOR_PROTOTYPE, assignBlocks, lookupBlocks, oneMemory, DETACHED }
  from './jsmemory.js';
import { sliceRange, plainBounds, castTemplate, rememberCast, wholeViewTemplate, rememberWholeView, isByteFormat } from './fastpath.js';
import { KIND_RECORD, recordGet, recordSet, recordList, recordLookup } from './records.js';
import { itemGet, itemSet, itemGetND, itemSetND, itemsEqual, shrunk, itemList, itemLookup, nativeIndex, readerOf, writerOf, TYPED_ARRAY, NONE as ACCESS_NONE, F32 as ACCESS_F32, F64 as ACCESS_F64,
  BOOL as ACCESS_BOOL, BIG_ENDIAN as ACCESS_BIG_ENDIAN }
  from './executor.js';

const dispose = Symbol.dispose || Symbol.for('Symbol.dispose');

const RELEASED = 'operation forbidden on released memoryview object';

/*
 * A view is immutable: its descriptor never changes once made, so the view
 * keeps what of it is in use as int32 words (the header and the shape, and
 * the strides; ViewRec says how) and no wasm memory. For a C call,
 * _live(slot) loads them into one of three scratch descriptors:
 *   SELF   the view a method runs on
 *   OTHER  a second operand (assign's source, equals' other, borrow())
 *   OUT    the descriptor C fills for a new view (slice, cast, ...)
 */
const HEADER_WORDS = O_SHAPE / 4;
const SELF = alloc(MV_VIEW_SIZE), OTHER = alloc(MV_VIEW_SIZE), OUT = alloc(MV_VIEW_SIZE);

/*
 * Exporters (bytes, bytearray, array; jsmemory.js's JsExporter for JS memory)
 * implement
 *   _getbuffer() → { ptr, nbytes, readonly, format }
 *   _exports     the count that locks a bytearray or array against resizing
 * As in CPython, memoryview(exporter) makes a managed buffer, and every view
 * derived from that view (slices, casts, memoryview(m), toreadonly) shares it.
 * The exporter counts one export per managed buffer that has views alive and
 * not released: release() counts them down, and when the views were dropped
 * instead, the FinalizationRegistry does it once the managed buffer is
 * collected (that is, once all its views are).
 */
const managed = new FinalizationRegistry((cell) => {
  if (cell.views > 0) { cell.views = 0; cell.exporter._exports--; }
});
function managedBuffer(exporter) {
  const cell = { exporter, views: 0 };
  const mbuf = { cell };
  // JS memory has no export lock to undo: no finalizer (a registration costs
  // more than the rest of memoryview() together).
  if (!exporter._js) managed.register(mbuf, cell);
  return mbuf;
}

// What String(m) shows: unique among the last 2^24 - 1025 views made. It wraps
// below 2^30, the top of V8's small integers (with pointer compression; 2^31
// without): past it every view's _p and _addr would be heap numbers, and each
// view made after that 1.2-1.3x slower to make (a slice, bench/ab.js).
const FIRST_ADDRESS = 0x10040, LAST_ADDRESS = 0x3fffffc0;
let lastAddress = FIRST_ADDRESS - 0x40;

/**
 * A view's fields. Only assignments, so that V8 inlines it where a view is
 * made (a bigger constructor was called out of line, a third of a slice's
 * time). Make views with newView, which computes the arguments and counts
 * the view on its managed buffer (countView), or newSubView (viewWith
 * both); sharingView (slice1d, castFast, exporterView) calls View itself,
 * and does both by hand. A view made without countView would break its exporter's export
 * count.
 *
 * The descriptor words are plain int32 arrays (cheaper to make than a
 * buffer per view), never written once a view is made, so views share them:
 *   _hdr      the header and shape words (its length is HEADER_WORDS + ndim).
 *             A 1-D slice or cast shares another's: its source's, or its
 *             format's cast template's (fastpath.js). Its words are this
 *             view's but for these four, always read from the fields:
 *   _buf, _len, _flags, _shape0  the words O_BUF, O_LEN, O_FLAGS and the
 *             first of the shape (0 for 0-dim), for every view
 *   _words    all the words as C has them: _hdr itself, or null while _hdr
 *             is shared; _sh (a getter) fills it in on first use
 *   _st       the strides (shared the same way)
 *   _p        0 once released
 *   what js/executor.js needs (see there):
 *   _fc, _fn, _fs  a 1-D view's access (0: none, or not 1-D), length and stride
 *   _rd, _wr  the reader and writer of the items' access, in any number of
 *             dimensions; null when they have none
 *   _fb       the address of item 0 in its memory (with an access only)
 *   _fw       writable and with an access (so _wr is not null)
 *   _jd, _jx  its JS memory's DataView, and exporter when resizable
 */
function ViewRec(exporter, mbuf, sh, words, buf, len, flags, shape0, st, fc, fb, fn, fs, fw, rd, wr) {
  this._hdr = sh;
  this._words = words;
  this._buf = buf;
  this._len = len;
  this._flags = flags;
  this._shape0 = shape0;
  this._st = st;
  this._p = this._addr = lastAddress = lastAddress < LAST_ADDRESS ? lastAddress + 0x40 : FIRST_ADDRESS;
  this._exporter = exporter;
  this._mbuf = mbuf;
  this._exports = 0; // buffers this view has handed out (struct.iter_unpack)
  this._fc = fc;
  this._fb = fb;
  this._fn = fn;
  this._fs = fs;
  this._fw = fw;
  this._rd = rd;
  this._wr = wr;
  this._jd = exporter._jd;
  this._jx = exporter._jx;
}

/** Where the item at descriptor address `buf` is for js/executor.js: in wasm
 *  memory, buf itself; in a JS buffer, its offset there. */
const itemAddress = (exporter, buf) => (exporter._js ? exporter._base + (buf >>> 0) : buf >>> 0);

/** Counts one more view of mbuf: its exporter's first export when none was alive. */
function countView(exporter, mbuf) {
  if (mbuf.cell.views++ === 0) exporter._exports++;
}

/** A new view of `exporter` on managed buffer `mbuf` with descriptor words
 *  `sh` (header and shape) and `st` (strides). */
function newView(exporter, mbuf, sh, st) {
  const access = sh[O_ACCESS >> 2];
  return access === ACCESS_NONE ? viewWith(exporter, mbuf, sh, st, null, null)
    : viewWith(exporter, mbuf, sh, st, readerOf(access), writerOf(access));
}

/** newView for a view of src's items (its format, access and readonly
 *  flag, as sub() makes): src's reader and writer are the new view's. */
export function newSubView(src, sh, st) {
  return viewWith(src._exporter, src._mbuf, sh, st, src._rd, src._wr);
}

/** newView's work once the reader and writer of the items' access are
 *  known (null: no access). */
function viewWith(exporter, mbuf, sh, st, rd, wr) {
  countView(exporter, mbuf);
  const buf = sh[O_BUF >> 2], len = sh[O_LEN >> 2], flags = sh[O_FLAGS >> 2], shape0 = sh.length > HEADER_WORDS ? sh[HEADER_WORDS] : 0;
  if (rd === null) return new View(new ViewRec(exporter, mbuf, sh, sh, buf, len, flags, shape0, st, 0, 0, 0, 0, false, null, null));
  const oneD = sh[O_NDIM >> 2] === 1; // N-D views keep _fc 0, but get a reader for get/set by indexes
  return new View(new ViewRec(exporter, mbuf, sh, sh, buf, len, flags, shape0, st, oneD ? sh[O_ACCESS >> 2] : 0, itemAddress(exporter, buf),
    oneD ? sh[O_SHAPE >> 2] : 0, oneD ? st[0] : 0, sh[O_READONLY >> 2] === 0, rd, wr));
}

/** A view of the descriptor C just filled in the OUT slot. */
function adopt(exporter, mbuf) {
  const i32 = heapI32(), at = OUT >> 2; // scratch descriptors are 16-byte aligned
  const ndim = i32[at + (O_NDIM >> 2)];
  const words = HEADER_WORDS + ndim;
  const sh = new Array(words);
  for (let k = 0; k < words; k++) sh[k] = i32[at + k];
  const st = new Array(ndim);
  for (let k = 0; k < ndim; k++) st[k] = i32[at + (O_STRIDES >> 2) + k];
  return newView(exporter, mbuf, sh, st);
}

/** A view of src's bytes with src's shape and strides (shared: a view's
 *  words are never written), and the words `sh`: src's own, or a copy of
 *  them, as mv_view_copy or mv_view_toreadonly would make it. */
function copyView(src, sh) {
  return newView(src._exporter, src._mbuf, sh, src._st);
}

/** src.cast(format, shape) for a 1-D src, from the template C's first cast to
 *  that format left (fastpath.js): c/src/cast.c's arithmetic for a cast that
 *  succeeds; null when any of its checks would fail or an argument needs
 *  converting, for C to decide and raise. */
function castFast(src, t, shape) {
  const sh = src._hdr, len = src._len, size = t.itemsize;
  if (!(src._flags & C_CONTIGUOUS)) return null;
  if (!t.byteFormat && !isByteFormat(sh[O_FORMAT >> 2])) return null;
  if (len % size !== 0) return null;
  if (shape === undefined) {
    // The common m.cast(format): 1-D to 1-D, whose words are the template's
    // for src's readonly flag but for the four fields (ViewRec): shared
    // (bench: "JS path vs C path", path_cast_flat).
    const n = len / size;
    // (the readonly word is 0 or 1: C and exporters.js write no other)
    return sharingView(src._exporter, src._mbuf, t.header[sh[O_READONLY >> 2]], t.strides,
      src._buf, len, C_CONTIGUOUS | F_CONTIGUOUS, n, t.rd, t.wr);
  }
  // len 0 is a zero in src's shape, which a cast with a shape refuses.
  if (!isArray(shape) || shape.length > MAXDIM || len === 0) return null;
  const dims = new Array(shape.length);
  let nbytes = size;
  for (let k = 0; k < shape.length; k++) {
    const x = shape[k];
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 1 || x > SSIZE_MAX) return null;
    nbytes *= x;
    if (nbytes > len) return null;
    dims[k] = x;
  }
  if (nbytes !== len) return null;
  const ndim = dims.length, strides = new Array(ndim);
  let stride = size, fortran = true;
  for (let k = ndim - 1; k >= 0; k--) { strides[k] = stride; stride *= dims[k]; }
  // C strides are C-contiguous; Fortran-contiguous too when no dimension
  // longer than 1 breaks PEP 3118's test in Fortran order.
  stride = size;
  for (let k = 0; k < ndim; k++) {
    if (dims[k] > 1 && strides[k] !== stride) fortran = false;
    stride *= dims[k];
  }
  const out = new Array(HEADER_WORDS + ndim); // buf, len and readonly stay
  for (let k = 0; k < HEADER_WORDS; k++) out[k] = sh[k];
  out[O_BUF >> 2] = src._buf;
  out[O_LEN >> 2] = len;
  for (let k = 0; k < ndim; k++) out[HEADER_WORDS + k] = dims[k];
  out[O_NDIM >> 2] = ndim;
  out[O_ITEMSIZE >> 2] = size;
  out[O_KIND >> 2] = t.kind;
  out[O_ACCESS >> 2] = t.access;
  for (let k = 0; k < 4; k++) out[(O_FORMAT >> 2) + k] = t.words[k];
  out[O_FLAGS >> 2] = fortran ? C_CONTIGUOUS | F_CONTIGUOUS : C_CONTIGUOUS;
  return viewWith(src._exporter, src._mbuf, out, strides, t.rd, t.wr);
}

/** src[first::…] with `count` items `stride` bytes apart, for a 1-D src: the
 *  descriptor arithmetic of c/src/view.c mv_view_slice, done without a call
 *  (the format, and so the fast-path code, stay those of src; so do its
 *  words, shared). */
function slice1d(src, count, first, stride) {
  const hdr = src._hdr, itemsize = hdr[O_ITEMSIZE >> 2];
  const buf = count > 0 ? (src._buf + first * src._st[0]) | 0 : src._buf;
  const st = stride === src._st[0] ? src._st : [stride]; // a view's strides are never written: shared
  return sharingView(src._exporter, src._mbuf, hdr, st, buf, count * itemsize,
    count === 1 || stride === itemsize ? C_CONTIGUOUS | F_CONTIGUOUS : 0, count, src._rd, src._wr);
}

/** A 1-D view whose descriptor words are `hdr`, shared with its source or
 *  a template (fastpath.js), but for the four that are its own fields (ViewRec): buf,
 *  len, flags and its length n. rd, wr: its items' reader and writer, null
 *  for none. newView's work written out, for V8 to inline. */
function sharingView(exporter, mbuf, hdr, st, buf, len, flags, n, rd, wr) {
  countView(exporter, mbuf);
  return new View(rd !== null
    ? new ViewRec(exporter, mbuf, hdr, null, buf, len, flags, n, st, hdr[O_ACCESS >> 2], itemAddress(exporter, buf), n, st[0],
      hdr[O_READONLY >> 2] === 0, rd, wr)
    : new ViewRec(exporter, mbuf, hdr, null, buf, len, flags, n, st, 0, 0, 0, 0, false, null, null));
}

/** r.slice(start, stop, step) as C makes it: the arguments as C takes them,
 *  then the view. The JS path (fastpath.js sliceRange, slice1d) must agree. */
export function sliceInC(r, start, stop, step) {
  const a = sliceArg(start), b = sliceArg(stop), c = sliceArg(step);
  const p = r._live();
  return derive(r, (d) => W.mv_view_slice(d, p, a, b, c, F.err));
}

/** r.cast(format, shape) as C makes it, with the shape as shapeArg gave it.
 *  The JS path (castFast) must agree. */
export function castInC(r, format, dims) {
  const p = r._live();
  let n = -1;
  if (dims === -2) n = -2;
  else if (dims !== undefined) {
    n = dims.n;
    const dv = heap();
    if (dims.dims !== null) for (let k = 0; k < n; k++) dv.setFloat64(F.index + 8 * k, dims.dims[k], true);
  }
  try {
    const v = derive(r, (d) => W.mv_view_cast(d, p, writeFormat(format), F.index, n, F.err));
    rememberCast(format, viewOf(v)._sh);
    return v;
  } catch (e) {
    // C rejects a non-ASCII format where CPython fails to encode it (step 7).
    throw (e instanceof ValueError && e.message.startsWith('memoryview: destination format')
      && asciiEncodeError(format)) || e;
  }
}

/** A new view derived from `src` by `fill(OUT)`, which returns an mv_status. */
export function derive(src, fill) {
  check(fill(OUT));
  return adopt(src._exporter, src._mbuf);
}

const isView = (x) => viewOf(x) !== null;

/** memoryview(obj): callable with or without `new`. */
export function memoryview(obj) {
  if (arguments.length === 0) throw new TypeError("memoryview() missing required argument 'object' (pos 1)");
  if (arguments.length > 1) throw new TypeError(`memoryview() takes at most 1 argument (${arguments.length} given)`);
  const r = viewOf(obj);
  if (r !== null) {
    if (r._p === 0) throw new ValueError(RELEASED);
    return copyView(r, r._sh);
  }
  return exporterView(obj); // (a function of its own keeps this one small enough to inline)
}

/** memoryview(obj) of anything but a memoryview. */
function exporterView(obj) {
  const ex = storeOf(obj) || jsExporter(obj);
  if (ex) {
    const b = ex._getbuffer(), t = wholeViewTemplate(b.format);
    // All of the exporter's bytes as a 1-D view: the words C made for the
    // first one of this format, but for the view's own four (ViewRec).
    if (t !== undefined && b.nbytes % t.itemsize === 0)
      return sharingView(ex, managedBuffer(ex), t.header[b.readonly ? 1 : 0], t.strides, b.ptr | 0, b.nbytes,
        C_CONTIGUOUS | F_CONTIGUOUS, b.nbytes / t.itemsize, t.rd, t.wr);
    return wholeViewInC(ex, b);
  }
  throw new TypeError(`memoryview: a bytes-like object is required, not '${pyTypeName(obj)}'`);
}

/** memoryview() of exporter ex (b: its _getbuffer()) as C makes it; its
 *  words become the template of its format. The JS path (above) must agree. */
export function wholeViewInC(ex, b) {
  check(W.mv_view_init(OUT, b.ptr, b.nbytes, b.readonly ? 1 : 0, writeFormat(b.format), F.err));
  const v = adopt(ex, managedBuffer(ex));
  rememberWholeView(b.format, viewOf(v)._sh);
  return v;
}

// ---- argument conversion (Python's __index__ and slice-index rules) -------

/** An index or shape element as a double for C: NaN when it is not an int. */
function intArg(x) {
  if (typeof x === 'number') return Number.isInteger(x) ? x : NaN;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return NaN;
}
/** A slice bound for C: NaN for None, 0.5 for anything that is not an int
 *  (C raises the TypeError then, in CPython's order of checks). */
function sliceArg(x) {
  if (x === undefined || x === null) return NaN;
  const d = intArg(x);
  return Number.isNaN(d) ? 0.5 : d;
}
/** Python's C-int conversion (hex's bytes_per_sep). */
function cIntArg(x, what) {
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'bigint') x = Number(x);
  if (typeof x !== 'number' || !Number.isInteger(x))
    throw new TypeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
  if (x > 2147483647 || x < -2147483648) throw new OverflowError(`Python int too large to convert to C ${what}`);
  return x;
}

/** The keys of a get or set as doubles for C (intArg), written in F.index
 *  when they fit (MAXDIM + 1 of them), else in a new block, which
 *  freeIndexes frees after the call: C counts every key (CPython's "cannot
 *  index 3-dimension view with 70-element tuple"). Returns where. */
function writeIndexes(keys) {
  const n = keys.length, at = n <= MAXDIM + 1 ? F.index : alloc(8 * n);
  const dv = heap();
  for (let k = 0; k < n; k++) dv.setFloat64(at + 8 * k, intArg(keys[k]), true);
  return at;
}
const freeIndexes = (at) => { if (at !== F.index) free(at); };
/** fn(at, n) with the n keys written by writeIndexes. */
function withIndexes(keys, fn) {
  const at = writeIndexes(keys);
  try { return fn(at, keys.length); } finally { freeIndexes(at); }
}

/** A cast's shape argument, converted before the view is touched (reading
 *  a list runs user code: getters, Proxy traps): undefined for none, -2 for
 *  a non-list (C raises), else { n, dims, plain } with each element as
 *  intArg gives it (only the first MAXDIM are read: C refuses a longer shape);
 *  plain: every element was a number (castFast takes no other). */
export function shapeArg(shape) {
  if (shape === undefined) return undefined;
  if (!isArray(shape)) return -2;
  const n = shape.length;
  if (n > MAXDIM) return { n, dims: null, plain: false };
  const dims = new Array(n);
  let plain = true;
  for (let k = 0; k < n; k++) {
    const x = shape[k];
    if (typeof x !== 'number') plain = false;
    dims[k] = intArg(x);
  }
  return { n, dims, plain };
}

// ---- the view record ---------------------------------------------------------

// What a memoryview is: a ViewRec, reachable only through the private field
// of its public object (class View below), so no user code can forge or
// change a descriptor.
ViewRec.prototype = {
  /** The view's descriptor, loaded into scratch descriptor `slot`; or
   *  ValueError once released. Call it after the last user code of a call:
   *  user code may release the view or grow memory. */
  _live(slot = SELF) {
    if (this._p === 0) throw new ValueError(RELEASED);
    const i32 = heapI32(), at = slot >> 2, sh = this._hdr, st = this._st;
    for (let k = 0; k < sh.length; k++) i32[at + k] = sh[k];
    writeOwnWords(this, i32, at);
    for (let k = 0; k < st.length; k++) i32[at + (O_STRIDES >> 2) + k] = st[k];
    return slot;
  },
  /** All the descriptor words (header and shape), as _live loads them. */
  get _sh() {
    const w = this._words;
    return w !== null ? w : this._ownWords();
  },
  /** The words of a view that shares _hdr (so 1-D), made once. */
  _ownWords() {
    const w = copyWords(this._hdr);
    writeOwnWords(this, w, 0);
    return (this._words = w);
  },
  _checkLive() { if (this._p === 0) throw new ValueError(RELEASED); },
  /** A header word of the descriptor, or (O_SHAPE + 4k) a word of the shape. */
  _field(off) {
    if (this._p === 0) throw new ValueError(RELEASED);
    return off === O_LEN ? this._len : off === O_FLAGS ? this._flags : off === O_BUF ? this._buf
      : off === O_SHAPE ? this._shape0 : this._hdr[off >> 2];
  },
  _format() {
    if (this._p === 0) throw new ValueError(RELEASED);
    let s = '';
    for (let i = O_FORMAT; i < O_FORMAT + 16; i++) {
      const c = (this._hdr[i >> 2] >>> (8 * (i & 3))) & 255;
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  },
  _dims(off) {
    const n = this._field(O_NDIM);
    if (off === O_STRIDES) return copyWords(this._st);
    const out = new Array(n);
    for (let k = 0; k < n; k++) out[k] = this._field(O_SHAPE + 4 * k);
    return out;
  },
  /** Runs fn(descriptor) for the element named by the n indexes at `at`;
   *  for views of JS memory, with just that element staged. */
  _element(p, at, n, forWrite, fn) {
    const ex = this._exporter;
    if (!ex._js) return fn(p);
    check(W.mv_view_locate(p, at, n, forWrite, F.ext, F.err));
    const off = heap().getInt32(F.ext, true), size = heap().getInt32(p + O_ITEMSIZE, true);
    return staged(p, ex, forWrite, fn, 0, off, size);
  },
  /** m.get(...idx) through C. */
  _get(idx) {
    if (this._hdr[O_KIND >> 2] === KIND_RECORD) return recordGet(this, idx, withIndexes); // beyond CPython
    const p = this._live(), at = writeIndexes(idx), n = idx.length; // a released view raises before any allocation
    try {
      if (this._exporter._js) this._element(p, at, n, 0, (d) => check(W.mv_view_get(d, at, n, F.value, F.err)));
      else {
        const st = W.mv_view_get(p, at, n, F.value, F.err);
        if (st !== 0) check(st);
      }
      return this._readItem(p);
    } finally { freeIndexes(at); }
  },
  /** The item at i, fast where it can be. */
  _item(i) {
    if (this._fc !== 0 && this._p !== 0 && typeof i === 'number' && Number.isInteger(i)) {
      const v = itemGet(this, i);
      if (v !== undefined) return v;
    }
    return this._get([i]);
  },
  /** The item in F.value as a JS value of this view's format. */
  _readItem(p) {
    const dv = heap(), kind = dv.getInt32(p + O_KIND, true);
    return readValue(F.value, kind, dv.getInt32(p + O_ITEMSIZE, true) === 8 && kind <= KIND_UNSIGNED);
  },
  /** m.set(...args) through C; the value (the last argument) is converted
   *  before the view is loaded. */
  _set(args) {
    if (this._hdr[O_KIND >> 2] === KIND_RECORD) { recordSet(this, args, withIndexes); return; } // beyond CPython
    const raw = args.pop();
    const isBool = this._hdr[O_KIND >> 2] === KIND_BOOL;
    // A '?' value's truth may run user code (a length getter): as CPython,
    // the view, its writability and the key are checked first (C's locate)
    if (isBool) {
      const p = this._live();
      withIndexes(args, (at, n) => check(W.mv_view_locate(p, at, n, 1, F.ext, F.err)));
    }
    const value = toValue(raw, isBool);
    const p = this._live(); // again, after that user code
    const owned = [];
    let at = F.index;
    try {
      storeValue(F.value, value, F.bytes, owned);
      // An item of 'e', 'f' or 'd' takes a number as a Python float, as struct
      // does (js/struct.js): '<e' and '>f' items follow struct's rules, where an
      // int out of range is struct.error but a float OverflowError. (CPython's
      // native formats treat the two alike.)
      if (typeof value.x === 'number' && this._hdr[O_KIND >> 2] === KIND_FLOAT) writeFloat(heap(), F.value, value.x);
      at = writeIndexes(args);
      const n = args.length;
      if (this._exporter._js) this._element(p, at, n, 1, (d) => check(W.mv_view_set(d, at, n, F.value, F.err)));
      else {
        const st = W.mv_view_set(p, at, n, F.value, F.err);
        if (st !== 0) check(st);
      }
    } finally {
      freeIndexes(at);
      if (owned.length) freeOwned(owned);
    }
  },
  /** Where the view's bytes are: { buffer, offset } in wasm or JS memory. */
  _memory(p) {
    if (this._exporter._js) return jsSpan(p, this._exporter);
    return { buffer: wasmBuffer(), offset: heap().getUint32(p + O_BUF, true) };
  },
};

/** Writes view r's four own words (its fields: ViewRec) over the shared
 *  ones of its _hdr copied to `to` from index `at` (wasm memory's int32s,
 *  or an array). */
function writeOwnWords(r, to, at) {
  to[at + (O_BUF >> 2)] = r._buf;
  to[at + (O_LEN >> 2)] = r._len;
  to[at + (O_FLAGS >> 2)] = r._flags;
  if (r._hdr.length > HEADER_WORDS) to[at + HEADER_WORDS] = r._shape0;
}

/** The record of a memoryview `x` as `this` of method `name`, or CPython's
 *  TypeError for any other object. */
function own(x, name) {
  const r = thisView(x);
  if (r === null)
    throw new TypeError(`descriptor '${name}' for 'memoryview' objects doesn't apply to a '${pyTypeName(x)}' object`);
  return r;
}

// ---- the class -------------------------------------------------------------

let viewOf, thisView;
const VIEW_NOCLONE = uncloneable('memoryview', 'send x.tobytes() (a copy) or the buffer it views');
/** memoryview's public object: one private field, its record, and the one
 *  own property that makes cloning it throw (a field: defined, so no
 *  setter of the program's runs). */
class View {
  #r;
  __noclone__ = VIEW_NOCLONE;
  constructor(r) { this.#r = r; }
  static {
    /** The ViewRec of memoryview x; null for anything else (a Proxy, a forgery). */
    viewOf = (x) => (typeof x === 'object' && x !== null && #r in x ? x.#r : null);
    /** The same for a `this`, which is nearly always one: reading the field is
     *  the brand check (it throws for anything else), half the cost of `in`
     *  on a hit; an exception costs microseconds, so arguments use viewOf. */
    thisView = (x) => { try { return x.#r; } catch { return null; } };
  }

  get obj() { const r = own(this, 'obj'); r._checkLive(); return r._exporter._obj; }
  get nbytes() { return own(this, 'nbytes')._field(O_LEN); }
  get itemsize() { return own(this, 'itemsize')._field(O_ITEMSIZE); }
  get readonly() { return own(this, 'readonly')._field(O_READONLY) !== 0; }
  get format() { return own(this, 'format')._format(); }
  get ndim() { return own(this, 'ndim')._field(O_NDIM); }
  get shape() { return own(this, 'shape')._dims(O_SHAPE); }
  get strides() { return own(this, 'strides')._dims(O_STRIDES); }
  get suboffsets() { own(this, 'suboffsets')._checkLive(); return []; }
  get c_contiguous() { return (own(this, 'c_contiguous')._field(O_FLAGS) & C_CONTIGUOUS) !== 0; }
  get f_contiguous() { return (own(this, 'f_contiguous')._field(O_FLAGS) & F_CONTIGUOUS) !== 0; }
  get contiguous() { return (own(this, 'contiguous')._field(O_FLAGS) & (C_CONTIGUOUS | F_CONTIGUOUS)) !== 0; }
  get length() {
    const r = own(this, 'length');
    if (r._field(O_NDIM) === 0) throw new TypeError('0-dim memory has no length');
    return r._field(O_SHAPE);
  }

  get(i) {
    const r = own(this, 'get');
    const n = arguments.length;
    if (n === 1) {
      if (r._fc !== 0 && r._p !== 0 && typeof i === 'number' && Number.isInteger(i)) {
        const v = itemGet(r, i);
        if (v !== undefined) return v;
      }
    } else if (n <= 3 && n === r._hdr.length - HEADER_WORDS && r._rd !== null && r._p !== 0) {
      const v = itemGetND(r, n, i, arguments[1], arguments[2]);
      if (v !== undefined) return v;
    }
    return r._get(Array.prototype.slice.call(arguments));
  }

  set(i, v) {
    const r = own(this, 'set');
    const n = arguments.length - 1;
    if (n === 1) {
      if (r._fc !== 0 && r._p !== 0 && r._fw && typeof i === 'number' && Number.isInteger(i) && itemSet(r, i, v)) return;
    } else if (n <= 3 && n === r._hdr.length - HEADER_WORDS && r._fw && r._p !== 0
      && itemSetND(r, n, i, arguments[1], arguments[2], arguments[n])) return;
    r._set(Array.prototype.slice.call(arguments));
  }

  slice(start, stop, step) {
    const r = own(this, 'slice');
    if (r._hdr.length === HEADER_WORDS + 1 && r._p !== 0) {
      // The common m.slice(a, b) and m.slice(a) with 0 <= a <= b, b past
      // len(m) taken as len(m) (as CPython clamps it): a check small enough
      // for V8 to inline, which makes this slice as fast as subarray.
      // Anything else goes through sliceRange.
      const n = r._shape0, end = stop === undefined || (Number.isInteger(stop) && stop > n) ? n : stop;
      if (step === undefined && plainBounds(start, end, n))
        return slice1d(r, (end - start) | 0, start | 0, r._st[0]);
      const range = { count: 0, first: 0, step: 1 };
      if (sliceRange(n, start, stop, step, range)) {
        const stride = r._st[0] * range.step;
        // A stride past ±sys.maxsize (one item at most) is C's to clamp.
        if (stride >= -SSIZE_MAX && stride <= SSIZE_MAX) return slice1d(r, range.count, range.first, stride);
      }
    }
    return sliceInC(r, start, stop, step);
  }

  cast(format, shape) {
    const r = own(this, 'cast');
    if (arguments.length === 0) throw new TypeError("cast() missing required argument 'format' (pos 1)");
    if (arguments.length > 2) throw new TypeError(`cast() takes at most 2 arguments (${arguments.length} given)`);
    if (typeof format !== 'string') throw new TypeError(`cast() argument 'format' must be str, not ${argTypeName(format)}`);
    if (r._p === 0) throw new ValueError(RELEASED); // CPython's first check, before the shape's user code (getters)
    const dims = shapeArg(shape); // the last user code of the call
    if (r._hdr.length === HEADER_WORDS + 1 && r._p !== 0 && dims !== -2 && (dims === undefined || dims.plain)) {
      const t = castTemplate(format);
      const v = t !== undefined ? castFast(r, t, dims === undefined ? undefined : dims.dims) : null;
      if (v !== null) return v;
    }
    return castInC(r, format, dims);
  }

  toreadonly() {
    const r = own(this, 'toreadonly');
    if (arguments.length) throw noArguments('memoryview.toreadonly', arguments.length);
    if (r._p === 0) throw new ValueError(RELEASED);
    const sh = copyWords(r._sh);
    sh[O_READONLY >> 2] = 1;
    return copyView(r, sh);
  }

  assign(src) {
    const r = own(this, 'assign');
    const q = viewOf(src);
    // Two live 1-D C-contiguous views of one format and length, the target
    // writable: every check of C's passes, and the copy is a memmove, made
    // here (bench: "JS path vs C path").
    if (q !== null && r._fw && r._p !== 0 && q._p !== 0 && sameItems(r, q) && moveBytes(r, q)) return;
    check(W.mv_view_assign_check(r._live(), F.err));
    const s = borrow(src, 'a bytes-like object is required, not');
    try {
      const p = r._live(); // again, after borrow's work
      check(W.mv_view_assign_compatible(p, s.ptr, F.err));
      // Two C-contiguous views of one structure: the copy is a memmove of
      // their bytes, which TypedArray.set does on either memory.
      const to = contiguousBytes(r), from = to === null ? null : contiguousBytes(s.rec);
      if (from !== null) { to.set(from); return; }
      assignBlocks(p, r._exporter, s.ptr, s.ex, (d, q) => {
        const scratch = alloc(W.mv_view_assign_scratch_size(d, q));
        try { check(W.mv_view_assign(d, q, scratch, F.err)); } finally { free(scratch); }
      });
    } finally { s.done(); }
  }

  tobytes(order) {
    const r = own(this, 'tobytes');
    if (arguments.length > 1) throw new TypeError(`tobytes() takes at most 1 argument (${arguments.length} given)`);
    let o = 67; // 'C'
    if (order !== undefined && order !== null) {
      if (typeof order !== 'string') throw new TypeError(`tobytes() argument 'order' must be str or None, not ${pyTypeName(order)}`);
      if (order.includes('\0')) throw new ValueError('embedded null character');
      o = order.length === 1 ? order.charCodeAt(0) : 0;
    }
    if (r._p === 0) throw new ValueError(RELEASED);
    const n = r._len;
    // A C-contiguous view in C or A order is its memory as is (an invalid
    // order still goes to C, which raises): a copy, from wasm memory or
    // straight from the JS buffer, read from the record (no descriptor load;
    // bench: "JS path vs C path", path_tobytes).
    if ((o === 67 || o === 65) && (r._flags & C_CONTIGUOUS)) {
      const ex = r._exporter, buf = r._buf >>> 0;
      if (!ex._js) return copyOut(buf, n);
      const u = attachedBytes(ex);
      if (!holds(ex, u, buf, n)) throw new ValueError(DETACHED);
      return copyOf(u, buf, n, ex._buffer, ex._offset(buf));
    }
    const out = alloc(n);
    try {
      writeBytes(r._live(), r._exporter, out, o); // reloaded: alloc may have grown memory
      return copyOut(out, n);
    } finally { free(out); }
  }

  hex(sep, bytes_per_sep) {
    const r = own(this, 'hex');
    if (arguments.length > 2) throw new TypeError(`hex() takes at most 2 arguments (${arguments.length} given)`);
    const bps = bytes_per_sep === undefined ? 1 : cIntArg(bytes_per_sep, 'int');
    r._checkLive(); // CPython's order: released before sep
    const s = sep === undefined ? -1 : sepChar(sep); // the last user code of the call
    const n = r._field(O_LEN);
    if (s === -1 && n <= HEX_NATIVE && NodeBuffer !== null && (r._flags & C_CONTIGUOUS)) {
      // Node's own hex of a few bytes costs less than the calls into C
      // (bench: "JS path vs C path", path_hex16 and path_hex256); C does
      // every other hex().
      const ex = r._exporter, buf = r._buf >>> 0, b = nodeBufferOf(ex);
      if (!holds(ex, b, buf, n)) throw new ValueError(DETACHED);
      return b.toString('hex', buf, buf + n);
    }
    return hexInC(r, n, s, bps);
  }

  tolist() {
    const r = own(this, 'tolist');
    if (arguments.length) throw noArguments('memoryview.tolist', arguments.length);
    r._checkLive();
    const shape = r._dims(O_SHAPE);
    let count = 1;
    for (let k = 0; k < shape.length; k++) count *= shape[k]; // (no iterator: the count sizes C's block)
    if (count > MAX_LIST_ITEMS)
      throw new MemoryError(shape.length > 1
        ? `tolist() of ${count} items: memview lists at most ${MAX_LIST_ITEMS} in one call, as many as a JS array holds`
        : `tolist() of ${count} items: a JS array holds at most ${MAX_LIST_ITEMS}`);
    if (r._hdr[O_KIND >> 2] === KIND_RECORD) return recordList(r); // beyond CPython
    if (r._fc !== 0) {
      const list = itemList(r);
      if (list !== undefined) return list;
    }
    const ndim = r._hdr[O_NDIM >> 2];
    const out = alloc(Math.max(count, 1) * 8);
    try {
      forEachBlock(r._live(), r._exporter, (d, first) => check(W.mv_view_tolist(d, out + 8 * first, F.err)));
      const kind = r._hdr[O_KIND >> 2];
      const big = r._hdr[O_ITEMSIZE >> 2] === 8 && kind <= KIND_UNSIGNED;
      const item = itemReader(kind, big, out);
      if (ndim === 0) return item(0);
      let pos = 0;
      const build = (dim) => {
        const n = shape[dim], list = new Array(n);
        if (dim === ndim - 1) for (let i = 0; i < n; i++) list[i] = item(pos++);
        else for (let i = 0; i < n; i++) list[i] = build(dim + 1);
        return list;
      };
      return build(0);
    } finally { free(out); }
  }

  [Symbol.iterator]() {
    const r = own(this, 'Symbol.iterator');
    check(W.mv_view_check_iterable(r._live(), F.err));
    if (r._exporter._js) r._exporter._checkAttached(); // as count(): even with no item to read
    return new MemoryIterator(r, MAKE_MEMORY_ITERATOR);
  }

  count(value) {
    const r = own(this, 'count');
    if (arguments.length !== 1) throw oneArgument('memoryview.count', arguments.length);
    const n = r._shape0;
    if (r._fc !== 0 && r._p !== 0 && n <= loopItems(r)) { // a short 1-D view: C's call costs more than the loop
      const c = itemLookup(r, value, 0, n, false);
      if (c !== undefined) return c;
    }
    // (after the loop, which a record view, having no access, never takes)
    if (r._p !== 0 && r._hdr[O_KIND >> 2] === KIND_RECORD) { // beyond CPython
      check(W.mv_view_check_iterable(r._live(), F.err));
      return recordLookup(r, value, 0, n, false);
    }
    const key = lookupKey(value);
    check(W.mv_view_check_iterable(r._live(), F.err));
    return lookup(r, key, 0, n, false);
  }

  index(value, start, stop) {
    const r = own(this, 'index');
    if (arguments.length === 0) throw new TypeError('index expected at least 1 argument, got 0');
    if (arguments.length > 3) throw new TypeError(`index expected at most 3 arguments, got ${arguments.length}`);
    const [a, b] = adjustIndices(start === undefined ? 0 : lookupArg(start), stop === undefined ? Infinity : lookupArg(stop), r._shape0);
    if (r._fc !== 0 && r._p !== 0) {
      const i = a >= b ? (r._jd === null ? -1 : undefined) : indexInJS(r, value, a, b); // JS memory: C checks it is there
      if (i !== undefined) { // the answer, found or not: C's checks pass on such a view
        if (i >= 0) return i;
        throw new ValueError(NOT_FOUND);
      }
    }
    const record = r._p !== 0 && r._hdr[O_KIND >> 2] === KIND_RECORD; // beyond CPython
    const key = record ? null : lookupKey(value);
    check(W.mv_view_check_lookup(r._live(), F.err));
    if (a >= b && r._exporter._js) r._exporter._checkAttached(); // as lookup() does
    const i = a >= b ? -1 : record ? recordLookup(r, value, a, b, true) : lookup(r, key, a, b, true);
    if (i < 0) throw new ValueError(NOT_FOUND);
    return i;
  }

  equals(other) {
    const r = own(this, 'equals');
    if (r._p === 0) return this === other;
    const ro = viewOf(other);
    if (ro !== null) {
      if (ro._p === 0) return this === other;
      // Compared here by bytes where the values are the bytes (a loop, or
      // Node's memcmp past SHORT_BYTES bytes), else item by item up to
      // SHORT_BYTES items (STAGED_LOOKUP_ITEMS in JS memory, which C must
      // stage first: the "m.equals(m2), Float64Array 1 KB" row), with no
      // descriptor loaded and no call (bench: "JS path vs C path").
      let same;
      if (bytewise(r, ro)) same = r._len <= SHORT_BYTES ? shortBytesEqual(r, ro) : nodeBytesEqual(r, ro);
      if (same === undefined && r._fc !== 0 && ro._fc !== 0 && r._fn === ro._fn
        && r._fn <= (r._jd === null && ro._jd === null ? SHORT_BYTES : STAGED_LOOKUP_ITEMS)) same = itemsEqual(r, ro);
      if (same !== undefined) return same;
    }
    let o;
    try { o = borrow(other, null); } catch (e) { if (e instanceof TypeError) return false; throw e; }
    try {
      const a = bytewise(r, o.rec) ? contiguousBytes(r) : null, b = a === null ? null : contiguousBytes(o.rec);
      const same = b === null ? null : bytesEqual(a, b);
      if (same !== null) return same;
      return everyBlockPair(r._live(), r._exporter, o.ptr, o.ex, (x, y) => W.mv_view_equals(x, y) !== 0);
    } finally { o.done(); }
  }

  release() {
    const r = own(this, 'release');
    if (arguments.length) throw noArguments('memoryview.release', arguments.length);
    if (r._p === 0) return;
    if (r._exports > 0)
      throw new BufferError(`memoryview has ${r._exports} exported buffer${r._exports > 1 ? 's' : ''}`);
    r._p = 0;
    if (--r._mbuf.cell.views === 0) r._exporter._exports--;
    // A released view no longer holds its managed buffer: once every view
    // that is not released has been collected, the buffer's finalizer
    // unlocks the exporter, as CPython's refcount does.
    r._mbuf = null;
  }
  [dispose]() { own(this, 'Symbol.dispose'); this.release(); }

  toString() {
    const r = own(this, '__repr__');
    return `<${r._p === 0 ? 'released ' : ''}memory at 0x${r._addr.toString(16)}>`;
  }

  /** A TypedArray over the same memory (C-contiguous views only). Valid until
   *  wasm memory grows: take a new one after any call that may allocate. */
  asTypedArray() {
    const r = own(this, 'asTypedArray');
    const p = r._live(), dv = heap();
    if (!(dv.getInt32(p + O_FLAGS, true) & C_CONTIGUOUS))
      throw new BufferError('memoryview: underlying buffer is not C-contiguous');
    const T = typedArrayOf(r);
    if (!T) throw new BufferError(`memoryview: no TypedArray for format '${r._format()}'`);
    if (r._hdr[O_ACCESS >> 2] & ACCESS_BIG_ENDIAN) // beyond CPython: '>I', '!H', ...
      throw new BufferError(`memoryview: no TypedArray for format '${r._format()}': TypedArrays are little-endian here; use asDataView() or get()`);
    const { buffer, offset } = r._memory(p), len = dv.getInt32(p + O_LEN, true);
    if (offset % T.BYTES_PER_ELEMENT)
      throw new BufferError(`memoryview: data at offset ${offset} is not aligned for ${T.name}`);
    return new T(buffer, offset, len / T.BYTES_PER_ELEMENT);
  }
  asDataView() {
    const r = own(this, 'asDataView');
    const p = r._live(), dv = heap();
    if (!(dv.getInt32(p + O_FLAGS, true) & C_CONTIGUOUS))
      throw new BufferError('memoryview: underlying buffer is not C-contiguous');
    const { buffer, offset } = r._memory(p);
    return new DataView(buffer, offset, dv.getInt32(p + O_LEN, true));
  }
}
memoryview.prototype = View.prototype;
Object.defineProperty(View.prototype, 'constructor', { value: memoryview, writable: true, configurable: true });
Object.defineProperty(View.prototype, Symbol.toStringTag, { value: 'memoryview' });
export { viewOf, thisView };

const MEMORY_ITERATOR = 'memory_iterator';
const MAKE_MEMORY_ITERATOR = Object.freeze({}); // what MemoryIterator's constructor asks for, known here alone
const MEMORY_ITERATOR_NOCLONE = uncloneable(MEMORY_ITERATOR, 'send its items ([...it])');
/** CPython's memory_iterator over the items of the 1-D view of record r:
 *  item i is read when next() asks, with the view's checks (released, a
 *  detached or shrunk JS buffer) made then. An iterator of the engine's
 *  kind, as the exporters' and iter_unpack's: the iterator helpers apply.
 *  (This class takes 0.8x the time of the object of closures it replaced,
 *  bench/ab.js iter_view, each order.) */
class MemoryIterator {
  #r; #n; #i = 0;
  __noclone__ = MEMORY_ITERATOR_NOCLONE;
  /** Only a view's [Symbol.iterator]() makes one: the class is reachable
   *  from an iterator's prototype. */
  constructor(r, token) {
    if (token !== MAKE_MEMORY_ITERATOR) throw new TypeError(`cannot create '${MEMORY_ITERATOR}' instances`);
    this.#r = r;
    this.#n = r._shape0;
  }
  next() { // as CPython: the released check only while items remain
    if (typeof this !== 'object' || this === null || !(#r in this))
      throw new TypeError(`descriptor '__next__' requires a '${MEMORY_ITERATOR}' object but received a '${pyTypeName(this)}'`);
    const i = this.#i;
    if (i >= this.#n) return { value: undefined, done: true };
    const value = this.#r._item(i); // the index moves only on success
    this.#i = i + 1;
    return { value, done: false };
  }
  toJSON() { throw notJSONSerializable(this); }
}
namePyType(MemoryIterator.prototype, MEMORY_ITERATOR);
Object.setPrototypeOf(MemoryIterator.prototype, ITERATOR_PROTOTYPE);
// As the class defines them, whatever is done to the prototype later.
const VIEW_EQUALS = View.prototype.equals, VIEW_TOBYTES = View.prototype.tobytes;
const VIEW_GET = View.prototype.get, VIEW_TOLIST = View.prototype.tolist, VIEW_HEX = View.prototype.hex;

/** memoryview's get, tolist and hex for exporters.js, as the class defines them. */
export const viewGet = (m, i) => VIEW_GET.call(m, i);
export const viewTolist = (m) => VIEW_TOLIST.call(m);
export const viewHex = (m, args) => VIEW_HEX.apply(m, args);

/** memoryview.equals for exporters.js, with no lookup on the view object
 *  (user code could have put an `equals` of its own there). */
export function viewEquals(m, other) { return VIEW_EQUALS.call(m, other); }

/** A copy of the bytes of memoryview m, as PyBUF_SIMPLE takes them: a
 *  released view raises first, then a non-contiguous one. */
export function contiguousCopy(m) {
  const r = viewOf(m);
  r._checkLive();
  if (!(r._flags & C_CONTIGUOUS)) throw new BufferError('memoryview: underlying buffer is not C-contiguous');
  return VIEW_TOBYTES.call(m);
}

/** The bytes of C-contiguous view r as a Uint8Array over its memory (wasm
 *  memory or the JS buffer; valid until memory grows), or null for any
 *  other view. */
function contiguousBytes(r) {
  if (!(r._flags & C_CONTIGUOUS)) return null;
  const ex = r._exporter;
  if (ex._js) ex._checkAttached();
  return memoryBytes(ex, r._buf >>> 0, r._len);
}
/** A Uint8Array over the n bytes at descriptor address buf of exporter ex's
 *  memory (an attached JS buffer, or wasm memory), made by the constructor:
 *  subarray() would ask Symbol.species, user code. */
function memoryBytes(ex, buf, n) {
  return ex._js ? new Uint8Array(ex._buffer, ex._offset(buf), n) : new Uint8Array(wasmBuffer(), buf, n);
}
/** The bytes of view r's memory as a Uint8Array indexed by descriptor
 *  address: wasm memory, or its JS exporter's bytes (ValueError when the
 *  JS buffer is detached or shrunk). */
function exporterBytes(r) {
  const ex = r._exporter;
  if (!ex._js) return heapU8();
  ex._checkAttached();
  return ex._bytes();
}

/** Whether views r and q (live, both) are equal exactly when their bytes
 *  are: one length, and one access of integers or 'c' (their values are their
 *  bytes; floats are not, for NaN and -0, nor bools, whose byte 2 is True). */
function bytewise(r, q) {
  const a = r._hdr, b = q._hdr, access = a[O_ACCESS >> 2];
  return a[O_NDIM >> 2] === 1 && b[O_NDIM >> 2] === 1 && r._shape0 === q._shape0
    && access === b[O_ACCESS >> 2] && (access & 0xff) !== ACCESS_NONE && (access & 0xff) !== ACCESS_F32
    && (access & 0xff) !== ACCESS_F64 && (access & 0xff) !== ACCESS_BOOL;
}

/** Whether live views r and q hold the same bytes in C order: each 1-D and
 *  C-contiguous, of one length (bytewise()). undefined when C must answer
 *  (a strided view, a detached or shrunk JS buffer: C raises). */
function shortBytesEqual(r, q) {
  if (!(r._flags & q._flags & C_CONTIGUOUS)) return undefined;
  if (r._len === 0 || shrunk(r) || shrunk(q)) return undefined;
  // Through the DataViews the executor reads items with (a detached buffer
  // throws), four bytes at a time.
  const dx = r._jd === null ? heap() : r._jd, dy = q._jd === null ? heap() : q._jd;
  const n = r._len, x = r._fb, y = q._fb;
  try {
    let k = 0;
    for (; k + 4 <= n; k += 4) if (dx.getInt32(x + k) !== dy.getInt32(y + k)) return false;
    for (; k < n; k++) if (dx.getUint8(x + k) !== dy.getUint8(y + k)) return false;
  } catch { return undefined; } // detached since: C raises
  return true;
}
/** Copies the bytes of live view q over those of live view r, as memmove:
 *  both C-contiguous, of one length. A short copy goes four bytes at a time
 *  through the DataViews the executor writes items with (making a
 *  TypedArray costs more), a longer one is moveLongBytes'. false when C
 *  must (a strided view, a detached or shrunk JS buffer: C raises). */
function moveBytes(r, q) {
  const n = r._len;
  if (!(r._flags & q._flags & C_CONTIGUOUS)) return false;
  if (n > SHORT_BYTES) return moveLongBytes(r, q, n); // a function of its own, so that moveBytes inlines
  if (n === 0 || shrunk(r) || shrunk(q)) return false;
  const dx = r._jd === null ? heap() : r._jd, dy = q._jd === null ? heap() : q._jd;
  const x = r._fb, y = q._fb; // offsets in each one's ArrayBuffer
  // A live view's bytes are inside its buffer unless that was detached (the
  // first read throws, before any write) or shrunk (the _jx checks above).
  try {
    // Forward is a memmove unless the target starts inside the source, which
    // only views in one ArrayBuffer can (wasm memory, Node's pooled Buffers,
    // a JS view of wasm memory).
    if (x <= y || !oneMemory(r._exporter, q._exporter)) {
      let k = 0;
      for (; k + 4 <= n; k += 4) dx.setInt32(x + k, dy.getInt32(y + k));
      for (; k < n; k++) dx.setUint8(x + k, dy.getUint8(y + k));
    } else {
      let k = n;
      for (; k >= 4; k -= 4) dx.setInt32(x + k - 4, dy.getInt32(y + k - 4));
      for (; k > 0; k--) dx.setUint8(x + k - 1, dy.getUint8(y + k - 1));
    }
  } catch { return false; } // detached: C raises (nothing was written: a detached buffer takes no writes)
  return true;
}
/** moveBytes of n > SHORT_BYTES bytes: a memmove on one TypedArray where
 *  both views index the same one (wasm memory, one exporter), else a set()
 *  from the source's bytes, which copies them first when they share the
 *  target's buffer. */
function moveLongBytes(r, q, n) {
  const u = exporterBytes(r), v = exporterBytes(q); // these raise where C would
  const x = r._buf >>> 0, y = q._buf >>> 0;
  if (u === v) u.copyWithin(x, y, y + n);
  else if (y === 0 && n === v.length) u.set(v, x); // the whole of the source's exporter
  else u.set(memoryBytes(q._exporter, y, n), x);
  return true;
}
/** Whether u, ex's attachedBytes() or nodeBufferOf(), holds the bytes
 *  [buf, buf + n): a TypedArray over a detached or shrunk buffer has length
 *  0, and a range of 0 bytes asks the exporter itself. */
function holds(ex, u, buf, n) {
  return u !== null && buf + n <= u.length && (n !== 0 || !ex._js || ex._attached());
}
/** The bytes of JS exporter ex by descriptor address (ex._bytes()), or null
 *  when its buffer is detached or shrunk (see holds()). */
function attachedBytes(ex) {
  return ex._u8 !== null || ex._attached() ? ex._bytes() : null;
}

/** A Node Buffer over the memory of exporter ex, by descriptor address (made
 *  once: a Buffer per call costs more than a short hex), or null for a
 *  detached or shrunk JS buffer (see holds()). */
function nodeBufferOf(ex) {
  if (ex._js) {
    if (ex._nodeBuffer === null) {
      if (!ex._attached()) return null;
      ex._nodeBuffer = NodeBuffer.from(ex._buffer, ex._base, ex._byteLength);
    }
    return ex._nodeBuffer;
  }
  const u8 = heapU8(); // wasm memory grows: a new Buffer with each new buffer
  if (wasmHex.of !== u8) { wasmHex.of = u8; wasmHex.buf = NodeBuffer.from(wasmBuffer()); }
  return wasmHex.buf;
}
const wasmHex = { of: null, buf: null };

// equals and assign of views up to this long (bytes, or items) loop in JS.
const SHORT_BYTES = 64;

/** Whether views r and q have items of one format and size, 1-D, and as many
 *  (C's same_structure for that case, without its '@' stripping: 'B' and
 *  '@B' go to C). Views that share their header words (a slice and its
 *  source; memoryview(x) of exporters of one format, and 1-D casts to one
 *  format, each after the first, which C makes) have the same items, so only
 *  the others are compared word by word (bench rows "m.assign(m2), ... 16 B":
 *  2.1-2.4x u8.set comparing the words of every pair, 1.7-2.0x with this
 *  shortcut; bench/MISSES.md, tenth round). */
function sameItems(r, q) {
  const a = r._hdr, b = q._hdr, f = O_FORMAT >> 2;
  if (a[O_NDIM >> 2] !== 1 || r._shape0 !== q._shape0) return false;
  return a === b || (b[O_NDIM >> 2] === 1 && a[O_ITEMSIZE >> 2] === b[O_ITEMSIZE >> 2]
    && a[f] === b[f] && a[f + 1] === b[f + 1] && a[f + 2] === b[f + 2] && a[f + 3] === b[f + 3]);
}

/** hex() of view r (n bytes; separator s, or -1; bps) by C, in a function
 *  of its own so that hex() stays small enough to inline. */
function hexInC(r, n, s, bps) {
  const size = W.mv_hex_size(n, s, bps);
  if (size < 0) throw new MemoryError('');
  if (size > MAX_STRING_LENGTH)
    throw new MemoryError(`hex() of ${n} bytes: ${size} characters, and a JS string holds at most ${MAX_STRING_LENGTH}`);
  // Small results go into a scratch block (an allocation costs more than
  // the digits); a view of JS memory whose span fits a window is staged
  // there whole, and C formats it as it is.
  const out = size <= HEX_SCRATCH ? hexScratch : alloc(size);
  try {
    const ex = r._exporter;
    if (!ex._js || (r._len <= WINDOW_BYTES && (r._flags & C_CONTIGUOUS))) {
      staged(r._live(), ex, false, (d) => check(W.mv_view_hex(d, out, s, bps, F.err)));
    } else if (s === -1) {
      // No separator: the digits of each staged block go straight to
      // their place in out, after those of the bytes before it (C says
      // how many), with no gathered copy.
      const itemsize = r._hdr[O_ITEMSIZE >> 2];
      forEachBlock(r._live(), ex, (d, first) => check(W.mv_view_hex(d, out + W.mv_hex_size(first * itemsize, -1, 1), s, bps, F.err)));
    } else {
      // Hex works on the C-order bytes: gather them (a window at a time),
      // then format them as one flat view.
      const raw = alloc(n);
      try {
        writeBytes(r._live(), ex, raw, 67);
        check(W.mv_view_init(F.view, raw, n, 1, writeFormat('B'), F.err));
        check(W.mv_view_hex(F.view, out, s, bps, F.err));
      } finally { free(raw); }
    }
    try { return ascii.decode(new Uint8Array(wasmBuffer(), out, size)); } catch (e) {
      // an engine whose longest string is shorter (a 32-bit V8): Node's
      // ERR_STRING_TOO_LONG, or the RangeError of TextDecoder
      if (e instanceof RangeError || (e !== null && typeof e === 'object' && e.code === 'ERR_STRING_TOO_LONG'))
        throw new MemoryError(`hex() of ${n} bytes: ${size} characters, longer than a JS string can be`);
      throw e;
    }
  } finally { if (out !== hexScratch) free(out); }
}

/** Whether live views r and q hold the same bytes in C order (each 1-D and
 *  C-contiguous, of one length: bytewise()), by Node's memcmp over the
 *  ranges of the Buffers kept for their memories (nodeBufferOf()): no view is
 *  borrowed and no subarray made. undefined when not in Node, for a strided
 *  view, or a detached or shrunk JS buffer (C raises). */
function nodeBytesEqual(r, q) {
  if (NodeBuffer === null || !(r._flags & q._flags & C_CONTIGUOUS)) return undefined;
  const n = r._len, x = r._buf >>> 0, y = q._buf >>> 0;
  const u = nodeBufferOf(r._exporter), v = nodeBufferOf(q._exporter);
  if (!holds(r._exporter, u, x, n) || !holds(q._exporter, v, y, n)) return undefined;
  return u.compare(v, y, y + n, x, x + n) === 0;
}

/** Whether a and b (of one length) hold the same bytes: Node's memcmp, else
 *  a loop for short ones; null: ask C (a long one in a browser). */
function bytesEqual(a, b) {
  if (NodeBuffer !== null) return NodeBuffer.compare(a, b) === 0;
  if (a.length <= 256) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return null;
}

// hex() without a separator of up to this many bytes is Node's (in Node).
const HEX_NATIVE = 256;
// hex() results up to this size are made in one block kept for it.
const HEX_SCRATCH = 16384, hexScratch = alloc(HEX_SCRATCH);
// A C-contiguous view of JS memory no longer than this is staged in one
// window (jsmemory.js).
const WINDOW_BYTES = 65536;

// V8's largest array (FixedArray::kMaxLength): a longer list is a fatal
// out-of-memory error of the process, so tolist() refuses it first; and as
// many items in nested lists, which near the JS heap's limit would be fatal
// too.
const MAX_LIST_ITEMS = 134217725;
// V8's longest string (String::kMaxLength, 64-bit): hex() refuses a longer
// result before it makes any of it. Firefox and Safari allow 2-4x more; a
// 32-bit V8 less, which hex() learns when the string cannot be made.
const MAX_STRING_LENGTH = 0x1fffffe8;

// hex() output is ASCII. In Node, Buffer's latin1 decoding of a view over
// wasm memory (no copy) is the fastest way to a string: 1.35 ms for 20 MB,
// against 2.0 for its ascii decoding (which first checks every byte) and
// 9.5 for TextDecoder, each call timed after a GC so that all of them reuse
// freed memory (bench/lib.js says why that matters). Browsers use the UTF-8
// decoder, which has the fastest ASCII path there.
const utf8Decoder = new TextDecoder('utf-8');
const ascii = {
  decode: NodeBuffer
    ? (u8) => NodeBuffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('latin1')
    : (u8) => utf8Decoder.decode(u8),
};

/** The TypedArray class for the items of view r, or undefined. 'e' has no
 *  access (JS reads no float16 by itself): Float16Array where there is one,
 *  else its bits as a Uint16Array. */
function typedArrayOf(r) {
  const access = r._hdr[O_ACCESS >> 2];
  if (access !== ACCESS_NONE) return TYPED_ARRAY[access & 0xff]; // Uint8Array for 'c' and '?', as the contract says
  if (r._hdr[O_KIND >> 2] === KIND_FLOAT && r._hdr[O_ITEMSIZE >> 2] === 2)
    return typeof Float16Array === 'function' ? Float16Array : Uint16Array;
  return undefined;
}

/**
 * Writes the bytes of view p in `order` (a char code) to out, a window at a
 * time for views of JS memory. C order is gathered block by block; F and A
 * orders of N-D views need the whole span staged at once.
 */
export function writeBytes(p, ex, out, order) {
  const ndim = heap().getInt32(p + O_NDIM, true);
  if (order === 67 || ndim <= 1) {
    const itemsize = heap().getInt32(p + O_ITEMSIZE, true);
    // C order; for 0-dim and 1-D views every order is C order.
    forEachBlock(p, ex, (d, first) => check(W.mv_view_tobytes(d, out + first * itemsize, order, F.err)));
  } else staged(p, ex, false, (d) => check(W.mv_view_tobytes(d, out, order, F.err)));
}

/** Reads slot k of mv_view_tolist's output as a JS value. */
function itemReader(kind, big, out) {
  const buf = wasmBuffer();
  if (big) {
    const a = kind === KIND_SIGNED ? new BigInt64Array(buf, out) : new BigUint64Array(buf, out);
    return (k) => a[k];
  }
  const d = new Float64Array(buf, out);
  switch (kind) {
    case KIND_BOOL: return (k) => d[k] !== 0;
    case KIND_CHAR: return (k) => Uint8Array.of(d[k]);
    case KIND_SIGNED: case KIND_UNSIGNED: case KIND_FLOAT: case KIND_POINTER: return (k) => d[k];
  }
  throw new Error('memview: bad item kind');
}

/** hex()'s sep, validated in CPython's order: a char code. */
function sepChar(sep) {
  const isStr = typeof sep === 'string';
  const store = storeOf(sep);
  const bytes = store !== null ? (store._readonly ? store._copy() : null) : uint8ArrayBytes(sep);
  let len = null;
  if (isStr) len = isOneChar(sep) ? 1 : sep.length; // Python's len(): 1 for one astral character
  else if (bytes) len = bytes.length;
  else if (sep !== null && typeof sep === 'object') { // Python's len(): read once (it can be a getter)
    const n = sep.length;
    if (typeof n === 'number') len = n;
  }
  if (len === null) throw new TypeError(`object of type '${pyTypeName(sep)}' has no len()`);
  if (len !== 1) throw new ValueError('sep must be length 1.');
  if (!isStr && !bytes) throw new TypeError('sep must be str or bytes.');
  const c = isStr ? sep.charCodeAt(0) : bytes[0];
  if (c > 127) throw new ValueError('sep must be ASCII.');
  return c;
}

/** index()'s start/stop: ints only, clamped like CPython. */
function lookupArg(x) {
  const d = intArg(x);
  if (Number.isNaN(d)) throw new TypeError('slice indices must be integers or have an __index__ method');
  return d;
}

/** count()'s and index()'s value as C compares it (mv_view_lookup), read
 *  once before the view is touched: an int, float or bool as itself, and a
 *  memview bytes or bytearray or a Uint8Array as its bytes; anything else
 *  as null, which equals no item. No user code runs. */
function lookupKey(x) {
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return x;
  const r = viewOf(x);
  if (r !== null) return viewKey(r);
  const s = storeOf(x);
  if (s !== null) return s._kind !== KIND_ARRAY ? s._copy() : null;
  return uint8ArrayCopy(x); // a copy: the call's allocations could detach a view of wasm memory
}

/** lookupKey() of a memoryview (record r): the one byte of the bytes items
 *  it equals, or null. As CPython's ==, where memoryview's reflected __eq__
 *  compares a 'c' item b'x' as a buffer, item by item: a live view of shape
 *  (1,) whose item is an int (or a float or bool of its value) x in 0..255
 *  equals b'x'; nothing else equals a view. */
function viewKey(r) {
  if (r._p === 0 || r._hdr.length !== HEADER_WORDS + 1 || r._shape0 !== 1) return null;
  if (r._exporter._js && !r._exporter._attached()) return null; // as a released one
  let v = r._item(0);
  if (typeof v === 'boolean') v = +v;
  else if (typeof v === 'bigint') v = v >= 0n && v <= 255n ? Number(v) : -1;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255 ? Uint8Array.of(v) : null;
}

// Up to this many items, count and index run in js/executor.js (itemLookup):
// at 16 bytes C's call and its staging cost 3-7x the loop (bench/targets.js,
// "JS path vs C path"); from about 1 KB, C's vector loop wins, but for the
// index of items wider than a byte, where the engine's indexOf is faster
// (nativeIndex; the "m.index(0), 'd'" rows).
const JS_LOOKUP_ITEMS = 64;
// In JS memory, C's call first stages the bytes in wasm memory, a fixed
// ~300 ns: count and equals (and index where indexOf cannot serve) loop in
// JS up to this many items there, and index() of bytes runs the engine's
// indexOf up to this many (the crossovers: bench/ab.js count128d ...
// index4kB, against a copy with these changed; bench/targets.js "JS path vs
// C path", 1 KB of JS memory).
const STAGED_LOOKUP_ITEMS = 128, STAGED_INDEX_BYTES = 2048;
/** Up to how many items of 1-D view r count and index loop in JS. */
const loopItems = (r) => (r._jd === null ? JS_LOOKUP_ITEMS : STAGED_LOOKUP_ITEMS);

/** index() of value among items [a, b) (a < b) of 1-D view r with an
 *  access, in JS where that beats C's call: the item loop over a short
 *  range, else the engine's indexOf (js/executor.js nativeIndex; over
 *  bytes only in JS memory, up to STAGED_INDEX_BYTES), else in JS memory
 *  the item loop up to STAGED_LOOKUP_ITEMS. undefined when C must answer. */
function indexInJS(r, value, a, b) {
  const n = b - a;
  if (n <= JS_LOOKUP_ITEMS) return itemLookup(r, value, a, b, true);
  const i = nativeIndex(r, value, a, b, r._jd !== null && n <= STAGED_INDEX_BYTES);
  return i === undefined && n <= loopItems(r) ? itemLookup(r, value, a, b, true) : i;
}
const NOT_FOUND = 'memoryview.index(x): x not found';

/** The first index (firstOnly) or the count of the items of 1-D view r in
 *  [start, stop) equal to `key` (lookupKey()), by C; for JS memory a block
 *  of items at a time. */
function lookup(r, key, start, stop, firstOnly) {
  // A detached or shrunk JS buffer raises, even where no item is read.
  if (r._exporter._js) r._exporter._checkAttached();
  if (key === null) { // equals no item; but C still checks the format, as CPython reads the first item
    heap().setInt32(F.value + O_VALUE_TAG, VAL_OTHER, true);
    if (start < stop) check(W.mv_view_lookup(r._live(), F.value, start, Math.min(stop, start + 1), 1, F.ext, F.err));
    return firstOnly ? -1 : 0;
  }
  const owned = [];
  try {
    storeValue(F.value, toValue(key, true), F.bytes, owned); // (a binary view's truth is its length: no user code)
    const p = r._live();
    if (!r._exporter._js) {
      check(W.mv_view_lookup(p, F.value, start, stop, firstOnly ? 1 : 0, F.ext, F.err));
      return heap().getInt32(F.ext, true);
    }
    return lookupBlocks(p, r._exporter, start, stop, firstOnly, (d, n) => {
      check(W.mv_view_lookup(d, F.value, 0, n, firstOnly ? 1 : 0, F.ext, F.err));
      return heap().getInt32(F.ext, true);
    });
  } finally { freeOwned(owned); }
}


/**
 * A descriptor for anything memoryview() accepts, for the length of one call:
 * { ptr, ex, done } (pass ptr and ex to staged() before touching elements). `what` is the TypeError text for other objects (null: plain
 * memoryview message).
 */
export { staged };
export function borrow(x, what, slot = OTHER) {
  const r = viewOf(x);
  if (r !== null) return { ptr: r._live(slot), ex: r._exporter, rec: r, done() {} };
  let m;
  try { m = memoryview(x); } catch (e) {
    if (what && e instanceof TypeError && !isView(x)) throw new TypeError(`${what} '${pyTypeName(x)}'`);
    throw e;
  }
  const mr = viewOf(m);
  return { ptr: mr._live(slot), ex: mr._exporter, rec: mr, done() { m.release(); } };
}
