// The document: a file of any size that is never held. The original bytes
// stay in the File (a Blob) and are read a page at a time into a PageCache;
// edits are a PieceTable over the file and an AddStore (the edit buffer). Both
// caches are wasm memory viewed through memview, and every read for the page
// (grid, inspector, templates, match highlighting) is a memoryview assembled
// by withBytes().
//
// Reads are synchronous when the pages are cached and say so when not:
// withBytes() returns undefined and starts loading; the document emits
// 'loaded' when the pages arrive, and the page redraws. ensure() awaits them.
//
// An edit emits ('edit', { op, undo }): the op (or group of ops) applied or
// taken back, so what points into the document (bookmarks) can follow it.
// Every edit is one splice op of the piece table (pieces.js), so undo and redo
// cost the same at offset 0 of 16 GiB as anywhere else.

import { bytearray, memoryview } from '../../js/memview.js';
import { PieceTable, FILE, ADD } from './pieces.js';
import { PageCache, AddStore, PAGE, POOL_PAGES } from './store.js';

export { PAGE };

export class Document {
  /**
   * file: a Blob (a File) or null for a new, empty document; handle: the
   * FileSystemFileHandle it came from, when there is one (save in place).
   */
  constructor({ file = null, name = file?.name || 'untitled.bin', handle = null, readOnly = false } = {}) {
    this.name = name;
    this.file = file;
    this.handle = handle;
    this.readOnly = readOnly;
    this.busy = null;               // what is writing the file (a save), or null
    this.table = new PieceTable(file ? file.size : 0);
    this.pages = new PageCache(file);
    this.adds = new AddStore();
    this.scratch = [];              // bytearrays for withBytes, one per nesting depth
    this.depth = 0;
    this.undoStack = [];
    this.redoStack = [];
    this.savedDepth = 0;
    this.savedLost = false;
    this.listeners = new Set();
    this.pages.onload = () => this.scheduleLoaded();
    this.pages.onerror = (e) => this.emit('error', e);
  }

  /** A document over a copy of `u8` (tests and small files). */
  static fromBytes(u8, name = 'untitled.bin') { return new Document({ file: new Blob([u8]), name }); }

  get size() { return this.table.size; }
  get dirty() { return this.savedLost || this.undoStack.length !== this.savedDepth; }
  get changeCount() { return this.undoStack.length; }

  onChange(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  emit(what, arg) { for (const fn of this.listeners) fn(what, arg); }
  scheduleLoaded() {
    if (this.loadedPending) return;
    this.loadedPending = true;
    queueMicrotask(() => { this.loadedPending = false; if (!this.closed) this.emit('loaded'); });
  }

  // ---- reading ---------------------------------------------------------------

  /** The file pages [start, end) needs that are not cached. */
  missing(start, end) {
    const out = new Set();
    for (const r of this.table.range(start, end)) {
      if (r.src !== FILE) continue;
      for (let p = Math.floor(r.off / PAGE), last = Math.floor((r.off + r.len - 1) / PAGE); p <= last; p++)
        if (!this.pages.has(p)) out.add(p);
    }
    return [...out];
  }

  /** Resolves when [start, end) can be read synchronously. */
  async ensure(start, end) {
    for (let tries = 0; tries < 4; tries++) {
      const need = this.missing(start, end);
      if (!need.length) return true;
      if (need.length > POOL_PAGES / 2) throw new RangeError(`${end - start} bytes are more than the page cache holds; use readAsync`);
      await Promise.all(need.map((p) => this.pages.load(p)));
    }
    return this.missing(start, end).length === 0;
  }

  /**
   * fn(view) with `view` a memoryview of the bytes [start, end) (clipped to the
   * document) in wasm memory, released after fn returns. Returns fn's result,
   * or undefined when some page is not cached yet (it is then being loaded, and
   * 'loaded' follows).
   */
  withBytes(start, end, fn) {
    start = Math.max(0, start); end = Math.min(this.size, end);
    const n = Math.max(0, end - start);
    const need = this.missing(start, end);
    if (need.length) {
      if (need.length <= POOL_PAGES / 2) for (const p of need) this.pages.load(p).catch(() => {});
      return undefined;
    }
    const d = this.depth++;
    let buf = this.scratch[d];
    if (!buf) buf = this.scratch[d] = bytearray(Math.max(n, 256));
    else if (buf.length < n) buf.resize(n);
    const whole = memoryview(buf);
    const view = whole.slice(0, n);
    try {
      for (const r of this.table.range(start, end)) {
        const k = r.at - start;
        if (r.src === ADD) {
          const src = this.adds.view(r.off, r.len);
          const dst = view.slice(k, k + r.len);
          try { dst.assign(src); } finally { dst.release(); src.release(); }
          continue;
        }
        for (let off = r.off, done = 0; done < r.len;) {
          const page = Math.floor(off / PAGE), inPage = off - page * PAGE;
          const len = Math.min(r.len - done, PAGE - inPage);
          const src = this.pages.view(page).slice(inPage, inPage + len);
          const dst = view.slice(k + done, k + done + len);
          try { dst.assign(src); } finally { dst.release(); src.release(); }
          off += len; done += len;
        }
      }
      return fn(view, buf);
    } finally {
      view.release(); whole.release();
      this.depth--;
    }
  }

  /** Starts loading the pages [start, end) needs (up to half the cache), without waiting. */
  prefetch(start, end) {
    const need = this.missing(Math.max(0, start), Math.min(this.size, end));
    if (need.length <= POOL_PAGES / 2) for (const p of need) this.pages.load(p).catch(() => {});
    return need.length;
  }

  /** A copy of [start, end) as a Uint8Array, or null when not cached yet. */
  read(start, end) { return this.withBytes(start, end, (v) => v.tobytes()) ?? null; }

  /** The byte at i, or null when its page is not cached yet. */
  byteAt(i) { return this.withBytes(i, i + 1, (v) => v.get(0)) ?? null; }

  /** A copy of [start, end) of any length, straight from the file (no cache). */
  async readAsync(start, end) {
    start = Math.max(0, start); end = Math.min(this.size, end);
    const out = new Uint8Array(Math.max(0, end - start));
    for (const r of this.table.range(start, end)) {
      if (r.src === ADD) {
        const v = this.adds.view(r.off, r.len);
        try { out.set(v.tobytes(), r.at - start); } finally { v.release(); }
      } else out.set(new Uint8Array(await this.file.slice(r.off, r.off + r.len).arrayBuffer()), r.at - start);
    }
    return out;
  }

  /** Byte ranges of [start, end) that differ from the file (edited bytes). */
  modifiedIn(start, end) { return this.table.modifiedIn(start, end); }

  // ---- edits -----------------------------------------------------------------

  checkWritable() {
    if (this.readOnly) throw new Error(`${this.name} is open read-only (toggle Read-only to edit)`);
    if (this.busy) throw new Error(`${this.busy}: edits wait until it finishes (or Cancel it)`);
  }

  replace(offset, after, { coalesce = false } = {}) {
    this.checkWritable();
    if (offset < 0 || offset + after.length > this.size)
      throw new RangeError(`cannot write ${after.length} byte(s) at 0x${offset.toString(16)}: past the end of the file`);
    const last = this.undoStack[this.undoStack.length - 1];
    if (coalesce && last && this.redoStack.length === 0 && this.undoStack.length > this.savedDepth) {
      // The second nibble of a byte the last op wrote: rewrite its bytes in the
      // edit buffer, one undo step for the byte.
      const [r] = [...this.table.range(offset, offset + after.length)];
      if (r && r.src === ADD && r.len === after.length && r.off >= last.addStart && r.off + r.len <= last.addEnd) {
        this.adds.overwrite(r.off, after);
        this.emit('edit');
        return;
      }
    }
    this.edit('replace', offset, after.length, after);
  }

  insert(offset, bytes) {
    this.checkWritable();
    if (offset < 0 || offset > this.size) throw new RangeError(`cannot insert at 0x${offset.toString(16)}`);
    if (bytes.length) this.edit('insert', offset, 0, bytes);
  }

  delete(offset, count) {
    this.checkWritable();
    count = Math.min(count, this.size - offset);
    if (count > 0) this.edit('delete', offset, count, null);
  }

  edit(kind, offset, count, bytes) {
    let piece = null, addStart = 0, addEnd = 0;
    if (bytes && bytes.length) {
      addStart = this.adds.append(bytes);
      addEnd = addStart + bytes.length;
      piece = { src: ADD, off: addStart, len: bytes.length };
    }
    const splice = this.table.makeOp(offset, count, piece);
    this.table.apply(splice);
    const op = { kind, offset, count, length: bytes ? bytes.length : 0, splice, addStart, addEnd };
    if (this.batching) { this.batching.ops.push(op); return; }
    this.undoStack.push(op);
    if (this.undoStack.length <= this.savedDepth) this.savedLost = true;
    this.redoStack.length = 0;
    this.emit('edit', { op, undo: false });
  }

  /**
   * Runs fn(), whose edits become one undo step of `kind` (a paste, a fill,
   * replace all). An error in fn takes back the edits it made.
   */
  batch(kind, offset, fn) {
    this.checkWritable();
    const group = { kind, offset, ops: [] };
    this.batching = group;
    try { fn(); } catch (e) {
      this.batching = null;
      for (const op of group.ops.reverse()) this.table.apply(op.splice, true);
      this.emit('edit');
      throw e;
    } finally { this.batching = null; }
    if (!group.ops.length) return;
    this.undoStack.push(group);
    if (this.undoStack.length <= this.savedDepth) this.savedLost = true;
    this.redoStack.length = 0;
    this.emit('edit', { op: group, undo: false });
  }

  applyOp(op, undo) {
    if (!op.ops) { this.table.apply(op.splice, undo); return; }
    const ops = undo ? [...op.ops].reverse() : op.ops;
    for (const o of ops) this.table.apply(o.splice, undo);
  }

  undo() {
    if (this.busy) throw new Error(`${this.busy}: undo waits until it finishes`);
    const op = this.undoStack.pop();
    if (!op) return null;
    this.applyOp(op, true);
    this.redoStack.push(op);
    this.emit('edit', { op, undo: true });
    return op;
  }

  redo() {
    if (this.busy) throw new Error(`${this.busy}: redo waits until it finishes`);
    const op = this.redoStack.pop();
    if (!op) return null;
    this.applyOp(op, false);
    this.undoStack.push(op);
    this.emit('edit', { op, undo: false });
    return op;
  }

  markSaved() { this.savedDepth = this.undoStack.length; this.savedLost = false; this.emit('saved'); }

  /**
   * After a save in place the file on disk is the document: the pieces start
   * again as one, over the new File, and the history starts there (the old
   * File's bytes, which the history points at, are gone).
   */
  rebase(file) {
    this.file = file;
    this.table = new PieceTable(file.size);
    this.pages.reset(file);
    this.adds.close();
    this.adds = new AddStore();
    this.undoStack = []; this.redoStack = [];
    this.savedDepth = 0; this.savedLost = false;
    this.emit('saved');
  }

  // ---- for workers -----------------------------------------------------------

  /** What a worker needs to read the document: the File and the pieces, with
   *  the edit buffer's bytes copied (postMessage structured-clones them). */
  snapshot() {
    const pieces = this.table.snapshot();
    for (const p of pieces) {
      if (p.src !== ADD) continue;
      const v = this.adds.view(p.off, p.len);
      try { p.data = v.tobytes(); } finally { v.release(); }
    }
    return { file: this.file, size: this.size, pieces, inPlace: this.table.inPlace && this.file && this.size === this.file.size };
  }

  /** The parts of the document as Blobs and byte arrays, in order: a Blob of
   *  them is the saved file, made without reading a byte (a download). */
  blobParts(start = 0, end = this.size) {
    const out = [];
    for (const r of this.table.range(start, end)) {
      if (r.src === FILE) { out.push(this.file.slice(r.off, r.off + r.len)); continue; }
      const v = this.adds.view(r.off, r.len);
      try { out.push(v.tobytes()); } finally { v.release(); }
    }
    return out;
  }

  /** Gives the wasm memory back (the page pool, the edit buffer, scratch). */
  close() {
    if (this.closed) return;
    this.closed = true;
    this.pages.close();
    this.adds.close();
    for (const b of this.scratch) b.clear();
    this.scratch = [];
    this.listeners.clear();
  }
}

export function formatSize(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n, u = -1;
  do { v /= 1024; u++; } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
