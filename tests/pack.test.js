// What users install works: `npm pack` the package, install the tarball into
// an empty project (offline: memview has no runtime dependencies), and run an
// example and the `memview` command there, against the installed copy only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-pack-'));
const project = path.join(tmp, 'consumer');
const installed = path.join(project, 'node_modules', 'memview');

function npm(args, cwd) {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });
  assert.is(r.status, 0, `npm ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

test('npm pack, then npm install --offline of the tarball into an empty project', () => {
  assert.ok(fs.existsSync(path.join(root, 'js', 'memview.wasm')), 'js/memview.wasm is not built (make wasm)');
  const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp], root));
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', '--offline', path.join(tmp, filename)], project);
  assert.ok(fs.existsSync(path.join(installed, 'dist', 'memview.wasm')), 'the wasm ships inside the package');
  // The builds of scripts/build-dist.js (make dist); js/ keeps only the declarations.
  assert.equal(fs.readdirSync(path.join(installed, 'dist')).sort(), ['manual-core.js', 'manual.js', 'memview.cjs',
    'memview.d.cts', 'memview.global.js', 'memview.js', 'memview.wasm']);
  assert.equal(fs.readdirSync(path.join(installed, 'js')).sort(), ['manual.d.ts', 'memview.d.ts']);
  assert.ok(fs.existsSync(path.join(installed, 'LICENSE')), 'the LICENSE ships');
  for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'license']) assert.ok(pkg[field], `package.json has no "${field}"`);
  for (const dev of ['c', 'tests', 'node_modules', 'scripts']) {
    assert.not.ok(fs.existsSync(path.join(installed, dev)), `${dev}/ must not be in the package`);
  }
});

test('an example runs against the installed package', () => {
  // The examples import 'memview', so they run unchanged in a user's project.
  fs.copyFileSync(path.join(root, 'examples', 'png-header.js'), path.join(project, 'png-header.js'));
  fs.copyFileSync(path.join(root, 'examples', 'cast.js'), path.join(project, 'cast.js'));
  for (const [file, out] of [['png-header.js', /^PNG 640x480, 8-bit RGBA/], ['cast.js', /pi via bits/]]) {
    const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8' });
    assert.is(r.status, 0, `${file} failed in the installed project:\n${r.stderr}`);
    assert.match(r.stdout, out);
  }
});

test('the installed memview command works (package.json "bin")', () => {
  if (!pkg.bin || !pkg.bin.memview) {
    console.log('pack.test: package.json has no "bin": {"memview": ...}; skipping the installed-CLI check');
    return;
  }
  const data = path.join(project, 'data.bin');
  fs.writeFileSync(data, Buffer.from('memview packs and installs\x00\x01\xff'));
  const bin = path.join(project, 'node_modules', '.bin', 'memview');
  const r = spawnSync(bin, ['xxd', '-g', '1', data], { cwd: project, encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const want = spawnSync('xxd', ['-g', '1', data], { encoding: 'utf8' });
  if (!want.error) assert.is(r.stdout, want.stdout);
  else assert.match(r.stdout, /^00000000: 6d 65 6d 76/);
});

test('the installed package ships its TypeScript declarations (package.json "types")', () => {
  if (!pkg.types) {
    console.log('pack.test: package.json has no "types"; skipping the declarations check');
    return;
  }
  assert.ok(fs.existsSync(path.join(installed, pkg.types)), `${pkg.types} is missing from the package`);
  let tsc;
  try { tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc'); } catch {
    console.log('pack.test: typescript is not installed; skipping the compile in the consumer project');
    return;
  }
  // A user's TypeScript file resolves the installed declarations.
  fs.writeFileSync(path.join(project, 'use.ts'), [
    "import { memoryview, struct } from 'memview';",
    'const n: number = memoryview(new Uint8Array(4)).cast(\'I\').get(0);',
    "const v = struct.unpack('<q', new Uint8Array(8));",
    '// @ts-expect-error a uint8 item is not a string',
    'const s: string = memoryview(new Uint8Array(1)).get(0);',
    'export { n, v, s };', ''].join('\n'));
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,esnext.disposable', 'use.ts'], { cwd: project, encoding: 'utf8' });
  assert.is(r.status, 0, `tsc in the consumer project:\n${r.stdout}${r.stderr}`);
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
