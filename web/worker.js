// The document's Worker: a memview of its own (its own wasm memory) for the
// long jobs, so the page never blocks on them. One per open document; the
// page ends it on close (which is how wasm memory, which never shrinks, is
// given back) and on Cancel (a fresh one starts with the next job).
//
// Messages in:  { id, job: 'search' | 'findAll' | 'hex' | 'copyAs' | 'stats' | 'diff' | 'save', snap, ...args } and
//               { cancel: id }.
// Messages out: { ready: true, memory }, { id, progress: [done, total] },
//               { id, result, memory } or { id, error: { name, message } }.

import { heapStats } from '../js/memview.js';
import { Buffer, CHUNK, Cancelled, search, hexOf, writeTo, findAll, bytesOf, statsOf, nextDiff } from './model/stream.js';
import { formatBytes } from './formats.js';

const MAX_PATTERN = 1 << 16;
let buffer = null;                      // made at the first job, kept for the next
const cancelled = new Set();

function progressFor(id) {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (now - last < 50 && done < total) return;
    last = now;
    postMessage({ id, progress: [done, total] });
  };
}

const jobs = {
  async search({ snap, pattern, from, forward }, ctx) {
    if (pattern.length > MAX_PATTERN) throw new RangeError(`patterns are at most ${MAX_PATTERN} bytes`);
    return search(snap, pattern, from, forward, buffer, ctx);
  },
  async hex({ snap, start, end, sep }, ctx) { return hexOf(snap, start, end, sep, buffer, ctx); },
  async findAll({ snap, pattern, max }, ctx) { return findAll(snap, pattern, buffer, { max, ...ctx }); },
  async copyAs({ snap, start, end, kind }, ctx) {
    if (kind === 'hex') return hexOf(snap, start, end, ' ', buffer, ctx);
    return formatBytes(kind, await bytesOf(snap, start, end, ctx));
  },
  async stats({ snap, start, end }, ctx) { return statsOf(snap, start, end, buffer, ctx); },
  async diff({ snap, other, from, forward }, ctx) { return nextDiff(snap, other, from, forward, ctx); },
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
    const ctx = { progress: progressFor(id), isCancelled: () => cancelled.has(id) };
    const result = await jobs[msg.job](msg, ctx);
    postMessage({ id, result, memory: heapStats().memory });
  } catch (err) {
    postMessage({ id, error: { name: err?.name || 'Error', message: err?.message || String(err) } });
  } finally {
    cancelled.delete(id);
  }
};

postMessage({ ready: true, memory: heapStats().memory });
