// Bench rows for issue 18 (beyond CPython): `node bench/beyond.js`.
//   get(i) on a '>I' view over a Buffer, against DataView.getUint32(i*4, false)
//   tolist() of 1e6 '<IHH' records, against the DataView loop building the arrays
//   a 2-D crop [100:900, 200:1000] of a 1000x1000 'B' view, against a 1-D slice; its tobytes() in GB/s
//   JS path vs C path for that crop: what js/ndindex.js's copy of C's sub-view arithmetic buys
// It times what ships: dist/memview.js (`make dist` first).
import { memoryview, bytearray } from '../dist/memview.js';

function time(fn, reps) {
  fn(); fn();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let k = 0; k < reps; k++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t) / reps);
  }
  return best; // ns per call
}
const rows = [];
const row = (name, ns, base, goal) => rows.push({ name, ns, base, ratio: base ? ns / base : null, goal });

{ // get(i) on '>I' over a Buffer
  const N = 1 << 16, buf = Buffer.alloc(4 * N);
  for (let i = 0; i < N; i++) buf.writeUInt32BE(i * 2654435761 >>> 0, 4 * i);
  const m = memoryview(buf).cast('>I'), dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let s = 0;
  const a = time(() => { for (let i = 0; i < N; i++) s += m.get(i); }, 20) / N;
  const b = time(() => { for (let i = 0; i < N; i++) s += dv.getUint32(i * 4, false); }, 20) / N;
  row("get(i), '>I' view over a Buffer (per item)", a, b, '<= 3x');
  if (s === 0.5) console.log(s);
}
{ // tolist() of 1e6 '<IHH' records
  const N = 1e6, ba = bytearray(8 * N), m = memoryview(ba).cast('<IHH');
  const buf = new Uint8Array(8 * N), dv = new DataView(buf.buffer);
  const a = time(() => m.tolist(), 3);
  const b = time(() => {
    const out = new Array(N);
    for (let i = 0, p = 0; i < N; i++, p += 8) out[i] = [dv.getUint32(p, true), dv.getUint16(p + 4, true), dv.getUint16(p + 6, true)];
    return out;
  }, 3);
  row("tolist(), 1e6 '<IHH' records", a, b, '<= 2x');
}
{ // 2-D crop
  const img = memoryview(bytearray(1000 * 1000)).cast('B', [1000, 1000]);
  const flat = memoryview(bytearray(1000 * 1000));
  const a = time(() => img.sub([100, 900], [200, 1000]), 20000);
  const b = time(() => flat.slice(100, 900), 20000);
  row('crop [100:900, 200:1000] of 1000x1000 B (a view)', a, b, 'as cheap as a 1-D slice');
  // Bigint keys make the JS path decline, so C decides (as in bench/targets.js's
  // "JS path vs C path" rows); the ratio is C path / JS path.
  const c = time(() => img.sub([100n, 900n], [200n, 1000n]), 20000);
  row('JS path vs C path: crop with bigint keys (C) vs Number keys (JS)', c, a, 'none: the ratio is what the JS path buys');
  const crop = img.sub([100, 900], [200, 1000]);
  const t = time(() => crop.tobytes(), 50);
  rows.push({ name: 'crop.tobytes() (640,000 bytes)', ns: t, base: null, ratio: null, goal: '>= 5 GB/s', gbps: 640000 / t });
}
for (const r of rows) {
  const extra = r.gbps ? ` ${r.gbps.toFixed(1)} GB/s` : r.ratio !== null ? ` vs ${r.base.toFixed(1)} ns: ${r.ratio.toFixed(2)}x` : '';
  console.log(`${r.name}: ${r.ns.toFixed(1)} ns${extra} (goal ${r.goal})`);
}
