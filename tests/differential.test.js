// The differential test: random programs run on CPython (tests/gen/gen_corpus.py)
// and replayed on memview; every value and every error (name and message) must
// agree. The committed corpus runs everywhere; where CPython 3.13 is installed a
// fresh batch with a random seed is generated and replayed too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { replayCorpus } from './lib/replay.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const GENERATOR = here('./gen/gen_corpus.py');
const FRESH_PROGRAMS = 40;
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

function python313() {
  const env = { ...process.env, PYENV_VERSION: '3.13.0' };
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2] == (3, 13))'],
    { env, encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'True' ? env : null;
}

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
  const result = replayCorpus(JSON.parse(gen.stdout), `seed ${seed}`);
  assert.is(result.programs, FRESH_PROGRAMS);
  if (result.failures.length) {
    assert.unreachable(`fresh batch with --seed ${seed} (rerun: MEMVIEW_DIFF_SEED=${seed} make test-js)\n${report(result)}`);
  }
});

test.run();
