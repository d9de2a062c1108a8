// `make bench`: issue 7's table. Runs every case on memview, on the best
// plain-JS alternative (the fastest of the versions in cases.js) and on
// CPython (bench/python_bench.py, one subprocess), then prints one table with
// memview's speed ratio to each (theirs / ours: > 1 means memview is faster),
// the goal and pass/miss. Also: the start cost of import('memview') and the
// gzipped size of the package's JS + wasm.
//
//   node bench/run.js [--write] [--quick] [--only id,id]
//     --write  also writes the table to bench/RESULTS.md
//     --quick  small sizes and few samples (a smoke run, figures meaningless)
//
// One run's figures on a shared machine are noisy; a result within 5% of its
// goal is shown as "≈" rather than pass or miss.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const args = process.argv.slice(2);

// Each case starts from a full GC, and the rows marked `fresh` take one per
// call (bench/lib.js says why): re-run this script with --expose-gc.
if (!globalThis.gc) {
  const r = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { measure, median } = await import('./lib.js');
const { makeRows, makeSearchRows, SIZES, MB } = await import('./cases.js');

const WRITE = args.includes('--write');
const QUICK = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const ONLY = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
const sizes = QUICK
  ? { big: MB, hexsep: 64 << 10, nlist: 100_000, nget: 10_000, search: 4 * MB, eqd: 64 << 10, iter: 64 << 10 }
  : SIZES;
const opts = QUICK ? { minMs: 5, samples: 3, warm: 1, warmMs: 20 } : { minMs: 25, samples: 9, warm: 2, warmMs: 200 };
const t0 = Date.now();
const log = (s) => process.stderr.write(s);

// ---- CPython, first (one subprocess, all cases) ----------------------------------

function pythonFigures() {
  const env = { ...process.env, BENCH_SIZES: JSON.stringify(sizes), PYENV_VERSION: process.env.PYENV_VERSION || '3.13.0' };
  log('CPython cases... ');
  const r = spawnSync('python3', [join(here, 'python_bench.py'), QUICK ? 'quick' : 'full'], { env, encoding: 'utf8' });
  if (r.status !== 0) { log(`failed (${r.error || r.stderr.trim().split('\n').pop()}); CPython column empty\n`); return {}; }
  const v = spawnSync('python3', ['-c', 'import sys; print(sys.version.split()[0])'], { env, encoding: 'utf8' });
  log(`done (CPython ${v.stdout.trim()})\n`);
  const out = JSON.parse(r.stdout);
  out._version = v.stdout.trim();
  return out;
}

// ---- JS ------------------------------------------------------------------------------

// Each figure is the better of two medians, taken in two rounds (memview, then
// each JS version, then all again): whichever runs first in a process pays for
// warming up the allocator and the GC's heap, and would lose by that alone.
function runRow(row) {
  log(`${row.id}... `);
  const f = { mv: Infinity, js: null, jsName: null, jsAll: {} };
  for (let round = 0; round < 2; round++) {
    const o = { ...opts, fresh: row.fresh === true };
    f.mv = Math.min(f.mv, measure(row.mv, o));
    for (const [name, fn] of Object.entries(row.js)) f.jsAll[name] = Math.min(f.jsAll[name] ?? Infinity, measure(fn, o));
  }
  for (const [name, ns] of Object.entries(f.jsAll)) if (f.js === null || ns < f.js) { f.js = ns; f.jsName = name; }
  // The fresh rows once more in a plain loop, GC and fresh pages included, as
  // a program that leaves collecting to V8 sees them (and as CPython's loop is timed).
  if (row.fresh) {
    f.loop = { memview: measure(row.mv, opts) };
    for (const [name, fn] of Object.entries(row.js)) f.loop[name] = measure(fn, opts);
  }
  log('done\n');
  return f;
}

// ---- start cost and size ------------------------------------------------------------

function startCost(runs) {
  const time = (script) => {
    const s = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(here, 'start', script)], { cwd: root });
    if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const bare = [], withImport = [];
  time('empty.mjs'); time('import.mjs'); // warm the file cache
  for (let k = 0; k < runs; k++) { bare.push(time('empty.mjs')); withImport.push(time('import.mjs')); }
  return { bare: median(bare), withImport: median(withImport) };
}

function packageSize() {
  // What `import 'memview'` loads from the package: make dist's bundle and the wasm.
  const files = ['memview.js', 'memview.wasm'];
  let raw = 0, gz = 0;
  const each = {}, all = [];
  for (const f of files) {
    const b = readFileSync(join(root, 'dist', f));
    raw += b.length;
    all.push(b);
    each[f] = gzipSync(b, { level: 9 }).length;
    gz += each[f];
  }
  // As npm's tarball compresses them: one gzip stream over all the files.
  const together = gzipSync(Buffer.concat(all), { level: 9 }).length;
  return { files: files.length, raw, gz, each, together };
}

// ---- the table ------------------------------------------------------------------------

function figure(ns, row, bytes = row.bytes) {
  if (ns === null || ns === undefined) return '—';
  if (row.unit === 'GBs') return `${(bytes / ns).toFixed(2)} GB/s`;
  if (row.unit === 'item') return `${(ns / row.items).toFixed(1)} ns/item`;
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${ns.toFixed(0)} ns`;
}
const ratio = (theirs, ours) => (theirs === null || theirs === undefined || !ours ? '—' : `${(theirs / ours).toFixed(2)}x`);

/** pass / miss, or ≈ when scaling memview's time by ±5% flips the result. */
function verdict(row, f) {
  const ok = row.pass(f);
  const faster = row.pass({ ...f, mv: f.mv * 0.95 }), slower = row.pass({ ...f, mv: f.mv * 1.05 });
  if (faster !== slower) return ok ? '≈ pass' : '≈ miss';
  return ok ? 'pass' : 'MISS';
}

const py = pythonFigures();
const { rows } = await makeRows(sizes);
const results = [];
for (const row of rows) {
  if (ONLY && !ONLY.has(row.id)) continue;
  const f = runRow(row);
  f.py = py[row.pyKey || row.id] ?? null;
  // CPython's search scanned its own random data: compare per byte scanned.
  if (row.unit === 'GBs' && row.id.startsWith('search') && f.py !== null) f.py *= row.bytes / py.search_at;
  results.push({ row, f });
}
if (!ONLY || ONLY.has('search') || ONLY.has('search_editor')) {
  for (const row of await makeSearchRows(sizes)) {
    if (ONLY && !ONLY.has(row.id)) continue;
    const f = runRow(row);
    f.py = py.search !== undefined ? py.search * row.bytes / py.search_at : null;
    results.push({ row, f });
  }
}

const lines = [];
const header = ['operation', 'memview', 'plain JS (best version)', 'CPython', 'vs JS', 'vs CPython', 'goal', 'result'];
lines.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`);
for (const { row, f } of results) {
  const jsCell = f.js === null ? '—' : `${figure(f.js, row)} (${f.jsName})`;
  lines.push(`| \`${row.op}\` | ${figure(f.mv, row)} | ${jsCell} | ${figure(f.py, row)} | ${ratio(f.js, f.mv)} | ${ratio(f.py, f.mv)} | ${row.goal} | ${verdict(row, f)} |`);
}

let start = null, size = null;
if (!ONLY || ONLY.has('import')) {
  log('import start cost... ');
  start = startCost(QUICK ? 3 : 11);
  log('done\n');
  const added = start.withImport - start.bare;
  lines.push(`| \`import('memview')\` start cost | +${added.toFixed(1)} ms (${start.withImport.toFixed(1)} vs ${start.bare.toFixed(1)} ms bare node) | — | — | — | — | <= 15 ms added | ${added <= 15 * 0.95 ? 'pass' : added <= 15 * 1.05 ? '≈' : 'MISS'} |`);
}
if (!ONLY || ONLY.has('size')) {
  size = packageSize();
  const kb = size.gz / 1024;
  lines.push(`| package size, gzipped (dist/memview.js + memview.wasm) | ${kb.toFixed(1)} KB, each file gzipped (one stream: ${(size.together / 1024).toFixed(1)} KB; raw ${(size.raw / 1024).toFixed(1)} KB) | — | — | — | — | <= 40 KB | ${kb <= 40 ? 'pass' : 'MISS'} |`);
}

const secs = ((Date.now() - t0) / 1000).toFixed(0);
const notes = [
  `Node ${process.version}, CPython ${py._version || '(not run)'}; one run; each figure the better of two medians of ${opts.samples} samples (after a warm-up of at least ${opts.warmMs} ms), taken in two rounds; the rows whose result is a fresh multi-megabyte buffer or string (${results.filter(({ row }) => row.fresh).map(({ row }) => row.id).join(', ') || 'none in this run'}) time each call alone after a full GC, not counting the GC, so that every call reuses freed memory (bench/lib.js; their plain-loop figures are below); ${secs} s in all${QUICK ? '; --quick sizes (figures not comparable)' : ''}.`,
  'Ratios are speed ratios, theirs / memview\'s time: above 1x memview is faster. "≈" marks a result within 5% of its goal (noise on this shared 2-core machine).',
  'Why each miss happens, and the best reachable figure, measured: bench/MISSES.md (node bench/floors.js).',
  'Sizes: 10 MB random bytes for tobytes, strided, hex, equals B; 1 MB for hex(sep), equals d (0.5*i, no NaN); 1e6 items for lists; 1e5 for get; 100 MB for search (needle at the end).',
];
const table = lines.join('\n');
console.log(table);
console.log('\n' + notes.join('\n'));
if (size) console.log(`gzipped per file: ${Object.entries(size.each).map(([k, v]) => `${k} ${v}`).join(', ')}`);
const detail = results.filter(({ f }) => Object.keys(f.jsAll).length > 1)
  .map(({ row, f }) => `${row.id}: ${Object.entries(f.jsAll).map(([k, v]) => `${k} ${figure(v, row)}`).join('; ')}`);
if (detail.length) console.log('plain-JS versions tried:\n  ' + detail.join('\n  '));
const loops = results.filter(({ f }) => f.loop)
  .map(({ row, f }) => `${row.id}: ${Object.entries(f.loop).map(([k, v]) => `${k} ${figure(v, row)}`).join('; ')}${f.py !== null ? `; CPython ${figure(f.py, row)}` : ''}`);
if (loops.length) console.log('the fresh rows in a plain loop (no GC per call):\n  ' + loops.join('\n  '));

if (WRITE) {
  const md = `# memview benchmark results\n\nWritten by \`node bench/run.js --write\` on ${new Date().toISOString()}.\n\n${table}\n\n${notes.map((n) => `- ${n}`).join('\n')}\n${detail.length ? `\nPlain-JS versions tried (the best is in the table):\n\n${detail.map((d) => `- ${d}`).join('\n')}\n` : ''}${loops.length ? `\nThe rows marked fresh, timed in a plain loop instead: no GC per call, so each call pays for the GCs it causes and, when no GC has freed the last result yet, for fresh pages. CPython's figures are always from such a loop (its results are freed at once). One median per case:\n\n${loops.map((d) => `- ${d}`).join('\n')}\n` : ''}`;
  writeFileSync(join(here, 'RESULTS.md'), md);
  log('wrote bench/RESULTS.md\n');
}
