// get(i) and set(i, v) of two versions of js/ in the table's shape: one get
// and one set call site serving 'B', 'I', 'd' and 'q' views of Buffers, as
// bench/targets.js's loop rows share theirs. Per format and operation, the
// median ns/item of each version, interleaved, and B/A. For a change to the
// item paths, whose cost to the other formats bench/ab.js, which times one
// format a case (get_q, set_q, set_B_Buffer, ...), does not show.
//
//   node bench/ab-items.js <dirA> <dirB>
//
// Run each order (A B, then B A): the version timed first runs faster.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [dirA, dirB] = process.argv.slice(2);
if (!dirB) {
  console.error('usage: node bench/ab-items.js <dirA> <dirB>');
  process.exit(2);
}
const FORMATS = { B: [65536, 7, -1], I: [16384, 7, -1], d: [8192, 0.5, -1], q: [8192, 7n, -1n] }; // items, a value, a z
// The loops from their text, once per version, so that the two keep apart what their call sites see.
const LOOPS = `return (mv) => {
  const views = {};
  for (const f of ['B', 'I', 'd', 'q']) views[f] = mv.memoryview(Buffer.alloc(65536)).cast(f);
  const get = (m, z, n) => { let c = 0; for (let i = 0; i < n; i++) if (m.get(i) !== z) c++; return c; };
  const set = (m, v, n) => { for (let i = 0; i < n; i++) m.set(i, v); };
  return { views, get, set };
};`;
const versions = [];
for (const dir of [dirA, dirB]) versions.push(new Function(LOOPS)()(await import(pathToFileURL(resolve(dir, 'memview.js')))));
const run = (x, f, op) => { const [n, v, z] = FORMATS[f]; return op === 'get' ? x.get(x.views[f], z, n) : x.set(x.views[f], v, n); };
for (const x of versions) for (let k = 0; k < 20; k++) for (const f in FORMATS) { run(x, f, 'get'); run(x, f, 'set'); }
const times = new Map();
for (let round = 0; round < 15; round++) {
  for (const f in FORMATS) for (const op of ['get', 'set']) versions.forEach((x, v) => {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < 4; k++) run(x, f, op);
    const key = `${f} ${op} ${v}`;
    if (!times.has(key)) times.set(key, []);
    times.get(key).push(Number(process.hrtime.bigint() - t0) / (4 * FORMATS[f][0]));
  });
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const f in FORMATS) for (const op of ['get', 'set']) {
  const a = median(times.get(`${f} ${op} 0`)), b = median(times.get(`${f} ${op} 1`));
  console.log(`'${f}' ${op}  A ${a.toFixed(2)} ns  B ${b.toFixed(2)} ns  B/A ${(b / a).toFixed(2)}`);
}
