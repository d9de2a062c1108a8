// Every way a user's project loads memview, with the package as npm installs
// it: `npm pack`, unpacked into tests/toolchains/node_modules/memview (the
// fixture's own dependencies, pinned by its package-lock.json, are installed
// by `make test`: npm ci there). Then
//   - Node: import, require (synchronous), memview/manual's init(), an
//     esbuild bundle for Node;
//   - webpack 5, Rollup + node-resolve, esbuild, Vite and Parcel build
//     tests/toolchains/src with their defaults (tests/toolchains/build.js);
//   - one Chromium session opens each bundle's page (webpack, Vite and Parcel
//     pages also start a Worker), and a page with no bundler at all that
//     imports the package's files, starts a module and a classic Worker and
//     calls memview/manual's init({ url }).
// Every path must compute the same values (EXPECTED).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = path.join(root, 'tests', 'toolchains');
const installed = path.join(fixture, 'node_modules', 'memview');
const CHROMIUM = process.env.MEMVIEW_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const EXPECTED = {
  area: 307200,
  words: [1, 2, 3],
  hex: '02:01:04:03',
  grid: 5,
  err: 'struct.error: unpack requires a buffer of 4 bytes',
  ready: true,
};

const t0 = performance.now();
const timing = {};
const lap = (what, since) => { timing[what] = Math.round(performance.now() - since); };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...opts });
  assert.is(r.status, 0, `${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}
const node = (file) => JSON.parse(run(process.execPath, [file], { cwd: fixture }).trim().split('\n').pop());

test.before(() => {
  assert.ok(fs.existsSync(path.join(fixture, 'node_modules', '.package-lock.json')),
    'tests/toolchains has no node_modules: make test runs `npm ci` there (make toolchains-deps)');
  const t = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-toolchains-'));
  try {
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp, '--loglevel=error'], { cwd: root }));
    fs.rmSync(installed, { recursive: true, force: true });
    fs.mkdirSync(installed);
    run('tar', ['-xzf', path.join(tmp, filename), '-C', installed, '--strip-components=1']);
  } finally { fs.rmSync(tmp, { recursive: true, force: true }); }
  lap('pack and unpack', t);
});

test('the size of each entry, gzipped', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
  const sizes = {};
  for (const f of fs.readdirSync(path.join(installed, 'dist')).filter((f) => /\.(c?js|wasm)$/.test(f))) {
    const b = fs.readFileSync(path.join(installed, 'dist', f));
    sizes[f] = `${(b.length / 1024).toFixed(1)} KiB, ${(gzipSync(b, { level: 9 }).length / 1024).toFixed(1)} KiB gzipped`;
  }
  console.log('toolchains.test: dist/', sizes);
  // Every entry the exports map names is in the package.
  const targets = [];
  const walk = (x) => (typeof x === 'string' ? targets.push(x) : Object.values(x).forEach(walk));
  walk(pkg.exports);
  for (const t of targets) assert.ok(fs.existsSync(path.join(installed, t)), `exports names ${t}, which is not in the package`);
  // The inline builds stay small; the wasm is far below Chromium's 8 MB limit for synchronous compiles.
  assert.ok(gzipSync(fs.readFileSync(path.join(installed, 'dist', 'memview.js'))).length < 64 * 1024);
  assert.ok(fs.statSync(path.join(installed, 'dist', 'memview.wasm')).size < 1024 * 1024);
});

test('Node: import, require (synchronous), memview/manual, an esbuild bundle for Node', () => {
  const t = performance.now();
  assert.equal(node('src/node-esm.js'), EXPECTED);
  assert.equal(node('src/node-cjs.cjs'), { ...EXPECTED, pkg: 'memview', wasm: '0061736d' });
  assert.equal(node('src/node-manual.js'), { ...EXPECTED, samePromise: true, sameExports: true });
  // The CommonJS build has no top-level await (require would throw on one) and no async loading.
  const cjs = fs.readFileSync(path.join(installed, 'dist', 'memview.cjs'), 'utf8');
  assert.not.match(cjs, /\bimport\(|node:/);
  lap('node paths', t);
});

let report;
test('webpack, Rollup + node-resolve, esbuild, Vite and Parcel build the project with their defaults', () => {
  const t = performance.now();
  report = JSON.parse(run(process.execPath, ['build.js'], { cwd: fixture }).trim().split('\n').pop());
  lap('bundler builds', t);
  timing.builds = Object.fromEntries(Object.entries(report).map(([k, v]) => [k, v.ms]));
  for (const [tool, r] of Object.entries(report)) assert.ok(r.ok, `${tool} failed:\n${r.error}`);
  // A browser bundle needs nothing from Node: no node: import and no free Buffer/process (which
  // webpack 5 and esbuild leave unresolved and Parcel polyfills).
  for (const dir of ['webpack', 'rollup', 'esbuild', 'vite', 'parcel']) {
    for (const f of fs.readdirSync(path.join(fixture, 'out', dir)).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(fixture, 'out', dir, f), 'utf8');
      assert.not.match(code, /["']node:/, `${dir}/${f} imports from node:`);
    }
  }
  assert.equal(node('out/esbuild-node/app.cjs'), EXPECTED);
});

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.cjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.map': 'application/json' };
function serve() {
  const server = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') { res.writeHead(204).end(); return; }
    const p = path.normalize(path.join(fixture, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (!p.startsWith(fixture + path.sep) || !fs.existsSync(p) || !fs.statSync(p).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(p)] || 'application/octet-stream' });
    fs.createReadStream(p).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('Chromium: each bundle, a page with no bundler, module and classic Workers, memview/manual', async () => {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`toolchains.test: SKIPPED the browser checks, ${CHROMIUM} is missing (apt-get install -y chromium)`);
    return;
  }
  assert.ok(report, 'the bundles were not built');
  const t = performance.now();
  const { chromium } = await import('playwright-core');
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const results = {};
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const pages = {
      'no bundler': '/web/plain.html', webpack: '/web/webpack.html', rollup: '/web/rollup.html',
      esbuild: '/web/esbuild.html', vite: '/out/vite/index.html', parcel: '/out/parcel/index.html',
    };
    for (const [name, url] of Object.entries(pages)) {
      errors.length = 0;
      await page.goto(base + url);
      try {
        await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 15_000 });
      } catch {
        assert.unreachable(`${name} (${url}) computed nothing; page errors: ${errors.join(' | ') || 'none'}`);
      }
      results[name] = await page.evaluate(() => window.__result);
      assert.equal(errors, [], `${name}: page errors`);
    }
  } finally {
    await browser.close();
    server.close();
  }
  lap('browser session', t);
  assert.equal(results['no bundler'], { main: EXPECTED, moduleWorker: EXPECTED, classicWorker: EXPECTED,
    manual: EXPECTED, manualSame: true });
  for (const name of ['rollup', 'esbuild']) assert.equal(results[name], { main: EXPECTED }, name);
  for (const name of ['webpack', 'vite', 'parcel']) assert.equal(results[name], { main: EXPECTED, worker: EXPECTED }, name);
});

test.after(() => {
  lap('total', t0);
  console.log('toolchains.test: ms', JSON.stringify(timing));
});

test.run();
