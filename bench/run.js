// `make bench`, on the shipped bundle dist/memview.js (`make dist` builds it).
// Two tables:
// - issue 7's: every case of cases.js on memview, on the best plain-JS
//   alternative and on CPython (bench/python_bench.py, one subprocess), with
//   memview's speed ratio to each (theirs / ours: > 1 means memview is
//   faster), the goal and pass/miss; the start cost of import('memview') and
//   the gzipped size of the package's JS + wasm.
// - issue 14's Targets (targets.js): every row measured interleaved with its
//   reference, reported as a time ratio (memview's time / the reference's:
//   > 1 means memview is slower), with the issue's goal, and CPython's figure
//   for the struct rows and the whole task.
//
//   node bench/run.js [--write] [--quick] [--only id,id]
//     --write  also writes the tables to bench/RESULTS.md, and the README's
//              performance table made from them (bench/summary.js): a full
//              run only (no --only, no --quick), with no failed row
//     --quick  small sizes and few samples (a smoke run, figures meaningless)
//     --no-python  no CPython column (quicker runs of a few rows)
//     --only   issue 7's rows by id; issue 14's rows by id prefix (get_, struct:
//              the whole group named struct, ...); 'targets' for all of issue
//              14's rows, 'none' for none of them
//
// One run's figures on a shared machine are noisy; a result within 5% of its
// goal is shown as "≈" rather than pass or miss.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const { measure, median, interleaved } = await import('./lib.js');
const { makeRows, makeSearchRows, SIZES, MB } = await import('./cases.js');
const { makeTargetRows, same } = await import('./targets.js');
const { makeRecordFile } = await import('./record.js');
const memview = await import('../dist/memview.js');

const WRITE = args.includes('--write');
const QUICK = args.includes('--quick');
const onlyArg = args.indexOf('--only');
const ONLY = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : null;
// RESULTS.md, and the README's table made from it, hold full runs only.
if (WRITE && (ONLY || QUICK)) {
  process.stderr.write('bench/run.js: --write writes the tables of a full run only (no --only, no --quick)\n');
  process.exit(2);
}
const sizes = QUICK
  ? { big: MB, hexsep: 64 << 10, nlist: 100_000, nget: 10_000, search: 4 * MB, eqd: 64 << 10, iter: 64 << 10 }
  : SIZES;
const opts = QUICK ? { minMs: 5, samples: 3, warm: 1, warmMs: 20 } : { minMs: 25, samples: 9, warm: 2, warmMs: 200 };
const t0 = Date.now();
const log = (s) => process.stderr.write(s);
const recordFile = join(tmpdir(), `memview-bench-records-${process.pid}.bin`);
writeFileSync(recordFile, makeRecordFile());
const ITER_SIZES = QUICK ? [16, 1024, 65536, MB] : [16, 1024, 65536, 10 * MB];
/** Whether issue 7's row `id` runs. */
const oldRow = (id) => !ONLY || ONLY.has(id);
/** Whether issue 14's row runs: --only names its id prefix or its group's first word. */
const targetRow = (row) => !ONLY || ONLY.has('targets')
  || [...ONLY].some((p) => row.id.startsWith(p) || row.group.split(/[ ,:(]/)[0] === p);

// ---- CPython, first (one subprocess, all cases) ----------------------------------

function pythonFigures() {
  if (args.includes('--no-python')) return {};
  const env = { ...process.env, BENCH_SIZES: JSON.stringify(sizes), PYENV_VERSION: process.env.PYENV_VERSION || '3.13.0',
    BENCH_RECORD: recordFile, BENCH_ITER_SIZES: JSON.stringify(ITER_SIZES) };
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
  // What `import 'memview'` loads from the package: make dist's bundle, which
  // carries the wasm inline (as hex), so dist/memview.wasm is not counted again.
  const files = ['memview.js'];
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
  if (!oldRow(row.id)) continue;
  const f = runRow(row);
  f.py = py[row.pyKey || row.id] ?? null;
  // CPython's search scanned its own random data: compare per byte scanned.
  if (row.unit === 'GBs' && row.id.startsWith('search') && f.py !== null) f.py *= row.bytes / py.search_at;
  results.push({ row, f });
}
if (oldRow('search')) {
  for (const row of await makeSearchRows(sizes)) {
    if (!oldRow(row.id)) continue;
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

// ---- issue 14's Targets: each row interleaved with its reference -------------------

const topts = QUICK ? { minMs: 3, samples: 3, warmMs: 10 } : { minMs: 10, samples: 7, warmMs: 60 };
const targets = [];
if (!ONLY || !ONLY.has('none')) {
  const trows = (await makeTargetRows(memview, { quick: QUICK, tmpFile: recordFile, wanted: targetRow })).filter(targetRow);
  log(`issue 14's rows (${trows.length})`);
  let group = null;
  for (const row of trows) {
    if (row.group !== group) { group = row.group; log(`\n  ${group}: `); }
    const t = { row, mv: null, refs: {}, ref: null, refName: null, error: null, wrong: null, py: null };
    try {
      if (row.setupError) throw row.setupError;
      const names = Object.keys(row.refs), fns = [row.mv, ...names.map((k) => row.refs[k])];
      if (row.check) {
        const want = row.mv(1);
        for (const k of names) if (!same(want, row.refs[k](1))) t.wrong = `${k} returns another value than memview`;
      }
      const ns = interleaved(fns, { ...topts, fresh: row.fresh === true, budgetMs: row.budget ?? 1500 });
      t.mv = ns[0];
      names.forEach((k, j) => { t.refs[k] = ns[j + 1]; if (t.ref === null || ns[j + 1] < t.ref) { t.ref = ns[j + 1]; t.refName = k; } });
    } catch (e) { t.error = `${e.name}: ${e.message.split('\n')[0]}`; }
    if (row.pyKey && py[row.pyKey] !== undefined) t.py = py[row.pyKey];
    targets.push(t);
    log(t.error ? 'E' : '.');
  }
  log('\n');
}

/** ns per call (or per item) as a figure. */
function nsFigure(ns, items) {
  if (ns === null || ns === undefined) return '—';
  if (items) { const x = ns / items; return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ns/item`; }
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e4 ? `${(ns / 1e3).toFixed(1)} µs` : `${ns.toFixed(0)} ns`;
}
function targetVerdict(t) {
  if (t.error) return 'ERROR';
  if (t.wrong) return 'WRONG';
  if (!t.row.goal) return 'info';
  const r = t.mv / t.ref, max = t.row.goal.max;
  if (r <= max) return r > max * 0.95 ? '≈ PASS' : 'PASS';
  return r <= max * 1.05 ? '≈ MISS' : 'MISS';
}
const tlines = [];
let tgroup = null;
const theader = ['row', 'memview', 'reference (fastest version)', 'time ratio', 'CPython (ratio)', 'goal', 'result'];
for (const t of targets) {
  if (t.row.group !== tgroup) {
    tgroup = t.row.group;
    tlines.push('', `### ${tgroup}`, '', `| ${theader.join(' | ')} |`, `| ${theader.map(() => '---').join(' | ')} |`);
  }
  const it = t.row.items;
  const refCell = t.ref === null ? '—' : `${nsFigure(t.ref, it)} (${t.refName})`;
  const ratioCell = t.mv === null || t.ref === null ? '—' : `${(t.mv / t.ref).toFixed(2)}x`;
  const pyCell = t.py === null ? '—' : `${nsFigure(t.py, it)} (${t.mv ? (t.mv / t.py).toFixed(2) : '—'}x)`;
  const res = targetVerdict(t) + (t.error ? `: ${t.error}` : t.wrong ? `: ${t.wrong}` : '');
  tlines.push(`| ${t.row.op} | ${nsFigure(t.mv, it)} | ${refCell} | ${ratioCell} | ${pyCell} | ${t.row.goalText} | ${res} |`);
}
const tally = {};
for (const t of targets) { const v = targetVerdict(t).replace(/ \(.*/, ''); tally[v] = (tally[v] || 0) + 1; }
const tsummary = Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ');
rmSync(recordFile, { force: true });

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
  lines.push(`| package size, gzipped (dist/memview.js, the wasm inline) | ${kb.toFixed(1)} KB (raw ${(size.raw / 1024).toFixed(1)} KB) | — | — | — | — | <= 40 KB | ${kb <= 40 ? 'pass' : 'MISS'} |`);
}

const secs = ((Date.now() - t0) / 1000).toFixed(0);
const notes = [
  `Node ${process.version}, CPython ${py._version || '(not run)'}; one run; each figure the better of two medians of ${opts.samples} samples (after a warm-up of at least ${opts.warmMs} ms), taken in two rounds; the rows whose result is a fresh multi-megabyte buffer or string (${results.filter(({ row }) => row.fresh).map(({ row }) => row.id).join(', ') || 'none in this run'}) time each call alone after a full GC, not counting the GC, so that every call reuses freed memory (bench/lib.js; their plain-loop figures are below); ${secs} s in all${QUICK ? '; --quick sizes (figures not comparable)' : ''}.`,
  'Ratios are speed ratios, theirs / memview\'s time: above 1x memview is faster. "≈" marks a result within 5% of its goal (noise on this shared 2-core machine).',
  'Why each miss happens, and the best reachable figure, measured: bench/MISSES.md (node bench/floors.js).',
  'Sizes: 10 MB random bytes for tobytes, strided, hex, equals B; 1 MB for hex(sep), equals d (0.5*i, no NaN); 1e6 items for lists; 1e5 for get; 100 MB for search (needle at the end).',
];
const tnotes = [
  `Each row is memview and its reference versions timed interleaved in this one process (bench/lib.js interleaved): each calibrated to at least ${topts.minMs} ms a sample, warmed ${topts.warmMs} ms, then ${topts.samples} rounds of one sample of each in turn; the figure is each one's median. The time ratio is memview's time / the fastest reference's: above 1x memview is slower. A slow row (one call over its budget, 1.5 s or 3 s) gets fewer samples, down to its calibration call alone.`,
  'Rows at 1 MB and up whose result is fresh (hex, tobytes) time single calls after a full GC, both sides alike, the GC not counted (bench/lib.js says why).',
  'Memories: the wasm ones are bytearray, bytes and array(code) (memview\'s own, in wasm memory); the JS ones are views of a Uint8Array, a Buffer (Buffer.alloc: its own ArrayBuffer, offset 0), an ArrayBuffer, a Float64Array and a SharedArrayBuffer. Views of a Float64Array are \'d\'; other formats are cast from its \'B\' view. A TypedArray or DataView over wasm memory is taken once per timed call, outside its loop (wasm memory may have grown).',
  'Loop rows consume each item (`if (v !== z) c++`, the same in both versions); struct and iter_unpack rows keep each result in a 16-slot ring, so that no allocation can be optimised away; struct offsets cycle over 4 places.',
  '"≈" marks a result within 5% of its goal (noise on this shared 2-core machine). WRONG: a reference returned another value than memview (checked before timing). ERROR: the row threw.',
  `CPython (${py._version || 'not run'}): the same operation in python_bench.py (struct on bytes / bytearray, iter_unpack on bytes, the task on the bytes read from the file), with memview's time / CPython's in brackets.`,
  `${targets.length} rows: ${tsummary}.`,
];
const ttable = tlines.join('\n');
const table = lines.join('\n');
console.log(table);
console.log('\n' + notes.join('\n'));
if (targets.length) console.log(`\n## Issue 14's Targets\n${ttable}\n\n${tnotes.map((n) => `- ${n}`).join('\n')}`);
if (size) console.log(`gzipped per file: ${Object.entries(size.each).map(([k, v]) => `${k} ${v}`).join(', ')}`);
const detail = results.filter(({ f }) => Object.keys(f.jsAll).length > 1)
  .map(({ row, f }) => `${row.id}: ${Object.entries(f.jsAll).map(([k, v]) => `${k} ${figure(v, row)}`).join('; ')}`);
if (detail.length) console.log('plain-JS versions tried:\n  ' + detail.join('\n  '));
const loops = results.filter(({ f }) => f.loop)
  .map(({ row, f }) => `${row.id}: ${Object.entries(f.loop).map(([k, v]) => `${k} ${figure(v, row)}`).join('; ')}${f.py !== null ? `; CPython ${figure(f.py, row)}` : ''}`);
if (loops.length) console.log('the fresh rows in a plain loop (no GC per call):\n  ' + loops.join('\n  '));

if (WRITE) {
  const { resultsMarkdown, writeResults } = await import('./summary.js');
  const md = resultsMarkdown({ date: new Date().toISOString(), table, notes, detail, loops,
    targets: targets.length ? { table: ttable, notes: tnotes } : null });
  // Nothing is written from a run with failed rows, nor when the README's
  // table cannot be made from these tables (bench/summary.js says why).
  const failed = targets.filter((t) => t.error);
  if (failed.length) {
    log(`not written: ${failed.length} rows failed, the first: ${failed[0].row.op}: ${failed[0].error}\n`);
    process.exit(1);
  }
  writeResults(md);
  log('wrote bench/RESULTS.md and the performance table of README.md\n');
}
