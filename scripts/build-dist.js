#!/usr/bin/env node
// Builds what the package ships (`make dist`), from js/ and js/memview.wasm:
//   dist/memview.js       ESM, the wasm inline (import 'memview': Node, browsers, workers, bundlers)
//   dist/memview.cjs      CommonJS, the wasm inline (require('memview'))
//   dist/memview.global.js  a classic script: `self.memview` (importScripts, <script>)
//   dist/manual.js, dist/manual-core.js  ESM without the inline wasm: init(options) loads it
//   dist/memview.wasm     the core, for init({ url }) and for users' own loaders
//   dist/memview.d.cts    the declarations, for TypeScript code that require()s memview
// Minified, with each function's name kept (esbuild's keepNames sets it as
// the function's name property, which V8's stack traces print), so stack
// traces name memview's own functions (`errorFromStatus (dist/memview.js:2:1257)`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const js = path.join(root, 'js');
const out = path.join(root, 'dist');
const wasm = fs.readFileSync(path.join(js, 'memview.wasm'));

// js/load.js (the source tree's loader) is replaced by `loader` in each build.
const loaderPlugin = (loader) => ({
  name: 'memview-loader',
  setup(b) {
    b.onResolve({ filter: /^\.\/load\.js$/ }, (a) => (a.importer.startsWith(js + path.sep)
      ? { path: path.join(js, loader) } : undefined));
    b.onResolve({ filter: /^memview:wasm-hex$/ }, (a) => ({ path: a.path, namespace: 'memview-wasm' }));
    b.onLoad({ filter: /.*/, namespace: 'memview-wasm' }, () => ({
      contents: `export default ${JSON.stringify(wasm.toString('hex'))};`, loader: 'js' }));
  },
});
// In the manual builds, the entry and the core stay two files: the entry
// loads the core by import() once init() has compiled the wasm.
const external = (spec, as) => ({
  name: `external-${spec}`,
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${spec.replace(/[.]/g, '\\.')}$`) }, () => ({ path: as, external: true }));
  },
});

const common = {
  bundle: true, target: 'es2022', platform: 'neutral', logLevel: 'warning', legalComments: 'none',
  minify: true, keepNames: true, charset: 'utf8',
  // js/ names no free `Buffer`, which would make Parcel or webpack 4 bundle
  // a polyfill (or fail without one): js/node-buffer.js asks Node for its own.
};
const banner = '// memview (MIT). https://github.com/memview/memview';

fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(out)) fs.rmSync(path.join(out, f), { recursive: true, force: true });

await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(js, 'memview.js')], format: 'esm',
    outfile: path.join(out, 'memview.js'), plugins: [loaderPlugin('load-inline.js')], banner: { js: banner } }),
  esbuild.build({ ...common, entryPoints: [path.join(js, 'memview.js')], format: 'cjs',
    outfile: path.join(out, 'memview.cjs'), plugins: [loaderPlugin('load-inline.js')], banner: { js: banner } }),
  esbuild.build({ ...common, entryPoints: [path.join(js, 'memview.js')], format: 'iife', globalName: 'memview',
    outfile: path.join(out, 'memview.global.js'), plugins: [loaderPlugin('load-inline.js')], banner: { js: banner } }),
  esbuild.build({ ...common, entryPoints: [path.join(js, 'manual.js')], format: 'esm',
    outfile: path.join(out, 'manual.js'), plugins: [external('./memview.js', './manual-core.js')], banner: { js: banner } }),
  esbuild.build({ ...common, entryPoints: [path.join(js, 'memview.js')], format: 'esm',
    outfile: path.join(out, 'manual-core.js'),
    plugins: [loaderPlugin('load-manual.js'), external('./manual.js', './manual.js')], banner: { js: banner } }),
]);
fs.copyFileSync(path.join(js, 'memview.wasm'), path.join(out, 'memview.wasm'));
// The same declarations, read by TypeScript as CommonJS ones (require()).
fs.writeFileSync(path.join(out, 'memview.d.cts'), fs.readFileSync(path.join(js, 'memview.d.ts'), 'utf8'));
