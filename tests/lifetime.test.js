// Lifetime and memory rules of the contract: release frees at once, the
// FinalizationRegistry frees what was forgotten, failing calls leak nothing,
// the export lock holds while any view lives, and wasm memory growth never
// breaks a memview object.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { memoryview, bytes, bytearray, array, struct, BufferError, ValueError, heapStats } from '../js/memview.js';

const gc = globalThis.gc;
const settle = () => new Promise((r) => setTimeout(r, 10));

test('release() frees every descriptor at once', () => {
  const b = bytearray(100);
  const before = heapStats().inUse;
  for (let i = 0; i < 2000; i++) {
    const m = memoryview(b);
    const s = m.slice(1, 50, 2);
    const c = m.cast('B', [10, 10]);
    s.release(); c.release(); m.release();
  }
  assert.is(heapStats().inUse, before);
});

test('Symbol.dispose releases', () => {
  const b = bytearray(4);
  const dispose = Symbol.dispose || Symbol.for('Symbol.dispose');
  const m = memoryview(b);
  m[dispose]();
  assert.throws(() => m.nbytes, (e) => e instanceof ValueError && e.message === 'operation forbidden on released memoryview object');
  b.append(1); // unlocked
  assert.is(b.length, 5);
});

test('the FinalizationRegistry frees views and exporters that were dropped', async () => {
  if (!gc) { console.log('  (skipped: run node with --expose-gc)'); return; }
  for (let k = 0; k < 3; k++) { gc(); await settle(); }
  const before = heapStats().inUse;
  (() => {
    for (let i = 0; i < 3000; i++) {
      const b = bytearray(64);
      const m = memoryview(b).slice(2, 40).cast('B', [38]);
      m.tolist();
    }
  })();
  for (let k = 0; k < 5 && heapStats().inUse !== before; k++) { gc(); await settle(); }
  assert.is(heapStats().inUse, before);
});

test('an iter_unpack iterator keeps its Struct\'s compiled form alive after the Struct is collected', async () => {
  if (!gc) { console.log('  (skipped: run node with --expose-gc)'); return; }
  // '<4p' goes to C on every step (no JS reader), which reads the compiled
  // struct: once its Struct is gone, that block must still be its own
  const data = bytes([3, 65, 66, 67, 3, 68, 69, 70, 3, 71, 72, 73, 3, 74, 75, 76]);
  const its = [(() => struct.Struct('<4p').iter_unpack(data))(), (() => { struct._clearcache(); return struct.iter_unpack('<4p', data); })()];
  for (const it of its) it.next();
  struct._clearcache();
  for (let k = 0; k < 5; k++) { gc(); await settle(); }
  const reuse = [];
  for (let i = 0; i < 200; i++) reuse.push(struct.Struct(`<${i + 1}q`), bytearray(new Uint8Array(64).fill(4)));
  for (const it of its) assert.equal([...it].map((r) => r.map((b) => Array.from(b))), [[[68, 69, 70]], [[71, 72, 73]], [[74, 75, 76]]]);
});

test('failing calls leak nothing', () => {
  const b = bytearray(12);
  const m = memoryview(b);
  const short = bytes(3);
  const before = heapStats().inUse;
  for (let i = 0; i < 500; i++) {
    assert.throws(() => m.cast('i', [5]));
    assert.throws(() => m.slice(0, 5, 0));
    assert.throws(() => m.set(0, 300));
    assert.throws(() => m.tobytes('X'));
    assert.throws(() => m.assign(short));
    assert.throws(() => m.hex('ab'));
  }
  assert.is(heapStats().inUse, before);
  m.release();
});

test('a big pack gives its scratch blocks back: heapStats().inUse returns to where it was', () => {
  const S = new struct.Struct('<4s16000000x'), target = bytearray(S.size);
  S.pack(Uint8Array.of(1, 2, 3, 4)); // a first call makes the scratch blocks struct keeps
  const before = heapStats().inUse;
  const packed = S.pack(Uint8Array.of(1, 2, 3, 4)); // the JS path
  S.pack_into(target, 0n, Uint8Array.of(5, 6, 7, 8)); // C's pack_into (a bigint offset): bytes fields in a scratch block
  const B = new struct.Struct('<?16000000x'), truth = { valueOf() { return 0; } }; // an object's truth: C's pack, the output in a scratch block
  B.pack(truth);
  const before2 = heapStats().inUse, flag = B.pack(truth);
  assert.equal([...packed.subarray(0, 4), ...target.tobytes().subarray(0, 4), flag[0]], [1, 2, 3, 4, 5, 6, 7, 8, 1]);
  assert.ok(heapStats().inUse <= before2 + 2 * 65536, `${heapStats().inUse - before2} bytes kept by C's pack`);
  assert.ok(heapStats().inUse <= before + 2 * 65536, `${heapStats().inUse - before} bytes kept`);
  target.release();
});

// C's values block (40 bytes a value): a Struct of many values takes one
// for each call, after C's checks, and frees it.
test("a Struct of many values keeps no values block, whether its call succeeds or fails, and one whose checks fail takes none: CPython's struct.error", () => {
  const before = heapStats().inUse;
  const raises = (f, msg) => assert.throws(f, (e) => e.name === 'struct.error' && e.message.startsWith(msg), msg);
  raises(() => struct.unpack_from('<2000000B', new ArrayBuffer(10)), 'unpack_from requires a buffer of at least 2000000 bytes');
  raises(() => struct.unpack('<1000001H', new ArrayBuffer(10)), 'unpack requires a buffer of 2000002 bytes');
  // a 12 GB values block, more than wasm memory holds: CPython's error, not a MemoryError
  raises(() => struct.unpack_from('<300000000B', new ArrayBuffer(10)), 'unpack_from requires a buffer of at least 300000000 bytes');
  assert.ok(heapStats().inUse <= before + 4096, `${heapStats().inUse - before} bytes kept after the errors`);
  const e = new Uint8Array(40000); // '<20000e' goes through C: an 800 KB values block
  for (let k = 0; k < e.length; k += 2) e[k + 1] = 0x3c; // 1.0 each
  const half = struct.unpack('<20000e', e), items = [...struct.iter_unpack('<20000e', e)];
  const into = bytearray(40000); struct.pack_into('<20000e', into, 0, ...half);
  assert.equal([half.length, half[0], half[19999], items.length, items[0][5], into.get(1), struct.pack('<20000e', ...half).length], [20000, 1, 1, 1, 1, 0x3c, 40000]);
  assert.ok(heapStats().inUse <= before + 4096 + 3 * 40000, // the bytearray, and pack's kept scratch block
    `${heapStats().inUse - before} bytes kept after C's unpack and pack`);
  into.release();
  // errors after the call's values block is taken: a value C refuses, a buffer detached under iter_unpack
  const after = heapStats().inUse, values = half.slice(), target = bytearray(40000);
  values[19999] = 1e300;
  assert.throws(() => struct.pack('<20000e', ...values), (e) => e.name === 'OverflowError');
  assert.throws(() => struct.pack_into('<20000e', target, 0, ...values), (e) => e.name === 'OverflowError');
  const ab = new ArrayBuffer(80000), it = struct.iter_unpack('<20000e', ab);
  it.next();
  structuredClone(ab, { transfer: [ab] });
  assert.throws(() => it.next(), (e) => e.name === 'ValueError');
  target.release();
  assert.ok(heapStats().inUse <= after + 4096, `${heapStats().inUse - after} bytes kept after the errors`);
});

test('a big pack on the JS path keeps no area of its size', async () => {
  const S = new struct.Struct('<I40000000x'); // bigger than any pack before it in this file
  const collect = async () => { for (let k = 0; k < 3; k++) { gc(); await settle(); } }; // V8 frees ArrayBuffers' bytes after a GC
  await collect();
  const before = process.memoryUsage().arrayBuffers;
  let packed = S.pack(7);
  assert.equal([packed[0], packed.length], [7, S.size]);
  packed = null;
  await collect();
  assert.ok(process.memoryUsage().arrayBuffers < before + (1 << 20), `${process.memoryUsage().arrayBuffers - before} bytes of ArrayBuffers kept`);
});

test('export lock: resizing needs every view released', () => {
  const b = bytearray('abc');
  const m = memoryview(b);
  const s = m.slice(1, 3);
  m.release();
  const locked = (e) => e instanceof BufferError && e.message === 'Existing exports of data: object cannot be re-sized';
  assert.throws(() => b.append(1), locked);
  assert.throws(() => b.pop(), locked);
  assert.throws(() => b.extend([1]), locked);
  assert.throws(() => b.resize(10), locked);
  b.set(0, 65); // same-size writes are fine
  s.release();
  b.append(100);
  assert.equal(b.tolist(), [65, 98, 99, 100]);
  const a = array('i', [1, 2]);
  const v = memoryview(a);
  assert.throws(() => a.append(3), (e) => e instanceof BufferError && e.message === 'cannot resize an array that is exporting buffers');
  v.release();
  a.append(3);
  assert.equal(a.tolist(), [1, 2, 3]);
});

// In a child process: a fresh heap, which the allocations below must grow
// (tests before this one may leave this process's memory large and free).
test('views keep working across wasm memory growth', () => {
  const script = `
    const { memoryview, bytearray, heapStats } = await import(${JSON.stringify(new URL('../js/memview.js', import.meta.url).href)});
    const b = bytearray([1, 2, 3, 4, 5, 6, 7, 8]);
    const m = memoryview(b);
    const c = m.cast('H');
    const r = m.slice(undefined, undefined, -1);
    const ta0 = m.asTypedArray();
    const startMemory = heapStats().memory;
    const big = [];
    while (heapStats().memory === startMemory && big.length < 64) big.push(bytearray(32 << 20));
    const grew = heapStats().memory > startMemory, detached = ta0.length === 0;
    m.set(0, 9);
    console.log(JSON.stringify({ grew, detached, m: m.tolist(), c: c.tolist(), r: r.tolist(), ta: [...m.asTypedArray()], b0: b.get(0) }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
  assert.ok(out.grew, 'memory grew');
  assert.ok(out.detached, 'an old TypedArray is detached by growth, as documented');
  assert.equal(out.m, [9, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(out.c, [9 + 2 * 256, 3 + 4 * 256, 5 + 6 * 256, 7 + 8 * 256]);
  assert.equal(out.r, [8, 7, 6, 5, 4, 3, 2, 9]);
  assert.equal(out.ta, [9, 2, 3, 4, 5, 6, 7, 8]);
  assert.is(out.b0, 9);
});

test('a Struct keeps the JS buffer it read or wrote alive no longer than the job that called it: a resizable one too', async () => {
  if (!gc) { console.log('  (skipped: run node with --expose-gc)'); return; }
  const kinds = [() => new ArrayBuffer(64), () => new ArrayBuffer(64, { maxByteLength: 128 })];
  const refs = [], structs = kinds.map(() => new struct.Struct('<I')); // each its own memo
  for (const [k, make] of kinds.entries()) {
    const S = structs[k];
    (() => {
      const buffer = make();
      S.pack_into(new Uint8Array(buffer), 0, 7);
      assert.equal(S.unpack_from(new Uint8Array(buffer), 0), [7]);
      refs.push(new WeakRef(buffer));
    })();
  }
  for (let k = 0; k < 3; k++) { await settle(); gc(); }
  assert.equal(refs.map((r) => r.deref() === undefined), [true, true]);
  assert.equal(structs[1].unpack_from(new Uint8Array(4)), [0]); // the Structs lived to here
});

test('a view keeps its exporter alive', async () => {
  const m = (() => memoryview(bytes('keep me')))();
  if (gc) { gc(); await settle(); gc(); }
  assert.is(new TextDecoder().decode(m.tobytes()), 'keep me');
  assert.is(m.obj.length, 7);
});

test('release() of bytes, bytearray and array frees at once; afterwards every use is a ValueError', () => {
  struct.calcsize('B'); // compiled once and cached, before the count starts
  const before = heapStats().inUse;
  // 1,000 64 MiB bytearrays in a synchronous loop: without release() the
  // finalizers cannot run before the loop yields, and memory runs out at 64.
  for (let i = 0; i < 1000; i++) {
    const b = bytearray(64 << 20);
    b.set(i % 100, 7);
    assert.is(b.get(i % 100), 7);
    b.release();
  }
  assert.is(heapStats().inUse, before);
  for (const [make, name] of [[() => bytes('abc'), 'bytes'], [() => bytearray('abc'), 'bytearray'],
    [() => array('i', [1, 2, 3]), 'array']]) {
    const x = make();
    const m = memoryview(x);
    assert.throws(() => x.release(), (e) => e instanceof BufferError, `${name}: a live view blocks release`);
    m.release();
    x.release();
    x.release(); // a second release does nothing
    const released = (e) => e instanceof ValueError && e.message === `operation forbidden on released ${name} object`;
    assert.throws(() => x.length, released, name);
    assert.throws(() => x.tolist(), released, name);
    assert.throws(() => x.get(0), released, name);
    assert.throws(() => memoryview(x), released, name);
    assert.throws(() => bytes(x), released, name);
    assert.throws(() => struct.unpack_from('B', x), released, name);
    assert.is(String(x), `<released ${name} object>`);
  }
  assert.is(heapStats().inUse, before);
});

test('array.clear() empties the array, and the export lock holds it as CPython 3.13 does', () => {
  const a = array('i', [1, 2, 3]);
  const m = memoryview(a);
  assert.throws(() => a.clear(), (e) => e instanceof BufferError && e.message === 'cannot resize an array that is exporting buffers');
  m.release();
  a.clear();
  assert.is(a.length, 0);
  assert.equal(a.tolist(), []);
  a.append(5);
  assert.equal(a.tolist(), [5]);
});

test('a released view no longer locks: a dropped sibling slice unlocks once collected', async () => {
  if (!gc) return;
  const b = bytearray(16);
  const m = memoryview(b);
  (() => { m.slice(2, 4); })(); // dropped, never released
  m.release();
  for (let i = 0; i < 5; i++) { gc(); await settle(); }
  b.append(1); // the slice was collected: nothing holds the lock
  assert.is(b.length, 17);
});

test('clear() frees the bytes at once, whatever the capacity (a 1-byte one too)', () => {
  const before = heapStats().inUse;
  for (const n of [1, 2, 3, 4, 100]) {
    const b = bytearray(32);
    b.resize(n);
    b.clear();
    assert.is(heapStats().inUse, before, `resized to ${n}, then cleared`);
  }
});

test('user code that releases an exporter mid-call: ValueError where the call reads it after, and nothing revives it', () => {
  struct.pack('4s?', bytearray('abcd'), {}); // the Struct and its blocks for C's pack, kept for reuse
  const before = heapStats().inUse;
  const released = (e) => e instanceof ValueError && e.message === 'operation forbidden on released bytearray object';
  const b = bytearray('abc');
  assert.throws(() => b.extend({ *[Symbol.iterator]() { b.release(); yield 1; } }), released);
  const c = bytearray('abc');
  assert.throws(() => c.insert(0, { *[Symbol.iterator]() { c.release(); yield 1; } }), released);
  // '4s' is packed from the bytes d had before the '?' value's user code
  // released it: CPython packs its fields in order
  const d = bytearray('abcd');
  assert.equal([...struct.pack('4s?', d, { get length() { d.release(); return 1; } })], [97, 98, 99, 100, 1]);
  for (const x of [b, c, d]) assert.throws(() => x.length, released);
  assert.is(heapStats().inUse, before);
});

test.run();
