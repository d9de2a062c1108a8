// memview uses Node's own Buffer (js/node-buffer.js) and nothing else of that
// name: a program or a bundler may put a polyfill in globalThis.Buffer, and a
// polyfill need not share bytes, honour ranges or compare one Buffer with
// itself as Node does (buffer@4, webpack 4's, said that any two ranges of one
// Buffer are equal). Each case runs in a Node process whose globals were
// changed first, and checks memview's answers against plain loops run there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

const BUILDS = { 'js/': new URL('../js/memview.js', import.meta.url), 'dist/': new URL('../dist/memview.js', import.meta.url) };

// A Buffer as broken as a polyfill may be: from() copies, toString() and
// compare() ignore their ranges, a Buffer compared with itself is equal.
const BROKEN_BUFFER = `
  const NodeB = globalThis.Buffer;
  class Broken extends Uint8Array {
    static from(x, a, b) {
      if (typeof x === 'string') { const r = NodeB.from(x, a); return new Broken(r); }
      return new Broken(new Uint8Array(x, a, b)); // a copy
    }
    static compare(a, b) { return 0; }
    static allocUnsafeSlow(n) { return new Broken(n); }
    toString(enc) { return NodeB.from(this.buffer, this.byteOffset, this.length).toString(enc); }
    compare(target) { return this === target ? 0 : NodeB.compare(this, target); }
  }
  globalThis.Buffer = Broken;`;

// What a program does with memview, each answer beside a plain loop's.
const WORKLOAD = `
  const hexOf = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const pairs = [];
  const a = new Uint8Array(65).fill(1), b = new Uint8Array(65).fill(2);
  pairs.push(['equals of bytes', memview.memoryview(memview.bytes(a)).equals(memview.memoryview(memview.bytes(b))), same(a, b)]);
  const u = new Uint8Array(300).fill(7, 0, 100);
  const m = memview.memoryview(u);
  pairs.push(['equals of two slices of one array', m.slice(0, 100).equals(m.slice(100, 200)), false]);
  pairs.push(['equals of two equal slices', m.slice(100, 200).equals(m.slice(200, 300)), true]);
  for (let i = 0; i < 300; i++) u[i] = i * 7;
  pairs.push(['hex of a slice of JS memory', m.slice(3, 40).hex(), hexOf(u.subarray(3, 40))]);
  const w = memview.bytes(u.subarray(50, 90));
  pairs.push(['hex of wasm memory', memview.memoryview(w).slice(1, 9).hex(), hexOf(u.subarray(51, 59))]);
  const big = new Uint8Array(70000).map((_, i) => i % 251);
  const copy = memview.memoryview(big).tobytes();
  pairs.push(['tobytes of 70000 bytes', same(new Uint8Array(copy.length).map((_, i) => copy[i]), big), true]);
  big[5] = 0;
  pairs.push(['hex after a write', memview.memoryview(big).slice(0, 8).hex(), hexOf(big.subarray(0, 8))]);`;

/** [name, memview's answer, the loop's] for each line of WORKLOAD, in a
 *  process whose globals `setup` (source text) changed first. */
function answersAfter(setup, url) {
  const code = `
    const stdout = process.stdout;
    ${setup}
    const memview = await import(${JSON.stringify(url.href)});
    ${WORKLOAD}
    stdout.write(JSON.stringify({ pairs, extra: typeof extra === 'function' ? extra() : null }));`;
  // a broken Buffer's hex() may be all of wasm memory
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}
function assertAnswers(got) {
  for (const [name, mine, loop] of got.pairs) assert.equal(mine, loop, name);
}

for (const [build, url] of Object.entries(BUILDS)) {
  test(`${build}: a broken global Buffer in Node changes no answer`, () => {
    assertAnswers(answersAfter(BROKEN_BUFFER, url));
  });

  // (js/ loads its wasm by fetch() where the process is not Node's: a bundle's)
  if (build === 'dist/') {
    test(`${build}: a bundler's process and Buffer stand-ins change no answer`, () => {
      // webpack 4's process/browser: no getBuiltinModule, no versions.node
      assertAnswers(answersAfter(`${BROKEN_BUFFER}
        Object.defineProperty(globalThis, 'process', { value: { env: {}, versions: {}, browser: true }, configurable: true });`, url));
    });

    test(`${build}: a process whose every property throws changes no answer`, () => {
      assertAnswers(answersAfter(`${BROKEN_BUFFER}
        const fail = () => { throw new Error('no such property'); };
        Object.defineProperty(globalThis, 'process', { value: new Proxy({}, { get: fail, has: fail }), configurable: true });`, url));
    });
  }

  // (a bundle's shim: process.getBuiltinModule = require, and require('buffer') the polyfill)
  test(`${build}: a getBuiltinModule that hands out a broken Buffer changes no answer`, () => {
    assertAnswers(answersAfter(`${BROKEN_BUFFER}
      process.getBuiltinModule = (name) => name === 'buffer' ? { Buffer: Broken } : undefined;`, url));
  });

  // Node before 20.16: no getBuiltinModule, the global Buffer is Node's unless replaced
  test(`${build}: a broken global Buffer in a Node without getBuiltinModule changes no answer`, () => {
    assertAnswers(answersAfter(`${BROKEN_BUFFER}
      delete process.getBuiltinModule;`, url));
  });

  test(`${build}: a getBuiltinModule that throws changes no answer`, () => {
    assertAnswers(answersAfter(`process.getBuiltinModule = () => { throw new Error('not here'); };`, url));
  });

  test(`${build}: an allocUnsafeSlow that hands out ranges of one pool writes nothing outside its range`, () => {
    const got = answersAfter(`
      const pool = new Uint8Array(1 << 20).fill(0xee);
      let next = 4096;
      Buffer.allocUnsafeSlow = (n) => { const b = Buffer.from(pool.buffer, next, n); next += n; return b; };
      // what was never handed out is as it was
      function extra() { return [...pool.subarray(0, 4096), ...pool.subarray(next)].every((x) => x === 0xee); }`, url);
    assertAnswers(got);
    assert.is(got.extra, true, 'the pool is as it was');
  });
}

test.run();
