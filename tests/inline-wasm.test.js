// The builds that carry the wasm inline (dist/memview.js, .cjs, .global.js)
// decode it from hex by the first of three ways the engine offers:
// Uint8Array.fromHex (browsers), Node's Buffer, or a plain loop (any other
// engine). Each is taken here in a Node process set up to offer it alone,
// and must give a core that works.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

const dist = new URL('../dist/', import.meta.url);
const wasmHexLength = 2 * fs.statSync(new URL('memview.wasm', dist)).size;

// How a user's code loads each build: import, require, and a classic script.
const LOADERS = {
  'memview.js': (url) => `await import(${JSON.stringify(url.href)})`,
  'memview.cjs': (url) => `(await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(url.pathname)})`,
  'memview.global.js': (url) => `((await import('node:vm')).runInThisContext((await import('node:fs')).readFileSync(${JSON.stringify(url.pathname)}, 'utf8')), globalThis.memview)`,
};

/** What memview's core computes, and how the wasm was decoded, in a process
 *  whose globals `setup` (source text) changed first. */
function loadAfter(setup, build = 'memview.js') {
  const code = `
    const calls = [];
    ${setup}
    const memview = ${LOADERS[build](new URL(build, dist))};
    const out = [memview.bytes(Uint8Array.of(0xde, 0xad)).hex(':'),
      memview.bytes(memview.struct.pack('<Ih', 0x01020304, -2)).hex(),
      memview.memoryview(memview.bytearray(8)).cast('I').tolist().length];
    process.stdout.write(JSON.stringify({ out, calls }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const WANT = ['de:ad', '04030201feff', 2];
// Node's own decoder, kept before Buffer goes
const NODE_HEX = 'const fromHex = globalThis.Buffer.from.bind(globalThis.Buffer);';

for (const build of ['memview.js', 'memview.cjs', 'memview.global.js']) {
  test(`${build}: the wasm decodes by a plain loop where the engine has neither fromHex nor Buffer`, () => {
    // (js/node-buffer.js finds Node's Buffer by getBuiltinModule, else the global)
    const got = loadAfter('delete Uint8Array.fromHex; delete process.getBuiltinModule; delete globalThis.Buffer;', build);
    assert.equal(got.out, WANT);
  });
}

test("the wasm decodes by Buffer.from(s, 'hex') where there is a Buffer", () => {
  const got = loadAfter(`delete Uint8Array.fromHex; ${NODE_HEX}
    const from = Buffer.from;
    Buffer.from = function (s, enc) { if (enc === 'hex') calls.push(['Buffer', s.length]); return from.apply(this, arguments); };`);
  assert.equal(got.out, WANT);
  // (js/node-buffer.js tries a 4-digit one first, on the Buffer it may use)
  assert.equal(got.calls, [['Buffer', 4], ['Buffer', wasmHexLength]]);
});

test('the wasm decodes by Uint8Array.fromHex where the engine has it', () => {
  const got = loadAfter(`${NODE_HEX}
    Uint8Array.fromHex = (s) => { calls.push(['fromHex', s.length]); return new Uint8Array(fromHex(s, 'hex')); };`);
  assert.equal(got.out, WANT);
  assert.equal(got.calls, [['fromHex', wasmHexLength]]);
});

// A vm context has JavaScript's globals alone: no queueMicrotask (struct's
// memo of the last buffer is dropped at the end of the job), no process.
test('memview.global.js runs in a vm context given only TextEncoder and TextDecoder', () => {
  const code = `
    const vm = await import('node:vm'), fs = await import('node:fs');
    const src = fs.readFileSync(${JSON.stringify(new URL('memview.global.js', dist).pathname)}, 'utf8');
    const out = vm.runInNewContext(src + \`;
      const t = (f) => { try { return String(f()); } catch (e) { return e.name + ': ' + e.message; } };
      const u = new Uint8Array([1, 0, 2, 0]), b = new Uint8Array(8);
      [t(() => memview.struct.unpack('<H', u.subarray(0, 2))), t(() => memview.struct.unpack_from('<2H', u)),
       t(() => { new memview.struct.Struct('>I4s').pack_into(b, 0, 1, memview.bytes([7])); return b; }),
       t(() => memview.bytes([222, 173]).hex())]\`, { TextEncoder, TextDecoder });
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout), ['1', '1,2', '0,0,0,1,7,0,0,0', 'dead']);
});

test('a fromHex that returns other bytes is an error that names memview', () => {
  const code = `
    Uint8Array.fromHex = (s) => new Uint8Array(s.length >> 1).fill(7);
    try { await import(${JSON.stringify(new URL('memview.js', dist).href)}); process.stdout.write('loaded'); }
    catch (e) { process.stdout.write(JSON.stringify([e.message, e.cause instanceof WebAssembly.CompileError])); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const [message, cause] = JSON.parse(r.stdout);
  assert.match(message, /^memview: cannot compile its inline wasm core \(WebAssembly\.Module\(\): /);
  assert.is(cause, true);
});

test.run();
