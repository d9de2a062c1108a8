// Iterating a bytes, bytearray or array is Python's iter(): each next() reads
// the object as it is then (CPython's bytearrayiter_next, arrayiter_next),
// not a list taken when iteration began. ITERATIONS is a table of scripts
// with CPython 3.13's answers; the second test checks the table against
// CPython where it is installed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { python313Lines } from './lib/python.js';
import { bytes, bytearray, array, struct, memoryview } from '../js/memview.js';

// [the object: 'bytes', 'bytearray' or an array's typecode, its items; how
// many next() first; then a change (a Python statement on `o`, or ''); the
// items next() gives after it]
const ITERATIONS = [
  ['bytearray', [1, 2, 3, 4], 1, 'o.clear()', []],
  ['bytearray', [1, 2, 3, 4], 1, 'o[1] = 99; o.append(5)', [99, 3, 4, 5]],
  ['bytearray', [1, 2, 3, 4], 1, 'o.clear(); o.extend([7, 8, 9])', [8, 9]],
  ['bytearray', [1, 2, 3, 4], 2, 'o.pop(0)', [4]],
  ['bytearray', [1, 2], 2, 'o.append(3)', [3]],
  ['bytearray', [1, 2], 3, 'o.append(3)', []], // done for good once past the end
  ['bytes', [5, 6, 7], 1, '', [6, 7]],
  ['i', [1, 2, 3, 4], 1, 'o.pop(); o.pop(); o.pop()', []],
  ['i', [1, 2, 3, 4], 1, 'o[1] = 99; o.append(5)', [99, 3, 4, 5]],
  ['H', [1, 65535], 0, 'o.append(7)', [1, 65535, 7]],
  ['q', [1n, -2n], 1, 'o.append(-3)', [-2n, -3n]],
  ['Q', [2n ** 64n - 1n], 0, '', [2n ** 64n - 1n]],
  ['f', [0.1, 2.5], 0, '', [0.10000000149011612, 2.5]],
  ['d', [0.1, -0, 3], 1, 'o.pop()', [-0]],
];
const isFloat = (kind) => kind === 'f' || kind === 'd';

/** memview's object for an ITERATIONS case. */
const make = (kind, items) => (kind === 'bytes' ? bytes(items) : kind === 'bytearray' ? bytearray(items) : array(kind, items));
/** Runs a Python statement of ITERATIONS on memview's object o: only the
 *  forms the table uses (o[i] = n, and method calls with JSON arguments). */
function change(o, stmt, kind) {
  for (const part of stmt.split('; ').filter(Boolean)) {
    let m;
    if ((m = /^o\[(\d+)\] = (\d+)$/.exec(part))) o.set(+m[1], +m[2]);
    else if ((m = /^o\.(\w+)\((.*)\)$/.exec(part))) {
      const args = m[2] === '' ? [] : JSON.parse(`[${m[2]}]`);
      o[m[1]](...(kind === 'q' || kind === 'Q' ? args.map((a) => (typeof a === 'number' ? BigInt(a) : a)) : args));
    } else throw new Error(`no JS for ${part}`);
  }
}
/** Python's repr of an item memview gives. */
const pyRepr = (v, float) => (!float ? String(v) : Object.is(v, -0) ? '-0.0' : Number.isInteger(v) ? `${v}.0` : String(v));

test('bytes, bytearray and array iterate the object as it is at each next(), as CPython does', () => {
  for (const [kind, items, first, stmt, rest] of ITERATIONS) {
    const o = make(kind, items), it = o[Symbol.iterator]();
    for (let k = 0; k < first; k++) it.next();
    change(o, stmt, kind);
    const got = [];
    for (let x = it.next(); !x.done; x = it.next()) got.push(x.value);
    assert.equal(got, rest, `${kind} ${items}, ${first} next(), ${stmt}`);
    assert.ok(it.next().done, 'stays done');
  }
});

test('a released exporter raises while items remain; an exhausted iterator stays done', () => {
  for (const o of [bytearray([1, 2, 3]), array('d', [1, 2, 3]), bytes([1, 2, 3])]) {
    const it = o[Symbol.iterator](), spent = o[Symbol.iterator]();
    it.next();
    while (!spent.next().done);
    o.release();
    const kind = o.constructor === array ? 'array' : o.constructor === bytes ? 'bytes' : 'bytearray';
    assert.throws(() => it.next(), (e) => e.name === 'ValueError' && e.message === `operation forbidden on released ${kind} object`);
    assert.ok(spent.next().done);
  }
});

test('iteration makes no list: a bytearray longer than a JS array can hold iterates', () => {
  const b = bytearray(2 ** 27); // tolist() refuses it: a JS array holds at most 2**27 - 3 items
  b.set(1, 7);
  const it = b[Symbol.iterator]();
  assert.equal([it.next().value, it.next().value], [0, 7]);
  b.release();
});

test('the iterator\'s class takes no state made elsewhere', () => {
  const Iter = Object.getPrototypeOf(bytearray(1)[Symbol.iterator]()).constructor;
  const forged = { _box: { ptr: 0 }, _len: 2 ** 30, _itemsize: 1, _released: false, _kind: 2, _format: 'B' };
  assert.throws(() => new Iter(forged), (e) => e instanceof TypeError
    && e.message === "cannot create 'bytes_iterator', 'bytearray_iterator' or 'array.arrayiterator' instances"); // CPython names one
  assert.throws(() => Reflect.apply(Iter.prototype.next, forged, []), TypeError);
  const ViewIter = Object.getPrototypeOf(memoryview(bytes([1]))[Symbol.iterator]()).constructor;
  for (const args of [[], [{ _shape0: 2 ** 30 }], [memoryview(bytes([4, 5]))]]) // as CPython, for a real view too
    assert.throws(() => new ViewIter(...args), (e) => e instanceof TypeError && e.message === "cannot create 'memory_iterator' instances");
});

test('the iterators are the engine\'s kind: the iterator helpers apply', () => {
  const proto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  for (const it of [bytes([1, 2]), bytearray([1, 2]), array('H', [1, 2]), memoryview(bytes([1, 2]))].map((o) => o[Symbol.iterator]())
    .concat(struct.iter_unpack('<B', bytes([1, 2])))) {
    let p = it;
    while (p !== null && p !== proto) p = Object.getPrototypeOf(p);
    assert.is(p, proto); // (on Node 20, proto.constructor is Object: instanceof would tell nothing)
    if (typeof proto.map === 'function') assert.equal(it.map((x) => (Array.isArray(x) ? x[0] : x) * 2).toArray(), [2, 4]); // Node 22 and later
  }
});

test('ITERATIONS are CPython 3.13\'s answers', () => {
  const py = `
import json, sys
from array import array
for kind, items, first, stmt in json.load(sys.stdin):
    items = [(float(x) if '.' in x else int(x)) if isinstance(x, str) else x for x in items]
    o = bytes(items) if kind == 'bytes' else bytearray(items) if kind == 'bytearray' else array(kind, items)
    it = iter(o)
    for _ in range(first): next(it, None)
    exec(stmt)
    print(json.dumps([repr(x) for x in it]))
`;
  const cases = ITERATIONS.map(([kind, items, first, stmt]) => [kind, items.map((v) => (typeof v === 'bigint' ? String(v) : Object.is(v, -0) ? '-0.0' : v)), first, stmt]);
  // (JSON has no bigints and no -0: strings that Python converts)
  const lines = python313Lines(py, JSON.stringify(cases));
  if (lines !== null) assert.equal(lines, ITERATIONS.map(([kind, , , , rest]) => rest.map((v) => pyRepr(v, isFloat(kind)))));
});

// [the iterator whose next() is called, what it is called on, CPython's TypeError]
const R = (want, got) => `descriptor '__next__' requires a '${want}' object but received a '${got}'`;
const WRONG_NEXT = [
  ['bytes', 'dict', R('bytes_iterator', 'dict')], ['bytes', 'bytearray', R('bytes_iterator', 'bytearray_iterator')],
  ['bytearray', 'int', R('bytearray_iterator', 'int')], ['bytearray', 'bytes', R('bytearray_iterator', 'bytes_iterator')],
  ['bytearray', 'array', R('bytearray_iterator', 'array.arrayiterator')], ['array', 'bytearray', R('array.arrayiterator', 'bytearray_iterator')],
  ['array', 'dict', R('array.arrayiterator', 'dict')], ['iter_unpack', 'bytes', R('_struct.unpack_iterator', 'bytes_iterator')],
  ['iter_unpack', 'int', R('_struct.unpack_iterator', 'int')], ['memoryview', 'dict', R('memory_iterator', 'dict')],
  ['memoryview', 'array', R('memory_iterator', 'array.arrayiterator')], ['iter_unpack', 'memoryview', R('_struct.unpack_iterator', 'memory_iterator')],
  ['bytes', 'memoryview', R('bytes_iterator', 'memory_iterator')],
];
const ITERATOR_OF = {
  bytes: () => bytes([1, 2])[Symbol.iterator](), bytearray: () => bytearray([1, 2])[Symbol.iterator](),
  array: () => array('b', [1, 2])[Symbol.iterator](), iter_unpack: () => struct.iter_unpack('<B', bytes([1, 2])),
  memoryview: () => memoryview(bytes([1, 2]))[Symbol.iterator](), dict: () => ({}), int: () => 5,
};

// One class serves the iterators of bytes, bytearray and array (js/exporters.js
// ItemIterator says why): its next() takes any of the three, where CPython
// refuses the other two, and its TypeError names all three.
const ITEM_KINDS = new Set(['bytes', 'bytearray', 'array']);
const ANY_ITEM_ITERATOR = "'bytes_iterator', 'bytearray_iterator' or 'array.arrayiterator'";

test("next() of an iterator called on anything else: CPython's TypeError, nothing read", () => {
  for (const [kind, on, message] of WRONG_NEXT) {
    const it = ITERATOR_OF[kind](), other = ITERATOR_OF[on]();
    if (ITEM_KINDS.has(kind) && ITEM_KINDS.has(on)) assert.equal(it.next.call(other), { value: 1, done: false }, `${kind} on ${on}`);
    else {
      const got = message.slice(message.lastIndexOf(" a '") + 4, -1);
      const want = ITEM_KINDS.has(kind) ? R(ANY_ITEM_ITERATOR.slice(1, -1), got) : message;
      assert.throws(() => it.next.call(other), (e) => e instanceof TypeError && e.message === want, `${kind} on ${on}`);
    }
    assert.equal(it.next(), { value: kind === 'iter_unpack' ? [1] : 1, done: false }); // its own state untouched
  }
});

test('WRONG_NEXT is CPython 3.13\'s answers', () => {
  const py = `
import json, sys, struct
from array import array
make = {'bytes': lambda: iter(b'ab'), 'bytearray': lambda: iter(bytearray(b'ab')), 'array': lambda: iter(array('b', [1, 2])),
        'iter_unpack': lambda: struct.iter_unpack('<B', b'ab'), 'memoryview': lambda: iter(memoryview(b'ab')),
        'dict': lambda: {}, 'int': lambda: 5}
for kind, on in json.load(sys.stdin):
    try:
        type(make[kind]()).__next__(make[on]())
        print(json.dumps(None))
    except TypeError as e:
        print(json.dumps(str(e)))
`;
  const lines = python313Lines(py, JSON.stringify(WRONG_NEXT.map(([kind, on]) => [kind, on])));
  if (lines !== null) assert.equal(lines, WRONG_NEXT.map(([, , message]) => message));
});

test.run();
