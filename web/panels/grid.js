// The grid panel: a fixed pool of row elements, as many as fit on screen,
// refilled from the document on every frame that needs it. The DOM never holds
// more than one screen of rows, whatever the file size, and the scroll position
// is a row number kept here (a native scrollbar cannot span 16 GiB / 16 rows).
// The bytes of a frame are one memoryview (Document.withBytes); rows whose
// pages are still being read show '··' until the document says 'loaded'.

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const CHAR = Array.from({ length: 256 }, (_, b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'));
// Byte classes, as hexyl colours them: NUL, printable, whitespace, other ASCII, non-ASCII.
const CLASS = Array.from({ length: 256 }, (_, b) =>
  b === 0 ? 'c0' : b === 0x20 || (b >= 0x09 && b <= 0x0d) ? 'cs' : b > 0x20 && b < 0x7f ? 'cp' : b < 0x80 ? 'cc' : 'ch');
const ITEM_WIDTH = { b: 5, B: 4, h: 7, H: 6, i: 12, I: 11, q: 21, Q: 21, f: 14, d: 24, e: 10 };

import { struct } from '../../js/memview.js';
import { Matcher } from '../model/match.js';

// Flags per visible byte, built once per frame.
const MOD = 1, SEL = 2, MATCH = 4, CURMATCH = 8, TPL = 16, DIFF = 32, MARK = 64;
let cellIds = 0;

export class Grid {
  static LOADING_GRACE = 120;     // ms a frame waits for its pages before showing '··'

  /**
   * view: what the grid shows (the app itself, or the compare panel's view of
   * the other file): doc, bpr, cursor, column, state, find, viewFormat,
   * viewItemsize, viewOrder, decimalOffsets, showText, other (a document to
   * tint differences against), bookmarks. ids: the elements' ids.
   */
  constructor(app, root, { view = app, ids = {} } = {}) {
    const id = { grid: 'grid', scrollbar: 'scrollbar', thumb: 'thumb', colhead: 'colhead', ...ids };
    const el = root.querySelector(`#${id.grid}`), scrollbar = root.querySelector(`#${id.scrollbar}`);
    const thumb = root.querySelector(`#${id.thumb}`), colhead = root.querySelector(`#${id.colhead}`);
    Object.assign(this, { app: view, el, scrollbar, thumb, colhead });
    this.onScroll = null;       // (top) => void: the compare panel follows
    el.setAttribute('role', 'grid');
    el.setAttribute('aria-roledescription', 'hex grid');
    this.top = 0;               // first visible row
    this.rows = [];             // the pool
    this.visibleRows = 0;
    this.shape = '';            // what the pool was built for
    this.pending = false;
    this.rowHeight = 20;
    this.bindScrolling();
    // Wide rows (32 bytes, or "view as" items) scroll sideways; the heading follows.
    el.addEventListener('scroll', () => { colhead.scrollLeft = el.scrollLeft; });
    this.height = 0;            // the grid's inner height, measured on resize only:
    new ResizeObserver(() => { this.height = 0; this.refresh(); }).observe(el);   // reading it per frame forces a reflow
  }

  get bpr() { return this.app.bpr; }
  get totalRows() { return Math.floor(this.app.doc.size / this.bpr) + 1; }   // +1: the append slot
  get maxTop() { return Math.max(0, this.totalRows - this.visibleRows); }

  /** Schedules one draw for the next frame, however often it is asked. */
  refresh() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  scrollTo(row) {
    if (!this.visibleRows) this.layout();
    const t = Math.max(0, Math.min(this.maxTop, Math.round(row)));
    if (t !== this.top) { this.top = t; this.prefetch(); this.refresh(); this.onScroll?.(t); }
  }

  /** Starts reading the pages of the screen now, not at the next frame's draw. */
  prefetch() {
    const doc = this.app.doc;
    if (!doc?.prefetch) return;
    const start = this.top * this.bpr;
    doc.prefetch(start, Math.min(doc.size, start + this.visibleRows * this.bpr));
  }

  /** Scrolls the least needed to show `offset`. */
  ensureVisible(offset) {
    if (!this.visibleRows) this.layout();
    const row = Math.floor(offset / this.bpr);
    if (row < this.top) this.scrollTo(row);
    else if (row >= this.top + this.visibleRows) this.scrollTo(row - this.visibleRows + 1);
  }

  bindScrolling() {
    this.el.addEventListener('wheel', (e) => {
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) return;   // sideways: the native scrollbar
      e.preventDefault();
      const rows = e.deltaMode === 1 ? e.deltaY : e.deltaMode === 2 ? e.deltaY * this.visibleRows : e.deltaY / this.rowHeight;
      this.wheelRest = (this.wheelRest || 0) + rows;
      const whole = Math.trunc(this.wheelRest);
      this.wheelRest -= whole;
      if (whole) this.scrollTo(this.top + whole);
    }, { passive: false });
    let drag = null;
    this.thumb.addEventListener('pointerdown', (e) => {
      e.preventDefault(); e.stopPropagation();
      drag = { y: e.clientY, top: this.top };
      this.thumb.setPointerCapture(e.pointerId);
      this.thumb.classList.add('drag');
    });
    this.thumb.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const track = this.trackHeight - parseFloat(this.thumb.style.height);
      if (track > 0) this.scrollTo(drag.top + (e.clientY - drag.y) / track * this.maxTop);
    });
    this.thumb.addEventListener('pointerup', () => { drag = null; this.thumb.classList.remove('drag'); });
    this.scrollbar.addEventListener('pointerdown', (e) => {
      if (e.target !== this.scrollbar) return;
      const r = this.thumb.getBoundingClientRect();
      this.scrollTo(this.top + (e.clientY < r.top ? -1 : 1) * this.visibleRows);
    });
  }

  /** (Re)builds the row pool when the row width or "view as" changed; grows or shrinks it when the height did. */
  layout() {
    if (!this.height) {
      const probe = this.rows[0]?.el || null;
      if (probe) this.rowHeight = probe.offsetHeight || this.rowHeight;
      this.height = this.el.clientHeight - 4;
      this.trackHeight = this.scrollbar.clientHeight;
      this.measureCell();
    }
    const visible = Math.max(1, Math.floor(this.height / this.rowHeight));
    const fmt = this.app.viewFormat;
    const itemsize = this.app.viewItemsize;
    const dec = this.app.decimalOffsets, text = this.app.showText;
    const kind = `${this.bpr}/${fmt}/${this.app.viewOrder}/${dec}/${text}`;
    const shape = `${visible}/${kind}`;
    if (shape === this.shape) return;
    const perRow = this.bpr / itemsize;
    const itemW = ITEM_WIDTH[fmt] || 3;
    const makeRow = (r) => {
      const el = document.createElement('div');
      el.className = 'row';
      el.setAttribute('role', 'row');
      const off = document.createElement('span'); off.className = 'off';
      off.setAttribute('role', 'rowheader');
      const hex = document.createElement('span'); hex.className = 'hex';
      const txt = document.createElement('span'); txt.className = 'txt';
      const hx = [], tx = [];
      for (let j = 0; j < perRow; j++) {
        const c = document.createElement('span');
        if (fmt === 'B') { c.className = j % 8 === 7 && j !== perRow - 1 ? 'hx g' : 'hx'; }
        else { c.className = 'it'; c.style.width = `${itemW + 1}ch`; }
        c.dataset.col = 'hex'; c.dataset.j = String(j * itemsize);
        c.setAttribute('role', 'gridcell'); c.id = `c${++cellIds}`;
        hex.appendChild(c); hx.push(c);
      }
      for (let j = 0; j < this.bpr; j++) {
        const c = document.createElement('span');
        c.className = 'tx'; c.dataset.col = 'text'; c.dataset.j = String(j);
        c.setAttribute('role', 'gridcell'); c.id = `c${++cellIds}`;
        txt.appendChild(c); tx.push(c);
      }
      el.dataset.r = String(r);
      if (!text) txt.hidden = true;
      el.append(off, hex, txt);
      return { el, off, hex, hx, tx, group: fmt === 'B' };
    };
    // shape '' (set by the app): rebuild whatever changed.
    const resize = this.shape !== '' && kind === this.kind && this.rows.length > 0;
    this.shape = shape;
    this.visibleRows = visible;
    if (resize) {
      // Only the height changed (a bar above or below the grid, the window):
      // the rows on screen stay, the pool grows or shrinks at its end. A
      // rebuild would restyle and lay out every cell of the screen.
      while (this.rows.length > visible) this.rows.pop().el.remove();
      while (this.rows.length < visible) { const row = makeRow(this.rows.length); this.el.appendChild(row.el); this.rows.push(row); }
      this.app.emitLayout?.();
      return;
    }
    this.kind = kind;
    this.el.textContent = '';
    this.rows = [];
    for (let r = 0; r < visible; r++) { const row = makeRow(r); this.el.appendChild(row.el); this.rows.push(row); }
    // Column heading: the low offset digits over each column.
    const offW = dec ? 13 : 11;
    this.el.style.setProperty('--off-w', `${offW}ch`);
    // The hex column's width, whatever the cells of a short last row hold
    // (they are inline boxes: style.css).
    this.el.style.setProperty('--hex-w', `${fmt === 'B' ? perRow * 3 + Math.floor((perRow - 1) / 8) : perRow * (itemW + 1)}ch`);
    this.colhead.style.setProperty('--off-w', `${offW}ch`);
    let head = ' '.repeat(offW);
    for (let j = 0; j < perRow; j++) {
      const lab = dec ? String(j * itemsize).padStart(2, ' ') : (j * itemsize).toString(16).padStart(2, '0');
      head += fmt === 'B' ? lab.slice(-2) + ' ' + (j % 8 === 7 && j !== perRow - 1 ? ' ' : '') : lab.padStart(itemW) + ' ';
    }
    this.colhead.textContent = head + '   ' + (fmt === 'B' ? (text ? 'text' : '') : `as '${fmt}' (${this.app.viewOrder === '>' ? 'big' : 'little'}-endian)`);
    this.app.emitLayout?.();
    if (!text) this.colhead.textContent = this.colhead.textContent.trimEnd();
  }

  /**
   * The cells' vertical padding: an inline box's background covers the font's
   * content area (its ascent + descent, which differ between fonts) and its
   * padding, so the padding that fills the row is measured on an inline probe
   * in the cells' font (on a resize only, with the other measures).
   */
  measureCell() {
    if (!this.cellProbe) {
      this.cellProbe = document.createElement('span');
      this.cellProbe.className = 'hx cellprobe';
      this.cellProbe.setAttribute('aria-hidden', 'true');
      this.cellProbe.textContent = '00';
    }
    const row = this.rows[0];
    if (!row) return;            // the fallback in style.css until the first resize measure
    row.hex.appendChild(this.cellProbe);
    const content = this.cellProbe.getBoundingClientRect().height;
    const rowH = row.el.getBoundingClientRect().height;
    this.cellProbe.remove();
    if (content > 0 && rowH > 0) this.el.style.setProperty('--cell-pad', `${Math.max(0, (rowH - content) / 2)}px`);
  }

  /** The offset and column under a mouse event, or null. */
  hit(e) {
    let cell = e.target.closest?.('[data-col]');
    const row = e.target.closest?.('.row');
    if (!cell || !row) return null;
    // Inline cells sit at fractional x; the browser's hit test can name the
    // next cell for a point in this one's last pixel or two: the cells' own
    // boxes decide (a layout is clean at a click, so reading them is cheap).
    if (typeof e.clientX === 'number') {
      for (let k = 0; k < 2; k++) {
        const r = cell.getBoundingClientRect();
        const to = e.clientX < r.left ? cell.previousElementSibling : e.clientX >= r.right ? cell.nextElementSibling : null;
        if (!to?.dataset.col) break;
        cell = to;
      }
    }
    const offset = (this.top + Number(row.dataset.r)) * this.bpr + Number(cell.dataset.j);
    return { offset: Math.min(offset, this.app.doc.size), col: cell.dataset.col };
  }

  /** The first and last byte offsets on screen. */
  get span() {
    const start = this.top * this.bpr;
    return [start, Math.min(this.app.doc.size, start + this.visibleRows * this.bpr)];
  }

  draw() {
    if (!this.app.doc) return;          // the compare grid with nothing to compare
    this.layout();
    const app = this.app, doc = app.doc, bpr = this.bpr, size = doc.size;
    if (this.top > this.maxTop) this.top = this.maxTop;
    const start = this.top * bpr, end = Math.min(size, start + this.visibleRows * bpr);
    const fmt = app.viewFormat, itemsize = app.viewItemsize;
    // One memoryview of the screen's bytes; a cast of it for "view as".
    // Little-endian items are a cast of the memoryview; big-endian ones come
    // from struct.unpack_from with a count ('>64H').
    const drawn = doc.withBytes(start, end, (view) => {
      const u8 = view.asTypedArray();
      const n = Math.floor(view.nbytes / itemsize);
      let items = null, whole = null, cast = null;
      try {
        if (fmt !== 'B' && app.viewOrder === '>') items = struct.unpack_from(`>${n}${fmt}`, view, 0);
        else if (fmt !== 'B') { whole = view.slice(0, n * itemsize); cast = whole.cast(fmt); items = { get: (k) => cast.get(k) }; }
        this.fill(start, end, u8, items && (Array.isArray(items) ? { get: (k) => items[k] } : items));
      } finally { cast?.release(); whole?.release(); }
      return true;
    });
    this.loading = !drawn;
    if (!drawn) {
      // Pages on their way. They usually arrive within a few ms: keep the
      // last frame for up to LOADING_GRACE ms rather than paint a frame of
      // '··' and then one of the bytes (a frame costs tens of ms of layout
      // and paint on a small machine); after that, '··' until they come.
      const now = performance.now();
      if (this.waitingAt === undefined || this.waitingAt.start !== start) this.waitingAt = { start, t: now };
      if (now - this.waitingAt.t < Grid.LOADING_GRACE && this.rows.length && this.everDrawn) {
        clearTimeout(this.graceTimer);
        this.graceTimer = setTimeout(() => this.refresh(), Grid.LOADING_GRACE - (now - this.waitingAt.t) + 1);
        return;
      }
      this.fill(start, end, null, null);     // '··'
    } else { this.waitingAt = undefined; this.everDrawn = true; }
    if (this.active) this.el.setAttribute('aria-activedescendant', this.active.id);
    else this.el.removeAttribute('aria-activedescendant');
    this.el.setAttribute('aria-rowcount', String(this.totalRows));
    this.drawScrollbar();
    app.afterDraw?.(!drawn);
  }

  fill(start, end, u8, cast) {
    const app = this.app, size = app.doc.size, bpr = this.bpr;
    const flags = u8 ? this.flagsFor(start, start + this.visibleRows * bpr) : new Uint8Array(this.visibleRows * bpr);
    const fmt = app.viewFormat, itemsize = app.viewItemsize;
    const cur = app.cursor, hexActive = app.column === 'hex', nib = app.state.nibble;
    this.active = null;
    for (let r = 0; r < this.rows.length; r++) {
      const row = this.rows[r];
      const rowOff = start + r * bpr;
      if (rowOff > size) {
        row.el.style.visibility = 'hidden';
        continue;
      }
      row.el.style.visibility = '';
      setText(row.off, (app.decimalOffsets ? String(rowOff).padStart(10, '0') : rowOff.toString(16).padStart(8, '0')) + '  ');
      for (let j = 0; j < row.hx.length; j++) {
        const i = rowOff + j * itemsize, c = row.hx[j];
        let cls = fmt === 'B' ? 'hx' : 'it';
        if (row.group && j % 8 === 7 && j !== row.hx.length - 1) cls += ' g';
        if (i + itemsize > size) {
          if (i < size && u8 && fmt !== 'B') {
            // The bytes after the last whole item, as hex.
            setText(c, [...u8.subarray(i - start, size - start)].map((b) => HEX[b]).join(' '));
            setClass(c, cls + ' ce' + (cur >= i && cur < size ? ' cur' : ''));
            continue;
          }
          setText(c, i === size && fmt === 'B' ? '__' : '');
          if (i === size && fmt === 'B') cls += ' ce' + (cur === size ? (hexActive ? ' cur' : ' cur other') : '');
          setClass(c, cls);
          continue;
        }
        if (!u8) { setText(c, fmt === 'B' ? '··' : '·'); setClass(c, cls + ' ce'); continue; }
        let f = 0;
        for (let k = 0; k < itemsize; k++) f |= flags[i - start + k];
        if (fmt === 'B') {
          const b = u8[i - start];
          setText(c, HEX[b]);
          cls += ' ' + CLASS[b];
        } else {
          setText(c, formatItem(cast.get((i - start) / itemsize)));
          cls += ' cp';
        }
        cls += flagClasses(f, this.tplClass(flags, i - start));
        if (cur >= i && cur < i + itemsize) { cls += hexActive ? ' cur' : ' cur other'; if (hexActive) this.active = c; }
        if (cur === i && nib && hexActive) cls += ' nib';
        setClass(c, cls);
      }
      for (let j = 0; j < bpr; j++) {
        const i = rowOff + j, c = row.tx[j];
        if (i >= size) {
          setText(c, i === size ? ' ' : '');
          setClass(c, i === size && cur === size ? (hexActive ? 'tx cur other' : 'tx cur') : 'tx');
          continue;
        }
        if (!u8) { setText(c, '·'); setClass(c, 'tx ce'); continue; }
        const b = u8[i - start];
        setText(c, CHAR[b]);
        let cls = 'tx ' + CLASS[b] + flagClasses(flags[i - start], this.tplClass(flags, i - start));
        if (i === cur) { cls += hexActive ? ' cur other' : ' cur'; if (!hexActive) this.active = c; }
        setClass(c, cls);
      }
    }
  }

  tplClass(flags, k) { return flags[k] & TPL ? ' t' + (this.tplIndex[k] % 4) : ''; }

  /** MOD/SEL/MATCH/CURMATCH/TPL for each byte in [start, end). */
  flagsFor(start, end) {
    const n = end - start, flags = new Uint8Array(n);
    this.tplIndex = new Uint16Array(n);
    const mark = (a, b, bit) => {
      a = Math.max(a, start); b = Math.min(b, end);
      for (let i = a; i < b; i++) flags[i - start] |= bit;
    };
    const app = this.app, doc = app.doc;
    for (const [a, b] of doc.modifiedIn(start, end)) mark(a, b, MOD);
    const sel = app.state.selection;
    if (sel) mark(sel[0], sel[1], SEL);
    const pattern = app.finder?.pattern;
    if (pattern) {
      // Matches on screen, with memview's find over the screen's bytes (and
      // the pattern's length less one on either side).
      const len = pattern.length, a = Math.max(0, start - len + 1);
      doc.withBytes(a, end + len - 1, (view, buf) => {
        const n = view.nbytes;
        const m = new Matcher(buf, view.asTypedArray(), n, pattern);
        for (let i = m.next(0); i >= 0; i = m.next(i + 1)) mark(a + i, a + i + len, MATCH);
      });
    }
    const cm = app.finder?.current;
    if (cm) mark(cm[0], cm[1], CURMATCH);
    if (app.other) {
      // Differences from the file compared with: past its end, every byte.
      const other = app.other, common = Math.min(end, other.size);
      const ok = doc.withBytes(start, common, (v) => other.withBytes(start, common, (w) => {
        const x = v.asTypedArray(), y = w.asTypedArray();
        for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) flags[i] |= DIFF;
        return true;
      }));
      if (ok) mark(Math.max(start, other.size), end, DIFF);
    }
    for (const b of app.bookmarks || []) if (b.offset >= start && b.offset < end) flags[b.offset - start] |= MARK;
    const tpl = app.templateSpan;
    if (tpl) {
      for (const f of tpl.fields) {
        const a = Math.max(tpl.offset + f.offset, start), b = Math.min(tpl.offset + f.offset + f.size, end);
        for (let i = a; i < b; i++) { flags[i - start] |= TPL; this.tplIndex[i - start] = f.index; }
      }
    }
    return flags;
  }

  drawScrollbar() {
    const track = this.trackHeight;
    const total = Math.max(1, this.totalRows);
    const h = Math.max(24, Math.min(track, track * this.visibleRows / total));
    const y = this.maxTop ? (track - h) * this.top / this.maxTop : 0;
    this.thumb.style.height = `${h}px`;
    this.thumb.style.top = `${y}px`;
    this.thumb.hidden = this.maxTop === 0;
  }
}

/** Cells keep one text node and are touched only when they change: a frame's
 *  cost is then the cells that differ, not all of them. */
function setText(el, s) {
  const t = el.firstChild;
  if (t) { if (t.nodeValue !== s) t.nodeValue = s; } else el.appendChild(document.createTextNode(s));
}
function setClass(el, cls) { if (el.className !== cls) el.className = cls; }

function flagClasses(f, tpl) {
  let s = '';
  if (f & DIFF) s += ' d';
  if (f & MARK) s += ' bm';
  if (f & MOD) s += ' m';
  if (f & CURMATCH) s += ' F'; else if (f & MATCH) s += ' f';
  if (f & SEL) s += ' s';
  return s + tpl;
}

function formatItem(v) {
  if (typeof v === 'number' && !Number.isInteger(v)) {
    const s = String(Number(v.toPrecision(7)));
    return s.length > 13 ? v.toExponential(5) : s;
  }
  return String(v);
}
