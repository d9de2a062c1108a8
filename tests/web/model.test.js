// The hex editor's model in Node, no browser: the piece table and the
// document (edits, undo, pages read on demand), the worker's streaming jobs
// (search, hex, save) and template field offsets (checked against CPython's
// struct where python3.13 is on the machine).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { struct, memoryview, heapStats } from '../../js/memview.js';
import { Document, PAGE } from '../../web/model/document.js';
import { PieceTable, FILE, ADD } from '../../web/model/pieces.js';
import { Bookmarks } from '../../web/model/bookmarks.js';
import { Buffer, search, hexOf, writeTo, Cancelled, parts, countMatches } from '../../web/model/stream.js';
import { makePattern, textPattern } from '../../web/model/match.js';
import { compileTemplate, applyTemplate, parseValue, bytesRepr, inspect } from '../../web/decode.js';

const u8 = (...a) => new Uint8Array(a);
const bytes = async (doc) => [...await doc.readAsync(0, doc.size)];

/** A Blob-like file of any size whose byte i is gen(i); counts the bytes read. */
class FakeBlob {
  constructor(size, gen, base = 0, stats = { bytes: 0, reads: 0 }) { Object.assign(this, { size, gen, base, stats }); }
  slice(a, b) { b = Math.min(b ?? this.size, this.size); return new FakeBlob(Math.max(0, b - a), this.gen, this.base + a, this.stats); }
  async arrayBuffer() {
    this.stats.bytes += this.size; this.stats.reads++;
    const out = new Uint8Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.gen(this.base + i);
    return out.buffer;
  }
}
const gen = (i) => (i * 2654435761 >>> 24) & 0xff;

function rng(seed) { return (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }; }

/** Random replaces, inserts and deletes on doc and on a plain array alike. */
function randomEdits(doc, ref, count, rnd) {
  for (let k = 0; k < count; k++) {
    const op = rnd(3), at = rnd(ref.length + 1);
    if (op === 0 && at < ref.length) { const v = rnd(256); doc.replace(at, u8(v)); ref[at] = v; }
    else if (op === 1) { const bs = Array.from({ length: rnd(6) + 1 }, () => rnd(256)); doc.insert(at, Uint8Array.from(bs)); ref.splice(at, 0, ...bs); }
    else if (at < ref.length) { const n = rnd(12) + 1; doc.delete(at, n); ref.splice(at, n); }
  }
}

test('replace, insert, delete, then undo all and redo all', async () => {
  const d = Document.fromBytes(u8(0, 1, 2, 3, 4, 5, 6, 7), 'x.bin');
  d.replace(1, u8(0xa0));
  d.replace(1, u8(0xab), { coalesce: true });   // second nibble: same edit
  d.insert(4, u8(0xee, 0xff));
  d.delete(0, 2);
  const edited = [2, 3, 0xee, 0xff, 4, 5, 6, 7];
  assert.equal(await bytes(d), edited);
  assert.is(d.changeCount, 3);
  assert.ok(d.dirty);
  assert.equal(d.modifiedIn(0, d.size), [[2, 4]]);
  while (d.undo());
  assert.equal(await bytes(d), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.not.ok(d.dirty);
  assert.equal(d.modifiedIn(0, d.size), []);
  assert.is(d.table.pieces.length, 1);
  while (d.redo());
  assert.equal(await bytes(d), edited);
  assert.equal(d.modifiedIn(0, d.size), [[2, 4]]);
});

test('3000 random edits agree with a plain array, and undo/redo all of them', async () => {
  const orig = Uint8Array.from({ length: 5000 }, (_, i) => gen(i));
  const d = Document.fromBytes(orig, 'r.bin');
  const ref = [...orig];
  randomEdits(d, ref, 3000, rng(7));
  assert.is(d.size, ref.length);
  assert.equal(await bytes(d), ref);
  // The synchronous path (pages cached, one memoryview) gives the same bytes.
  await d.ensure(0, d.size);
  assert.equal([...d.read(0, d.size)], ref);
  for (let i = 0; i < d.size; i += 997) assert.is(d.byteAt(i), ref[i]);
  while (d.undo());
  assert.equal(await bytes(d), [...orig]);
  while (d.redo());
  assert.equal(await bytes(d), ref);
  d.close();
});

test('bookmarks follow random edits to the byte they mark, a deleted one goes to its range\'s start, and undo puts each back', async () => {
  // Byte i of the file is i (< 200), inserted bytes are 255: a bookmark whose
  // byte is still there must be where that byte is now.
  const orig = Uint8Array.from({ length: 200 }, (_, i) => i);
  const d = Document.fromBytes(orig, 'b.bin'), marks = new Bookmarks();
  d.onChange((what, arg) => { if (what === 'edit' && arg) marks.follow(arg.op, arg.undo); });
  const start = [0, 3, 40, 41, 100, 150, 199];
  for (const o of start) marks.add(`at ${o}`, o);
  const byteOf = new Map(marks.list.map((b) => [b, b.offset]));   // bookmark -> its byte, while it exists
  const next = rng(11);
  let deleted = 0;
  for (let k = 0; k < 80; k++) {
    const size = d.size, at = next(size), kind = next(10);
    if (kind < 4) d.insert(at, new Uint8Array(1 + next(5)).fill(255));
    else if (kind < 8 && size > 20) {
      const n = 1 + next(6), covered = marks.list.filter((b) => b.offset >= at && b.offset < at + n);
      d.delete(at, n);
      for (const b of covered) { assert.is(b.offset, at, 'a deleted bookmark goes to the start of the range'); byteOf.delete(b); deleted++; }
    } else if (size > 20) {
      // Two splices in one undo step, as replace all makes them.
      d.batch('replace', at, () => { d.delete(Math.max(0, at - 5), 3); d.insert(0, Uint8Array.of(255, 255)); });
      for (const b of marks.list) if (byteOf.has(b) && !(await bytes(d)).includes(byteOf.get(b))) byteOf.delete(b);
    }
    const now = await bytes(d);
    for (const [b, v] of byteOf) {
      if (now.indexOf(v) < 0) { byteOf.delete(b); continue; }
      assert.is(b.offset, now.indexOf(v), `bookmark ${b.name} on byte ${v}`);
    }
    assert.equal(marks.list.map((b) => b.offset), [...marks.list.map((b) => b.offset)].sort((x, y) => x - y));
  }
  assert.ok(deleted > 0 && byteOf.size > 0 && d.changeCount === 80, `${deleted} deleted, ${byteOf.size} followed`);
  const after = marks.list.map((b) => [b.name, b.offset]);
  while (d.undo());
  assert.equal(marks.list.map((b) => [b.name, b.offset]), start.map((o) => [`at ${o}`, o]));
  assert.equal([marks.next(41, true).offset, marks.next(40, true).offset, marks.next(199, true).offset, marks.next(3, false).offset, marks.next(0, false).offset], [100, 41, 0, 0, 199]);
  while (d.redo());
  assert.equal(marks.list.map((b) => [b.name, b.offset]).sort(), after.sort());
  d.close();
});

test('typing byte after byte keeps one piece; inserting splits one in three', () => {
  const t = new PieceTable(100);
  let add = 0;
  for (let k = 0; k < 50; k++) { t.apply(t.makeOp(10 + k, 0, { src: ADD, off: add, len: 1 })); add++; }
  assert.equal(t.pieces, [{ src: FILE, off: 0, len: 10 }, { src: ADD, off: 0, len: 50 }, { src: FILE, off: 10, len: 90 }]);
  assert.is(t.size, 150);
  assert.not.ok(t.inPlace);
  const op = t.makeOp(10, 50, null);            // delete what was typed
  t.apply(op);
  assert.ok(t.inPlace);
  t.apply(op, true);
  assert.is(t.size, 150);
  const r = new PieceTable(100);
  r.apply(r.makeOp(5, 2, { src: ADD, off: 0, len: 2 }));   // a replace keeps offsets
  assert.ok(r.inPlace);
  assert.equal([...r.range(4, 8)].map((p) => [p.src, p.off, p.len, p.at]), [[FILE, 4, 1, 4], [ADD, 0, 2, 5], [FILE, 7, 1, 7]]);
});

test('saving marks clean; undoing past the save and editing stays dirty', () => {
  const d = Document.fromBytes(u8(1, 2, 3), 'x');
  d.replace(0, u8(9));
  d.markSaved();
  assert.not.ok(d.dirty);
  d.undo();
  assert.ok(d.dirty);
  d.replace(1, u8(8));
  assert.ok(d.dirty);             // same depth as the save, other bytes
});

test('a 16 GiB file opens at once: only the pages shown are read, edits at 0 are instant', async () => {
  const size = 16 * 2 ** 30;
  const blob = new FakeBlob(size, gen);
  const d = new Document({ file: blob, name: 'huge.img' });
  assert.is(d.size, size);
  assert.is(d.withBytes(size - 16, size, (v) => 1), undefined);   // not cached yet: loading
  await d.ensure(size - 16, size);
  assert.equal([...d.read(size - 16, size)], Array.from({ length: 16 }, (_, i) => gen(size - 16 + i)));
  const t0 = performance.now();
  d.insert(0, u8(0xaa, 0xbb));
  d.delete(5, 3);
  assert.is(d.size, size - 1);
  await d.ensure(0, 8);
  assert.equal([...d.read(0, 8)], [0xaa, 0xbb, gen(0), gen(1), gen(2), gen(6), gen(7), gen(8)]);
  d.undo(); d.undo();
  assert.ok(performance.now() - t0 < 50);
  assert.is(d.size, size);
  assert.ok(blob.stats.bytes <= 3 * PAGE, `read ${blob.stats.bytes} bytes`);
  // A page pool: reading all over the file never holds more than its capacity.
  for (let k = 0; k < 200; k++) await d.ensure(k * 80 * 2 ** 20, k * 80 * 2 ** 20 + 10);
  assert.ok(d.pages.lru.size <= d.pages.capacity);
  d.close();
});

test('a page read begun before a save lands after it: dropped, the page is read again from the saved file', async () => {
  // A Blob-like whose reads resolve after `delay` ms: one is in flight when
  // the save rebases the document on the new file.
  class SlowBlob {
    constructor(u8, delay) { this.u8 = u8; this.size = u8.length; this.delay = delay; }
    slice(a, b) { return new SlowBlob(this.u8.subarray(a, Math.min(b, this.size)), this.delay); }
    arrayBuffer() { return new Promise((resolve) => setTimeout(() => resolve(this.u8.slice().buffer), this.delay)); }
  }
  const doc = new Document({ file: new SlowBlob(new Uint8Array(2 * PAGE).fill(0xaa), 50), name: 'a' });
  assert.is(doc.byteAt(PAGE), null, 'not cached yet: a read of the old file starts');
  doc.rebase(new SlowBlob(new Uint8Array(2 * PAGE).fill(0xbb), 10));
  assert.is(doc.byteAt(PAGE), null, 'a read of the saved file starts while the old one is in flight');
  await new Promise((resolve) => setTimeout(resolve, 100)); // both reads have landed, the new one first
  const cache = doc.pages;
  assert.ok(doc.byteAt(PAGE) !== 0xaa, "the old file's page is not shown");
  await cache.load(1);
  assert.is(doc.byteAt(PAGE), 0xbb, 'the page shows the saved file');
  assert.is(cache.lru.size + cache.spare.length, cache.capacity, 'no pool slot lost');
  doc.close();
});

test('a page that comes back short (the file changed on disk) is reported as an error', async () => {
  const bytes = new Uint8Array(2 * PAGE);
  const shrunk = { size: bytes.length, slice: (a, b) => ({ arrayBuffer: async () => bytes.slice(a, Math.min(b, a + 10)).buffer }) };
  const doc = new Document({ file: shrunk, name: 'a' });
  const errors = [];
  doc.onChange((what, e) => { if (what === 'error') errors.push(e.message); });
  assert.is(doc.byteAt(0), null);
  await doc.pages.load(0).catch(() => {});
  assert.equal(errors, [`read 10 of ${PAGE} bytes at 0x0: the file changed on disk`]);
  doc.close();
});

test('closing a document gives its wasm memory back', async () => {
  const before = heapStats().inUse;
  const d = new Document({ file: new FakeBlob(2 ** 32 + 5, gen), name: 'big' });
  await d.ensure(0, 4096);
  d.insert(0, new Uint8Array(3 << 20));
  assert.ok(heapStats().inUse - before >= (4 << 20) + (3 << 20));
  d.close();
  assert.ok(heapStats().inUse - before < 4096, `${heapStats().inUse - before} bytes still in use`);
});

test('search: forward, backward, wrapping, across chunk fills and edits, as a plain scan finds', async () => {
  const orig = Uint8Array.from({ length: 20000 }, (_, i) => gen(i) & 0x0f);
  const d = Document.fromBytes(orig, 's');
  const ref = [...orig];
  randomEdits(d, ref, 300, rng(3));
  const snap = d.snapshot();
  const buf = new Buffer(1024 + 2);             // many fills, each overlapping the next
  const all = (p) => { const out = []; for (let i = 0; i + p.length <= ref.length; i++) if (p.every((b, k) => ref[i + k] === b)) out.push(i); return out; };
  for (const pat of [[1, 2, 3], [7], [0, 0, 0, 0], [15, 14]]) {
    const hits = all(pat), p = Uint8Array.from(pat);
    for (const from of [0, 1023, 5000, ref.length - 1]) {
      const next = hits.find((h) => h >= from) ?? hits[0] ?? -1;
      const prev = [...hits].reverse().find((h) => h <= from) ?? hits[hits.length - 1] ?? -1;
      assert.is((await search(snap, p, from, true, buf)).offset, next, `forward ${pat} from ${from}`);
      assert.is((await search(snap, p, from, false, buf)).offset, prev, `backward ${pat} from ${from}`);
    }
  }
  assert.is((await search(snap, u8(99), 0, true, buf)).offset, -1);
  assert.is(await hexOf(snap, 10, 5000, ' ', buf), ref.slice(10, 5000).map((b) => b.toString(16).padStart(2, '0')).join(' '));
  let err = null;
  try { await search(snap, u8(99), 0, true, buf, { isCancelled: () => true }); } catch (e) { err = e; }
  assert.instance(err, Cancelled);
  buf.close();
  d.close();
});

test('file reads: large slices, a few in flight, in order, through a reader; search sees patterns across reads', async () => {
  const size = 300000;
  const stats = { bytes: 0, reads: 0 };
  const file = new FakeBlob(size, gen, 0, stats);
  const d = new Document({ file, name: 'r' });
  d.replace(100, u8(1, 2, 3));
  d.insert(150000, u8(9, 9));
  const want = [...await d.readAsync(0, d.size)];
  const snap = d.snapshot();
  // A reader that answers out of order (the later reads first) and counts
  // how many are in flight at once.
  let inFlight = 0, most = 0;
  const calls = [];
  const reader = (f, lo, hi) => {
    calls.push([lo, hi]); inFlight++; most = Math.max(most, inFlight);
    const delay = 8 - (calls.length % 4) * 2;
    return new Promise((r) => setTimeout(r, delay)).then(() => { inFlight--; return f.slice(lo, hi).arrayBuffer(); });
  };
  const got = [];
  for await (const part of parts(snap, 0, snap.size, { read: 10000, depth: 3, reader })) got.push(...part);
  assert.equal(got, want);
  assert.ok(calls.every(([lo, hi]) => hi - lo <= 10000), 'reads of at most `read` bytes');
  assert.is(most, 3, 'depth reads in flight');
  // A short read (the file changed on disk) fails the job.
  let err = null;
  try { for await (const part of parts(snap, 0, snap.size, { read: 10000, reader: async () => new ArrayBuffer(5) })) void part; } catch (e) { err = e; }
  assert.is(err?.name, 'NotReadableError');
  // A reader's error reaches the job.
  err = null;
  try { for await (const part of parts(snap, 0, snap.size, { reader: async () => { throw Object.assign(new Error('gone'), { name: 'NotFoundError' }); } })) void part; } catch (e) { err = e; }
  assert.is(err?.name, 'NotFoundError');
  // The worker's search with the reader on the snapshot (as worker.js sets it):
  // a pattern straddling two buffer fills is found.
  const at = 200003, pat = Uint8Array.from(want.slice(at, at + 7));
  const first = want.findIndex((_, i) => pat.every((b, k) => want[i + k] === b));
  const buf = new Buffer(4096 + 6);
  const r = await search({ ...snap, reader }, pat, 0, true, buf);
  assert.is(r.offset, first);
  buf.close();
  d.close();
});

test('backward search reads ahead downwards, depth reads in flight, and finds matches across reads and fills', async () => {
  const size = 120000;
  const file = new FakeBlob(size, gen);
  const d = new Document({ file, name: 'b' });
  d.insert(70000, u8(5, 6, 7));                 // an edited piece between two file pieces
  const want = [...await d.readAsync(0, d.size)];
  let inFlight = 0, most = 0;
  const calls = [];
  const reader = (f, lo, hi) => {
    calls.push(lo); inFlight++; most = Math.max(most, inFlight);
    return new Promise((r) => setTimeout(r, 2)).then(() => { inFlight--; return f.slice(lo, hi).arrayBuffer(); });
  };
  const snap = { ...d.snapshot(), reader, read: 4096, depth: 4 };
  const buf = new Buffer(1000 + 6);                  // fills far smaller than a read
  const lastOf = (pat, upTo) => { for (let i = Math.min(upTo, want.length - pat.length); i >= 0; i--) if (pat.every((b, k) => want[i + k] === b)) return i; return -1; };
  // Patterns that straddle a read (4096 * 20), a fill near the end and the
  // edited piece, each searched backward from the end.
  for (const at of [4096 * 20 - 3, want.length - 1003, 69998, 100]) {
    const pat = want.slice(at, at + 7);
    calls.length = 0; most = 0;
    const r = await search(snap, Uint8Array.from(pat), want.length - 1, false, buf);
    assert.is(r.offset, lastOf(pat, want.length - 1), `backward search for the bytes at ${at}`);
  }
  // A search of the whole file with no match: the reads go from the end
  // down, `depth` of them in flight (a read per fill, one at a time, before).
  await new Promise((r) => setTimeout(r, 20));      // the reads the searches above left in flight land
  calls.length = 0; most = 0;
  assert.is((await search(snap, u8(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), want.length - 1, false, buf)).offset, -1);
  assert.is(most, 4, 'depth reads in flight');
  const firstPass = calls.slice(0, calls.indexOf(Math.min(...calls)) + 1);
  assert.ok(firstPass.every((lo, k) => k === 0 || lo < firstPass[k - 1]), `reads from the end down: ${firstPass}`);
  buf.close();
  d.close();
});

test('file reads give each read\'s buffer back once the job is done with it, also when it stops early', async () => {
  const file = new FakeBlob(50000, gen);
  const snap = { file, size: file.size, pieces: [{ src: FILE, off: 0, at: 0, len: file.size }] };
  const given = new Set(), back = [];
  const reader = async (f, lo, hi) => { const ab = await f.slice(lo, hi).arrayBuffer(); given.add(ab); return new Uint8Array(ab); };
  const release = (part) => {
    assert.ok(given.has(part.buffer), 'a buffer of a read');
    back.push(part.buffer);
  };
  let n = 0;
  for await (const part of parts(snap, 0, snap.size, { read: 8192, depth: 3, reader, release })) {
    assert.ok(!back.includes(part.buffer), 'not given back while in use');
    n += part.length;
  }
  assert.is(n, snap.size);
  assert.is(back.length, given.size, 'every read given back');
  // Stopped after the first part: the reads in flight are given back when they land.
  given.clear(); back.length = 0;
  for await (const part of parts(snap, 0, snap.size, { read: 8192, depth: 3, reader, release })) { void part; break; }
  await new Promise((r) => setTimeout(r, 20));
  assert.is(given.size, 3);
  assert.is(back.length, 3, 'the part in use and the two in flight');
});

/** A FileSystemWritableFileStream that writes into an array (keepExistingData: a copy of `start`). */
function fakeWritable(start) {
  const out = [...start];
  const log = [];
  return {
    out, log,
    async write(x) {
      let at = this.pos ?? 0, data = x;
      if (x.type === 'write') { at = x.position; data = x.data; }
      const u = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
      for (let i = 0; i < u.length; i++) out[at + i] = u[i];
      this.pos = at + u.length;
      log.push([at, u.length]);
    },
    async truncate(n) { out.length = n; },
  };
}

test('save: patch writes the edited bytes alone, rewrite streams every piece; both give the edited file', async () => {
  const orig = Uint8Array.from({ length: 300000 }, (_, i) => gen(i));
  const d = Document.fromBytes(orig, 'p');
  const ref = [...orig];
  for (const at of [0, 4095, 4096, 70000, 299999]) { d.replace(at, u8(ref[at] ^ 0xff)); ref[at] ^= 0xff; }
  let snap = d.snapshot();
  assert.ok(snap.inPlace);
  const w = fakeWritable(orig);
  await writeTo(snap, w, 'patch');
  assert.equal(w.out, ref);
  assert.is(w.log.reduce((s, [, n]) => s + n, 0), 5);      // five bytes written
  d.insert(10, u8(1, 2, 3)); ref.splice(10, 0, 1, 2, 3);
  snap = d.snapshot();
  assert.not.ok(snap.inPlace);
  const r = fakeWritable([]);
  await writeTo(snap, r, 'rewrite', { chunk: 65536 });
  assert.equal(r.out, ref);
  let err = null;
  try { await writeTo(snap, fakeWritable([]), 'rewrite', { chunk: 65536, isCancelled: () => true }); } catch (e) { err = e; }
  assert.instance(err, Cancelled);
  d.close();
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

test('count: every match across buffer fills (straddling ones too), the first max kept, marks give any match its index', async () => {
  // 'ab' 500 times and 'abab' (overlapping) through a 64-byte buffer: many fills, matches across each seam.
  const data = new Uint8Array(1000);
  for (let i = 0; i < data.length; i += 2) { data[i] = 0x61; data[i + 1] = 0x62; }
  const d = new Document({ file: new Blob([data]), name: 'c' });
  const buf = new Buffer(64);
  for (const [pat, want] of [[u8(0x61, 0x62), 500], [u8(0x61, 0x62, 0x61, 0x62), 499], [u8(0x62, 0x61), 499]]) {
    const r = await countMatches(d.snapshot(), makePattern(pat), buf, { max: 10 });
    assert.is(r.total, want);
    assert.equal(r.offsets, Array.from({ length: 10 }, (_, k) => 2 * k + (pat[0] === 0x62 ? 1 : 0)));
    assert.is(r.complete, false);
    assert.ok(r.marks.length > 10, 'a mark per fill');
    // Each mark: how many matches start before its offset.
    for (const [at, before] of r.marks) {
      const c = await countMatches(d.snapshot(), makePattern(pat), buf, { from: 0, to: at, max: 0 });
      assert.is(c.total, before, `mark at ${at}`);
    }
  }
  const r = await countMatches(d.snapshot(), makePattern(u8(0x61, 0x62)), buf, { from: 100, to: 200 });
  assert.is(r.total, 50);
  buf.close(); d.close();
});

test('any case: each character is one of its simple case folding variants of the same encoded length, as RegExp /iu folds', async () => {
  const text = 'Ärger ÄRGER ärger arger · Привет ПРИВЕТ привет · ΚΟΣΜΟΣ κοσμος κοσμοσ Κόσμος · École ÉCOLE école · KELVIN kelvin \u212Aelvin · STRASSE Straße STRAẞE';
  const d8 = new Document({ file: new Blob([new TextEncoder().encode(text)]), name: 'u8' });
  const d16 = new Document({ file: new Blob([Uint8Array.from(globalThis.Buffer.from(text, 'utf16le'))]), name: 'u16' });
  const buf = new Buffer(1 << 16);
  const byRegExp = (word, unitBytes) => [...text.matchAll(new RegExp(word, 'giu'))].map((m) => unitBytes(text.slice(0, m.index)));
  const utf8Len = (s) => new TextEncoder().encode(s).length;
  for (const word of ['ärger', 'привет', 'κοσμος', 'ÉCOLE']) {
    const r = await countMatches(d8.snapshot(), textPattern(word, 'utf-8', { anyCase: true }), buf, {});
    assert.equal(r.offsets, byRegExp(word, utf8Len), word);
    const w = await countMatches(d16.snapshot(), textPattern(word, 'utf-16le', { anyCase: true }), buf, {});
    assert.equal(w.offsets, byRegExp(word, (s) => 2 * s.length), `${word} UTF-16LE`);
  }
  // K (U+212A) folds to k and ẞ (U+1E9E) to ß: in UTF-16 each pair is 2
  // bytes and both match; in UTF-8 K is 3 bytes to k's 1 (ẞ 3 to ß's 2), and
  // the pattern keeps one length. STRASSE is full case folding: never.
  assert.equal((await countMatches(d16.snapshot(), textPattern('straße', 'utf-16le', { anyCase: true }), buf, {})).offsets, byRegExp('straße', (s) => 2 * s.length));
  assert.equal((await countMatches(d8.snapshot(), textPattern('straße', 'utf-8', { anyCase: true }), buf, {})).offsets, [utf8Len(text.slice(0, text.indexOf('Straße')))]);
  assert.is((await countMatches(d16.snapshot(), textPattern('kelvin', 'utf-16le', { anyCase: true }), buf, {})).total, 3);
  assert.is((await countMatches(d8.snapshot(), textPattern('kelvin', 'utf-8', { anyCase: true }), buf, {})).total, 2);
  assert.is((await countMatches(d8.snapshot(), textPattern('ärger', 'utf-8'), buf, {})).total, 1);
  buf.close(); d8.close(); d16.close();
});

test.run();
