// The rows of issue 14's Targets table: memview on both memories (views of
// wasm memory: bytearray, bytes, array; views of JS memory: Uint8Array,
// Buffer, ArrayBuffer, Float64Array, SharedArrayBuffer), each row measured
// interleaved with its reference in one run (bench/lib.js interleaved) and
// reported as a time ratio: memview's time / the reference's (the fastest of
// a row's reference versions). Goals are the issue's.
//
// A row: { id, group, op: what memview runs, mv(reps), refs: { name: fn(reps) },
//   goal: { max } (time ratio at most max) or null (a row for information),
//   goalText, items (per-item rows: items per call), fresh, check, pyKey }.
// Every fn(reps) runs `reps` operations and returns something for sink().
// With `check`, fn(1) of memview and of each reference must return the same
// value (same()) before the row is timed: the reference does the same job.
import { randomFillSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { memviewParser, parseNative, pythonStructParser, sameParse, makeRecordFile } from './record.js';
import { loadPythonStruct } from './peers/load.js';

export const KB = 1024, MB = 1 << 20;
const SIZE_NAMES = { 16: '16 B', 1024: '1 KB', 65536: '64 KB', [10 * MB]: '10 MB' };
const sizeName = (n) => SIZE_NAMES[n] || `${n} B`;

function randomBytes(n) {
  const u8 = new Uint8Array(n);
  for (let at = 0; at < n; at += 1 << 16) randomFillSync(u8, at, Math.min(1 << 16, n - at));
  return u8;
}
/** n bytes of doubles 0.5 * i (no NaN, so equals and index do not stop early). */
function doubleBytes(n) {
  const f = new Float64Array(n >> 3);
  for (let i = 0; i < f.length; i++) f[i] = 0.5 * i;
  return new Uint8Array(f.buffer);
}

const CODES = { B: 'B', I: 'I', d: 'd', q: 'q' };
const CTOR = { B: Uint8Array, I: Uint32Array, d: Float64Array, q: BigInt64Array };
const SIZE = { B: 1, I: 4, d: 8, q: 8 };

/** Deep equality of what the versions of a row return. */
export function same(a, b) {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b))
    return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, k) => same(x, b[k]));
  return false;
}

/**
 * The memories a view can be of, each holding a copy of `src` (bytes):
 * { name, wasm, mem, view(fmt) a 1-D view of format fmt over all of it,
 *   ta(Ctor) a TypedArray over the same bytes: for wasm memory made again on
 *   each call (wasm memory may have grown since), u8(), buf() a Node Buffer
 *   over the same bytes, dv() a DataView }.
 */
export function memory(kind, src, mv) {
  const { memoryview, bytearray, bytes, array } = mv;
  const n = src.length;
  let mem, base;
  switch (kind) {
    case 'bytearray': mem = bytearray(src); base = memoryview(mem); break;
    case 'bytes': mem = bytes(src); base = memoryview(mem); break;
    case 'Uint8Array': mem = new Uint8Array(n); mem.set(src); base = memoryview(mem); break;
    case 'Buffer': mem = Buffer.alloc(n); mem.set(src); base = memoryview(mem); break; // alloc: its own ArrayBuffer, offset 0
    case 'ArrayBuffer': mem = new ArrayBuffer(n); new Uint8Array(mem).set(src); base = memoryview(mem); break;
    case 'Float64Array': mem = new Float64Array(n >> 3); new Uint8Array(mem.buffer).set(src); base = memoryview(mem); break;
    case 'SharedArrayBuffer': mem = new SharedArrayBuffer(n); new Uint8Array(mem).set(src); base = memoryview(mem); break;
    default: {
      const m = /^array\('(.)'\)$/.exec(kind);
      if (!m) throw new Error(`memory ${kind}`);
      mem = array(m[1]); mem.frombytes(src); base = memoryview(mem);
    }
  }
  const wasm = kind === 'bytearray' || kind === 'bytes' || kind.startsWith('array');
  const jsBuffer = wasm ? null : (mem instanceof ArrayBuffer || mem instanceof SharedArrayBuffer ? mem : mem.buffer);
  const jsOff = wasm || jsBuffer === mem ? 0 : mem.byteOffset;
  const bytesView = base.format === 'B' ? base : base.cast('B');
  const views = new Map();
  const view = (fmt) => {
    if (!views.has(fmt)) views.set(fmt, base.format === fmt ? base : bytesView.cast(fmt));
    return views.get(fmt);
  };
  const ta = (Ctor) => (wasm ? new Ctor(bytesView.asTypedArray().buffer, bytesView.asTypedArray().byteOffset, n / Ctor.BYTES_PER_ELEMENT)
    : new Ctor(jsBuffer, jsOff, n / Ctor.BYTES_PER_ELEMENT));
  return { name: kind, wasm, mem, n, view, ta, u8: () => ta(Uint8Array),
    buf: () => { const u = ta(Uint8Array); return Buffer.from(u.buffer, u.byteOffset, u.length); },
    dv: () => { const u = ta(Uint8Array); return new DataView(u.buffer, u.byteOffset, u.length); } };
}

const JS_KINDS = ['Uint8Array', 'Buffer', 'ArrayBuffer', 'Float64Array', 'SharedArrayBuffer'];

/** The smallest iterator that yields what iter_unpack('<IHH') yields: the
 *  reference of the iter_unpack rows (and of bench/floors.js's floor). */
export class Records {
  constructor(dv) { this.dv = dv; this.o = 0; this.end = dv.byteLength - (dv.byteLength % 8); }
  [Symbol.iterator]() { return this; }
  next() {
    const o = this.o;
    if (o >= this.end) return { value: undefined, done: true };
    this.o = o + 8;
    const dv = this.dv;
    return { value: [dv.getUint32(o, true), dv.getUint16(o + 4, true), dv.getUint16(o + 6, true)], done: false };
  }
}

/** The rows, for memview module mv; wanted(row) says which rows run, for
 *  the ones whose setup costs much (it gets { id, group }). */
export async function makeTargetRows(mv, { quick = false, tmpFile, wanted = () => true } = {}) {
  const { memoryview, bytearray, bytes, array, struct } = mv;
  const rows = [];
  const add = (row) => rows.push(row);
  /** Runs one row's (or one group's) setup; a setup that throws becomes an ERROR row. */
  const setup = (group, op, fn) => {
    try { fn(); } catch (e) { rows.push({ id: `setup_${rows.length}`, group, op, goal: null, goalText: '—', setupError: e }); }
  };
  const sizes = quick ? [16, 1024, 65536, MB] : [16, 1024, 65536, 10 * MB];
  const LOOP_BYTES = quick ? 8192 : 65536;
  const rnd = randomBytes(Math.max(...sizes) + 64);

  // ---- get(i) / set(i, v) loops, 1-D, B I d q, either memory ------------------
  const loopKinds = (fmt) => ['bytearray', `array('${fmt}')`, ...JS_KINDS];
  for (const fmt of ['B', 'I', 'd', 'q']) {
    const Ctor = CTOR[fmt], n = LOOP_BYTES / SIZE[fmt];
    const src = fmt === 'd' ? doubleBytes(LOOP_BYTES) : rnd.subarray(0, LOOP_BYTES);
    const vals = Array.from({ length: n }, (_, i) => (fmt === 'B' ? (i * 7) & 255 : fmt === 'I' ? (i * 2654435761) >>> 0
      : fmt === 'd' ? i * 0.25 : BigInt(i) * 0x1234567n - 5n));
    const z = fmt === 'q' ? -1n : -1;
    for (const kind of loopKinds(fmt)) setup('get/set loops, 1-D (64 KB of items)', `${fmt} ${kind}`, () => {
      const M = memory(kind, src, mv), v = M.view(fmt);
      add({ id: `get_${fmt}_${kind}`, group: 'get/set loops, 1-D (64 KB of items)', op: `m.get(i) loop, '${fmt}', ${kind}`,
        items: n, goal: { max: 3 }, goalText: '≤ 3x TypedArray loop', check: true,
        mv: (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) if (v.get(i) !== z) c++; return c; },
        refs: { [`${Ctor.name}[i] loop`]: (r) => { const t = M.ta(Ctor); let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) if (t[i] !== z) c++; return c; } } });
      add({ id: `set_${fmt}_${kind}`, group: 'get/set loops, 1-D (64 KB of items)', op: `m.set(i, v) loop, '${fmt}', ${kind}`,
        items: n, goal: { max: 3 }, goalText: '≤ 3x TypedArray loop',
        mv: (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) v.set(i, vals[i]); return 0; },
        refs: { [`${Ctor.name}[i] = v loop`]: (r) => { const t = M.ta(Ctor); for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) t[i] = vals[i]; return 0; } } });
    });
  }

  // ---- N-D get (no goal in the issue: the 1-D goal shown for scale) ---------------
  for (const kind of ['bytearray', 'Buffer', 'Float64Array']) setup('N-D get', kind, () => {
    const fmt = kind === 'Float64Array' ? 'd' : 'B', side = 64, rowsN = LOOP_BYTES / SIZE[fmt] / side;
    const M = memory(kind, fmt === 'd' ? doubleBytes(LOOP_BYTES) : rnd.subarray(0, LOOP_BYTES), mv);
    const v2 = M.view('B').cast(fmt, [rowsN, side]), Ctor = CTOR[fmt];
    add({ id: `getnd_${fmt}_${kind}`, group: 'N-D get', op: `m.get(i, j) loop, '${fmt}' [${rowsN}, ${side}], ${kind}`,
      items: rowsN * side, goal: null, goalText: 'none (1-D: ≤ 3x)', check: true,
      mv: (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < rowsN; i++) for (let j = 0; j < side; j++) if (v2.get(i, j) !== -1) c++; return c; },
      refs: { [`${Ctor.name}[i * ${side} + j] loop`]: (r) => { const t = M.ta(Ctor); let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < rowsN; i++) for (let j = 0; j < side; j++) if (t[i * side + j] !== -1) c++; return c; } } });
    add({ id: `setnd_${fmt}_${kind}`, group: 'N-D get', op: `m.set(i, j, v) loop, '${fmt}' [${rowsN}, ${side}], ${kind}`,
      items: rowsN * side, goal: null, goalText: 'none (1-D: ≤ 3x)', check: false,
      mv: (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < rowsN; i++) for (let j = 0; j < side; j++) v2.set(i, j, j); return 0; },
      refs: { [`${Ctor.name}[i * ${side} + j] = v loop`]: (r) => { const t = M.ta(Ctor); for (let k = 0; k < r; k++) for (let i = 0; i < rowsN; i++) for (let j = 0; j < side; j++) t[i * side + j] = j; return 0; } } });
  });

  // ---- struct: Struct.unpack_from / pack_into, module unpack_from -------------
  const SB = 4096, ring = new Array(16);
  // Per format: the DataView code that builds the same array, and that stores the same values.
  const FMTS = {
    '<IHH': {
      read: (dv, u8, o) => [dv.getUint32(o, true), dv.getUint16(o + 4, true), dv.getUint16(o + 6, true)],
      pack: (s, b, o) => s.pack_into(b, o, 0x12345678, 0xabcd, 7),
      args: [0x12345678, 0xabcd, 7],
      write: (dv, u8, o) => { dv.setUint32(o, 0x12345678, true); dv.setUint16(o + 4, 0xabcd, true); dv.setUint16(o + 6, 7, true); },
    },
    '>I4s': {
      read: (dv, u8, o) => [dv.getUint32(o, false), u8.slice(o + 4, o + 8)],
      pack: (s, b, o) => s.pack_into(b, o, 0x12345678, S4),
      args: [0x12345678, Uint8Array.of(1, 2, 3, 4)], peerArgs: [0x12345678, 'abcd'], // python-struct packs 's' only from a string
      write: (dv, u8, o) => { dv.setUint32(o, 0x12345678, false); u8.set(S4, o + 4); },
    },
    '<d': {
      read: (dv, u8, o) => [dv.getFloat64(o, true)],
      pack: (s, b, o) => s.pack_into(b, o, 1.25),
      args: [1.25],
      write: (dv, u8, o) => { dv.setFloat64(o, 1.25, true); },
    },
    '<10I': {
      read: (dv, u8, o) => [dv.getUint32(o, true), dv.getUint32(o + 4, true), dv.getUint32(o + 8, true), dv.getUint32(o + 12, true),
        dv.getUint32(o + 16, true), dv.getUint32(o + 20, true), dv.getUint32(o + 24, true), dv.getUint32(o + 28, true),
        dv.getUint32(o + 32, true), dv.getUint32(o + 36, true)],
      pack: (s, b, o) => s.pack_into(b, o, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      args: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      write: (dv, u8, o) => { for (let j = 0; j < 10; j++) dv.setUint32(o + 4 * j, j + 1, true); },
    },
  };
  const S4 = Uint8Array.of(1, 2, 3, 4);
  // The buffer passed to struct, per target; M is its memory (for the DataView code).
  const structTargets = ['Buffer', 'Uint8Array', 'bytes', 'bytearray', 'memoryview (of a bytearray)', 'memoryview (of a Buffer)'];
  const targetOf = (t) => {
    if (t.startsWith('memoryview')) {
      const M = memory(t.includes('Buffer') ? 'Buffer' : 'bytearray', rnd.subarray(0, SB), mv);
      return { M, x: M.view('B') };
    }
    const M = memory(t, rnd.subarray(0, SB), mv);
    return { M, x: M.mem };
  };
  // Offsets cycle over four places, so nothing is a constant; each result is
  // kept in a ring, so no allocation can be optimised away.
  const off = (k) => 16 + ((k & 3) << 6);
  for (const [fmt, F] of Object.entries(FMTS)) {
    const s = new struct.Struct(fmt);
    for (const t of structTargets) setup('struct', `${fmt} ${t}`, () => {
      const { M, x } = targetOf(t);
      add({ id: `unpack_from_${fmt}_${t}`, group: 'struct', op: `Struct('${fmt}').unpack_from(x, off), x a ${t}`,
        goal: { max: 1.5 }, goalText: '≤ 1.5x DataView code', check: true, pyKey: `unpack_from ${fmt}`,
        mv: (r) => { let x2; for (let k = 0; k < r; k++) ring[k & 15] = x2 = s.unpack_from(x, off(k)); return x2; },
        refs: { 'DataView reads into an array': (r) => { const dv = M.dv(), u8 = M.u8(); let x2; for (let k = 0; k < r; k++) ring[k & 15] = x2 = F.read(dv, u8, off(k)); return x2; } } });
      if (t === 'bytes') return; // read-only
      add({ id: `pack_into_${fmt}_${t}`, group: 'struct', op: `Struct('${fmt}').pack_into(x, off, …), x a ${t}`,
        goal: { max: 1.5 }, goalText: '≤ 1.5x DataView code', pyKey: `pack_into ${fmt}`,
        mv: (r) => { for (let k = 0; k < r; k++) F.pack(s, x, off(k)); return 0; },
        refs: { 'DataView writes': (r) => { const dv = M.dv(), u8 = M.u8(); for (let k = 0; k < r; k++) F.write(dv, u8, off(k)); return 0; } } });
      // CPython's 's' value is a bytes: memview's, as a Python port passes it
      if (fmt === '>I4s' && (t === 'Buffer' || t === 'bytearray')) {
        const tag = bytes(S4);
        add({ id: `pack_into_bytes_value_${fmt}_${t}`, group: 'struct', op: `Struct('${fmt}').pack_into(x, off, …) of a memview bytes value, x a ${t}`,
          goal: { max: 1.5 }, goalText: '≤ 1.5x DataView code', pyKey: `pack_into ${fmt}`,
          mv: (r) => { for (let k = 0; k < r; k++) s.pack_into(x, off(k), 0x12345678, tag); return 0; },
          refs: { 'DataView writes': (r) => { const dv = M.dv(), u8 = M.u8(); for (let k = 0; k < r; k++) F.write(dv, u8, off(k)); return 0; } } });
      }
    });
    for (const t of ['Buffer', 'bytearray']) setup('struct', `${fmt} ${t}`, () => {
      const { M, x } = targetOf(t);
      add({ id: `mod_unpack_from_${fmt}_${t}`, group: 'struct', op: `struct.unpack_from('${fmt}', x, off), x a ${t}`,
        goal: { max: 2 }, goalText: '≤ 2x DataView code', check: true, pyKey: `module unpack_from ${fmt}`,
        mv: (r) => { let x2; for (let k = 0; k < r; k++) ring[k & 15] = x2 = struct.unpack_from(fmt, x, off(k)); return x2; },
        refs: { 'DataView reads into an array': (r) => { const dv = M.dv(), u8 = M.u8(); let x2; for (let k = 0; k < r; k++) ring[k & 15] = x2 = F.read(dv, u8, off(k)); return x2; } } });
    });
  }

  // ---- struct against the npm peer python-struct, on a Buffer --------------------
  // python-struct takes a format string per call and a Buffer, and has no
  // pack_into: its pack, then a copy, is what a user writes. Its 's' fields
  // are strings (unpacked up to the first NUL), so the '>I4s' rows are not
  // checked against memview's bytes.
  const PS = loadPythonStruct();
  const peerGroup = 'struct: memview against python-struct, the npm peer';
  for (const [fmt, F] of Object.entries(FMTS)) setup(peerGroup, `python-struct ${fmt}`, () => {
    if (PS instanceof Error) throw PS;
    const s = new struct.Struct(fmt), x = targetOf('Buffer').x, peerArgs = F.peerArgs ?? F.args;
    const peer = { group: peerGroup, goal: { max: 1 }, goalText: 'faster than python-struct (≤ 1x)', check: !fmt.includes('s') };
    const peerUnpack = { 'python-struct unpackFrom': (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = PS.unpackFrom(fmt, x, false, off(k)); return y; } };
    add({ id: `peer_unpack_from_${fmt}`, op: `Struct('${fmt}').unpack_from(x, off) vs python-struct's unpackFrom('${fmt}', x, false, off), x a Buffer`, ...peer,
      mv: (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = s.unpack_from(x, off(k)); return y; }, refs: peerUnpack });
    add({ id: `peer_mod_unpack_from_${fmt}`, op: `struct.unpack_from('${fmt}', x, off) vs python-struct's unpackFrom('${fmt}', x, false, off), x a Buffer`, ...peer,
      mv: (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = struct.unpack_from(fmt, x, off(k)); return y; }, refs: peerUnpack });
    add({ id: `peer_pack_${fmt}`, op: `Struct('${fmt}').pack(…) vs python-struct's pack('${fmt}', […]) (a Buffer), into a new bytes`, ...peer,
      mv: (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = s.pack(...F.args); return y; },
      refs: { 'python-struct pack': (r) => { let y; for (let k = 0; k < r; k++) ring[k & 15] = y = PS.pack(fmt, peerArgs); return y; } } });
    add({ id: `peer_pack_into_${fmt}`, op: `Struct('${fmt}').pack_into(x, off, …) vs python-struct's pack('${fmt}', […]) copied into x, x a Buffer`, ...peer, check: false,
      mv: (r) => { for (let k = 0; k < r; k++) F.pack(s, x, off(k)); return 0; },
      refs: { 'python-struct pack, then x.set': (r) => { for (let k = 0; k < r; k++) x.set(PS.pack(fmt, peerArgs), off(k)); return 0; } } });
  });

  // ---- iter_unpack('<IHH') over a Buffer -----------------------------------------
  function* records(dv) { for (let o = 0; o + 8 <= dv.byteLength; o += 8) yield [dv.getUint32(o, true), dv.getUint16(o + 4, true), dv.getUint16(o + 6, true)]; }
  for (const n of sizes) setup('struct', `iter_unpack ${n}`, () => {
    const buf = Buffer.alloc(n); buf.set(rnd.subarray(0, n));
    const dv = new DataView(buf.buffer, buf.byteOffset, n), nrec = n >> 3;
    const consume = (it) => { let j = 0, last; for (const t of it) ring[j++ & 15] = last = t; return last; };
    add({ id: `iter_unpack_${n}`, group: 'struct', op: `struct.iter_unpack('<IHH', buf), Buffer of ${sizeName(n)}`,
      items: nrec, goal: { max: 1.5 }, goalText: '≤ 1.5x a DataView loop yielding the arrays', check: true, pyKey: `iter_unpack ${n}`,
      mv: (r) => { let x; for (let k = 0; k < r; k++) x = consume(struct.iter_unpack('<IHH', buf)); return x; },
      refs: { 'minimal iterator class': (r) => { let x; for (let k = 0; k < r; k++) x = consume(new Records(dv)); return x; },
        'generator function': (r) => { let x; for (let k = 0; k < r; k++) x = consume(records(dv)); return x; } } });
  });

  // ---- tolist() of 1e6 items -------------------------------------------------------
  {
    const N = quick ? 100_000 : 1_000_000, src = doubleBytes(8 * N);
    for (const kind of ['Float64Array', "array('d')", 'Buffer']) setup('tolist', kind, () => {
      const M = memory(kind, src, mv), v = M.view('d');
      add({ id: `tolist_${kind}`, group: 'tolist', op: `m.tolist(), ${N} 'd', ${kind}`, items: N,
        goal: kind === 'Float64Array' ? { max: 1.2 } : null, goalText: kind === 'Float64Array' ? '≤ 1.2x loop into new Array(n)' : 'none (the goal is for Float64Array)', check: true,
        mv: (r) => { let x; for (let k = 0; k < r; k++) x = v.tolist(); return x; },
        refs: { 'loop into new Array(n)': (r) => { const f = M.ta(Float64Array); let x; for (let k = 0; k < r; k++) { x = new Array(N); for (let i = 0; i < N; i++) x[i] = f[i]; } return x; } } });
    });
  }

  // ---- bulk ops on JS memory vs the same op on wasm memory ---------------------
  // The wasm twin of a JS memory: a bytearray ('B'), or array('d') for a Float64Array (its views are 'd').
  const twin = (kind) => (kind === 'Float64Array' ? "array('d')" : 'bytearray');
  const fmtOf = (kind) => (kind === 'Float64Array' ? 'd' : 'B');
  const bulkGoal = { max: 1 / 0.7 }, bulkText = '≥ 0.7x wasm speed (time ≤ 1.43x)';
  for (const n of sizes) {
    const fresh = n >= MB;
    for (const kind of JS_KINDS) setup('bulk ops', `${kind} ${n}`, () => {
      const fmt = fmtOf(kind), src = fmt === 'd' ? doubleBytes(n) : rnd.subarray(0, n);
      const J = memory(kind, src, mv), J2 = memory(kind, src, mv), W = memory(twin(kind), src, mv), W2 = memory(twin(kind), src, mv);
      const j = J.view(fmt), j2 = J2.view(fmt), w = W.view(fmt), w2 = W2.view(fmt);
      const g = `bulk ops: JS memory vs wasm memory (${sizeName(n)})`;
      const pair = (id, op, fj, fw, extra = {}) => add({ id: `${id}_${kind}_${n}`, group: g, op: `${op}, ${kind} ${sizeName(n)}`,
        goal: bulkGoal, goalText: bulkText, check: true, fresh, mv: fj, refs: { [`the same on ${twin(kind)}`]: fw }, ...extra });
      pair('hex', 'm.hex()', (r) => { let x; for (let k = 0; k < r; k++) x = j.hex(); return x; }, (r) => { let x; for (let k = 0; k < r; k++) x = w.hex(); return x; });
      pair('equals', 'm.equals(m2)', (r) => { let x; for (let k = 0; k < r; k++) x = j.equals(j2); return x; }, (r) => { let x; for (let k = 0; k < r; k++) x = w.equals(w2); return x; }, { fresh: false });
      pair('tobytes', 'm.tobytes()', (r) => { let x; for (let k = 0; k < r; k++) x = j.tobytes(); return x; }, (r) => { let x; for (let k = 0; k < r; k++) x = w.tobytes(); return x; });
      pair('assign', 'm.assign(m2)', (r) => { for (let k = 0; k < r; k++) j.assign(j2); return 0; }, (r) => { for (let k = 0; k < r; k++) w.assign(w2); return 0; }, { fresh: false, check: false });
      if (kind === 'SharedArrayBuffer' && n >= KB && n <= 64 * KB) {
        // into a strided view of a shared buffer only the items go back (js/jsmemory.js copyItemsBack)
        const sj = J.view('B').slice(0, n, 2), sw = W.view('B').slice(0, n, 2), half = bytearray(n / 2);
        add({ id: `assign_strided_${kind}_${n}`, group: g, op: `m[::2].assign(b), ${kind} ${sizeName(n)}`, goal: null, goalText: 'none (the cost of writing back only the items)',
          mv: (r) => { for (let k = 0; k < r; k++) sj.assign(half); return 0; }, refs: { 'the same on bytearray': (r) => { for (let k = 0; k < r; k++) sw.assign(half); return 0; } } });
      }
      if (kind !== 'Float64Array') {
        // bytearray.find with the needle a view of JS memory vs of wasm memory (memoryview has no find).
        const hay = bytearray(src.subarray(0, n)), needleSrc = Uint8Array.of(0x4d, 0x56, 0x21, 0x7f);
        hay.extend(needleSrc);
        const nj = memory(kind, needleSrc, mv).view('B'), nw = memory('bytearray', needleSrc, mv).view('B');
        pair('find', 'hay.find(needle view) (hay a bytearray of n + 4 B)', (r) => { let x; for (let k = 0; k < r; k++) x = hay.find(nj); return x; },
          (r) => { let x; for (let k = 0; k < r; k++) x = hay.find(nw); return x; }, { fresh: false });
      }
    });
  }

  // ---- count(v) / index(v) on 1-D views of numbers ------------------------------
  // The data: all 1 except the last item, 0: count(0) is 1, index(0) is the last index.
  for (const n of sizes) {
    const kinds = n > MB ? ['bytearray', 'Buffer'] : ['bytearray', "array('d')", ...JS_KINDS];
    for (const kind of kinds) setup('count / index', `${kind} ${n}`, () => {
      const fmt = kind === 'Float64Array' || kind === "array('d')" ? 'd' : 'B', Ctor = CTOR[fmt];
      const t0 = new Ctor(n / SIZE[fmt]).fill(1); t0[t0.length - 1] = 0;
      const M = memory(kind, new Uint8Array(t0.buffer), mv), v = M.view(fmt), items = t0.length;
      const g = `count / index (${sizeName(n)})`;
      add({ id: `count_${fmt}_${kind}_${n}`, group: g, op: `m.count(0), '${fmt}', ${kind} ${sizeName(n)}`, items, budget: 3000,
        goal: { max: 1 }, goalText: '≤ 1x a counting loop', check: true,
        mv: (r) => { let x; for (let k = 0; k < r; k++) x = v.count(0); return x; },
        refs: { 'counting loop over the TypedArray': (r) => { const t = M.ta(Ctor); let x; for (let k = 0; k < r; k++) { x = 0; for (let i = 0; i < t.length; i++) if (t[i] === 0) x++; } return x; } } });
      add({ id: `index_${fmt}_${kind}_${n}`, group: g, op: `m.index(0), '${fmt}', ${kind} ${sizeName(n)}, found last`, items, budget: 3000,
        goal: { max: 2 }, goalText: '≤ 2x TypedArray.indexOf', check: true,
        mv: (r) => { let x; for (let k = 0; k < r; k++) x = v.index(0); return x; },
        refs: { 'TypedArray.indexOf': (r) => { const t = M.ta(Ctor); let x; for (let k = 0; k < r; k++) x = t.indexOf(0); return x; } } });
    });
  }

  // ---- every operation on a 16-byte view vs its native equivalent ---------------
  for (const kind of ['bytearray', ...JS_KINDS]) setup('a 16-byte view vs native', kind, () => {
    const src16 = kind === 'Float64Array' ? doubleBytes(16) : rnd.subarray(0, 16);
    const M = memory(kind, src16, mv), M2 = memory(kind, src16, mv), fmt = fmtOf(kind);
    const m = M.view(fmt), m2 = M2.view(fmt);
    const g = 'a 16-byte view vs native';
    // The native objects are made once, outside the loop, as a good engineer would
    // (over wasm memory once per call: it may have grown).
    const row = (id, op, f, refs, extra = {}) => add({ id: `${id}16_${kind}`, group: g, op: `${op}, ${kind} 16 B`,
      goal: { max: 2 }, goalText: '≤ 2x native', mv: f, refs, ...extra });
    row('hex', 'm.hex()', (r) => { let x; for (let k = 0; k < r; k++) x = m.hex(); return x; },
      { "Buffer toString('hex')": (r) => { const b = M.buf(); let x; for (let k = 0; k < r; k++) x = b.toString('hex'); return x; } }, { check: true });
    row('tobytes', 'm.tobytes()', (r) => { let x; for (let k = 0; k < r; k++) x = m.tobytes(); return x; },
      { 'u8.slice()': (r) => { const u = M.u8(); let x; for (let k = 0; k < r; k++) x = u.slice(); return x; } }, { check: true });
    row('equals', 'm.equals(m2)', (r) => { let x; for (let k = 0; k < r; k++) x = m.equals(m2); return x; },
      { 'Buffer.compare(a, b) === 0': (r) => { const a = M.u8(), b = M2.u8(); let x; for (let k = 0; k < r; k++) x = Buffer.compare(a, b) === 0; return x; },
        'buf.equals(buf2)': (r) => { const a = M.buf(), b = M2.buf(); let x; for (let k = 0; k < r; k++) x = a.equals(b); return x; },
        '16-byte loop': (r) => { const a = M.u8(), b = M2.u8(); let x; for (let k = 0; k < r; k++) { x = true; for (let i = 0; i < 16; i++) if (a[i] !== b[i]) { x = false; break; } } return x; } }, { check: true });
    row('assign', 'm.assign(m2)', (r) => { for (let k = 0; k < r; k++) m.assign(m2); return 0; },
      { 'u8.set(u8b)': (r) => { const a = M.u8(), b = M2.u8(); for (let k = 0; k < r; k++) a.set(b); return 0; } });
    row('slice', 'm.slice(1, 3)', (r) => { let x; for (let k = 0; k < r; k++) x = m.slice(1, 3); return x; },
      { 'subarray(1, 3)': (r) => { const t = M.ta(CTOR[fmt]); let x; for (let k = 0; k < r; k++) x = t.subarray(1, 3); return x; } });
    // memoryview(x) itself: no goal in the issue (the 16-byte rows' for scale)
    add({ id: `wrap16_${kind}`, group: g, op: `memoryview(x), ${kind} 16 B`, goal: null, goalText: 'none (the others: ≤ 2x native)',
      mv: (r) => { const x = M.mem; let v; for (let k = 0; k < r; k++) v = memoryview(x); return v.nbytes; },
      refs: { 'new Uint8Array(buffer, off, 16)': (r) => { const u = M.u8(), b = u.buffer, o = u.byteOffset; let x; for (let k = 0; k < r; k++) x = new Uint8Array(b, o, 16); return x.length; } } });
    if (fmt === 'd') row('cast', "m.cast('B')", (r) => { let x; for (let k = 0; k < r; k++) x = m.cast('B'); return x; },
      { 'new Uint8Array(buffer, off, 16)': (r) => { const u = M.u8(), b = u.buffer, o = u.byteOffset; let x; for (let k = 0; k < r; k++) x = new Uint8Array(b, o, 16); return x; } });
    else row('cast', "m.cast('I')", (r) => { let x; for (let k = 0; k < r; k++) x = m.cast('I'); return x; },
      { 'new Uint32Array(buffer, off, 4)': (r) => { const u = M.u8(), b = u.buffer, o = u.byteOffset; let x; for (let k = 0; k < r; k++) x = new Uint32Array(b, o, 4); return x; } });
  });

  // ---- slice and cast: JS memory vs wasm memory (the same time) -------------------
  for (const kind of JS_KINDS) setup('slice / cast: JS memory vs wasm memory', kind, () => {
    const J = memory(kind, rnd.subarray(0, KB), mv), W = memory('bytearray', rnd.subarray(0, KB), mv);
    const j = J.view('B'), w = W.view('B');
    const g = 'slice / cast: JS memory vs wasm memory (1 KB, viewed as B)';
    const pair = (id, op, fj, fw) => add({ id: `${id}_${kind}`, group: g, op: `${op}, ${kind}`, goal: { max: 1.1 },
      goalText: 'the same time as on bytearray (≤ 1.10x)', mv: fj, refs: { 'the same on bytearray': fw } });
    pair('slice_js', 'm.slice(1, 3)', (r) => { let x; for (let k = 0; k < r; k++) x = j.slice(1, 3); return x; }, (r) => { let x; for (let k = 0; k < r; k++) x = w.slice(1, 3); return x; });
    pair('cast_js', "m.cast('I')", (r) => { let x; for (let k = 0; k < r; k++) x = j.cast('I'); return x; }, (r) => { let x; for (let k = 0; k < r; k++) x = w.cast('I'); return x; });
    pair('castshape_js', "m.cast('B', [n])", (r) => { let x; for (let k = 0; k < r; k++) x = j.cast('B', [KB]); return x; }, (r) => { let x; for (let k = 0; k < r; k++) x = w.cast('B', [KB]); return x; });
  });

  // ---- what each JS copy of a C rule buys: the JS path vs the C path ---------------
  // Bigint arguments make the JS path decline, so C decides. Here "memview" is the
  // C path and the reference the JS path: the ratio is what the JS path buys.
  for (const kind of ['bytearray', 'Buffer']) setup('JS path vs C path', kind, () => {
    const M = memory(kind, rnd.subarray(0, LOOP_BYTES), mv), m = M.view('B'), n = LOOP_BYTES;
    const idx = Array.from({ length: n }, (_, i) => i), bidx = idx.map(BigInt);
    const g = 'JS path vs C path (what each JS copy of a C rule buys)';
    const pair = (id, op, fc, fjs, items) => add({ id: `${id}_${kind}`, group: g, op: `${op}, ${kind}`, goal: null, items,
      goalText: 'none: the ratio is C path / JS path', check: true, mv: fc, refs: { 'JS path': fjs }, path: true });
    pair('path_slice', 'slice: m.slice(1n, 3n) (C) vs m.slice(1, 3) (JS)',
      (r) => { let x; for (let k = 0; k < r; k++) x = m.slice(1n, 3n); return x.length; }, (r) => { let x; for (let k = 0; k < r; k++) x = m.slice(1, 3); return x.length; });
    pair('path_cast', `cast: m.cast('B', [BigInt(n)]) (C) vs m.cast('B', [n]) (JS), n = ${n}`,
      (r) => { let x; const s = [BigInt(n)]; for (let k = 0; k < r; k++) x = m.cast('B', s); return x.length; }, (r) => { let x; const s = [n]; for (let k = 0; k < r; k++) x = m.cast('B', s); return x.length; });
    pair('path_get', 'get: m.get(BigInt(i)) loop (C) vs m.get(i) loop (JS), indices precomputed',
      (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) c += m.get(bidx[i]); return c; }, (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) c += m.get(idx[i]); return c; }, n);
    const m16 = m.slice(0, 16);
    pair('path_count', 'count: m.count(0n) (C) vs m.count(0) (JS), 16 B',
      (r) => { let c = 0; for (let k = 0; k < r; k++) c += m16.count(0n); return c; }, (r) => { let c = 0; for (let k = 0; k < r; k++) c += m16.count(0); return c; });
    pair('path_index', 'index: m.index(m[15] as a bigint) (C) vs m.index(m[15]) (JS), 16 B',
      (r) => { let c = 0; const v = BigInt(m16.get(15)); for (let k = 0; k < r; k++) c += m16.index(v); return c; }, (r) => { let c = 0; const v = m16.get(15); for (let k = 0; k < r; k++) c += m16.index(v); return c; });
    pair('path_set', 'set: m.set(BigInt(i), v) loop (C) vs m.set(i, v) loop (JS)',
      (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) m.set(bidx[i], i & 255); return 0; }, (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) m.set(idx[i], i & 255); return 0; }, n);
    const e1 = m.slice(0, 16), e2 = m.slice(16, 32), c1 = e1.cast('B', [1, 16]), c2 = e2.cast('B', [1, 16]);
    pair('path_equals', 'equals: of two [1, 16] views (C) vs two 16-byte views (JS)',
      (r) => { let c = 0; for (let k = 0; k < r; k++) if (c1.equals(c2)) c++; return c; }, (r) => { let c = 0; for (let k = 0; k < r; k++) if (e1.equals(e2)) c++; return c; });
    pair('path_assign', 'assign: of a [1, 16] view (C) vs a 16-byte view (JS)',
      (r) => { for (let k = 0; k < r; k++) c1.assign(c2); return 0; }, (r) => { for (let k = 0; k < r; k++) e1.assign(e2); return 0; });
    const side = 64, m2 = m.cast('B', [n / side, side]);
    pair('path_getnd', `N-D get: m.get(BigInt(i), BigInt(j)) loop (C) vs m.get(i, j) loop (JS), [${n / side}, ${side}]`,
      (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n / side; i++) for (let j = 0; j < side; j++) c += m2.get(bidx[i], bidx[j]); return c; },
      (r) => { let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n / side; i++) for (let j = 0; j < side; j++) c += m2.get(idx[i], idx[j]); return c; }, n);
    // cast without a shape: castFast (js/view.js) takes 1-D views only
    pair('path_cast_flat', "cast: c1.cast('I') of a [1, 16] view (C) vs m16.cast('I') (JS)",
      (r) => { let x; for (let k = 0; k < r; k++) x = c1.cast('I'); return x.length; }, (r) => { let x; for (let k = 0; k < r; k++) x = e1.cast('I'); return x.length; });
    // tobytes: order 'F' of a 1-D view is the same bytes, by C (js/view.js tobytes)
    pair('path_tobytes', "tobytes: m16.tobytes('F') (C) vs m16.tobytes() (JS), 16 B",
      (r) => { let x; for (let k = 0; k < r; k++) x = e1.tobytes('F'); return x.length; }, (r) => { let x; for (let k = 0; k < r; k++) x = e1.tobytes(); return x.length; });
    // hex: a separator every n bytes of an n-byte view adds none, and is C's (HEX_NATIVE in js/view.js: 256)
    for (const len of [16, 256]) {
      const h = m.slice(0, len);
      pair(`path_hex${len}`, `hex: m.hex(':', ${len}) (C) vs m.hex() (JS, Node's), ${len} B`,
        (r) => { let x; for (let k = 0; k < r; k++) x = h.hex(':', len); return x.length; }, (r) => { let x; for (let k = 0; k < r; k++) x = h.hex(); return x.length; });
    }
    // struct: a bigint offset makes fastAddress (js/struct.js) decline
    const S = new mv.struct.Struct('<IHH'), x = M.mem;
    pair('path_unpack_from', "struct: Struct('<IHH').unpack_from(x, 8n) (C) vs unpack_from(x, 8) (JS)",
      (r) => { let t; for (let k = 0; k < r; k++) t = S.unpack_from(x, 8n); return t.length; }, (r) => { let t; for (let k = 0; k < r; k++) t = S.unpack_from(x, 8); return t.length; });
    pair('path_pack_into', "struct: Struct('<IHH').pack_into(x, 8n, …) (C) vs pack_into(x, 8, …) (JS)",
      (r) => { for (let k = 0; k < r; k++) S.pack_into(x, 8n, k, 7, 9); return 0; }, (r) => { for (let k = 0; k < r; k++) S.pack_into(x, 8, k, 7, 9); return 0; });
  });
  // In JS memory C's call stages the bytes first: count and equals loop in JS
  // up to 128 items there, and index() of bytes runs indexOf up to 2 KB (js/view.js).
  setup('JS path vs C path', 'staged, 1 KB', () => {
    const g = 'JS path vs C path (what each JS copy of a C rule buys)';
    const pair = (id, op, fc, fjs) => add({ id, group: g, op, goal: null, goalText: 'none: the ratio is C path / JS path',
      check: true, mv: fc, refs: { 'JS path': fjs }, path: true });
    const d = memory('Float64Array', doubleBytes(KB), mv).view('d');
    pair('path_count_staged', "count: m.count(0n) (C) vs m.count(0) (JS), 'd', 1 KB, Float64Array",
      (r) => { let c = 0; for (let k = 0; k < r; k++) c += d.count(0n); return c; }, (r) => { let c = 0; for (let k = 0; k < r; k++) c += d.count(0); return c; });
    const b = memory('Uint8Array', new Uint8Array(KB).fill(1), mv).view('B');
    b.set(KB - 1, 0); // found last
    pair('path_index_staged', "index: m.index(0n) (C) vs m.index(0) (JS, indexOf), 'B', 1 KB, Uint8Array, found last",
      (r) => { let c = 0; for (let k = 0; k < r; k++) c += b.index(0n); return c; }, (r) => { let c = 0; for (let k = 0; k < r; k++) c += b.index(0); return c; });
  });

  // array items: a bigint makes the item's accessor decline, so C checks and
  // packs it (js/exporters.js storeItem); arrays live in wasm memory only
  setup('JS path vs C path', 'array items', () => {
    const g = 'JS path vs C path (what each JS copy of a C rule buys)', n = 256;
    const a = mv.array('i', new Array(n).fill(0)), vals = Array.from({ length: n }, (_, i) => i * 1000 - 7), bvals = vals.map(BigInt);
    add({ id: 'path_array_set', group: g, op: `array: a.set(i, BigInt(v)) loop (C) vs a.set(i, v) loop (JS), 'i', ${n} items`, goal: null,
      goalText: 'none: the ratio is C path / JS path', check: true, items: n, path: true,
      mv: (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) a.set(i, bvals[i]); return a.tolist(); },
      refs: { 'JS path': (r) => { for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) a.set(i, vals[i]); return a.tolist(); } } });
  });

  // memoryview(x) of an exporter: the words of its format's template
  // (js/fastpath.js wholeViewTemplate) or C's mv_view_init (js/view.js
  // wholeViewInC). C makes only the first view of each format, so nothing
  // public sends a format seen before to C: this row times js/ (the code
  // dist/ bundles, a second instance, loaded only for this row), whose
  // wholeViewInC it calls itself.
  const wrapGroup = 'JS path vs C path (what each JS copy of a C rule buys)';
  if (['bytearray', 'Buffer'].some((kind) => wanted({ id: `path_wrap_${kind}`, group: wrapGroup }))) {
    const [viewModule, exportersModule, jsMemoryModule, jsMv] = await Promise.all(['view', 'exporters', 'jsmemory', 'memview']
      .map((name) => import(`../js/${name}.js`)));
    // what check compares: the view's every property and its items
    const described = (m) => [m.format, m.itemsize, m.nbytes, m.readonly, m.shape, m.strides, m.contiguous, m.tolist()];
    for (const kind of ['bytearray', 'Buffer']) setup('JS path vs C path', `memoryview(), ${kind}`, () => {
      const x = kind === 'bytearray' ? jsMv.bytearray(Uint8Array.from({ length: 16 }, (_, i) => i)) : Buffer.from(rnd.subarray(0, 16));
      const exporter = () => exportersModule.storeOf(x) || jsMemoryModule.jsExporter(x); // as memoryview() finds it
      add({ id: `path_wrap_${kind}`, group: wrapGroup,
        op: `memoryview(x): by C (wholeViewInC) vs from the template (JS), 16 B, ${kind}; js/, not dist/`, goal: null,
        goalText: 'none: the ratio is C path / JS path', check: true, path: true,
        mv: (r) => { let m; for (let k = 0; k < r; k++) { const ex = exporter(); m = viewModule.wholeViewInC(ex, ex._getbuffer()); } return described(m); },
        refs: { 'JS path': (r) => { let m; for (let k = 0; k < r; k++) m = jsMv.memoryview(x); return described(m); } } });
    });
  }

  // ---- the whole task: a ~95 KB record file from fs.readFile ----------------------
  await (async () => { try {
    await writeFile(tmpFile, makeRecordFile());
    const buf = await readFile(tmpFile); // as the program gets it
    const parse = memviewParser(mv);
    const ba = bytearray(buf);
    if (!sameParse(parse(buf), parseNative(buf)) || !sameParse(parse(ba), parseNative(buf))) throw new Error('bench: the record parses disagree');
    const g = `the whole task: parse a ${(buf.length / 1000).toFixed(0)} KB record file read with fs.readFile (the parse timed, not the read)`;
    /** reps parses of file b by parser p. */
    const parses = (p, b) => (r) => { let x; for (let k = 0; k < r; k++) x = p(b); return x.records.length; };
    add({ id: 'task_buffer', group: g, op: 'memview on the Buffer itself (struct, slice, hex, tobytes, index)',
      goal: { max: 1.5 }, goalText: '≤ 1.5x DataView + Buffer code', pyKey: 'task',
      mv: parses(parse, buf), refs: { 'DataView + Buffer code': parses(parseNative, buf) } });
    setup(g, 'memview on the Buffer itself vs python-struct (the npm peer) and Buffer code', () => {
      if (PS instanceof Error) throw PS;
      const parsePeer = pythonStructParser(PS);
      if (!sameParse(parsePeer(buf), parseNative(buf))) throw new Error('bench: the python-struct parse disagrees');
      add({ id: 'task_peer', group: g, op: 'memview on the Buffer itself vs python-struct (the npm peer) and Buffer code',
        goal: { max: 1 }, goalText: 'faster than python-struct + Buffer code (≤ 1x)',
        mv: parses(parse, buf), refs: { 'python-struct + Buffer code': parses(parsePeer, buf) } });
    });
    add({ id: 'task_bytearray', group: g, op: 'memview on a bytearray copy of it (copied once, outside the timing)',
      goal: null, goalText: 'none (for comparison)', pyKey: 'task',
      mv: parses(parse, ba), refs: { 'DataView + Buffer code': parses(parseNative, buf) } });
  } catch (e) { rows.push({ id: 'setup_task', group: 'the whole task', op: 'record file parse', goal: null, goalText: '—', setupError: e }); } })();
  return rows;
}
