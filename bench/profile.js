// Where the time of each missed row goes: `node --expose-gc bench/profile.js`.
// Each block times the whole operation, then its parts (the C call alone on a
// scratch descriptor, the JS around it), then the prototype in bench/proto/.
// Figures go into bench/PROPOSALS.md; one run on a shared machine, so noisy.
import { memoryview, bytearray, struct } from '../js/memview.js';
import { W, F, heap, heapU8, alloc, free, writeFormat, wasmBuffer } from '../js/wasm.js';
import { measure } from './lib.js';
import * as P from './proto/fastpaths.js';
import { readFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';

const opts = { minMs: 20, samples: 5, warm: 1 };
const MB = 1 << 20;
const only = process.argv[2] ? new Set(process.argv[2].split(',')) : null;
const section = (id, title) => { if (only && !only.has(id)) return false; console.log(`\n## ${id}: ${title}`); return true; };
const show = (label, ns, per = 1, unit = 'ns') =>
  console.log(`  ${label.padEnd(58)} ${unit === 'GB/s' ? (per / ns).toFixed(2) : (ns / per).toFixed(1)} ${unit}`);

function wasmRandom(n) {
  const m = memoryview(bytearray(n));
  const t = m.asTypedArray();
  for (let a = 0; a < n; a += 65536) randomFillSync(t, a, Math.min(65536, n - a));
  return m;
}
const m = wasmRandom(10 * MB), w = memoryview(bytearray(m));

if (section('slice', 'm.slice(100, 200), m.cast(...)')) {
  const mem0 = wasmBuffer().byteLength;
  show('m.slice(100, 200), views left to the GC', measure((r) => { let x; for (let k = 0; k < r; k++) x = m.slice(100, 200); return x; }, opts));
  console.log(`  (wasm memory grew ${((wasmBuffer().byteLength - mem0) / MB).toFixed(0)} MB during that: unreleased descriptors)`);
  show('m.slice(100, 200) then .release()', measure((r) => { for (let k = 0; k < r; k++) m.slice(100, 200).release(); return 0; }, opts));
  show('  part: alloc(556) + free (the descriptor)', measure((r) => { for (let k = 0; k < r; k++) free(alloc(556)); return 0; }, opts));
  const p = m._p;
  show('  part: W.mv_view_slice into a scratch descriptor (C)', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += W.mv_view_slice(F.view, p, 100, 200, NaN, F.err); return s; }, opts));
  const reg = new FinalizationRegistry(() => {});
  show('  part: JS object + FinalizationRegistry.register', measure((r) => { let x; for (let k = 0; k < r; k++) { x = { _p: k, _cell: { ptr: k } }; reg.register(x, x._cell); } return x; }, opts));
  show('  part: JS object alone', measure((r) => { let x; for (let k = 0; k < r; k++) x = { _p: k, _cell: { ptr: k } }; return x; }, opts));
  const pf = { ...P.fastFacts(m), mbuf: {} };
  show('proto protoSlice (JS-only 1-D view, no descriptor)', measure((r) => { let x; for (let k = 0; k < r; k++) x = P.protoSlice(pf, 100, 200); return x; }, opts));
  const u8 = new Uint8Array(4096);
  show('u8.subarray(100, 200) for reference', measure((r) => { let x; for (let k = 0; k < r; k++) x = u8.subarray(100, 200); return x; }, opts));
  const m4k = m.slice(0, 4096), q = m4k._p;
  show("m.cast('i'), views left to the GC", measure((r) => { let x; for (let k = 0; k < r; k++) x = m4k.cast('i'); return x; }, opts));
  show("m.cast('i') then .release()", measure((r) => { for (let k = 0; k < r; k++) m4k.cast('i').release(); return 0; }, opts));
  show("  part: writeFormat('i')", measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += writeFormat('i'); return s; }, opts));
  writeFormat('i');
  show("  part: W.mv_view_cast('i') into a scratch descriptor (C)", measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += W.mv_view_cast(F.view, q, F.str, F.index, -1, F.err); return s; }, opts));
  heap().setFloat64(F.index, 64, true); heap().setFloat64(F.index + 8, 64, true); writeFormat('B');
  show("  part: W.mv_view_cast('B', [64, 64]) into a scratch descriptor (C)", measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += W.mv_view_cast(F.view, q, F.str, F.index, 2, F.err); return s; }, opts));
  show("m.cast('B', [64, 64]), views left to the GC", measure((r) => { let x; for (let k = 0; k < r; k++) x = m4k.cast('B', [64, 64]); return x; }, opts));
  show("m.cast('B', [64, 64]) then .release()", measure((r) => { for (let k = 0; k < r; k++) m4k.cast('B', [64, 64]).release(); return 0; }, opts));
}

if (section('get', 'm.get(i), [...m], m.tolist()')) {
  const n = 100000, s = m.slice(0, n), facts = P.fastFacts(s);
  show('m.get(i) per item', measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) x += s.get(i); return x; }, opts), n);
  show('  part: W.mv_view_get alone (C + call), per item', measure((r) => { let x = 0; const dv = heap(); for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) { dv.setFloat64(F.index, i, true); x += W.mv_view_get(s._p, F.index, 1, F.value, F.err); } return x; }, opts), n);
  show('  part: heap() (the byteLength staleness test)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) x += heap().getUint8(i); return x; }, opts), n);
  show('proto fastGet (JS read, u8.length staleness test)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) x += P.fastGet(facts, i); return x; }, opts), n);
  show('proto fastGet without the growth test', measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) x += P.fastGetNoCheck(facts, i); return x; }, opts), n);
  const N = 1000000, mi = m.slice(0, 4 * N).cast('i'), fi = P.fastFacts(mi);
  show('plain u8[i] loop for reference', measure((r) => { let x = 0; const t = heapU8(), b = heap().getUint32(s._p, true); for (let k = 0; k < r; k++) for (let i = 0; i < n; i++) x += t[b + i]; return x; }, opts), n);
  show('[...m] of 1e6 i, per item', measure((r) => { let x; for (let k = 0; k < r; k++) x = [...mi]; return x.length; }, opts), N);
  show('proto [...fastIter]', measure((r) => { let x; for (let k = 0; k < r; k++) x = [...P.fastIter(fi)]; return x.length; }, opts), N);
  const i32 = new Int32Array(N);
  show('plain [...new Int32Array(1e6)] for reference', measure((r) => { let x; for (let k = 0; k < r; k++) x = [...i32]; return x.length; }, opts), N);
  show('m.tolist() of 1e6 i, per item', measure((r) => { let x; for (let k = 0; k < r; k++) x = mi.tolist(); return x.length; }, opts), N);
  const out = alloc(8 * N);
  show('  part: W.mv_view_tolist into doubles (C)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_view_tolist(mi._p, out, F.err); return x; }, opts), N);
  free(out);
  show('proto fastTolist (Int32Array over wasm → Array)', measure((r) => { let x; for (let k = 0; k < r; k++) x = P.fastTolist(fi); return x.length; }, opts), N);
}

if (section('bulk', 'tobytes, strided tobytes, hex, hex(sep)')) {
  const n = 10 * MB, out = alloc(n);
  show('m.tobytes() 10 MB', measure((r) => { let x; for (let k = 0; k < r; k++) x = m.tobytes(); return x.length; }, opts), n, 'GB/s');
  show('  part: W.mv_view_tobytes (C memcpy into a temp)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_view_tobytes(m._p, out, 67, F.err); return x; }, opts), n, 'GB/s');
  show('  part: heapU8().slice of the temp (copy out)', measure((r) => { let x; for (let k = 0; k < r; k++) x = heapU8().slice(out, out + n); return x.length; }, opts), n, 'GB/s');
  show('proto fastTobytes (one slice out of wasm)', measure((r) => { let x; for (let k = 0; k < r; k++) x = P.fastTobytes(m); return x.length; }, opts), n, 'GB/s');
  const st = m.slice(0, n, 2);
  show('m.slice(0, n, 2).tobytes() (per source byte)', measure((r) => { let x; for (let k = 0; k < r; k++) x = st.tobytes(); return x.length; }, opts), n, 'GB/s');
  show('  part: W.mv_view_tobytes strided (C, memcpy per item)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_view_tobytes(st._p, out, 67, F.err); return x; }, opts), n, 'GB/s');
  free(out);
  const hs = W.mv_hex_size(n, -1, 1), hout = alloc(hs);
  show('m.hex() 10 MB', measure((r) => { let x; for (let k = 0; k < r; k++) x = m.hex(); return x.length; }, opts), n, 'GB/s');
  show('  part: W.mv_view_hex (C, per-byte cursor)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_view_hex(m._p, hout, -1, 1, F.err); return x; }, opts), n, 'GB/s');
  const td = new TextDecoder('latin1');
  show('  part: TextDecoder(latin1).decode of 20 MB', measure((r) => { let x; for (let k = 0; k < r; k++) x = td.decode(heapU8().subarray(hout, hout + hs)); return x.length; }, opts), n, 'GB/s');
  show('  proto: Buffer latin1Slice of 20 MB', measure((r) => { let x; for (let k = 0; k < r; k++) x = P.latin1String(hout, hs); return x.length; }, opts), n, 'GB/s');
  free(hout);
  const h1 = m.slice(0, MB), ss = W.mv_hex_size(MB, 58, 2), sout = alloc(ss);
  show("m.hex(':', 2) 1 MB", measure((r) => { let x; for (let k = 0; k < r; k++) x = h1.hex(':', 2); return x.length; }, opts), MB, 'GB/s');
  show('  part: W.mv_view_hex with sep (C)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_view_hex(h1._p, sout, 58, 2, F.err); return x; }, opts), MB, 'GB/s');
  show('  part: TextDecoder(latin1).decode', measure((r) => { let x; for (let k = 0; k < r; k++) x = td.decode(heapU8().subarray(sout, sout + ss)); return x.length; }, opts), MB, 'GB/s');
  show('  proto: Buffer latin1Slice', measure((r) => { let x; for (let k = 0; k < r; k++) x = P.latin1String(sout, ss); return x.length; }, opts), MB, 'GB/s');
  free(sout);
}

if (section('struct', 'unpack_from, iter_unpack')) {
  const s = new struct.Struct('<IHH'), sb = m.slice(0, 4096);
  show("Struct('<IHH').unpack_from(view, 16)", measure((r) => { let x; for (let k = 0; k < r; k++) x = s.unpack_from(sb, 16); return x; }, opts));
  show('  part: heap() alone', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += heap().byteLength; return x; }, opts));
  const dv = heap(), a = heap().getUint32(sb._p, true) + 16;
  show('  part: s._reader(dv, addr) (the generated reads)', measure((r) => { let x; for (let k = 0; k < r; k++) x = s._reader(dv, a); return x; }, opts));
  const ib = m.slice(0, MB), n = MB / 4;
  show("struct.iter_unpack('<I', 1 MB) per item", measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (const t of struct.iter_unpack('<I', ib)) x += t[0]; return x; }, opts), n);
  show('proto protoIterU32 (address once, tuple per item)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (const t of P.protoIterU32(ib)) x += t[0]; return x; }, opts), n);
  const s4 = new struct.Struct('<I');
  show("  Struct('<I').unpack_from(view, off) loop per item", measure((r) => { let x = 0; for (let k = 0; k < r; k++) for (let o = 0; o < MB; o += 4) x += s4.unpack_from(ib, o)[0]; return x; }, opts), n);
}

if (section('equals', 'equals B and d')) {
  const n = 10 * MB;
  show('m.equals(w) 10 MB B', measure((r) => { let x; for (let k = 0; k < r; k++) x = m.equals(w); return x; }, opts), n, 'GB/s');
  show('  part: W.mv_view_equals (C memcmp)', measure((r) => { let x = 0; for (let k = 0; k < r; k++) x += W.mv_view_equals(m._p, w._p); return x; }, opts), n, 'GB/s');
}

if (section('import', "import('memview') parts")) {
  const bytes = readFileSync(new URL('../js/memview.wasm', import.meta.url));
  show('new WebAssembly.Module(memview.wasm) (lazy compile), µs', measure((r) => { let x; for (let k = 0; k < r; k++) x = new WebAssembly.Module(bytes); return x; }, { minMs: 50, samples: 5, warm: 1 }), 1e3, 'µs');
}
