// The differential test: random programs run on CPython (tests/gen/gen_corpus.py)
// and replayed on memview; every value and every error (name and message) must
// agree. The committed corpus runs everywhere; where CPython 3.13 is installed a
// fresh batch with a random seed is generated and replayed too (MEMVIEW_DIFF_SEED,
// MEMVIEW_DIFF_PROGRAMS: 40 by default).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { replayCorpus, replayProgram, matches } from './lib/replay.js';
import { python313 } from './lib/python.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const GENERATOR = here('./gen/gen_corpus.py');
const FRESH_PROGRAMS = Number(process.env.MEMVIEW_DIFF_PROGRAMS) || 40;
const SHOWN = 25; // mismatches listed in a failure message

function report(result) {
  const { failures } = result;
  const lines = failures.slice(0, SHOWN);
  if (failures.length > SHOWN) lines.push(`… and ${failures.length - SHOWN} more programs`);
  return `${failures.length} of ${result.programs} programs disagree with CPython:\n${lines.join('\n')}`;
}

test('the committed corpus agrees with CPython on every operation', () => {
  const corpus = JSON.parse(readFileSync(here('./corpus/memoryview.json'), 'utf8'));
  const result = replayCorpus(corpus, 'corpus');
  // The corpus must be substantial, or this test could pass vacuously.
  assert.ok(result.programs >= 200 && result.ops >= 5000,
    `corpus too small: ${result.programs} programs, ${result.ops} ops`);
  assert.is(result.ops, corpus.ops, 'op count recorded by the generator');
  if (result.failures.length) assert.unreachable(report(result));
});

test('the corpus agrees with CPython with every item access, slice and cast in C', () => {
  const corpus = JSON.parse(readFileSync(here('./corpus/memoryview.json'), 'utf8'));
  for (const jsMemory of [false, true]) {
    const result = replayCorpus(corpus, `corpus through C${jsMemory ? ' in JS memory' : ''}`, { viaC: true, jsMemory });
    if (result.failures.length) assert.unreachable(report(result));
  }
});

test('the corpus agrees with CPython again on views of JS memory (TypedArrays)', () => {
  const corpus = JSON.parse(readFileSync(here('./corpus/memoryview.json'), 'utf8'));
  const result = replayCorpus(corpus, 'corpus in JS memory', { jsMemory: true });
  assert.ok(result.programs >= 100 && result.ops >= 2500,
    `too few programs can run on TypedArrays: ${result.programs} programs, ${result.ops} ops`);
  if (result.failures.length) assert.unreachable(report(result));
});

// Beyond CPython: byte-order formats, records and N-D sub-views, checked
// against NumPy (tests/gen/numpy_gen.py; `make numpy-corpus`).
test('the NumPy corpus agrees with NumPy on both memories, and through C', () => {
  const corpus = JSON.parse(readFileSync(here('./corpus/numpy.json'), 'utf8'));
  const kinds = new Set(corpus.programs.map((p) => p.kind));
  assert.equal([...kinds].sort(), ['nd', 'order', 'record']);
  const result = replayCorpus(corpus, 'numpy corpus');
  assert.ok(result.programs >= 2000 && result.ops >= 20000,
    `NumPy corpus too small: ${result.programs} programs, ${result.ops} ops`);
  assert.is(result.ops, corpus.ops, 'op count recorded by the generator');
  const failures = [...result.failures];
  const inJs = replayCorpus(corpus, 'numpy corpus in JS memory', { jsMemory: true });
  assert.ok(inJs.programs >= 1000, `too few NumPy programs on JS memory: ${inJs.programs}`);
  failures.push(...inJs.failures);
  failures.push(...replayCorpus(corpus, 'numpy corpus through C', { viaC: true }).failures);
  if (failures.length) assert.unreachable(report({ programs: result.programs, failures }));
});

test('the comparison tells apart what CPython tells apart', () => {
  // Guards against a replayer that would pass vacuously.
  assert.ok(matches(5, 5));
  assert.not.ok(matches(5, 5n), 'int of a 4-byte format is a number, not a bigint');
  assert.not.ok(matches({ int: '5' }, 5), 'q/Q items are bigints');
  assert.not.ok(matches(0, -0));
  assert.ok(matches({ float: '-0' }, -0));
  assert.ok(matches({ float: 'nan' }, NaN));
  assert.not.ok(matches(true, 1));
  assert.not.ok(matches({ bytes: '6162' }, Uint8Array.of(0x61, 0x63)));
  assert.not.ok(matches([1, [2]], [1, [3]]));
  assert.not.ok(matches([1, 2], [1, 2, 3]));
  const wrongValue = { id: 0, seed: 0, ops: [
    { op: 'bytes', data: '0102', out: 0, expect: null },
    { op: 'memoryview', of: 0, out: 1, expect: null },
    { op: 'get', v: 1, idx: [1], expect: 3 }] };
  assert.match(replayProgram(wrongValue).diff, 'expected 3, got 2');
  const wrongError = { id: 0, seed: 0, ops: [
    { op: 'bytes', data: '01', out: 0, expect: null },
    { op: 'memoryview', of: 0, out: 1, expect: null },
    { op: 'set', v: 1, idx: [0], value: 1, expect: { error: ['TypeError', 'cannot modify'] } }] };
  assert.match(replayProgram(wrongError).diff, 'got TypeError: cannot modify read-only memory');
});

test('fresh random programs from CPython 3.13 agree too', () => {
  const env = python313();
  if (!env) {
    console.log('\n  (skipped the fresh differential batch: `PYENV_VERSION=3.13.0 python3` is not CPython 3.13 here; the committed corpus still ran)');
    return;
  }
  const seed = Number(process.env.MEMVIEW_DIFF_SEED) || Math.floor(Math.random() * 2 ** 31);
  const gen = spawnSync('python3', [GENERATOR, '--seed', String(seed), '--programs', String(FRESH_PROGRAMS)],
    { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.is(gen.status, 0, `generator failed (seed ${seed}):\n${gen.stderr}`);
  const fresh = JSON.parse(gen.stdout);
  const result = replayCorpus(fresh, `seed ${seed}`);
  assert.is(result.programs, FRESH_PROGRAMS);
  const inJs = replayCorpus(fresh, `seed ${seed} in JS memory`, { jsMemory: true });
  const failures = [...result.failures, ...inJs.failures];
  if (failures.length) {
    assert.unreachable(`fresh batch with --seed ${seed} (rerun: MEMVIEW_DIFF_SEED=${seed} make test-js)\n${report({ programs: result.programs, failures })}`);
  }
});

test.run();
