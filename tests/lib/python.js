// The oracle: CPython 3.13 as `PYENV_VERSION=3.13.0 python3`, where this
// machine has it (CI's may not: the tests that need it say so and skip).
import { spawnSync } from 'node:child_process';

/** The environment that runs CPython 3.13 as python3, or null where there is none. */
export function python313() {
  const env = { ...process.env, PYENV_VERSION: '3.13.0', PYTHON_COLORS: '0' };
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2] == (3, 13))'], { env, encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'True' ? env : null;
}

/** What CPython 3.13 prints running `script` with `input` on stdin, a JSON
 *  value a line; null where there is no CPython 3.13 (the test says it skipped). */
export function python313Lines(script, input) {
  const env = python313();
  if (!env) {
    console.log('\n  (skipped: `PYENV_VERSION=3.13.0 python3` is not CPython 3.13 here)');
    return null;
  }
  const r = spawnSync('python3', ['-c', script], { env, input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`CPython 3.13 failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

/** A Python function for the scripts: failure(f) is None when f() returns,
 *  else 'Name: message' of what it raised (as the tests' messageOf gives). */
export const PY_FAILURE = `
def failure(f):
    try:
        f(); return None
    except Exception as e:
        return f'{type(e).__name__}: {e}'
`;
