// memview/manual's init() (dist/manual.js) with what a program may hand it.
// Each case runs in a Node process of its own: a binding that once failed to
// load stays failed in its process (the ES module cache keeps the error), which
// is what init() must never let happen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

const manual = new URL('../dist/manual.js', import.meta.url);
const wasm = new URL('../dist/memview.wasm', import.meta.url);

/** What `code` (an async function body given init and the wasm's bytes) returns, as JSON. */
function run(code) {
  const script = `
    const { init } = await import(${JSON.stringify(manual.href)});
    const bytes = (await import('node:fs')).readFileSync(new URL(${JSON.stringify(wasm.href)}));
    const outcome = async (p) => { try { const m = await p; return 'ok ' + m.bytes('hi').hex(); } catch (e) { return e.name + ': ' + e.message; } };
    process.stdout.write(JSON.stringify(await (async () => { ${code} })()));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('a module that is not the core is refused, and init() can then load the core', () => {
  const [first, second] = run(`
    const empty = new WebAssembly.Module(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
    return [await outcome(init({ module: empty })), await outcome(init({ bytes }))];`);
  assert.is(first, "TypeError: memview: init() was given a WebAssembly module that is not memview's core (its imports or exports differ)");
  assert.is(second, 'ok 6869');
});

test('a module that imports what the core does not is refused too', () => {
  // (module (import "env" "other" (func)))
  const [first, second] = run(`
    const other = new WebAssembly.Module(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      1, 4, 1, 0x60, 0, 0, 2, 0x0d, 1, 3, 0x65, 0x6e, 0x76, 5, 0x6f, 0x74, 0x68, 0x65, 0x72, 0, 0));
    return [await outcome(init({ module: other })), await outcome(init({ module: new WebAssembly.Module(bytes) }))];`);
  assert.match(first, /^TypeError: memview: init\(\) was given a WebAssembly module that is not memview's core/);
  assert.is(second, 'ok 6869');
});

test('bytes as a DataView, a Uint8Array or an ArrayBuffer', () => {
  assert.equal(run(`return [await outcome(init({ bytes: new DataView(bytes.buffer, bytes.byteOffset, bytes.length) }))];`), ['ok 6869']);
  assert.equal(run(`return [await outcome(init({ bytes: new Uint8Array(bytes) }))];`), ['ok 6869']);
  assert.equal(run(`return [await outcome(init({ bytes: new Uint8Array(bytes).buffer }))];`), ['ok 6869']);
});

test('each option is read once: a getter that changes its answer cannot pass the check with one value and load another', () => {
  const [first] = run(`
    const real = new WebAssembly.Module(bytes);
    let reads = 0;
    return [await outcome(init({ get module() { reads++; return reads === 1 ? real : {}; } })), reads];`);
  assert.is(first, 'ok 6869');
  const [second, urlReads] = run(`
    let reads = 0;
    const url = new URL(${JSON.stringify(wasm.href)});
    return [await outcome(init({ get url() { reads++; return reads === 1 ? url : null; } })), reads];`);
  assert.is(second, 'ok 6869');
  assert.is(urlReads, 1);
});

test('a load that fails says that it is memview\'s, and can be retried', () => {
  const [missing, garbage, retried] = run(`
    return [await outcome(init({ url: new URL('file:///nonexistent/memview.wasm') })),
      await outcome(init({ bytes: Uint8Array.of(1, 2, 3) })), await outcome(init({ bytes }))];`);
  assert.match(missing, /^Error: memview: cannot load its wasm core \(ENOENT/);
  assert.match(garbage, /^Error: memview: cannot load its wasm core \(WebAssembly\.compile\(\): /);
  assert.is(retried, 'ok 6869');
});

test.run();
