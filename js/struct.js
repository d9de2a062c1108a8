// struct: Python's struct module. The C core (c/src/struct.c) parses a format
// once into a compiled form (its layout, and each field's accessor), and
// packs, unpacks and checks whatever JS does not; this file converts JS
// values to and from mv_value, finds the bytes of buffer arguments, and
// raises CPython's argument errors. A call that will succeed on a format JS
// can run (see "the executor's path") reads or writes the record in
// js/executor.js, from the plan C compiled.
import { copyWords, copyOf, W, F, heap, heapU8, wasmBuffer, copyOut, alloc, free, check, MV_VIEW_SIZE, O_BUF, O_LEN, O_READONLY, O_FLAGS,
  C_CONTIGUOUS, SSIZE_MAX, MV_VALUE_SIZE, O_CODE_KIND, O_VALUE_D, O_VALUE_TAG, O_VALUE_TRUTHY, O_VALUE_LEN, O_VALUE_DATA } from './wasm.js';
import { memoryview, borrow, staged, viewOf } from './view.js';
import { storeOf, rawStoreOf, KIND_ARRAY } from './exporters.js';
import { isArray, jsBytes, uint8ArrayCopy, uint8ArrayBorrow, isBinaryView, isArrayBuffer, isSharedArrayBuffer, typedArrayByteLength, headOf, lengthGetter, isLengthChanging, isDetached, dataViewOf, dataViewDetached, DETACHED, ITERATOR_PROTOTYPE } from './jsmemory.js';
import { recordReader, recordWriter, recordArgsWriter, writeRecord, SMALL_FIELD, NONE as ACCESS_NONE } from './executor.js';
import { StructError, ValueError, asciiEncodeError, pyTypeName, pyShortTypeName, argTypeName, namePyType, uncloneable, notJSONSerializable } from './errors.js';
import { writeInt, writeFloat, truthy, VAL_BYTES, VAL_OTHER, KIND_SIGNED, KIND_UNSIGNED, KIND_FLOAT,
  KIND_BOOL, KIND_CHAR, KIND_POINTER } from './value.js';

// mv_kind values of struct-only codes (c/include/memview.h).
const KIND_STRING = 8, KIND_PASCAL = 9;
// Layout on wasm32 of mv_struct (20 bytes) and mv_struct_code (20); mv_value's and
// mv_code's are js/wasm.js's.
const STRUCT_SIZE = 20, CODE_SIZE = 20;
const S_SIZE = 0, S_NVALUES = 4, S_NCODES = 8, S_BIG_ENDIAN = 12;
const C_OFFSET = 0, C_SIZE = 4, C_REPEAT = 8, C_CODE = 12, C_ACCESS = 16;
const STATUS_TYPE_ERROR = 2;

// How each code's values are read from and written to mv_value.
const T_NUMBER = 0, T_INT64 = 1, T_UINT64 = 2, T_FLOAT = 3, T_BOOL = 4, T_CHAR = 5, T_FIELD = 6;


/** The ASCII bytes of a str format, or CPython's UnicodeEncodeError. */
function asciiBytes(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) throw asciiEncodeError(s);
    out[i] = c;
  }
  return out;
}

const latin1 = new TextDecoder('latin1');

/** A Python bytes argument (a Uint8Array or a memview bytes) as what
 *  writeBytes takes: a Uint8Array, or the bytes' state; else null. With
 *  mutable true, a bytearray is taken too. No user code runs. */
function bytesArg(x, mutable, borrow) {
  if (isBinaryView(x)) // never a store (and storeOf costs more)
    return borrow ? uint8ArrayBorrow(x, SMALL_FIELD) : uint8ArrayCopy(x);
  const st = storeOf(x);
  if (st !== null) return st._readonly || (mutable && st._kind === 2 /* bytearray */) ? st : null;
  return uint8ArrayCopy(x); // now: it may alias the target, or be detached by an allocation
}

/** State st (a memview exporter's, or null) when it is a live bytes of at
 *  most SMALL_FIELD bytes, which the generated writers read themselves
 *  (js/executor.js snapshotField); else null. */
const shortBytes = (st) => (st !== null && st._readonly && !st._released && st._len <= SMALL_FIELD ? st : null);
/** shortBytes() of value x as pack_into passes it. No user code runs (a
 *  private field decides). */
const shortBytesArg = (x) => shortBytes(rawStoreOf(x));

// ---- wasm memory ---------------------------------------------------------------

// ---- the compiled form ------------------------------------------------------

// Frees the wasm block of a compiled Struct that was garbage collected (with
// every Struct and iter_unpack iterator that held it).
const blocks = new FinalizationRegistry((box) => free(box.block));

// Scratch blocks up to this size are kept for the next call; a bigger one is
// given back after its call, so that one huge pack leaves none in use.
const SCRATCH_KEPT_BYTES = 65536;
/** Blocks of wasm memory for one call each (single-threaded): take(n), then
 *  done(p) once the call is over. */
function makeScratch() {
  const kept = { ptr: 0, size: 0 };
  return {
    take(n) {
      if (n <= kept.size) return kept.ptr;
      if (n > SCRATCH_KEPT_BYTES) return alloc(n);
      free(kept.ptr);
      kept.ptr = 0; kept.size = 0;
      kept.ptr = alloc(n);
      kept.size = n;
      return kept.ptr;
    },
    done(p) { if (p !== kept.ptr) free(p); },
  };
}
// Uint8Array bytes arguments are copied here, each at its field's offset, so
// fields never overlap.
const bytesScratch = makeScratch();
// pack() writes here before copying the result out.
const packOutput = makeScratch();
// C's pack and unpack take their values here (an mv_value each: MV_VALUE_SIZE bytes).
const valuesScratch = makeScratch();

// A descriptor for the bytes of a bytes/bytearray/array during one call.
const tmpView = alloc(MV_VIEW_SIZE);

/** The format argument as bytes and as the str of Struct.format. */
function formatArg(format) {
  if (typeof format === 'string') return { raw: asciiBytes(format), text: format };
  const b = bytesArg(format, false);
  if (b !== null) {
    const raw = isBinaryView(b) ? b : b._copy();
    return { raw, text: latin1.decode(raw) };
  }
  throw new TypeError(`Struct() argument 1 must be a str or bytes object, not ${pyShortTypeName(format)}`);
}

/** Compiles fmt in C and keeps the result: the mv_struct and its codes in one
 *  wasm block, the values array in another (made on first use), and per code
 *  the JS facts the conversions need. */
function compile(raw) {
  const self = {};
  const len = raw.length;
  const fmtPtr = alloc(len + 1);
  let block;
  try {
    heapU8().set(raw, fmtPtr);
    const bound = W.mv_struct_codes_bound(fmtPtr, len);
    block = alloc(STRUCT_SIZE + CODE_SIZE * bound);
    const status = W.mv_struct_compile(fmtPtr, len, block + STRUCT_SIZE, bound, block, F.err);
    if (status !== 0) { free(block); check(status); }
  } finally { free(fmtPtr); }

  const dv = heap();
  self._s = block;
  self._size = dv.getInt32(block + S_SIZE, true);
  self._nvalues = dv.getInt32(block + S_NVALUES, true);
  const ncodes = dv.getInt32(block + S_NCODES, true);
  const type = new Uint8Array(ncodes);
  const offset = new Int32Array(ncodes), size = new Int32Array(ncodes), repeat = new Int32Array(ncodes);
  let hasBytes = false, hasBool = false, lastBool = -1, allFast = true;
  const access = new Int32Array(ncodes);
  for (let k = 0; k < ncodes; k++) {
    const p = block + STRUCT_SIZE + CODE_SIZE * k;
    offset[k] = dv.getInt32(p + C_OFFSET, true);
    size[k] = dv.getInt32(p + C_SIZE, true);
    repeat[k] = dv.getInt32(p + C_REPEAT, true);
    const code = dv.getUint32(p + C_CODE, true);
    const kind = dv.getUint8(code + O_CODE_KIND);
    type[k] = typeOf(kind, size[k]);
    if (type[k] === T_CHAR || type[k] === T_FIELD) hasBytes = true;
    access[k] = dv.getInt32(p + C_ACCESS, true);
    if ((access[k] & 0xff) === ACCESS_NONE) allFast = false;
    if (type[k] === T_BOOL) { hasBool = true; lastBool = k; }
  }
  let covered = 0;
  for (let k = 0; k < ncodes; k++) covered += repeat[k] * size[k];
  Object.assign(self, { _ncodes: ncodes, _type: type, _offset: offset, _dense: covered === self._size && !hasBytes,
    _fsize: size, _repeat: repeat, _hasBytes: hasBytes, _hasBool: hasBool, _lastBool: lastBool, _access: access,
    _allFast: allFast });
  // Every code has an access: js/executor.js reads and writes the records.
  // The unpack fast paths learn that a JS buffer was detached from the read
  // that then throws; a record that reads no byte (pads, '0s') could not
  // tell, so C unpacks it (null reader).
  self._reader = allFast && covered > 0 ? recordReader(self) : null;
  // The generated writer snapshots small bytes values itself, so that
  // convertArgs may borrow the caller's when no user code runs after it
  // (no '?' value, whose truth may be a getter).
  const generated = allFast ? recordWriter(self) : null;
  self._writer = generated ?? (allFast ? (dv, a, args, first, conv) => writeRecord(self, dv, a, args, first, conv) : null);
  self._writerReadsStates = generated !== null; // of short bytes (storeBytesViews)
  self._borrows = generated !== null && !hasBool;
  // pack_into's writer of its own arguments (at most ten values), made on
  // the first pack_into (undefined until then): most formats only unpack
  self._argsWriter = allFast ? undefined : null;
  // Whether any value needs converting (a '?' or a bytes field): convertArgs
  // tests it in a function small enough to inline, as a call to learn "no"
  // cost more than the test.
  self._converts = hasBool || hasBytes;
  // fastAddress's memo of the last buffer, and where it leaves the DataView and the length
  self._loc = newMemo();
  // The byte length of the plain JS buffer C last let iter_unpack take
  // (-1: none yet): C's checks depend on the struct and that length alone.
  self._iterLength = -1;
  self._box = { block };
  return self;
}

function typeOf(kind, size) {
  switch (kind) {
    case KIND_SIGNED: return size === 8 ? T_INT64 : T_NUMBER;
    case KIND_UNSIGNED: return size === 8 ? T_UINT64 : T_NUMBER;
    case KIND_POINTER: return T_NUMBER;
    case KIND_FLOAT: return T_FLOAT;
    case KIND_BOOL: return T_BOOL;
    case KIND_CHAR: return T_CHAR;
    case KIND_STRING: case KIND_PASCAL: return T_FIELD;
  }
  throw new Error('memview: bad struct code kind');
}

// ---- the executor's path ---------------------------------------------------------
//
// A call on a format whose every code has an access (numbers, '?', 'c', 's')
// that will succeed runs in js/executor.js, on the plan C compiled, straight
// on the memory that holds the bytes (wasm memory or the JS buffer): no view
// is made and nothing is staged. Everything else, and every error, goes
// through C (the *InC functions below). tests/struct.test.js replays the
// corpus through both. What this path buys over C's, with its copy of C's
// offset rule (fastAddress): bench/targets.js "JS path vs C path",
// path_unpack_from and path_pack_into.

// What fastAddress (and the iter_unpack iterator's constructor) knows of the
// last buffer a Struct was called on: which kind it is and its record or
// location. A loop over one buffer so skips the
// brand checks (and a TypedArray's buffer getter, which costs more than the
// read); what can change (a view's release, an exporter's size, a JS
// buffer's detaching) is read again on every call. The memo is dropped when
// the current job ends (a microtask), so that a Struct in the format cache
// never keeps a big Buffer alive. (A WeakRef costs 30 ns a deref.)
const K_VIEW = 1, K_STORE = 2, K_JS = 3;
/** What a memo's x holds when it remembers no buffer: no argument is it
 *  (null was, and a null buffer then found the last buffer's memo). */
const NO_BUFFER = Object.freeze({});

/** Fills loc for buffer x; false when x is nothing the executor can read. */
function resolve(x, loc) {
  const r = viewOf(x);
  if (r !== null) { forget(loc); loc.kind = K_VIEW; loc.r = r; }
  else {
    const st = storeOf(x); // a released exporter raises here, as in C
    if (st === null) return resolveJs(x, loc);
    forget(loc); loc.kind = K_STORE; loc.st = st;
  }
  loc.x = x;
  return true;
}

/** resolve() for a JS buffer x (anything else: false, loc empty); x is
 *  remembered only if its length cannot change. A detached x raises. */
function resolveJs(x, loc) {
  forget(loc);
  const js = jsBytes(x);
  if (js === null || js.length > SSIZE_MAX) return false; // longer than any view: C refuses it
  loc.kind = K_JS;
  loc.jdv = dataViewOf(js.buffer);
  loc.jbuf = js.buffer;
  loc.base = js.offset;
  loc.jlen = js.length;
  if (!isLengthChanging(js.buffer)) loc.x = x;
  return true;
}

/** Empties memo loc before it is filled: whatever is kept then, remembered
 *  or not, the job's end drops. */
function forget(loc) {
  loc.x = NO_BUFFER;
  loc.kind = 0;
  if (!loc.dropping) { enqueue(loc.drop); loc.dropping = true; }
}
// A vm context has no queueMicrotask (it is Node's and the browsers', not
// JavaScript's); a resolved promise's reaction runs at the same point.
const enqueue = typeof queueMicrotask === 'function' ? queueMicrotask : (f) => { Promise.resolve().then(f); };

/** A Struct's fastAddress memo. */
function newMemo() {
  const loc = { x: NO_BUFFER, kind: 0, r: null, st: null, jdv: null, jbuf: null, base: 0, jlen: 0, dv: null, len: 0,
    dropping: false, drop: null };
  loc.drop = () => { loc.x = NO_BUFFER; loc.kind = 0; loc.r = loc.st = loc.jdv = loc.jbuf = loc.dv = null; loc.dropping = false; };
  return loc;
}

/** The address of `size` bytes at offset (CPython's rules: negative offsets
 *  count from the end) in x, with its DataView left in loc.dv and its length
 *  in loc.len, when x is C-contiguous memory (wasm's or JS's, and writable
 *  if `write`) and the access can succeed; else -1, and the C path runs (and
 *  raises). A JS buffer detached since loc was filled makes the DataView
 *  throw: callers catch that and take the C path too. No user code runs. */
function fastAddress(x, offset, size, write, loc) {
  if (size === 0 || typeof offset !== 'number' || !Number.isInteger(offset)) return -1;
  if (loc.x !== x && !resolve(x, loc)) return -1;
  let dv, buf, len;
  switch (loc.kind) {
    case K_VIEW: {
      const r = loc.r;
      if (r._p === 0 || (write && r._hdr[O_READONLY >> 2] !== 0) || !(r._flags & C_CONTIGUOUS)) return -1;
      len = r._len;
      const ex = r._exporter;
      if (!ex._js) { dv = heap(); buf = r._buf >>> 0; }
      else if (ex._jx === null || ex._attached()) { dv = ex._jd; buf = ex._offset(r._buf); }
      else return -1; // shrunk: the C path raises
      break;
    }
    case K_STORE: {
      const st = loc.st;
      if (st._released || (write && st._readonly)) return -1;
      dv = heap(); buf = st._box.ptr; len = st._len;
      break;
    }
    default:
      dv = loc.jdv; buf = loc.base; len = loc.jlen;
  }
  const at = offset < 0 ? offset + len : offset;
  if ((offset < 0 && offset + size > 0) || at < 0 || at + size > len) return -1;
  loc.dv = dv;
  loc.len = len;
  return buf + at;
}

/** Whether conv value b (bytesArg()'s) is the state of a memview bytes or bytearray. */
const isState = (b) => b !== undefined && b !== null && !isBinaryView(b) && typeof b === 'object';
/** convertArgs()'s bytes as writeRecord (js/executor.js) takes them, when
 *  some are memview bytes or bytearray objects that the Struct's _writer
 *  does not read itself (all but the shortBytes() ones, which a generated
 *  writer reads): a bytearray as a view of its wasm bytes (valid while
 *  nothing allocates; it may be the target, which writeRecord zeroes first,
 *  as CPython does), a bytes and every Uint8Array copied (convertArgs may
 *  have borrowed the caller's own). null when conv goes to the _writer as it
 *  is. For a format with bytes fields (packFast asks). */
function storeBytesViews(c, conv) {
  let needed = false;
  for (let j = 0; j < conv.length && !needed; j++) {
    const b = conv[j];
    needed = isState(b) && !(c._writerReadsStates && shortBytes(b) !== null);
  }
  if (!needed) return null;
  const out = new Array(conv.length);
  for (let j = 0; j < conv.length; j++) {
    const b = conv[j];
    if (isBinaryView(b)) out[j] = new Uint8Array(b);
    else if (isState(b)) {
      storeOf(b._obj); // released by a later argument's user code: ValueError
      // a bytes is read now, before the record is zeroed (it can be the
      // target only through a writable asTypedArray()), as the generated
      // writers read a short one
      out[j] = b._readonly ? b._copy() : new Uint8Array(wasmBuffer(), b._box.ptr, b._len);
    }
  }
  return out;
}

/** Packs by the executor (see storeBytesViews); false when C must. */
function packFast(c, dv, at, args, first, conv) {
  const views = c._hasBytes ? storeBytesViews(c, conv) : null; // (tested here: the call alone cost more)
  return views === null ? c._writer(dv, at, args, first, conv) : writeRecord(c, dv, at, args, first, views);
}

// ---- values -----------------------------------------------------------------

function writeOther(dv, p) { dv.setInt32(p + O_VALUE_TAG, VAL_OTHER, true); }

/** Writes a bytes value at p (an mv_value): x is a bytesArg(). Uint8Array contents are
 *  copied into the scratch at `at` (only the `room` bytes the field can use);
 *  wasm-resident bytes and bytearray objects are pointed at in place. */
function writeBytesValue(dv, p, x, at, room) {
  let ptr, len;
  if (isBinaryView(x)) { // the engine's length and bytes: x may be the caller's own (convertArgs)
    len = typedArrayByteLength(x);
    const n = Math.min(len, room);
    if (n > 0) heapU8().set(n === len ? x : headOf(x, n), at);
    ptr = at;
  } else {
    storeOf(x._obj); // released by a later argument's user code: ValueError
    ptr = x._box.ptr; len = x._len;
  }
  dv.setInt32(p + O_VALUE_TAG, VAL_BYTES, true);
  dv.setInt32(p + O_VALUE_LEN, len, true);
  dv.setUint32(p + O_VALUE_DATA, ptr, true);
}

/** The values of pack that need converting, by argument index: the truth
 *  of each '?' value (it may run user code: a length getter) and the
 *  bytesArg() of each 'c', 's' and 'p' value. Taken before any buffer or
 *  wasm memory is touched; null when the format has none. */
function convertArgs(self, args, first) {
  return self._converts ? convertValues(self, args, first, null) : null; // small: V8 inlines the test where pack calls
}
/** convertArgs() for pack_into (args: [buffer, offset, ...values]). Only a
 *  '?' value's truth can run user code (a length getter): then the target
 *  is checked and held first (convertHeld). Small, as convertArgs. */
function convertIntoArgs(self, args) {
  return !self._converts ? null : self._hasBool ? convertHeld(self, args) : convertValues(self, args, 2, null);
}
/** convertArgs(); `record` is pack_into's (recordOf()), else null. */
function convertValues(self, args, first, record) {
  const out = [], borrow = self._borrows;
  let j = first;
  for (let k = 0; k < self._ncodes; k++) {
    const rep = self._repeat[k], t = self._type[k];
    if (t === T_BOOL) for (let r = 0; r < rep; r++, j++) out[j] = truthy(args[j]);
    else if (t === T_CHAR || t === T_FIELD) {
      for (let r = 0; r < rep; r++, j++) {
        const b = bytesArg(args[j], t === T_FIELD, borrow);
        // A memview bytes or bytearray value is read when it is packed,
        // after every conversion. CPython reads it before it converts a
        // later '?' value, whose user code may change or release it, so its
        // field's bytes are read now, unless they are in pack_into's own
        // record: CPython reads those zeroed, with the fields before written
        // in, as the writers do.
        // (A 'c' value of another length than 1 is C's to refuse, whole.)
        out[j] = k < self._lastBool && b !== null && !isBinaryView(b) && !inRecord(b, self._fsize[k], record)
          && (t === T_FIELD || b._len === 1) ? copyOut(b._box.ptr, Math.min(b._len, self._fsize[k])) : b;
      }
    } else j += rep;
  }
  return out;
}

/** Where pack_into's record of `size` bytes at offset `off` (offsetArg())
 *  goes in the wasm bytes of its target x (a bytearray or array, or a view
 *  of one): { store, start, end }, offsets in the store's bytes; null for a
 *  JS-memory target or an offset that is no integer (C has checked the
 *  offset before). No user code runs. */
function recordOf(x, off, size) {
  const r = viewOf(x);
  let store, base, len;
  if (r !== null) {
    if (r._exporter._js) return null;
    store = r._exporter; base = (r._buf >>> 0) - store._box.ptr; len = r._len;
  } else {
    store = rawStoreOf(x);
    if (store === null) return null;
    base = 0; len = store._len;
  }
  if (!Number.isInteger(off)) return null;
  const at = base + (off < 0 ? off + len : off);
  return { store, start: at, end: at + size };
}
/** Whether any of the first `size` bytes of store b is in `record`
 *  (recordOf()). */
const inRecord = (b, size, record) => record !== null && record.store === b
  && record.start < Math.min(b._len, size) && record.end > 0;

/** CPython's TypeError for a pack_into target that is no writable buffer:
 *  CPython takes the target first, before any value's user code runs. null
 *  when it may be one (the C path checks it again). No user code runs. */
function targetError(x) {
  const r = viewOf(x);
  if (r !== null) return r._p === 0 || r._hdr[O_READONLY >> 2] !== 0 || !(r._flags & C_CONTIGUOUS) ? new TypeError(writableBytesLike(x)) : null;
  const st = rawStoreOf(x);
  if (st !== null) return st._readonly ? new TypeError(writableBytesLike(x)) : null;
  return isBinaryView(x) || isArrayBuffer(x) || isSharedArrayBuffer(x) ? null : new TypeError(writableBytesLike(x));
}

/** The length of pack_into's target x, which targetError() accepted; the
 *  ValueError of a detached or released one. No user code runs. */
function targetLength(x) {
  const r = viewOf(x);
  if (r !== null) {
    if (r._exporter._js) r._exporter._checkAttached();
    return r._len;
  }
  if (rawStoreOf(x) !== null) return storeOf(x)._len;
  return jsBytes(x).length;
}

/** convertArgs() of pack_into's values for a format with a '?' code,
 *  whose values' truth may run user code. As CPython, the target and the
 *  offset are checked first, and the target is held against resizing and
 *  release while that code runs: a bytearray or array, or a memoryview (JS
 *  memory cannot be held: the caller checks it again). */
function convertHeld(c, args) {
  const e = targetError(args[0]);
  if (e !== null) throw e;
  const off = offsetArg(args[1]); // CPython checks the offset next
  checkOffset(W.mv_struct_check_into(c._s, targetLength(args[0]), off, F.err), off, args[1]);
  const held = viewOf(args[0]) ?? rawStoreOf(args[0]), record = recordOf(args[0], off, c._size);
  if (held === null) return convertValues(c, args, 2, record);
  held._exports++;
  try { return convertValues(c, args, 2, record); } finally { held._exports--; }
}

/** Fills the values block `vals` (valuesScratch's) for pack from
 *  args[first ...]; conv is convertArgs(); bytes values are copied to `base`
 *  (bytesScratch's, for a format with bytes fields). No user code runs. */
function writeValues(self, vals, args, first, conv, base) {
  const dv = heap(); // after the call's allocations
  let p = vals, j = first;
  for (let k = 0; k < self._ncodes; k++) {
    const t = self._type[k], rep = self._repeat[k], fsize = self._fsize[k];
    let at = base + self._offset[k];
    for (let r = 0; r < rep; r++, p += MV_VALUE_SIZE, at += fsize) {
      const x = args[j++];
      switch (t) {
        case T_NUMBER: case T_INT64: case T_UINT64:
          if (typeof x === 'number' ? Number.isInteger(x) : typeof x === 'bigint') writeInt(dv, p, x);
          else if (typeof x === 'boolean') writeInt(dv, p, x ? 1 : 0);
          else if (typeof x === 'number') writeFloat(dv, p, x);
          else writeOther(dv, p);
          break;
        case T_FLOAT: // a number is a Python float here; a bigint is an int
          if (typeof x === 'number') writeFloat(dv, p, x);
          else if (typeof x === 'bigint') writeInt(dv, p, x);
          else if (typeof x === 'boolean') writeInt(dv, p, x ? 1 : 0);
          else writeOther(dv, p);
          break;
        case T_BOOL:
          dv.setInt32(p + O_VALUE_TRUTHY, conv[j - 1] ? 1 : 0, true);
          dv.setInt32(p + O_VALUE_TAG, VAL_OTHER, true);
          break;
        case T_CHAR: case T_FIELD: // bytes (and for 's' and 'p', bytearray)
          if (conv[j - 1] !== null) writeBytesValue(dv, p, conv[j - 1], at, t === T_CHAR ? 1 : fsize);
          else writeOther(dv, p);
          break;
      }
    }
  }
}

/** The unpacked values as a JS array (a Python tuple). */
function readValues(self, vals) {
  const dv = heap();
  const out = new Array(self._nvalues);
  let p = vals, j = 0;
  for (let k = 0; k < self._ncodes; k++) {
    const rep = self._repeat[k];
    switch (self._type[k]) {
      case T_NUMBER: case T_FLOAT:
        for (let r = 0; r < rep; r++, p += MV_VALUE_SIZE) out[j++] = dv.getFloat64(p + O_VALUE_D, true);
        break;
      case T_INT64:
        for (let r = 0; r < rep; r++, p += MV_VALUE_SIZE) out[j++] = dv.getBigInt64(p, true);
        break;
      case T_UINT64:
        for (let r = 0; r < rep; r++, p += MV_VALUE_SIZE) out[j++] = dv.getBigUint64(p, true);
        break;
      case T_BOOL:
        for (let r = 0; r < rep; r++, p += MV_VALUE_SIZE) out[j++] = dv.getInt32(p, true) !== 0;
        break;
      case T_CHAR: case T_FIELD:
        for (let r = 0; r < rep; r++, p += MV_VALUE_SIZE) {
          const q = dv.getUint32(p + O_VALUE_DATA, true);
          out[j++] = copyOut(q, dv.getInt32(p + O_VALUE_LEN, true));
        }
        break;
    }
  }
  return out;
}

/** The values of one unpack in C: callUnpack(vals, size, read) makes the
 *  C call with values block vals (valuesScratch's), staging `size` bytes, and runs read()
 *  (thenRead) inside onBytes's call, while the staged bytes that 'c', 's'
 *  and 'p' values point into are still there. A block of its own is taken
 *  only once C's checks pass (out NULL: the checks alone, nothing staged;
 *  skipped when `checked`, as by iter_unpack's), so that a call bound to
 *  fail allocates nothing: CPython raises struct.error before it makes
 *  the tuple. */
function unpackValuesInC(self, checked, callUnpack) {
  const n = MV_VALUE_SIZE * self._nvalues;
  if (!checked && n > SCRATCH_KEPT_BYTES) callUnpack(0, 0, null);
  const vals = valuesScratch.take(n);
  try {
    let values;
    callUnpack(vals, self._size, () => { values = readValues(self, vals); });
    return values;
  } finally { valuesScratch.done(vals); }
}
/** C's status st, after read() when it is a success (and read not null). */
const thenRead = (st, read) => { if (st === 0 && read !== null) read(); return st; };

// ---- buffers ----------------------------------------------------------------

/**
 * A buffer argument for one call: { ptr, ex, done }. A memoryview lends its
 * own descriptor; bytes, bytearray and array fill a scratch descriptor (no
 * allocation); anything else memoryview() accepts gets a temporary view.
 * `what` is the TypeError text for other objects. Views of JS-owned memory
 * (ex._js) must go through onBytes().
 */
const wasmResident = { _js: false };
const formatB = alloc(2);
heapU8().set([66, 0], formatB); // "B"
const noop = () => {};
function acquire(x, what) {
  const r = viewOf(x);
  if (r !== null) return { ptr: r._live(), ex: r._exporter, done: noop };
  const st = storeOf(x);
  if (st !== null) {
    // The exporter's bytes as one flat 'B' view (struct reads raw bytes).
    const b = st._getbuffer();
    check(W.mv_view_init(tmpView, b.ptr, b.nbytes, b.readonly ? 1 : 0, formatB, F.err));
    return { ptr: tmpView, ex: wasmResident, done: noop };
  }
  try { return borrow(x, null); } catch (e) {
    if (e instanceof TypeError && r === null) throw new TypeError(what(x));
    throw e;
  }
}

/**
 * Returns fn(desc) for the view desc of exporter ex, where fn is a C call that
 * touches at most the `size` bytes at `offset` (resolved as CPython does: a
 * negative offset counts from the end), and only when it succeeds. For views
 * of JS memory only that span is staged in wasm memory, and copied back after a
 * write even when fn reports a failure (pack_into's partial writes). fn returns
 * an mv_status; a writing fn must not throw (nothing would be copied back).
 */
function onBytes(desc, ex, write, offset, size, fn) {
  if (!ex._js) return fn(desc);
  const len = heap().getInt32(desc + O_LEN, true);
  let lo = Number.isInteger(offset) && offset < 0 ? offset + len : offset;
  let n = size;
  if (!(Number.isInteger(lo) && lo >= 0 && lo + size <= len)) { lo = 0; n = 0; } // C will fail first
  return staged(desc, ex, write, fn, 0, lo, n);
}

const bytesLike = (x) => `a bytes-like object is required, not '${pyTypeName(x)}'`;
const writableBytesLike = (x) => `argument must be read-write bytes-like object, not ${argTypeName(x)}`;

/** An offset argument as a double for C: NaN when it is not an int. */
function offsetArg(x) {
  if (typeof x === 'number') return Number.isInteger(x) ? x + 0 : NaN;
  if (typeof x === 'bigint') return Number(x);
  if (typeof x === 'boolean') return x ? 1 : 0;
  return NaN;
}

/** check(), except that C's TypeError for a NaN offset names the real type. */
function checkOffset(status, off, x) {
  if (status === STATUS_TYPE_ERROR && Number.isNaN(off))
    throw new TypeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
  check(status);
}

// ---- Struct -------------------------------------------------------------------

let structOf, thisStruct;
const STRUCT_TYPE = '_struct.Struct', STRUCT_NOCLONE = uncloneable('Struct', 'send its format');
/** Python's struct.Struct: `new Struct(format)`, or `Struct(format)` as in
 *  Python (as memoryview(), bytes() and array() are called); a subclass's
 *  super(format) makes an instance of the subclass. */
export function Struct(format) { // (format: what Reflect.construct passes on, in arguments)
  return Reflect.construct(StructObj, arguments, new.target ?? StructObj);
}
/** Struct's instances. Its compiled form is a record in a private field,
 *  out of reach of user code. */
class StructObj {
  #c;
  __noclone__ = STRUCT_NOCLONE; // cloning it throws (errors.js uncloneable)
  constructor(format) {
    if (arguments.length === 0) throw new TypeError("Struct() missing required argument 'format' (pos 1)");
    if (arguments.length > 1) throw new TypeError(`Struct() takes at most 1 argument (${arguments.length} given)`);
    const { raw, text } = formatArg(format);
    const c = compile(raw);
    c._format = text;
    // (by the compiled form, which an iter_unpack iterator holds too: its block
    // must outlive the Struct while such an iterator can still step)
    blocks.register(c, c._box);
    this.#c = c;
  }
  static {
    structOf = (x) => (typeof x === 'object' && x !== null && #c in x ? x.#c : null);
    /** The same for a `this` (see view.js thisView). */
    thisStruct = (x) => { try { return x.#c; } catch { return null; } };
  }

  get format() { return ownStruct(this, 'format')._format; }
  get size() { return ownStruct(this, 'size')._size; }

  pack(...values) { return packValues(ownStruct(this, 'pack'), values); }

  pack_into(buffer, offset) { // ...values, read from `arguments` (PACK_INTO_VALUES)
    const c = ownStruct(this, 'pack_into');
    if (!packIntoArgs(c, arguments.length, buffer, offset, arguments[2], arguments[3], arguments[4], arguments[5],
      arguments[6], arguments[7], arguments[8], arguments[9], arguments[10], arguments[11]))
      packIntoValues(c, Array.prototype.slice.call(arguments));
  }

  unpack(buffer) {
    const c = ownStruct(this, 'unpack');
    if (arguments.length !== 1) throw new TypeError(`Struct.unpack() takes exactly one argument (${arguments.length} given)`);
    if (c._reader !== null) {
      // the whole buffer must be the struct
      const at = fastAddress(buffer, 0, c._size, false, c._loc);
      if (at >= 0 && c._loc.len === c._size) {
        try { return c._reader(c._loc.dv, at); } catch { /* a detached JS buffer: C raises */ }
      }
    }
    return unpackInC(c, buffer);
  }

  unpack_from(buffer, offset) {
    return unpackFrom(ownStruct(this, 'unpack_from'), arguments.length, buffer, offset);
  }

  iter_unpack(buffer) {
    const c = ownStruct(this, 'iter_unpack');
    if (arguments.length !== 1) throw new TypeError(`Struct.iter_unpack() takes exactly one argument (${arguments.length} given)`);
    return new UnpackIterator(c, buffer, MAKE_ITERATOR);
  }

  toJSON() { throw notJSONSerializable(this); }
  toString() { return `Struct(${pyRepr(ownStruct(this, '__repr__')._format)})`; }
}

// pack()'s record is written here, then copied out: a new Uint8Array's
// .buffer, which a DataView over it needs, costs more than the whole pack.
const packAreaOf = (b) => ({ dv: new DataView(b), u8: new Uint8Array(b), buffer: b });
let packArea = packAreaOf(new ArrayBuffer(64));
/** The area for a record of `size` bytes (at most SCRATCH_KEPT_BYTES). */
function packScratch(size) {
  if (size > packArea.u8.length) packArea = packAreaOf(new ArrayBuffer(Math.min(Math.max(size, 2 * packArea.u8.length), SCRATCH_KEPT_BYTES)));
  return packArea;
}

/** Struct c's pack of the array `values` (never spread again: a call with
 *  that many arguments would overflow the stack). */
export function packValues(c, values) {
  if (values.length !== c._nvalues) // C has the message
    check(W.mv_struct_check_pack_args(c._s, values.length, 0, F.err));
  const conv = convertArgs(c, values, 0); // the last user code of the call
  if (c._allFast) {
    // a record past SCRATCH_KEPT_BYTES is written into a buffer of its own, the result
    const own = c._size > SCRATCH_KEPT_BYTES, area = own ? packAreaOf(new ArrayBuffer(c._size)) : packScratch(c._size);
    if (packFast(c, area.dv, 0, values, 0, conv)) return own ? area.u8 : copyOf(area.u8, 0, c._size, area.buffer, 0);
  }
  return packInC(c, values, conv);
}

/** Struct c's unpack_from(buffer, offset) of `n` arguments. */
function unpackFrom(c, n, buffer, offset) {
  if (n === 0) throw new TypeError("unpack_from() missing required argument 'buffer' (pos 1)");
  if (n > 2) throw new TypeError(`unpack_from() takes at most 2 arguments (${n} given)`);
  if (c._reader !== null) {
    const at = fastAddress(buffer, offset === undefined ? 0 : offset, c._size, false, c._loc);
    if (at >= 0) {
      try { return c._reader(c._loc.dv, at); } catch { /* a detached JS buffer: C raises */ }
    }
  }
  return unpackFromInC(c, buffer, offset);
}

// PACK_INTO_VALUES: Struct.pack_into and struct.pack_into read their values
// from `arguments` themselves and pass them on one by one. A rest array, one
// more allocation a call, made Struct('<IHH').pack_into 1.2-1.3x slower
// (bench/ab.js pack_into_IHH, each order; '<d' and '<10I' moved within
// noise). Handing `arguments` to a helper was slower still: V8 then builds
// the object.

/** Struct c's pack_into(buffer, offset, v0, ...) of `n` arguments in all, by
 *  the executor, when c is a record of at most ARGS_WRITER_VALUES
 *  (js/executor.js: ten, v0 ... v9) values (c._argsWriter,
 *  made here the first time) and the values can be stored as they are;
 *  false, with nothing written, when not. Its values are the writer's arguments: a
 *  writer that loops over an array of them, or calls to read each from
 *  one, cost more than the writes. The writer takes numbers, bigints,
 *  booleans, short Uint8Arrays and short memview bytes as they are (asking
 *  only the engine's getters and private fields) and declines anything else
 *  unread, so no user code runs before the target is checked: CPython's
 *  order holds. */
function packIntoArgs(c, n, buffer, offset, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9) {
  let w = c._argsWriter;
  if (w === undefined) w = c._argsWriter = recordArgsWriter(c, shortBytesArg);
  if (w === null || n !== c._nvalues + 2) return false;
  const at = fastAddress(buffer, offset, c._size, true, c._loc);
  try {
    return at >= 0 && w(c._loc.dv, at, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9);
  } catch { return false; } // a detached JS buffer (nothing written): C raises
}

/** pack_into of args ([buffer, offset, ...values]) by conversion, then the
 *  executor or C. */
function packIntoValues(c, args) {
  if (args.length !== c._nvalues + 2)
    check(W.mv_struct_check_pack_args(c._s, args.length, 1, F.err));
  if (packedThroughView(c, args, packIntoValues)) return;
  const conv = convertIntoArgs(c, args); // the last user code of the call
  if (c._allFast) {
    const at = fastAddress(args[0], args[1], c._size, true, c._loc);
    try {
      if (at >= 0 && packFast(c, c._loc.dv, at, args, 2, conv)) return;
    } catch { /* a detached JS buffer (nothing written): C raises */ }
  }
  packIntoInC(c, args, conv);
}

/** pack(c, args) of pack_into's args with a view of a JS target in place
 *  of the target, for a format with a '?' code, whose values' truth can run
 *  user code after the offset is checked; false, with nothing done, for any
 *  other format or target. A JS buffer whose length can change cannot be
 *  held against that code, but a view of it can: its length is fixed when it
 *  is made, as CPython's buffer is, and its bytes raise once the buffer
 *  shrinks under it. One longer than any view is refused in the making, as
 *  CPython checks the buffer before the offset. */
function packedThroughView(c, args, pack) {
  if (!c._hasBool) return false;
  const js = jsBytes(args[0]); // null for memview's own objects; a detached buffer raises
  if (js === null || !(isLengthChanging(js.buffer) || js.length > SSIZE_MAX)) return false;
  const view = memoryview(args[0]);
  const viewArgs = copyWords(args);
  viewArgs[0] = view;
  try { pack(c, viewArgs); } finally { view.release(); }
  return true;
}

// ---- the C paths (also what tests/struct.test.js compares the executor with) ----

/** Each Struct method as it runs when the executor declines: all in C. */
export const viaC = {
  pack(st, ...values) {
    const c = ownStruct(st, 'pack');
    if (values.length !== c._nvalues) check(W.mv_struct_check_pack_args(c._s, values.length, 0, F.err));
    return packInC(c, values, convertArgs(c, values, 0));
  },
  pack_into(st, ...args) { packIntoAllInC(ownStruct(st, 'pack_into'), args); },
  unpack: (st, buffer) => unpackInC(ownStruct(st, 'unpack'), buffer),
  unpack_from: (st, buffer, offset) => unpackFromInC(ownStruct(st, 'unpack_from'), buffer, offset),
};

/** viaC.pack_into's work: packIntoValues without the executor. */
function packIntoAllInC(c, args) {
  if (args.length !== c._nvalues + 2) check(W.mv_struct_check_pack_args(c._s, args.length, 1, F.err));
  if (packedThroughView(c, args, packIntoAllInC)) return;
  packIntoInC(c, args, convertIntoArgs(c, args));
}

/** conv (convertArgs()'s) for C's pack: the caller's Uint8Arrays that
 *  convertValues borrowed (c._borrows), for the executor to read before any
 *  allocation, copied now, before the C path allocates: growing wasm
 *  memory would detach one that views it, and its field would be packed
 *  empty. No user code runs. */
function unborrowed(c, conv) {
  if (c._borrows && conv !== null)
    for (let j = 0; j < conv.length; j++) if (isBinaryView(conv[j])) conv[j] = uint8ArrayCopy(conv[j]);
  return conv;
}

/** pack(...values) in C; conv is convertArgs(). */
export function packInC(c, values, conv) {
  conv = unborrowed(c, conv); // before the first allocation
  const out = packOutput.take(c._size);
  let base = 0, vals = 0;
  try {
    if (c._hasBytes) base = bytesScratch.take(c._size);
    vals = valuesScratch.take(MV_VALUE_SIZE * c._nvalues);
    writeValues(c, vals, values, 0, conv, base); // after the last allocation
    check(W.mv_struct_pack(c._s, out, vals, F.err));
    return copyOut(out, c._size);
  } finally {
    packOutput.done(out);
    if (base !== 0) bytesScratch.done(base);
    valuesScratch.done(vals);
  }
}

/** pack_into(buffer, offset, ...values) in C; conv is convertArgs(). */
export function packIntoInC(c, args, conv) {
  // CPython's converter for a writable buffer answers a released view
  // with its TypeError, not the view's ValueError (unpack_from keeps that).
  const e = targetError(args[0]);
  if (e !== null) throw e;
  conv = unborrowed(c, conv); // before acquire(), which may allocate
  const b = acquire(args[0], writableBytesLike);
  let base = 0, vals = 0;
  try {
    const dv = heap();
    if (dv.getInt32(b.ptr + O_READONLY, true) || !(dv.getInt32(b.ptr + O_FLAGS, true) & C_CONTIGUOUS))
      throw new TypeError(writableBytesLike(args[0]));
    const off = offsetArg(args[1]);
    if (c._hasBytes) base = bytesScratch.take(c._size);
    vals = valuesScratch.take(MV_VALUE_SIZE * c._nvalues);
    writeValues(c, vals, args, 2, conv, base);
    const status = onBytes(b.ptr, b.ex, true, off, c._size,
      (d) => W.mv_struct_pack_into(c._s, d, off, vals, F.err));
    checkOffset(status, off, args[1]);
  } finally {
    b.done();
    if (base !== 0) bytesScratch.done(base);
    valuesScratch.done(vals);
  }
}

/** unpack(buffer) in C. */
export function unpackInC(c, buffer) {
  const b = acquire(buffer, bytesLike);
  try {
    return unpackValuesInC(c, false, (vals, size, read) => check(onBytes(b.ptr, b.ex, false, 0, size,
      (d) => thenRead(W.mv_struct_unpack(c._s, d, vals, F.err), read))));
  } finally { b.done(); }
}

/** unpack_from(buffer, offset) in C. */
export function unpackFromInC(c, buffer, offset) {
  const b = acquire(buffer, bytesLike);
  try {
    const off = offset === undefined ? 0 : offsetArg(offset);
    return unpackValuesInC(c, false, (vals, size, read) => checkOffset(onBytes(b.ptr, b.ex, false, off, size,
      (d) => thenRead(W.mv_struct_unpack_from(c._s, d, off, vals, F.err), read)), off, offset));
  } finally { b.done(); }
}

/** The compiled form of Struct x as `this` of method `name`, or CPython's
 *  TypeError for any other object. */
function ownStruct(x, name) {
  const c = thisStruct(x);
  if (c === null)
    throw new TypeError(`descriptor '${name}' for '${STRUCT_TYPE}' objects doesn't apply to a '${pyTypeName(x)}' object`);
  return c;
}
// (not writable, as a class's: the module functions' Structs are made with it)
Object.defineProperty(Struct, 'prototype', { value: StructObj.prototype, writable: false });
Object.defineProperty(StructObj.prototype, 'constructor', { value: Struct, writable: true, configurable: true });
Object.defineProperty(Struct.prototype, Symbol.toStringTag, { value: 'Struct' });
namePyType(Struct.prototype, STRUCT_TYPE);

function pyRepr(s) {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === q || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + q;
}

/** C's check that iter_unpack of Struct st can take a plain JS buffer of n
 *  bytes, on a descriptor of that many (it depends on st and n alone). */
function checkIterLength(st, n) {
  check(W.mv_view_init(F.view, 0, n, 1, formatB, F.err));
  check(W.mv_struct_iter_check(st._s, F.view, F.err));
  st._iterLength = n;
}

let isIterator; // UnpackIterator's brand check (set in its static block)
/**
 * struct.iter_unpack's iterator. As in CPython it holds the buffer (a view on
 * it, which locks a bytearray or array against resizing, and counts as an
 * export of a memoryview argument) until it is exhausted, or until return()
 * (a `for...of` left early) or garbage collection. Its state is private.
 */
const MAKE_ITERATOR = Object.freeze({}); // what UnpackIterator's constructor asks for, known here alone
const UNPACK_ITERATOR = '_struct.unpack_iterator', UNPACK_ITERATOR_NOCLONE = uncloneable(UNPACK_ITERATOR, 'send its records ([...it])');
class UnpackIterator {
  #struct; #view; #source; #index = 0; #len; #size;
  __noclone__ = UNPACK_ITERATOR_NOCLONE;
  // The fast step reads records straight from the memory with #read (the
  // struct's reader): the view's address cannot move while the iterator
  // holds it (the export lock), but a JS buffer can be detached or shrunk.
  // #jsLength, its length getter, is null for a fixed-length buffer, which
  // only detaching can take, and then the read throws; one whose length can
  // change is checked on each step. #read null: every step goes to C.
  #read = null; #base = 0; #jsBuffer = null; #jsLength = null; #jsView = null;
  // A plain JS buffer needs no lock and no view: it is read straight away,
  // and a step that finds it detached or shrunk raises (#view null).
  // #closed: exhausted or returned.
  #closed = false;

  /** Only iter_unpack() makes one (with MAKE_ITERATOR): the class is
   *  reachable from an iterator's prototype, and st, read as a compiled
   *  Struct, would hand its _reader all of wasm memory. */
  constructor(st, buffer, token) {
    if (token !== MAKE_ITERATOR) throw new TypeError(`cannot create '${UNPACK_ITERATOR}' instances`);
    if (st._iterLength < 0) check(W.mv_struct_iter_check(st._s, 0, F.err));
    // A JS buffer: the one the Struct's memo remembers (of a fixed length,
    // unless detached since), or found now (a detached buffer raises; memview's
    // own objects are none).
    const loc = st._loc;
    if (st._reader !== null && (loc.x === buffer ? loc.kind === K_JS && !dataViewDetached(loc.jdv) : resolveJs(buffer, loc))) {
      const n = loc.jlen;
      if (n !== st._iterLength) checkIterLength(st, n);
      this.#struct = st;
      this.#view = null;
      this.#source = null;
      this.#len = n;
      this.#size = st._size;
      this.#read = st._reader;
      this.#base = loc.base;
      this.#jsBuffer = loc.jbuf;
      // (resolveJs remembers a JS buffer only if its length cannot change)
      this.#jsLength = loc.x === buffer ? null : lengthGetter(loc.jbuf);
      this.#jsView = loc.jdv;
      return;
    }
    this.#overView(st, buffer);
  }
  // Apart from the constructor, which V8 then inlines (the bytecode of the
  // two together is past its limit): iter_unpack of 16 bytes of a Buffer
  // took 1.1-1.2x the time with them in one (bench/ab.js iter_unpack_16).
  /** The iterator over a memoryview of buffer, which it holds (the lock). */
  #overView(st, buffer) {
    let view;
    try { view = memoryview(buffer); } catch (e) {
      if (e instanceof TypeError && viewOf(buffer) === null) throw new TypeError(bytesLike(buffer));
      throw e;
    }
    const vr = viewOf(view);
    const status = W.mv_struct_iter_check(st._s, vr._live(), F.err);
    if (status !== 0) { view.release(); check(status); }
    this.#struct = st;
    this.#view = view;
    this.#source = viewOf(buffer);
    if (this.#source !== null) this.#source._exports++;
    // Dropped before it is done, it ends its exports once collected (its own
    // view's, and the source view's), as CPython's end when it is freed.
    droppedIterators.register(this, { source: this.#source, view }, this);
    this.#len = vr._field(O_LEN);
    this.#size = st._size;
    if (st._reader !== null && fastAddress(view, 0, st._size, false, st._loc) >= 0) {
      this.#read = st._reader;
      const ex = vr._exporter;
      if (ex._js) {
        this.#base = ex._offset(vr._field(O_BUF));
        this.#jsBuffer = ex._buffer;
        this.#jsLength = isLengthChanging(ex._buffer) ? lengthGetter(ex._buffer) : null;
        this.#jsView = ex._jd;
      } else this.#base = vr._field(O_BUF) >>> 0;
    }
  }
  toJSON() { throw notJSONSerializable(this); }
  // Small, so that V8 inlines it into the caller's loop with the reader.
  next() {
    let read;
    try { read = this.#read; } catch { throw wrongIterator(this, '__next__'); } // the brand check
    const at = this.#index;
    if (read !== null && at < this.#len) {
      const jb = this.#jsBuffer, lg = this.#jsLength;
      if (jb === null) {
        this.#index = at + this.#size;
        return { value: read(heap(), this.#base + at), done: false };
      }
      // A fixed-length buffer can only be detached, which makes the read
      // throw; one whose length can change is checked first.
      if (lg === null || lg.call(jb) >= this.#base + this.#len) {
        try {
          const value = read(this.#jsView, this.#base + at);
          this.#index = at + this.#size;
          return { value, done: false };
        } catch (e) {
          if (!isDetached(jb)) throw e; // not ours to turn into C's error
        }
      }
    }
    return this.#nextInC();
  }
  #nextInC() {
    if (this.#closed) return { value: undefined, done: true };
    const st = this.#struct, at = this.#index;
    if (at >= this.#len) { this.#close(); return { value: undefined, done: true }; }
    if (this.#view === null) throw new ValueError(DETACHED); // a JS buffer detached or shrunk under the fast step
    const vr = viewOf(this.#view);
    // (mv_struct_iter_check has checked every record's place)
    const value = unpackValuesInC(st, true, (vals, size, read) => check(onBytes(vr._live(), vr._exporter, false, at, size,
      (d) => thenRead(W.mv_struct_unpack_from(st._s, d, at, vals, F.err), read))));
    this.#index += st._size;
    return { value, done: false };
  }
  return(value) {
    if (!isIterator(this)) throw wrongIterator(this, 'return');
    this.#close();
    return { value, done: true };
  }
  /** Python's __length_hint__: the items left. */
  length_hint() {
    if (!isIterator(this)) throw wrongIterator(this, '__length_hint__');
    return this.#closed ? 0 : (this.#len - this.#index) / this.#size;
  }
  static {
    // `in` throws for a primitive: the brand check of return() and length_hint()
    isIterator = (x) => typeof x === 'object' && x !== null && #read in x;
  }
  #close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#read = null;
    if (this.#source !== null) this.#source._exports--;
    if (this.#view !== null) {
      droppedIterators.unregister(this);
      this.#view.release();
    }
    this.#view = null;
  }
}
Object.setPrototypeOf(UnpackIterator.prototype, ITERATOR_PROTOTYPE); // the iterator helpers apply
const droppedIterators = new FinalizationRegistry(({ source, view }) => {
  if (source !== null) source._exports--;
  view.release();
});

function wrongIterator(x, name) {
  return new TypeError(name === '__next__' // a slot's wrapper in CPython, worded as such
    ? `descriptor '__next__' requires a '${UNPACK_ITERATOR}' object but received a '${pyTypeName(x)}'`
    : `descriptor '${name}' for '${UNPACK_ITERATOR}' objects doesn't apply to a '${pyTypeName(x)}' object`);
}
Object.defineProperty(UnpackIterator.prototype, Symbol.toStringTag, { value: 'unpack_iterator' });
namePyType(UnpackIterator.prototype, UNPACK_ITERATOR);

// ---- the module functions -----------------------------------------------------

// CPython caches compiled formats (and clears the cache when it reaches 100).
// str and bytes formats are different keys, as in CPython's dict.
const MAXCACHE = 100;
const strCache = new Map(), bytesCache = new Map();

// The last str format cached() answered, and its Struct: a loop calls a
// module function with one format, and === of one string is cheaper than a
// Map lookup. Always an entry of strCache (cleared with it).
let lastFormat = null, lastStruct = null;

/** CPython's error for a format that cannot be a dict key: a list, a dict
 *  (a plain object), a bytearray, an array, a writable memoryview (a
 *  released one raises as any use of it). */
function unhashable(format) {
  const r = viewOf(format);
  if (r !== null) {
    r._checkLive();
    if (r._field(O_READONLY) === 0) throw new ValueError('cannot hash writable memoryview object');
    return;
  }
  const kind = storeOf(format)?._kind;
  if (isArray(format) || kind === 2 /* bytearray */ || kind === KIND_ARRAY || pyTypeName(format) === 'dict')
    throw new TypeError(`unhashable type: '${pyTypeName(format)}'`);
}

function cached(format) {
  if (typeof format === 'string' && format === lastFormat) return lastStruct;
  let cache, key, b;
  if (typeof format === 'string') { cache = strCache; key = format; }
  else if ((b = bytesArg(format, false)) !== null) {
    cache = bytesCache;
    key = latin1.decode(isBinaryView(b) ? b : b._copy());
  } else {
    unhashable(format); // the cache's key: CPython hashes the format first
    return new Struct(format); // raises CPython's TypeError
  }
  let s = cache.get(key);
  if (s === undefined) {
    s = new Struct(format);
    if (strCache.size + bytesCache.size >= MAXCACHE) _clearcache();
    cache.set(key, s);
  }
  if (cache === strCache) { lastFormat = key; lastStruct = s; }
  return s;
}

function pack(format, ...values) {
  if (arguments.length === 0) throw new TypeError('missing format argument');
  return packValues(structOf(cached(format)), values);
}

function pack_into(format, buffer, offset) { // ...values, read from `arguments` (PACK_INTO_VALUES)
  const n = arguments.length;
  if (n === 0) throw new TypeError('missing format argument');
  const c = structOf(cached(format));
  if (!packIntoArgs(c, n - 1, buffer, offset, arguments[3], arguments[4], arguments[5], arguments[6],
    arguments[7], arguments[8], arguments[9], arguments[10], arguments[11], arguments[12]))
    packIntoValues(c, Array.prototype.slice.call(arguments, 1));
}

function unpack(format, buffer) {
  if (arguments.length !== 2) throw new TypeError(`unpack expected 2 arguments, got ${arguments.length}`);
  return STRUCT_UNPACK.call(cached(format), buffer); // (the class's: not what a program put on the prototype)
}

function unpack_from(format, buffer, offset) {
  const n = arguments.length;
  if (n === 0) throw new TypeError('unpack_from() takes at least 1 positional argument (0 given)');
  if (n === 1) throw new TypeError("unpack_from() missing required argument 'buffer' (pos 2)");
  if (n > 3) throw new TypeError(`unpack_from() takes at most 3 arguments (${n} given)`);
  return unpackFrom(structOf(cached(format)), n - 1, buffer, offset);
}

function iter_unpack(format, buffer) {
  if (arguments.length !== 2) throw new TypeError(`iter_unpack expected 2 arguments, got ${arguments.length}`);
  return new UnpackIterator(structOf(cached(format)), buffer, MAKE_ITERATOR);
}

function calcsize(format) {
  if (arguments.length !== 1) throw new TypeError(`_struct.calcsize() takes exactly one argument (${arguments.length} given)`);
  return structOf(cached(format))._size;
}
const STRUCT_UNPACK = StructObj.prototype.unpack;

/** Drops the cache of compiled formats (Python's struct._clearcache()). */
function _clearcache() { strCache.clear(); bytesCache.clear(); lastFormat = lastStruct = null; }

export const struct = Object.freeze({
  pack, pack_into, unpack, unpack_from, iter_unpack, calcsize, Struct, error: StructError, _clearcache,
});

/** The compiled form of Struct s (js/records.js runs record views on it). */
export function compiledOf(s) { return structOf(s); }
