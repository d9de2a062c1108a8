// The TypeScript declarations (js/memview.d.ts, js/manual.d.ts and the
// CommonJS copy dist/memview.d.cts) compile against usage files that touch
// the whole API (tests/types/*.ts), under --strict and skipLibCheck false
// (so the declarations themselves are checked), with every
// @ts-expect-error line rejected (tsc fails on an unused one):
//   - with the root's TypeScript, everything, `using` included;
//   - with the oldest supported TypeScript (5.7: Uint8Array<ArrayBuffer>) and
//     the newest (tests/toolchains pins both), under moduleResolution node16,
//     nodenext and bundler, each with lib es2022 alone and with lib dom.
// 'memview' resolves through package.json "exports", as in a user's project.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const typesDir = path.join(root, 'tests', 'types');
const fixture = path.join(root, 'tests', 'toolchains');
const work = path.join(root, 'build', 'types');

const rootTsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const TSC = {
  oldest: path.join(fixture, 'node_modules', 'typescript-oldest', 'bin', 'tsc'),
  newest: path.join(fixture, 'node_modules', 'typescript-newest', 'bin', 'tsc'),
};

// A project in build/types whose node_modules/memview is this package.
function project(name, compilerOptions, files) {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'memview'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `types-${name}`, private: true, type: 'module' }));
  for (const f of files) fs.copyFileSync(path.join(typesDir, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: 'es2022', skipLibCheck: false, types: [], ...compilerOptions },
    files,
  }, null, 1));
  return dir;
}

function tsc(bin, dir) {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, '-p', dir], { cwd: dir });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('close', (code) => resolve({ code, out }));
  });
}

test('the root TypeScript: the whole API, `using` included (lib esnext.disposable)', async () => {
  assert.ok(fs.existsSync(path.join(root, 'dist', 'memview.d.cts')), 'dist/ is not built (make dist)');
  const dir = project('root', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022', 'esnext.disposable'] },
    ['usage.ts', 'using.ts', 'manual.ts', 'require.cts']);
  const r = await tsc(rootTsc, dir);
  assert.is(r.code, 0, `tsc failed:\n${r.out}`);
});

test('the oldest and newest TypeScript, node16/nodenext/bundler, with and without lib dom', async () => {
  for (const [v, bin] of Object.entries(TSC)) {
    assert.ok(fs.existsSync(bin), `${bin} is missing: make test runs npm ci in tests/toolchains (make toolchains-deps)`);
  }
  const jobs = [];
  for (const [v, bin] of Object.entries(TSC)) {
    for (const res of ['node16', 'nodenext', 'bundler']) {
      for (const dom of [false, true]) {
        const name = `${v}-${res}${dom ? '-dom' : ''}`;
        const module = res === 'bundler' ? 'esnext' : res;
        const files = ['usage.ts', 'manual.ts', ...(dom ? ['dom.ts'] : []), ...(res === 'bundler' ? [] : ['require.cts'])];
        jobs.push([name, bin, project(name, { module, moduleResolution: res, lib: dom ? ['es2022', 'dom'] : ['es2022'] }, files)]);
      }
    }
  }
  // Two at a time (the machines that run make test have two cores).
  const failures = [];
  const queue = jobs.slice();
  await Promise.all([0, 1].map(async () => {
    for (let j; (j = queue.shift());) {
      const [name, bin, dir] = j;
      const r = await tsc(bin, dir);
      if (r.code !== 0) failures.push(`${name}:\n${r.out}`);
    }
  }));
  assert.equal(failures, [], failures.join('\n'));
});

test('a declaration error is caught (the check can fail)', async () => {
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(path.join(typesDir, '.bad-usage.ts'),
    "import { memoryview, struct } from 'memview';\nconst x: string = memoryview(new Uint8Array(1)).get(0);\nconst [a]: [bigint] = struct.unpack('<I', new Uint8Array(4));\nexport { x, a };\n");
  try {
    const dir = project('bad', { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2022'] }, ['.bad-usage.ts']);
    const r = await tsc(rootTsc, dir);
    assert.is.not(r.code, 0);
    assert.match(r.out, /error TS2322: Type 'number' is not assignable to type 'string'/);
    assert.match(r.out, /Type 'number' is not assignable to type 'bigint'/);
  } finally {
    fs.rmSync(path.join(typesDir, '.bad-usage.ts'), { force: true });
  }
});

test.after(() => fs.rmSync(work, { recursive: true, force: true }));

test.run();
