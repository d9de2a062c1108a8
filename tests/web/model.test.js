// The hex editor's model in Node, no browser: the document's edits and undo,
// the modified-byte ranges, search, and template field offsets (checked
// against CPython's struct where python3.13 is on the machine).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { struct, memoryview, bytearray } from '../../js/memview.js';
import { Doc } from '../../web/doc.js';
import { Ranges } from '../../web/ranges.js';
import { compileTemplate, applyTemplate, parseValue, bytesRepr, inspect } from '../../web/decode.js';

const u8 = (...a) => new Uint8Array(a);
const bytes = (doc) => [...doc.read(0, doc.size)];

test('replace, insert, delete, then undo all and redo all', () => {
  const d = Doc.fromBytes(u8(0, 1, 2, 3, 4, 5, 6, 7), 'x.bin');
  d.replace(1, u8(0xa0));
  d.replace(1, u8(0xab), { coalesce: true });   // second nibble: same edit
  d.insert(4, u8(0xee, 0xff));
  d.delete(0, 2);
  const edited = [2, 3, 0xee, 0xff, 4, 5, 6, 7];
  assert.equal(bytes(d), edited);
  assert.is(d.changeCount, 3);
  assert.ok(d.dirty);
  while (d.undo());
  assert.equal(bytes(d), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.not.ok(d.dirty);
  assert.equal(d.modified.list, []);
  while (d.redo());
  assert.equal(bytes(d), edited);
  assert.equal(d.modified.list, [[0, 1], [2, 4]]);
});

test('insert and delete also work through resize() alone (a binding without insert/delete)', () => {
  const d = Doc.fromBytes(u8(0, 1, 2, 3, 4, 5), 'x');
  d.buf.insert = undefined;       // own properties shadow the binding's extras
  d.buf.delete = undefined;
  d.insert(2, u8(0xaa, 0xbb));
  d.delete(5, 2);
  d.insert(6, u8(0xcc));
  assert.equal(bytes(d), [0, 1, 0xaa, 0xbb, 2, 5, 0xcc]);
  while (d.undo());
  assert.equal(bytes(d), [0, 1, 2, 3, 4, 5]);
});

test('a resize with a view exported is refused by the export lock; the doc releases first', () => {
  const d = Doc.fromBytes(u8(1, 2, 3), 'x');
  // The lock itself, as CPython has it:
  const b = bytearray(u8(1, 2, 3));
  const m = memoryview(b);
  assert.throws(() => b.resize(5), /Existing exports of data: object cannot be re-sized/);
  m.release();
  b.resize(5);
  assert.is(b.length, 5);
  // The document: views held by the page are released on 'release' and remade on 'resized'.
  let cast = d.view.slice(0, 2);
  d.onChange((what) => {
    if (what === 'release') cast.release();
    if (what === 'resized') cast = d.view.slice(0, 2);
  });
  d.insert(3, u8(9));
  assert.equal(bytes(d), [1, 2, 3, 9]);
  assert.equal([...cast.tobytes()], [1, 2]);
});

test('saving marks clean; undoing past the save and editing stays dirty', () => {
  const d = Doc.fromBytes(u8(1, 2, 3), 'x');
  d.replace(0, u8(9));
  d.markSaved();
  assert.not.ok(d.dirty);
  d.undo();
  assert.ok(d.dirty);
  d.replace(1, u8(8));
  assert.ok(d.dirty);             // same depth as the save, other bytes
});

test('Ranges: add merges, shift follows inserts and deletes', () => {
  const r = new Ranges();
  r.add(5, 7); r.add(1, 2); r.add(2, 3); r.add(10, 12);
  assert.equal(r.list, [[1, 3], [5, 7], [10, 12]]);
  r.shift(6, 4);                  // insert 4 bytes at 6: splits nothing, stretches [5,7)
  assert.equal(r.list, [[1, 3], [5, 11], [14, 16]]);
  r.shift(2, -10);                // delete [2, 12)
  assert.equal(r.list, [[1, 2], [4, 6]]);
  assert.ok(r.has(4)); assert.not.ok(r.has(3));
});

test('search forward and backward, in slices', () => {
  const data = new Uint8Array(1000);
  data.set([1, 2, 3], 10); data.set([1, 2, 3], 500); data.set([1, 2], 998);
  const d = Doc.fromBytes(data, 'x');
  const p = u8(1, 2, 3);
  assert.is(d.findStep(p, 0, true, 1e9).found, 10);
  assert.is(d.findStep(p, 11, true, 1e9).found, 500);
  assert.is(d.findStep(p, 501, true, 1e9).found, -1);
  assert.equal(d.findStep(p, 11, true, 100), { found: -1, next: 111 });   // budget spent
  assert.is(d.findStep(p, 999, false, 1e9).found, 500);
  assert.is(d.findStep(p, 499, false, 1e9).found, 10);
  assert.equal(d.matchesIn(u8(1, 2), 0, 1000), [10, 500, 998]);
});

test('template field offsets agree with CPython struct', () => {
  const formats = ['<4sIHH', '@bIh2x3B', 'bId', '=cxh', '>8sI4sIIBBBBBI', '@?q', 'hp3s', '@xxxi'];
  const fields = formats.map((f) => compileTemplate(f).fields.map((x) => [x.offset, x.size]));
  let py;
  try {
    py = execFileSync('python3', ['-c', `
import struct, sys, json, re
out = []
for fmt in sys.argv[1:]:
    order = fmt[0] if fmt[0] in '@=<>!' else ''
    body = fmt[len(order):]
    fields, prefix = [], order
    for count, code in re.findall(r'(\\d*)([a-zA-Z?])', body):
        start = struct.calcsize(prefix + '0' + code)
        if code in 'sp': fields.append([start, int(count or 1)])
        elif code != 'x':
            size = struct.calcsize(order + code)
            fields += [[start + k * size, size] for k in range(int(count or 1))]
        prefix += count + code
    assert len(fields) == len(struct.unpack(fmt, bytes(struct.calcsize(fmt))))
    out.append(fields)
print(json.dumps(out))`, ...formats], { env: { ...process.env, PYENV_VERSION: '3.13.0' } });
  } catch {
    console.log('model.test.js: python3 (3.13) missing, template offsets checked by hand only');
  }
  if (py) assert.equal(fields, JSON.parse(py));
  assert.equal(fields[1], [[0, 1], [4, 4], [8, 2], [12, 1], [13, 1], [14, 1]]);
});

test('templates decode like struct.unpack_from; too few bytes says so', () => {
  const data = struct.pack('<4sIHH', u8(0x89, 0x50, 0x4e, 0x47), 123456, 7, 65535);
  const v = memoryview(data);
  const t = compileTemplate('<4sIHH');
  assert.equal(applyTemplate(t, v, 0).values.slice(1), [123456, 7, 65535]);
  assert.is(applyTemplate(t, v, 1).reason, 'needs 12 bytes at 0x1, only 11 left');
  assert.throws(() => compileTemplate('<4sQz'), (e) => e.name === 'struct.error' && e.message === 'bad char in struct format');
});

test('inspector rows are struct.unpack_from at the cursor', () => {
  const data = u8(0xff, 0xfe, 0x00, 0x3c, 1, 2, 3, 4, 5, 6);
  const v = memoryview(data);
  const rows = inspect(v, 1, false);
  for (const r of rows) {
    if (r.size <= data.length - 1) assert.equal(r.value, struct.unpack_from(r.fmt, data, 1)[0], r.label);
    else assert.is(r.value, null);
  }
  assert.is(rows.find((r) => r.label === 'int16').value, -512);
});

test('parseValue reads ints, floats, bools and bytes literals; struct rejects out of range', () => {
  assert.is(parseValue('H', '0x1234'), 0x1234);
  assert.is(parseValue('q', '-9223372036854775808'), -9223372036854775808n);
  assert.is(parseValue('d', '-inf'), -Infinity);
  assert.equal([...parseValue('s', "b'A\\x00\\n'")], [65, 0, 10]);
  assert.throws(() => parseValue('i', '1.5'), /invalid literal for int\(\) with base 0: '1.5'/);
  assert.throws(() => struct.pack('<B', parseValue('B', '256')), (e) => e.name === 'struct.error');
  assert.is(bytesRepr(u8(66, 77, 0, 39, 92)), "b'BM\\x00\\'\\\\'");
});

test('a file larger than wasm memory is refused at once with a clear message', async () => {
  let sliced = false;
  const huge = { size: 5 * 2 ** 30, slice() { sliced = true; return new Blob([]); } };
  let err = null;
  try { await Doc.load(huge, 'huge.iso'); } catch (e) { err = e; }
  assert.ok(err);
  assert.match(err.message, /^cannot open huge\.iso: 5\.00 GiB is more than wasm memory can hold \(MemoryError: /);
  assert.not.ok(sliced);           // nothing read before the allocation failed
});

test.run();
