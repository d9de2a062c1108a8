// bytes/bytearray find and rfind (C's mv_find/mv_rfind, SIMD in wasm) against CPython 3.13
// on generated cases: every kind of sub (bytes-like objects, ints, wrong
// types), None / negative / huge / wrong-type bounds, argument counts, short
// haystacks over a 3-letter alphabet (many partial matches) and long ones
// with the needle planted at every alignment. Long searches are also checked
// against Buffer.indexOf, which needs no Python.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { memoryview, bytes, bytearray, array } from '../js/memview.js';
import { python313 } from './lib/python.js';

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}
const next = rng(1234567);
const below = (n) => next() % n;
const hex = (u8) => Buffer.from(u8).toString('hex');
const fromHex = (h) => new Uint8Array(Buffer.from(h, 'hex'));

function randomHay(n, alphabet) {
  const u = new Uint8Array(n);
  for (let i = 0; i < n; i++) u[i] = alphabet ? 97 + below(alphabet) : next() & 255;
  return u;
}

/** A sub argument as a spec both sides can build. */
function subSpec(hay) {
  const r = below(20);
  const piece = () => {
    if (hay.length && below(3)) { // a piece of the hay: usually found
      const a = below(hay.length), len = below(Math.min(6, hay.length - a) + 1);
      return hex(hay.subarray(a, a + len));
    }
    return hex(randomHay(below(5), 3));
  };
  if (r < 7) return { k: 'bytes', v: piece() };
  if (r < 9) return { k: 'bytearray', v: piece() };
  if (r < 11) return { k: 'u8', v: piece() };
  if (r < 13) return { k: 'int', v: below(4) ? 97 + below(3) : [0, 255, 256, -1, 1000][below(5)] };
  if (r === 13) return { k: 'bool', v: below(2) === 1 };
  if (r === 14) return { k: 'bigint', v: ['98', '-1', '1180591620717411303424'][below(3)] };
  if (r === 15) return { k: 'mv', v: piece() + piece(), step: [1, 2, -1][below(3)] };
  if (r === 16) return { k: 'array_h', v: [97 + 98 * 256, 99][below(2)] };
  return [{ k: 'str', v: 'a' }, { k: 'float', v: 1.5 }, { k: 'none' }, { k: 'mv_released' }][r - 17] ?? { k: 'none' };
}

function boundSpec(n) {
  const r = below(12);
  if (r < 6) return { k: 'int', v: below(2 * n + 7) - n - 3 };
  if (r === 6) return { k: 'none' };
  if (r === 7) return { k: 'undef' };
  if (r === 8) return { k: 'bigint', v: below(2) ? '1180591620717411303424' : '-1180591620717411303424' };
  if (r === 9) return { k: 'bool', v: true };
  if (r === 10) return { k: 'int', v: 2 ** 40 * (below(2) ? 1 : -1) };
  return below(2) ? { k: 'float', v: 1.5 } : { k: 'str', v: '1' };
}

function makeCases() {
  const cases = [];
  for (let i = 0; i < 1500; i++) {
    const n = i < 1200 ? below(24) : 100 + below(3000);
    const hay = randomHay(n, i < 1200 ? 3 : 0);
    const args = [subSpec(hay)];
    const nb = below(10);
    if (nb >= 3) args.push(boundSpec(n));
    if (nb >= 6) args.push(boundSpec(n));
    if (nb === 9 && below(4) === 0) args.push({ k: 'int', v: 1 }); // too many
    cases.push({ type: below(2) ? 'bytes' : 'bytearray', method: below(3) ? 'find' : 'rfind', hay: hex(hay),
      args: below(150) ? args : [] });
  }
  // Long haystacks, the needle (2..300 bytes, past the 256-byte scratch too)
  // planted near either end at every alignment mod 16.
  for (let i = 0; i < 120; i++) {
    const hay = randomHay(2000 + below(300));
    const m = [1, 2, 3, 4, 7, 16, 17, 64, 300][i % 9];
    const needle = randomHay(m);
    const at = i % 2 ? hay.length - m - (i % 16) : 70 + (i % 16);
    hay.set(needle, at);
    const method = i % 4 < 2 ? 'find' : 'rfind';
    const args = [{ k: below(2) ? 'u8' : 'bytes', v: hex(needle) }];
    if (i % 3) args.push({ k: 'int', v: at - (i % 5) }, { k: 'int', v: at + m + (i % 4) - 1 });
    cases.push({ type: 'bytearray', method, hay: hex(hay), args });
  }
  return cases;
}

const PYTHON = `
import sys, json, array
def arg(s):
    k = s['k']
    if k in ('bytes', 'u8'): return bytes.fromhex(s['v'])
    if k == 'bytearray': return bytearray.fromhex(s['v'])
    if k in ('int', 'bool', 'float', 'str'): return s['v']
    if k == 'bigint': return int(s['v'])
    if k in ('none', 'undef'): return None
    if k == 'mv': return memoryview(bytes.fromhex(s['v']))[::s['step']]
    if k == 'array_h': return array.array('h', [s['v']])
    if k == 'mv_released':
        m = memoryview(b'x'); m.release(); return m
out = []
for c in json.load(sys.stdin):
    hay = bytes.fromhex(c['hay'])
    obj = hay if c['type'] == 'bytes' else bytearray(hay)
    try:
        out.append({'ok': getattr(obj, c['method'])(*[arg(a) for a in c['args']])})
    except Exception as e:
        out.append({'err': [type(e).__name__, str(e)]})
print(json.dumps(out))
`;

function jsArg(s) {
  switch (s.k) {
    case 'bytes': return bytes(fromHex(s.v));
    case 'u8': return fromHex(s.v);
    case 'bytearray': return bytearray(fromHex(s.v));
    case 'int': case 'bool': case 'float': case 'str': return s.v;
    case 'bigint': return BigInt(s.v);
    case 'none': return null;
    case 'undef': return undefined;
    case 'mv': return memoryview(bytes(fromHex(s.v))).slice(null, null, s.step);
    case 'array_h': return array('h', [s.v]);
    case 'mv_released': { const m = memoryview(bytes('x')); m.release(); return m; }
  }
  throw new Error(`unknown spec ${s.k}`);
}

function jsFind(c) {
  const hay = fromHex(c.hay);
  const obj = c.type === 'bytes' ? bytes(hay) : bytearray(hay);
  try { return { ok: obj[c.method](...c.args.map(jsArg)) }; } catch (e) { return { err: [e.name, e.message] }; }
}

test('find and rfind agree with CPython 3.13 on generated cases', () => {
  const env = python313();
  if (!env) {
    console.log('\n  (skipped: `PYENV_VERSION=3.13.0 python3` is not CPython 3.13 here)');
    return;
  }
  const cases = makeCases();
  const py = spawnSync('python3', ['-c', PYTHON], { env, input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.is(py.status, 0, py.stderr);
  const want = JSON.parse(py.stdout);
  let found = 0, errors = 0;
  cases.forEach((c, i) => {
    const got = jsFind(c);
    if (JSON.stringify(got) !== JSON.stringify(want[i]))
      assert.unreachable(`case ${i} ${JSON.stringify(c).slice(0, 300)}\n  got ${JSON.stringify(got)}\n  CPython ${JSON.stringify(want[i])}`);
    if (want[i].ok >= 0) found++;
    if (want[i].err) errors++;
  });
  // The generator must reach matches, misses and errors alike.
  assert.ok(found > 300 && errors > 100 && cases.length - found - errors > 300, `${found} found, ${errors} errors`);
});

test('long searches match Buffer.indexOf / lastIndexOf at every alignment', () => {
  const hay = randomHay(70_000, 4); // 4 letters: 2-byte needles match often
  hay.set([1, 2, 3, 4, 5], 65_000);
  const b = bytearray(hay), buf = Buffer.from(hay);
  for (const needle of [[97], [98, 99], [97, 97, 97, 97], [1, 2, 3, 4, 5], [100, 97, 98, 99, 100, 97], [2, 3]]) {
    const nb = Buffer.from(needle);
    for (let start = 0; start < 70_000; start += 997 + (start % 16)) {
      assert.is(b.find(Uint8Array.from(needle), start), buf.indexOf(nb, start), `needle ${needle} start ${start}`);
      const end = Math.min(70_000, start + 5000);
      assert.is(b.find(bytes(needle), start, end), buf.subarray(0, end).indexOf(nb, start), `needle ${needle} [${start}, ${end})`);
    }
  }
  for (const needle of [[97], [98, 99], [97, 97, 97, 97], [1, 2, 3, 4, 5], [2, 3]]) {
    const nb = Buffer.from(needle);
    for (let end = 70_000; end > 0; end -= 997 + (end % 16)) {
      assert.is(b.rfind(bytes(needle), 0, end), buf.subarray(0, end).lastIndexOf(nb), `rfind ${needle} end ${end}`);
      const start = Math.max(0, end - 5000);
      const want = buf.subarray(0, end).lastIndexOf(nb);
      assert.is(b.rfind(Uint8Array.from(needle), start, end), want >= start ? want : -1, `rfind ${needle} [${start}, ${end})`);
    }
  }
  assert.is(b.find(bytes([1, 2, 3, 4, 5])), 65_000);
  assert.is(b.rfind(bytes([1, 2, 3, 4, 5])), 65_000);
  assert.is(b.find(bytes([1, 2, 3, 4, 5]), 0, 65_004), -1);
});

test('find on empty and just-fitting ranges', () => {
  const e = bytes();
  assert.is(e.find(bytes()), 0);
  assert.is(e.find(97), -1);
  assert.is(e.find(bytes(), 1), -1);
  const b = bytearray('abc');
  assert.is(b.find(bytes('abc')), 0);
  assert.is(b.find(bytes('abc'), 0, 2), -1);
  assert.is(b.find(b), 0);
  assert.is(bytes('abcabc').find(99, -1), 5);
  assert.is(bytes('abcabc').rfind(bytes()), 6);
  assert.is(bytes('abcabc').rfind(97, 0, -3), 0);
});

test.run();
