// struct: Python's struct module. The C core (c/src/struct.c) parses a format
// once into a compiled form and does every pack, unpack and check on it; this
// file converts JS values to and from mv_value, finds the bytes of buffer
// arguments, and raises CPython's argument errors.
import { W, F, heap, heapU8, alloc, free, check } from './wasm.js';
import { memoryview, borrow, staged } from './view.js';
import { bytes, bytearray, array } from './exporters.js';
import { StructError, ValueError, pyTypeName } from './errors.js';
import { truthy, VAL_INT, VAL_FLOAT, VAL_BYTES, VAL_OTHER, KIND_SIGNED, KIND_UNSIGNED, KIND_FLOAT,
  KIND_BOOL, KIND_CHAR, KIND_POINTER } from './value.js';

// mv_kind values of struct-only codes (c/include/memview.h).
const KIND_STRING = 8, KIND_PASCAL = 9;
// Layout on wasm32 of mv_struct (20 bytes), mv_struct_code (16) and mv_value (40).
const STRUCT_SIZE = 20, CODE_SIZE = 16, VALUE_SIZE = 40;
const S_SIZE = 0, S_NVALUES = 4, S_NCODES = 8, S_BIG_ENDIAN = 12;
const C_OFFSET = 0, C_SIZE = 4, C_REPEAT = 8, C_CODE = 12;
const M_CODE = 0, M_KIND = 1; // mv_code: char code, uint8 kind, uint8 size, uint8 align
// mv_view fields the struct functions read or fill (js/view.js has the same).
const V_BUF = 0, V_LEN = 4, V_ITEMSIZE = 8, V_READONLY = 12, V_NDIM = 16, V_FLAGS = 20,
  V_SHAPE = 44, V_STRIDES = 300, V_SIZE = 556;
const C_CONTIGUOUS = 1, F_CONTIGUOUS = 2;
const STATUS_TYPE_ERROR = 2;

// How each code's values are read from and written to mv_value.
const T_NUMBER = 0, T_INT64 = 1, T_UINT64 = 2, T_FLOAT = 3, T_BOOL = 4, T_CHAR = 5, T_FIELD = 6;

const INT64_MIN = -(2n ** 63n), INT64_END = 2n ** 63n, UINT64_END = 2n ** 64n;
const TWO32 = 4294967296;

/** UnicodeEncodeError (a ValueError in Python) for a non-ASCII str format. */
class UnicodeEncodeError extends ValueError {}
Object.defineProperty(UnicodeEncodeError, 'name', { value: 'UnicodeEncodeError' });
Object.defineProperty(UnicodeEncodeError.prototype, 'name', { value: 'UnicodeEncodeError', writable: true, configurable: true });

/** Python's escape of one character in an encode error message. */
function escapeChar(cp) {
  const hex = cp.toString(16);
  if (cp < 0x100) return '\\x' + hex.padStart(2, '0');
  if (cp < 0x10000) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

/** The ASCII bytes of a str format, or CPython's UnicodeEncodeError (which
 *  reports the first run of non-ASCII characters, counted in code points). */
function asciiBytes(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      const cps = Array.from(s, (ch) => ch.codePointAt(0));
      const start = cps.findIndex((cp) => cp >= 0x80);
      let end = start;
      while (end < cps.length && cps[end] >= 0x80) end++;
      const what = end - start === 1
        ? `character '${escapeChar(cps[start])}' in position ${start}`
        : `characters in position ${start}-${end - 1}`;
      throw new UnicodeEncodeError(`'ascii' codec can't encode ${what}: ordinal not in range(128)`);
    }
    out[i] = c;
  }
  return out;
}

const latin1 = new TextDecoder('latin1');

function isPyBytes(x) { return x instanceof Uint8Array || x instanceof bytes; }

// ---- wasm memory ---------------------------------------------------------------

// DataView and Uint8Array over wasm memory, re-made only when memory has grown:
// growth detaches the old buffer, and a TypedArray over a detached buffer has
// length 0 — a cheaper test than comparing memory.buffer on every call.
let memU8 = heapU8(), memDV = heap();
function mem() {
  if (memU8.length === 0) { memU8 = heapU8(); memDV = heap(); }
  return memDV;
}
function memBytes() {
  if (memU8.length === 0) { memU8 = heapU8(); memDV = heap(); }
  return memU8;
}

// ---- the compiled form ------------------------------------------------------

// Frees the wasm blocks of Structs that were garbage collected.
const blocks = new FinalizationRegistry((box) => { free(box.block); free(box.values); });

/** A block of wasm memory reused by every call (single-threaded), grown on demand. */
function makeScratch() {
  const sc = { ptr: 0, size: 0 };
  return (n) => {
    if (n > sc.size) {
      free(sc.ptr);
      sc.ptr = 0; sc.size = 0;
      sc.ptr = alloc(n);
      sc.size = n;
    }
    return sc.ptr;
  };
}
// Uint8Array bytes arguments are copied here, each at its field's offset, so
// fields never overlap.
const scratchFor = makeScratch();
// pack() writes here before copying the result out.
const packOutput = makeScratch();

// A descriptor for the bytes of a bytes/bytearray/array during one call.
const tmpView = alloc(V_SIZE);

/** The format argument as bytes and as the str of Struct.format. */
function formatArg(format) {
  if (typeof format === 'string') return { raw: asciiBytes(format), text: format };
  if (isPyBytes(format)) {
    const raw = format instanceof Uint8Array ? format.slice() : format.tobytes();
    return { raw, text: latin1.decode(raw) };
  }
  throw new TypeError(`Struct() argument 1 must be a str or bytes object, not ${pyTypeName(format)}`);
}

/** Compiles fmt in C and keeps the result: the mv_struct and its codes in one
 *  wasm block, the values array in another (made on first use), and per code
 *  the JS facts the conversions need. */
function compile(self, raw) {
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
  const type = new Uint8Array(ncodes), letter = new Array(ncodes);
  const offset = new Int32Array(ncodes), size = new Int32Array(ncodes), repeat = new Int32Array(ncodes);
  let hasBytes = false, allFast = true;
  const fast = new Uint8Array(ncodes);
  for (let k = 0; k < ncodes; k++) {
    const p = block + STRUCT_SIZE + CODE_SIZE * k;
    offset[k] = dv.getInt32(p + C_OFFSET, true);
    size[k] = dv.getInt32(p + C_SIZE, true);
    repeat[k] = dv.getInt32(p + C_REPEAT, true);
    const code = dv.getUint32(p + C_CODE, true);
    const kind = dv.getUint8(code + M_KIND);
    letter[k] = String.fromCharCode(dv.getUint8(code + M_CODE));
    type[k] = typeOf(kind, size[k]);
    if (type[k] === T_CHAR || type[k] === T_FIELD) hasBytes = true;
    fast[k] = fastOp(kind, size[k]);
    if (fast[k] === F_NONE) allFast = false;
  }
  Object.assign(self, { _ncodes: ncodes, _type: type, _letter: letter, _offset: offset,
    _fsize: size, _repeat: repeat, _hasBytes: hasBytes, _fastOps: fast, _allFast: allFast,
    _le: dv.getInt32(block + S_BIG_ENDIAN, true) === 0 });
  self._reader = specializedReader(self);
  self._box = { block, values: 0 };
  blocks.register(self, self._box);
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

// ---- the fast read path ---------------------------------------------------------
//
// Unpacking numbers from wasm memory is a handful of DataView reads; a call into
// C for them costs more than the reads. So for formats of fixed-size numbers
// and '?', a successful unpack of wasm-resident bytes is read here, on the
// compiled codes (offsets, sizes and byte order all come from C). Everything
// else — 'e', 'c', 's', 'p', JS-owned memory, and every error — goes through
// C. The corpus replays both paths (tests/struct.test.js).

const F_NONE = 0, F_I8 = 1, F_U8 = 2, F_I16 = 3, F_U16 = 4, F_I32 = 5, F_U32 = 6, F_I64 = 7,
  F_U64 = 8, F_F32 = 9, F_F64 = 10, F_BOOL = 11;

function fastOp(kind, size) {
  switch (kind) {
    case KIND_SIGNED: return [0, F_I8, F_I16, 0, F_I32, 0, 0, 0, F_I64][size];
    case KIND_UNSIGNED: case KIND_POINTER: return [0, F_U8, F_U16, 0, F_U32, 0, 0, 0, F_U64][size];
    case KIND_FLOAT: return size === 4 ? F_F32 : size === 8 ? F_F64 : F_NONE;
    case KIND_BOOL: return F_BOOL;
  }
  return F_NONE;
}

let fastPath = true;
/** Tests only: turns the JS read path off (false) or on, to replay both. */
export function _setFastPath(on) { fastPath = !!on; }

// For small formats, a reader specialized by code generation: one array
// literal of DataView reads, as one would write by hand. Where code generation
// is not allowed (a Content-Security-Policy without 'unsafe-eval'), the
// generic loop below does the same reads.
const GETTERS = [null, 'getInt8', 'getUint8', 'getInt16', 'getUint16', 'getInt32', 'getUint32',
  'getBigInt64', 'getBigUint64', 'getFloat32', 'getFloat64', 'getUint8'];
const STEP = [0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8, 1];
let codegen = true;

function specializedReader(self) {
  if (!codegen || !self._allFast || self._nvalues > 32) return null;
  const reads = [];
  for (let k = 0; k < self._ncodes; k++) {
    const op = self._fastOps[k];
    for (let r = 0; r < self._repeat[k]; r++) {
      const at = self._offset[k] + r * STEP[op];
      const get = `dv.${GETTERS[op]}(a + ${at}${STEP[op] > 1 ? `, ${self._le}` : ''})`;
      reads.push(op === F_BOOL ? `${get} !== 0` : get);
    }
  }
  try {
    return new Function('dv', 'a', `return [${reads.join(', ')}];`);
  } catch {
    codegen = false;
    return null;
  }
}

/** Reads the struct's values at wasm address addr. */
function fastRead(self, addr) {
  if (self._reader !== null) return self._reader(mem(), addr);
  const dv = mem(), le = self._le, ops = self._fastOps;
  const out = new Array(self._nvalues);
  let j = 0;
  for (let k = 0; k < self._ncodes; k++) {
    const rep = self._repeat[k];
    let p = addr + self._offset[k];
    switch (ops[k]) {
      case F_I8: for (let r = 0; r < rep; r++) out[j++] = dv.getInt8(p++); break;
      case F_U8: for (let r = 0; r < rep; r++) out[j++] = dv.getUint8(p++); break;
      case F_I16: for (let r = 0; r < rep; r++, p += 2) out[j++] = dv.getInt16(p, le); break;
      case F_U16: for (let r = 0; r < rep; r++, p += 2) out[j++] = dv.getUint16(p, le); break;
      case F_I32: for (let r = 0; r < rep; r++, p += 4) out[j++] = dv.getInt32(p, le); break;
      case F_U32: for (let r = 0; r < rep; r++, p += 4) out[j++] = dv.getUint32(p, le); break;
      case F_I64: for (let r = 0; r < rep; r++, p += 8) out[j++] = dv.getBigInt64(p, le); break;
      case F_U64: for (let r = 0; r < rep; r++, p += 8) out[j++] = dv.getBigUint64(p, le); break;
      case F_F32: for (let r = 0; r < rep; r++, p += 4) out[j++] = dv.getFloat32(p, le); break;
      case F_F64: for (let r = 0; r < rep; r++, p += 8) out[j++] = dv.getFloat64(p, le); break;
      case F_BOOL: for (let r = 0; r < rep; r++) out[j++] = dv.getUint8(p++) !== 0; break;
    }
  }
  return out;
}

/** The wasm address of `size` bytes at offset (CPython's rules, negative
 *  offsets from the end) in x, when x is wasm-resident and C-contiguous and
 *  the read would succeed; else -1 (the C path then runs, and raises). */
function fastAddress(x, offset, size) {
  if (!fastPath || typeof offset !== 'number') return -1;
  let buf, len;
  if (x instanceof memoryview) {
    const p = x._p;
    if (p === 0 || x._exporter._js) return -1;
    const dv = mem();
    if (!(dv.getInt32(p + V_FLAGS, true) & C_CONTIGUOUS)) return -1;
    buf = dv.getUint32(p + V_BUF, true);
    len = dv.getInt32(p + V_LEN, true);
  } else if (x instanceof bytes || x instanceof bytearray || x instanceof array) {
    const b = x._getbuffer();
    buf = b.ptr; len = b.nbytes;
  } else return -1;
  if (!Number.isInteger(offset)) return -1;
  const at = offset < 0 ? offset + len : offset;
  if ((offset < 0 && offset + size > 0) || at < 0 || at + size > len) return -1;
  return buf + at;
}

// ---- values -----------------------------------------------------------------

/** Writes a Python int (an integral number, a bigint or a boolean) at p. */
function writeInt(dv, p, x) {
  if (typeof x === 'number' && x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(x / TWO32);
    dv.setUint32(p, x - hi * TWO32, true);
    dv.setInt32(p + 4, hi, true);
    dv.setFloat64(p + 8, x, true);
    dv.setInt32(p + 20, 0, true);
  } else {
    const b = BigInt(x);
    if (b >= INT64_MIN && b < INT64_END) { dv.setBigInt64(p, b, true); dv.setInt32(p + 20, 0, true); }
    else if (b >= 0n && b < UINT64_END) { dv.setBigUint64(p, b, true); dv.setInt32(p + 20, 1, true); }
    else { dv.setBigInt64(p, BigInt.asIntN(64, b), true); dv.setInt32(p + 20, 2, true); }
    dv.setFloat64(p + 8, Number(b), true);
  }
  dv.setInt32(p + 16, VAL_INT, true);
}

function writeOther(dv, p) { dv.setInt32(p + 16, VAL_OTHER, true); }

/** Writes a bytes value at p. Uint8Array contents are copied into the scratch
 *  at `at` (only the `room` bytes the field can use); wasm-resident bytes and
 *  bytearray objects are pointed at in place. */
function writeBytes(dv, p, x, at, room) {
  let ptr, len;
  if (x instanceof Uint8Array) {
    len = x.length;
    const n = Math.min(len, room);
    if (n > 0) memBytes().set(n === len ? x : x.subarray(0, n), at);
    ptr = at;
  } else {
    const b = x._getbuffer();
    ptr = b.ptr; len = b.nbytes;
  }
  dv.setInt32(p + 16, VAL_BYTES, true);
  dv.setInt32(p + 28, len, true);
  dv.setUint32(p + 32, ptr, true);
}

/** Fills the values array for pack from args[first ...]. */
function writeValues(self, args, first) {
  const box = self._box;
  if (box.values === 0 && self._nvalues > 0) box.values = alloc(VALUE_SIZE * self._nvalues);
  const base = self._hasBytes ? scratchFor(self._size) : 0;
  const dv = mem(); // after the allocations above
  let p = box.values, j = first;
  for (let k = 0; k < self._ncodes; k++) {
    const t = self._type[k], rep = self._repeat[k], fsize = self._fsize[k];
    let at = base + self._offset[k];
    for (let r = 0; r < rep; r++, p += VALUE_SIZE, at += fsize) {
      const x = args[j++];
      switch (t) {
        case T_NUMBER: case T_INT64: case T_UINT64:
          if (typeof x === 'number' ? Number.isInteger(x) : typeof x === 'bigint') writeInt(dv, p, x);
          else if (typeof x === 'boolean') writeInt(dv, p, x ? 1 : 0);
          else if (typeof x === 'number') { dv.setFloat64(p + 8, x, true); dv.setInt32(p + 16, VAL_FLOAT, true); }
          else writeOther(dv, p);
          break;
        case T_FLOAT: // a number is a Python float here; a bigint is an int
          if (typeof x === 'number') { dv.setFloat64(p + 8, x, true); dv.setInt32(p + 16, VAL_FLOAT, true); }
          else if (typeof x === 'bigint') writeInt(dv, p, x);
          else if (typeof x === 'boolean') writeInt(dv, p, x ? 1 : 0);
          else writeOther(dv, p);
          break;
        case T_BOOL:
          dv.setInt32(p + 24, truthy(x) ? 1 : 0, true);
          dv.setInt32(p + 16, VAL_OTHER, true);
          break;
        case T_CHAR: // exactly bytes
          if (isPyBytes(x)) writeBytes(dv, p, x, at, 1);
          else writeOther(dv, p);
          break;
        case T_FIELD: // bytes or bytearray
          if (isPyBytes(x) || x instanceof bytearray) writeBytes(dv, p, x, at, fsize);
          else writeOther(dv, p);
          break;
      }
    }
  }
  return box.values;
}

/** The unpacked values as a JS array (a Python tuple). */
function readValues(self) {
  const dv = mem(), u8 = memBytes();
  const out = new Array(self._nvalues);
  let p = self._box.values, j = 0;
  for (let k = 0; k < self._ncodes; k++) {
    const rep = self._repeat[k];
    switch (self._type[k]) {
      case T_NUMBER: case T_FLOAT:
        for (let r = 0; r < rep; r++, p += VALUE_SIZE) out[j++] = dv.getFloat64(p + 8, true);
        break;
      case T_INT64:
        for (let r = 0; r < rep; r++, p += VALUE_SIZE) out[j++] = dv.getBigInt64(p, true);
        break;
      case T_UINT64:
        for (let r = 0; r < rep; r++, p += VALUE_SIZE) out[j++] = dv.getBigUint64(p, true);
        break;
      case T_BOOL:
        for (let r = 0; r < rep; r++, p += VALUE_SIZE) out[j++] = dv.getInt32(p, true) !== 0;
        break;
      case T_CHAR: case T_FIELD:
        for (let r = 0; r < rep; r++, p += VALUE_SIZE) {
          const q = dv.getUint32(p + 32, true);
          out[j++] = u8.slice(q, q + dv.getInt32(p + 28, true));
        }
        break;
    }
  }
  return out;
}

function outputValues(self) {
  const box = self._box;
  if (box.values === 0 && self._nvalues > 0) box.values = alloc(VALUE_SIZE * self._nvalues);
  return box.values;
}

// ---- buffers ----------------------------------------------------------------

/**
 * A buffer argument for one call: { ptr, ex, done }. A memoryview lends its
 * own descriptor; bytes, bytearray and array fill a scratch descriptor (no
 * allocation); anything else memoryview() accepts gets a temporary view.
 * `what` is the TypeError text for other objects. Views of JS-owned memory
 * (ex._js) must go through onBytes().
 */
const wasmResident = { _js: false };
const noop = () => {};
function acquire(x, what) {
  if (x instanceof memoryview) return { ptr: x._live(), ex: x._exporter, done: noop };
  if (x !== null && typeof x === 'object' && typeof x._getbuffer === 'function' && !x._js) {
    const b = x._getbuffer(), dv = mem();
    dv.setUint32(tmpView + V_BUF, b.ptr, true);
    dv.setInt32(tmpView + V_LEN, b.nbytes, true);
    dv.setInt32(tmpView + V_ITEMSIZE, 1, true);
    dv.setInt32(tmpView + V_READONLY, b.readonly ? 1 : 0, true);
    dv.setInt32(tmpView + V_NDIM, 1, true);
    dv.setInt32(tmpView + V_FLAGS, C_CONTIGUOUS | F_CONTIGUOUS, true);
    dv.setInt32(tmpView + V_SHAPE, b.nbytes, true);
    dv.setInt32(tmpView + V_STRIDES, 1, true);
    return { ptr: tmpView, ex: wasmResident, done: noop };
  }
  try { return borrow(x, null); } catch (e) {
    if (e instanceof TypeError && !(x instanceof memoryview)) throw new TypeError(what(x));
    throw e;
  }
}

/**
 * Returns fn(desc) for the view desc of exporter ex, where fn is a C call that
 * touches at most the `size` bytes at `offset` (resolved as CPython does: a
 * negative offset counts from the end), and only when it succeeds. For views
 * of JS memory only that span is staged in wasm memory, and copied back after a
 * write even when fn reports a failure (pack_into's partial writes). fn returns
 * an mv_status and must not throw.
 */
function onBytes(desc, ex, write, offset, size, fn) {
  if (!ex._js) return fn(desc);
  const len = mem().getInt32(desc + V_LEN, true);
  let lo = Number.isInteger(offset) && offset < 0 ? offset + len : offset;
  let n = size;
  if (!(Number.isInteger(lo) && lo >= 0 && lo + size <= len)) { lo = 0; n = 0; } // C will fail first
  return staged(desc, ex, write, fn, 0, lo, n);
}

const bytesLike = (x) => `a bytes-like object is required, not '${pyTypeName(x)}'`;
const writableBytesLike = (x) => `argument must be read-write bytes-like object, not ${pyTypeName(x)}`;

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

export class Struct {
  constructor(format) {
    if (arguments.length === 0) throw new TypeError("Struct() missing required argument 'format' (pos 1)");
    if (arguments.length > 1) throw new TypeError(`Struct() takes at most 1 argument (${arguments.length} given)`);
    const { raw, text } = formatArg(format);
    compile(this, raw);
    this._format = text;
  }

  get format() { return this._format; }
  get size() { return this._size; }

  pack(...values) {
    check(W.mv_struct_check_pack_args(this._s, values.length, 0, F.err));
    const out = packOutput(this._size);
    const vals = writeValues(this, values, 0); // after the last allocation
    check(W.mv_struct_pack(this._s, out, vals, F.err));
    return memBytes().slice(out, out + this._size);
  }

  pack_into(...args) {
    check(W.mv_struct_check_pack_args(this._s, args.length, 1, F.err));
    const b = acquire(args[0], writableBytesLike);
    try {
      const dv = mem();
      if (dv.getInt32(b.ptr + V_READONLY, true) || !(dv.getInt32(b.ptr + V_FLAGS, true) & C_CONTIGUOUS))
        throw new TypeError(writableBytesLike(args[0]));
      const off = offsetArg(args[1]);
      const vals = writeValues(this, args, 2);
      const status = onBytes(b.ptr, b.ex, true, off, this._size,
        (d) => W.mv_struct_pack_into(this._s, d, off, vals, F.err));
      checkOffset(status, off, args[1]);
    } finally { b.done(); }
  }

  unpack(buffer) {
    if (arguments.length !== 1) throw new TypeError(`Struct.unpack() takes exactly one argument (${arguments.length} given)`);
    if (this._allFast) {
      const at = fastAddress(buffer, 0, this._size);
      if (at >= 0 && this._size === (buffer instanceof memoryview ? mem().getInt32(buffer._p + V_LEN, true)
        : buffer._getbuffer().nbytes)) return fastRead(this, at);
    }
    const vals = outputValues(this);
    const b = acquire(buffer, bytesLike);
    try {
      check(onBytes(b.ptr, b.ex, false, 0, this._size, (d) => W.mv_struct_unpack(this._s, d, vals, F.err)));
      return readValues(this);
    } finally { b.done(); }
  }

  unpack_from(buffer, offset) {
    const n = arguments.length;
    if (n === 0) throw new TypeError("unpack_from() missing required argument 'buffer' (pos 1)");
    if (n > 2) throw new TypeError(`unpack_from() takes at most 2 arguments (${n} given)`);
    if (this._allFast) {
      const at = fastAddress(buffer, offset === undefined ? 0 : offset, this._size);
      if (at >= 0) return fastRead(this, at);
    }
    const vals = outputValues(this);
    const b = acquire(buffer, bytesLike);
    try {
      const off = offset === undefined ? 0 : offsetArg(offset);
      const status = onBytes(b.ptr, b.ex, false, off, this._size,
        (d) => W.mv_struct_unpack_from(this._s, d, off, vals, F.err));
      checkOffset(status, off, offset);
      return readValues(this);
    } finally { b.done(); }
  }

  iter_unpack(buffer) {
    if (arguments.length !== 1) throw new TypeError(`Struct.iter_unpack() takes exactly one argument (${arguments.length} given)`);
    return new UnpackIterator(this, buffer);
  }

  toString() { return `Struct(${pyRepr(this._format)})`; }
}
Object.defineProperty(Struct.prototype, Symbol.toStringTag, { value: 'Struct' });

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

/**
 * struct.iter_unpack's iterator. As in CPython it holds the buffer (a view on
 * it, which locks a bytearray or array against resizing, and counts as an
 * export of a memoryview argument) until it is exhausted, or until return()
 * (a `for...of` left early) or garbage collection.
 */
class UnpackIterator {
  constructor(st, buffer) {
    check(W.mv_struct_iter_check(st._s, 0, F.err));
    let view;
    try { view = memoryview(buffer); } catch (e) {
      if (e instanceof TypeError && !(buffer instanceof memoryview)) throw new TypeError(bytesLike(buffer));
      throw e;
    }
    const status = W.mv_struct_iter_check(st._s, view._p, F.err);
    if (status !== 0) { view.release(); check(status); }
    this._struct = st;
    this._view = view;
    this._source = buffer instanceof memoryview ? buffer : null;
    if (this._source) this._source._exports++;
    this._index = 0;
    this._len = mem().getInt32(view._p + V_LEN, true);
  }
  next() {
    if (this._view === null) return { value: undefined, done: true };
    if (this._index >= this._len) { this._close(); return { value: undefined, done: true }; }
    const st = this._struct, at = this._index, view = this._view;
    if (st._allFast) {
      const addr = fastAddress(view, at, st._size);
      if (addr >= 0) { this._index += st._size; return { value: fastRead(st, addr), done: false }; }
    }
    const vals = outputValues(st);
    check(onBytes(view._p, view._exporter, false, at, st._size,
      (d) => W.mv_struct_unpack_from(st._s, d, at, vals, F.err)));
    this._index += st._size;
    return { value: readValues(st), done: false };
  }
  return(value) { this._close(); return { value, done: true }; }
  /** Python's __length_hint__: the items left. */
  length_hint() { return this._view === null ? 0 : (this._len - this._index) / this._struct._size; }
  [Symbol.iterator]() { return this; }
  _close() {
    if (this._view === null) return;
    if (this._source) this._source._exports--;
    this._view.release();
    this._view = null;
  }
}
Object.defineProperty(UnpackIterator.prototype, Symbol.toStringTag, { value: 'unpack_iterator' });

// ---- the module functions -----------------------------------------------------

// CPython caches compiled formats (and clears the cache when it reaches 100).
const MAXCACHE = 100;
const cache = new Map();

function cached(format) {
  let key;
  if (typeof format === 'string') key = 's' + format;
  else if (format instanceof Uint8Array) key = 'b' + latin1.decode(format);
  else if (format instanceof bytes) key = 'b' + latin1.decode(format.tobytes());
  else if (Array.isArray(format) || format instanceof bytearray || pyTypeName(format) === 'dict')
    throw new TypeError(`unhashable type: '${pyTypeName(format)}'`);
  else return new Struct(format); // raises CPython's TypeError
  let s = cache.get(key);
  if (s === undefined) {
    s = new Struct(format);
    if (cache.size >= MAXCACHE) cache.clear();
    cache.set(key, s);
  }
  return s;
}

function pack(format, ...values) {
  if (arguments.length === 0) throw new TypeError('missing format argument');
  return cached(format).pack(...values);
}

function pack_into(format, ...args) {
  if (arguments.length === 0) throw new TypeError('missing format argument');
  return cached(format).pack_into(...args);
}

function unpack(format, buffer) {
  if (arguments.length !== 2) throw new TypeError(`unpack expected 2 arguments, got ${arguments.length}`);
  return cached(format).unpack(buffer);
}

function unpack_from(format, buffer, offset) {
  const n = arguments.length;
  if (n === 0) throw new TypeError('unpack_from() takes at least 1 positional argument (0 given)');
  if (n === 1) throw new TypeError("unpack_from() missing required argument 'buffer' (pos 2)");
  if (n > 3) throw new TypeError(`unpack_from() takes at most 3 arguments (${n} given)`);
  const s = cached(format);
  return n === 2 ? s.unpack_from(buffer) : s.unpack_from(buffer, offset);
}

function iter_unpack(format, buffer) {
  if (arguments.length !== 2) throw new TypeError(`iter_unpack expected 2 arguments, got ${arguments.length}`);
  return cached(format).iter_unpack(buffer);
}

function calcsize(format) {
  if (arguments.length !== 1) throw new TypeError(`_struct.calcsize() takes exactly one argument (${arguments.length} given)`);
  return cached(format).size;
}

/** Drops the cache of compiled formats (Python's struct._clearcache()). */
function _clearcache() { cache.clear(); }

export const struct = Object.freeze({
  pack, pack_into, unpack, unpack_from, iter_unpack, calcsize, Struct, error: StructError, _clearcache,
});
