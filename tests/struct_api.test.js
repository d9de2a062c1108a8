// struct's JS contract, beyond the differential corpus: the docs' packet example,
// wasm32's native sizes, the JS value mapping (bigint, boolean, Uint8Array),
// every kind of buffer, argument errors with CPython's messages, iter_unpack's
// export lock, and no leaks. Expected values are CPython 3.13's unless a
// comment says why not.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { struct, memoryview, bytes, bytearray, array, BufferError, ValueError, OverflowError,
  IndexError, heapStats } from '../js/memview.js';
import { viaC } from '../js/struct.js';
import { python313Lines, PY_FAILURE } from './lib/python.js';

const hex = (u) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
const u8 = (...b) => Uint8Array.from(b);

/** Asserts fn throws an error of class E with exactly this name and message. */
function raises(fn, E, name, message) {
  let err = null;
  try { fn(); } catch (e) { err = e; }
  assert.ok(err, `expected ${name}: ${message}`);
  assert.ok(err instanceof E, `expected ${name}, got ${err.name}: ${err.message}`);
  assert.is(err.name, name);
  assert.is(err.message, message);
}
const structError = (fn, message) => raises(fn, struct.error, 'struct.error', message);
const typeError = (fn, message) => raises(fn, TypeError, 'TypeError', message);

test("the docs' packet: pack into a bytearray, unpack_from each field of a memoryview", () => {
  const packet = bytearray(struct.pack('>I H H', 305419896, 1024, 2048));
  assert.is(hex(packet.tobytes()), '1234567804000800');
  const m = memoryview(packet);
  assert.equal(struct.unpack_from('>I', m, 0), [305419896]);
  assert.equal(struct.unpack_from('>H', m, 4), [1024]);
  assert.equal(struct.unpack_from('>H', m, 6), [2048]);
  // the same through a compiled Struct, and from a memoryview at an offset
  const H = new struct.Struct('>H');
  assert.equal(H.unpack_from(m.slice(4), 2), [2048]);
  assert.equal(H.unpack(m.slice(4, 6)), [1024]);
  m.release();
});

test('native sizes and alignment are wasm32\'s', () => {
  const sizes = { l: 4, L: 4, n: 4, N: 4, P: 4, q: 8, d: 8, e: 2, '?': 1, cl: 8, cP: 8, cn: 8,
    'llh0l': 12, cq: 16, cd: 16, ci: 8, ic: 5, ch: 4, ce: 4, 'c?': 2, c3i: 16, cx: 2, xi: 8,
    ic0i: 8, ci0q: 8, '=ci': 5, '<l': 4, '<q': 8, '': 0, '@': 0 };
  for (const [fmt, size] of Object.entries(sizes)) assert.is(struct.calcsize(fmt), size, fmt);
  assert.is(hex(struct.pack('cih', u8(0x61), 1, 2)), '61000000010000000200');
  assert.is(hex(struct.pack('ib0q', 1, 2)), '0100000002000000');
  structError(() => struct.pack('l', 2 ** 31), "'l' format requires -2147483648 <= number <= 2147483647");
  structError(() => struct.pack('N', -1), "'N' format requires 0 <= number <= 4294967295");
  structError(() => struct.calcsize('2147483648x'), 'total struct size too long');
  assert.is(struct.calcsize('2147483647x'), 2147483647);
});

test("'P' is 4 bytes, two's complement in, unsigned out", () => {
  assert.is(hex(struct.pack('P', -1)), 'ffffffff');
  assert.equal(struct.unpack('P', u8(0xff, 0xff, 0xff, 0xff)), [4294967295]);
  structError(() => struct.pack('P', 2 ** 32), 'int too large to convert');
  structError(() => struct.pack('P', 'a'), 'required argument is not an integer');
  structError(() => struct.calcsize('<P'), 'bad char in struct format');
});

test('q and Q: bigint out, bigint or integral number in', () => {
  assert.equal(struct.unpack('<qQ', struct.pack('<qQ', -5n, 2n ** 64n - 1n)), [-5n, 2n ** 64n - 1n]);
  assert.equal(struct.unpack('>q', struct.pack('>q', -7)), [-7n]);
  assert.is(hex(struct.pack('<Q', 2 ** 60)), '0000000000000010');
  assert.is(typeof struct.unpack('<i', struct.pack('<i', 5))[0], 'number');
  structError(() => struct.pack('q', 1.5), 'required argument is not an integer');
  structError(() => struct.pack('Q', 2 ** 64), "'Q' format requires 0 <= number <= 18446744073709551615");
  structError(() => struct.pack('q', 2n ** 63n),
    "'q' format requires -9223372036854775808 <= number <= 9223372036854775807");
  structError(() => struct.pack('<B', 10n ** 30n), "'B' format requires 0 <= number <= 255");
  assert.is(hex(struct.pack('>h', true)), '0001'); // bool is an int
});

test('e f d: a number is a Python float, a bigint a Python int', () => {
  assert.equal(struct.unpack('<d', struct.pack('<d', 0.1)), [0.1]);
  assert.equal(struct.unpack('<f', struct.pack('<f', 0.1)), [Math.fround(0.1)]);
  assert.equal(struct.unpack('>e', struct.pack('>e', 0.1)), [0.0999755859375]);
  assert.is(hex(struct.pack('>e', 2049)), '6800'); // round half to even
  raises(() => struct.pack('<f', 1e39), OverflowError, 'OverflowError', 'float too large to pack with f format');
  raises(() => struct.pack('e', 65520), OverflowError, 'OverflowError', 'float too large to pack with e format');
  structError(() => struct.pack('e', 65520n), 'int too large to convert');
  structError(() => struct.pack('<f', 10n ** 39n), 'int too large to convert');
  structError(() => struct.pack('d', 10n ** 400n), 'required argument is not a float');
  structError(() => struct.pack('d', 'x'), 'required argument is not a float');
  assert.is(hex(struct.pack('<d', 3n)), '0000000000000840');
  // Native 'f' raises too: CPython 3.13.0 gave inf, fixed by gh-145633 (facts §10.3).
  raises(() => struct.pack('f', 1e300), OverflowError, 'OverflowError', 'float too large to pack with f format');
  const [nan] = struct.unpack('<f', struct.pack('<f', NaN));
  assert.ok(Number.isNaN(nan));
  assert.ok(Object.is(struct.unpack('>d', struct.pack('>d', -0))[0], -0));
});

// 'e' and 'f' beyond CPython's memoryview: a byte-order item view ('<e') and a
// record field ('<eHI') are set by struct's rules, so each takes a value as
// struct.pack does (a number is a Python float, a bigint an int: OverflowError
// for a float out of range, struct.error for an int). Expected: CPython
// 3.13's struct.pack(fmt, value, *rest), the bytes or [exception, message]
// (the Python value of each JS one is in its comment).
const HALF_FORMATS = [['<e', []], ['>e', []], ['<f', []], ['>f', []], ['<eHI', [1, 2]], ['>Be', null],
  ['<fI', [7]], ['<2e', [0.5]]];
const OVER_E = ['OverflowError', 'float too large to pack with e format'];
const OVER_F = ['OverflowError', 'float too large to pack with f format'];
const INT_BIG = ['struct.error', 'int too large to convert'];
const NOT_FLOAT = ['struct.error', 'required argument is not a float'];
const HALF_CASES = [
  [1e6, [OVER_E, OVER_E, '00247449', '49742400', OVER_E, OVER_E, '0024744907000000', OVER_E]], // 1e6
  [65520, [OVER_E, OVER_E, '00f07f47', '477ff000', OVER_E, OVER_E, '00f07f4707000000', OVER_E]], // 65520.0
  [65519, ['ff7b', '7bff', '00ef7f47', '477fef00', 'ff7b010002000000', '037bff', '00ef7f4707000000', 'ff7b0038']],
  [1e39, [OVER_E, OVER_E, OVER_F, OVER_F, OVER_E, OVER_E, OVER_F, OVER_E]],
  [10n ** 6n, [INT_BIG, INT_BIG, '00247449', '49742400', INT_BIG, INT_BIG, '0024744907000000', INT_BIG]], // 10**6
  [65520n, [INT_BIG, INT_BIG, '00f07f47', '477ff000', INT_BIG, INT_BIG, '00f07f4707000000', INT_BIG]],
  [10n ** 39n, Array(8).fill(INT_BIG)],
  [10n ** 400n, Array(8).fill(NOT_FLOAT)],
  ['x', Array(8).fill(NOT_FLOAT)],
  [true, ['003c', '3c00', '0000803f', '3f800000', '003c010002000000', '033c00', '0000803f07000000', '003c0038']],
  [-2.5, ['00c1', 'c100', '000020c0', 'c0200000', '00c1010002000000', '03c100', '000020c007000000', '00c10038']],
];
test("'e' and 'f' values: byte-order item views and record fields take them as struct.pack does, on both memories", () => {
  const outcome = (fn) => {
    try { return hex(fn()); } catch (e) { return [e.name, e.message]; }
  };
  for (const [value, expected] of HALF_CASES) {
    HALF_FORMATS.forEach(([fmt, rest], k) => {
      const args = rest === null ? [3, value] : [value, ...rest];
      const what = `${fmt} with ${typeof value === 'bigint' ? `${value}n` : String(value)}`;
      assert.equal(outcome(() => struct.pack(fmt, ...args)), expected[k], `struct.pack ${what}`);
      assert.equal(outcome(() => viaC.pack(new struct.Struct(fmt), ...args)), expected[k], `struct.pack in C ${what}`);
      const size = struct.calcsize(fmt);
      for (const [memory, make] of [['bytearray', (n) => bytearray(n)], ['Uint8Array', (n) => new Uint8Array(n)],
        ['Buffer', (n) => Buffer.alloc(n)]]) {
        const m = memoryview(make(2 * size)).cast(fmt);
        // a record is set from an array of its values, an item from its value
        assert.equal(outcome(() => { m.set(1, fmt.length > 2 ? args : args[0]); return m.slice(1).tobytes(); }),
          expected[k], `set ${what} on a ${memory}`);
      }
    });
  }
});

test('?: boolean out, truthiness in', () => {
  const truthy = [1, -1, NaN, 'a', u8(0), [0], {}, 10n];
  const falsy = [0, -0, '', null, undefined, false, 0n, u8(), []];
  for (const v of truthy) assert.equal(struct.unpack('?', struct.pack('?', v)), [true], String(v));
  for (const v of falsy) assert.equal(struct.unpack('?', struct.pack('?', v)), [false], String(v));
  assert.equal(struct.unpack('2?', u8(2, 0)), [true, false]); // any non-zero byte is True
});

test('?: a truthiness that runs struct calls itself does not disturb the outer call', () => {
  const S = new struct.Struct('<h?5s');
  const sneaky = { get length() { S.pack(7, false, u8(9, 9, 9, 9, 9, 9)); struct.pack('<20s', new Uint8Array(20)); return 1; } };
  assert.is(hex(S.pack(-2, sneaky, u8(1, 2, 3))), 'feff010102030000');
  const target = bytearray(8);
  S.pack_into(target, 0, -2, sneaky, u8(1, 2, 3));
  assert.is(hex(target.tobytes()), 'feff010102030000');
});

test('c s p: Uint8Array copies out; bytes in (bytearray too for s and p)', () => {
  const b = bytes('abc'), ba = bytearray('xyz');
  assert.is(hex(struct.pack('5s', b)), '6162630000');
  assert.is(hex(struct.pack('2s', ba)), '7879');
  assert.is(hex(struct.pack('3p', u8(1, 2, 3, 4))), '020102');
  assert.is(struct.pack('300p', new Uint8Array(400))[0], 255);
  assert.is(hex(struct.pack('c', bytes('z'))), '7a');
  assert.is(hex(struct.pack('c', Buffer.from('q'))), '71');
  structError(() => struct.pack('c', bytearray('a')), 'char format requires a bytes object of length 1');
  structError(() => struct.pack('c', 'a'), 'char format requires a bytes object of length 1');
  structError(() => struct.pack('3s', 'abc'), "argument for 's' must be a bytes object");
  structError(() => struct.pack('3p', new Int8Array(3)), "argument for 'p' must be a bytes object");
  const src = bytearray(u8(0x61, 3, 0x62, 0x63, 0x64, 0x65));
  const [c, p] = struct.unpack('c5p', src);
  assert.ok(c instanceof Uint8Array && p instanceof Uint8Array);
  assert.is(hex(c), '61');
  assert.is(hex(p), '626364');
  p[0] = 0; // a copy: the buffer is untouched
  assert.is(src.get(2), 0x62);
  assert.equal(struct.unpack('0p0s', u8()), [u8(), u8()]);
});

test('s fields: a value that overlaps the target or is changed by a later value', () => {
  // CPython packs field by field into a zeroed record: a bytearray that is
  // the target reads as zeros where it was zeroed. A Uint8Array is taken as
  // it is when converted (Python bytes). Each case runs on the executor's
  // generated code, its general loop (a record too long for generated code,
  // whose padding zeroes what follows the fields) and C.
  const ascii = (s) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const text = (b) => String.fromCharCode(...(b instanceof Uint8Array ? b : b.tobytes()).subarray(0, 8));
  const LONG = 'abcdefgh'.padEnd(1200, '.');
  const ways = [
    ['executor', (fmt, ...a) => new struct.Struct(fmt).pack_into(...a)],
    ['executor loop', (fmt, t, off, ...a) => new struct.Struct(`${fmt}1100x`).pack_into(t, off, ...a)],
    ['C', (fmt, ...a) => viaC.pack_into(new struct.Struct(fmt), ...a)],
  ];
  for (const [way, packInto] of ways) {
    let ba = bytearray(LONG);
    packInto('4s', ba, 2, ba);
    assert.is(text(ba).slice(0, 6), 'abab\0\0', way); // CPython 3.13: abab\0\0gh
    ba = bytearray(LONG);
    packInto('2s2s', ba, 2, ba, bytes(ba.tobytes()));
    assert.is(text(ba).slice(0, 6), 'ababab', way); // CPython 3.13: abababgh
    const js = ascii(LONG);
    packInto('4s', js, 2, js.subarray(0, 4));
    assert.is(text(js).slice(0, 6), 'ababcd', way);
    const shifted = ascii(LONG);
    packInto('3s3s', shifted, 0, shifted.subarray(2, 5), shifted.subarray(0, 3));
    assert.is(text(shifted).slice(0, 6), 'cdeabc', way);
    const u = ascii('abcd'), out = new Uint8Array(1200);
    packInto('4s?', out, 0, u, { get length() { u[0] = 0x7a; return 1; } });
    assert.is(text(out).slice(0, 5), 'abcd\x01', way);
    assert.is(text(u).slice(0, 4), 'zbcd', way);
  }
});

test('buffers: anything memoryview() accepts, read in place', () => {
  const data = u8(1, 0, 2, 0);
  const kinds = [data, data.buffer, new DataView(data.buffer), new Uint16Array(data.buffer),
    Buffer.from(data), bytes(data), bytearray(data), array('h', [1, 2]), memoryview(bytes(data)),
    memoryview(bytes(u8(9, 1, 0, 2, 0, 9))).slice(1, 5)];
  if (typeof SharedArrayBuffer === 'function') {
    const sab = new SharedArrayBuffer(4);
    new Uint8Array(sab).set(data);
    kinds.push(sab);
  }
  for (const b of kinds) {
    assert.equal(struct.unpack('<hh', b), [1, 2], String(b));
    assert.equal(struct.unpack_from('<h', b, 2), [2]);
    assert.equal([...struct.iter_unpack('<h', b)], [[1], [2]]);
  }
  // the offset is in bytes, whatever the view's format
  assert.equal(struct.unpack_from('<i', memoryview(array('i', [1, 2])), 4), [2]);
  assert.equal(struct.unpack_from('<i', array('i', [1, 2]), -4), [2]);
});

test('pack_into writes in place into every writable kind', () => {
  const targets = [
    () => { const x = new Uint8Array(6); return [x, () => x]; },
    () => { const x = new ArrayBuffer(6); return [x, () => new Uint8Array(x)]; },
    () => { const x = new ArrayBuffer(8); return [new DataView(x, 1, 6), () => new Uint8Array(x, 1, 6)]; },
    () => { const x = bytearray(6); return [x, () => x.tobytes()]; },
    () => { const x = array('B', [0, 0, 0, 0, 0, 0]); return [x, () => x.tobytes()]; },
    () => { const x = bytearray(8); return [memoryview(x).slice(1, 7), () => x.tobytes().subarray(1, 7)]; },
    () => { const x = new Uint8Array(8); return [memoryview(x).slice(1, 7), () => x.subarray(1, 7)]; },
  ];
  for (const make of targets) {
    const [target, contents] = make();
    struct.pack_into('>hH', target, 1, -2, 0xabcd);
    assert.is(hex(contents()), '00fffeabcd00');
    new struct.Struct('<h').pack_into(target, -2, 0x1234);
    assert.is(hex(contents()), '00fffeab3412');
  }
  // a bytearray value that is the target itself: CPython zeroes the region first
  let self = bytearray('abcdef');
  struct.pack_into('4s', self, 1, self);
  assert.is(hex(self.tobytes()), '616100000066');
  self = bytearray('abcdef');
  struct.pack_into('3p', self, 0, self);
  assert.is(hex(self.tobytes()), '020000646566');
  // not atomic, as CPython: zeroed region, earlier fields written, then the error
  for (const buf of [new Uint8Array(6).fill(0xee), bytearray(new Uint8Array(6).fill(0xee))]) {
    structError(() => struct.pack_into('<hh', buf, 1, 1, 99999), "'h' format requires -32768 <= number <= 32767");
    assert.is(hex(buf instanceof Uint8Array ? buf : buf.tobytes()), 'ee01000000ee');
  }
});

test('buffer errors: read-only, strided, released, not a buffer', () => {
  typeError(() => struct.pack_into('h', bytes(2), 0, 1), 'argument must be read-write bytes-like object, not bytes');
  typeError(() => struct.pack_into('h', memoryview(bytearray(2)).toreadonly(), 0, 1),
    'argument must be read-write bytes-like object, not memoryview');
  typeError(() => struct.pack_into('h', memoryview(bytearray(4)).slice(null, null, 2), 0, 1),
    'argument must be read-write bytes-like object, not memoryview');
  typeError(() => struct.pack_into('h', 'ab', 0, 1), 'argument must be read-write bytes-like object, not str');
  raises(() => struct.unpack('h', memoryview(bytes(4)).slice(null, null, 2)), BufferError, 'BufferError',
    'memoryview: underlying buffer is not C-contiguous');
  raises(() => struct.unpack_from('B', memoryview(bytes(4)).slice(null, null, 2)), BufferError, 'BufferError',
    'memoryview: underlying buffer is not C-contiguous');
  raises(() => struct.iter_unpack('B', memoryview(bytes(4)).slice(null, null, 2)), BufferError, 'BufferError',
    'memoryview: underlying buffer is not C-contiguous');
  typeError(() => struct.unpack('h', 'ab'), "a bytes-like object is required, not 'str'");
  typeError(() => struct.unpack_from('h', 5), "a bytes-like object is required, not 'int'");
  typeError(() => struct.iter_unpack('h', null), "a bytes-like object is required, not 'NoneType'");
  const m = memoryview(bytes(2));
  m.release();
  raises(() => struct.unpack('h', m), ValueError, 'ValueError', 'operation forbidden on released memoryview object');
});

test('offsets: CPython\'s messages and conversions', () => {
  const b = bytearray(8);
  structError(() => struct.pack_into('<h', b, -1, 1), 'no space to pack 2 bytes at offset -1');
  structError(() => struct.pack_into('<q', b, -9, 1), 'offset -9 out of range for 8-byte buffer');
  structError(() => struct.pack_into('<hh', b, 7, 1, 2),
    'pack_into requires a buffer of at least 11 bytes for packing 4 bytes at offset 7 (actual buffer size is 8)');
  structError(() => struct.unpack_from('<h', bytes(5), -1), 'not enough data to unpack 2 bytes at offset -1');
  structError(() => struct.unpack_from('<h', bytes(5), -6), 'offset -6 out of range for 5-byte buffer');
  structError(() => struct.unpack_from('<i', bytes(5), 2),
    'unpack_from requires a buffer of at least 6 bytes for unpacking 4 bytes at offset 2 (actual buffer size is 5)');
  assert.equal(struct.unpack_from('', bytes(5), 5), []);
  raises(() => struct.unpack_from('<h', bytes(5), 2 ** 40), OverflowError, 'OverflowError',
    'Python int too large to convert to C ssize_t');
  raises(() => struct.pack_into('<h', b, 2n ** 63n, 1), IndexError, 'IndexError',
    "cannot fit 'int' into an index-sized integer");
  typeError(() => struct.unpack_from('h', bytes(2), 1.5), "'float' object cannot be interpreted as an integer");
  typeError(() => struct.unpack_from('h', bytes(2), '1'), "'str' object cannot be interpreted as an integer");
  typeError(() => struct.unpack_from('h', bytes(2), null), "'NoneType' object cannot be interpreted as an integer");
  typeError(() => struct.pack_into('h', b, 1.5, 1), "'float' object cannot be interpreted as an integer");
  assert.equal(struct.unpack_from('<h', u8(0, 0, 5, 0), 2n), [5]);
  assert.equal(struct.unpack_from('<h', u8(5, 0), undefined), [5]); // undefined: the default 0
});

test('argument counts and format arguments: CPython\'s messages', () => {
  const S = new struct.Struct('<h');
  typeError(() => struct.pack(), 'missing format argument');
  typeError(() => struct.pack_into(), 'missing format argument');
  structError(() => struct.pack_into('h'), 'pack_into expected buffer argument');
  structError(() => struct.pack_into('h', bytearray(2)), 'pack_into expected offset argument');
  structError(() => struct.pack_into('hh', 5, 'x', 1), 'pack_into expected 2 items for packing (got 1)');
  structError(() => struct.pack('ii', 1), 'pack expected 2 items for packing (got 1)');
  structError(() => struct.pack('x', 1), 'pack expected 0 items for packing (got 1)');
  typeError(() => struct.unpack('h'), 'unpack expected 2 arguments, got 1');
  typeError(() => struct.unpack(), 'unpack expected 2 arguments, got 0');
  typeError(() => struct.unpack_from(), 'unpack_from() takes at least 1 positional argument (0 given)');
  typeError(() => struct.unpack_from('h'), "unpack_from() missing required argument 'buffer' (pos 2)");
  typeError(() => struct.unpack_from('h', bytes(2), 0, 1), 'unpack_from() takes at most 3 arguments (4 given)');
  typeError(() => struct.iter_unpack('h'), 'iter_unpack expected 2 arguments, got 1');
  typeError(() => struct.calcsize(), '_struct.calcsize() takes exactly one argument (0 given)');
  typeError(() => S.unpack(), 'Struct.unpack() takes exactly one argument (0 given)');
  typeError(() => S.unpack_from(), "unpack_from() missing required argument 'buffer' (pos 1)");
  typeError(() => S.unpack_from(bytes(2), 0, 1), 'unpack_from() takes at most 2 arguments (3 given)');
  typeError(() => S.iter_unpack(), 'Struct.iter_unpack() takes exactly one argument (0 given)');
  structError(() => S.pack_into(), 'pack_into expected buffer argument');
  typeError(() => new struct.Struct(), "Struct() missing required argument 'format' (pos 1)");
  typeError(() => new struct.Struct(1), 'Struct() argument 1 must be a str or bytes object, not int');
  typeError(() => new struct.Struct(bytearray('h')), 'Struct() argument 1 must be a str or bytes object, not bytearray');
  typeError(() => struct.pack(bytearray('h'), 1), "unhashable type: 'bytearray'");
  typeError(() => struct.pack([], 1), "unhashable type: 'list'");
  typeError(() => struct.pack(null, 1), 'Struct() argument 1 must be a str or bytes object, not NoneType');
  raises(() => struct.pack('\xe9', 1), ValueError, 'UnicodeEncodeError',
    "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)");
  raises(() => struct.pack('a\xe9\u20ac', 1), ValueError, 'UnicodeEncodeError',
    "'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)");
  raises(() => struct.calcsize('\u{1f600}'), ValueError, 'UnicodeEncodeError',
    "'ascii' codec can't encode character '\\U0001f600' in position 0: ordinal not in range(128)");
  structError(() => struct.calcsize('i\0'), 'embedded null character');
  structError(() => struct.calcsize(' <i'), 'bad char in struct format');
  structError(() => struct.calcsize('2 i'), 'bad char in struct format');
  structError(() => struct.calcsize('x2'), 'repeat count given without format specifier');
  structError(() => struct.calcsize('1000000000000000000000i'), 'total struct size too long');
  structError(() => struct.iter_unpack('', bytes(1)), 'cannot iteratively unpack with a struct of length 0');
  structError(() => struct.iter_unpack('<i', bytes(6)), 'iterative unpacking requires a buffer of a multiple of 4 bytes');
  structError(() => struct.unpack('<i', bytes(5)), 'unpack requires a buffer of 4 bytes');
});

test('bytes values around the executor\'s 32 bytes pack as C packs them, beside other bytes fields', () => {
  // js/executor.js reads bytes values of up to SMALL_FIELD (32) bytes into
  // one 32-byte slot each before it writes; a longer one must not get
  // there, or it spills into the next field's slot.
  const outcome = (fn, target) => {
    try { const r = fn(); return `ok ${hex(target ?? r)}`; } catch (e) { return `${e.name}: ${e.message}`; }
  };
  const kinds = { 'a Uint8Array': (u) => u, 'a memview bytes': (u) => bytes(u), 'a bytearray': (u) => bytearray(u) };
  let compared = 0;
  for (const fmt of ['>33s4s', '<32s4s', '31s2s', '4s33s4s', '34sc', 'c32s', '40s', '>I4s4s']) {
    const S = new struct.Struct(fmt);
    const sizes = [...fmt.matchAll(/(\d*)([sc])/g)].map(([, n, code]) => (code === 'c' ? 1 : Number(n)));
    for (const delta of [-2, -1, 0, 1]) {
      for (const [kind, make] of Object.entries(kinds)) {
        const values = () => [...(fmt.includes('I') ? [0x01020304] : []),
          ...sizes.map((n, j) => make(new Uint8Array(Math.max(fmt.includes('c') && n === 1 ? 1 : n + delta, 0)).fill(0x11 * (j + 1))))];
        const into = (pack) => { const t = new Uint8Array(S.size + 4).fill(0xee); return outcome(() => pack(t), t); };
        const what = `${fmt}, values ${delta} bytes off their fields, as ${kind}`;
        assert.is(into((t) => S.pack_into(t, 2, ...values())), into((t) => viaC.pack_into(S, t, 2, ...values())), `pack_into ${what}`);
        assert.is(into((t) => struct.pack_into(fmt, t, 2, ...values())), into((t) => viaC.pack_into(S, t, 2, ...values())), `struct.pack_into ${what}`);
        assert.is(outcome(() => S.pack(...values())), outcome(() => viaC.pack(S, ...values())), `pack ${what}`);
        compared += 3;
      }
    }
  }
  assert.ok(compared > 250);
  // a released bytes is no value, whichever path takes it
  const gone = bytes('abcd');
  gone.release();
  for (const fmt of ['>I4s', '4s', 'c']) {
    const S = new struct.Struct(fmt), args = fmt === '>I4s' ? [7, gone] : [gone];
    for (const [what, call] of [['Struct.pack_into', (t) => S.pack_into(t, 0, ...args)], ['struct.pack_into', (t) => struct.pack_into(fmt, t, 0, ...args)],
      ['Struct.pack', () => S.pack(...args)]]) {
      const t = new Uint8Array(12).fill(0xee);
      assert.is(outcome(() => call(t)), 'ValueError: operation forbidden on released bytes object', `${what}('${fmt}') of a released bytes`);
      assert.is(hex(t), 'ee'.repeat(12));
    }
  }
});

test('a bytes value is read at the call, even where the target aliases it (a writable asTypedArray())', () => {
  // JS has no read-only TypedArray (README, Guarantees): the executor reads
  // a bytes value before it writes, whatever its length (short ones into its
  // snapshot, long ones as a copy), as CPython reads its values
  for (const n of [4, 31, 32, 33, 40, 100]) {
    for (const fmt of ['4s', `${n}s`, `2x${n}s`]) {
      const src = Uint8Array.from({ length: n }, (_, i) => i + 1);
      const b = bytes(src), alias = memoryview(b).asTypedArray();
      const S = new struct.Struct(fmt), off = n - S.size >= 2 ? 2 : 0;
      if (off + S.size > n) continue;
      const want = new Uint8Array(src);
      want.set(viaC.pack(S, bytes(src)), off);
      S.pack_into(alias, off, b);
      assert.is(hex(b.tobytes()), hex(want), `${fmt} at ${off} of a bytes of ${n}`);
    }
  }
});

test('pack_into puts each value in its field, for every count of values it is given (0 to 13), as C does', () => {
  // Struct.pack_into and struct.pack_into read up to ten values from their
  // arguments one by one (js/struct.js PACK_INTO_VALUES): a value in the
  // wrong slot, or one dropped past the tenth, shows here.
  const outcome = (fn, target) => {
    try { fn(); return `ok ${hex(target)}`; } catch (e) { return `${e.name}: ${e.message}`; }
  };
  for (let n = 0; n <= 12; n++) {
    const fmt = `<${n}H`, S = new struct.Struct(fmt);
    for (let k = 0; k <= 13; k++) {
      const values = Array.from({ length: k }, (_, j) => (j + 1) * 257 + j);
      const run = (pack) => { const t = new Uint8Array(2 * n + 4); return outcome(() => pack(t), t); };
      const expected = run((t) => viaC.pack_into(S, t, 2, ...values));
      assert.is(run((t) => S.pack_into(t, 2, ...values)), expected, `Struct('${fmt}').pack_into with ${k} values`);
      assert.is(run((t) => struct.pack_into(fmt, t, 2, ...values)), expected, `struct.pack_into('${fmt}') with ${k} values`);
    }
    // and with no offset or no buffer either
    assert.is(outcome(() => S.pack_into(new Uint8Array(2 * n))), outcome(() => viaC.pack_into(S, new Uint8Array(2 * n))));
    assert.is(outcome(() => S.pack_into()), outcome(() => viaC.pack_into(S)));
    assert.is(outcome(() => struct.pack_into(fmt, new Uint8Array(2 * n))), outcome(() => viaC.pack_into(S, new Uint8Array(2 * n))));
  }
  // the declared parameters, as unpack_from's: (buffer, offset) and (format, buffer, offset)
  assert.is(new struct.Struct('<h').pack_into.length, new struct.Struct('<h').unpack_from.length);
  assert.is(struct.pack_into.length, struct.unpack_from.length);
});

test('Struct: format, size, repr, bytes formats, struct.error', () => {
  const S = new struct.Struct('<hq');
  assert.ok(S instanceof struct.Struct);
  assert.is(S.format, '<hq');
  assert.is(S.size, 10);
  assert.is(String(S), "Struct('<hq')");
  const B = new struct.Struct(u8(0x3e, 0x48)); // bytes: format is still a str
  assert.is(B.format, '>H');
  assert.equal(B.unpack(u8(1, 2)), [258]);
  assert.equal(struct.unpack(bytes('>H'), u8(1, 2)), [258]);
  let e;
  try { struct.pack('b', 999); } catch (x) { e = x; }
  assert.ok(e instanceof struct.error && e instanceof Error && !(e instanceof ValueError));
  assert.is(struct.error.name, 'struct.error');
});

test('iter_unpack holds the buffer until exhausted', () => {
  const b = bytearray(u8(1, 0, 2, 0, 3, 0));
  const it = struct.iter_unpack('<h', b);
  assert.is(it.length_hint(), 3);
  assert.equal(it.next().value, [1]);
  assert.is(it.length_hint(), 2);
  raises(() => b.append(0), BufferError, 'BufferError', 'Existing exports of data: object cannot be re-sized');
  assert.equal([...it], [[2], [3]]);
  assert.ok(it.next().done);
  b.append(0); // unlocked
  assert.is(b.length, 7);

  const m = memoryview(bytearray(4));
  const it2 = struct.iter_unpack('<h', m);
  raises(() => m.release(), BufferError, 'BufferError', 'memoryview has 1 exported buffer');
  for (const v of it2) { assert.equal(v, [0]); break; } // leaving for...of early releases it
  m.release();
});

test('iter_unpack sees writes as it goes, and a buffer detached or shrunk under it', () => {
  const ab = new ArrayBuffer(6);
  const u = new Uint8Array(ab);
  u.set([1, 0, 2, 0, 3, 0]);
  const it = struct.iter_unpack('<h', ab);
  assert.equal(it.next().value, [1]);
  u[2] = 9; // read live, as CPython reads its buffer on each step
  assert.equal(it.next().value, [9]);
  structuredClone(ab, { transfer: [ab] });
  raises(() => it.next(), ValueError, 'ValueError', 'operation forbidden on memoryview of a detached ArrayBuffer');

  const rab = new ArrayBuffer(6, { maxByteLength: 8 });
  new Uint8Array(rab).set([1, 0, 2, 0, 3, 0]);
  const it2 = struct.iter_unpack('<h', rab);
  assert.equal(it2.next().value, [1]);
  rab.resize(2);
  raises(() => it2.next(), ValueError, 'ValueError', 'operation forbidden on memoryview of a detached ArrayBuffer');

  // the same after enough steps for V8 to optimize them, on the buffer and through a memoryview of it
  for (const [make, end, through] of [[() => new ArrayBuffer(4096), (b) => structuredClone(b, { transfer: [b] })],
    [() => new ArrayBuffer(4096, { maxByteLength: 8192 }), (b) => b.resize(2048)]]
    .flatMap((c) => [[...c, (b) => b], [...c, (b) => memoryview(new Uint8Array(b))]])) {
    const b = make();
    const it3 = struct.iter_unpack('<h', through(b));
    for (let k = 0; k < 1500; k++) assert.equal(it3.next().value, [0]);
    end(b);
    raises(() => it3.next(), ValueError, 'ValueError', 'operation forbidden on memoryview of a detached ArrayBuffer');
  }

  // a Uint8Array of wasm memory (asTypedArray()), whose buffer growth detaches
  const ba = bytearray(4096), u8 = memoryview(ba).asTypedArray();
  const it4 = struct.iter_unpack('<h', u8);
  for (let k = 0; k < 1500; k++) assert.equal(it4.next().value, [0]);
  const chunks = [];
  for (const before = heapStats().memory; heapStats().memory === before;) chunks.push(bytearray(256 << 10));
  for (const c of chunks) c.clear();
  raises(() => it4.next(), ValueError, 'ValueError', 'operation forbidden on memoryview of a detached ArrayBuffer');
});

test('iter_unpack on the buffer a Struct remembers: detached since, it raises at the call; a resizable one is read as it is now', () => {
  const DETACHED_MSG = 'operation forbidden on memoryview of a detached ArrayBuffer';
  const S = new struct.Struct('<h');
  for (const through of [(b) => b, (b) => new Uint8Array(b), (b) => Buffer.from(b), (b) => new DataView(b)]) {
    const ab = new ArrayBuffer(4), x = through(ab);
    new Uint8Array(ab).set([1, 0, 2, 0]);
    assert.equal([...S.iter_unpack(x)], [[1], [2]]); // remembered here
    assert.equal(S.unpack_from(x, 2), [2]);
    new Uint8Array(ab)[0] = 7;
    assert.equal([...S.iter_unpack(x)], [[7], [2]]); // and found again
    structuredClone(ab, { transfer: [ab] });
    raises(() => S.iter_unpack(x), ValueError, 'ValueError', DETACHED_MSG);
    raises(() => S.unpack_from(x, 0), ValueError, 'ValueError', DETACHED_MSG);
  }
  // a length-tracking view of a resizable buffer: never remembered, each call sees its length now
  const rab = new ArrayBuffer(6, { maxByteLength: 8 }), all = new Uint8Array(rab);
  all.set([1, 0, 2, 0, 3, 0]);
  assert.equal([...S.iter_unpack(all)], [[1], [2], [3]]);
  rab.resize(4);
  assert.equal([...S.iter_unpack(all)], [[1], [2]]);
  rab.resize(3);
  raises(() => S.iter_unpack(all), struct.error, 'struct.error', 'iterative unpacking requires a buffer of a multiple of 2 bytes');
  rab.resize(8);
  assert.equal([...S.iter_unpack(all)], [[1], [2], [0], [0]]);
});

test('formats that read no byte (pads, an empty string) unpack as CPython does, and raise on a detached buffer', () => {
  const DETACHED_MSG = 'operation forbidden on memoryview of a detached ArrayBuffer';
  for (const [f, record] of [['x', []], ['2x', []], ['0s2x', [u8()]]]) {
    const size = struct.calcsize(f), live = new Uint8Array(2 * size);
    assert.equal([...struct.iter_unpack(f, live)], [record, record]);
    assert.equal(struct.unpack_from(f, live, size), record);
    assert.equal(struct.unpack(f, live.subarray(0, size)), record);
    for (const through of [(b) => new Uint8Array(b), (b) => memoryview(new Uint8Array(b))]) {
      const ab = new ArrayBuffer(4 * size), x = through(ab);
      const it = struct.iter_unpack(f, x);
      it.next();
      assert.equal(struct.unpack_from(f, x, 0), record); // the Struct remembers x
      structuredClone(ab, { transfer: [ab] });
      raises(() => it.next(), ValueError, 'ValueError', DETACHED_MSG);
      raises(() => struct.unpack_from(f, x, 0), ValueError, 'ValueError', DETACHED_MSG);
      raises(() => struct.unpack(f, x), ValueError, 'ValueError', DETACHED_MSG);
    }
  }
});

test('failing and repeated calls leak no wasm memory', () => {
  const S = new struct.Struct('<hq5s');
  const buf = bytearray(32), js = new Uint8Array(32);
  const ab = bytes('ab'), ba = bytearray('ab'), ro = bytes(2); // made once: they own wasm memory
  const round = () => {
    S.pack(1, 2n, u8(1, 2, 3));
    S.pack_into(buf, 3, 1, 2, ab);
    S.pack_into(js, 3, 1, 2, ba);
    S.unpack_from(buf, 1);
    S.unpack_from(js, 1);
    struct.unpack('<h', u8(1, 2));
    [...struct.iter_unpack('<h', buf)];
    [...struct.iter_unpack('<h', js)];
    for (const f of [() => S.pack(1, 2n, 'x'), () => S.pack_into(buf, 30, 1, 2, u8()),
      () => S.unpack(buf), () => struct.calcsize('z'), () => struct.unpack_from('<q', js, 40),
      () => struct.pack_into('<h', ro, 0, 1), () => struct.iter_unpack('<i', u8(1))]) {
      try { f(); } catch { /* expected */ }
    }
  };
  round();
  const before = heapStats().inUse;
  for (let i = 0; i < 300; i++) round();
  assert.is(heapStats().inUse, before);
});

test('large values and fields survive wasm memory growth', () => {
  const big = new Uint8Array(3 << 20).fill(7);
  const packed = struct.pack(`${big.length}s`, big);
  assert.is(packed.length, big.length);
  assert.ok(packed.every((x) => x === 7));
  const [back] = struct.unpack(`${big.length}s`, packed);
  assert.is(back.length, big.length);
  assert.equal(struct.unpack_from('<2b', packed, big.length - 2), [7, 7]);
});

// iter_unpack remembers the last plain JS buffer length C accepted for a
// Struct (its checks depend on nothing else): other lengths, a detached
// buffer and a struct of length 0 must still raise as C does, in any order.
test('iter_unpack keeps raising C errors around lengths it accepted before', () => {
  const S = new struct.Struct('<IHH'), msg = (e) => `${e.name}: ${e.message}`;
  const tryIter = (b) => { try { return [...S.iter_unpack(b)].length; } catch (e) { return msg(e); } };
  const bad = 'struct.error: iterative unpacking requires a buffer of a multiple of 8 bytes';
  for (const n of [16, 15, 16, 0, 17, 8, 24, 7]) assert.is(tryIter(Buffer.alloc(n)), n % 8 ? bad : n / 8, `length ${n}`);
  const ab = new ArrayBuffer(16);
  assert.is(tryIter(ab), 2);
  structuredClone(ab, { transfer: [ab] });
  assert.ok(/detached/.test(tryIter(ab)), 'a detached buffer of a length accepted before raises');
  const Z = new struct.Struct('');
  for (let k = 0; k < 2; k++) assert.throws(() => Z.iter_unpack(Buffer.alloc(4)), /struct of length 0/);
});

test('Struct(format) without new, as in Python, and a subclass\'s super(format)', () => {
  const S = struct.Struct('<hI'), T = new struct.Struct('<hI');
  assert.ok(S instanceof struct.Struct && T instanceof struct.Struct);
  assert.is(S.constructor, struct.Struct);
  assert.equal(S.unpack(T.pack(-2, 7)), [-2, 7]);
  class Header extends struct.Struct { first(b) { return this.unpack(b)[0]; } }
  const H = new Header('<H');
  assert.ok(H instanceof Header && H instanceof struct.Struct);
  assert.is(H.first(bytes([1, 2])), 513);
  assert.throws(() => struct.Struct(), (e) => e instanceof TypeError && e.message === "Struct() missing required argument 'format' (pos 1)");
  // its prototype is fixed, as a class's, and the module functions use the class's own methods
  assert.throws(() => { struct.Struct.prototype = {}; }, TypeError);
  const proto = struct.Struct.prototype, saved = Object.getOwnPropertyDescriptors(proto);
  try {
    for (const k of ['unpack', 'iter_unpack']) Object.defineProperty(proto, k, { value: () => 'not mine', configurable: true, writable: true });
    Object.defineProperty(proto, 'size', { get: () => -1, configurable: true });
    struct._clearcache();
    assert.equal([struct.unpack('<H', bytes([1, 2])), [...struct.iter_unpack('<B', bytes([5]))], struct.calcsize('<I')], [[513], [[5]], 4]);
  } finally { for (const k of ['unpack', 'iter_unpack', 'size']) Object.defineProperty(proto, k, saved[k]); }
});

// Formats that are no str or bytes: [the format in JS, the same in Python,
// the error of the module's calcsize() (which hashes it first), of Struct()].
// Struct()'s message names a type as CPython's _PyType_Name does (no module).
const FORMAT_ARGS = [
  [() => array('b'), "array('b')", "TypeError: unhashable type: 'array.array'", 'TypeError: Struct() argument 1 must be a str or bytes object, not array'],
  [() => new struct.Struct('B'), "struct.Struct('B')", 'TypeError: Struct() argument 1 must be a str or bytes object, not Struct', 'TypeError: Struct() argument 1 must be a str or bytes object, not Struct'],
  [() => array('b')[Symbol.iterator](), "iter(array('b'))", 'TypeError: Struct() argument 1 must be a str or bytes object, not arrayiterator', 'TypeError: Struct() argument 1 must be a str or bytes object, not arrayiterator'],
  [() => struct.iter_unpack('B', bytes(0)), "struct.iter_unpack('B', b'')", 'TypeError: Struct() argument 1 must be a str or bytes object, not unpack_iterator', 'TypeError: Struct() argument 1 must be a str or bytes object, not unpack_iterator'],
  [() => memoryview(bytes('B'))[Symbol.iterator](), "iter(memoryview(b'B'))", 'TypeError: Struct() argument 1 must be a str or bytes object, not memory_iterator', 'TypeError: Struct() argument 1 must be a str or bytes object, not memory_iterator'],
  [() => memoryview(bytearray('B')), "memoryview(bytearray(b'B'))", 'ValueError: cannot hash writable memoryview object', 'TypeError: Struct() argument 1 must be a str or bytes object, not memoryview'],
  [() => memoryview(bytes('B')), "memoryview(b'B')", 'TypeError: Struct() argument 1 must be a str or bytes object, not memoryview', 'TypeError: Struct() argument 1 must be a str or bytes object, not memoryview'],
  [() => { const m = memoryview(bytes('B')); m.release(); return m; }, "(lambda m: (m.release(), m)[1])(memoryview(b'B'))", 'ValueError: operation forbidden on released memoryview object', 'TypeError: Struct() argument 1 must be a str or bytes object, not memoryview'],
  [() => ({}), '{}', "TypeError: unhashable type: 'dict'", 'TypeError: Struct() argument 1 must be a str or bytes object, not dict'],
  [() => 1.5, '1.5', 'TypeError: Struct() argument 1 must be a str or bytes object, not float', 'TypeError: Struct() argument 1 must be a str or bytes object, not float'],
];
const failure = (thunk) => { try { thunk(); return null; } catch (e) { return `${e.name}: ${e.message}`; } };

test('a format that is no str or bytes: CPython\'s errors, with its type names', () => {
  for (const [make, made, calcsizeError, structError] of FORMAT_ARGS) {
    assert.equal([failure(() => struct.calcsize(make())), failure(() => new struct.Struct(make()))], [calcsizeError, structError], made);
  }
});

test('FORMAT_ARGS are CPython 3.13\'s answers', () => {
  const py = `
import json, struct, sys
from array import array
${PY_FAILURE}for made in json.load(sys.stdin):
    print(json.dumps([failure(lambda: struct.calcsize(eval(made))), failure(lambda: struct.Struct(eval(made)))]))
`;
  const lines = python313Lines(py, JSON.stringify(FORMAT_ARGS.map(([, made]) => made)));
  if (lines !== null) assert.equal(lines, FORMAT_ARGS.map(([, , a, b]) => [a, b]));
});

test.run();
