// Every script in examples/ runs to completion (each asserts its own results)
// and prints what it is meant to print.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../examples/', import.meta.url));
// Plain output: the test runner forces colours, which children would inherit.
const env = { ...process.env, NO_COLOR: '1' };
delete env.FORCE_COLOR;
const run = (file) => spawnSync(process.execPath, [dir + file], { encoding: 'utf8', timeout: 60_000, env });

// What each example must print; a new example must be added here.
const EXPECT = {
  'cast.js': /pi via bits -> 3\.14159274101257/,
  'patch-in-place.js': /patched: 320x200 BMP, 192054 bytes/,
  'png-header.js': /^PNG 640x480, 8-bit RGBA \(compression 0, filter 0, crc [0-9a-f]+\)$/m,
  'stream-slices.js': /^1048576 bytes in 16 pieces, sha256 [0-9a-f]{16}\.\.\.$/m,
  'worker-share.js': /^worker decoded 500 records: ids 501\.\.1000, sum 46906\.25\nmain thread sees 500 results written by the worker$/m,
};

const examples = fs.readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'run-all.js').sort();

test('every example is listed here', () => {
  assert.equal(examples, Object.keys(EXPECT).sort());
});

for (const name of examples) {
  test(`examples/${name} runs`, () => {
    const r = run(name);
    assert.is(r.status, 0, `${name} failed:\n${r.stderr}`);
    assert.is(r.stderr, '');
    assert.match(r.stdout, EXPECT[name], `${name} printed:\n${r.stdout}`);
  });
}

test('run-all.js runs them all and reports each', () => {
  const r = run('run-all.js');
  assert.is(r.status, 0, r.stdout + r.stderr);
  for (const name of examples) assert.match(r.stdout, new RegExp(`^ok {3}${name.replace('.', '\\.')}$`, 'm'));
  assert.match(r.stdout, new RegExp(`^${examples.length}/${examples.length} examples ran$`, 'm'));
});

test.run();
