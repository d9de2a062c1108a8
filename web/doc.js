// The edited file: its bytes live once, in wasm memory, in a memview bytearray.
//
// Invariant: `this.view` is the one long-lived memoryview of `this.buf` (format
// 'B'); every read, write, search and decode goes through it or through views
// derived from it (slices, casts) that live only for one call. Changing the
// size of the bytearray is refused while any view is exported (BufferError,
// CPython's export lock), so a resize releases `this.view` first and makes a
// new one after: see withResize().
//
// Every edit is an op { kind: 'replace' | 'insert' | 'delete', offset, before,
// after } whose inverse is an op of the same shape, so undo and redo are one
// function (applyOp) run on the op or on its inverse.

import { memoryview, bytearray } from '../js/memview.js';
import { Ranges } from './ranges.js';

const CHUNK = 8 << 20;              // bytes read from a File per step while loading

export class Doc {
  /** An empty document; fill it with load() or fromBytes(). */
  constructor(name = 'untitled.bin') {
    this.name = name;
    this.buf = bytearray(0);
    this.view = memoryview(this.buf);
    this.undoStack = [];            // applied ops, oldest first
    this.redoStack = [];            // undone ops, most recently undone last
    this.savedDepth = 0;            // undoStack.length when last opened or saved
    this.savedLost = false;         // the saved state was undone and then overwritten
    this.modified = new Ranges();   // byte ranges changed since the file was opened
    this.listeners = new Set();
  }

  get size() { return this.view.nbytes; }
  get dirty() { return this.savedLost || this.undoStack.length !== this.savedDepth; }
  get changeCount() { return this.undoStack.length; }

  onChange(fn) { this.listeners.add(fn); }
  emit(what) { for (const fn of this.listeners) fn(what); }

  /** Replaces the bytes by a fresh copy of `u8` (a Uint8Array). */
  static fromBytes(u8, name) {
    const d = new Doc(name);
    d.view.release();
    d.buf = bytearray(u8);
    d.view = memoryview(d.buf);
    return d;
  }

  /**
   * Reads a Blob (a File) into a new Doc in chunks, calling progress(done, total)
   * between chunks so the page can paint. The bytearray is allocated once, at
   * full size, before any chunk is read: a file that wasm memory cannot hold
   * fails at once with a MemoryError/RangeError, before any work is wasted.
   */
  static async load(blob, name, progress = () => {}) {
    const total = blob.size;
    let buf;
    try {
      buf = bytearray(total);
    } catch (e) {
      throw new Error(`cannot open ${name}: ${formatSize(total)} is more than wasm memory can hold ` +
        `(${e.name}: ${e.message || 'out of memory'})`);
    }
    const d = new Doc(name);
    d.view.release();
    d.buf = buf;
    d.view = memoryview(buf);
    for (let off = 0; off < total; off += CHUNK) {
      const end = Math.min(total, off + CHUNK);
      const chunk = new Uint8Array(await blob.slice(off, end).arrayBuffer());
      const dst = d.view.slice(off, end);
      try { dst.assign(chunk); } finally { dst.release(); }
      progress(end, total);
    }
    return d;
  }

  /** A fresh Uint8Array of bytes [start, end) clipped to the file. */
  read(start, end) {
    start = Math.max(0, start); end = Math.min(this.size, end);
    if (end <= start) return new Uint8Array(0);
    return this.bytesView().slice(start, end);
  }

  /**
   * The bytes as a Uint8Array over wasm memory (zero-copy). Valid until wasm
   * memory grows, so callers use it at once and never keep it.
   */
  bytesView() { return this.view.asTypedArray(); }

  byteAt(i) { return this.view.get(i); }

  /** Python's memoryview.cast of the whole file, for "View as". */
  castView(fmt) { return this.view.cast(fmt); }

  // ---- edits -------------------------------------------------------------

  replace(offset, after, { coalesce = false } = {}) {
    if (offset < 0 || offset + after.length > this.size)
      throw new RangeError(`cannot write ${after.length} byte(s) at 0x${offset.toString(16)}: past the end of the file`);
    const before = this.read(offset, offset + after.length);
    const last = this.undoStack[this.undoStack.length - 1];
    if (coalesce && last && last.kind !== 'delete' && this.redoStack.length === 0 &&
        this.undoStack.length > this.savedDepth && offset >= last.offset &&
        offset + after.length <= last.offset + last.after.length) {
      // The second nibble of a byte the last op wrote: one undo step for the byte.
      this.applyOp({ kind: 'replace', offset, before, after });
      last.after.set(after, offset - last.offset);
      this.emit('edit');
      return;
    }
    this.push({ kind: 'replace', offset, before, after: after.slice() });
  }

  insert(offset, bytes) {
    if (offset < 0 || offset > this.size) throw new RangeError(`cannot insert at 0x${offset.toString(16)}`);
    this.push({ kind: 'insert', offset, before: new Uint8Array(0), after: bytes.slice() });
  }

  delete(offset, count) {
    count = Math.min(count, this.size - offset);
    if (count <= 0) return;
    this.push({ kind: 'delete', offset, before: this.read(offset, offset + count), after: new Uint8Array(0) });
  }

  push(op) {
    this.applyOp(op);
    op.marks = this.modified.snapshot();
    this.modified = this.modifiedAfter(op);
    this.undoStack.push(op);
    if (this.undoStack.length <= this.savedDepth) this.savedLost = true;
    this.redoStack.length = 0;
    this.emit('edit');
  }

  modifiedAfter(op) {
    const m = Ranges.from(op.marks);
    if (op.kind === 'insert') { m.shift(op.offset, op.after.length); m.add(op.offset, op.offset + op.after.length); }
    else if (op.kind === 'delete') { m.shift(op.offset, -op.before.length); m.add(op.offset, op.offset + (op.offset < this.size ? 1 : 0)); }
    else m.add(op.offset, op.offset + op.after.length);
    return m;
  }

  undo() {
    const op = this.undoStack.pop();
    if (!op) return null;
    this.applyOp(inverse(op));
    this.modified = Ranges.from(op.marks);
    this.redoStack.push(op);
    this.emit('edit');
    return op;
  }

  redo() {
    const op = this.redoStack.pop();
    if (!op) return null;
    this.applyOp(op);
    this.modified = this.modifiedAfter(op);
    this.undoStack.push(op);
    this.emit('edit');
    return op;
  }

  /** Performs one op on the bytes; the op's own bookkeeping is the caller's. */
  applyOp(op) {
    if (op.kind === 'replace') {
      const dst = this.view.slice(op.offset, op.offset + op.after.length);
      try { dst.assign(op.after); } finally { dst.release(); }
    } else if (op.kind === 'insert') {
      this.withResize(() => insertBytes(this.buf, op.offset, op.after));
    } else {
      this.withResize(() => deleteBytes(this.buf, op.offset, op.before.length));
    }
  }

  /**
   * Runs fn() with no view exported, as a bytearray resize requires. If fn
   * throws, the view is re-created all the same: the document stays usable.
   */
  withResize(fn) {
    this.emit('release');            // UI-held views (e.g. a cast) go first
    this.view.release();
    try { fn(); } finally { this.view = memoryview(this.buf); this.emit('resized'); }
  }

  markSaved() { this.savedDepth = this.undoStack.length; this.savedLost = false; this.emit('saved'); }

  // ---- search --------------------------------------------------------------

  /**
   * The offset of the first match of `pattern` (a non-empty Uint8Array) at or
   * after `from` (forward) or starting at or before `from` (backward), or -1.
   * Scans at most `budget` bytes, returning { found, next } so a long search can
   * yield to the page between slices.
   */
  findStep(pattern, from, forward, budget) {
    const n = pattern.length, size = this.size;
    if (forward) {
      // Matches starting in [from, stop): find (C, SIMD in wasm) over the
      // bytes [from, stop + n - 1).
      const stop = Math.min(size - n + 1, from + budget);
      const found = stop > from ? this.buf.find(pattern, Math.max(0, from), stop + n - 1) : -1;
      if (found >= 0) return { found, next: found };
      return { found: -1, next: stop >= size - n + 1 ? -1 : stop };
    }
    // Matches starting in (stop, i]: rfind over the bytes [stop + 1, i + n).
    const i = Math.min(from, size - n);
    const stop = Math.max(-1, i - budget);
    const found = i > stop ? this.buf.rfind(pattern, stop + 1, i + n) : -1;
    if (found >= 0) return { found, next: found };
    return { found: -1, next: stop < 0 ? -1 : stop };
  }

  /** Every match starting in [start, end), for highlighting the visible rows. */
  matchesIn(pattern, start, end) {
    const out = [];
    if (!pattern || !pattern.length) return out;
    const u8 = this.bytesView();
    const n = pattern.length;
    let i = Math.max(0, start - n + 1);
    const stop = Math.min(u8.length - n + 1, end);
    while (i < stop) {
      i = u8.indexOf(pattern[0], i);
      if (i < 0 || i >= stop) break;
      if (matchAt(u8, pattern, i)) out.push(i);
      i++;
    }
    return out;
  }
}

function matchAt(u8, pattern, i) {
  for (let k = 1; k < pattern.length; k++) if (u8[i + k] !== pattern[k]) return false;
  return true;
}

function inverse(op) {
  if (op.kind === 'replace') return { kind: 'replace', offset: op.offset, before: op.after, after: op.before };
  if (op.kind === 'insert') return { kind: 'delete', offset: op.offset, before: op.after, after: op.before };
  return { kind: 'insert', offset: op.offset, before: op.after, after: op.before };
}

/** Python's b[offset:offset] = data. The bytearray's own insert() where the
 *  binding has it; otherwise a resize and moves through views, each released
 *  before the next resize. */
function insertBytes(buf, offset, data) {
  if (typeof buf.insert === 'function') { buf.insert(offset, data); return; }
  const old = buf.length;
  buf.resize(old + data.length);
  const tail = sliceOf(buf, offset, old, (s) => s.tobytes());
  sliceOf(buf, offset + data.length, old + data.length, (s) => s.assign(tail));
  sliceOf(buf, offset, offset + data.length, (s) => s.assign(data));
}

/** Python's del b[offset:offset+count]. */
function deleteBytes(buf, offset, count) {
  if (typeof buf.delete === 'function') { buf.delete(offset, count); return; }
  const old = buf.length;
  const tail = sliceOf(buf, offset + count, old, (s) => s.tobytes());
  sliceOf(buf, offset, old - count, (s) => s.assign(tail));
  buf.resize(old - count);
}

/** fn(memoryview(buf)[start:stop]), with every view released before returning. */
function sliceOf(buf, start, stop, fn) {
  const m = memoryview(buf);
  try {
    const s = m.slice(start, stop);
    try { return fn(s); } finally { s.release(); }
  } finally { m.release(); }
}

export function formatSize(n) {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n, u = -1;
  do { v /= 1024; u++; } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
