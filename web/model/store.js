// Where a document's bytes live on the page, both in wasm memory and both
// viewed through memview:
//   PageCache  pages of the original file, read on demand with Blob.slice()
//              into a fixed pool (one bytearray, one memoryview slice per slot),
//              least recently used first out. The pool never grows: a 16 GiB
//              file costs what a 16 KiB one does.
//   AddStore   the edit buffer: the bytes typed, pasted or packed, appended to
//              bytearray blocks and never moved (a piece points at them).
// close() on either gives the wasm heap back (bytearray.clear() frees it).

import { bytearray, memoryview } from '../../js/memview.js';

export const PAGE = 64 << 10;           // bytes per page read from the file
export const POOL_PAGES = 64;           // 4 MiB of cached pages
const BLOCK = 1 << 20;                  // edit-buffer block

export class PageCache {
  constructor(blob, pages = POOL_PAGES) {
    this.blob = blob;
    this.size = blob ? blob.size : 0;
    this.capacity = pages;
    this.pool = null;                   // made at the first page read
    this.slots = [];
    this.spare = Array.from({ length: pages }, (_, k) => pages - 1 - k);   // free slot numbers
    this.lru = new Map();               // page number -> slot, least recent first
    this.loading = new Map();           // page number -> Promise
    this.generation = 0;                // one more at each reset(): a read begun before it is of another file
    this.reads = 0;                     // pages read from the file, for the tests and the bench
    this.onload = null;                 // called after a page arrives
    this.onerror = null;
  }

  pageLength(page) { return Math.min(PAGE, this.size - page * PAGE); }

  /** The memoryview of a cached page's bytes, or null; marks it recently used. */
  view(page) {
    const slot = this.lru.get(page);
    if (slot === undefined) return null;
    this.lru.delete(page); this.lru.set(page, slot);
    return this.slots[slot];
  }

  has(page) { return this.lru.has(page); }

  /** Reads a page into the pool (once, however often it is asked). */
  load(page) {
    if (this.lru.has(page)) return Promise.resolve();
    let p = this.loading.get(page);
    if (p) return p;
    const start = page * PAGE, len = this.pageLength(page), generation = this.generation;
    // A read that lands after reset() holds the old file's bytes: dropped,
    // and it leaves the loading entry of any newer read of the page alone.
    const current = () => generation === this.generation;
    p = this.blob.slice(start, start + len).arrayBuffer().then((ab) => {
      if (!current()) return;
      this.loading.delete(page);
      if (this.closed) return;
      if (ab.byteLength !== len) throw new Error(`read ${ab.byteLength} of ${len} bytes at 0x${start.toString(16)}: the file changed on disk`);
      if (!this.pool) {
        this.pool = bytearray(this.capacity * PAGE);
        this.poolView = memoryview(this.pool);
        this.slots = Array.from({ length: this.capacity }, (_, k) => this.poolView.slice(k * PAGE, (k + 1) * PAGE));
      }
      let slot = this.spare.pop();
      if (slot === undefined) {
        const [oldest, s] = this.lru.entries().next().value;
        this.lru.delete(oldest);
        slot = s;
      }
      const dst = this.slots[slot].slice(0, len);
      try { dst.assign(new Uint8Array(ab)); } finally { dst.release(); }
      this.lru.set(page, slot);
      this.reads++;
      this.onload?.(page);
    }).catch((e) => { // a failed read, or one that came back short
      if (!current()) return; // the old file's failure is not the new one's
      if (this.loading.get(page) === p) this.loading.delete(page);
      this.onerror?.(e);
      throw e;
    });
    this.loading.set(page, p);
    return p;
  }

  /** Forgets every page (the file changed): the next reads go to the file. */
  reset(blob) {
    this.blob = blob; this.size = blob ? blob.size : 0;
    this.generation++;
    this.lru.clear(); this.loading.clear();
    this.spare = Array.from({ length: this.capacity }, (_, k) => this.capacity - 1 - k);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.slots) s.release();
    this.poolView?.release();
    this.pool?.clear();                 // frees the pool's wasm memory
    this.lru.clear(); this.loading.clear();
  }
}

export class AddStore {
  constructor() { this.blocks = []; this.next = 0; this.used = 0; }

  /** Appends bytes; returns their offset in the store. */
  append(u8) {
    let b = this.blocks[this.blocks.length - 1];
    if (!b || b.used + u8.length > b.cap) {
      const cap = Math.max(BLOCK, u8.length);
      const buf = bytearray(cap);
      // A gap of one between blocks: offsets in two blocks are never adjacent,
      // so no merged piece spans two blocks.
      b = { base: this.next, cap, used: 0, buf, view: memoryview(buf) };
      this.next += cap + 1;
      this.blocks.push(b);
    }
    const off = b.base + b.used;
    if (u8.length) {
      const dst = b.view.slice(b.used, b.used + u8.length);
      try { dst.assign(u8); } finally { dst.release(); }
    }
    b.used += u8.length;
    this.used += u8.length;
    return off;
  }

  block(off) {
    const bs = this.blocks;
    let lo = 0, hi = bs.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (bs[mid].base <= off) lo = mid; else hi = mid - 1; }
    return bs[lo];
  }

  /** A memoryview of [off, off + len) (one block); the caller releases it. */
  view(off, len) {
    const b = this.block(off);
    return b.view.slice(off - b.base, off - b.base + len);
  }

  /** Overwrites bytes appended earlier (the second nibble of a typed byte). */
  overwrite(off, u8) {
    const dst = this.view(off, u8.length);
    try { dst.assign(u8); } finally { dst.release(); }
  }

  close() {
    for (const b of this.blocks) { b.view.release(); b.buf.clear(); }
    this.blocks = []; this.used = 0;
  }
}
