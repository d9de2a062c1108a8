// Record views (beyond CPython): a view whose format is a struct format of
// fixed size ('<IHH', '>4sI', '2d'). C decides the layout (kind
// MV_KIND_RECORD, itemsize = calcsize), locates items and compares them;
// each record is read and written by the struct plan C compiled, run by
// js/executor.js (recordReader, writeRecord through Struct.pack), or by C's
// struct code when the plan has a code JS does not read ('e', 'p').
import { W, F, heap, heapU8, copyOf, copyOut, alloc, check, O_BUF, O_NDIM, O_SHAPE, MV_VALUE_SIZE } from './wasm.js';
import { Struct, compiledOf, packValues } from './struct.js';
import { toValue, storeValue, freeOwned } from './value.js';
import { pyTypeName } from './errors.js';
import { lookupBlocks, isArray } from './jsmemory.js';

export const KIND_RECORD = 10;

// One compiled Struct per record format, as a view's items are read often.
const plans = new Map();
function planOf(format) {
  let e = plans.get(format);
  if (e === undefined) {
    const S = new Struct(format);
    e = { S, c: compiledOf(S) };
    if (plans.size < 256) plans.set(format, e);
  }
  return e;
}

/** The memory of view record r: { dv, base, buffer }, where the item at
 *  descriptor address b is at base + b of dv; buffer is the JS buffer, or
 *  null for wasm memory (whose dv is valid only until it grows). */
function memoryOf(r) {
  const ex = r._exporter;
  if (!ex._js) return { dv: heap(), base: 0, buffer: null };
  ex._checkAttached();
  return { dv: ex._jd, base: ex._base, buffer: ex._buffer };
}

/** A reader of one record at address a of memory m. */
function recordReaderFor(e, m) {
  const c = e.c;
  if (c._reader !== null) { const rd = c._reader, dv = m.dv; return (a) => rd(dv, a); }
  const S = e.S, size = c._size, buffer = m.buffer;
  // C's struct code reads a copy, taken from memory as it is now: each
  // unpack may allocate, which can grow (and move) wasm memory.
  if (buffer === null) return (a) => S.unpack(copyOut(a, size));
  return (a) => S.unpack(copyOf(new Uint8Array(buffer, a, size), 0, size, buffer, a));
}

/** m.get(...idx) of record view r. */
export function recordGet(r, idx, withIndexes) {
  const e = planOf(r._format());
  const p = r._live();
  withIndexes(idx, (at, n) => check(W.mv_view_locate(p, at, n, 0, F.ext, F.err)));
  const dv = heap(), at = (dv.getUint32(p + O_BUF, true) + dv.getInt32(F.ext, true)) >>> 0;
  const m = memoryOf(r);
  return recordReaderFor(e, m)(m.base + at);
}

/** m.set(...idx, values) of record view r: checks in memoryview's order
 *  (read-only, key, bounds), then the values are packed by struct's rules. */
export function recordSet(r, args, withIndexes) {
  const e = planOf(r._format());
  const value = args.pop();
  const p0 = r._live(); // a released view raises before any allocation
  withIndexes(args, (at, n) => check(W.mv_view_locate(p0, at, n, 1, F.ext, F.err)));
  if (!isArray(value))
    throw new TypeError(`memoryview: a record is set from an array of ${e.c._nvalues} values, not '${pyTypeName(value)}'`);
  const bytes = packValues(e.c, valuesOnce(e.c, value)); // struct.error as struct.pack raises it
  const p = r._live(); // again: packing ran user code
  withIndexes(args, (at, n) => check(W.mv_view_locate(p, at, n, 1, F.ext, F.err)));
  const dv = heap(), at = (dv.getUint32(p + O_BUF, true) + dv.getInt32(F.ext, true)) >>> 0;
  const m = memoryOf(r);
  if (m.buffer === null) heapU8().set(bytes, at);
  else new Uint8Array(m.buffer, m.base + at, bytes.length).set(bytes);
}

/** The items of array `value` for compiled struct c, each read once (the
 *  packing reads a value more than once, and a getter or a Proxy of an array
 *  answers each read anew); struct.error when there are not as many as c
 *  packs. */
function valuesOnce(c, value) {
  const n = value.length, count = Math.min(Math.max(Math.trunc(Number(n)) || 0, 0), 0x7fffffff); // a Proxy's length may be anything
  if (count !== c._nvalues) check(W.mv_struct_check_pack_args(c._s, count, 0, F.err));
  const out = new Array(count);
  for (let k = 0; k < count; k++) out[k] = value[k];
  return out;
}

/** m.tolist() of record view r: nested arrays of records (arrays of values). */
export function recordList(r) {
  const e = planOf(r._format());
  r._checkLive();
  const sh = r._sh, st = r._st, ndim = sh[O_NDIM >> 2];
  const m = memoryOf(r);
  const first = m.base + (sh[O_BUF >> 2] >>> 0);
  if (ndim === 0) return recordReaderFor(e, m)(first);
  for (let k = 0; k < ndim; k++) if (sh[(O_SHAPE >> 2) + k] === 0) return emptyList(sh, ndim, 0);
  if (ndim === 1 && e.c._reader !== null) { // the table loop: one generated reader per record
    const n = sh[O_SHAPE >> 2], s = st[0], rd = e.c._reader, dv = m.dv, out = new Array(n);
    for (let i = 0, a = first; i < n; i++, a += s) out[i] = rd(dv, a);
    return out;
  }
  const read = recordReaderFor(e, m);
  const build = (dim, a) => {
    const n = sh[(O_SHAPE >> 2) + dim], s = st[dim], out = new Array(n);
    if (dim === ndim - 1) for (let i = 0; i < n; i++, a += s) out[i] = read(a);
    else for (let i = 0; i < n; i++, a += s) out[i] = build(dim + 1, a);
    return out;
  };
  return build(0, first);
}

function emptyList(sh, ndim, dim) {
  const n = sh[(O_SHAPE >> 2) + dim];
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = emptyList(sh, ndim, dim + 1);
  return out;
}

let valuesBlock = 0, valuesCap = 0;
const bytesScratch = alloc(256);

/** count (firstOnly false) or index over [start, stop) of 1-D record view r,
 *  by C: a record equals `value` when value is an array of as many values,
 *  each equal to the record's by Python's ==. */
export function recordLookup(r, value, start, stop, firstOnly) {
  if (r._exporter._js) r._exporter._checkAttached(); // a detached buffer raises, whatever the value
  if (!isArray(value)) return firstOnly ? -1 : 0; // no record equals a non-sequence
  // The values, read once into an array of our own (a Proxy or an array's
  // species is user code, and may answer a second read otherwise).
  const items = Array.from(value);
  // No record equals a sequence of another length (C's answer too), which is
  // not copied into the scratch block: a long one would keep its size for good.
  if (items.length !== planOf(r._format()).c._nvalues) return firstOnly ? -1 : 0;
  const conv = new Array(items.length); // (a loop: map() would ask Array's species, user code)
  for (let k = 0; k < items.length; k++) conv[k] = toValue(items[k], true); // the last user code of the call
  const owned = [];
  try {
    if (conv.length > valuesCap) {
      const cap = Math.max(conv.length, 16);
      const q = alloc(cap * MV_VALUE_SIZE);
      if (valuesBlock) W.mv_free(valuesBlock);
      valuesBlock = q; valuesCap = cap;
    }
    // each bytes value gets its own scratch beyond the first
    for (let j = 0; j < conv.length; j++) {
      const b = conv[j].bytes;
      let scratch = bytesScratch;
      if (j > 0 && b !== null) { scratch = alloc(Math.max(b.length, 1)); owned.push(scratch); }
      storeValue(valuesBlock + j * MV_VALUE_SIZE, conv[j], scratch, owned);
    }
    const p = r._live(), nv = conv.length, fo = firstOnly ? 1 : 0;
    if (!r._exporter._js) {
      check(W.mv_view_lookup_record(p, valuesBlock, nv, start, stop, fo, F.ext, F.err));
      return heap().getInt32(F.ext, true);
    }
    return lookupBlocks(p, r._exporter, start, stop, firstOnly, (d, n) => { // a staged block at a time
      check(W.mv_view_lookup_record(d, valuesBlock, nv, 0, n, fo, F.ext, F.err));
      return heap().getInt32(F.ext, true);
    });
  } finally { freeOwned(owned); }
}
