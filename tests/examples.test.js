// The examples of Python's memoryview documentation, in JS. They are copied into
// the README (tests/examples.md holds the same snippets): keep them short.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoryview, bytes, bytearray, array, heapStats } from '../js/memview.js';

const text = (x) => new TextDecoder().decode(x.tobytes());

test('edit a bytearray through a view: Hello → Hallo', () => {
  const data = bytearray('Hello');
  const v = memoryview(data);
  v.set(1, 'a'.charCodeAt(0));
  assert.is(text(data), 'Hallo');
});

test('invert the pixels of an image in place', () => {
  const pixels = bytearray([0, 64, 128, 255]);
  const view = memoryview(pixels);
  for (let i = 0; i < view.length; i++) view.set(i, 255 - view.get(i));
  assert.equal(pixels.tolist(), [255, 191, 127, 0]);
});

test('memoryview(b"World")[0] == 87', () => {
  const v = memoryview(bytes('World'));
  assert.is(v.get(0), 87);
  assert.is(v.get(-1), 100); // 'd'
});

test('mv[2:6] of b"Hello World" is b"llo " without a copy', () => {
  const data = bytes('Hello World');
  const mv = memoryview(data);
  const part = mv.slice(2, 6);
  assert.equal(part.tobytes(), new TextEncoder().encode('llo '));
  assert.ok(part.obj === data);            // the same object underneath
  assert.ok(part.equals(bytes('llo ')));
  // Writable data shows the sharing: a write to the bytearray is seen by the slice.
  const ba = bytearray('Hello World');
  const s = memoryview(ba).slice(2, 6);
  ba.set(2, 'L'.charCodeAt(0));
  assert.is(text(s), 'Llo ');
});

test("an array('l') read and edited through a view", () => {
  const a = array('l', [-11111111, 22222222, -33333333, 44444444]);
  const m = memoryview(a);
  assert.is(m.get(0), -11111111);
  assert.is(m.get(-1), 44444444);
  assert.equal(m.slice(null, null, 2).tolist(), [-11111111, -33333333]);
  m.set(1, 7);
  assert.equal(a.tolist(), [-11111111, 7, -33333333, 44444444]);
  assert.is(m.itemsize, 4); // C long on wasm32
});

test('a 10 MB bytearray sliced without copying', () => {
  const big = bytearray(10 * 1024 * 1024);
  const before = heapStats().inUse;
  const mv = memoryview(big);
  const chunk = mv.slice(5_000_000, 5_000_016);
  assert.ok(heapStats().inUse - before < 64 * 1024, 'slicing allocated no copy of the data');
  chunk.set(0, 42);
  assert.is(big.get(5_000_000), 42);
  assert.is(chunk.nbytes, 16);
});

test('memoryview(bytearray(b"\\x01\\x00\\x02\\x00")).cast("H").tolist() == [1, 2]', () => {
  const m = memoryview(bytearray([1, 0, 2, 0]));
  assert.equal(m.cast('H').tolist(), [1, 2]);
});

test('mv[0:5] = b"Howdy"', () => {
  const data = bytearray('Hello World');
  const mv = memoryview(data);
  mv.slice(0, 5).assign(bytes('Howdy'));
  assert.is(text(data), 'Howdy World');
});

test('a 3x4 two-dimensional view', () => {
  const data = bytearray([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const grid = memoryview(data).cast('B', [3, 4]);
  assert.equal(grid.shape, [3, 4]);
  assert.equal(grid.strides, [4, 1]);
  assert.is(grid.get(1, 2), 6);
  assert.equal(grid.tolist(), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
});

test('writing to a read-only view: TypeError', () => {
  const v = memoryview(bytes('abc'));
  assert.throws(() => v.set(0, 122),
    (e) => e instanceof TypeError && e.message === 'cannot modify read-only memory');
});

test('casting to an item size that does not divide the length: TypeError', () => {
  const v = memoryview(bytes([1, 2, 3]));
  assert.throws(() => v.cast('i'),
    (e) => e instanceof TypeError && e.message === 'memoryview: length is not a multiple of itemsize');
});

test('using a released view: ValueError', () => {
  const data = bytearray('abc');
  const v = memoryview(data);
  v.release();
  assert.throws(() => v.get(0),
    (e) => e.name === 'ValueError' && e.message === 'operation forbidden on released memoryview object');
  data.append(100); // the bytearray may resize again
  assert.is(text(data), 'abcd');
});

test.run();
