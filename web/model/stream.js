// Long work over a whole document, run by the document's Worker (worker.js)
// and, in the tests, by Node directly. A snapshot is { file, size, pieces }
// (Document.snapshot(): FILE pieces point into the File, ADD pieces carry
// their bytes). The bytes stream through a memview bytearray in wasm memory,
// CHUNK at a time, and memview's find/rfind (C, SIMD) or hex() work on it.

import { bytearray, memoryview } from '../../js/memview.js';
import { FILE } from './pieces.js';
import { Matcher, findPattern, rfindPattern } from './match.js';

export const CHUNK = 16 << 20;
// The search's fills: memview's find runs over each while it is still in the
// CPU's cache from the copy into wasm memory (a 16 MiB fill is read back from
// RAM: the job's thread then took about twice the CPU, which on a machine the
// reading fills is taken from the reading; bench/web.js prints the job's time).
export const SEARCH_FILL = 1 << 20;

export class Cancelled extends Error { constructor() { super('cancelled'); this.name = 'Cancelled'; } }

// Reading the file: Blob.stream() hands over small parts (a few hundred KiB)
// and reads one at a time, which in Chromium tops out well below what the
// disk (or the page cache) gives. Large Blob.slice().arrayBuffer() reads, a
// few in flight (and in the worker, spread over reader threads: reader.js),
// read faster (bench/web.js measures each), and the job works on one while
// the next ones are being read.
export const READ = 16 << 20;           // bytes per read of the file
export const DEPTH = 6;                 // reads in flight

/** The default read: [lo, hi) of a Blob, by this thread. */
export const readSlice = (file, lo, hi) => file.slice(lo, hi).arrayBuffer();

/**
 * The bytes [start, end) of the document in order (backward: the same parts,
 * the last first), as Uint8Array parts. read/depth: the size of the file
 * reads and how many run at once (the snapshot's own read and depth, if it
 * has them, else READ and DEPTH); reader(file, lo, hi): a Promise of the
 * bytes of [lo, hi), an ArrayBuffer or a Uint8Array (the worker's pool of
 * reader threads, or readSlice); release(u8): called with each part of a
 * read once the consumer asks for the next (the pool reuses its buffer).
 */
export async function* parts(snap, start, end, { read = snap.read || READ, depth = snap.depth || DEPTH, reader = snap.reader || readSlice, release = snap.release || null, backward = false } = {}) {
  end = Math.min(end, snap.size);
  // The work list: edited bytes as they are, the file's bytes as reads of at
  // most `read` bytes, started `depth` ahead of the one being consumed.
  const todo = [];
  for (const p of snap.pieces) {
    const a = Math.max(start, p.at), b = Math.min(end, p.at + p.len);
    if (b <= a) continue;
    if (p.src !== FILE) { todo.push({ data: p.data.subarray(a - p.at, b - p.at) }); continue; }
    for (let lo = p.off + (a - p.at), hi = p.off + (b - p.at); lo < hi; lo += read)
      todo.push({ lo, hi: Math.min(hi, lo + read) });
  }
  if (backward) todo.reverse();         // the same parts, the last first
  const begin = (t) => {
    if (t.data || t.promise) return;
    t.promise = reader(snap.file, t.lo, t.hi);
    t.promise.catch(() => {});          // seen when consumed; not unhandled if the job stops first
  };
  let held = null;                      // the part the consumer has
  try {
    for (let k = 0; k < todo.length; k++) {
      for (let j = k, reads = 0; j < todo.length && reads < depth; j++) if (!todo[j].data) { begin(todo[j]); reads++; }
      const t = todo[k];
      if (t.data) { yield t.data; continue; }
      const got = await t.promise;
      t.promise = null;
      const u8 = got instanceof Uint8Array ? got : new Uint8Array(got);
      if (u8.length !== t.hi - t.lo) throw Object.assign(new Error(`read ${u8.length} of ${t.hi - t.lo} bytes at 0x${t.lo.toString(16)}: the file changed on disk`), { name: 'NotReadableError' });
      held = u8;
      yield u8;
      held = null;
      release?.(u8);                    // the consumer asked for the next part: done with this one
    }
  } finally {
    // Stopped early: the part it had, and the reads still in flight when they land.
    if (release) {
      if (held) release(held);
      for (const t of todo) if (t.promise) t.promise.then(release, () => {});
    }
  }
}

/** A reusable wasm buffer for one job. */
export class Buffer {
  constructor(cap) { this.buf = bytearray(cap); this.cap = cap; }
  /** A Uint8Array over the buffer's wasm memory, valid until memory grows. */
  u8() { const m = memoryview(this.buf); try { return m.asTypedArray(); } finally { m.release(); } }
  close() { this.buf.clear(); }
}

/**
 * Reads [start, end) through a buffer of `cap` bytes, keeping the last
 * `keep` bytes of each fill at the start of the next (so a pattern that
 * straddles two fills is seen whole), and calls each(fill, bufStart) with the
 * buffer holding the document's bytes [bufStart, bufStart + fill).
 * each() returns true to stop. timing (optional): adds the ms spent waiting
 * for reads (wait), copying them into the buffer (copy) and in each() (work).
 */
export async function scan(snap, start, end, keep, buffer, each, { isCancelled = () => false, timing = null } = {}) {
  const cap = buffer.cap;
  let fill = 0, bufStart = start, fresh = 0;   // fresh: bytes not yet given to each()
  let u8 = buffer.u8();
  const t = timing || { wait: 0, copy: 0, work: 0 }, now = timing ? () => performance.now() : () => 0;
  let t0 = now();
  for await (let part of parts(snap, start, end)) {
    t.wait += now() - t0;
    while (part.length) {
      if (isCancelled()) throw new Cancelled();
      if (u8.length === 0) u8 = buffer.u8();
      const n = Math.min(part.length, cap - fill);
      t0 = now();
      u8.set(part.subarray(0, n), fill);
      t.copy += now() - t0;
      fill += n; fresh += n; part = part.subarray(n);
      if (fill === cap) {
        fresh = 0;
        t0 = now();
        const stop = await each(fill, bufStart);
        t.work += now() - t0;
        if (stop) return true;
        u8 = buffer.u8();
        const k = Math.min(keep, fill);
        u8.copyWithin(0, fill - k, fill);
        bufStart += fill - k; fill = k;
      }
    }
    t0 = now();
  }
  if (fresh > 0) {
    t0 = now();
    const stop = !!(await each(fill, bufStart));
    t.work += now() - t0;
    return stop;
  }
  return false;
}

/**
 * scan() from the end down: each(fill, bufStart) sees the document's
 * [bufStart, bufStart + fill), the fills in descending order, each ending
 * with the first `keep` bytes of the one before it (the next higher), so a
 * pattern that straddles two fills is seen whole. The reads run ahead
 * downwards as scan()'s run ahead upwards. each() returns true to stop.
 */
export async function scanBack(snap, start, end, keep, buffer, each, { isCancelled = () => false, timing = null } = {}) {
  const room = buffer.cap - keep;       // new bytes per fill
  if (room <= 0) throw new RangeError(`a buffer of ${buffer.cap} bytes cannot keep ${keep}`);
  let u8 = buffer.u8(), fill = 0, hi = Math.min(end, snap.size);
  const t = timing || { wait: 0, copy: 0, work: 0 }, now = timing ? () => performance.now() : () => 0;
  let t0 = now();
  for await (let part of parts(snap, start, end, { backward: true })) {
    t.wait += now() - t0;
    while (part.length) {
      if (isCancelled()) throw new Cancelled();
      if (u8.length === 0) u8 = buffer.u8();
      const n = Math.min(part.length, room), k = Math.min(keep, fill);
      t0 = now();
      u8.copyWithin(n, 0, k);           // the first bytes of the fill above, after the new ones
      u8.set(part.subarray(part.length - n), 0);
      t.copy += now() - t0;
      part = part.subarray(0, part.length - n);
      fill = n + k; hi -= n;
      t0 = now();
      const stop = await each(fill, hi);
      t.work += now() - t0;
      if (stop) return true;
      u8 = buffer.u8();
    }
    t0 = now();
  }
  return false;
}

/**
 * The offset of the first match of `pattern` (bytes) starting in [from, to),
 * forward, or of the last match starting in [from, to) backward; -1 if none.
 * progress(bytesDone) is called after each fill.
 */
export async function findIn(snap, pattern, from, to, forward, buffer, { progress = () => {}, isCancelled, timing } = {}) {
  const n = pattern.length;
  const match = pattern instanceof Uint8Array ? bytesMatcher(pattern, buffer) : patternMatcher(pattern, buffer);
  to = Math.min(to, snap.size - n + 1);
  if (to <= from || n === 0) return -1;
  let found = -1;
  if (forward) {
    await scan(snap, from, to + n - 1, n - 1, buffer, (fill, at) => {
      const i = match.first(fill);
      progress(at + fill - from);
      if (i >= 0) { found = at + i; return true; }
      return false;
    }, { isCancelled, timing });
    return found;
  }
  // Backward: the last match in each fill, from the end down. A match can
  // start only in a fill's new bytes (the kept ones are fewer than n).
  await scanBack(snap, from, to + n - 1, n - 1, buffer, (fill, at) => {
    const i = match.last(fill);
    progress(Math.max(0, to - at));
    if (i >= 0) { found = at + i; return true; }
    return false;
  }, { isCancelled, timing });
  return found;
}

/** The first and last match of bytes in the first `fill` bytes of the buffer
 *  (memview's find and rfind). */
function bytesMatcher(bytes, buffer) {
  return { first: (fill) => buffer.buf.find(bytes, 0, fill), last: (fill) => buffer.buf.rfind(bytes, 0, fill) };
}

/**
 * Search with wrap-around, as the find bar does it: forward from `from` to the
 * end then from 0, or backward from `from` down to 0 then from the end.
 * Returns { offset, wrapped } (offset -1: none).
 */
export async function search(snap, pattern, from, forward, buffer, { progress = () => {}, isCancelled, timing } = {}) {
  const size = snap.size, n = pattern.length;
  const total = Math.max(1, size);
  if (forward) {
    let at = await findIn(snap, pattern, from, size, true, buffer, { progress: (d) => progress(d, total), isCancelled, timing });
    if (at >= 0) return { offset: at, wrapped: false };
    const first = size - from;
    at = await findIn(snap, pattern, 0, Math.min(from, size), true, buffer, { progress: (d) => progress(first + d, total), isCancelled, timing });
    return { offset: at, wrapped: at >= 0 };
  }
  let at = await findIn(snap, pattern, 0, from + 1, false, buffer, { progress: (d) => progress(d, total), isCancelled, timing });
  if (at >= 0) return { offset: at, wrapped: false };
  at = await findIn(snap, pattern, from + 1, size - n + 1, false, buffer, { progress: (d) => progress(from + d, total), isCancelled, timing });
  return { offset: at, wrapped: at >= 0 };
}

/** The bytes [start, end) as hex text with `sep` between bytes (memoryview.hex). */
export async function hexOf(snap, start, end, sep, buffer, { progress = () => {}, isCancelled } = {}) {
  const out = [];
  await scan(snap, start, end, 0, buffer, (fill, at) => {
    const m = memoryview(buffer.buf);
    try { const s = m.slice(0, fill); try { out.push(s.hex(sep)); } finally { s.release(); } } finally { m.release(); }
    progress(at + fill - start, end - start);
    return false;
  }, { isCancelled });
  return out.join(sep);
}

/**
 * Writes the document to a FileSystemWritableFileStream. 'patch' (every
 * original byte in place, same size; the stream was opened with
 * keepExistingData) writes the edited pieces alone; 'rewrite' writes every
 * piece in order, the file's own as Blob slices the browser copies without
 * passing them through the page. The caller close()s (which swaps the new
 * file in) or abort()s (which drops it): the original is untouched until
 * close().
 */
export async function writeTo(snap, writable, strategy, { progress = () => {}, isCancelled = () => false, chunk = 64 << 20 } = {}) {
  const total = strategy === 'patch'
    ? snap.pieces.reduce((s, p) => s + (p.src === FILE ? 0 : p.len), 0) : snap.size;
  let done = 0;
  for (const p of snap.pieces) {
    if (p.src !== FILE) {
      if (isCancelled()) throw new Cancelled();
      if (strategy === 'patch') await writable.write({ type: 'write', position: p.at, data: p.data });
      else await writable.write(p.data);
      done += p.len; progress(done, total);
      continue;
    }
    if (strategy === 'patch') continue;
    for (let a = 0; a < p.len; a += chunk) {
      if (isCancelled()) throw new Cancelled();
      const b = Math.min(p.len, a + chunk);
      await writable.write(snap.file.slice(p.off + a, p.off + b));
      done += b - a; progress(done, total);
    }
  }
  if (strategy === 'patch') await writable.truncate(snap.size);
}

/** The same for a pattern object (wildcards, any case): match.js on each fill. */
function patternMatcher(pat, buffer) {
  return {
    first: (fill) => findPattern(buffer.buf, buffer.u8(), fill, pat, 0),
    last: (fill) => rfindPattern(buffer.buf, buffer.u8(), fill, pat),
  };
}

/**
 * Every match of `pat` (a pattern object) starting in [from, to), overlapping
 * ones too: { total, offsets, complete, marks }. offsets: the first `max`
 * (complete: that is all of them); marks: [offset, matches before it] at the
 * end of each buffer fill, so the index of any match is a mark plus a count
 * over less than one fill (Finder.matchIndex).
 */
export async function countMatches(snap, pat, buffer, { from = 0, to = Infinity, max = 10000, progress = () => {}, isCancelled } = {}) {
  const n = pat.length, offsets = [], marks = [[from, 0]];
  to = Math.min(to, snap.size - n + 1);
  let total = 0;
  if (n === 0 || to <= from) return { total, offsets, complete: true, marks };
  await scan(snap, from, to + n - 1, n - 1, buffer, (fill, at) => {
    // The fill holds [at, at + fill); the n - 1 bytes kept from the fill
    // before start matches that fill could not hold whole, so every start
    // in [at, at + fill - n] is new here.
    const m = new Matcher(buffer.buf, buffer.u8(), fill, pat);
    for (let i = m.next(0); i >= 0; i = m.next(i + 1)) {
      if (offsets.length < max) offsets.push(at + i);
      total++;
    }
    marks.push([at + fill - n + 1, total]);
    progress(at + fill - from, to + n - 1 - from);
    return false;
  }, { isCancelled });
  return { total, offsets, complete: total === offsets.length, marks };
}

/** The bytes [start, end) as one Uint8Array (a copy, for copy-as and hashes). */
export async function bytesOf(snap, start, end, { progress = () => {}, isCancelled = () => false } = {}) {
  const out = new Uint8Array(Math.max(0, Math.min(end, snap.size) - start));
  let k = 0;
  for await (const part of parts(snap, start, end)) {
    if (isCancelled()) throw new Cancelled();
    out.set(part, k); k += part.length;
    progress(k, out.length);
  }
  return out;
}

const CRC = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/**
 * Statistics of [start, end): length, byte histogram, Shannon entropy (bits
 * per byte), CRC32 and SHA-256 (crypto.subtle, for up to `hashMax` bytes).
 */
export async function statsOf(snap, start, end, buffer, { hashMax = 256 << 20, progress = () => {}, isCancelled } = {}) {
  const hist = new Float64Array(256);
  let crc = 0xffffffff;
  const keep = end - start <= hashMax ? [] : null;
  await scan(snap, start, end, 0, buffer, (fill, at) => {
    const u8 = buffer.u8().subarray(0, fill);
    for (let i = 0; i < fill; i++) { const b = u8[i]; hist[b]++; crc = CRC[(crc ^ b) & 0xff] ^ (crc >>> 8); }
    keep?.push(u8.slice());
    progress(at + fill - start, end - start);
    return false;
  }, { isCancelled });
  const n = end - start;
  let entropy = 0;
  for (const c of hist) if (c) { const p = c / n; entropy -= p * Math.log2(p); }
  let sha256 = null;
  if (keep) {
    const all = new Uint8Array(n);
    let k = 0;
    for (const p of keep) { all.set(p, k); k += p.length; }
    sha256 = [...new Uint8Array(await crypto.subtle.digest('SHA-256', all))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return { length: n, hist: [...hist], entropy, crc32: ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0'), sha256 };
}

/**
 * The next (forward) or previous difference between two documents from
 * `from` (inclusive), comparing blocks with memoryview.equals; past the end of
 * the shorter one every byte differs. -1 when there is none.
 */
export async function nextDiff(a, b, from, forward, { block = 1 << 20, progress = () => {}, isCancelled = () => false } = {}) {
  const common = Math.min(a.size, b.size), longest = Math.max(a.size, b.size);
  if (forward) {
    for (let lo = Math.max(0, from); lo < common; lo += block) {
      if (isCancelled()) throw new Cancelled();
      const hi = Math.min(common, lo + block);
      const i = await firstDiff(a, b, lo, hi);
      if (i >= 0) return i;
      progress(hi - from, common - from);
    }
    return from < longest && a.size !== b.size ? Math.max(from, common) : -1;
  }
  if (from >= common && a.size !== b.size) return Math.min(from, longest - 1);
  for (let hi = Math.min(from + 1, common); hi > 0; hi -= block) {
    if (isCancelled()) throw new Cancelled();
    const lo = Math.max(0, hi - block);
    const i = await firstDiff(a, b, lo, hi, true);
    if (i >= 0) return i;
    progress(from - lo, from);
  }
  return -1;
}

/**
 * How many bytes differ between two documents: over the common length,
 * block by block (memoryview.equals skips equal blocks), plus every byte past
 * the end of the shorter one. { differing, common, sizeA, sizeB }.
 */
export async function countDiff(a, b, { block = 1 << 20, progress = () => {}, isCancelled = () => false } = {}) {
  const common = Math.min(a.size, b.size);
  let differing = 0;
  for (let lo = 0; lo < common; lo += block) {
    if (isCancelled()) throw new Cancelled();
    const hi = Math.min(common, lo + block);
    const x = await bytesOf(a, lo, hi), y = await bytesOf(b, lo, hi);
    const mx = memoryview(x), my = memoryview(y);
    let same;
    try { same = mx.equals(my); } finally { mx.release(); my.release(); }
    if (!same) for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) differing++;
    progress(hi, common);
  }
  return { differing: differing + Math.max(a.size, b.size) - common, common, sizeA: a.size, sizeB: b.size };
}

async function firstDiff(a, b, lo, hi, last = false) {
  const x = await bytesOf(a, lo, hi), y = await bytesOf(b, lo, hi);
  const mx = memoryview(x), my = memoryview(y);
  try { if (mx.equals(my)) return -1; } finally { mx.release(); my.release(); }
  if (last) { for (let i = x.length - 1; i >= 0; i--) if (x[i] !== y[i]) return lo + i; }
  else for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return lo + i;
  return -1;
}
