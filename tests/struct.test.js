// Differential test of struct against CPython 3.13: replays the committed
// corpus (tests/corpus/struct.json, made by tests/gen/struct_gen.py), then, when
// CPython 3.13 is on the machine, a fresh corpus with a random seed: programs
// nobody has seen. Every call must give the same bytes, values, or error name
// and message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { struct, memoryview, bytes, bytearray } from '../js/memview.js';
import { viaC } from '../js/struct.js';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

const fromHex = (h) => Uint8Array.from(h.match(/../g) || [], (x) => parseInt(x, 16));
const toHex = (u) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');

function decodeFloat(s) {
  if (s === 'nan') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

/** A Python argument as the JS value the contract maps it to. `code` is the
 *  format code of its slot (undefined for a surplus argument); `position`,
 *  the argument's index, with the case's index `caseIndex`, alternates the
 *  JS kinds that stand for a bytes value (a Uint8Array, a memview bytes)
 *  apart from the API a case calls (replay: caseIndex % 2). */
function decodeArg(v, code, position, caseIndex = 0) {
  const k = position;
  if (v === null) return null;
  if (typeof v === 'boolean') return v;
  if ('i' in v) {
    const b = BigInt(v.i);
    // ints for float codes stay ints: bigint; q/Q alternate number and bigint
    if ('efd'.includes(code ?? '-')) return b;
    const safe = b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n;
    if (!safe || ('qQ'.includes(code ?? '-') && k % 2)) return b;
    return Number(b);
  }
  if ('f' in v) return decodeFloat(v.f);
  if ('b' in v) return ((caseIndex >> 2) + position) % 2 ? bytes(fromHex(v.b)) : fromHex(v.b);
  if ('ba' in v) return bytearray(fromHex(v.ba));
  if ('s' in v) return v.s;
  throw new Error('bad corpus value ' + JSON.stringify(v));
}

function decodeFormat(f) {
  return typeof f === 'string' ? f : fromHex(f.b);
}

/** The buffer of a case, alternating the JS kinds that stand for it. */
function decodeBuffer(b, k) {
  const data = fromHex(b.hex);
  switch (b.kind) {
    case 'bytes': return k % 2 ? bytes(data) : data;
    case 'bytearray': return bytearray(data);
    case 'mv': return memoryview(bytes(data)).slice(b.start, b.stop);
  }
  throw new Error('bad buffer kind ' + b.kind);
}

/** Is the JS result `got` the Python value `want` produced by code `code`? */
function sameValue(got, want, code) {
  if (typeof want === 'boolean') return got === want;
  if ('i' in want) {
    if ('qQ'.includes(code)) return typeof got === 'bigint' && got === BigInt(want.i);
    return typeof got === 'number' && BigInt(got) === BigInt(want.i);
  }
  if ('f' in want) return typeof got === 'number' && Object.is(got, decodeFloat(want.f));
  if ('b' in want) return got instanceof Uint8Array && toHex(got) === want.b;
  return false;
}

function sameValues(got, want, slots) {
  return Array.isArray(got) && got.length === want.length &&
    want.every((w, i) => sameValue(got[i], w, slots[i]));
}

const show = (x) => JSON.stringify(x, (k, v) => (typeof v === 'bigint' ? v + 'n'
  : v instanceof Uint8Array ? 'b:' + toHex(v) : Number.isNaN(v) ? 'NaN' : v));

/** Runs one case; returns null when it agrees with CPython, else a description. */
function replay(c, k, inC) {
  const fmt = decodeFormat(c.fmt);
  const slots = c.slots || '';
  const useStruct = k % 2 === 1; // the Struct methods and the module functions alike
  const S = () => new struct.Struct(fmt);
  let buf = null, after = null;
  const call = () => {
    switch (c.op) {
      case 'calcsize': return useStruct ? S().size : struct.calcsize(fmt);
      case 'pack': {
        const args = c.args.map((v, i) => decodeArg(v, slots[i], i, k));
        const out = inC ? viaC.pack(S(), ...args) : useStruct ? S().pack(...args) : struct.pack(fmt, ...args);
        return toHex(out);
      }
      case 'pack_into': {
        const args = c.args.map((v, i) => decodeArg(v, slots[i], i, k));
        const off = decodeArg(c.offset, undefined, 0);
        const js = (k >> 1) % 2 === 0; // a JS-owned buffer, or a memview bytearray
        buf = js ? fromHex(c.buf) : bytearray(fromHex(c.buf));
        after = () => toHex(js ? buf : buf.tobytes());
        if (inC) return viaC.pack_into(S(), buf, off, ...args);
        return useStruct ? S().pack_into(buf, off, ...args) : struct.pack_into(fmt, buf, off, ...args);
      }
      case 'unpack': {
        const b = decodeBuffer(c.buffer, k >> 1);
        if (inC) return viaC.unpack(S(), b);
        return useStruct ? S().unpack(b) : struct.unpack(fmt, b);
      }
      case 'unpack_from': {
        const b = decodeBuffer(c.buffer, k >> 1);
        const off = 'offset' in c ? decodeArg(c.offset, undefined, 0) : undefined;
        if (inC) return viaC.unpack_from(S(), b, off);
        if (!('offset' in c)) return useStruct ? S().unpack_from(b) : struct.unpack_from(fmt, b);
        return useStruct ? S().unpack_from(b, off) : struct.unpack_from(fmt, b, off);
      }
      case 'iter_unpack': {
        const b = decodeBuffer(c.buffer, k >> 1);
        const records = [...(useStruct ? S().iter_unpack(b) : struct.iter_unpack(fmt, b))];
        if (!inC) return records;
        // each record again, read by C
        const size = S().size;
        return records.map((_, i) => viaC.unpack_from(S(), b, i * size));
      }
    }
    throw new Error('bad op ' + c.op);
  };

  let got, error = null;
  try { got = call(); } catch (e) { error = e; }
  if (after && c.after !== after()) return `buffer after: got ${after()}, want ${c.after}`;
  if ('err' in c) {
    if (!error) return `no error (got ${show(got)}), want ${c.err.join(': ')}`;
    if (error.name !== c.err[0] || error.message !== c.err[1])
      return `got ${error.name}: ${error.message}, want ${c.err.join(': ')}`;
    return null;
  }
  if (error) return `got ${error.name}: ${error.message}, want ${show(c.ok)}`;
  let ok;
  switch (c.op) {
    case 'calcsize': ok = got === c.ok; break;
    case 'pack': ok = got === c.ok; break;
    case 'pack_into': ok = got === undefined; break;
    case 'iter_unpack': ok = Array.isArray(got) && got.length === c.ok.length &&
      c.ok.every((t, i) => sameValues(got[i], t, slots)); break;
    default: ok = sameValues(got, c.ok, slots);
  }
  return ok ? null : `got ${show(got)}, want ${show(c.ok)}`;
}

function replayAll(doc, label, inC) {
  const failures = [];
  doc.cases.forEach((c, k) => {
    const why = replay(c, k, inC);
    if (why) failures.push(`${label} #${k} ${c.op}(${JSON.stringify(c.fmt)}): ${why}`);
  });
  if (failures.length) {
    console.log(failures.slice(0, 25).join('\n'));
    assert.unreachable(`${failures.length} of ${doc.cases.length} calls differ from CPython ${doc.python}`);
  }
}

// Both paths: the public API (js/executor.js where it can, C otherwise), and
// C alone (struct.js viaC), each against CPython.
function replayBoth(doc, label) {
  replayAll(doc, `${label} (public API)`, false);
  replayAll(doc, `${label} (C alone)`, true);
}

test('the committed corpus agrees with CPython 3.13 on every call', () => {
  const doc = JSON.parse(readFileSync(here('./corpus/struct.json'), 'utf8'));
  assert.ok(doc.cases.length >= 2000, 'a corpus of a few thousand calls');
  replayBoth(doc, 'corpus');
});

test('fresh random programs agree with CPython 3.13 (skipped without it)', () => {
  const seed = Number(process.env.STRUCT_SEED) || Math.floor(Math.random() * 2 ** 31);
  const r = spawnSync('python3', [here('./gen/struct_gen.py'), '--seed', String(seed), '--count', process.env.STRUCT_COUNT || '600'],
    { env: { ...process.env, PYENV_VERSION: '3.13.0' }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0 || !r.stdout) {
    console.log('  (skipped: CPython 3.13 is not available as PYENV_VERSION=3.13.0 python3)');
    return;
  }
  const doc = JSON.parse(r.stdout);
  if (!doc.python.startsWith('3.13')) {
    console.log(`  (skipped: python3 is ${doc.python}, not 3.13)`);
    return;
  }
  replayBoth(doc, `seed ${seed} (rerun with STRUCT_SEED=${seed})`);
});

// Where code generation is not allowed (a Content-Security-Policy without
// 'unsafe-eval'; here Node's --disallow-code-generation-from-strings), the
// executor reads and writes records with its loops instead of generated code:
// the same records either way, and the same as C's.
test('without code generation, the executor\'s record loops give the same bytes and values', () => {
  const script = `
    import { struct, bytes, bytearray } from ${JSON.stringify(new URL('../js/memview.js', import.meta.url).href)};
    const out = [];
    const cases = [['<IHH', [1, 2, 3]], ['>i?d', [-5, true, 2.5]], ['<4s2xB', [Uint8Array.of(1, 2), 9]],
      ['<q', [-(2n ** 63n)]], ['!HbB', [65535, -128, 255]], ['<3f', [0.5, -1.25, 3]], ['=c?', [Uint8Array.of(7), false]],
      ['>I4s4s', [7, bytes('ab'), bytearray('cdef')]], ['<40s2s', [bytes('x'.repeat(40)), bytes('yz')]], ['c3s', [bytes('q'), bytes('rstu')]]];
    for (const [f, v] of cases) {
      const packed = struct.pack(f, ...v);
      const b = bytearray(struct.calcsize(f) + 3);
      struct.pack_into(f, b, 3, ...v);
      const back = struct.unpack_from(f, b, 3);
      out.push([f, Array.from(packed), Array.from(b.tobytes()), back.map(String)]);
    }
    console.log(JSON.stringify(out));`;
  const run = (flags) => spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  const generated = run([]), loops = run(['--disallow-code-generation-from-strings']);
  assert.is(generated.status, 0, generated.stderr);
  assert.is(loops.status, 0, loops.stderr);
  assert.equal(JSON.parse(loops.stdout), JSON.parse(generated.stdout));
  assert.ok(JSON.parse(loops.stdout).length === 10);
});

test.run();
