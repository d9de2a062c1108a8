// memview objects passed to Node's and the web's APIs (js/interop.js): each
// API gives the right bytes or throws a clear error, never silently wrong
// data. Blob (and Response bodies, the same WebIDL conversion) turn a
// non-BufferSource into its string, Python's repr: the README says to pass
// m.tobytes() there, and the test below holds that exception to what it is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { python313Lines } from './lib/python.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import crypto from 'node:crypto';
import { Writable, Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { memoryview, bytes, bytearray, array, struct } from '../js/memview.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'memview-interop-'));
const hello = () => memoryview(bytes('hello'));
const notAView = /is not an ArrayBuffer or a TypedArray: pass x\.tobytes\(\)/;
const isTypeError = (re) => (e) => e instanceof TypeError && (re === undefined || re.test(e.message));

test('Buffer.from copies the bytes, as Python bytes(x) does', () => {
  assert.is(Buffer.from(hello()).toString(), 'hello');
  assert.equal([...Buffer.from(bytes([1, 2, 255]))], [1, 2, 255]);
  assert.equal([...Buffer.from(bytearray([9, 8]))], [9, 8]);
  assert.equal([...Buffer.from(array('H', [0x0102, 0x0304]))], [2, 1, 4, 3]);
  // A strided 2-D view gives its bytes in C order, as tobytes() does.
  const grid = memoryview(bytearray([0, 1, 2, 3, 4, 5])).cast('B', [2, 3]);
  assert.equal([...Buffer.from(grid)], [0, 1, 2, 3, 4, 5]);
  assert.equal([...Buffer.from(memoryview(bytes('abcdef')).slice(null, null, 2))], [...Buffer.from('ace')]);
  // A copy: later writes do not show.
  const ba = bytearray('xy');
  const b = Buffer.from(memoryview(ba));
  ba.set(0, 0x41);
  assert.is(b.toString(), 'xy');
  const m = hello();
  m.release();
  assert.throws(() => Buffer.from(m), (e) => e.name === 'ValueError' && /released memoryview/.test(e.message));
});

test('new Uint8Array(x) iterates the items: the bytes of a B view, the converted items otherwise', () => {
  assert.equal([...new Uint8Array(hello())], [...Buffer.from('hello')]);
  assert.equal([...new Uint8Array(bytes([7, 200]))], [7, 200]);
  assert.equal([...Uint8Array.from(bytearray([1, 2]))], [1, 2]);
  // As new Uint8Array(aUint16Array) does: item values (mod 256), not bytes. README: use tobytes().
  assert.equal([...new Uint16Array(array('H', [1000, 2]))], [1000, 2]);
  assert.equal([...new Uint8Array(array('H', [0x0102]))], [0x02]);
  assert.throws(() => new Float64Array(array('q', [1n])), isTypeError());   // bigints: TypeError
});

test('a primitive conversion is the repr: String(m), template literals, m + ""', () => {
  const m = hello();
  assert.match(String(m), /^<memory at 0x[0-9a-f]+>$/);
  assert.is(`${m}`, String(m));
  assert.is(m + '', String(m));                 // valueOf's object is ignored here
});

test("String(m)'s address stays under 2^30 however many views a process makes (V8's small integers: past them every view is slower to make)", () => {
  const m = memoryview(new Uint8Array(16));
  const address = (v) => parseInt(/0x([0-9a-f]+)/.exec(String(v))[1], 16);
  const first = address(m.slice(0, 1));
  let last = first, wrapped = false;
  // 2^24 views of 0x40 apart span 2^30: the addresses must wrap within them.
  for (let k = 1; k <= (1 << 24) + 1; k++) {
    const v = m.slice(0, 1);
    if ((k & 0xffff) === 0 || k > (1 << 24) - 4) {
      const a = address(v);
      assert.ok(a > 0 && a < 2 ** 30, `view ${k}: 0x${a.toString(16)}`);
      if (a < last) wrapped = true;
      last = a;
    }
  }
  assert.ok(wrapped);
  const v = m.slice(2, 4);
  assert.is(v.nbytes, 2);
  v.release();
  assert.match(String(v), /^<released memory at 0x[0-9a-f]+>$/);
});

test('fs and FileHandle: read and write into a memview object are TypeErrors, nothing read or written', async () => {
  const file = path.join(tmp, 'data.bin');
  fs.writeFileSync(file, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const ba = bytearray(16);
  const m = memoryview(ba);
  const fh = await fs.promises.open(file, 'r+');
  try {
    // FileHandle.read(m, ...) took m for its options bag before: bytesRead 16 into a buffer of its own.
    let err = null;
    try { await fh.read(m, 0, 16, 0); } catch (e) { err = e; }
    assert.ok(isTypeError(notAView)(err), String(err));
    err = null;
    try { await fh.read({ buffer: m }); } catch (e) { err = e; }
    assert.ok(isTypeError()(err), String(err));
    err = null;
    try { await fh.write(m); } catch (e) { err = e; }
    assert.ok(isTypeError()(err), String(err));
    assert.equal(ba.tolist(), new Array(16).fill(0));
    // What works: a TypedArray over the view's memory, or a copy.
    const { bytesRead } = await fh.read(m.asTypedArray(), 0, 16, 0);
    assert.is(bytesRead, 16);
    assert.is(Buffer.from(ba.tobytes()).toString(), 'ABCDEFGHIJKLMNOP');
    await fh.write(m.slice(0, 3).tobytes(), 0, 3, 23);
  } finally { await fh.close(); }
  assert.is(fs.readFileSync(file, 'utf8'), 'ABCDEFGHIJKLMNOPQRSTUVWABC');

  const fd = fs.openSync(file, 'r+');
  try {
    assert.throws(() => fs.readSync(fd, m, 0, 4, 0), isTypeError());
    assert.throws(() => fs.writeSync(fd, m), isTypeError());
    const err = await new Promise((resolve) => {
      try { fs.read(fd, m, 0, 4, 0, (e) => resolve(e)); } catch (e) { resolve(e); }
    });
    assert.ok(isTypeError()(err), String(err));
    const err2 = await new Promise((resolve) => {
      try { fs.read(fd, { buffer: m }, (e) => resolve(e)); } catch (e) { resolve(e); }
    });
    assert.ok(isTypeError()(err2), String(err2));
  } finally { fs.closeSync(fd); }
  assert.throws(() => fs.writeFileSync(file, m), isTypeError());
  let err = null;
  try { await fs.promises.writeFile(file, m); } catch (e) { err = e; }
  assert.ok(isTypeError()(err), String(err));
  assert.ok(!fs.readFileSync(file).includes(Buffer.from('<memory')), 'no repr was written');
  assert.equal(ba.tolist().slice(0, 4), [65, 66, 67, 68]);
});

test('TextDecoder and TextEncoder.encodeInto: TypeError; the bytes of tobytes() decode', () => {
  assert.throws(() => new TextDecoder().decode(hello()), isTypeError());
  assert.throws(() => new TextEncoder().encodeInto('x', memoryview(bytearray(4))), isTypeError());
  assert.is(new TextDecoder().decode(hello().tobytes()), 'hello');
});

test('crypto: hash, HMAC, webcrypto digest and getRandomValues reject memview objects', async () => {
  assert.throws(() => crypto.createHash('sha256').update(hello()), isTypeError());
  assert.throws(() => crypto.createHmac('sha256', 'k').update(bytes('x')), isTypeError());
  let err = null;
  try { await crypto.webcrypto.subtle.digest('SHA-256', hello()); } catch (e) { err = e; }
  assert.ok(isTypeError()(err), String(err));
  const ba = bytearray(8);
  assert.throws(() => crypto.getRandomValues(memoryview(ba)), (e) => e instanceof Error && /TypedArray|type/i.test(e.message));
  assert.equal(ba.tolist(), new Array(8).fill(0));
  assert.is(crypto.createHash('sha256').update(hello().tobytes()).digest('hex'),
    crypto.createHash('sha256').update('hello').digest('hex'));
});

test('streams: a byte stream rejects a memview chunk; tobytes() chunks go through', async () => {
  const chunks = [];
  const sink = new Writable({ write(c, _e, cb) { chunks.push(c); cb(); } });
  assert.throws(() => sink.write(hello()), isTypeError());
  sink.write(hello().tobytes());
  await new Promise((r) => sink.end(r));
  assert.is(Buffer.concat(chunks).toString(), 'hello');
  assert.throws(() => Buffer.concat([hello()]), isTypeError());
  // A web ReadableStream byte source: enqueue needs an ArrayBufferView.
  let err = null;
  new ReadableStream({ type: 'bytes', start(c) { try { c.enqueue(hello()); } catch (e) { err = e; } } });
  assert.ok(isTypeError()(err), String(err));
  // Readable.from iterates the items: numbers, which a byte sink refuses.
  const nums = [];
  for await (const x of Readable.from(bytes([1, 2]))) nums.push(x);
  assert.equal(nums, [1, 2]);
});

test('structuredClone and postMessage: a TypeError that says what to send, never a silent {}', async () => {
  // The state is in private fields, which structured cloning skips: the one
  // own property, __noclone__, is what makes the clone throw.
  const cases = [[hello(), 'memoryview', 'send x.tobytes() (a copy) or the buffer it views'],
    [bytes('ab'), 'bytes', 'send x.tobytes() (a copy of its bytes)'], [bytearray('ab'), 'bytearray', 'send x.tobytes() (a copy of its bytes)'],
    [array('i', [1]), 'array', 'send x.tobytes() (a copy of its bytes) or x.tolist()'], [new struct.Struct('<I'), 'Struct', 'send its format'],
    [hello()[Symbol.iterator](), 'memory_iterator', 'send its items ([...it])'], [bytes('ab')[Symbol.iterator](), 'bytes_iterator', 'send its items ([...it])'],
    [bytearray('ab')[Symbol.iterator](), 'bytearray_iterator', 'send its items ([...it])'],
    [array('i', [1])[Symbol.iterator](), 'array.arrayiterator', 'send its items ([...it])'],
    [struct.iter_unpack('<B', bytes('ab')), '_struct.unpack_iterator', 'send its records ([...it])']];
  const { port1, port2 } = new MessageChannel();
  const got = [];
  port2.on('message', (m) => got.push(m));
  try {
    for (const [x, name, instead] of cases) {
      const refused = (e) => e instanceof TypeError && e.message === `cannot clone '${name}' object (structuredClone, postMessage): ${instead}`;
      assert.throws(() => structuredClone(x), refused, name);
      assert.throws(() => structuredClone({ inside: [x] }), refused, name);
      assert.throws(() => port1.postMessage({ x }), refused, name);
      assert.equal(Object.keys(x), ['__noclone__'], name);
    }
    port1.postMessage({ bytes: hello().tobytes() }); // what to send instead
    await new Promise((r) => setTimeout(r, 50));
  } finally { port1.close(); }
  assert.is(got.length, 1);
  assert.is(Buffer.from(got[0].bytes).toString(), 'hello');
});

test('JSON.stringify: TypeError, as json.dumps raises in Python', () => {
  for (const [x, name] of [[hello(), 'memoryview'], [bytes('a'), 'bytes'], [bytearray('a'), 'bytearray'], [array('b'), 'array']]) {
    assert.throws(() => JSON.stringify({ x }),
      (e) => e instanceof TypeError && e.message === `Object of type ${name} is not JSON serializable: use tolist() or hex()`);
  }
  assert.is(JSON.stringify(hello().tolist()), '[104,101,108,108,111]');
});

test('JSON.stringify of a Struct or an iterator: json.dumps\'s TypeError, by the same names', () => {
  const cases = [[new struct.Struct('B'), 'Struct'], [bytes('a')[Symbol.iterator](), 'bytes_iterator'], [bytearray('a')[Symbol.iterator](), 'bytearray_iterator'],
    [array('b')[Symbol.iterator](), 'arrayiterator'], [hello()[Symbol.iterator](), 'memory_iterator'], [struct.iter_unpack('B', bytes('a')), 'unpack_iterator']];
  for (const [x, name] of cases)
    assert.throws(() => JSON.stringify({ x }), (e) => e instanceof TypeError && e.message === `Object of type ${name} is not JSON serializable`, name);
  const py = `
import json, struct
from array import array
for x in [struct.Struct('B'), iter(b'a'), iter(bytearray(b'a')), iter(array('b')), iter(memoryview(b'a')), struct.iter_unpack('B', b'a')]:
    try: json.dumps({'x': x})
    except TypeError as e: print(json.dumps(str(e)))
`;
  const lines = python313Lines(py, '');
  if (lines !== null) assert.equal(lines, cases.map(([, name]) => `Object of type ${name} is not JSON serializable`));
});

test("util.inspect shows Python's repr, with format and shape for a view", () => {
  const m = hello();
  const addr = String(m).match(/0x[0-9a-f]+/)[0];
  assert.is(util.inspect(m), `<memory at ${addr}> format='B' shape=(5,) readonly`);
  const grid = memoryview(bytearray(12)).cast('i', [3, 1]);
  assert.match(util.inspect(grid), /^<memory at 0x[0-9a-f]+> format='i' shape=\(3, 1\)$/);
  assert.is(util.inspect(bytes("it's \\ \n\x00\xff"), { colors: false }), String.raw`b"it's \\ \n\x00\xc3\xbf"`);
  assert.is(util.inspect(bytes('say "hi" it\'s')), String.raw`b'say "hi" it\'s'`);
  assert.is(util.inspect(bytearray([0x41, 7])), String.raw`bytearray(b'A\x07')`);
  assert.is(util.inspect(array('d', [1, 2.5, NaN, -Infinity])), "array('d', [1.0, 2.5, nan, -inf])");
  assert.is(util.inspect(array('q', [5n])), "array('q', [5])");
  assert.is(util.inspect(array('H')), "array('H')");
  assert.is(util.inspect(bytes(300)), `b'${'\\x00'.repeat(100)}' ... 200 more bytes`);
  assert.is(util.inspect(array('b', new Array(102).fill(1))), `array('b', [${new Array(100).fill(1).join(', ')} ... 2 more items])`);
  assert.is(util.inspect({ m }), `{ m: <memory at ${addr}> format='B' shape=(5,) readonly }`);
  // console.log and the REPL format through util.inspect; a released object shows as released.
  assert.is(util.format('%o', bytes('a')), "b'a'");
  m.release();
  assert.is(util.inspect(m), `<released memory at ${addr}>`);
});

test('Blob and Response bodies: the documented exception (the repr); tobytes() gives the bytes', async () => {
  const m = hello();
  assert.is(await new Blob([m]).text(), String(m));
  assert.is(await new Blob([m.tobytes()]).text(), 'hello');
  assert.is(await new Response(m.tobytes()).text(), 'hello');
});

test('for...in sees only __noclone__ (which makes cloning throw): the properties added to the prototypes are not enumerable', () => {
  for (const x of [hello(), bytes('a'), bytearray('a'), array('b'), new struct.Struct('<I')]) {
    const keys = [];
    for (const k in x) keys.push(k);
    assert.equal(keys, ['__noclone__']);
  }
});

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test.run();
