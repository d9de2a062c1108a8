// The TypeScript declarations (js/memview.d.ts) compile against a usage file
// that touches the whole API (tests/types/usage.ts), under --strict, with
// every @ts-expect-error line rejected. Skipped, with a message, when
// TypeScript is not installed (it is a devDependency).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function findTsc() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

const FLAGS = ['--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext',
  '--lib', 'es2022,esnext.disposable'];

test('tests/types/usage.ts compiles against js/memview.d.ts', () => {
  const tsc = findTsc();
  if (!tsc) {
    console.log('types.test: typescript is not installed (npm i -D typescript); skipping the tsc --noEmit check');
    return;
  }
  const r = spawnSync(process.execPath, [tsc, ...FLAGS, 'tests/types/usage.ts'], { cwd: root, encoding: 'utf8' });
  assert.is(r.status, 0, `tsc failed:\n${r.stdout}${r.stderr}`);
});

test('a declaration error is caught (the check can fail)', () => {
  const tsc = findTsc();
  if (!tsc) return;
  const bad = 'tests/types/.bad-usage.ts';
  fs.writeFileSync(`${root}${bad}`, "import { memoryview } from 'memview';\nconst x: string = memoryview(new Uint8Array(1)).get(0);\n");
  try {
    const r = spawnSync(process.execPath, [tsc, ...FLAGS, bad], { cwd: root, encoding: 'utf8' });
    assert.is.not(r.status, 0);
    assert.match(r.stdout, /error TS2322: Type 'number' is not assignable to type 'string'/);
  } finally {
    fs.rmSync(`${root}${bad}`, { force: true });
  }
});

test.run();
