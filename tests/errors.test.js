// Every error of /work/shared/facts/cpython-memoryview.md that the JS API can
// reach, checked once by exception name and exact message (CPython 3.14's).
// Not reachable from JS, so not listed: hash, ordering, `del m[i]`, tuples of
// slices, unsupported formats (no exporter here produces one), subclassing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { python313Lines, PY_FAILURE } from './lib/python.js';
import { readdirSync, readFileSync } from 'node:fs';
import { memoryview, bytes, bytearray, array, struct, ValueError, IndexError, BufferError, UnicodeEncodeError,
  NotImplementedError, OverflowError, heapStats } from '../js/memview.js';

const RELEASED = ['ValueError', 'operation forbidden on released memoryview object'];

// Fixtures: fresh objects for each case.
const ba = (n = 12) => bytearray(Uint8Array.from({ length: n }, (_, i) => i));
const mv = (n = 12) => memoryview(ba(n));
const ro = () => memoryview(bytes(Uint8Array.of(1, 2, 3)));
const m2 = () => mv().cast('B', [3, 4]);               // 2-D, 3x4
const m0 = (fmt = 'i') => memoryview(bytearray(4)).cast(fmt, []); // 0-dim
const released = () => { const m = mv(); m.release(); return m; };
const ints = () => memoryview(array('i', [1, 2, 3]));

// [what CPython does, thunk, exception name, message]
const CASES = [
  // §1 construction
  ['memoryview()', () => memoryview(), 'TypeError', "memoryview() missing required argument 'object' (pos 1)"],
  ['memoryview(a, b)', () => memoryview(ba(), ba()), 'TypeError', 'memoryview() takes at most 1 argument (2 given)'],
  ['memoryview(5)', () => memoryview(5), 'TypeError', "memoryview: a bytes-like object is required, not 'int'"],
  ['memoryview("abc")', () => memoryview('abc'), 'TypeError', "memoryview: a bytes-like object is required, not 'str'"],
  ['memoryview(None)', () => memoryview(null), 'TypeError', "memoryview: a bytes-like object is required, not 'NoneType'"],
  ['memoryview(released)', () => memoryview(released()), ...RELEASED],
  // §2 attributes of a released view, obj included
  ...['obj', 'nbytes', 'readonly', 'itemsize', 'format', 'ndim', 'shape', 'strides', 'suboffsets',
    'c_contiguous', 'f_contiguous', 'contiguous'].map((p) => [`released.${p}`, () => released()[p], ...RELEASED]),
  // §3 len, indexing, slicing, iteration
  ['len(0-dim)', () => m0().length, 'TypeError', '0-dim memory has no length'],
  ['m0[0]', () => m0().get(0), 'TypeError', 'invalid indexing of 0-dim memory'],
  ['m0[0:1]', () => m0().slice(0, 1), 'TypeError', 'invalid indexing of 0-dim memory'],
  ['m[2**64]', () => mv().get(2n ** 64n), 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['m[2**31] (wasm32 sys.maxsize)', () => mv().get(2 ** 31), 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['m[12]', () => mv().get(12), 'IndexError', 'index out of bounds on dimension 1'],
  ['m[-13]', () => mv().get(-13), 'IndexError', 'index out of bounds on dimension 1'],
  ['m2[0]', () => m2().get(0), 'NotImplementedError', 'multi-dimensional sub-views are not implemented'],
  ['m[()] on 1-D', () => mv().get(), 'NotImplementedError', 'sub-views are not implemented'],
  ['m2[(0,)]... via m[0, 0] on 1-D', () => mv().get(0, 0), 'TypeError', 'cannot index 1-dimension view with 2-element tuple'],
  ['m2[0, 0, 0]', () => m2().get(0, 0, 0), 'TypeError', 'cannot index 2-dimension view with 3-element tuple'],
  ['m2[0, 4]', () => m2().get(0, 4), 'IndexError', 'index out of bounds on dimension 2'],
  ['m[1.5]', () => mv().get(1.5), 'TypeError', 'memoryview: invalid slice key'],
  ['m["a"]', () => mv().get('a'), 'TypeError', 'memoryview: invalid slice key'],
  ['m[None]', () => mv().get(null), 'TypeError', 'memoryview: invalid slice key'],
  ['m[::0]', () => mv().slice(null, null, 0), 'ValueError', 'slice step cannot be zero'],
  ['m[1.5:]', () => mv().slice(1.5), 'TypeError', 'slice indices must be integers or None or have an __index__ method'],
  ['m[released][1:]', () => released().slice(1), ...RELEASED],
  ['iter(m0)', () => [...m0()], 'TypeError', 'invalid indexing of 0-dim memory'],
  ['iter(m2)', () => [...m2()], 'NotImplementedError', 'multi-dimensional sub-views are not implemented'],
  ['iter(released) (3.14: ValueError, not SystemError)', () => [...released()], ...RELEASED],
  ['next(it) after release', () => { const m = mv(); const it = m[Symbol.iterator](); it.next(); m.release(); it.next(); }, ...RELEASED],
  // §4 item and slice assignment
  ['read-only m[0] = 1', () => ro().set(0, 1), 'TypeError', 'cannot modify read-only memory'],
  ['read-only m[99] = "x" (checked before the key)', () => ro().set(99, 'x'), 'TypeError', 'cannot modify read-only memory'],
  ['read-only m[:] = src', () => ro().assign(bytes(3)), 'TypeError', 'cannot modify read-only memory'],
  ['m0[0] = 1', () => m0().set(0, 1), 'TypeError', 'invalid indexing of 0-dim memory'],
  ['m2[0] = 1', () => m2().set(0, 1), 'NotImplementedError', 'sub-views are not implemented'],
  ['m[()] = 1 on 1-D', () => mv().set(1), 'NotImplementedError', 'sub-views are not implemented'],
  ['m[0, 0] = 1 on 1-D', () => mv().set(0, 0, 1), 'TypeError', 'cannot index 1-dimension view with 2-element tuple'],
  ['m[5] = "x" on 3 items (bounds first)', () => ints().set(5, 'x'), 'IndexError', 'index out of bounds on dimension 1'],
  ['m[1.5] = 1', () => mv().set(1.5, 1), 'TypeError', 'memoryview: invalid slice key'],
  // CPython refuses any N-D slice assignment; beyond CPython, memview checks the structures, as for 1-D
  ['m2[:] = src (N-D, beyond CPython)', () => m2().assign(ba()), 'ValueError', 'memoryview assignment: lvalue and rvalue have different structures'],
  ["'i' item = 1.5", () => ints().set(0, 1.5), 'TypeError', "memoryview: invalid type for format 'i'"],
  ["'i' item = None", () => ints().set(0, null), 'TypeError', "memoryview: invalid type for format 'i'"],
  ["'@i' item = 'x' ('@' left out)", () => mv().cast('@i').set(0, 'x'), 'TypeError', "memoryview: invalid type for format 'i'"],
  ["'B' item = 256", () => mv().set(0, 256), 'ValueError', "memoryview: invalid value for format 'B'"],
  ["'B' item = -1", () => mv().set(0, -1), 'ValueError', "memoryview: invalid value for format 'B'"],
  ["'q' item of a BigInt64Array = 2**63", () => memoryview(new BigInt64Array(1)).set(0, 2n ** 63n), 'ValueError', "memoryview: invalid value for format 'q'"],
  ["'q' item of a Buffer = -2**63 - 1", () => memoryview(Buffer.alloc(8)).cast('q').set(0, -(2n ** 63n) - 1n), 'ValueError', "memoryview: invalid value for format 'q'"],
  ["'Q' item of a BigUint64Array = -1", () => memoryview(new BigUint64Array(1)).set(0, -1n), 'ValueError', "memoryview: invalid value for format 'Q'"],
  ["'Q' item = 2**64", () => mv(8).cast('Q').set(0, 2n ** 64n), 'ValueError', "memoryview: invalid value for format 'Q'"],
  ["'l' item = 2**31 (wasm32 long)", () => mv().cast('l').set(0, 2 ** 31), 'ValueError', "memoryview: invalid value for format 'l'"],
  ["'f' item = 2**1024", () => mv().cast('f').set(0, 2n ** 1024n), 'ValueError', "memoryview: invalid value for format 'f'"],
  ["'d' item = '1.0'", () => mv(8).cast('d').set(0, '1.0'), 'TypeError', "memoryview: invalid type for format 'd'"],
  ["'e' item = 65520", () => mv().cast('e').set(0, 65520), 'ValueError', "memoryview: invalid value for format 'e'"],
  ["'e' item = 1e10", () => mv().cast('e').set(0, 1e10), 'ValueError', "memoryview: invalid value for format 'e'"],
  ["'c' item = bytearray", () => mv().cast('c').set(0, bytearray(1)), 'TypeError', "memoryview: invalid type for format 'c'"],
  ["'c' item = 'a'", () => mv().cast('c').set(0, 'a'), 'TypeError', "memoryview: invalid type for format 'c'"],
  ["'c' item = 97", () => mv().cast('c').set(0, 97), 'TypeError', "memoryview: invalid type for format 'c'"],
  ["'c' item = b'ab'", () => mv().cast('c').set(0, Uint8Array.of(1, 2)), 'ValueError', "memoryview: invalid value for format 'c'"],
  ["'P' item = 1.5", () => mv().cast('P').set(0, 1.5), 'TypeError', "memoryview: invalid type for format 'P'"],
  ["'P' item = 2**32 (wasm32 pointer)", () => mv().cast('P').set(0, 2 ** 32), 'ValueError', "memoryview: invalid value for format 'P'"],
  ["'P' item = -2**31 - 1", () => mv().cast('P').set(0, -(2 ** 31) - 1), 'ValueError', "memoryview: invalid value for format 'P'"],
  ['m[:] = 5', () => mv().assign(5), 'TypeError', "a bytes-like object is required, not 'int'"],
  ['m[:] = [1, 2]', () => mv().assign([1, 2]), 'TypeError', "a bytes-like object is required, not 'list'"],
  ['m[:] = "ab"', () => mv().assign('ab'), 'TypeError', "a bytes-like object is required, not 'str'"],
  ['m[1:3] = b"XYZ"', () => mv().slice(1, 3).assign(bytes('XYZ')), 'ValueError', 'memoryview assignment: lvalue and rvalue have different structures'],
  ["'i' view[:] = array('I')", () => ints().assign(array('I', [1, 2, 3])), 'ValueError', 'memoryview assignment: lvalue and rvalue have different structures'],
  ["'B' view[:] = 'c' view", () => mv().assign(mv().cast('c')), 'ValueError', 'memoryview assignment: lvalue and rvalue have different structures'],
  ['m[:] = released', () => mv().assign(released()), ...RELEASED],
  ['released[0] = 1', () => released().set(0, 1), ...RELEASED],
  // §5 cast, in CPython's order of checks
  ['cast(5)', () => mv().cast(5), 'TypeError', "cast() argument 'format' must be str, not int"],
  ['cast(None)', () => mv().cast(null), 'TypeError', "cast() argument 'format' must be str, not None"],
  ['cast(5) on a released view (argument first)', () => released().cast(5), 'TypeError', "cast() argument 'format' must be str, not int"],
  ['cast()', () => mv().cast(), 'TypeError', "cast() missing required argument 'format' (pos 1)"],
  ['cast("B", [1], 1)', () => mv().cast('B', [12], 1), 'TypeError', 'cast() takes at most 2 arguments (3 given)'],
  ['released.cast("B")', () => released().cast('B'), ...RELEASED],
  ['m[::2].cast("B")', () => mv().slice(null, null, 2).cast('B'), 'TypeError', 'memoryview: casts are restricted to C-contiguous views'],
  ['m[:0].cast("B", [0])', () => mv().slice(0, 0).cast('B', [0]), 'TypeError', 'memoryview: cannot cast view with zeros in shape or strides'],
  ['cast("B", 5)', () => mv().cast('B', 5), 'TypeError', 'shape must be a list or a tuple'],
  ['cast("B", [1]*65)', () => mv().cast('B', new Array(65).fill(1)), 'ValueError', 'memoryview: number of dimensions must not exceed 64'],
  ['m2.cast("B", [2, 6])', () => m2().cast('B', [2, 6]), 'TypeError', 'memoryview: cast must be 1D -> ND or ND -> 1D'],
  ['m2.cast("B", [])', () => m2().cast('B', []), 'TypeError', 'memoryview: cast must be 1D -> ND or ND -> 1D'],
  ['cast("é")', () => mv().cast('é'), 'UnicodeEncodeError', "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"],
  // ('<i', 'ii', 's', '2i', '=B' were refused too: beyond CPython they are byte-order and record formats)
  ...['', '@@B', 'x', '3x', '<w', '<n', '@'].map((f) => [`cast(${JSON.stringify(f)})`, () => mv().cast(f), 'ValueError',
    "memoryview: destination format must be a native single character format prefixed with an optional '@'"]),
  ['cast i -> h', () => mv().cast('i').cast('h'), 'TypeError', 'memoryview: cannot cast between two non-byte formats'],
  ['cast ? -> i', () => mv().cast('?').cast('i'), 'TypeError', 'memoryview: cannot cast between two non-byte formats'],
  ['bytes(3) -> i', () => mv(3).cast('i'), 'TypeError', 'memoryview: length is not a multiple of itemsize'],
  ['cast("B", [1.5])', () => mv().cast('B', [1.5]), 'TypeError', 'memoryview.cast(): elements of shape must be integers'],
  ['cast("B", [2**64])', () => mv().cast('B', [2n ** 64n]), 'OverflowError', 'Python int too large to convert to C ssize_t'],
  ['cast("B", [2**31]) (wasm32 ssize_t)', () => mv().cast('B', [2 ** 31]), 'OverflowError', 'Python int too large to convert to C ssize_t'],
  ['cast("B", [-1])', () => mv().cast('B', [-1]), 'ValueError', 'memoryview.cast(): elements of shape must be integers > 0'],
  ['cast("B", [0])', () => mv().cast('B', [0]), 'ValueError', 'memoryview.cast(): elements of shape must be integers > 0'],
  ['cast("B", [2**30]*3)', () => mv().cast('B', [2 ** 30, 2 ** 30, 2 ** 30]), 'ValueError', 'memoryview.cast(): product(shape) > SSIZE_MAX'],
  ['cast("B", [5])', () => mv().cast('B', [5]), 'TypeError', 'memoryview: product(shape) * itemsize != buffer size'],
  ['2 bytes .cast("B", [])', () => mv(2).cast('B', []), 'TypeError', 'memoryview: product(shape) * itemsize != buffer size'],
  // §6 tobytes, hex, release
  ['tobytes("X")', () => mv().tobytes('X'), 'ValueError', "order must be 'C', 'F' or 'A'"],
  ['tobytes("c") (lower case)', () => mv().tobytes('c'), 'ValueError', "order must be 'C', 'F' or 'A'"],
  ['tobytes(5)', () => mv().tobytes(5), 'TypeError', "tobytes() argument 'order' must be str or None, not int"],
  ['tobytes("C\\0")', () => mv().tobytes('C\0'), 'ValueError', 'embedded null character'],
  ['released.tobytes()', () => released().tobytes(), ...RELEASED],
  ['released.tolist()', () => released().tolist(), ...RELEASED],
  ['released.hex()', () => released().hex(), ...RELEASED],
  ['released.toreadonly()', () => released().toreadonly(), ...RELEASED],
  ['released.length', () => released().length, ...RELEASED],
  ['hex(5)', () => mv().hex(5), 'TypeError', "object of type 'int' has no len()"],
  ['hex(None)', () => mv().hex(null), 'TypeError', "object of type 'NoneType' has no len()"],
  ['hex("ab")', () => mv().hex('ab'), 'ValueError', 'sep must be length 1.'],
  ['hex("")', () => mv().hex(''), 'ValueError', 'sep must be length 1.'],
  ['hex([1])', () => mv().hex([1]), 'TypeError', 'sep must be str or bytes.'],
  ['hex(bytearray(b":"))', () => mv().hex(bytearray(':')), 'TypeError', 'sep must be str or bytes.'],
  ['hex("é")', () => mv().hex('é'), 'ValueError', 'sep must be ASCII.'],
  ['hex(b"\\xff")', () => mv().hex(Uint8Array.of(0xff)), 'ValueError', 'sep must be ASCII.'],
  ['hex(":", 1.5)', () => mv().hex(':', 1.5), 'TypeError', "'float' object cannot be interpreted as an integer"],
  ['hex(":", 2**31)', () => mv().hex(':', 2 ** 31), 'OverflowError', 'Python int too large to convert to C int'],
  ['release(1)', () => mv().release(1), 'TypeError', 'memoryview.release() takes no arguments (1 given)'],
  ['release() while struct.iter_unpack holds the view', () => {
    const m = mv(); struct.iter_unpack('<h', m); m.release();
  }, 'BufferError', 'memoryview has 1 exported buffer'],
  ['release() with two exported buffers', () => {
    const m = mv(); struct.iter_unpack('<h', m); struct.iter_unpack('<h', m); m.release();
  }, 'BufferError', 'memoryview has 2 exported buffers'],
  // §8 export locking
  ['bytearray.append while viewed', () => { const b = ba(); memoryview(b); b.append(1); }, 'BufferError', 'Existing exports of data: object cannot be re-sized'],
  ['bytearray.pop while a slice of a released view lives', () => {
    const b = ba(); const m = memoryview(b); m.slice(1, 3); m.release(); b.pop();
  }, 'BufferError', 'Existing exports of data: object cannot be re-sized'],
  ['bytearray.clear while cast', () => { const b = ba(); memoryview(b).cast('i'); b.clear(); }, 'BufferError', 'Existing exports of data: object cannot be re-sized'],
  ['bytearray.extend while viewed', () => { const b = ba(); memoryview(b); b.extend([1]); }, 'BufferError', 'Existing exports of data: object cannot be re-sized'],
  ['array.append while viewed', () => { const a = array('i', [1]); memoryview(a); a.append(2); }, 'BufferError', 'cannot resize an array that is exporting buffers'],
  ['array.pop while viewed', () => { const a = array('d', [1, 2]); memoryview(a); a.pop(); }, 'BufferError', 'cannot resize an array that is exporting buffers'],
  // bytes and bytearray name their own type, and UTF-8 refuses lone surrogates (attacker's pass, 2026-12-02)
  ['bytes(None)', () => bytes(null), 'TypeError', "cannot convert 'NoneType' object to bytes"],
  ['bytearray(None)', () => bytearray(null), 'TypeError', "cannot convert 'NoneType' object to bytearray"],
  ['bytes(1.5)', () => bytes(1.5), 'TypeError', "cannot convert 'float' object to bytes"],
  ['bytearray(1.5)', () => bytearray(1.5), 'TypeError', "cannot convert 'float' object to bytearray"],
  ['bytes([300])', () => bytes([300]), 'ValueError', 'bytes must be in range(0, 256)'],
  ['bytearray([300])', () => bytearray([300]), 'ValueError', 'byte must be in range(0, 256)'],
  ['bytearray().extend([300])', () => bytearray().extend([300]), 'ValueError', 'byte must be in range(0, 256)'],
  ["bytes('a\\ud800b')", () => bytes('a\ud800b'), 'UnicodeEncodeError', "'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed"],
  ["bytearray('\\ud800\\ud800')", () => bytearray('\ud800\ud800'), 'UnicodeEncodeError', "'utf-8' codec can't encode characters in position 0-1: surrogates not allowed"],
  ["bytes('😀\\udc00')", () => bytes('😀\udc00'), 'UnicodeEncodeError', "'utf-8' codec can't encode character '\\udc00' in position 1: surrogates not allowed"],
  // second attacker's pass, 2026-12-02 (messages from python3.13)
  ['bytearray().extend(5)', () => bytearray().extend(5), 'TypeError', "can't extend bytearray with int"],
  ['bytearray().extend(-1)', () => bytearray().extend(-1), 'TypeError', "can't extend bytearray with int"],
  ['bytearray().extend(None)', () => bytearray().extend(null), 'TypeError', "can't extend bytearray with NoneType"],
  ['bytearray().extend(1.5)', () => bytearray().extend(1.5), 'TypeError', "can't extend bytearray with float"],
  ['bytearray().extend()', () => bytearray().extend(), 'TypeError', 'bytearray.extend() takes exactly one argument (0 given)'],
  ['array.frombytes()', () => array('b').frombytes(), 'TypeError', 'array.frombytes() takes exactly one argument (0 given)'],
  ["array.frombytes(a strided 'i' view)", () => array('b').frombytes(memoryview(array('i', [1, 2, 3])).slice(undefined, undefined, 2)), 'BufferError', 'memoryview: underlying buffer is not C-contiguous'],
  ['bytearray.insert(0, 300)', () => bytearray('x').insert(0, 300), 'ValueError', 'byte must be in range(0, 256)'],
  // array.frombytes takes C-contiguous buffers of single bytes, as CPython's 'y*' (attacker's pass, 2026-12-02)
  ['array.frombytes(list)', () => array('i', [1]).frombytes([1, 2, 3, 4]), 'TypeError', "a bytes-like object is required, not 'list'"],
  ['array.frombytes(str)', () => array('i', [1]).frombytes('abcd'), 'TypeError', "a bytes-like object is required, not 'str'"],
  ["array.frombytes(array('i'))", () => array('i', [1]).frombytes(array('i', [5])), 'TypeError', 'a bytes-like object is required'],
  ['array.frombytes(Int32Array)', () => array('i', [1]).frombytes(new Int32Array([7])), 'TypeError', 'a bytes-like object is required'],
  ["array('b').frombytes(itself)", () => { const a = array('b', [1]); a.frombytes(a); }, 'BufferError', 'cannot resize an array that is exporting buffers'],
  ['array.frombytes(a strided view)', () => array('i', [1]).frombytes(memoryview(bytes('abcdefgh')).slice(undefined, undefined, 2)), 'BufferError', 'memoryview: underlying buffer is not C-contiguous'],
  ['array.frombytes while viewed', () => { const a = array('h', [1]); memoryview(a); a.frombytes(Uint8Array.of(1, 2)); }, 'BufferError', 'cannot resize an array that is exporting buffers'],
  // §11 count and index (3.14)
  ['count() with no argument', () => mv().count(), 'TypeError', 'memoryview.count() takes exactly one argument (0 given)'],
  ['count(1, 2)', () => mv().count(1, 2), 'TypeError', 'memoryview.count() takes exactly one argument (2 given)'],
  ['m0.count(0)', () => m0().count(0), 'TypeError', 'invalid indexing of 0-dim memory'],
  ['m2.count(0)', () => m2().count(0), 'NotImplementedError', 'multi-dimensional sub-views are not implemented'],
  ['released.count(0)', () => released().count(0), ...RELEASED],
  ['index()', () => mv().index(), 'TypeError', 'index expected at least 1 argument, got 0'],
  ['index(1, 0, 1, 2)', () => mv().index(1, 0, 1, 2), 'TypeError', 'index expected at most 3 arguments, got 4'],
  ['index(1, None)', () => mv().index(1, null), 'TypeError', 'slice indices must be integers or have an __index__ method'],
  ['index(1, 1.5)', () => mv().index(1, 1.5), 'TypeError', 'slice indices must be integers or have an __index__ method'],
  ['m0.index(0)', () => m0().index(0), 'TypeError', 'invalid lookup on 0-dim memory'],
  ['m2.index(0)', () => m2().index(0), 'NotImplementedError', 'multi-dimensional lookup is not implemented'],
  ['released.index(0)', () => released().index(0), ...RELEASED],
  ['index(99)', () => mv().index(99), 'ValueError', 'memoryview.index(x): x not found'],
  ["'B' view .index(b'a') (values, not bytes)", () => memoryview(bytes('a')).index(Uint8Array.of(97)), 'ValueError', 'memoryview.index(x): x not found'],
  ['index(1, 2) (start past the item)', () => mv().index(1, 2), 'ValueError', 'memoryview.index(x): x not found'],
];

const CLASSES = { ValueError, IndexError, BufferError, NotImplementedError, OverflowError, TypeError };

for (const [what, thunk, name, message] of CASES) {
  test(`${what} → ${name}: ${message}`, () => {
    let thrown;
    try { thunk(); } catch (e) { thrown = e; }
    assert.ok(thrown !== undefined, `no exception; expected ${name}: ${message}`);
    assert.is(`${thrown.name}: ${thrown.message}`, `${name}: ${message}`);
    if (CLASSES[name]) assert.ok(thrown instanceof CLASSES[name], `not an instance of ${name}`);
    assert.ok(thrown instanceof Error, 'an Error');
  });
}

test('IndexError and OverflowError extend RangeError; the others extend Error', () => {
  assert.ok(new IndexError('x') instanceof RangeError);
  assert.ok(new OverflowError('x') instanceof RangeError);
  for (const E of [ValueError, BufferError, NotImplementedError]) {
    assert.ok(new E('x') instanceof Error);
    assert.not.ok(new E('x') instanceof RangeError);
  }
});

test('still allowed on a released view: release(), equals by identity, String()', () => {
  const m = mv();
  const other = memoryview(m);
  m.release();
  m.release(); // idempotent
  assert.ok(m.equals(m));
  assert.not.ok(m.equals(other));
  assert.not.ok(other.equals(m));
  assert.match(String(m), /^<released memory at 0x[0-9a-f]+>$/);
  assert.match(String(other), /^<memory at 0x[0-9a-f]+>$/);
});

test('after every view is released the exporters resize again', () => {
  const b = ba();
  const m = memoryview(b);
  const s = m.slice(1, 3);
  m.release();
  assert.throws(() => b.append(1), (e) => e instanceof BufferError);
  s.release();
  b.append(1);
  assert.is(b.length, 13);
  const a = array('i', [1]);
  const v = memoryview(a);
  v.release();
  a.append(2);
  assert.equal(a.tolist(), [1, 2]);
});

// CPython 3.13: memoryview(b'ab').cast(f) and struct.calcsize(f) for these f.
test('a non-ASCII format is the exported UnicodeEncodeError, naming a run of characters as CPython', () => {
  const want = {
    'éé': "'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)",
    'aé': "'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)",
    'é\u{1F600}x': "'ascii' codec can't encode characters in position 0-1: ordinal not in range(128)",
  };
  for (const [f, message] of Object.entries(want)) {
    for (const call of [() => memoryview(bytes('ab')).cast(f), () => struct.calcsize(f)]) {
      assert.throws(call, (e) => e instanceof UnicodeEncodeError && e instanceof ValueError && e.message === message, f);
    }
  }
});

// cast(f) where f is long or not ASCII: CPython 3.13's answers, in the order
// CPython checks (C-contiguity and the number of dimensions before the
// format; encoding the format before reading it). [view, f, ndim of the
// shape or null, the error's name and message, or 'ok' and the format].
// A format longer than a descriptor holds is memview's ValueError with a
// note after CPython's message.
const ODD_FORMAT_CASTS = [
  ['m', 'é'.repeat(16), null, 'UnicodeEncodeError', "'ascii' codec can't encode characters in position 0-15: ordinal not in range(128)"],
  ['m', 'é'.repeat(20), null, 'UnicodeEncodeError', "'ascii' codec can't encode characters in position 0-19: ordinal not in range(128)"],
  ['m', 'B'.repeat(20), null, 'ValueError', "memoryview: destination format must be a native single character format prefixed with an optional '@'"],
  ['m', 'B'.repeat(15) + 'é', null, 'UnicodeEncodeError', "'ascii' codec can't encode character '\\xe9' in position 15: ordinal not in range(128)"],
  ['m', 'B\0é', null, 'UnicodeEncodeError', "'ascii' codec can't encode character '\\xe9' in position 2: ordinal not in range(128)"],
  ['m', 'B'.repeat(20) + '\0', null, 'ValueError', "memoryview: destination format must be a native single character format prefixed with an optional '@'"],
  ['m', 'B\0' + 'x'.repeat(20), null, 'ok', 'B'],
  ['m', '<BBBBBBBBBBBBB3x', null, 'ValueError', "memoryview: destination format must be a native single character format prefixed with an optional '@'"],
  ['s', 'é'.repeat(16), null, 'TypeError', 'memoryview: casts are restricted to C-contiguous views'],
  ['s', 'B'.repeat(20), null, 'TypeError', 'memoryview: casts are restricted to C-contiguous views'],
  ['m', 'é'.repeat(16), 70, 'ValueError', 'memoryview: number of dimensions must not exceed 64'],
  ['m', 'B'.repeat(20), 70, 'ValueError', 'memoryview: number of dimensions must not exceed 64'],
];
/** memview's answer to an ODD_FORMAT_CASTS case: m is a view of 64 bytes, s every other one of them. */
function oddFormatCast([view, f, ndim]) {
  const m = memoryview(bytearray(64)), v = view === 'm' ? m : m.slice(null, null, 2);
  try {
    return ['ok', (ndim === null ? v.cast(f) : v.cast(f, new Array(ndim).fill(1))).format];
  } catch (e) {
    return [e.name, e.message];
  }
}

test('cast() of a long or non-ASCII format fails as CPython does, in its order (with memview\'s note for a long one)', () => {
  for (const c of ODD_FORMAT_CASTS) {
    const [name, message] = oddFormatCast(c);
    assert.is(name, c[3], JSON.stringify(c));
    const nul = c[1].indexOf('\0'), long = (nul < 0 ? c[1].length : nul) > 15; // C reads up to the NUL
    if (c[4].startsWith('memoryview: destination format') && long) assert.is(message, `${c[4]} (memview: or a byte-order or record format of at most 15 characters)`);
    else assert.is(message, c[4], JSON.stringify(c));
  }
});

test('ODD_FORMAT_CASTS are CPython 3.13\'s answers', () => {
  const py = `
import json, sys
m = memoryview(bytearray(64)); s = m[::2]
for view, f, ndim, *_ in json.load(sys.stdin):
    v = m if view == 'm' else s
    try:
        r = v.cast(f) if ndim is None else v.cast(f, [1] * ndim)
        print(json.dumps(['ok', r.format]))
    except Exception as e:
        print(json.dumps([type(e).__name__, str(e)]))
`;
  const lines = python313Lines(py, JSON.stringify(ODD_FORMAT_CASTS));
  if (lines !== null) assert.equal(lines, ODD_FORMAT_CASTS.map((c) => c.slice(3)));
});

// c/src/message.c writes a message's conversions itself, and only these; a
// format with any other (a width, %x, %f) would come out as written.
test('the C core formats its messages with the conversions mv_set_error writes', () => {
  const dir = new URL('../c/src/', import.meta.url);
  const uses = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.c'))) {
    const text = readFileSync(new URL(name, dir), 'utf8');
    for (const [literal] of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g))
      for (const [conversion] of literal.matchAll(/%[-+ #0-9.*]*(?:hh|h|ll|l|j|z|t|L)?[a-zA-Z%]/g)) uses.push(`${name}: ${conversion}`);
  }
  assert.ok(uses.length > 40, `the scan finds the messages (${uses.length} conversions)`);
  assert.equal(uses.filter((u) => !/: %(s|c|d|ld|lld|llu|%)$/.test(u)), []);
});


// Keys past MAXDIM + 1 (65, what F.index holds): C still counts every one,
// and reads every one for its int check. [op, view, keys, at, expected name,
// message]: view 'w' a 2x2x2 'B' view of a bytearray, 'j' of a Uint8Array,
// 'r' of a bytes, 'z' 0-dim, '?' a 2x4 '?' view; keys ints, with 0.5 at `at`
// (-1: none); set writes 1 (True for '?').
const MANY_KEYS = [
  ['get', 'w', 64, -1, 'TypeError', 'cannot index 3-dimension view with 64-element tuple'],
  ['get', 'w', 65, -1, 'TypeError', 'cannot index 3-dimension view with 65-element tuple'],
  ['get', 'w', 66, -1, 'TypeError', 'cannot index 3-dimension view with 66-element tuple'],
  ['get', 'j', 70, -1, 'TypeError', 'cannot index 3-dimension view with 70-element tuple'],
  ['get', 'w', 300, -1, 'TypeError', 'cannot index 3-dimension view with 300-element tuple'],
  ['get', 'w', 70, 0, 'TypeError', 'memoryview: invalid slice key'],
  ['get', 'j', 70, 66, 'TypeError', 'memoryview: invalid slice key'],
  ['get', 'w', 70, 69, 'TypeError', 'memoryview: invalid slice key'],
  ['get', 'z', 70, -1, 'TypeError', 'invalid indexing of 0-dim memory'],
  ['set', 'w', 66, -1, 'TypeError', 'cannot index 3-dimension view with 66-element tuple'],
  ['set', 'j', 70, -1, 'TypeError', 'cannot index 3-dimension view with 70-element tuple'],
  ['set', 'j', 70, 67, 'TypeError', 'memoryview: invalid slice key'],
  ['set', 'r', 70, -1, 'TypeError', 'cannot modify read-only memory'],
  ['set', '?', 70, -1, 'TypeError', 'cannot index 2-dimension view with 70-element tuple'],
  ['set', '?', 70, 68, 'TypeError', 'memoryview: invalid slice key'],
];
const manyKeysView = (view) => (view === 'w' ? memoryview(bytearray(8)).cast('B', [2, 2, 2])
  : view === 'j' ? memoryview(new Uint8Array(8)).cast('B', [2, 2, 2])
    : view === 'r' ? memoryview(bytes(8)).cast('B', [2, 2, 2])
      : view === 'z' ? memoryview(bytearray(1)).cast('B', []) : memoryview(bytearray(8)).cast('?', [2, 4]));
/** memview's answer to a MANY_KEYS case, on v (a fresh view of its kind). */
function manyKeys([op, view, count, at], v = manyKeysView(view)) {
  const keys = Array.from({ length: count }, (_, k) => (k === at ? 0.5 : 0));
  try {
    if (op === 'get') v.get(...keys); else v.set(...keys, view === '?' ? true : 1);
    return ['ok', ''];
  } catch (e) { return [e.name, e.message]; }
}

test('get and set with more keys than F.index holds count every key, as CPython does', () => {
  for (const c of MANY_KEYS) assert.equal(manyKeys(c), c.slice(4), JSON.stringify(c.slice(0, 4)));
  // a record view (beyond CPython) locates through the same C call
  const rec = memoryview(bytearray(8)).cast('<HH');
  assert.throws(() => rec.get(...new Array(70).fill(0)), (e) => e.message === 'cannot index 1-dimension view with 70-element tuple');
  assert.throws(() => rec.set(...new Array(70).fill(0), [1, 2]), (e) => e.message === 'cannot index 1-dimension view with 70-element tuple');
  // what it allocated for them is given back, error or not
  const views = MANY_KEYS.map((c) => manyKeysView(c[1]));
  const before = heapStats().inUse;
  for (let k = 0; k < 50; k++) MANY_KEYS.forEach((c, i) => manyKeys(c, views[i]));
  assert.ok(heapStats().inUse <= before + 4096, `${heapStats().inUse - before} bytes kept`);
});

test('MANY_KEYS are CPython 3.13\'s answers', () => {
  const py = `
import json, sys
def view(kind):
    if kind in 'wj': return memoryview(bytearray(8)).cast('B', [2, 2, 2])
    if kind == 'r': return memoryview(bytes(8)).cast('B', [2, 2, 2])
    if kind == 'z': return memoryview(bytearray(1)).cast('B', [])
    return memoryview(bytearray(8)).cast('?', [2, 4])
for op, kind, count, at, *_ in json.load(sys.stdin):
    v = view(kind); keys = tuple(0.5 if k == at else 0 for k in range(count))
    try:
        if op == 'get': v[keys]
        else: v[keys] = True if kind == '?' else 1
        print(json.dumps(['ok', '']))
    except Exception as e:
        print(json.dumps([type(e).__name__, str(e)]))
`;
  const lines = python313Lines(py, JSON.stringify(MANY_KEYS));
  if (lines !== null) assert.equal(lines, MANY_KEYS.map((c) => c.slice(4)));
});

// sub() (beyond CPython) raises NumPy's errors, in NumPy's order, on a
// 2x2x2 view: [keys as JSON (a string "n" is the int n, a list a slice), its
// name, its message]. NumPy converts every index before it counts them.
const ONLY_INTS = 'only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices';
const SUB_KEYS = [
  [new Array(64).fill(0), 'IndexError', 'too many indices for array: array is 3-dimensional, but 64 were indexed'],
  [new Array(65).fill(0), 'IndexError', 'too many indices for array'],
  [new Array(70).fill(0), 'IndexError', 'too many indices for array'],
  [[0, 0, 0, 0], 'IndexError', 'too many indices for array: array is 3-dimensional, but 4 were indexed'],
  [[0, 0, 0, 0.5], 'IndexError', ONLY_INTS],
  [[0, 0, 0, 'x'], 'IndexError', ONLY_INTS],
  [[[0.5], 0, 0, 0], 'IndexError', 'too many indices for array: array is 3-dimensional, but 4 were indexed'],
  [['1180591620717411303424'], 'IndexError', ONLY_INTS], // 2**70
  [[0, '10000000000000000000'], 'OverflowError', 'Python int too large to convert to C long'], // in [2**63, 2**64)
  [['-10000000000000000000'], 'IndexError', ONLY_INTS],
  [['18446744073709551615'], 'OverflowError', 'Python int too large to convert to C long'], // 2**64 - 1, the last of intrange 1
  [['-9223372036854775809'], 'IndexError', ONLY_INTS], // -2**63 - 1, the first below the int64s
  [['10000000000', 0], 'IndexError', 'index 10000000000 is out of bounds for axis 0 with size 2'],
  [[0, -3], 'IndexError', 'index -3 is out of bounds for axis 1 with size 2'],
  [[0, 0, 2], 'IndexError', 'index 2 is out of bounds for axis 2 with size 2'],
  // bigints past 2**53, printed as given (C has the exact int64; a double
  // would round the first, second and fourth)
  [['9007199254740993'], 'IndexError', 'index 9007199254740993 is out of bounds for axis 0 with size 2'],
  [[0, '9223372036854775807'], 'IndexError', 'index 9223372036854775807 is out of bounds for axis 1 with size 2'],
  [['-9223372036854775808'], 'IndexError', 'index -9223372036854775808 is out of bounds for axis 0 with size 2'],
  [['-9223372036854775001'], 'IndexError', 'index -9223372036854775001 is out of bounds for axis 0 with size 2'],
];
const subKey = (k) => (typeof k === 'string' && /^-?\d+$/.test(k) ? BigInt(k) : k);
test('sub() raises NumPy\'s errors, in its order', () => {
  const m = memoryview(bytearray(8)).cast('B', [2, 2, 2]);
  for (const [keys, name, message] of SUB_KEYS)
    assert.throws(() => m.sub(...keys.map(subKey)), (e) => e.name === name && e.message === message, `${JSON.stringify(keys)}`);
  // past MAXDIM no key is read (NumPy counts them first): a slice whose parts would throw is never asked
  const trap = new Proxy([], { get() { throw new Error('a key was read'); } });
  assert.throws(() => m.sub(0, trap, ...new Array(68).fill(0)), (e) => e instanceof IndexError && e.message === 'too many indices for array');
});

test('SUB_KEYS are NumPy\'s answers (Debian\'s NumPy 1.24, for /usr/bin/python3)', () => {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.log('\n  (skipped: no NumPy for /usr/bin/python3 here)');
    return;
  }
  const py = `
import json, sys, numpy
a = numpy.zeros((2, 2, 2))
key = lambda k: slice(*k) if isinstance(k, list) else int(k) if isinstance(k, str) and k.lstrip('-').isdigit() else k
for keys, *_ in json.load(sys.stdin):
    try: a[tuple(key(k) for k in keys)]; print(json.dumps(['ok', '']))
    except Exception as e: print(json.dumps([type(e).__name__, str(e)]))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', py], { input: JSON.stringify(SUB_KEYS), encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').map((l) => JSON.parse(l)), SUB_KEYS.map((c) => c.slice(1)));
});


// array's item checks (CPython's arraymodule setitem functions), at values
// where wasm32's 32-bit C long and x86-64's answer alike: [typecode, value,
// exception name, message].
const ARRAY_ITEMS = [
  ['b', 127, 'ok', ''], ['b', 128, 'OverflowError', 'signed char is greater than maximum'],
  ['b', 32768, 'OverflowError', 'signed short integer is greater than maximum'], // converted as a C short first
  ['b', 2 ** 31 - 1, 'OverflowError', 'signed short integer is greater than maximum'],
  ['b', -129, 'OverflowError', 'signed char is less than minimum'],
  ['b', -32769, 'OverflowError', 'signed short integer is less than minimum'],
  ['B', 256, 'OverflowError', 'unsigned byte integer is greater than maximum'], ['B', -1, 'OverflowError', 'unsigned byte integer is less than minimum'],
  ['h', 32768, 'OverflowError', 'signed short integer is greater than maximum'], ['h', -32769, 'OverflowError', 'signed short integer is less than minimum'],
  ['H', 65536, 'OverflowError', 'unsigned short is greater than maximum'], ['H', -1, 'OverflowError', 'unsigned short is less than minimum'],
  ['i', 2 ** 31 - 1, 'ok', ''], ['I', -1, 'OverflowError', "can't convert negative value to unsigned int"],
  ['q', -1, 'ok', ''], ['Q', -1, 'OverflowError', "can't convert negative int to unsigned"],
  ['d', 'x', 'TypeError', 'must be real number, not str'], ['i', 1.5, 'TypeError', "'float' object cannot be interpreted as an integer"],
];
test('array items are checked as CPython\'s array module checks them', () => {
  for (const [tc, v, name, message] of ARRAY_ITEMS) {
    let got = ['ok', ''];
    try { array(tc, 'qQ'.includes(tc) ? [BigInt(v)] : [v]); } catch (e) { got = [e.name, e.message]; }
    assert.equal(got, [name, message], `array('${tc}', [${v}])`);
  }
});

test('ARRAY_ITEMS are CPython 3.13\'s answers', () => {
  const py = `
import json, sys
from array import array
for tc, v, *_ in json.load(sys.stdin):
    try: array(tc, [v]); print(json.dumps(['ok', '']))
    except Exception as e: print(json.dumps([type(e).__name__, str(e)]))
`;
  const lines = python313Lines(py, JSON.stringify(ARRAY_ITEMS));
  if (lines !== null) assert.equal(lines, ARRAY_ITEMS.map((c) => c.slice(2)));
});

const messageOf = (thunk) => { try { thunk(); return null; } catch (e) { return `${e.name}: ${e.message}`; } };

// array's item checks over a grid: each typecode at every bound of every C
// type it converts through, and one past it, as a bigint and (up to 2**53) a
// number, with floats and booleans, against CPython 3.13. This machine's
// CPython has an 8-byte C long, where wasm32's is 4 bytes: an int in
// [2**31, 2**64) or [-2**63, -2**31) gets another answer from the types that
// convert through a long (all but q, Q, f, d), so those are left to the
// wasm32 table below.
const ITEM_BOUNDS = [0n, 1n, 7n, 2n ** 1023n, 2n ** 1024n, 2n ** 100n];
for (const bits of [8n, 16n, 32n, 64n]) ITEM_BOUNDS.push(2n ** (bits - 1n), 2n ** bits);
const ITEM_GRID = [];
for (const tc of 'bBhHiIlLqQfd') {
  for (const b of ITEM_BOUNDS) {
    for (const x of [b - 1n, b, -b - 1n, -b]) {
      const longWidthMatters = !'qQfd'.includes(tc) && ((x >= 2n ** 31n && x < 2n ** 64n) || (x >= -(2n ** 63n) && x < -(2n ** 31n)));
      if (longWidthMatters) continue;
      ITEM_GRID.push([tc, x]);
      if (x >= -(2n ** 53n) && x <= 2n ** 53n) ITEM_GRID.push([tc, Number(x)]);
    }
  }
  // floats, and float32's edges: its largest, the first that rounds past it, subnormals
  for (const v of [0.5, -1.5, NaN, Infinity, -Infinity, 1e300, 3.4028234663852886e38, 3.4028235677973366e38, 1e39,
    1.401298464324817e-45, 7e-46, 5e-324, true, false]) ITEM_GRID.push([tc, v]);
}
const pyLiteral = (v) => (typeof v === 'bigint' ? `${v}` : typeof v === 'boolean' ? (v ? 'True' : 'False')
  : Number.isInteger(v) ? `${BigInt(v)}` : Number.isNaN(v) ? "float('nan')" : v === Infinity ? "float('inf')" : v === -Infinity ? "float('-inf')" : `${v}`);

// What an item stores, or how it fails: the bytes as hex (as many as
// wasm32's item has: this CPython's 'l' and 'L' are 8 bytes, little-endian).
const hexOf = (a) => { const m = memoryview(a), h = m.hex(); m.release(); return h; };
const itemOutcome = (tc, v) => {
  try { return hexOf(array(tc, [v])); } catch (e) { return `${e.name}: ${e.message}`; }
};
test('array items over a grid of bounds are stored or refused as CPython 3.13 does', () => {
  const got = ITEM_GRID.map(([tc, v]) => itemOutcome(tc, v));
  const py = `${PY_FAILURE}
import json, sys
from array import array
for tc, v, size in json.load(sys.stdin):
    print(json.dumps(failure(lambda: array(tc, [eval(v)])) or array(tc, [eval(v)]).tobytes()[:size].hex()))
`;
  const want = python313Lines(py, JSON.stringify(ITEM_GRID.map(([tc, v]) => [tc, pyLiteral(v), array(tc).itemsize])));
  if (want === null) return;
  const wrong = ITEM_GRID.map(([tc, v], k) => [`array('${tc}', [${pyLiteral(v)}])`, got[k], want[k]]).filter(([, g, w]) => g !== w);
  assert.equal(wrong, [], `${wrong.length} of ${ITEM_GRID.length} differ`);
});

test('append() and set() store or refuse each grid item as array() does, and a refusal changes nothing', () => {
  // array() fills through extend(), as append() does; set() stores by its own
  // path (storeItem). Item 0 of each array is set()'s, appends go after it.
  const arrays = Object.fromEntries([...'bBhHiIlLqQfd'].map((tc) => [tc, array(tc, [0])]));
  const failed = (e) => `${e.name}: ${e.message}`;
  // -0 too, which CPython cannot be asked of: an int 0 to the integer typecodes, -0.0 to f and d
  for (const [tc, v] of [...ITEM_GRID, ...[...'bBhHiIlLqQfd'].map((tc) => [tc, -0])]) {
    const a = arrays[tc], size = a.itemsize, want = itemOutcome(tc, v);
    let before = hexOf(a);
    const n = a.length;
    let got;
    try { a.append(v); got = hexOf(a).slice(2 * n * size); } catch (e) { got = failed(e); assert.is(hexOf(a), before, `a refused append(${pyLiteral(v)}) appends nothing`); }
    assert.is(got, want, `array('${tc}').append(${pyLiteral(v)})`);
    before = hexOf(a);
    try { a.set(0, v); got = hexOf(a).slice(0, 2 * size); } catch (e) { got = failed(e); assert.is(hexOf(a), before, `a refused set(0, ${pyLiteral(v)}) changes nothing`); }
    assert.is(got, want, `array('${tc}').set(0, ${pyLiteral(v)})`);
  }
});

// A refused item leaves the array as CPython does: extend() keeps the items
// before it; an exported array refuses a bad item with its TypeError, not
// the BufferError of resizing. [Python statements on a, the same in JS.]
const REFUSALS = [
  ['a = array("b", [1]); a.append(300)', (a) => a.append(300)],
  ['a = array("b", [1]); a.extend([2, 1.5, 3])', (a) => a.extend([2, 1.5, 3])],
  ['a = array("b", [1]); m = memoryview(a); a.append(1.5)', (a) => { memoryview(a); a.append(1.5); }],
  ['a = array("b", [1]); m = memoryview(a); a.append(2)', (a) => { memoryview(a); a.append(2); }],
  ['a = array("b", [1]); m = memoryview(a); a.extend([300])', (a) => { memoryview(a); a.extend([300]); }],
  ['a = array("d", [1]); a.extend([2.5, "x"])', (a) => a.extend([2.5, 'x'])],
];
test('a refused item leaves the array as CPython leaves it', () => {
  const got = REFUSALS.map(([stmt, f]) => {
    const a = array(stmt.includes('"d"') ? 'd' : 'b', [1]);
    return `${messageOf(() => f(a))} | ${a.tolist().join(',')}`;
  });
  const py = `${PY_FAILURE}
import json, sys
from array import array
for stmt in json.load(sys.stdin):
    env = {'array': array}
    f = failure(lambda: exec(stmt, env))
    print(json.dumps(f'{f} | ' + ','.join(str(int(x)) if float(x).is_integer() else str(x) for x in env['a'].tolist())))
`;
  const want = python313Lines(py, JSON.stringify(REFUSALS.map(([stmt]) => stmt)));
  if (want !== null) assert.equal(got, want);
  assert.is(got[1], "TypeError: 'float' object cannot be interpreted as an integer | 1,2"); // without CPython too
});

// Arrays from the items of float arrays and views: CPython's items are
// floats, which no integer typecode takes, even when integral (in JS they are
// integral numbers). [Python expression, the same in JS.]
const FLOAT_SOURCES = [
  ["array('b', array('d', [1.0, 2.0]))", () => array('b', array('d', [1, 2]))],
  ["array('q', array('f', [3.0]))", () => array('q', array('f', [3]))],
  ["array('B', array('d', [-0.0]))", () => array('B', array('d', [-0]))],
  ["array('b', array('d'))", () => array('b', array('d'))],
  ["array('d', array('b', [1]))", () => array('d', array('b', [1]))],
  ["array('b', memoryview(array('d', [1.0])))", () => array('b', memoryview(array('d', [1])))],
  ["array('i', memoryview(array('f', [2.0])))", () => array('i', memoryview(new Float32Array([2])))],
  ["array('f', memoryview(array('d', [1e300])))", () => array('f', memoryview(new Float64Array([1e300])))],
  ["array('b', memoryview(b'\\x01\\x02').cast('?'))", () => array('b', memoryview(new Uint8Array([1, 2])).cast('?'))],
  ["(lambda a: a.extend(memoryview(array('d', [1.0]))) or a)(array('i'))", () => { const a = array('i'); a.extend(memoryview(new Float64Array([1]))); return a; }],
];
test('arrays from float arrays and float views refuse their items for integer typecodes, as CPython', () => {
  const outcome = (f) => { try { return f().tolist().map(String).join(','); } catch (e) { return `${e.name}: ${e.message}`; } };
  const got = FLOAT_SOURCES.map(([, f]) => outcome(f));
  const py = `${PY_FAILURE}
import json, sys
from array import array
for expr in json.load(sys.stdin):
    print(json.dumps(failure(lambda: eval(expr)) or ','.join(str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else str(x).replace('inf', 'Infinity') for x in eval(expr).tolist())))
`;
  const want = python313Lines(py, JSON.stringify(FLOAT_SOURCES.map(([e]) => e)));
  if (want !== null) assert.equal(got, want);
  assert.is(got[0], "TypeError: 'float' object cannot be interpreted as an integer"); // without CPython too
});

// Where wasm32's 4-byte C long decides (what CPython built for wasm32 says,
// from its arraymodule.c and getargs.c): [typecode, value, message].
const WASM32_ARRAY_ITEMS = [
  ['b', 2 ** 31, 'OverflowError: Python int too large to convert to C long'],
  ['B', -(2 ** 31) - 1, 'OverflowError: Python int too large to convert to C long'],
  ['h', 2 ** 31, 'OverflowError: Python int too large to convert to C long'],
  ['H', 2 ** 31, 'OverflowError: Python int too large to convert to C long'],
  ['i', 2 ** 31, 'OverflowError: Python int too large to convert to C long'],
  ['l', 2 ** 31, 'OverflowError: Python int too large to convert to C long'],
  ['l', -(2 ** 31), null],
  ['l', -(2 ** 31) - 1, 'OverflowError: Python int too large to convert to C long'],
  ['I', 2 ** 32 - 1, null],
  ['I', 2 ** 32, 'OverflowError: Python int too large to convert to C unsigned long'],
  ['L', 2 ** 32, 'OverflowError: Python int too large to convert to C unsigned long'],
  ['L', 2n ** 63n, 'OverflowError: Python int too large to convert to C unsigned long'],
  ['L', -(2n ** 63n), "OverflowError: can't convert negative value to unsigned int"],
];
test('array items where wasm32\'s 4-byte C long decides', () => {
  for (const [tc, v, message] of WASM32_ARRAY_ITEMS) assert.is(messageOf(() => array(tc, [v])), message, `array('${tc}', [${v}])`);
  assert.is(array('l').itemsize, 4);
  assert.is(array('L').itemsize, 4);
});

// Subscripts and pop() indexes of bytes, bytearray and array that are no
// int, or an int past Py_ssize_t: [the object ('(empty)': of no items), the
// operation, the key in JS, its Python literal, exception name, message].
const EXPORTER_INDEXES = [
  ['bytes', 'get', 1.5, '1.5', 'TypeError', 'byte indices must be integers or slices, not float'],
  ['bytes', 'get', '0', "'0'", 'TypeError', 'byte indices must be integers or slices, not str'],
  ['bytes', 'get', null, 'None', 'TypeError', 'byte indices must be integers or slices, not NoneType'],
  ['bytes', 'get', 2n ** 100n, '2**100', 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['bytes', 'get', -(2n ** 63n) - 1n, '-2**63-1', 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['bytearray', 'get', 1.5, '1.5', 'TypeError', 'bytearray indices must be integers or slices, not float'],
  ['bytearray', 'get', 2 ** 63, '2**63', 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['bytearray', 'set', null, 'None', 'TypeError', 'bytearray indices must be integers or slices, not NoneType'],
  ['bytearray', 'set', 2n ** 63n, '2**63', 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['bytearray', 'pop', 1.5, '1.5', 'TypeError', "'float' object cannot be interpreted as an integer"],
  ['bytearray', 'pop', '0', "'0'", 'TypeError', "'str' object cannot be interpreted as an integer"],
  ['bytearray', 'pop', 2 ** 63, '2**63', 'OverflowError', 'Python int too large to convert to C ssize_t'],
  ['bytearray', 'pop', -(2n ** 63n) - 1n, '-2**63-1', 'OverflowError', 'Python int too large to convert to C ssize_t'],
  ['bytearray', 'pop', 5, '5', 'IndexError', 'pop index out of range'],
  ['bytearray (empty)', 'pop', 1.5, '1.5', 'TypeError', "'float' object cannot be interpreted as an integer"],
  ['bytearray (empty)', 'pop', 2n ** 100n, '2**100', 'OverflowError', 'Python int too large to convert to C ssize_t'],
  ['bytearray (empty)', 'pop', true, 'True', 'IndexError', 'pop from empty bytearray'],
  ['array', 'get', 1.5, '1.5', 'TypeError', 'array indices must be integers'],
  ['array', 'get', '0', "'0'", 'TypeError', 'array indices must be integers'],
  ['array', 'get', 2n ** 100n, '2**100', 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['array', 'set', null, 'None', 'TypeError', 'array indices must be integers'],
  ['array', 'set', 2 ** 63, '2**63', 'IndexError', "cannot fit 'int' into an index-sized integer"],
  ['array', 'pop', null, 'None', 'TypeError', "'NoneType' object cannot be interpreted as an integer"],
  ['array', 'pop', 2n ** 63n, '2**63', 'OverflowError', 'Python int too large to convert to C ssize_t'],
  ['array (empty)', 'pop', 1.5, '1.5', 'TypeError', "'float' object cannot be interpreted as an integer"],
  ['array (empty)', 'pop', 5, '5', 'IndexError', 'pop from empty array'],
];
const exporterOf = (what) => {
  const items = what.endsWith('(empty)') ? [] : [97, 98];
  return what.startsWith('bytes ') || what === 'bytes' ? bytes(items) : what.startsWith('bytearray') ? bytearray(items) : array('b', items);
};
const indexOp = (o, op, key) => (op === 'get' ? o.get(key) : op === 'set' ? o.set(key, 7) : o.pop(key));

test('bytes, bytearray and array take subscripts and pop() indexes as CPython does', () => {
  for (const [what, op, key, , name, message] of EXPORTER_INDEXES) {
    const o = exporterOf(what), before = o.tobytes();
    assert.is(messageOf(() => indexOp(o, op, key)), `${name}: ${message}`, `${what}.${op}(${String(key)})`);
    assert.equal(o.tobytes(), before, 'nothing changed');
  }
  // Past the wasm32 target's Py_ssize_t (2**31 - 1), as memoryview's indexes;
  // this machine's CPython (64-bit) says "out of range" there
  for (const key of [2 ** 31, -(2 ** 31) - 1, 2n ** 40n]) {
    assert.is(messageOf(() => bytes([1]).get(key)), "IndexError: cannot fit 'int' into an index-sized integer");
    assert.is(messageOf(() => memoryview(bytes([1])).get(key)), "IndexError: cannot fit 'int' into an index-sized integer");
    assert.is(messageOf(() => array('b', [1]).pop(key)), 'OverflowError: Python int too large to convert to C ssize_t');
  }
  assert.is(messageOf(() => bytes([1]).get(-(2 ** 31))), 'IndexError: index out of range');
});

test('EXPORTER_INDEXES are CPython 3.13\'s answers', () => {
  const py = `
import json, sys
from array import array
for what, op, key in json.load(sys.stdin):
    items = [] if what.endswith('(empty)') else [97, 98]
    o = bytes(items) if what == 'bytes' else bytearray(items) if what.startswith('bytearray') else array('b', items)
    k = eval(key)
    try:
        if op == 'get': o[k]
        elif op == 'set': o[k] = 7
        else: o.pop(k)
        print(json.dumps(None))
    except Exception as e:
        print(json.dumps(f'{type(e).__name__}: {e}'))
`;
  const lines = python313Lines(py, JSON.stringify(EXPORTER_INDEXES.map(([what, op, , key]) => [what, op, key])));
  if (lines !== null) assert.equal(lines, EXPORTER_INDEXES.map(([, , , , name, message]) => `${name}: ${message}`));
});

// Calls with too many or too few arguments, and the order of a call's
// checks: [the call in Python (on m = memoryview(bytearray(b'ab')),
// ba = bytearray(b'ab'), b = b'ab', a = array('b', [1, 2])), the same in
// JS, CPython's error]
const CALL_CASES = [
  ['m.hex(1, 2, 3)', (o) => o.m.hex(1, 2, 3), 'TypeError: hex() takes at most 2 arguments (3 given)'],
  ['b.hex(1, 2, 3)', (o) => o.b.hex(1, 2, 3), 'TypeError: hex() takes at most 2 arguments (3 given)'],
  ["m.tobytes('C', 2)", (o) => o.m.tobytes('C', 2), 'TypeError: tobytes() takes at most 1 argument (2 given)'],
  ['m.tolist(1)', (o) => o.m.tolist(1), 'TypeError: memoryview.tolist() takes no arguments (1 given)'],
  ['m.toreadonly(1)', (o) => o.m.toreadonly(1), 'TypeError: memoryview.toreadonly() takes no arguments (1 given)'],
  ['ba.append()', (o) => o.ba.append(), 'TypeError: bytearray.append() takes exactly one argument (0 given)'],
  ['ba.append(1, 2)', (o) => o.ba.append(1, 2), 'TypeError: bytearray.append() takes exactly one argument (2 given)'],
  ['ba.pop(1, 2)', (o) => o.ba.pop(1, 2), 'TypeError: pop expected at most 1 argument, got 2'],
  ['ba.clear(1)', (o) => o.ba.clear(1), 'TypeError: bytearray.clear() takes no arguments (1 given)'],
  ['ba.insert(1)', (o) => o.ba.insert(1), 'TypeError: insert expected 2 arguments, got 1'],
  ['ba.insert(2**100, 9)', (o) => o.ba.insert(2n ** 100n, 9), 'OverflowError: Python int too large to convert to C ssize_t'],
  ['ba.insert(-2**100, 8)', (o) => o.ba.insert(-(2n ** 100n), 8), 'OverflowError: Python int too large to convert to C ssize_t'],
  ['a.append()', (o) => o.a.append(), 'TypeError: array.append() takes exactly one argument (0 given)'],
  ['a.pop(1, 2)', (o) => o.a.pop(1, 2), 'TypeError: pop expected at most 1 argument, got 2'],
  ['a.extend()', (o) => o.a.extend(), 'TypeError: extend() takes exactly 1 positional argument (0 given)'],
  ['a.tolist(1)', (o) => o.a.tolist(1), 'TypeError: array.tolist() takes no arguments (1 given)'],
  ['a.tobytes(1)', (o) => o.a.tobytes(1), 'TypeError: array.tobytes() takes no arguments (1 given)'],
  ['a.clear(1)', (o) => o.a.clear(1), 'TypeError: array.clear() takes no arguments (1 given)'],
  ["m.hex('\\U0001F600')", (o) => o.m.hex('\u{1F600}'), 'ValueError: sep must be ASCII.'],
  ["b.hex('\\U0001F600')", (o) => o.b.hex('\u{1F600}'), 'ValueError: sep must be ASCII.'],
  ['ba.__setitem__(5, 300)', (o) => o.ba.set(5, 300), 'ValueError: byte must be in range(0, 256)'],
  ["ba.__setitem__(5, 'x')", (o) => o.ba.set(5, 'x'), "TypeError: 'str' object cannot be interpreted as an integer"],
  ['ba.__setitem__(-9, None)', (o) => o.ba.set(-9, null), "TypeError: 'NoneType' object cannot be interpreted as an integer"],
  ["ba.__setitem__('x', 300)", (o) => o.ba.set('x', 300), 'TypeError: bytearray indices must be integers or slices, not str'],
  ["a.__setitem__(5, 'x')", (o) => o.a.set(5, 'x'), 'IndexError: array assignment index out of range'],
  // more or fewer indexes than one: Python's o[i, j] and o[()], a tuple
  ['b[1, 1]', (o) => o.b.get(1, 1), 'TypeError: byte indices must be integers or slices, not tuple'],
  ['b[()]', (o) => o.b.get(), 'TypeError: byte indices must be integers or slices, not tuple'],
  ['ba.__setitem__((1, -1), 1)', (o) => o.ba.set(1, -1, 1), 'TypeError: bytearray indices must be integers or slices, not tuple'],
  ['a[1, 1]', (o) => o.a.get(1, 1), 'TypeError: array indices must be integers'],
  ['a.__setitem__((1, -1), [1])', (o) => o.a.set(1, -1, [1]), 'TypeError: array indices must be integers'],
  ['a.__setitem__(1, None)', (o) => o.a.set(1), "TypeError: 'NoneType' object cannot be interpreted as an integer"], // a missing value is None
  ['a.extend([1], 2)', (o) => o.a.extend([1], 2), 'TypeError: extend() takes at most 1 argument (2 given)'],
  // the constructors' arguments, in CPython's order
  ["bytes('x', 'utf-8', 'strict', 1)", () => bytes('x', 'utf-8', 'strict', 1), 'TypeError: bytes() takes at most 3 arguments (4 given)'],
  ['bytearray(1, 1)', () => bytearray(1, 1), "TypeError: bytearray() argument 'encoding' must be str, not int"],
  ["bytes(1, None, 'strict')", () => bytes(1, null, 'strict'), "TypeError: bytes() argument 'encoding' must be str, not None"],
  ["bytes('x', 'utf-8', 1)", () => bytes('x', 'utf-8', 1), "TypeError: bytes() argument 'errors' must be str, not int"],
  ["bytes(1, 'utf-8')", () => bytes(1, 'utf-8'), 'TypeError: encoding without a string argument'],
  ["bytes('\\xe9', 'ascii')", () => bytes('\xe9', 'ascii'), "UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"],
  ["bytearray('a\\u20acb', 'latin-1')", () => bytearray('a\u20acb', 'latin-1'), "UnicodeEncodeError: 'latin-1' codec can't encode character '\\u20ac' in position 1: ordinal not in range(256)"],
  ["bytes('\\ud800', 'utf-8')", () => bytes('\ud800', 'utf-8'), "UnicodeEncodeError: 'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed"],
  ['array.array()', () => array(), 'TypeError: array() takes at least 1 argument (0 given)'],
  ['array.array(None)', () => array(null), 'TypeError: array() argument 1 must be a unicode character, not None'],
  ["array.array('b', [1], 2)", () => array('b', [1], 2), 'TypeError: array() takes at most 2 arguments (3 given)'],
  ["array.array('x', 1)", () => array('x', 1), "TypeError: 'int' object is not iterable"],
  ["array.array('x', 's')", () => array('x', 's'), "TypeError: cannot use a str to initialize an array with typecode 'x'"],
  ["array.array('x', None)", () => array('x', null), "TypeError: 'NoneType' object is not iterable"],
  ["bytes('abc', errors='ignore')", () => bytes('abc', undefined, 'ignore'), 'TypeError: string argument without an encoding'],
  ["bytes('abc', 'utf-8\\0', None)", () => bytes('abc', 'utf-8\0', null), 'ValueError: embedded null character'],
  ["bytes('abc', 'u_8')", () => bytes('abc', 'u_8'), 'LookupError: unknown encoding: u_8'],
];
// CPython's LookupError for an unknown encoding is memview's NotImplementedError,
// which also says which encodings memview writes
const asMemview = (error) => (error.startsWith('LookupError: unknown encoding: ')
  ? `NotImplementedError: memview: bytes() encodes a str as 'utf-8', 'ascii' or 'latin-1' (or an alias), not '${error.slice(31)}'` : error);
const callObjects = () => ({ m: memoryview(bytearray([97, 98])), ba: bytearray([97, 98]), b: bytes([97, 98]), a: array('b', [1, 2]) });

test('calls with the wrong number of arguments, and the order of their checks: CPython\'s errors, nothing changed', () => {
  const wrong = [];
  for (const [call, thunk, error] of CALL_CASES) {
    const o = callObjects(), got = messageOf(() => thunk(o));
    if (got !== asMemview(error)) wrong.push(`${call}: ${got}`);
    assert.equal([o.ba.tolist(), o.a.tolist()], [[97, 98], [1, 2]], call);
  }
  assert.equal(wrong, []);
  // beyond 3.13 (or not Python's): 3.14's resize takes one argument; memview has no 'u' or 'w' array
  assert.is(messageOf(() => bytearray(2).resize(1, 2)), 'TypeError: bytearray.resize() takes exactly one argument (2 given)');
  assert.is(messageOf(() => array('u', 'ab')), "NotImplementedError: memview: array() has no typecode 'u' (Python's wide characters)");
  assert.is(messageOf(() => bytes('\xe9', 'ascii', 'ignore')),
    "NotImplementedError: memview: bytes() has only the 'strict' error handler for a str that does not encode, not 'ignore'");
  assert.is(bytes('abc', 'ascii', 'ignore').hex(), '616263'); // a handler CPython never asks for
});

test('CALL_CASES are CPython 3.13\'s answers', () => {
  const py = `
import json, sys
import array
${PY_FAILURE}
for call in json.load(sys.stdin):
    m, ba, b, a = memoryview(bytearray(b'ab')), bytearray(b'ab'), b'ab', array.array('b', [1, 2])
    print(json.dumps(failure(lambda: eval(call, {'array': array, 'm': m, 'ba': ba, 'b': b, 'a': a, 'bytes': bytes, 'bytearray': bytearray}))))
`;
  const lines = python313Lines(py, JSON.stringify(CALL_CASES.map(([call]) => call)));
  if (lines !== null) assert.equal(lines, CALL_CASES.map(([, , error]) => error));
});

// bytes(str, encoding): [the str, the encoding (a Python name or alias)]
const ENCODED = [['\xe9t\xe9', 'latin-1'], ['\xe9', 'LATIN_1'], ['\xe9', 'L1'], ['\xe9', 'iso-8859-1'], ['caf\xe9 \u20ac', 'utf-8'],
  ['\xe9', 'UTF8'], ['\u{1F600}', 'u8'], ['plain', 'ascii'], ['plain', 'US-ASCII'], ['', 'latin-1'], ['\xe9', '  Latin 1 '],
  ['plain', 'us.ascii'], ['plain', 'ANSI_X3.4-1968'], ['\xe9', 'cp65001'], ['\xe9', 'ISO_8859-1:1987']];
// names CPython's registry refuses (memview writes the same three codecs)
const NOT_ENCODINGS = ['u_8', 'l-1', 'usascii', 'iso88591', 'latin.1', 'utf-16'];

test('bytes(str, encoding) and bytearray(str, encoding) encode as CPython does', () => {
  const py = `
import json, sys
for s, encoding in json.load(sys.stdin):
    print(json.dumps([bytes(s, encoding).hex(), bytearray(s, encoding).hex()]))
`;
  const got = ENCODED.map(([str, encoding]) => [bytes(str, encoding).hex(), bytearray(str, encoding).hex()]);
  assert.equal(got.slice(0, 2), [['e974e9', 'e974e9'], ['e9', 'e9']]); // where CPython is not here
  const lines = python313Lines(py, JSON.stringify(ENCODED));
  if (lines !== null) assert.equal(got, lines);
  for (const name of NOT_ENCODINGS) assert.throws(() => bytes('e', name), (e) => e.name === 'NotImplementedError', name);
  const refused = python313Lines(`
import json, sys
for name in json.load(sys.stdin):
    try: bytes('e', name); print(json.dumps('ok'))
    except LookupError: print(json.dumps('LookupError'))
    except Exception: print(json.dumps('ok'))
`, JSON.stringify(NOT_ENCODINGS));
  if (refused !== null) assert.equal(refused, NOT_ENCODINGS.map((name) => (name === 'utf-16' ? 'ok' : 'LookupError')));
});

// memview's own objects named in a TypeError: CPython's type names
// (tp_name), not the JS classes' ('array.array', not 'array'; the
// iterators' types, not one JS class). [what, the object in JS, the same
// in Python, CPython's name of its type]
const OWN_TYPES = [
  ['bytes', () => bytes([1]), "b'\\x01'", 'bytes'],
  ['array', () => array('b', [1]), "array('b', [1])", 'array.array'],
  ['Struct', () => new struct.Struct('B'), "struct.Struct('B')", '_struct.Struct'],
  ['struct.error', () => new struct.error('x'), "struct.error('x')", 'error'],
  ['bytes iterator', () => bytes([1])[Symbol.iterator](), "iter(b'\\x01')", 'bytes_iterator'],
  ['bytearray iterator', () => bytearray([1])[Symbol.iterator](), 'iter(bytearray(1))', 'bytearray_iterator'],
  ['array iterator', () => array('b', [1])[Symbol.iterator](), "iter(array('b', [1]))", 'array.arrayiterator'],
  ['memoryview iterator', () => memoryview(bytes([1]))[Symbol.iterator](), "iter(memoryview(b'\\x01'))", 'memory_iterator'],
  ['iter_unpack iterator', () => struct.iter_unpack('B', bytes([1])), "struct.iter_unpack('B', b'\\x01')", '_struct.unpack_iterator'],
];
// Each is passed to memoryview() and to memoryview.tolist: the messages
// that name it (a buffer, bytes, gives none for the first).
const ownTypeMessages = (name, buffer) => [buffer ? null : `TypeError: memoryview: a bytes-like object is required, not '${name}'`,
  `TypeError: descriptor 'tolist' for 'memoryview' objects doesn't apply to a '${name}' object`];

test('memview\'s own objects are named by their CPython types in TypeErrors', () => {
  for (const [what, make, , name] of OWN_TYPES) {
    const x = make();
    assert.equal([messageOf(() => memoryview(x)), messageOf(() => memoryview.prototype.tolist.call(x))],
      ownTypeMessages(name, what === 'bytes' || what === 'array'), what);
  }
  // below other prototypes too; a class of the program's is named by its class, as in CPython
  const MyError = class extends struct.error {};
  for (const [x, name] of [[Object.create(Object.create(struct.Struct.prototype)), '_struct.Struct'], [new MyError('x'), 'MyError'],
    [Object.create(array.prototype), 'array.array']])
    assert.is(messageOf(() => memoryview(x)), `TypeError: memoryview: a bytes-like object is required, not '${name}'`);
  // array's methods applied to bytes name 'array.array' as their owner
  assert.is(messageOf(() => array('b').append.call(bytes([1]), 1)),
    "TypeError: descriptor 'append' for 'array.array' objects doesn't apply to a 'bytes' object");
  assert.is(messageOf(() => Object.getOwnPropertyDescriptor(array.prototype, 'typecode').get.call(bytes([1]))),
    "TypeError: descriptor 'typecode' for 'array.array' objects doesn't apply to a 'bytes' object");
});

test('OWN_TYPES are CPython 3.13\'s answers', () => {
  const py = `
import json, struct, sys
from array import array
${PY_FAILURE}for made in json.load(sys.stdin):
    x = eval(made)
    print(json.dumps([failure(lambda: memoryview(x)), failure(lambda: memoryview.tolist(x))]))
`;
  const lines = python313Lines(py, JSON.stringify(OWN_TYPES.map(([, , made]) => made)));
  if (lines !== null) assert.equal(lines, OWN_TYPES.map(([what, , , name]) => ownTypeMessages(name, what === 'bytes' || what === 'array')));
});

test.run();
