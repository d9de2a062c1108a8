// The hex editor page. Start here; the parts are:
//   model/document.js  the document: a piece table over the File, read in pages
//   model/bookmarks.js named offsets that follow the edits
//   state.js           the cursor and the selection (one way to change them)
//   commands.js        every command and its keys (the keymap)
//   panels/*.js        one renderer per panel: toolbar, find bar, grid,
//                      inspector, template, status bar
//   find.js            find and replace: what Enter, Find all and Replace do
//   jobs.js, worker.js long work (search, copy, save) in the document's Worker
// This file makes them, owns the document's life (open, save, close) and the
// edits the keys make, and routes input to commands.

import { Document, formatSize } from './model/document.js';
import { struct } from '../js/memview.js';
import { Cursor } from './state.js';
import { Commands, editorCommands } from './commands.js';
import { Jobs, Cancelled } from './jobs.js';
import { Toolbar } from './panels/toolbar.js';
import { FindBar } from './panels/findbar.js';
import { Grid } from './panels/grid.js';
import { Inspector } from './panels/inspector.js';
import { TemplatePanel } from './panels/template.js';
import { StatusBar } from './panels/status.js';
import { KeysPanel } from './panels/keys.js';
import { StatsPanel, BookmarksPanel, FillPanel, ComparePanel, ContextMenu } from './panels/extra.js';
import { COPY_FORMATS, formatBytes, parseHexText, plural, hexOff } from './formats.js';
import { Finder } from './find.js';
import { Bookmarks } from './model/bookmarks.js';
import { detectTemplate } from './decode.js';

const COPY_HERE = 64 << 10;         // larger selections are copied by the worker
const COPY_MAX = 16 << 20;          // 48 MiB of hex text: the most the clipboard gets
const FILL_MAX = 64 << 20;          // the most one paste, fill or insert adds to the edit buffer


export class App {
  constructor(root = document) {
    this.root = root;
    this.doc = new Document();
    this.state = new Cursor(() => this.doc.size, () => this.changed());
    this.bpr = 16;
    this.insertMode = false;
    this.readOnlyMode = false;
    this.viewFormat = 'B';
    this.viewItemsize = 1;
    this.viewOrder = '<';             // the grid's byte order for "View as"
    this.decimalOffsets = false;
    this.showText = true;
    this.bookmarks = new Bookmarks();  // named offsets that follow the edits
    this.other = null;                // the document compared with, or null
    this.commands = editorCommands(new Commands(this));
    this.finder = new Finder(this);   // find and replace over the whole document
    this.jobs = new Jobs((job) => this.panels?.status.showJob(job));
    this.panels = {};
    this.panels.status = new StatusBar(this, root);
    this.panels.toolbar = new Toolbar(this, root);
    this.panels.find = new FindBar(this, root);
    this.panels.grid = new Grid(this, root);
    this.panels.inspector = new Inspector(this, root);
    this.panels.template = new TemplatePanel(this, root);
    this.panels.stats = new StatsPanel(this, root);
    this.panels.bookmarks = new BookmarksPanel(this, root);
    this.panels.fill = new FillPanel(this, root);
    this.panels.compare = new ComparePanel(this, root);
    this.panels.menu = new ContextMenu(this, root);
    this.panels.keys = new KeysPanel(this, root);
    this.grid = this.panels.grid;
    this.gridEl = root.querySelector('#grid');
    this.bindInput();
    this.attach(this.doc);
  }

  get cursor() { return this.state.cursor; }
  get column() { return this.state.column; }
  get selection() { return this.state.selection; }
  get find() { return this.panels.find; }
  get templateSpan() { return this.panels.template?.span ?? null; }

  // ---- drawing -----------------------------------------------------------------

  /** Something changed: the side panels now, the grid on the next frame. */
  changed() {
    if (!this.panels.template) return;
    this.grid.refresh();
    this.panels.toolbar.render();
    this.panels.status.render();
    this.panels.inspector.render();
    this.panels.template.render();
    this.panels.bookmarks.render();
    this.panels.compare.render();
  }

  /**
   * Pages arrived (this document's or the compared one's): they change no
   * count, name or cursor, so the bars stay; the grids redraw, and the
   * inspector and the template only if they were waiting for bytes. However
   * many pages arrive within a frame, that is one render each, in one
   * animation frame (each page read is its own task: rendering every panel
   * per page made a scroll's frames long tasks).
   */
  loaded() {
    if (!this.panels.template) return;
    this.grid.refresh();
    this.panels.compare.render();
    if (this.loadedFrame) return;
    this.loadedFrame = requestAnimationFrame(() => {
      this.loadedFrame = 0;
      const { inspector, template } = this.panels;
      if (inspector.waiting) inspector.render();
      if (template.waiting) { template.render(); this.grid.refresh(); }   // its bytes' tint
    });
  }

  afterDraw(loading) {
    this.drawn = (this.drawn || 0) + 1;
    if (!loading && this.openStarted !== null && this.openStarted !== undefined) {
      this.lastOpenMs = performance.now() - this.openStarted;
      this.openStarted = null;
    }
  }

  message(text, bad = false) { this.panels.status.message(text, bad); }
  fail(e) { this.message(`${e.name}: ${e.message}`, true); }
  /** A job of the worker failed: "copy cancelled", or the error. */
  jobFailed(e, what) { if (e instanceof Cancelled) this.message(`${what} cancelled`); else this.fail(e); }
  focusGrid() { this.gridEl.focus(); }

  // ---- the document's life -----------------------------------------------------

  /** Shows `doc`, closing the one before (its memory and its worker go). */
  attach(doc) {
    const old = this.doc;
    if (old !== doc) { this.jobs.close(); old.close(); }
    this.doc = doc;
    doc.onChange((what, arg) => {
      if (what === 'error') { this.message(`cannot read ${doc.name}: ${arg.name}: ${arg.message}`, true); return; }
      if (what === 'loaded') { this.loaded(); return; }
      if (what === 'edit') {
        if (arg) this.bookmarks.follow(arg.op, arg.undo);
        if (this.other) this.panels.compare.setCount(null, true);
        this.state.clamp();
        if (this.viewFormat !== 'B') this.setViewAs(this.viewFormat, true);
      }
      this.changed();
    });
    this.grid.top = 0;
    this.finder.reset();
    this.bookmarks = new Bookmarks();
    this.panels.stats.show(null);
    this.state.set({ cursor: 0, anchor: null, nibble: 0 });
    if (this.viewFormat !== 'B') this.setViewAs(this.viewFormat, true);
    this.changed();
  }

  /** Asks before a dirty document goes; true to go on. */
  confirmDiscard(what) {
    return !this.doc.dirty || confirm(`${this.doc.name} has unsaved changes. ${what} anyway?`);
  }

  /**
   * Opens a File (or any Blob). Nothing is read but the first screen: the
   * document reads pages as they are shown. handle: the FileSystemFileHandle
   * it came from, if any (Save then writes in place).
   */
  async open(file, { handle = null, name = file.name || 'untitled.bin' } = {}) {
    if (this.jobs.busy && this.doc.busy) { this.message(`${this.doc.busy}: wait for it or Cancel it first`, true); return false; }
    if (!this.confirmDiscard(`Open ${name}`)) return false;
    const t0 = performance.now();
    this.message(`opening ${name}…`);
    const doc = new Document({ file, name, handle, readOnly: this.readOnlyMode });
    try {
      await doc.ensure(0, 64 * 64);
    } catch (e) {
      doc.close();
      this.message(`cannot open ${name}: ${e.name}: ${e.message}`, true);   // the current document stays
      return false;
    }
    this.openStarted = t0;
    this.attach(doc);
    const kind = detectTemplate(doc.read(0, 64) ?? new Uint8Array());
    if (kind) this.panels.template.offer(kind);
    this.message(doc.size === 0
      ? `${name} is empty (0 bytes): type in the hex or text column to add bytes`
      : `opened ${name}, ${formatSize(doc.size)}${handle ? ' (saves in place)' : ''}`, doc.size === 0);
    // The worker starts when the page is idle, ready for the first search.
    setTimeout(() => { if (this.doc === doc) this.jobs.spawn().catch(() => {}); }, 300);
    return true;
  }

  /** Opens through a FileSystemFileHandle: Save writes back to it. */
  async openHandle(handle) {
    return this.open(await handle.getFile(), { handle, name: handle.name });
  }

  async pickAndOpen() {
    if (typeof window.showOpenFilePicker !== 'function') { this.panels.toolbar.pickWithInput(); return; }
    let handle;
    try { [handle] = await window.showOpenFilePicker(); } catch (e) { if (e.name === 'AbortError') return; throw e; }
    await this.openHandle(handle);
  }

  /** Closes the document: its page cache, edit buffer and worker are freed. */
  closeDocument() {
    if (this.doc.busy) { this.message(`${this.doc.busy}: wait for it or Cancel it first`, true); return false; }
    if (!this.confirmDiscard('Close it')) return false;
    const name = this.doc.name;
    this.attach(new Document());
    this.message(`closed ${name}`);
    return true;
  }

  /** Read-only mode: this document refuses edits, and so do the next ones opened. */
  setReadOnly(on) {
    this.doc.readOnly = on;
    this.readOnlyMode = on;
    this.message(on ? `${this.doc.name} is read-only: edits are refused` : `${this.doc.name} is editable`);
    this.changed();
  }

  // ---- saving ------------------------------------------------------------------

  /** Save: in place when the document has a handle, else a download. */
  async save() {
    if (!this.doc.handle) return this.download();
    return this.saveTo(this.doc.handle, true);
  }

  async saveAs() {
    if (typeof window.showSaveFilePicker !== 'function') return this.download();
    let handle;
    try { handle = await window.showSaveFilePicker({ suggestedName: this.doc.name }); } catch (e) { if (e.name === 'AbortError') return false; throw e; }
    const same = !!this.doc.handle && await handle.isSameEntry(this.doc.handle);
    return this.saveTo(handle, same);
  }

  /**
   * Writes the document to `handle` in the worker. Strategy: write to a new
   * file and swap. createWritable() writes to a swap file that close()
   * renames over the original and abort() deletes, so the original is whole
   * until the new file is. 'patch' (same file, every original byte in place)
   * starts the swap file as a copy and writes the edited bytes alone;
   * 'rewrite' streams every piece.
   */
  async saveTo(handle, same) {
    const doc = this.doc;
    if (doc.busy || this.jobs.busy) { this.message(`busy: ${this.jobs.current?.label || doc.busy} (Cancel it first)`, true); return false; }
    if (handle.queryPermission && await handle.queryPermission({ mode: 'readwrite' }) !== 'granted' &&
        await handle.requestPermission({ mode: 'readwrite' }) !== 'granted') {
      this.message(`no permission to write ${handle.name}: use Save as or Download`, true);
      return false;
    }
    const snap = doc.snapshot();
    const strategy = same && snap.inPlace ? 'patch' : 'rewrite';
    const label = `saving ${handle.name}`;
    doc.busy = label;
    const t0 = performance.now();
    try {
      if (same && doc.file) {
        // Someone else wrote the file since it was opened: the pieces that point
        // into it would save their bytes, not the ones on screen.
        const now = await handle.getFile();
        if (now.lastModified !== doc.file.lastModified || now.size !== doc.file.size)
          throw Object.assign(new Error(`${handle.name} changed on disk since it was opened (use Save as to keep both)`), { name: 'NotReadableError' });
      }
      await this.jobs.run(label, { job: 'save', snap, handle, strategy }, { hard: false });
      const file = await handle.getFile();
      const ms = performance.now() - t0;
      const changed = snap.pieces.reduce((n, p) => n + (p.src === 0 ? 0 : p.len), 0);
      doc.handle = handle; doc.name = handle.name;
      doc.rebase(file);             // the file on disk is the document now
      this.lastSave = { ms, strategy, size: snap.size, written: strategy === 'patch' ? changed : snap.size };
      this.message(`saved ${handle.name} in place in ${ms.toFixed(0)} ms (${strategy === 'patch'
        ? `${changed} edited byte${changed === 1 ? '' : 's'} written over a copy` : `${formatSize(snap.size)} written`}, then swapped in)`);
      return true;
    } catch (e) {
      if (e instanceof Cancelled) this.message(`save cancelled: ${handle.name} is as it was`);
      else this.message(`save failed, ${handle.name} is as it was: ${e.name}: ${e.message}`, true);
      return false;
    } finally {
      doc.busy = null;
      this.changed();
    }
  }

  /** A download of the edited bytes: a Blob of the file's own slices and the
   *  edited pieces, so nothing is read until the browser writes it. */
  download() {
    const doc = this.doc;
    const blob = new Blob(doc.blobParts(), { type: 'application/octet-stream' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = doc.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    doc.markSaved();
    this.message(`saved ${doc.name} (${doc.size} bytes) as a download`);
    return true;
  }

  // ---- moving ------------------------------------------------------------------

  moveTo(offset, extend = false) {
    this.state.set({ cursor: offset, extend });
    this.grid.ensureVisible(this.cursor);
  }
  moveBy(offset, extend) { this.moveTo(offset, extend); }

  page(dir, extend) {
    this.grid.scrollTo(this.grid.top + dir * this.grid.visibleRows);
    this.moveTo(this.cursor + dir * this.grid.visibleRows * this.bpr, extend);
  }

  setRowWidth(n) {
    n = Math.round(Number(n));
    if (!(n >= 1 && n <= 64)) { this.message(`row width: ${n} is not 1 to 64 bytes`, true); this.panels.toolbar.render(); return false; }
    this.bpr = n; this.grid.shape = '';
    if (this.panels.compare.grid) this.panels.compare.grid.shape = '';
    if (this.viewFormat !== 'B' && n % this.viewItemsize) this.setViewAs(this.viewFormat);
    this.panels.toolbar.render();
    this.grid.ensureVisible(this.cursor); this.changed(); this.focusGrid();
  }

  setInsertMode(on) { this.insertMode = on; this.state.set({ nibble: 0 }); this.changed(); }

  goTo(text) {
    const t = text.trim().toLowerCase().replace(/_/g, '');
    const m = /^([+-]?)\s*(0x[0-9a-f]+|[0-9]+|end)$/.exec(t);
    if (!m) {
      this.find.badGoto(true);
      this.message(`go to: '${text}' is not an offset (use 1234, 0x4d2, +16, -0x10 or end)`, true);
      return false;
    }
    let big = m[2] === 'end' ? BigInt(this.doc.size) : BigInt(m[2]);
    if (m[1] === '+') big = BigInt(this.cursor) + big;
    if (m[1] === '-') big = BigInt(this.cursor) - big;
    if (big < 0n || big > BigInt(this.doc.size)) {
      this.find.badGoto(true);
      const abs = big < 0n ? -big : big;
      this.message(`go to: offset ${big} (${big < 0n ? '-' : ''}0x${abs.toString(16)}) is outside the file (0..${this.doc.size})`, true);
      return false;
    }
    const n = Number(big);
    this.find.badGoto(false);
    this.moveTo(n);
    this.message(`at 0x${n.toString(16)} (${n})`);
    return true;
  }

  /**
   * Shows the grid as items of `fmt` in the grid's byte order: whole items by
   * memoryview.cast (little-endian) or struct.unpack_from (big-endian), and
   * the bytes after the last whole item as hex.
   */
  setViewAs(fmt, quiet = false) {
    const tb = this.panels.toolbar;
    this.viewFormat = fmt; this.viewItemsize = fmt === 'B' ? 1 : struct.calcsize(fmt);
    if (this.bpr % this.viewItemsize) {
      this.viewFormat = 'B'; this.viewItemsize = 1;
      const why = `cannot view as '${fmt}' with ${this.bpr}-byte rows: pick a row width that is a multiple of ${struct.calcsize(fmt)}`;
      tb.showViewAs('B', why, true);
      if (!quiet) this.message(why, true);
    } else if (fmt === 'B') tb.showViewAs('B', '', false);
    else {
      const size = this.doc.size, k = this.viewItemsize, tail = size % k;
      tb.showViewAs(fmt, `${Math.floor(size / k)} items of '${fmt}'${tail ? ` + ${plural(tail, 'byte')}` : ''}, ${this.viewOrder === '<' ? 'little' : 'big'}-endian`, false);
    }
    this.grid.shape = '';
    this.changed();
    return this.viewFormat === fmt;
  }

  // ---- editing -----------------------------------------------------------------

  /** Runs an edit; an error becomes a message and the document stays as it was. */
  edit(fn) {
    try { fn(); return true; } catch (e) { this.fail(e); return false; }
  }

  typeKey(e) {
    if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
    e.preventDefault();
    if (this.viewFormat !== 'B') { this.message('editing works in the bytes view; switch "View as" back to bytes', true); return; }
    const sel = this.selection;
    if (sel && (this.column === 'text' || /^[0-9a-f]$/i.test(e.key))) {
      // Typing over a selection starts at it (insert mode replaces it).
      if (this.insertMode && !this.edit(() => this.doc.delete(sel[0], sel[1] - sel[0]))) return;
      this.state.set({ cursor: sel[0], anchor: null, nibble: 0 });
    }
    if (this.column === 'hex') {
      const d = parseInt(e.key, 16);
      if (Number.isNaN(d)) { this.message(`'${e.key}' is not a hex digit (Tab switches to the text column)`, true); return; }
      this.typeHex(d);
    } else this.typeText(e.key);
  }

  typeHex(d) {
    const doc = this.doc, at = this.cursor, nibble = this.state.nibble;
    const old = at < doc.size ? doc.byteAt(at) : 0;
    if (old === null) { this.message('reading the file… type again in a moment', true); return; }
    this.edit(() => {
      if (nibble === 0) {
        if (this.insertMode || at === doc.size) doc.insert(at, new Uint8Array([d << 4]));
        else doc.replace(at, new Uint8Array([(d << 4) | (old & 0x0f)]));
        this.state.set({ anchor: null, nibble: 1 });
      } else {
        doc.replace(at, new Uint8Array([(old & 0xf0) | d]), { coalesce: true });
        this.moveTo(at + 1);
      }
    });
  }

  typeText(ch) {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < 0x20 || code > 0x7e) {
      this.message(`only printable ASCII can be typed in the text column (not '${ch}'); use the hex column`, true);
      return;
    }
    const doc = this.doc, at = this.cursor;
    this.edit(() => {
      if (this.insertMode || at === doc.size) doc.insert(at, new Uint8Array([code]));
      else doc.replace(at, new Uint8Array([code]));
      this.moveTo(at + 1);
    });
  }

  deleteBytes(backward) {
    const doc = this.doc, sel = this.selection;
    if (backward && !sel && this.state.nibble === 1 && this.column === 'hex') {
      // The first nibble of a byte was typed: take back that edit alone.
      const at = this.cursor;
      if (this.edit(() => doc.undo())) { this.state.set({ cursor: at, nibble: 0 }); this.message(`took back the half-typed byte at ${hexOff(at)}`); }
      return;
    }
    let at, n;
    if (sel) { at = sel[0]; n = sel[1] - sel[0]; }
    else if (backward) { if (this.cursor === 0) return; at = this.cursor - 1; n = 1; }
    else { if (this.cursor >= doc.size) return; at = this.cursor; n = 1; }
    if (this.edit(() => doc.delete(at, n))) {
      this.moveTo(at);
      this.message(`deleted ${plural(n, 'byte')} at ${hexOff(at)}`);
    }
  }

  undo() {
    const op = this.doc.undo();
    if (!op) { this.message('nothing to undo'); return; }
    this.moveTo(op.offset);
    this.message(`undid ${op.kind} at 0x${op.offset.toString(16)}`);
  }

  redo() {
    const op = this.doc.redo();
    if (!op) { this.message('nothing to redo'); return; }
    this.moveTo(op.offset);
    this.message(`redid ${op.kind} at 0x${op.offset.toString(16)}`);
  }

  /** count bytes at `at` become `bytes` (an overwrite when the lengths agree). */
  splice(at, count, bytes) {
    if (bytes.length === count) { if (count) this.doc.replace(at, bytes); return; }
    this.doc.delete(at, count);
    if (bytes.length) this.doc.insert(at, bytes);
  }

  // ---- paste and copy as -------------------------------------------------------

  /**
   * Pastes clipboard text at the cursor (or over the selection): hex text in
   * the hex column, UTF-8 text in the text column. Overwrite mode writes over
   * the bytes there (and appends what goes past the end), insert mode inserts
   * (replacing a selection). One undo step.
   */
  paste(text) {
    if (text === undefined || text === null || text === '') { this.message('the clipboard is empty (or holds no text)', true); return false; }
    if (this.viewFormat !== 'B') { this.message('paste works in the bytes view; switch "View as" back to bytes', true); return false; }
    let bytes;
    try { bytes = this.column === 'hex' ? parseHexText(text) : new TextEncoder().encode(text); } catch (e) { this.message(`paste: ${e.message}`, true); return false; }
    if (bytes.length > FILL_MAX) { this.message(`paste: ${formatSize(bytes.length)} is more than the ${formatSize(FILL_MAX)} the edit buffer takes at once`, true); return false; }
    const doc = this.doc, sel = this.selection, at = sel ? sel[0] : this.cursor;
    const ok = this.edit(() => doc.batch('paste', at, () => {
      if (this.insertMode) {
        if (sel) doc.delete(sel[0], sel[1] - sel[0]);
        doc.insert(at, bytes);
      } else {
        const fit = Math.min(bytes.length, doc.size - at);
        if (fit > 0) doc.replace(at, bytes.subarray(0, fit));
        if (fit < bytes.length) doc.insert(at + fit, bytes.subarray(fit));
      }
    }));
    if (!ok) return false;
    this.moveTo(Math.min(doc.size, at + bytes.length));
    this.message(`pasted ${plural(bytes.length, 'byte')} (${this.column === 'hex' ? 'hex' : 'UTF-8 text'}, ${this.insertMode ? 'inserted' : 'overwritten'}) at ${hexOff(at)}`);
    return true;
  }

  /** Shift+Insert and the menu's Paste: the clipboard through the async API. */
  async pasteFromClipboard() {
    let text;
    try { text = await navigator.clipboard.readText(); } catch (e) { this.message(`cannot read the clipboard (${e.name}): use Ctrl+V`, true); return false; }
    return this.paste(text);
  }

  /** The selection, or the byte at the cursor. */
  get range() {
    return this.selection || (this.cursor < this.doc.size ? [this.cursor, this.cursor + 1] : null);
  }

  /**
   * Copy as `kind` (formats.js): a small selection here (into the copy event
   * when there is one), a large one formatted by the worker, with progress
   * and Cancel, then written with the async clipboard API.
   */
  copyAs(kind = 'hex', e = null) {
    const doc = this.doc, sel = this.range;
    if (!sel) { this.message('nothing to copy: the cursor is at the end', true); return; }
    e?.preventDefault?.();
    const n = sel[1] - sel[0];
    const done = (text) => { this.lastCopy = text; this.message(`copied ${n} byte${n === 1 ? '' : 's'} as ${COPY_FORMATS[kind].replace(/ \(.*\)$/, '')}`); };
    if (n > COPY_MAX) {
      this.message(`the selection is ${formatSize(n)}: copy takes up to ${formatSize(COPY_MAX)}; use Selection to file (Alt+S) for more`, true);
      return;
    }
    if (n <= COPY_HERE) {
      const text = doc.withBytes(sel[0], sel[1], (v) => formatBytes(kind, v.tobytes()));
      if (text !== undefined) {
        if (e?.clipboardData) { e.clipboardData.setData('text/plain', text); done(text); return; }
        return navigator.clipboard.writeText(text).then(() => done(text), (err) => this.fail(err));
      }
    }
    return this.jobs.run(`copying ${formatSize(n)}`, { job: 'copyAs', snap: doc.snapshot(), start: sel[0], end: sel[1], kind })
      .then(async (text) => { await navigator.clipboard.writeText(text); done(text); },
        (err) => this.jobFailed(err, 'copy'));
  }

  copy(e) { return this.copyAs('hex', e); }

  /** The selection as a file (a download of its slices; nothing is read). */
  saveSelection() {
    const sel = this.range;
    if (!sel) { this.message('nothing selected', true); return false; }
    const blob = new Blob(this.doc.blobParts(sel[0], sel[1]), { type: 'application/octet-stream' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${this.doc.name}.${sel[0].toString(16)}-${sel[1].toString(16)}.bin`;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    this.message(`saved the selection (${plural(sel[1] - sel[0], 'byte')}) as ${a.download}`);
    return true;
  }

  // ---- statistics, fill, bookmarks ---------------------------------------------

  /** Length, histogram, entropy, CRC32 and SHA-256 of the selection (the worker). */
  async stats() {
    const sel = this.selection || [0, this.doc.size];
    const t0 = performance.now();
    try {
      const s = await this.jobs.run(`statistics of ${formatSize(sel[1] - sel[0])}`, { job: 'stats', snap: this.doc.snapshot(), start: sel[0], end: sel[1] });
      s.start = sel[0];
      this.panels.stats.show(s);
      this.message(`statistics of ${plural(s.length, 'byte')} at ${hexOff(sel[0])} in ${(performance.now() - t0).toFixed(0)} ms`);
      return s;
    } catch (e) {
      this.jobFailed(e, 'statistics');
      return null;
    }
  }

  /** `count` bytes of a repeated hex pattern. */
  patternBytes(patternText, count) {
    const pat = parseHexText(patternText || '00');
    if (!(count > 0)) throw new Error('the count must be at least 1');
    if (count > FILL_MAX) throw new Error(`${formatSize(count)} is more than the ${formatSize(FILL_MAX)} a fill takes at once`);
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i += pat.length) out.set(pat.subarray(0, Math.min(pat.length, count - i)), i);
    return out;
  }

  /** Fills the selection (or `count` bytes at the cursor) with a pattern, overwriting. */
  fill(patternText, count) {
    const sel = this.selection || [this.cursor, this.cursor + (count || 1)];
    try {
      const bytes = this.patternBytes(patternText, Math.min(sel[1], this.doc.size) - sel[0]);
      if (!this.edit(() => this.doc.replace(sel[0], bytes))) return false;
      this.message(`filled ${plural(bytes.length, 'byte')} at ${hexOff(sel[0])} with ${patternText || '00'}`);
      return true;
    } catch (e) { this.message(`fill: ${e.message}`, true); return false; }
  }

  /** Inserts `count` bytes of a pattern at the cursor. */
  insertBytes(patternText, count) {
    try {
      const bytes = this.patternBytes(patternText, count);
      const at = this.cursor;
      if (!this.edit(() => this.doc.insert(at, bytes))) return false;
      this.message(`inserted ${plural(count, 'byte')} of ${patternText || '00'} at ${hexOff(at)}`);
      return true;
    } catch (e) { this.message(`insert: ${e.message}`, true); return false; }
  }

  addBookmark(name) {
    const at = this.cursor, label = this.bookmarks.add(name, at);
    this.message(`bookmark '${label}' at ${hexOff(at)}`);
    this.changed();
  }

  removeBookmark(offset) { this.bookmarks.remove(offset); this.changed(); }

  gotoBookmark(forward) {
    const b = this.bookmarks.next(this.cursor, forward);
    if (!b) { this.message('no bookmarks: Ctrl+B sets one at the cursor', true); return; }
    this.moveTo(b.offset);
    this.message(`bookmark '${b.name}' at ${hexOff(b.offset)}`);
  }

  // ---- compare -----------------------------------------------------------------

  /** Opens `file` beside the document: its grid scrolls with this one. */
  async openCompare(file) {
    const other = new Document({ file, name: file.name || 'other.bin', readOnly: true });
    try { await other.ensure(0, 4096); } catch (e) { other.close(); this.message(`cannot open ${file.name}: ${e.message}`, true); return false; }
    this.other?.close();
    this.other = other;
    other.onChange((what) => (what === 'loaded' ? this.loaded() : this.changed()));
    this.panels.compare.show(other);
    await this.countDifferences();
    this.message(`comparing ${this.doc.name} with ${other.name} (${formatSize(other.size)}): F7 / Shift+F7 for the next / previous difference`);
    this.changed();
    return true;
  }

  /** Counts the bytes that differ (the worker) and shows it in the compare bar. */
  async countDifferences() {
    if (!this.other) { this.message('open a file to compare with first (Compare…)', true); return null; }
    try {
      const r = await this.jobs.run('counting differences', { job: 'diffCount', snap: this.doc.snapshot(), other: this.other.snapshot() });
      this.panels.compare.setCount(r);
      return r;
    } catch (e) {
      this.jobFailed(e, 'count');
      return null;
    }
  }

  closeCompare() {
    if (!this.other) return;
    this.other.close(); this.other = null;
    this.panels.compare.show(null);
    this.changed();
  }

  /** The next (or previous) byte where the two files differ, found by the worker. */
  async nextDifference(forward) {
    if (!this.other) { this.message('open a file to compare with first (Compare…)', true); return -1; }
    const from = forward ? this.cursor + 1 : this.cursor - 1;
    try {
      const at = await this.jobs.run('comparing', { job: 'diff', snap: this.doc.snapshot(), other: this.other.snapshot(), from, forward });
      if (at < 0) { this.message(`no ${forward ? 'later' : 'earlier'} difference`); return -1; }
      this.moveTo(at);
      this.message(`difference at ${hexOff(at)}`);
      return at;
    } catch (e) {
      this.jobFailed(e, 'compare');
      return null;
    }
  }

  // ---- view --------------------------------------------------------------------

  setViewOrder(order) {
    this.viewOrder = order;
    this.panels.toolbar.render();
    this.setViewAs(this.viewFormat, true);
  }
  setDecimalOffsets(on) { this.decimalOffsets = on; this.grid.shape = ''; this.changed(); }
  setTextColumn(on) {
    this.showText = on;
    if (!on && this.column === 'text') this.state.set({ column: 'hex' });
    this.grid.shape = ''; this.changed();
  }
  setTheme(light) {
    document.documentElement.dataset.theme = light ? 'light' : 'dark';
    try { localStorage.setItem('memview-theme', light ? 'light' : 'dark'); } catch { /* private mode */ }
  }
  get lightTheme() { return document.documentElement.dataset.theme === 'light'; }

  // ---- input -------------------------------------------------------------------

  bindInput() {
    const grid = this.gridEl;
    document.addEventListener('keydown', (e) => {
      const inGrid = e.target === grid;
      if (inGrid && this.commands.handle(e, 'grid')) return;
      if (this.commands.handle(e, 'global')) return;
      if (inGrid) this.typeKey(e);
    });
    document.addEventListener('copy', (e) => {
      if (document.activeElement === grid) this.commands.run('edit.copy', e);
    });
    document.addEventListener('paste', (e) => {
      if (document.activeElement !== grid) return;
      e.preventDefault();
      this.commands.run('edit.paste', e);
    });
    grid.addEventListener('contextmenu', (e) => {
      e.preventDefault();
      const h = this.grid.hit(e);
      const sel = this.selection;
      if (h && !(sel && h.offset >= sel[0] && h.offset < sel[1])) { this.state.set({ column: h.col }); this.moveTo(h.offset); }
      this.panels.menu.open(e.clientX, e.clientY);
    });
    // Mouse: click places the cursor, shift-click or drag selects.
    let dragging = false;
    grid.addEventListener('mousedown', (e) => {
      const h = this.grid.hit(e);
      grid.focus();
      if (!h) return;
      e.preventDefault();
      this.state.set({ column: h.col });
      this.moveTo(h.offset, e.shiftKey);
      if (!e.shiftKey) this.state.set({ anchor: h.offset });
      dragging = true;
    });
    grid.addEventListener('mousemove', (e) => {
      if (!dragging || !(e.buttons & 1)) { dragging = false; return; }
      const h = this.grid.hit(e);
      if (h && h.offset !== this.cursor) this.state.set({ cursor: h.offset, extend: true });
    });
    window.addEventListener('mouseup', () => { dragging = false; });
    window.addEventListener('beforeunload', (e) => {
      if (this.doc.dirty) { e.preventDefault(); e.returnValue = ''; }
    });
  }
}

try { const t = localStorage.getItem('memview-theme'); if (t) document.documentElement.dataset.theme = t; } catch { /* private mode */ }
const app = new App();
window.hexEditor = app;             // for the console (and the tests)

// Open the file named by ?file=, else the sample the build makes.
const wanted = new URLSearchParams(location.search).get('file') ?? '../build/sample.bmp';
if (wanted) {
  fetch(wanted).then(async (r) => {
    if (!r.ok) throw new Error(`${wanted}: HTTP ${r.status}`);
    await app.open(await r.blob(), { name: wanted.split('/').pop() });
  }).catch((e) => app.message(`no sample loaded (${e.message}): open or drop a file`, true))
    .finally(() => { app.ready = true; app.focusGrid(); });
} else { app.ready = true; }
