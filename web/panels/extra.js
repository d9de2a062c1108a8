// The power-user panels: selection statistics, bookmarks, fill / insert,
// compare (a second grid that scrolls with the first) and the context menu.
// Each runs commands (commands.js) and shows their outcome.

import { Grid } from './grid.js';
import { COPY_FORMATS } from '../formats.js';

const q = (root, id) => root.querySelector(`#${id}`);

export class StatsPanel {
  constructor(app, root) {
    this.app = app;
    this.el = q(root, 'stats');
    this.canvas = q(root, 'histo');
    this.table = q(root, 'statsvals');
    q(root, 'statsrun').onclick = () => app.commands.run('sel.stats');
    this.last = null;
  }

  show(s) {
    this.last = s;
    this.canvas.hidden = !s;
    if (!s) { this.table.textContent = 'Alt+I: statistics of the selection (or the whole file)'; return; }
    const rows = [['length', `${s.length.toLocaleString('en')} bytes at 0x${s.start.toString(16)}`],
      ['entropy', `${s.entropy.toFixed(4)} bits/byte`], ['CRC32', s.crc32], ['SHA-256', s.sha256 ?? 'selections up to 256 MiB'],
      ['distinct', String(s.hist.filter((c) => c).length)]];
    const top = s.hist.map((c, b) => [c, b]).sort((a, b) => b[0] - a[0]).slice(0, 3).filter(([c]) => c);
    rows.push(['most', top.map(([c, b]) => `${b.toString(16).padStart(2, '0')}×${c}`).join(' ')]);
    this.table.textContent = '';
    for (const [k, v] of rows) {
      const tr = this.table.insertRow();
      tr.dataset.key = k;
      tr.insertCell().textContent = k;
      tr.insertCell().textContent = v;
    }
    const ctx = this.canvas.getContext('2d'), w = this.canvas.width, h = this.canvas.height;
    const max = Math.max(1, ...s.hist);
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--accent') || '#5ab0ff';
    s.hist.forEach((c, b) => { const bh = Math.ceil(h * c / max); ctx.fillRect(b * w / 256, h - bh, Math.max(1, w / 256), bh); });
  }
}

export class BookmarksPanel {
  constructor(app, root) {
    this.app = app;
    this.nameInput = q(root, 'bmname');
    this.list = q(root, 'bmlist');
    q(root, 'bmadd').onclick = () => { app.commands.run('bookmark.add'); app.focusGrid(); };
    this.nameInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); app.commands.run('bookmark.add'); app.focusGrid(); } });
    this.list.addEventListener('click', (e) => {
      const li = e.target.closest('li');
      if (!li) return;
      const off = Number(li.dataset.offset);
      if (e.target.classList.contains('x')) app.removeBookmark(off);
      else { app.moveTo(off); app.focusGrid(); }
    });
    this.shown = '';
  }

  render() {
    const key = JSON.stringify(this.app.bookmarks.list);
    if (key === this.shown) return;
    this.shown = key;
    this.list.textContent = '';
    for (const b of this.app.bookmarks) {
      const li = document.createElement('li');
      li.dataset.offset = String(b.offset);
      const off = document.createElement('code'); off.textContent = `0x${b.offset.toString(16)}`;
      const name = document.createElement('span'); name.textContent = b.name;
      const x = document.createElement('button'); x.className = 'x'; x.textContent = '×'; x.title = 'remove';
      li.append(off, name, x);
      this.list.appendChild(li);
    }
  }
}

export class FillPanel {
  constructor(app, root) {
    this.app = app;
    this.pattern = q(root, 'fillpat');
    this.count = q(root, 'fillcount');
    q(root, 'fillsel').onclick = () => { app.commands.run('edit.fill'); app.focusGrid(); };
    q(root, 'fillins').onclick = () => { app.commands.run('edit.insertBytes'); app.focusGrid(); };
  }
  fill() { return this.app.fill(this.pattern.value, Number(this.count.value)); }
  insert() { return this.app.insertBytes(this.pattern.value, Number(this.count.value)); }
}

/** The compare panel: the other file in a read-only grid beside the first. */
export class ComparePanel {
  constructor(app, root) {
    this.app = app;
    this.el = q(root, 'comparepane');
    this.title = q(root, 'cmpname');
    this.input = q(root, 'cmpfile');
    this.input.onchange = () => { const f = this.input.files[0]; if (f) app.openCompare(f); this.input.value = ''; };
    q(root, 'cmpclose').onclick = () => app.commands.run('compare.close');
    q(root, 'cmpnext').onclick = () => app.commands.run('compare.next');
    q(root, 'cmpprev').onclick = () => app.commands.run('compare.prev');
    q(root, 'cmpcount').onclick = () => app.commands.run('compare.count');
    this.count = q(root, 'cmpdiffs');
    const view = {
      get doc() { return app.other; }, get other() { return app.doc; },
      get bpr() { return app.bpr; }, get cursor() { return app.cursor; }, column: 'other',
      state: { nibble: 0, get selection() { return app.selection; } },
      finder: null, templateSpan: null, bookmarks: [],
      get viewFormat() { return 'B'; }, viewItemsize: 1, get viewOrder() { return app.viewOrder; },
      get decimalOffsets() { return app.decimalOffsets; }, get showText() { return app.showText; },
    };
    this.grid = null;
    this.view = view;
    this.root = root;
  }

  pick() { this.input.click(); }

  /** Shows a diffCount result { differing, sizeA, sizeB }; stale: edited since. */
  setCount(r, stale = false) {
    if (stale) { if (this.count.textContent && !this.count.classList.contains('stale')) { this.count.classList.add('stale'); this.count.textContent += ' (edited since: ↻)'; } return; }
    this.count.classList.remove('stale');
    if (!r) { this.count.textContent = ''; return; }
    const bytes = (n) => `${n.toLocaleString('en-US')} ${n === 1 ? 'byte' : 'bytes'}`;
    let text = r.differing ? `${bytes(r.differing)} ${r.differing === 1 ? 'differs' : 'differ'}` : 'identical';
    if (r.sizeA !== r.sizeB) text += `; sizes differ: ${bytes(r.sizeA)} vs ${bytes(r.sizeB)}`;
    this.count.textContent = text;
  }

  show(doc) {
    this.el.hidden = !doc;
    document.body.classList.toggle('comparing', !!doc);
    this.setCount(null);
    if (!doc) return;
    this.title.textContent = doc.name;
    if (!this.grid) {
      this.grid = new Grid(this.view, this.root, { ids: { grid: 'grid2', scrollbar: 'scrollbar2', thumb: 'thumb2', colhead: 'colhead2' } });
      // Synchronised scrolling, both ways.
      this.grid.onScroll = (top) => this.app.grid.scrollTo(top);
      // Only while comparing: once closed, the second grid has no document to scroll.
      this.app.grid.onScroll = (top) => { if (this.app.other) this.grid?.scrollTo(top); };
      this.grid.el.addEventListener('mousedown', (e) => {
        const h = this.grid.hit(e);
        if (h) { e.preventDefault(); this.app.moveTo(h.offset); this.app.focusGrid(); }
      });
    }
    this.grid.shape = '';
    this.grid.scrollTo(this.app.grid.top);
  }

  render() { if (this.app.other && this.grid) { this.grid.top = this.app.grid.top; this.grid.refresh(); } }
}

/** The right-click menu: the common commands, each a button that runs one. */
export class ContextMenu {
  constructor(app, root) {
    this.app = app;
    this.el = q(root, 'ctxmenu');
    const items = [['edit.copy.menu', 'Copy (hex)'], ...Object.entries(COPY_FORMATS).filter(([k]) => k !== 'hex').map(([k, l]) => [`copy.${k}`, `Copy as ${l}`]),
      ['edit.pasteAsync', 'Paste'], ['file.saveSelection', 'Selection to file…'], ['-'],
      ['edit.selectAll', 'Select all'], ['sel.stats', 'Statistics'], ['edit.fill', 'Fill selection'], ['edit.insertBytes', 'Insert N bytes'],
      ['bookmark.add', 'Bookmark here'], ['template.here', 'Template here'], ['-'], ['find.selection', 'Find the selection']];
    for (const [id, label] of items) {
      if (id === '-') { this.el.appendChild(document.createElement('hr')); continue; }
      const b = document.createElement('button');
      b.dataset.cmd = id; b.textContent = label;
      b.setAttribute('role', 'menuitem');
      const keys = app.commands.byId.get(id === 'edit.copy.menu' ? 'edit.copy' : id)?.keys;
      if (keys?.length) { const k = document.createElement('kbd'); k.textContent = keys[0]; b.appendChild(k); }
      this.el.appendChild(b);
    }
    this.el.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-cmd]');
      if (!b) return;
      this.close();
      app.focusGrid();
      app.commands.run(b.dataset.cmd === 'edit.copy.menu' ? 'copy.hex' : b.dataset.cmd);
    });
    this.el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.stopPropagation(); this.close(); app.focusGrid(); }
      const bs = [...this.el.querySelectorAll('button')], k = bs.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); bs[(k + 1) % bs.length].focus(); }
      if (e.key === 'ArrowUp') { e.preventDefault(); bs[(k - 1 + bs.length) % bs.length].focus(); }
    });
    window.addEventListener('mousedown', (e) => { if (!this.el.hidden && !this.el.contains(e.target)) this.close(); });
  }

  open(x, y) {
    this.el.hidden = false;
    const r = this.el.getBoundingClientRect();
    this.el.style.left = `${Math.min(x, innerWidth - r.width - 4)}px`;
    this.el.style.top = `${Math.min(y, innerHeight - r.height - 4)}px`;
    this.el.querySelector('button').focus();
  }

  openAtCursor() {
    const c = this.app.grid.active?.getBoundingClientRect() || this.app.gridEl.getBoundingClientRect();
    this.open(c.left, c.bottom);
  }

  close() { this.el.hidden = true; }
}
