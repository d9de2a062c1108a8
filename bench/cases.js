// The cases of `make bench` from issue 7's table (issue 14's rows are in
// bench/targets.js): for each operation, memview's version and the plain-JS
// alternatives (Buffer / TypedArray / DataView code, written the fast way).
// Each function runs `reps` operations and returns something for sink(). The
// CPython side is bench/python_bench.py, keyed by the same ids. memview is
// the shipped bundle, dist/memview.js (`make dist`), not js/.
import { randomFillSync } from 'node:crypto';
import { memoryview, bytearray, bytes, struct } from '../dist/memview.js';

export const MB = 1 << 20;
export const SIZES = { big: 10 * MB, hexsep: MB, nlist: 1_000_000, nget: 100_000, search: 100 * MB,
  eqd: MB, iter: MB };

function randomBytes(n) {
  const u8 = new Uint8Array(n);
  for (let at = 0; at < n; at += 1 << 16) randomFillSync(u8, at, Math.min(1 << 16, n - at));
  return u8;
}

/** A memview bytearray holding a copy of u8, and its 'B' view. */
function wasmCopy(u8) {
  const b = bytearray(u8.length);
  const m = memoryview(b);
  m.asTypedArray().set(u8);
  return m;
}

/** Doubles without NaN (a NaN makes == stop at the first item): 0.5 * i. */
function doubles(nbytes) {
  const f = new Float64Array(nbytes / 8);
  for (let i = 0; i < f.length; i++) f[i] = 0.5 * i;
  return new Uint8Array(f.buffer);
}

// ---- hex with separators, the best plain-JS versions ------------------------

const HEX_DIGITS = (() => { // the two hex digit char codes of byte b at [2b], [2b + 1]
  const t = new Uint8Array(512), d = '0123456789abcdef';
  for (let b = 0; b < 256; b++) { t[2 * b] = d.charCodeAt(b >> 4); t[2 * b + 1] = d.charCodeAt(b & 15); }
  return t;
})();

/** bytes.hex(sep, 2) in JS: digits via a table into a byte buffer, one latin1 decode.
 *  Groups of 2 bytes counted from the right, as Python does for a positive count. */
function hexSepTable(u8, sep) {
  const n = u8.length;
  if (n === 0) return '';
  const out = Buffer.allocUnsafe(2 * n + ((n + 1) >> 1) - 1), t = HEX_DIGITS;
  let o = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && ((n - i) & 1) === 0) out[o++] = sep;
    const b = 2 * u8[i];
    out[o] = t[b]; out[o + 1] = t[b + 1];
    o += 2;
  }
  return out.toString('latin1', 0, o);
}
/** The same through Buffer's hex, then a separator every 4 digits (n even only). */
function hexSepSplice(buf) {
  const h = buf.toString('hex'), parts = new Array(h.length >> 2);
  for (let k = 0; k < parts.length; k++) parts[k] = h.substr(4 * k, 4);
  return parts.join(':');
}

// ---- strided copy, the best plain-JS versions -------------------------------

/** n bytes that the caller overwrites in full: Node's buffer without the zero fill. */
const uninitialized = (n) => new Uint8Array(Buffer.allocUnsafeSlow(n).buffer, 0, n);

function stride2Bytes(u8) {
  const n = u8.length >> 1, out = uninitialized(n);
  for (let i = 0; i < n; i++) out[i] = u8[2 * i];
  return out;
}
function stride2Words(u8) { // little-endian: the low byte of each uint16
  const u16 = new Uint16Array(u8.buffer, u8.byteOffset, u8.length >> 1), n = u16.length;
  const out = uninitialized(n);
  for (let i = 0; i < n; i++) out[i] = u16[i];
  return out;
}
function stride2Dwords(u8) { // two uint32 in, one uint32 of four picked bytes out
  const u32 = new Uint32Array(u8.buffer, u8.byteOffset, u8.length >> 2), n = u32.length >> 1;
  const out = uninitialized(u8.length >> 1), o32 = new Uint32Array(out.buffer, 0, n);
  for (let i = 0; i < n; i++) {
    const a = u32[2 * i], b = u32[2 * i + 1];
    o32[i] = (a & 0xff) | ((a >>> 8) & 0xff00) | ((b & 0xff) << 16) | ((b >>> 16 & 0xff) << 24);
  }
  return out;
}

// ---- the rows ----------------------------------------------------------------
//
// unit: 'op' (ns per call), 'item' (ns per item, `items` per call) or 'GBs'
// (`bytes` per call). pass(f) gets { mv, js, py } in ns per call and returns
// the ratio test; ratios are speed ratios (theirs / ours: > 1 means memview
// is faster).

export async function makeRows(sizes = SIZES) {
  const rows = [];
  const big = randomBytes(sizes.big);
  const bigBuf = Buffer.from(big.buffer, big.byteOffset, big.length);
  const bigCopy = Buffer.from(big); // a second buffer with the same bytes
  const m = wasmCopy(big), w = wasmCopy(big);

  rows.push({ id: 'slice', op: 'm.slice(a, b)', unit: 'op', goal: '< CPython; <= 1.5x subarray time',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = m.slice(100, 200); return x; },
    js: { 'u8.subarray': (r) => { let x; for (let k = 0; k < r; k++) x = big.subarray(100, 200); return x; } },
    pass: (f) => f.mv < f.py && f.mv <= 1.5 * f.js });

  const nget = sizes.nget, small = m.slice(0, nget), smallU8 = big.subarray(0, nget);
  rows.push({ id: 'get', op: 'm.get(i) loop, 1-D B', unit: 'item', items: nget, goal: '<= 5 ns/item',
    mv: (r) => { let s = 0; for (let k = 0; k < r; k++) for (let i = 0; i < nget; i++) s += small.get(i); return s; },
    js: { 'u8[i]': (r) => { let s = 0; for (let k = 0; k < r; k++) for (let i = 0; i < nget; i++) s += smallU8[i]; return s; } },
    pass: (f) => f.mv / nget <= 5 });

  const nlist = sizes.nlist, mi = m.slice(0, 4 * nlist).cast('i');
  const i32 = new Int32Array(big.buffer, 0, nlist);
  const listAlts = {
    'Array.from(i32)': (r) => { let x; for (let k = 0; k < r; k++) x = Array.from(i32); return x.length; },
    'loop into new Array(n)': (r) => {
      let x;
      for (let k = 0; k < r; k++) { x = new Array(nlist); for (let i = 0; i < nlist; i++) x[i] = i32[i]; }
      return x.length;
    },
    '[...i32]': (r) => { let x; for (let k = 0; k < r; k++) x = [...i32]; return x.length; },
  };
  rows.push({ id: 'spread', op: '[...m], 1e6 i', unit: 'item', items: nlist, goal: '<= 8 ns/item',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = [...mi]; return x.length; },
    js: listAlts, pass: (f) => f.mv / nlist <= 8 });
  rows.push({ id: 'tolist', op: 'm.tolist(), 1e6 i', unit: 'item', items: nlist, goal: '<= 8 ns/item',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = mi.tolist(); return x.length; },
    js: listAlts, pass: (f) => f.mv / nlist <= 8 });

  rows.push({ id: 'tobytes', fresh: true, op: 'm.tobytes(), 10 MB', unit: 'GBs', bytes: sizes.big, goal: '>= 1x u8.slice()',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = m.tobytes(); return x.length; },
    js: { 'u8.slice()': (r) => { let x; for (let k = 0; k < r; k++) x = big.slice(); return x.length; },
      'allocUnsafeSlow + set': (r) => { let x; for (let k = 0; k < r; k++) { x = uninitialized(big.length); x.set(big); } return x.length; } },
    pass: (f) => f.jsAll['u8.slice()'] / f.mv >= 1 });

  const n = sizes.big;
  const want = Buffer.from(m.slice(0, n, 2).tobytes());
  for (const f of [stride2Bytes, stride2Words, stride2Dwords])
    if (!want.equals(f(big))) throw new Error(`bench: ${f.name} is wrong`);
  rows.push({ id: 'strided', fresh: true, op: 'm.slice(0, n, 2).tobytes(), 10 MB', unit: 'GBs', bytes: n,
    goal: '>= 2x best JS loop, >= 10x CPython',
    mv: (r) => { let x; for (let k = 0; k < r; k++) { const s = m.slice(0, n, 2); x = s.tobytes(); s.release(); } return x.length; },
    js: { 'u8 loop': (r) => { let x; for (let k = 0; k < r; k++) x = stride2Bytes(big); return x.length; },
      'u16 loop': (r) => { let x; for (let k = 0; k < r; k++) x = stride2Words(big); return x.length; },
      'u32 pairs loop': (r) => { let x; for (let k = 0; k < r; k++) x = stride2Dwords(big); return x.length; } },
    pass: (f) => f.js / f.mv >= 2 && f.py / f.mv >= 10 });

  rows.push({ id: 'hex', fresh: true, op: 'm.hex(), 10 MB', unit: 'GBs', bytes: n, goal: ">= 2x Buffer.toString('hex')",
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = m.hex(); return x.length; },
    js: { "toString('hex')": (r) => { let x; for (let k = 0; k < r; k++) x = bigBuf.toString('hex'); return x.length; } },
    pass: (f) => f.js / f.mv >= 2 });

  const hs = sizes.hexsep, mh = m.slice(0, hs), bh = bigBuf.subarray(0, hs);
  const odd = bigBuf.subarray(0, 1001);
  if (hexSepTable(odd, 58) !== m.slice(0, 1001).hex(':', 2) || hexSepTable(bh, 58) !== hexSepSplice(bh)
    || hexSepSplice(bh) !== mh.hex(':', 2)) throw new Error('bench: hex(sep) versions disagree');
  rows.push({ id: 'hexsep', fresh: true, op: "m.hex(':', 2), 1 MB", unit: 'GBs', bytes: hs, goal: '>= CPython, >= 4x best JS',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = mh.hex(':', 2); return x.length; },
    js: { 'table + latin1': (r) => { let x; for (let k = 0; k < r; k++) x = hexSepTable(bh, 58); return x.length; },
      "toString('hex') + join": (r) => { let x; for (let k = 0; k < r; k++) x = hexSepSplice(bh); return x.length; } },
    pass: (f) => f.py / f.mv >= 1 && f.js / f.mv >= 4 });

  const m4k = m.slice(0, 4096);
  rows.push({ id: 'cast_i', op: "m.cast('i')", unit: 'op', goal: '< CPython',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = m4k.cast('i'); return x; },
    js: { 'new Int32Array(buf, off, n)': (r) => { let x; for (let k = 0; k < r; k++) x = new Int32Array(big.buffer, 0, 1024); return x; } },
    pass: (f) => f.mv < f.py });
  rows.push({ id: 'cast_2d', op: "m.cast('B', [64, 64])", unit: 'op', goal: '< CPython',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = m4k.cast('B', [64, 64]); return x; },
    js: {}, pass: (f) => f.mv < f.py });

  rows.push({ id: 'eq_B', op: 'm.equals(w), 10 MB B', unit: 'GBs', bytes: n, goal: '>= 0.5x Buffer.compare',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = m.equals(w); if (!x) throw new Error('eq_B'); return x; },
    js: { 'Buffer.compare': (r) => { let x; for (let k = 0; k < r; k++) x = Buffer.compare(bigBuf, bigCopy); return x; } },
    pass: (f) => f.js / f.mv >= 0.5 });

  const dd = doubles(sizes.eqd), md = wasmCopy(dd).cast('d'), mdw = wasmCopy(dd).cast('d');
  const fa = new Float64Array(dd.buffer), fb = new Float64Array(dd.slice().buffer);
  rows.push({ id: 'eq_d', op: 'm.equals(w), 1 MB d', unit: 'GBs', bytes: sizes.eqd, goal: '>= CPython',
    mv: (r) => { let x; for (let k = 0; k < r; k++) x = md.equals(mdw); if (!x) throw new Error('eq_d'); return x; },
    js: { 'Float64Array loop': (r) => {
      let x;
      for (let k = 0; k < r; k++) { x = true; for (let i = 0; i < fa.length; i++) if (fa[i] !== fb[i]) { x = false; break; } }
      return x;
    } },
    pass: (f) => f.py / f.mv >= 1 });

  if (struct) {
    const s = new struct.Struct('<IHH'), sbuf = wasmCopy(big.subarray(0, 4096)), sdv = new DataView(big.buffer, 0, 4096);
    rows.push({ id: 'unpack_from', op: "Struct('<IHH').unpack_from(buf, off)", unit: 'op',
      goal: '>= 3x CPython (DataView ratio reported)',
      mv: (r) => { let x; for (let k = 0; k < r; k++) x = s.unpack_from(sbuf, 16); return x; },
      js: { 'DataView reads into [a, b, c]': (r) => {
        let x;
        for (let k = 0; k < r; k++) x = [sdv.getUint32(16, true), sdv.getUint16(20, true), sdv.getUint16(22, true)];
        return x;
      } },
      pass: (f) => f.py / f.mv >= 3 });
    const it = sizes.iter, ib = wasmCopy(big.subarray(0, it)), idv = new DataView(big.buffer, 0, it);
    rows.push({ id: 'iter_unpack', op: "struct.iter_unpack('<I', 1 MB)", unit: 'item', items: it / 4, goal: '<= 5 ns/item',
      mv: (r) => { let s2 = 0; for (let k = 0; k < r; k++) for (const t of struct.iter_unpack('<I', ib)) s2 += t[0]; return s2; },
      js: { 'DataView getUint32 loop': (r) => {
        let s2 = 0;
        for (let k = 0; k < r; k++) for (let o = 0; o < it; o += 4) s2 += idv.getUint32(o, true);
        return s2;
      } },
      pass: (f) => f.mv / (it / 4) <= 5 });
  }
  return { rows, m, w, big };
}

/** The search rows need 100 MB twice (wasm and JS): made after the others ran. */
export async function makeSearchRows(sizes = SIZES) {
  const hay = randomBytes(sizes.search), needle = Buffer.from([0x4d, 0x56, 0x21, 0x7f]);
  hay.set(needle, hay.length - 4);
  const hayBuf = Buffer.from(hay.buffer, hay.byteOffset, hay.length);
  const at = hayBuf.indexOf(needle);
  const mview = wasmCopy(hay);
  const rows = [];
  const jsAlt = { 'Buffer.indexOf': (r) => { let x; for (let k = 0; k < r; k++) x = hayBuf.indexOf(needle); return x; } };
  // As cli/find.js searches each chunk: bytearray.find with the pattern as a
  // memview bytes, both in wasm memory (so each call copies nothing).
  // (The editor's row went with web/doc.js: the editor now searches in a
  // Worker over js/, and bench/web.js times it in Chromium.)
  const hayBytes = mview.obj, pattern = bytes(needle);
  rows.push({ id: 'search', op: '4-byte search, 100 MB: CLI (cli/find.js: bytearray.find)',
    unit: 'GBs', bytes: at, goal: '>= 1x Buffer.indexOf',
    mv: (r) => {
      let x;
      for (let k = 0; k < r; k++) x = hayBytes.find(pattern, 0, hay.length);
      if (x !== at) throw new Error('search');
      return x;
    },
    js: jsAlt, pass: (f) => f.js / f.mv >= 1 });
  return rows;
}
