// Builds src/ with each bundler, as a user's project with default settings
// would (only where the output goes, and a relative base for the two that
// write an HTML page, are set), into out/<tool>/. Prints one JSON line:
// { tool: { ok, ms, error? } }. Run by tests/toolchains.test.js.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const require = createRequire(import.meta.url);
fs.rmSync(out, { recursive: true, force: true });

const builds = {
  async webpack() {
    const webpack = require('webpack');
    // webpack's defaults: entry ./src/index.js, mode production.
    const stats = await new Promise((resolve, reject) => webpack({
      context: here, mode: 'production', output: { path: path.join(out, 'webpack') },
    }, (err, s) => (err ? reject(err) : resolve(s))));
    if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  },
  async rollup() {
    const { rollup } = await import('rollup');
    const { nodeResolve } = await import('@rollup/plugin-node-resolve');
    const bundle = await rollup({ input: path.join(here, 'src/app.js'), plugins: [nodeResolve()] });
    await bundle.write({ dir: path.join(out, 'rollup'), format: 'es' });
    await bundle.close();
  },
  async esbuild() {
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [path.join(here, 'src/app.js')], bundle: true, platform: 'browser',
      outfile: path.join(out, 'esbuild', 'app.js'), logLevel: 'error' });
  },
  async 'esbuild-node'() {
    const esbuild = await import('esbuild');
    await esbuild.build({ entryPoints: [path.join(here, 'src/node-esm.js')], bundle: true, platform: 'node',
      outfile: path.join(out, 'esbuild-node', 'app.cjs'), logLevel: 'error' });
  },
  async vite() {
    const { build } = await import('vite');
    await build({ root: path.join(here, 'src'), base: './', logLevel: 'error', configFile: false,
      build: { outDir: path.join(out, 'vite'), emptyOutDir: true } });
  },
  async parcel() {
    const r = spawnSync(path.join(here, 'node_modules/.bin/parcel'), ['build', 'src/index.html',
      '--dist-dir', 'out/parcel', '--cache-dir', 'out/.parcel-cache', '--public-url', './', '--no-autoinstall'],
    { cwd: here, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PARCEL_WORKERS: '1' } });
    if (r.status !== 0) throw new Error(`parcel exited with ${r.status}:\n${r.stdout}${r.stderr}`);
  },
};

const only = process.argv.slice(2);
const report = {};
for (const [tool, run] of Object.entries(builds)) {
  if (only.length && !only.includes(tool)) continue;
  const t0 = performance.now();
  try { await run(); report[tool] = { ok: true }; } catch (e) { report[tool] = { ok: false, error: String(e && e.stack || e) }; }
  report[tool].ms = Math.round(performance.now() - t0);
}
console.log(JSON.stringify(report));
