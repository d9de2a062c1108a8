// Two versions of js/ in one process, timed interleaved: for a change too
// small to see across `node` starts, whose speed varies more than the change.
//
//   node bench/ab.js <dirA> <dirB> <case,case,...>
//
// Each dir is a copy of js/ with js/memview.wasm in it (`cp -r js /tmp/a`).
// Each case is compiled once per copy from its source text, so that the two
// copies' call sites keep apart what they have seen. Rounds alternate A and B;
// the figure is each one's median. The version timed first in a round runs
// about 10% faster, whichever it is: run each order (A B, then B A).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { makeRecordFile, memviewParser, RECORD_SIZE } from './record.js';

const [dirA, dirB, which] = process.argv.slice(2);
if (!which) {
  console.error('usage: node bench/ab.js <dirA> <dirB> <case,...>');
  process.exit(2);
}
const versions = [await import(pathToFileURL(resolve(dirA, 'memview.js'))), await import(pathToFileURL(resolve(dirB, 'memview.js')))];
const OFFSETS = [0, 8, 16, 24];

// Each case: (mv) => (n) => runs n operations.
const cases = {
  pack_into_IHH: (mv) => {
    const S = new mv.struct.Struct('<IHH'), buf = Buffer.alloc(64);
    return (n) => { for (let i = 0; i < n; i++) S.pack_into(buf, OFFSETS[i & 3], i, i & 0xffff, 7); };
  },
  pack_into_d: (mv) => {
    const S = new mv.struct.Struct('<d'), buf = Buffer.alloc(64);
    return (n) => { for (let i = 0; i < n; i++) S.pack_into(buf, OFFSETS[i & 3], i * 0.5); };
  },
  pack_into_10I: (mv) => {
    const S = new mv.struct.Struct('<10I'), buf = Buffer.alloc(256);
    return (n) => { for (let i = 0; i < n; i++) S.pack_into(buf, OFFSETS[i & 3] * 5, i, 1, 2, 3, 4, 5, 6, 7, 8, 9); };
  },
  pack_into_bool: (mv) => {
    const S = new mv.struct.Struct('<I?'), buf = Buffer.alloc(64);
    return (n) => { for (let i = 0; i < n; i++) S.pack_into(buf, OFFSETS[i & 3], i, (i & 1) === 0); };
  },
  module_pack_into: (mv) => {
    const { struct } = mv, buf = Buffer.alloc(64);
    return (n) => { for (let i = 0; i < n; i++) struct.pack_into('<IHH', buf, OFFSETS[i & 3], i, i & 0xffff, 7); };
  },
  unpack_from_IHH: (mv) => {
    const S = new mv.struct.Struct('<IHH'), buf = Buffer.alloc(64), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = S.unpack_from(buf, OFFSETS[i & 3]); };
  },
  module_unpack_from: (mv) => {
    const { struct } = mv, buf = Buffer.alloc(64), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = struct.unpack_from('<IHH', buf, OFFSETS[i & 3]); };
  },
  // the table's shape: four formats through one pack_into, on five targets
  pack_into_mixed: (mv) => {
    const S4 = Uint8Array.of(1, 2, 3, 4);
    const packs = [['<IHH', (s, b, o) => s.pack_into(b, o, 0x12345678, 0xabcd, 7)], ['>I4s', (s, b, o) => s.pack_into(b, o, 0x12345678, S4)],
      ['<d', (s, b, o) => s.pack_into(b, o, 1.25)], ['<10I', (s, b, o) => s.pack_into(b, o, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]];
    const targets = [Buffer.alloc(256), new Uint8Array(256), mv.bytearray(256), mv.memoryview(mv.bytearray(256)), mv.memoryview(Buffer.alloc(256))];
    const runs = [];
    for (const [fmt, pack] of packs) for (const t of targets) runs.push([new mv.struct.Struct(fmt), pack, t]);
    return (n) => { const each = n / runs.length; for (const [s, pack, t] of runs) for (let i = 0; i < each; i++) pack(s, t, (i & 3) * 48); };
  },
  iter_unpack_16: (mv) => {
    const S = new mv.struct.Struct('<IHH'), buf = Buffer.alloc(16), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) for (const t of S.iter_unpack(buf)) ring[i & 15] = t; };
  },
  iter_unpack_64k: (mv) => { // n records of a 64 KB Buffer
    const S = new mv.struct.Struct('<IHH'), buf = Buffer.alloc(65536), ring = new Array(16);
    return (n) => { let i = 0; while (i < n) for (const t of S.iter_unpack(buf)) { ring[i & 15] = t; i++; } };
  },
  view16: (mv) => { // memoryview(m) of a 16-byte view: a copy of a view
    const m = mv.memoryview(new Uint8Array(16)), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = mv.memoryview(m); };
  },
  wrap16: (mv) => { // memoryview(x) of a 16-byte Buffer
    const b = Buffer.alloc(16), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = mv.memoryview(b); };
  },
  wrap16_fresh: (mv) => { // memoryview(x) of a new 16-byte Uint8Array each time (its buffer is new too)
    const ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = mv.memoryview(new Uint8Array(16)); };
  },
  cast16: (mv) => {
    const m = mv.memoryview(new Uint8Array(new ArrayBuffer(64), 0, 16)), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = m.cast('I'); };
  },
  slice16: (mv) => {
    const m = mv.memoryview(new Uint8Array(new ArrayBuffer(64), 0, 16)), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = m.slice(1, 3); };
  },
  task: (mv) => { // the record-file parse of bench/record.js on a Buffer, a parse per 1000 operations
    const parse = memviewParser(mv), file = makeRecordFile();
    return (n) => { for (let i = 0; i < n / 1000; i++) parse(file); };
  },
  hex8: (mv) => { // hex() of an 8-byte slice made before, as the record-file parse does
    const m = mv.memoryview(Buffer.alloc(4096)), views = Array.from({ length: 64 }, (_, k) => m.slice(k * 8, k * 8 + 8));
    return (n) => { for (let i = 0; i < n; i++) views[i & 63].hex(); };
  },
  assign16: (mv) => { // m.assign(m2) of two 16-byte views of Uint8Arrays, as the table's 16 B rows
    const m = mv.memoryview(new Uint8Array(16)), m2 = mv.memoryview(new Uint8Array(16).fill(7));
    return (n) => { for (let i = 0; i < n; i++) m.assign(m2); };
  },
  u8set16: () => { // assign16's reference, u8.set of 16 bytes: its time moves with the process as assign16's does
    const a = new Uint8Array(16), b = new Uint8Array(16).fill(7);
    return (n) => { for (let i = 0; i < n; i++) a.set(b); };
  },
  assign16_mixed: (mv) => { // the table's 16 B assign rows: one call site over its six memories
    const pair = () => [mv.bytearray(16), new Uint8Array(16), Buffer.alloc(16), new ArrayBuffer(16), new Float64Array(2), new SharedArrayBuffer(16)];
    const to = pair().map((x) => mv.memoryview(x)), from = pair().map((x) => mv.memoryview(x));
    return (n) => { const each = n / 6; for (let j = 0; j < 6; j++) { const m = to[j], m2 = from[j]; for (let i = 0; i < each; i++) m.assign(m2); } };
  },
  tobytes16: (mv) => { // tobytes() of 16 bytes of wasm memory and of a Uint8Array, as the table's 16 B rows
    const a = mv.memoryview(mv.bytearray(16)), b = mv.memoryview(new Uint8Array(16)), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i += 2) { ring[i & 15] = a.tobytes(); ring[(i + 1) & 15] = b.tobytes(); } };
  },
  tobytes100: (mv) => { // tobytes() of a 100-byte slice of a Buffer
    const m = mv.memoryview(Buffer.alloc(4096)).slice(64, 164), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = m.tobytes(); };
  },
  pack_IHH: (mv) => {
    const S = new mv.struct.Struct('<IHH'), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = S.pack(i, i & 0xffff, 7); };
  },
  sub2d: (mv) => { // the 2-D crop of bench/beyond.js: m.sub([100, 900], [200, 1000]) of a 1000x1000 view
    const m = mv.memoryview(mv.bytearray(1000 * 1000)).cast('B', [1000, 1000]), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = m.sub([100, 900], [200, 1000]); };
  },
  count2d: (mv) => { // m.count(0) of a 16-byte view of doubles, as the table's 16 B count rows
    const m = mv.memoryview(Float64Array.of(0, 0.5));
    let c = 0;
    return (n) => { for (let i = 0; i < n; i++) c += m.count(0); return c; };
  },
  // count, equals and index over 1 KB and more of JS memory, for js/view.js's
  // STAGED_LOOKUP_ITEMS and STAGED_INDEX_BYTES (time a copy with them raised)
  count128d: (mv) => { const m = mv.memoryview(new Float64Array(128)); let c = 0; return (n) => { for (let i = 0; i < n; i++) c += m.count(1); return c; }; },
  count256d: (mv) => { const m = mv.memoryview(new Float64Array(256)); let c = 0; return (n) => { for (let i = 0; i < n; i++) c += m.count(1); return c; }; },
  count512d: (mv) => { const m = mv.memoryview(new Float64Array(512)); let c = 0; return (n) => { for (let i = 0; i < n; i++) c += m.count(1); return c; }; },
  equals128d: (mv) => { const m = mv.memoryview(new Float64Array(128)), m2 = mv.memoryview(new Float64Array(128)); return (n) => { for (let i = 0; i < n; i++) m.equals(m2); }; },
  equals256d: (mv) => { const m = mv.memoryview(new Float64Array(256)), m2 = mv.memoryview(new Float64Array(256)); return (n) => { for (let i = 0; i < n; i++) m.equals(m2); }; },
  index1kB: (mv) => { const u = new Uint8Array(1024).fill(1); u[1023] = 0; const m = mv.memoryview(u); return (n) => { for (let i = 0; i < n; i++) m.index(0); }; },
  index2kB: (mv) => { const u = new Uint8Array(2048).fill(1); u[2047] = 0; const m = mv.memoryview(u); return (n) => { for (let i = 0; i < n; i++) m.index(0); }; },
  index4kB: (mv) => { const u = new Uint8Array(4096).fill(1); u[4095] = 0; const m = mv.memoryview(u); return (n) => { for (let i = 0; i < n; i++) m.index(0); }; },
  set_B_Buffer: (mv) => { // m.set(i, v) of a 64 KB Buffer, as the table's set rows
    const m = mv.memoryview(Buffer.alloc(65536)), vals = Array.from({ length: 65536 }, (_, i) => (i * 7) & 255);
    return (n) => { for (let i = 0; i < n; i++) m.set(i & 65535, vals[i & 65535]); };
  },
  set_B_bytearray: (mv) => {
    const m = mv.memoryview(new mv.bytearray(65536)), vals = Array.from({ length: 65536 }, (_, i) => (i * 7) & 255);
    return (n) => { for (let i = 0; i < n; i++) m.set(i & 65535, vals[i & 65535]); };
  },
  set_d_Buffer: (mv) => {
    const m = mv.memoryview(Buffer.alloc(65536)).cast('d'), vals = Array.from({ length: 8192 }, (_, i) => i * 0.25);
    return (n) => { for (let i = 0; i < n; i++) m.set(i & 8191, vals[i & 8191]); };
  },
  get_d_Buffer: (mv) => {
    const m = mv.memoryview(Buffer.alloc(65536)).cast('d');
    return (n) => { let c = 0; for (let i = 0; i < n; i++) if (m.get(i & 8191) !== -1) c++; return c; };
  },
  get_B_bytearray: (mv) => {
    const m = mv.memoryview(new mv.bytearray(65536));
    return (n) => { let c = 0; for (let i = 0; i < n; i++) if (m.get(i & 65535) !== -1) c++; return c; };
  },
  iter_view: (mv) => { // for...of a memoryview of 1 KB, and [...m] of 64 bytes
    const m = mv.memoryview(mv.bytearray(1024)), m64 = m.slice(0, 64);
    return (n) => { let c = 0; for (let i = 0; i < n; i += 64) { if (i & 64) c += [...m64].length; else for (const x of m) c += x; } return c; };
  },
  array_extend: (mv) => { // array('i') from 256 numbers, then 16 appends: each item stored by its accessor (C checks only what that declines); per item
    const items = Array.from({ length: 256 }, (_, i) => i * 1000 - 7);
    return (n) => { for (let i = 0; i < n / 272; i++) { const a = mv.array('i', items); for (let k = 0; k < 16; k++) a.append(k); a.release(); } };
  },
  assign_strided_sab: (mv) => { // into a strided view of a SharedArrayBuffer: only the items go back (C's runs)
    const dst = mv.memoryview(new SharedArrayBuffer(2048)).slice(0, 2048, 2), src = mv.bytearray(1024);
    return (n) => { for (let i = 0; i < n / 1000; i++) dst.assign(src); };
  },
  sub_bigint: (mv) => { // sub() with a bigint index: C's path (every int goes as an mv_value)
    const m = mv.memoryview(mv.bytearray(64)).cast('B', [8, 8]);
    return (n) => { for (let i = 0; i < n; i++) m.sub(BigInt(i & 7), [1, 5]); };
  },
  index16: (mv) => { // m.index(v) of 16 bytes, found last (the JS loop), and bytes.find of 2 bytes in 16
    const m = mv.memoryview(mv.bytearray(Uint8Array.from({ length: 16 }, (_, i) => i))), b = mv.bytes(Uint8Array.from({ length: 16 }, (_, i) => i)), sub = mv.bytes([14, 15]);
    let x = 0; return (n) => { for (let i = 0; i < n; i++) x += m.index(15) + b.find(sub, 1); return x; };
  },
  iter_bytearray: (mv) => { // for...of a 1 KB bytearray and a 16-item array('d'), as a program iterates them
    const b = mv.bytearray(1024), d = mv.array('d', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    return (n) => { let c = 0; for (let i = 0; i < n; i += 64) { for (const x of (i & 64 ? d : b)) c += x; } return c; };
  },
  get_in_c: (mv) => { // m.get(k) with a bigint k: C's locate and get (view.js _get), a Buffer and a bytearray
    const a = mv.memoryview(Buffer.alloc(4096)), b = mv.memoryview(mv.bytearray(4096));
    return (n) => { let c = 0; for (let i = 0; i < n; i++) c += (i & 1 ? a : b).get(BigInt(i & 4095)); return c; };
  },
  set_in_c: (mv) => { // m.set(k, v) with a bigint k: view.js _set
    const a = mv.memoryview(Buffer.alloc(4096)), b = mv.memoryview(mv.bytearray(4096));
    return (n) => { for (let i = 0; i < n; i++) (i & 1 ? a : b).set(BigInt(i & 4095), i & 255); };
  },
  get_q: (mv) => { // m.get(i) of 'q' items of a Buffer, as the table's get rows
    const m = mv.memoryview(Buffer.alloc(65536)).cast('q');
    return (n) => { let c = 0; for (let i = 0; i < n; i++) if (m.get(i & 8191) !== -1n) c++; return c; };
  },
  set_q: (mv) => {
    const m = mv.memoryview(Buffer.alloc(65536)).cast('q'), vals = Array.from({ length: 8192 }, (_, i) => BigInt(i) * 0x1234567n - 5n);
    return (n) => { for (let i = 0; i < n; i++) m.set(i & 8191, vals[i & 8191]); };
  },
  set_Q_bytearray: (mv) => {
    const m = mv.memoryview(new mv.bytearray(65536)).cast('Q'), vals = Array.from({ length: 8192 }, (_, i) => BigInt(i) * 0x1234567n + 5n);
    return (n) => { for (let i = 0; i < n; i++) m.set(i & 8191, vals[i & 8191]); };
  },
  slice: (mv) => {
    const m = mv.memoryview(Buffer.alloc(4096)), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = m.slice(i & 1023, (i & 1023) + 8); };
  },
  // C's kernels on wasm memory, for two builds of the wasm (same js/, another
  // memview.wasm). The 64 KiB ones run one big call per 1000 of n: the
  // figures are ratios, not times per call.
  hex64k: (mv) => { const m = mv.memoryview(mv.bytearray(65536)); return (n) => { for (let i = 0; i < n / 1000; i++) m.hex(); }; },
  equals64k: (mv) => {
    const m = mv.memoryview(mv.bytearray(65536)), m2 = mv.memoryview(mv.bytearray(65536));
    return (n) => { for (let i = 0; i < n / 1000; i++) m.equals(m2); };
  },
  find64k: (mv) => {
    const hay = mv.bytearray(65536), needle = mv.bytes(Uint8Array.of(1, 2, 3, 4));
    hay[65530] = 1; hay[65531] = 2; hay[65532] = 3; hay[65533] = 4;
    return (n) => { for (let i = 0; i < n / 1000; i++) hay.find(needle); };
  },
  strided64k: (mv) => { // m[::2].tobytes(): C's gather
    const m = mv.memoryview(mv.bytearray(131072)).slice(0, 131072, 2);
    return (n) => { for (let i = 0; i < n / 1000; i++) m.tobytes(); };
  },
  count64k: (mv) => { const m = mv.memoryview(mv.bytearray(new Uint8Array(65536).fill(1))); return (n) => { for (let i = 0; i < n / 1000; i++) m.count(1); }; },
  pack_into_I4s: (mv) => { // '>I4s' pack_into of a memview bytes value
    const S = new mv.struct.Struct('>I4s'), buf = Buffer.alloc(64), tag = mv.bytes('abcd');
    return (n) => { for (let i = 0; i < n; i++) S.pack_into(buf, OFFSETS[i & 3], i, tag); };
  },
  pack_I4s: (mv) => { // '>I4s' pack of a memview bytes value
    const S = new mv.struct.Struct('>I4s'), v = mv.bytes(Uint8Array.of(1, 2, 3, 4)), ring = new Array(16);
    return (n) => { for (let i = 0; i < n; i++) ring[i & 15] = S.pack(i, v); };
  },
  get2d: (mv) => { // m.get(i, j) of a 2-D view: C's lookup
    const m = mv.memoryview(mv.bytearray(4096)).cast('B', [64, 64]);
    let x = 0; return (n) => { for (let i = 0; i < n; i++) x += m.get(i & 63, (i >> 6) & 63); return x; };
  },
};

const N = 200_000;
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const time = (f) => { const t0 = process.hrtime.bigint(); f(N); return Number(process.hrtime.bigint() - t0) / N; };
for (const name of which.split(',')) {
  if (!(name in cases)) throw new Error(`no case ${name}: ${Object.keys(cases).join(', ')}`);
  // memviewParser too, from its text: each copy's parse keeps its own call sites
  const [fa, fb] = versions.map((mv) => new Function('mv', 'OFFSETS', 'RECORD_SIZE', 'makeRecordFile',
    `const memviewParser = ${memviewParser}; return (${cases[name]})(mv);`)(mv, OFFSETS, RECORD_SIZE, makeRecordFile));
  for (let k = 0; k < 5; k++) { time(fa); time(fb); }
  const ta = [], tb = [];
  for (let r = 0; r < 15; r++) { ta.push(time(fa)); tb.push(time(fb)); }
  const a = median(ta), b = median(tb);
  console.log(`${name.padEnd(20)} A ${a.toFixed(1)} ns  B ${b.toFixed(1)} ns  B/A ${(b / a).toFixed(2)}`);
}
