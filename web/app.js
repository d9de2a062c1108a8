// The hex editor page. Start here; the parts are:
//   model/document.js  the document: a piece table over the File, read in pages
//   state.js           the cursor and the selection (one way to change them)
//   commands.js        every command and its keys (the keymap)
//   panels/*.js        one renderer per panel: toolbar, find bar, grid,
//                      inspector, template, status bar
//   jobs.js, worker.js long work (search, copy, save) in the document's Worker
// This file makes them, owns the document's life (open, save, close) and the
// edits the keys make, and routes input to commands.

import { Document, formatSize } from './model/document.js';
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

const COPY_HERE = 64 << 10;         // larger selections are copied by the worker
const COPY_MAX = 16 << 20;          // 48 MiB of hex text: the most the clipboard gets

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
    this.commands = editorCommands(new Commands(this));
    this.jobs = new Jobs((job) => this.panels?.status.showJob(job));
    this.panels = {};
    this.panels.status = new StatusBar(this, root);
    this.panels.toolbar = new Toolbar(this, root);
    this.panels.find = new FindBar(this, root);
    this.panels.grid = new Grid(this, root);
    this.panels.inspector = new Inspector(this, root);
    this.panels.template = new TemplatePanel(this, root);
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
  focusGrid() { this.gridEl.focus(); }

  // ---- the document's life -----------------------------------------------------

  /** Shows `doc`, closing the one before (its memory and its worker go). */
  attach(doc) {
    const old = this.doc;
    if (old !== doc) { this.jobs.close(); old.close(); }
    this.doc = doc;
    doc.onChange((what, arg) => {
      if (what === 'error') { this.message(`cannot read ${doc.name}: ${arg.name}: ${arg.message}`, true); return; }
      if (what === 'edit') {
        this.state.clamp();
        if (this.viewFormat !== 'B') this.setViewAs(this.viewFormat, true);
      }
      this.changed();
    });
    this.grid.top = 0;
    this.find.reset();
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
    this.bpr = n; this.grid.shape = '';
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
    let n = m[2] === 'end' ? this.doc.size : Number(m[2]);
    if (m[1] === '+') n = this.cursor + n;
    if (m[1] === '-') n = this.cursor - n;
    if (n < 0 || n > this.doc.size) {
      this.find.badGoto(true);
      this.message(`go to: offset ${n} (0x${n.toString(16)}) is outside the file (0..${this.doc.size})`, true);
      return false;
    }
    this.find.badGoto(false);
    this.moveTo(n);
    this.message(`at 0x${n.toString(16)} (${n})`);
    return true;
  }

  setViewAs(fmt, quiet = false) {
    const tb = this.panels.toolbar;
    if (fmt === 'B') {
      this.viewFormat = 'B'; this.viewItemsize = 1;
      tb.showViewAs('B', '', false);
    } else {
      const { itemsize, why } = tb.castCheck(fmt, this.doc.size);
      if (why) {
        this.viewFormat = 'B'; this.viewItemsize = 1;
        tb.showViewAs('B', why, true);
        if (!quiet) this.message(why, true);
      } else {
        this.viewFormat = fmt; this.viewItemsize = itemsize;
        tb.showViewAs(fmt, `${Math.floor(this.doc.size / itemsize)} items of '${fmt}' via memoryview.cast`, false);
      }
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
    let at, n;
    if (sel) { at = sel[0]; n = sel[1] - sel[0]; }
    else if (backward) { if (this.cursor === 0) return; at = this.cursor - 1; n = 1; }
    else { if (this.cursor >= doc.size) return; at = this.cursor; n = 1; }
    if (this.edit(() => doc.delete(at, n))) {
      this.moveTo(at);
      this.message(`deleted ${n} byte${n === 1 ? '' : 's'} at 0x${at.toString(16)}`);
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

  /** Copy as hex: here for a small selection, in the worker for a large one. */
  copy(e) {
    const doc = this.doc;
    const sel = this.selection || (this.cursor < doc.size ? [this.cursor, this.cursor + 1] : null);
    if (!sel) return;
    e?.preventDefault();
    const n = sel[1] - sel[0];
    const done = (hex) => { this.lastCopy = hex; this.message(`copied ${n} byte${n === 1 ? '' : 's'} as hex`); };
    if (n <= COPY_HERE) {
      const hex = doc.withBytes(sel[0], sel[1], (v) => v.hex(' '));
      if (hex !== undefined && e?.clipboardData) { e.clipboardData.setData('text/plain', hex); done(hex); return; }
    }
    if (n > COPY_MAX) {
      this.message(`the selection is ${formatSize(n)}: copy as hex takes up to ${formatSize(COPY_MAX)}; use Save as or Download for more`, true);
      return;
    }
    return this.jobs.run(`copying ${formatSize(n)}`, { job: 'hex', snap: doc.snapshot(), start: sel[0], end: sel[1], sep: ' ' })
      .then(async (hex) => {
        await navigator.clipboard.writeText(hex);
        done(hex);
      }, (err) => {
        if (err instanceof Cancelled) this.message('copy cancelled');
        else this.fail(err);
      });
  }

  /** The next (or previous) match of the find bar's pattern, found by the worker. */
  async findNext(forward) {
    const find = this.find;
    let pattern;
    try { pattern = find.parse(); } catch (e) { find.bad(e.message); return null; }
    find.pattern = pattern;
    const doc = this.doc, cur = this.cursor;
    const onMatch = find.current && find.current[0] === cur;
    const from = forward ? cur + (onMatch ? 1 : 0) : cur - 1;
    find.say('searching…');
    const t0 = performance.now();
    try {
      const { offset, wrapped } = await this.jobs.run('searching', { job: 'search', snap: doc.snapshot(), pattern, from, forward });
      if (doc !== this.doc) return null;
      this.lastSearchMs = performance.now() - t0;
      if (offset < 0) {
        find.current = null;
        find.say(`not found: ${find.describe(pattern)}`, true);
        this.changed();
        return -1;
      }
      this.moveTo(offset);
      find.current = [offset, offset + pattern.length];
      find.say(`match at 0x${offset.toString(16)} (${offset})${wrapped ? ', wrapped around' : ''}`);
      this.changed();
      return offset;
    } catch (e) {
      if (e instanceof Cancelled) find.say('search cancelled', true);
      else find.say(`${e.name}: ${e.message}`, true);
      return null;
    }
  }

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
