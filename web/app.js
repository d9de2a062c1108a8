// The hex editor page: wires the document (doc.js), the grid (grid.js) and the
// decoders (decode.js) to the DOM. State lives here; drawing is the grid's.

import { struct } from '../js/memview.js';
import { Doc, formatSize } from './doc.js';
import { Grid } from './grid.js';
import { inspect, showValue, parseValue, compileTemplate, applyTemplate, TEMPLATE_PRESETS } from './decode.js';

const $ = (id) => document.getElementById(id);
const SEARCH_SLICE = 32 << 20;      // bytes searched between two paints

class App {
  constructor() {
    this.doc = new Doc();
    this.bpr = 16;
    this.cursor = 0;
    this.anchor = null;             // selection anchor, or null
    this.column = 'hex';            // where typing goes: 'hex' or 'text'
    this.nibble = 0;                // 1 after the high nibble of a byte was typed
    this.insertMode = false;
    this.littleEndian = true;
    this.viewFormat = 'B';
    this.viewItemsize = 1;
    this.castView = null;
    this.findPattern = null;
    this.currentMatch = null;
    this.template = null;           // compiled template, or null
    this.pinned = null;             // template offset when pinned
    this.searchToken = 0;
    this.grid = new Grid(this, $('grid'), $('scrollbar'), $('thumb'), $('colhead'));
    this.bindUI();
    this.setTemplate($('tpl').value);
    this.attach(this.doc);
  }

  // ---- document ------------------------------------------------------------

  attach(doc) {
    this.releaseCast();
    const old = this.doc;
    this.doc = doc;
    if (old !== doc) { old.view.release(); }
    doc.onChange((what) => {
      if (what === 'release') this.releaseCast();
      else if (what === 'resized') this.restoreCast();
      else this.changed();
    });
    this.cursor = 0; this.anchor = null; this.nibble = 0;
    this.grid.top = 0;
    this.restoreCast();
    this.changed();
  }

  get selection() {
    if (this.anchor === null || this.anchor === this.cursor) return null;
    const a = Math.min(this.anchor, this.cursor), b = Math.max(this.anchor, this.cursor);
    return [a, Math.min(b + 1, this.doc.size)];
  }

  get templateSpan() {
    if (!this.template || !this.templateFits) return null;
    return { offset: this.templateOffset, fields: this.template.fields };
  }
  get templateOffset() { return this.pinned ?? this.cursor; }

  /** Anything changed: redraw the grid and the side panels. */
  changed() {
    this.cursor = Math.min(this.cursor, this.doc.size);
    this.grid.refresh();
    this.updatePanels();
  }

  message(text, bad = false) {
    const m = $('st-msg');
    m.textContent = text;
    m.classList.toggle('bad', bad);
    m.title = text;
  }

  async open(blob, name) {
    if (this.doc.dirty && !confirm(`${this.doc.name} has unsaved changes. Open ${name} anyway?`)) return;
    const bar = $('st-progress');
    bar.hidden = false;
    $('st-bar').style.width = '0';
    this.message(`opening ${name}…`);
    const t0 = performance.now();
    try {
      const doc = await Doc.load(blob, name, (done, total) => {
        $('st-bar').style.width = `${(100 * done / total).toFixed(1)}%`;
        this.message(`opening ${name}: ${formatSize(done)} of ${formatSize(total)}`);
      });
      this.attach(doc);
      const ms = (performance.now() - t0).toFixed(0);
      this.message(doc.size === 0
        ? `${name} is empty (0 bytes): type in the hex or text column to add bytes`
        : `opened ${name}, ${formatSize(doc.size)} in ${ms} ms`, doc.size === 0);
      this.lastOpenMs = Number(ms);
    } catch (e) {
      // The current document is untouched: no edits are lost.
      this.message(e.message, true);
    } finally {
      bar.hidden = true;
    }
  }

  save() {
    const doc = this.doc;
    // A zero-copy view of the bytes in wasm memory; the Blob takes its own copy.
    const blob = new Blob([doc.bytesView()], { type: 'application/octet-stream' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = doc.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    doc.markSaved();
    this.message(`saved ${doc.name} (${doc.size} bytes)`);
    this.updatePanels();
  }

  // ---- "view as" -------------------------------------------------------------

  releaseCast() { if (this.castView) { this.castView.release(); this.castView = null; } }

  /** Re-creates the cast after a resize; falls back to bytes if it no longer fits. */
  restoreCast() {
    if (this.viewFormat === 'B') { this.grid.refresh(); return; }
    if (!this.setViewAs(this.viewFormat, true)) this.grid.refresh();
  }

  setViewAs(fmt, quiet = false) {
    this.releaseCast();
    if (fmt === 'B') {
      this.viewFormat = 'B'; this.viewItemsize = 1;
      $('viewinfo').textContent = '';
    } else {
      try {
        this.castView = this.doc.castView(fmt);
        this.viewFormat = fmt; this.viewItemsize = this.castView.itemsize;
        $('viewinfo').textContent = `${this.castView.length} items of '${fmt}' via memoryview.cast`;
        $('viewinfo').classList.remove('bad');
      } catch (e) {
        const size = struct.calcsize(fmt);
        const why = `cannot view as '${fmt}': ${e.name}: ${e.message} ` +
          `(${this.doc.size} bytes = ${Math.floor(this.doc.size / size)} × ${size} + ${this.doc.size % size})`;
        this.viewFormat = 'B'; this.viewItemsize = 1;
        $('viewas').value = 'B';
        $('viewinfo').textContent = why;
        $('viewinfo').classList.add('bad');
        if (!quiet) this.message(why, true);
        this.grid.shape = '';
        this.changed();
        return false;
      }
    }
    $('viewas').value = this.viewFormat;
    this.grid.shape = '';
    this.changed();
    return true;
  }

  // ---- cursor and editing ----------------------------------------------------

  moveTo(offset, extend = false) {
    const size = this.doc.size;
    offset = Math.max(0, Math.min(size, offset));
    if (extend) { if (this.anchor === null) this.anchor = this.cursor; }
    else this.anchor = null;
    this.cursor = offset;
    this.nibble = 0;
    this.grid.ensureVisible(offset);
    this.changed();
  }

  /** Runs an edit; an error becomes a message and the document stays as it was. */
  edit(fn) {
    try { fn(); return true; } catch (e) { this.message(`${e.name}: ${e.message}`, true); return false; }
  }

  typeHex(d) {
    const doc = this.doc, at = this.cursor;
    if (this.selection) this.anchor = null;
    this.edit(() => {
      if (this.nibble === 0) {
        if (this.insertMode || at === doc.size) doc.insert(at, new Uint8Array([d << 4]));
        else doc.replace(at, new Uint8Array([(d << 4) | (doc.byteAt(at) & 0x0f)]));
        this.nibble = 1;
      } else {
        doc.replace(at, new Uint8Array([(doc.byteAt(at) & 0xf0) | d]), { coalesce: true });
        this.nibble = 0;
        this.cursor = at + 1;
        this.grid.ensureVisible(this.cursor);
      }
    });
    this.changed();
  }

  typeText(ch) {
    const code = ch.charCodeAt(0);
    if (ch.length !== 1 || code < 0x20 || code > 0x7e) {
      this.message(`only printable ASCII can be typed in the text column (not '${ch}'); use the hex column`, true);
      return;
    }
    const doc = this.doc, at = this.cursor;
    this.anchor = null;
    this.edit(() => {
      if (this.insertMode || at === doc.size) doc.insert(at, new Uint8Array([code]));
      else doc.replace(at, new Uint8Array([code]));
      this.cursor = at + 1; this.nibble = 0;
      this.grid.ensureVisible(this.cursor);
    });
    this.changed();
  }

  deleteBytes(backward) {
    const doc = this.doc, sel = this.selection;
    let at, n;
    if (sel) { at = sel[0]; n = sel[1] - sel[0]; }
    else if (backward) { if (this.cursor === 0) return; at = this.cursor - 1; n = 1; }
    else { if (this.cursor >= doc.size) return; at = this.cursor; n = 1; }
    if (this.edit(() => doc.delete(at, n))) {
      this.anchor = null; this.cursor = at; this.nibble = 0;
      this.message(`deleted ${n} byte${n === 1 ? '' : 's'} at 0x${at.toString(16)}`);
    }
    this.changed();
  }

  undo() {
    const op = this.doc.undo();
    if (!op) { this.message('nothing to undo'); return; }
    this.anchor = null; this.nibble = 0;
    this.moveTo(op.offset);
    this.message(`undid ${op.kind} at 0x${op.offset.toString(16)}`);
  }

  redo() {
    const op = this.doc.redo();
    if (!op) { this.message('nothing to redo'); return; }
    this.anchor = null; this.nibble = 0;
    this.moveTo(op.offset);
    this.message(`redid ${op.kind} at 0x${op.offset.toString(16)}`);
  }

  copyHex() {
    const sel = this.selection || (this.cursor < this.doc.size ? [this.cursor, this.cursor + 1] : null);
    if (!sel) return '';
    const m = this.doc.view.slice(sel[0], sel[1]);
    try { return m.hex(' '); } finally { m.release(); }
  }

  // ---- search and go to ------------------------------------------------------

  parsePattern() {
    const text = $('find').value;
    if ($('findmode').value === 'text') {
      if (!text) throw new Error('type some text to search for');
      return new TextEncoder().encode(text);
    }
    const hex = text.replace(/0x/gi, '').replace(/[\s,]/g, '');
    if (!hex) throw new Error('type hex bytes to search for, e.g. 42 4d');
    const bad = /[^0-9a-f]/i.exec(hex);
    if (bad) throw new Error(`not a hex digit: '${bad[0]}' (hex search takes pairs like 42 4d; switch to text to search for text)`);
    if (hex.length % 2) throw new Error(`odd number of hex digits (${hex.length}): each byte needs two`);
    return Uint8Array.from(hex.match(/../g), (h) => parseInt(h, 16));
  }

  /** Finds the next (or previous) match, in slices so the page keeps painting. */
  async find(forward) {
    let pattern;
    try { pattern = this.parsePattern(); } catch (e) {
      $('find').classList.add('bad');
      this.setFindInfo(e.message, true);
      this.findPattern = null; this.currentMatch = null; this.grid.refresh();
      return;
    }
    $('find').classList.remove('bad');
    this.findPattern = pattern;
    const token = ++this.searchToken;
    const doc = this.doc, size = doc.size;
    // Continue past the match the cursor sits on; otherwise start at the cursor.
    const onMatch = this.currentMatch && this.currentMatch[0] === this.cursor;
    let from = forward ? this.cursor + (onMatch ? 1 : 0) : this.cursor - 1;
    let wrapped = false;
    const t0 = performance.now();
    for (;;) {
      if (from < 0 || from > size - pattern.length) {
        if (wrapped) break;
        wrapped = true;
        from = forward ? 0 : size - pattern.length;
        if (from < 0) break;
      }
      const { found, next } = doc.findStep(pattern, from, forward, SEARCH_SLICE);
      if (found >= 0) {
        this.currentMatch = [found, found + pattern.length];
        this.moveTo(found);
        this.currentMatch = [found, found + pattern.length];
        this.lastSearchMs = performance.now() - t0;
        this.setFindInfo(`match at 0x${found.toString(16)} (${found})${wrapped ? ', wrapped around' : ''}`);
        this.grid.refresh();
        return found;
      }
      if (next < 0) { from = -1; continue; }
      from = next;
      this.setFindInfo(`searching… ${(100 * (forward ? from : size - from) / size).toFixed(0)}%`);
      await new Promise((r) => setTimeout(r, 0));
      if (token !== this.searchToken || doc !== this.doc) return;
    }
    this.lastSearchMs = performance.now() - t0;
    this.currentMatch = null;
    this.setFindInfo(`not found: ${$('findmode').value === 'hex' ? [...pattern].map((b) => b.toString(16).padStart(2, '0')).join(' ') : JSON.stringify($('find').value)}`, true);
    this.grid.refresh();
    return -1;
  }

  setFindInfo(text, bad = false) {
    $('findinfo').textContent = text;
    $('findinfo').classList.toggle('bad', bad);
  }

  goTo(text) {
    const t = text.trim().toLowerCase().replace(/_/g, '');
    const m = /^([+-]?)\s*(0x[0-9a-f]+|[0-9]+|end)$/.exec(t);
    if (!m) {
      $('goto').classList.add('bad');
      this.message(`go to: '${text}' is not an offset (use 1234, 0x4d2, +16, -0x10 or end)`, true);
      return false;
    }
    let n = m[2] === 'end' ? this.doc.size : Number(m[2]);
    if (m[1] === '+') n = this.cursor + n;
    if (m[1] === '-') n = this.cursor - n;
    if (n < 0 || n > this.doc.size) {
      $('goto').classList.add('bad');
      this.message(`go to: offset ${n} (0x${n.toString(16)}) is outside the file (0..${this.doc.size})`, true);
      return false;
    }
    $('goto').classList.remove('bad');
    this.moveTo(n);
    this.message(`at 0x${n.toString(16)} (${n})`);
    return true;
  }

  // ---- templates -------------------------------------------------------------

  setTemplate(fmt) {
    const info = $('tplinfo');
    if (!fmt.trim()) { this.template = null; info.textContent = 'type a struct format, e.g. <4sIHH'; this.updatePanels(); return; }
    try {
      this.template = compileTemplate(fmt);
      $('tpl').classList.remove('bad');
      info.classList.remove('bad');
    } catch (e) {
      this.template = null;
      $('tpl').classList.add('bad');
      info.classList.add('bad');
      info.textContent = `${e.name}: ${e.message}`;
    }
    this.updatePanels();
    this.grid.refresh();
  }

  // ---- panels and status -----------------------------------------------------

  updatePanels() {
    const doc = this.doc;
    $('filename').textContent = doc.name;
    $('filename').classList.toggle('dirty', doc.dirty);
    $('st-size').textContent = `${doc.size.toLocaleString('en')} bytes (${formatSize(doc.size)})`;
    $('st-cursor').textContent = `@ 0x${this.cursor.toString(16).padStart(8, '0')} (${this.cursor})`;
    const sel = this.selection;
    $('st-sel').textContent = sel ? `sel ${sel[1] - sel[0]} [0x${sel[0].toString(16)}..0x${(sel[1] - 1).toString(16)}]` : 'sel 0';
    $('st-mode').textContent = `${this.insertMode ? 'INS' : 'OVR'} ${this.column.toUpperCase()}`;
    $('st-changes').textContent = `${doc.changeCount} edit${doc.changeCount === 1 ? '' : 's'}${doc.dirty ? ' • unsaved' : ''}`;
    $('mode').textContent = this.insertMode ? 'INS' : 'OVR';
    $('mode').classList.toggle('ins', this.insertMode);
    this.updateInspector();
    this.updateTemplate();
  }

  updateInspector() {
    const table = $('inspector');
    $('inspat').textContent = `@ 0x${this.cursor.toString(16)}`;
    const rows = inspect(this.doc.view, this.cursor, this.littleEndian);
    if (table.rows.length !== rows.length) {
      table.textContent = '';
      for (const r of rows) {
        const tr = table.insertRow();
        tr.insertCell().textContent = r.label;
        const input = document.createElement('input');
        input.dataset.code = r.code;
        input.spellcheck = false;
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') { e.preventDefault(); this.writeInspector(input); }
          if (e.key === 'Escape') { input.blur(); $('grid').focus(); this.updatePanels(); }
        });
        input.addEventListener('change', () => this.writeInspector(input));
        tr.insertCell().appendChild(input);
        tr.dataset.type = r.label;
      }
    }
    rows.forEach((r, k) => {
      const tr = table.rows[k], input = tr.cells[1].firstChild;
      tr.classList.remove('bad');
      if (document.activeElement === input && input.dataset.editing) return;
      input.value = r.value === null ? `needs ${r.size} bytes` : showValue(r.value);
      input.disabled = r.value === null;
      input.dataset.fmt = r.fmt;
    });
    $('insperr').textContent = '';
  }

  writeInspector(input) {
    const fmt = input.dataset.fmt, tr = input.closest('tr');
    if (!fmt || input.disabled) return;
    try {
      const bytes = struct.pack(fmt, parseValue(fmt[1], input.value));
      this.doc.replace(this.cursor, bytes);
      delete input.dataset.editing;
      this.message(`wrote ${tr.dataset.type} ${fmt} at 0x${this.cursor.toString(16)}`);
      this.changed();
    } catch (e) {
      tr.classList.add('bad');
      $('insperr').textContent = `${tr.dataset.type}: ${e.name}: ${e.message}`;
    }
  }

  updateTemplate() {
    const table = $('tplfields');
    const tpl = this.template;
    this.templateFits = false;
    if (!tpl) { table.textContent = ''; return; }
    const at = this.templateOffset;
    const { values, reason } = applyTemplate(tpl, this.doc.view, at);
    const info = $('tplinfo');
    if (!values) {
      table.textContent = '';
      info.textContent = `'${tpl.format}': ${reason}`;
      info.classList.add('bad');
      return;
    }
    this.templateFits = true;
    info.classList.remove('bad');
    info.textContent = `'${tpl.format}' is ${tpl.size} bytes, ${tpl.fields.length} fields, at 0x${at.toString(16)}` +
      (this.pinned !== null ? ' (pinned)' : '');
    if (table.rows.length !== tpl.fields.length || table.dataset.format !== tpl.format) {
      table.textContent = '';
      table.dataset.format = tpl.format;
      for (const f of tpl.fields) {
        const tr = table.insertRow();
        tr.className = 't' + (f.index % 4);
        tr.insertCell().textContent = `+${f.offset}`;
        const code = tr.insertCell(); code.className = 'code';
        code.textContent = (f.code === 's' || f.code === 'p' ? f.count : '') + f.code;
        const input = document.createElement('input');
        input.spellcheck = false;
        input.dataset.index = String(f.index);
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') { e.preventDefault(); this.writeField(input); }
          if (e.key === 'Escape') { input.blur(); $('grid').focus(); this.updatePanels(); }
        });
        input.addEventListener('input', () => { input.dataset.editing = '1'; });
        input.addEventListener('change', () => this.writeField(input));
        tr.insertCell().appendChild(input);
        const note = tr.insertCell(); note.className = 'note';
      }
    }
    tpl.fields.forEach((f, k) => {
      const tr = table.rows[k], input = tr.cells[2].firstChild;
      if (document.activeElement === input && input.dataset.editing) return;
      input.value = showValue(values[k]);
      tr.classList.remove('bad');
      tr.cells[3].textContent = '';
    });
  }

  writeField(input) {
    const tpl = this.template, k = Number(input.dataset.index), tr = input.closest('tr');
    const at = this.templateOffset;
    const { values } = applyTemplate(tpl, this.doc.view, at);
    if (!values) return;
    try {
      values[k] = parseValue(tpl.fields[k].code, input.value);
      const bytes = tpl.st.pack(...values);
      this.doc.replace(at, bytes);
      delete input.dataset.editing;
      this.message(`wrote field ${k} (${tpl.fields[k].code}) of '${tpl.format}' at 0x${(at + tpl.fields[k].offset).toString(16)}`);
      this.changed();
    } catch (e) {
      tr.classList.add('bad');
      tr.cells[3].textContent = '';
      $('tplinfo').textContent = `field ${k}: ${e.name}: ${e.message}`;
      $('tplinfo').classList.add('bad');
    }
  }

  // ---- events ----------------------------------------------------------------

  bindUI() {
    const grid = $('grid');
    $('open').onclick = () => $('file').click();
    $('file').onchange = () => { const f = $('file').files[0]; if (f) this.open(f, f.name); $('file').value = ''; };
    $('save').onclick = () => this.save();
    $('undo').onclick = () => { this.undo(); grid.focus(); };
    $('redo').onclick = () => { this.redo(); grid.focus(); };
    $('mode').onclick = () => { this.insertMode = !this.insertMode; this.updatePanels(); grid.focus(); };
    $('bpr').onchange = () => {
      this.bpr = Number($('bpr').value); this.grid.shape = '';
      this.grid.ensureVisible(this.cursor); this.changed(); grid.focus();
    };
    $('viewas').onchange = () => { this.setViewAs($('viewas').value); grid.focus(); };
    $('le').onclick = () => this.setEndian(true);
    $('be').onclick = () => this.setEndian(false);
    for (const [label, fmt] of TEMPLATE_PRESETS) {
      const o = document.createElement('option'); o.value = fmt; o.textContent = `${label}  ${fmt}`;
      $('tplpreset').appendChild(o);
    }
    $('tplpreset').onchange = () => {
      if (!$('tplpreset').value) return;
      $('tpl').value = $('tplpreset').value; $('tplpreset').value = '';
      this.setTemplate($('tpl').value);
    };
    $('tpl').addEventListener('input', () => this.setTemplate($('tpl').value));
    $('tplpin').onchange = () => { this.pinned = $('tplpin').checked ? this.cursor : null; this.changed(); };
    for (const id of ['inspector', 'tplfields'])
      $(id).addEventListener('input', (e) => { e.target.dataset.editing = '1'; });

    $('find').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); this.find(!e.shiftKey); }
      if (e.key === 'Escape') { grid.focus(); }
    });
    $('find').addEventListener('input', () => { this.currentMatch = null; $('find').classList.remove('bad'); this.setFindInfo(''); });
    $('findmode').onchange = () => { this.currentMatch = null; this.findPattern = null; this.grid.refresh(); };
    $('findnext').onclick = () => this.find(true);
    $('findprev').onclick = () => this.find(false);
    $('goto').addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); if (this.goTo($('goto').value)) grid.focus(); }
      if (e.key === 'Escape') grid.focus();
    });

    // Mouse: click places the cursor, shift-click or drag selects.
    let dragging = false;
    grid.addEventListener('mousedown', (e) => {
      const h = this.grid.hit(e);
      grid.focus();
      if (!h) return;
      e.preventDefault();
      this.column = h.col;
      this.moveTo(h.offset, e.shiftKey);
      if (!e.shiftKey) this.anchor = h.offset;
      dragging = true;
    });
    grid.addEventListener('mousemove', (e) => {
      if (!dragging || !(e.buttons & 1)) { dragging = false; return; }
      const h = this.grid.hit(e);
      if (h && h.offset !== this.cursor) { this.cursor = h.offset; this.nibble = 0; this.changed(); }
    });
    window.addEventListener('mouseup', () => { dragging = false; });

    grid.addEventListener('keydown', (e) => this.gridKey(e));
    document.addEventListener('keydown', (e) => this.globalKey(e));
    document.addEventListener('copy', (e) => {
      if (document.activeElement !== grid) return;
      e.preventDefault();
      const hex = this.copyHex();
      e.clipboardData.setData('text/plain', hex);
      this.lastCopy = hex;
      this.message(`copied ${hex.length ? (hex.length + 1) / 3 : 0} bytes as hex`);
    });

    // Drop a file anywhere on the page.
    const zone = $('dropzone');
    window.addEventListener('dragover', (e) => { e.preventDefault(); zone.hidden = false; });
    window.addEventListener('dragleave', (e) => { if (!e.relatedTarget) zone.hidden = true; });
    window.addEventListener('drop', (e) => {
      e.preventDefault(); zone.hidden = true;
      const f = e.dataTransfer?.files?.[0];
      if (f) this.open(f, f.name);
    });
    window.addEventListener('beforeunload', (e) => {
      if (this.doc.dirty) { e.preventDefault(); e.returnValue = ''; }
    });
  }

  setEndian(le) {
    this.littleEndian = le;
    $('le').classList.toggle('on', le);
    $('be').classList.toggle('on', !le);
    this.updatePanels();
  }

  globalKey(e) {
    const ctrl = e.ctrlKey || e.metaKey;
    if (!ctrl) return;
    const k = e.key.toLowerCase();
    const inInput = e.target instanceof HTMLInputElement;
    if (k === 'f') { e.preventDefault(); $('find').focus(); $('find').select(); }
    else if (k === 'g') { e.preventDefault(); $('goto').focus(); $('goto').select(); }
    else if (k === 's') { e.preventDefault(); this.save(); }
    else if (!inInput && (k === 'z' && !e.shiftKey)) { e.preventDefault(); this.undo(); }
    else if (!inInput && (k === 'y' || (k === 'z' && e.shiftKey))) { e.preventDefault(); this.redo(); }
  }

  gridKey(e) {
    const ctrl = e.ctrlKey || e.metaKey, bpr = this.bpr, c = this.cursor, ext = e.shiftKey;
    const page = this.grid.visibleRows * bpr;
    const nav = {
      ArrowLeft: () => c - 1, ArrowRight: () => c + 1, ArrowUp: () => c - bpr, ArrowDown: () => c + bpr,
      PageUp: () => c - page, PageDown: () => c + page,
      Home: () => (ctrl ? 0 : c - (c % bpr)), End: () => (ctrl ? this.doc.size : Math.min(this.doc.size, c - (c % bpr) + bpr - 1)),
    };
    if (nav[e.key]) {
      e.preventDefault();
      const to = nav[e.key]();
      if (e.key === 'PageUp' || e.key === 'PageDown') this.grid.scrollTo(this.grid.top + (e.key === 'PageUp' ? -1 : 1) * this.grid.visibleRows);
      this.moveTo(to, ext);
      return;
    }
    if (ctrl) {
      if (e.key === 'a') { e.preventDefault(); this.anchor = 0; this.cursor = Math.max(0, this.doc.size - 1); this.changed(); }
      return;                       // other Ctrl keys: globalKey
    }
    if (e.key === 'Tab') { e.preventDefault(); this.column = this.column === 'hex' ? 'text' : 'hex'; this.nibble = 0; this.changed(); return; }
    if (e.key === 'Insert') { e.preventDefault(); this.insertMode = !this.insertMode; this.nibble = 0; this.changed(); return; }
    if (e.key === 'Delete') { e.preventDefault(); this.deleteBytes(false); return; }
    if (e.key === 'Backspace') { e.preventDefault(); this.deleteBytes(true); return; }
    if (e.key === 'Escape') { this.anchor = null; this.changed(); return; }
    if (e.key.length !== 1 || e.altKey) return;
    e.preventDefault();
    if (this.viewFormat !== 'B') { this.message(`editing works in the bytes view; switch "View as" back to bytes`, true); return; }
    if (this.column === 'hex') {
      const d = parseInt(e.key, 16);
      if (Number.isNaN(d)) { this.message(`'${e.key}' is not a hex digit (Tab switches to the text column)`, true); return; }
      this.typeHex(d);
    } else this.typeText(e.key);
  }

  afterDraw() { this.drawn = (this.drawn || 0) + 1; }
}

const app = new App();
window.hexEditor = app;             // for the browser tests and the console

// Open the file named by ?file=, else the sample the build makes.
const wanted = new URLSearchParams(location.search).get('file') ?? '../build/sample.bmp';
if (wanted) {
  fetch(wanted).then(async (r) => {
    if (!r.ok) throw new Error(`${wanted}: HTTP ${r.status}`);
    await app.open(await r.blob(), wanted.split('/').pop());
  }).catch((e) => app.message(`no sample loaded (${e.message}): open or drop a file`, true))
    .finally(() => { app.ready = true; $('grid').focus(); });
} else { app.ready = true; }
