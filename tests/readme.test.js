// Every ```js block of README.md runs, as written, against the package as a
// user's project resolves it ('memview' through package.json "exports": the
// built dist/). The one reading is at the README's own error annotations: a
// statement followed by a line `// SomeError: message` must throw exactly
// that error (and the block goes on after it). The first lines of the README
// still name the contributors' `make demo` and `make test`, and its
// performance table is the one bench/summary.js makes from bench/RESULTS.md.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BEGIN, END, performanceTable, targetRows, withTable, writeResults, resultsMarkdown } from '../bench/summary.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const work = path.join(root, 'build', 'readme');

const blocks = [];
const re = /^```js\n([\s\S]*?)^```$/gm;
for (let m; (m = re.exec(readme));) {
  blocks.push({ code: m[1], line: readme.slice(0, m.index).split('\n').length + 1 });
}

const ERROR_LINE = /^\/\/ (\w+(?:\.\w+)?): (.+)$/;
/** The block, with each statement that the README says throws wrapped in a check that it does. */
function checked(code) {
  const lines = code.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const err = lines[i + 1] !== undefined && ERROR_LINE.exec(lines[i + 1].trim());
    if (err && lines[i].trim() && !lines[i].trim().startsWith('//')) {
      out.push(`__expectThrow(() => { ${lines[i]} }, ${JSON.stringify(`${err[1]}: ${err[2]}`)});`);
    } else out.push(lines[i]);
  }
  return `${out.join('\n')}
function __expectThrow(f, want) {
  try { f(); } catch (e) {
    if (\`\${e.name}: \${e.message}\` === want) return;
    throw new Error(\`README says \${want}, but got \${e.name}: \${e.message}\`);
  }
  throw new Error(\`README says \${want}, but nothing was thrown\`);
}
`;
}

test.before(() => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  fs.symlinkSync(root, path.join(work, 'node_modules', 'memview'));
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'readme', private: true, type: 'module' }));
});

test('the README opens with what users need, and still names make demo and make test first', () => {
  const head = readme.split('\n').slice(0, 5).join('\n');
  assert.match(head, /`make demo`/);
  assert.match(head, /`make test`/);
  assert.match(readme, /npm install memview/);
  assert.ok(readme.indexOf('## Install') < readme.indexOf('## API'), 'Install comes before the API');
  assert.ok(blocks.length >= 5, `only ${blocks.length} js blocks found`);
});

for (const [i, { code, line }] of blocks.entries()) {
  test(`README.md line ${line}: the js block runs`, () => {
    assert.match(code, /from 'memview(\/\w+)?'/, 'the block imports what it uses');
    const file = path.join(work, `block-${i}.mjs`);
    fs.writeFileSync(file, checked(code));
    const r = spawnSync(process.execPath, [file], { cwd: work, encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, `README.md line ${line}:\n${r.stderr}`);
  });
}

test('an error annotation that does not hold fails the check (the check can fail)', () => {
  const file = path.join(work, 'wrong.mjs');
  fs.writeFileSync(file, checked("import { bytes } from 'memview';\nbytes(2).get(0);\n// IndexError: no such thing\n"));
  const r = spawnSync(process.execPath, [file], { cwd: work, encoding: 'utf8' });
  assert.is.not(r.status, 0);
  assert.match(r.stderr, /README says IndexError: no such thing, but nothing was thrown/);
});

test.after(() => fs.rmSync(work, { recursive: true, force: true }));

const results = fs.readFileSync(path.join(root, 'bench', 'RESULTS.md'), 'utf8');

test("the README's performance table is what bench/RESULTS.md gives (node bench/summary.js --write)", () => {
  const table = performanceTable(results);
  assert.ok(readme.includes(table), 'README.md and bench/RESULTS.md disagree: run node bench/summary.js --write');
  assert.is(withTable(readme, table), readme);
});

test('the performance table puts a changed row in its own memory column', () => {
  const rows = targetRows(results);
  assert.ok(rows.length > 300, `only ${rows.length} rows read`);
  // one row changed in the tables changes the README's table
  const row = rows.find((r) => r.op === "m.get(i) loop, 'B', Buffer");
  assert.ok(row !== undefined);
  const before = performanceTable(results);
  const changed = results.replace(/(\| m\.get\(i\) loop, 'B', Buffer \| [^|]+\| [^|]+\| )[\d.]+x/, (_, cells) => `${cells}99.00x`);
  assert.not.equal(changed, results);
  const after = performanceTable(changed);
  const line = (t) => t.split('\n').find((l) => l.startsWith("| `m.get(i)` loop, `'B'` |"));
  assert.match(line(after), /–99\.00x \| `u8\[i\]` loop/, 'the JS memory column takes the changed row');
  assert.is(line(before).split(' | ')[1], line(after).split(' | ')[1], 'the wasm column does not');
});

test('a line of the performance table that matches no row is an error, not a silent gap', () => {
  const without = results.split('\n').filter((l) => !l.startsWith('| m.tolist()')).join('\n');
  assert.throws(() => performanceTable(without), /no row of RESULTS\.md for the README's line `m\.tolist\(\)`/);
});

test('a row with a goal that no line of the performance table takes is an error too', () => {
  const row = "| m.frobnicate(), Buffer 16 B | 10 ns | 5 ns (nothing) | 2.00x | — | ≤ 3x native | MISS |";
  const extra = results.replace(/(\n### tolist\n\n[^\n]+\n[^\n]+\n)/, (_, head) => `${head}${row}\n`);
  assert.not.equal(extra, results);
  assert.throws(() => performanceTable(extra), /row m\.frobnicate\(\), Buffer 16 B has a goal but no line/);
  // a row without a goal may stay out of the table
  assert.not.throws(() => performanceTable(extra.replace(row, row.replace('≤ 3x native', 'none (for comparison)').replace('MISS', 'info'))));
});

// The sizes the README gives are those of the files `make dist` built: the
// table of exports (gzipped, as `make bench` measures them) and the wasm
// core's own size in the prose.
test("the README's file sizes are those of dist/", () => {
  const kb = (n) => (n / 1024).toFixed(1);
  const file = (name) => fs.readFileSync(path.join(root, 'dist', name));
  const gzipped = (name) => zlib.gzipSync(file(name), { level: 9 }).length;
  const table = readme.slice(readme.indexOf('| import | file | gzipped |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  let checked = 0;
  for (const row of rows) {
    const [, files, total] = row.split(' | ').map((c) => c.replace(/\|$/, '').trim());
    if (total === '') continue; // package.json
    const parts = [...files.matchAll(/`dist\/([\w.-]+)` \(([\d.]+) KB\)|the wasm \(([\d.]+) KB\)/g)];
    if (parts.length === 0) { // one file: the last column is its size
      const [, name] = /`dist\/([\w.-]+)`/.exec(files);
      assert.is(total, `${kb(gzipped(name))} KB`, name);
    } else { // files loaded together: each one's size, then their sum
      let sum = 0;
      for (const [, name = 'memview.wasm', shown, wasmShown] of parts) {
        const n = gzipped(name);
        assert.is(shown ?? wasmShown, kb(n), name);
        sum += n;
      }
      assert.is(total, `${kb(sum)} KB`, files);
    }
    checked++;
  }
  assert.is(checked, 5, 'every file of the table');
  const core = `${Math.round(file('memview.wasm').length / 1024)} KB`;
  const mentions = [...readme.matchAll(/wasm core \((\d+ KB)\)|core is (\d+ KB)/g)].map((m) => m[1] ?? m[2]);
  assert.equal(mentions, [core, core]);
  const bundle = `${Math.round(gzipped('memview.js') / 1024)} KB gzipped`;
  assert.equal([...readme.matchAll(/loads \((\d+ KB gzipped)\)/g)].map((m) => m[1]), [bundle]);
});

// bench/run.js --write ends here: both files, or neither.
test('writeResults writes RESULTS.md and the README table together, or neither', () => {
  fs.mkdirSync(work, { recursive: true });
  const out = path.join(work, 'RESULTS.md'), doc = path.join(work, 'README.md');
  fs.writeFileSync(out, 'old results');
  fs.writeFileSync(doc, withTable(readme, `${BEGIN}\nold\n${END}`));
  const before = fs.readFileSync(doc, 'utf8');
  const broken = results.split('\n').filter((l) => !l.startsWith('| m.tolist()')).join('\n');
  assert.throws(() => writeResults(broken, out, doc), /no row of RESULTS\.md/);
  assert.is(fs.readFileSync(out, 'utf8'), 'old results');
  assert.is(fs.readFileSync(doc, 'utf8'), before);
  // a README with no place for the table: neither file changes either
  fs.writeFileSync(doc, 'no table here');
  assert.throws(() => writeResults(results, out, doc), /README\.md has no/);
  assert.is(fs.readFileSync(out, 'utf8'), 'old results');
  assert.is(fs.readFileSync(doc, 'utf8'), 'no table here');
  fs.writeFileSync(doc, before);
  writeResults(results, out, doc);
  assert.is(fs.readFileSync(out, 'utf8'), results);
  assert.is(fs.readFileSync(doc, 'utf8'), readme);
});

// What bench/run.js --write writes is resultsMarkdown's (its template was
// inline in run.js, where a name declared twice, 6785fae, made --write throw
// once the whole run was over): the committed RESULTS.md, from a full run,
// must come back from its parts byte for byte, so that the reader above
// (performanceTable) reads what the writer writes.
test('resultsMarkdown makes RESULTS.md from the parts of a run', () => {
  const lines = (text) => text.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
  const [head, targetsPart] = results.split("\n## Issue 14's Targets\n\n");
  const date = /on (\S+), on dist\/memview\.js/.exec(head)[1];
  const [table, notes, detail, loops] = head.slice(head.indexOf("## Issue 7's table\n\n") + 20).split(/\n\n(?:Plain-JS versions tried.*:\n\n|The rows marked fresh.*:\n\n)?/);
  const tnotes = targetsPart.slice(0, targetsPart.indexOf('\n\n'));
  const md = resultsMarkdown({ date, table, notes: lines(notes), detail: lines(detail), loops: lines(loops),
    targets: { notes: lines(tnotes), table: targetsPart.slice(tnotes.length + 1, -1) } });
  assert.is(md, results);
});

test.run();
