// The document's Worker: a memview of its own (its own wasm memory) for the
// long jobs, so the page never blocks on them. One per open document; the
// page ends it on close (which is how wasm memory, which never shrinks, is
// given back) and on Cancel (a fresh one starts with the next job). It reads
// the file through two reader threads of its own (reader.js), which end with it.
//
// Messages in:  { id, job: 'search' | 'count' | 'hex' | 'copyAs' | 'stats' | 'diff' | 'diffCount' | 'save', snap, ...args } and
//               { cancel: id }.
// Messages out: { ready: true, memory }, { id, progress: [done, total] },
//               { id, result, memory, timing } or { id, error: { name, message } }.

import { heapStats } from '../js/memview.js';
import { Buffer, CHUNK, SEARCH_FILL, READ, DEPTH, Cancelled, readSlice, search, hexOf, writeTo, countMatches, bytesOf, statsOf, nextDiff, countDiff } from './model/stream.js';
import { formatBytes } from './formats.js';

const MAX_PATTERN = 1 << 16;
const READ_TIMEOUT = 60000;             // ms a reader may take over one read before the job fails
const READERS = 2;                      // reader threads (reader.js): see there why
let buffer = null;                      // made at the first job, kept for the next
let searchBuffer = null;                // the search's (SEARCH_FILL): made at the first search
const cancelled = new Set();

// Progress at most every PROGRESS_MS: each message makes the page redraw its
// status bar, and on a small machine those frames take CPU from the job.
const PROGRESS_MS = 200;

function progressFor(id) {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS && done < total) return;
    last = now;
    postMessage({ id, progress: [done, total] });
  };
}

/**
 * The file reads of the jobs, spread over READERS reader threads, each read
 * into one of a few buffers that go round between this thread and the
 * readers (transferred, not copied; reader.js says why). Started with this
 * worker; they end with it. Where a nested Worker cannot start, this thread
 * reads. read() resolves with a Uint8Array of [lo, hi); release() gives its
 * buffer back once the job is done with it.
 */
const readers = {
  pool: null, next: 0, id: 0, waiting: new Map(), free: [],
  start() {
    if (this.pool) return this.pool.length > 0;
    this.pool = [];
    try {
      for (let k = 0; k < READERS; k++) {
        const w = new Worker(new URL('./reader.js', import.meta.url));
        w.onmessage = (e) => {
          const { id, buf, n, error } = e.data, p = this.waiting.get(id);
          if (!p) return;
          this.waiting.delete(id);
          clearTimeout(p.timer);
          if (error) p.reject(Object.assign(new Error(error.message), { name: error.name }));
          else p.resolve(new Uint8Array(buf, 0, n));
        };
        w.onerror = (e) => {
          e.preventDefault?.();
          // A reader that cannot run: its reads fail over to this thread, and so do the next.
          this.pool = [];
          for (const [, p] of this.waiting) { clearTimeout(p.timer); p.retry(); }
          this.waiting.clear();
        };
        this.pool.push(w);
      }
    } catch { this.pool = []; }
    return this.pool.length > 0;
  },
  read(file, lo, hi) {
    if (!readers.start()) return readSlice(file, lo, hi);
    const id = ++readers.id, w = readers.pool[readers.next++ % readers.pool.length];
    const buf = hi - lo <= READ ? readers.free.pop() || new ArrayBuffer(READ) : null;
    return new Promise((resolve, reject) => {
      // A read with no answer fails the job with a message: a job never waits forever.
      const timer = setTimeout(() => {
        readers.waiting.delete(id);
        reject(Object.assign(new Error(`a read of bytes ${lo}-${hi} got no answer in ${READ_TIMEOUT / 1000} s`), { name: 'TimeoutError' }));
      }, READ_TIMEOUT);
      readers.waiting.set(id, { resolve, reject, timer, retry: () => readSlice(file, lo, hi).then(resolve, reject) });
      if (buf) w.postMessage({ id, file, lo, hi, buf }, [buf]);
      else w.postMessage({ id, file, lo, hi });
    });
  },
  release(u8) {
    const b = u8.buffer;
    if (b.byteLength === READ && readers.free.length < DEPTH + 2) readers.free.push(b);
  },
};

const jobs = {
  async search({ snap, pattern, from, forward }, ctx) {
    if (pattern.length > MAX_PATTERN) throw new RangeError(`patterns are at most ${MAX_PATTERN} bytes`);
    if (!searchBuffer) searchBuffer = new Buffer(SEARCH_FILL + MAX_PATTERN);
    return search(snap, pattern, from, forward, searchBuffer, ctx);
  },
  async hex({ snap, start, end, sep }, ctx) { return hexOf(snap, start, end, sep, buffer, ctx); },
  async count({ snap, pattern, from, to, max }, ctx) { return countMatches(snap, pattern, buffer, { from, to, max, ...ctx }); },
  async copyAs({ snap, start, end, kind }, ctx) {
    if (kind === 'hex') return hexOf(snap, start, end, ' ', buffer, ctx);
    return formatBytes(kind, await bytesOf(snap, start, end, ctx));
  },
  async stats({ snap, start, end }, ctx) { return statsOf(snap, start, end, buffer, ctx); },
  async diff({ snap, other, from, forward }, ctx) { return nextDiff(snap, other, from, forward, ctx); },
  async diffCount({ snap, other }, ctx) { return countDiff(snap, other, ctx); },
  async save({ snap, handle, strategy }, ctx) {
    // createWritable writes a swap file; close() replaces the original with it
    // and abort() deletes it, so a failed or cancelled save leaves the
    // original as it was.
    const writable = await handle.createWritable({ keepExistingData: strategy === 'patch' });
    try {
      await writeTo(snap, writable, strategy, ctx);
      if (ctx.isCancelled()) throw new Cancelled();
      await writable.close();
    } catch (e) {
      await writable.abort().catch(() => {});
      throw e;
    }
    return { size: snap.size, strategy };
  },
};

onmessage = async (e) => {
  const msg = e.data;
  if (msg.cancel !== undefined) { cancelled.add(msg.cancel); return; }
  const { id } = msg;
  try {
    if (!buffer) buffer = new Buffer(CHUNK + MAX_PATTERN);
    // timing: where the job's thread spent its time (ms): waiting for reads,
    // copying them into wasm memory, memview's work on each fill; bench/web.js prints it.
    const timing = { total: performance.now(), wait: 0, copy: 0, work: 0 };
    const ctx = { progress: progressFor(id), isCancelled: () => cancelled.has(id), timing };
    for (const snap of [msg.snap, msg.other]) if (snap?.file) Object.assign(snap, { reader: readers.read, release: readers.release });
    const result = await jobs[msg.job](msg, ctx);
    timing.total = performance.now() - timing.total;
    postMessage({ id, result, memory: heapStats().memory, timing });
  } catch (err) {
    postMessage({ id, error: { name: err?.name || 'Error', message: err?.message || String(err) } });
  } finally {
    cancelled.delete(id);
  }
};

readers.start();
postMessage({ ready: true, memory: heapStats().memory });
