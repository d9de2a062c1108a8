// The README's Performance table, made from bench/RESULTS.md, so that the two
// never disagree: each line of the table gathers the rows of issue 14's
// Targets whose operation it names, and gives their time ratios over views of
// wasm memory and of JS memory, as ranges, with how many of them meet their
// goal.
//
//   node bench/summary.js          prints the table
//   node bench/summary.js --write  puts it into README.md, between its markers
//
// `node bench/run.js --write` runs the second after a full run.
// tests/readme.test.js checks that README.md holds what RESULTS.md gives.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BEGIN = '<!-- performance table: node bench/summary.js --write -->';
export const END = '<!-- end of the performance table -->';
const README = new URL('../README.md', import.meta.url);
const RESULTS = new URL('RESULTS.md', import.meta.url);

// Memories, as the Targets' rows name them, each after a space (so that
// 'Buffer' is not found in 'SharedArrayBuffer').
const WASM = ['memoryview (of a bytearray)', 'bytearray', 'bytes', "array('B')", "array('I')", "array('d')", "array('q')"];
const JS = ['memoryview (of a Buffer)', 'SharedArrayBuffer', 'ArrayBuffer', 'Float64Array', 'Uint8Array', 'Buffer'];
const KINDS = [...WASM.map((k) => [k, 'wasm']), ...JS.map((k) => [k, 'js'])];

// One line of the table per entry: the operation, the rows it covers (by
// their operation's text in RESULTS.md, and their group's name when it is
// not one of the general groups), and what memview is compared with.
const PEER = 'struct: memview against python-struct';
const OWN_GROUPS = [PEER, 'a 16-byte view vs native', 'bulk ops', 'slice / cast', 'the whole task'];
const LINES = [
  ["`m.get(i)` loop, `'B'`", /^m\.get\(i\) loop, 'B', /, '`u8[i]` loop'],
  ["`m.set(i, v)` loop, `'B'`", /^m\.set\(i, v\) loop, 'B', /, '`u8[i] = v` loop'],
  ["`m.get(i)` loop, `'I'`", /^m\.get\(i\) loop, 'I', /, '`u32[i]` loop'],
  ["`m.set(i, v)` loop, `'I'`", /^m\.set\(i, v\) loop, 'I', /, '`u32[i] = v` loop'],
  ["`m.get(i)` loop, `'d'`", /^m\.get\(i\) loop, 'd', /, '`f64[i]` loop'],
  ["`m.set(i, v)` loop, `'d'`", /^m\.set\(i, v\) loop, 'd', /, '`f64[i] = v` loop'],
  ["`m.get(i)` loop, `'q'`", /^m\.get\(i\) loop, 'q', /, '`BigInt64Array` loop'],
  ["`m.set(i, v)` loop, `'q'`", /^m\.set\(i, v\) loop, 'q', /, '`BigInt64Array` loop'],
  ['`m.get(i, j)` / `m.set(i, j, v)` loop, 2-D', /^m\.(get\(i, j\)|set\(i, j, v\)) loop/, 'the TypedArray loop over `i * 64 + j`'],
  ["`m.tolist()`, 1e6 `'d'`", /^m\.tolist\(\)/, 'a loop into `new Array(n)`'],
  ["`Struct('<IHH').unpack_from(x, off)`", /^Struct\('<IHH'\)\.unpack_from/, 'DataView reads into an array'],
  ["`Struct('<IHH').pack_into(x, off, …)`", /^Struct\('<IHH'\)\.pack_into/, 'DataView writes'],
  ["`Struct('>I4s').unpack_from(x, off)`", /^Struct\('>I4s'\)\.unpack_from/, 'DataView reads and `u8.slice` into an array'],
  ["`Struct('>I4s').pack_into(x, off, …)`", /^Struct\('>I4s'\)\.pack_into/, 'a DataView write and `u8.set`'],
  ["`Struct('<d')` / `Struct('<10I')` `.unpack_from`", /^Struct\('<(d|10I)'\)\.unpack_from/, 'DataView reads into an array'],
  ["`Struct('<d')` / `Struct('<10I')` `.pack_into`", /^Struct\('<(d|10I)'\)\.pack_into/, 'DataView writes'],
  ['`struct.unpack_from(fmt, x, off)`, the module function', /^struct\.unpack_from/, 'DataView reads into an array'],
  ["`struct.iter_unpack('<IHH', buf)`, 16 B", /^struct\.iter_unpack\('<IHH', buf\), .* of 16 B$/, 'a minimal iterator over a DataView'],
  ["`struct.iter_unpack('<IHH', buf)`, 1 KB to 10 MB", /^struct\.iter_unpack\('<IHH', buf\), .* of (1 KB|64 KB|10 MB)$/, 'a minimal iterator over a DataView'],
  ['`m.count(v)`, 16 B', /^m\.count\(0\), .* 16 B$/, 'a counting loop'],
  ['`m.count(v)`, 1 KB to 10 MB', /^m\.count\(0\), .* (1 KB|64 KB|10 MB)$/, 'a counting loop'],
  ['`m.index(v)`, 16 B, found last', /^m\.index\(0\), .* 16 B, found last$/, '`TypedArray.indexOf`'],
  ['`m.index(v)`, 1 KB to 10 MB, found last', /^m\.index\(0\), .* (1 KB|64 KB|10 MB), found last$/, '`TypedArray.indexOf`'],
  ['`m.hex()`, 16 B', /^m\.hex\(\), \S+ 16 B$/, "`buf.toString('hex')`", 'a 16-byte view vs native'],
  ['`m.tobytes()`, 16 B', /^m\.tobytes\(\), \S+ 16 B$/, '`u8.slice()`', 'a 16-byte view vs native'],
  ['`m.equals(m2)`, 16 B', /^m\.equals\(m2\), \S+ 16 B$/, 'a 16-byte loop', 'a 16-byte view vs native'],
  ['`m.assign(m2)`, 16 B', /^m\.assign\(m2\), \S+ 16 B$/, '`u8.set(u8b)`', 'a 16-byte view vs native'],
  ['`m.slice(1, 3)`, 16 B', /^m\.slice\(1, 3\), \S+ 16 B$/, '`u8.subarray(1, 3)`', 'a 16-byte view vs native'],
  ["`m.cast('I')`, 16 B", /^m\.cast\('[IB]'\), \S+ 16 B$/, '`new Uint32Array(buffer, off, 4)`', 'a 16-byte view vs native'],
  ['`memoryview(x)`, 16 B', /^memoryview\(x\), \S+ 16 B$/, '`new Uint8Array(buffer, off, 16)`', 'a 16-byte view vs native'],
  ['`m.hex()`, 16 B to 10 MB', /^m\.hex\(\), /, 'the same on wasm memory', 'bulk ops'],
  ['`m.tobytes()`, 16 B to 10 MB', /^m\.tobytes\(\), /, 'the same on wasm memory', 'bulk ops'],
  ['`m.equals(m2)`, 16 B to 10 MB', /^m\.equals\(m2\), /, 'the same on wasm memory', 'bulk ops'],
  ['`m.assign(m2)`, 16 B to 10 MB', /^m\.assign\(m2\), /, 'the same on wasm memory', 'bulk ops'],
  ['`m.slice(1, 3)`, `m.cast(…)` of 1 KB', /^m\.(slice|cast)\(/, 'the same on wasm memory', 'slice / cast'],
  ['`hay.find(needle)`, 16 B to 10 MB', /^hay\.find\(/, 'the same on wasm memory', 'bulk ops'],
  ["`Struct.unpack_from`, `struct.unpack_from`, `'<IHH'` `'<d'` `'<10I'`", /unpackFrom\('<(IHH|d|10I)'/, "python-struct's `unpackFrom` (npm)", PEER],
  ["the same, `'>I4s'`", /unpackFrom\('>I4s'/, "python-struct's `unpackFrom`, whose `'4s'` is a string up to the first NUL", PEER],
  ['`Struct.pack`, four formats', /\.pack\(/, "python-struct's `pack`", PEER],
  ['`Struct.pack_into`, four formats', /\.pack_into\(/, "python-struct's `pack`, then a copy", PEER],
  ['parse a 97 KB record file (struct, slice, hex, tobytes, index)', /^memview on (the Buffer itself \(|a bytearray copy)/, 'DataView and Buffer code', 'the whole task'],
  ['parse a 97 KB record file, against python-struct', /^memview on the Buffer itself vs python-struct/, 'python-struct (npm) and Buffer code', 'the whole task'],
];

/** The rows of issue 14's Targets in RESULTS.md text `md`: each row's
 *  group, operation, time ratio, goal (whether it has one, and its text),
 *  and whether it meets it. */
export function targetRows(md) {
  const start = md.indexOf("## Issue 14's Targets");
  if (start < 0) throw new Error("RESULTS.md has no section \"Issue 14's Targets\"");
  const rows = [];
  let group = '';
  for (const line of md.slice(start).split('\n')) {
    if (line.startsWith('### ')) { group = line.slice(4); continue; }
    const cells = line.split(' | ');
    if (!line.startsWith('| ') || cells.length !== 7 || cells[0] === '| row' || cells[0].startsWith('| ---')) continue;
    const ratio = /^([\d.]+)x$/.exec(cells[3]);
    const result = cells[6].replace(/ \|$/, '');
    rows.push({ group, op: cells[0].slice(2), ratio: ratio === null ? null : Number(ratio[1]), goalText: cells[5],
      goal: !/^(none|—)/.test(cells[5]), met: result === 'PASS' || result === '≈ PASS' });
  }
  return rows;
}

/** The memory ('wasm' or 'js') that row operation `op` names last, or null:
 *  a row names the memory it runs on after what it does ("hay.find(needle
 *  view) (hay a bytearray ...), Buffer 16 B"; "memview on the Buffer
 *  itself"). */
function memoryOf(op) {
  let last = null, at = -1;
  for (const [name, memory] of KINDS) {
    const i = op.lastIndexOf(` ${name}`);
    if (i > at) { last = memory; at = i; }
  }
  return last;
}

const ratioRange = (rs) => {
  if (rs.length === 0) return '—';
  const lo = Math.min(...rs), hi = Math.max(...rs);
  return lo === hi ? `${lo.toFixed(2)}x` : `${lo.toFixed(2)}–${hi.toFixed(2)}x`;
};

/** The README's table (with its first and last lines, the markers) from
 *  RESULTS.md text `md`. Throws when a line of the table matches no row, or
 *  a row with a goal falls in no line, so that no row drops out of the
 *  README unseen. */
export function performanceTable(md) {
  const rows = targetRows(md);
  const written = /on (\d{4}-\d{2}-\d{2})T/.exec(md), versions = /^- Node (v[\d.]+), CPython ([\d.]+|\(not run\))/m.exec(md);
  const out = [BEGIN, '',
    `From \`make bench\` of ${written === null ? 'an undated run' : written[1]}${versions === null ? '' : ` (Node ${versions[1]}, CPython ${versions[2]})`}, in [bench/RESULTS.md](bench/RESULTS.md). A time ratio is memview's time over that of the code it is compared with: below 1x memview is faster. "At goal" counts, of the rows that have a goal, those that meet it (≈ PASS counts, ≈ MISS does not).`, '',
    '| operation | wasm memory | JS memory | compared with | goal | at goal |', '| --- | --- | --- | --- | --- | --- |'];
  const covered = new Set();
  for (const [label, re, reference, group] of LINES) {
    const mine = rows.filter((r) => re.test(r.op)
      && (group === undefined ? !OWN_GROUPS.some((g) => r.group.startsWith(g)) : r.group.startsWith(group)));
    if (mine.length === 0) throw new Error(`no row of RESULTS.md for the README's line ${label}`);
    const unknown = mine.find((r) => memoryOf(r.op) === null);
    if (unknown !== undefined) throw new Error(`RESULTS.md's row ${unknown.op} names no memory summary.js knows`);
    for (const r of mine) covered.add(r);
    const of = (memory) => mine.filter((r) => r.ratio !== null && memoryOf(r.op) === memory).map((r) => r.ratio);
    const withGoal = mine.filter((r) => r.goal);
    const goals = [...new Set(withGoal.map((r) => r.goalText))].join('; ') || '—';
    const atGoal = withGoal.length === 0 ? '—' : `${withGoal.filter((r) => r.met).length} of ${withGoal.length}`;
    const wasm = group === 'bulk ops' || group === 'slice / cast' ? '(the reference)' : ratioRange(of('wasm'));
    out.push(`| ${label} | ${wasm} | ${ratioRange(of('js'))} | ${reference} | ${goals} | ${atGoal} |`);
  }
  const left = rows.find((r) => r.goal && !covered.has(r));
  if (left !== undefined) throw new Error(`RESULTS.md's row ${left.op} has a goal but no line of the README's table`);
  out.push('', issue7Sentence(md), '', END);
  return out.join('\n');
}

/** The start cost and the package's size, from issue 7's table in `md`. */
function issue7Sentence(md) {
  const start = /^\| `import\('memview'\)` start cost \| \+([\d.]+) ms \(([\d.]+) vs ([\d.]+) ms bare node\)(?: \| [^|]*){4}\| ([^|]+) \| ([^|]+) \|$/m.exec(md);
  const size = /^\| package size, gzipped \(dist\/memview\.js, the wasm inline\) \| ([\d.]+) KB[^|]*(?:\| [^|]*){4}\| ([^|]+) \| ([^|]+) \|$/m.exec(md);
  if (start === null || size === null) throw new Error("RESULTS.md's issue 7 table has no start cost or package size row");
  const verdict = (goal, result) => `goal ${goal.trim().replace('<=', '≤')}: ${result.trim() === 'pass' ? 'met' : result.trim() === 'MISS' ? 'missed' : 'within 5%'}`;
  return `In the same run, \`import('memview')\` added ${start[1]} ms to a bare Node start (${start[2]} ms against ${start[3]} ms; ${verdict(start[4], start[5])}), and \`dist/memview.js\`, the wasm inline, was ${size[1]} KB gzipped (${verdict(size[2], size[3])}).`;
}

/** README text `readme` with its table replaced by `table`. */
export function withTable(readme, table) {
  const a = readme.indexOf(BEGIN), b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no "${BEGIN}" ... "${END}" block`);
  return readme.slice(0, a) + table + readme.slice(b + END.length);
}

const bullets = (lines) => lines.map((n) => `- ${n}`).join('\n');
/** RESULTS.md's text, from the parts of a full run of bench/run.js: issue
 *  7's table and its notes, the plain-JS versions tried and the rows timed in
 *  a plain loop (lines, maybe none), and issue 14's targets ({ table, notes },
 *  or null). */
export function resultsMarkdown({ date, table, notes, detail, loops, targets }) {
  return `# memview benchmark results\n\nWritten by \`node bench/run.js --write\` (\`make bench\`) on ${date}, on dist/memview.js.\n\n`
    + `## Issue 7's table\n\n${table}\n\n${bullets(notes)}\n`
    + (detail.length ? `\nPlain-JS versions tried (the best is in the table):\n\n${bullets(detail)}\n` : '')
    + (loops.length ? `\nThe rows marked fresh, timed in a plain loop instead: no GC per call, so each call pays for the GCs it causes and, when no GC has freed the last result yet, for fresh pages. CPython's figures are always from such a loop (its results are freed at once). One median per case:\n\n${bullets(loops)}\n` : '')
    + (targets ? `\n## Issue 14's Targets\n\n${bullets(targets.notes)}\n${targets.table}\n` : '');
}

/** Writes the tables `md` (resultsMarkdown's) to RESULTS.md and their
 *  performance table into the README, or, when that table cannot be made
 *  from them or the README has no place for it, throws and writes neither. */
export function writeResults(md, results = RESULTS, readme = README) {
  const next = withTable(readFileSync(readme, 'utf8'), performanceTable(md));
  writeFileSync(results, md);
  writeFileSync(readme, next);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const table = performanceTable(readFileSync(RESULTS, 'utf8'));
  if (process.argv.includes('--write')) {
    writeFileSync(README, withTable(readFileSync(README, 'utf8'), table));
    process.stderr.write('wrote the performance table into README.md\n');
  } else console.log(table);
}
