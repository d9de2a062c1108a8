// The toolbar: file commands (Open, Save, Save as, Close, Read-only), the row
// width, "view as", insert/overwrite, undo/redo; and opening by dropping a
// file on the page. Buttons run commands (commands.js); this panel only shows
// their state.

import { bytes, memoryview, struct } from '../../js/memview.js';
import { setText, setTitle } from './dom.js';

export class Toolbar {
  constructor(app, root) {
    this.app = app;
    const q = (id) => root.querySelector(`#${id}`);
    Object.assign(this, { file: q('file'), filename: q('filename'), mode: q('mode'), readOnly: q('readonly'),
      save: q('save'), bpr: q('bpr'), viewas: q('viewas'), viewinfo: q('viewinfo'), zone: q('dropzone') });
    const run = (id) => () => { app.commands.run(id); app.focusGrid(); };
    q('open').onclick = () => app.commands.run('file.open');
    this.save.onclick = () => app.commands.run('file.save');
    q('saveas').onclick = () => app.commands.run('file.saveAs');
    q('close').onclick = () => app.commands.run('file.close');
    q('undo').onclick = run('edit.undo');
    q('redo').onclick = run('edit.redo');
    this.mode.onclick = run('edit.insertMode');
    this.readOnly.onchange = () => { app.setReadOnly(this.readOnly.checked); app.focusGrid(); };
    this.file.onchange = () => { const f = this.file.files[0]; if (f) app.open(f); this.file.value = ''; };
    this.bpr.onchange = () => app.commands.run('view.rowWidth', this.bpr.value);
    this.vorder = q('vorder'); this.offbase = q('offbase'); this.textcol = q('textcol');
    this.vorder.onclick = run('view.byteOrder');
    this.offbase.onclick = run('view.decimal');
    this.textcol.onclick = run('view.textColumn');
    q('theme').onclick = () => app.commands.run('view.theme');
    q('compare').onclick = () => app.commands.run('compare.open');
    this.viewas.onchange = () => { app.setViewAs(this.viewas.value); app.focusGrid(); };
    // Drop a file anywhere on the page.
    window.addEventListener('dragover', (e) => { e.preventDefault(); this.zone.hidden = false; });
    window.addEventListener('dragleave', (e) => { if (!e.relatedTarget) this.zone.hidden = true; });
    window.addEventListener('drop', (e) => {
      e.preventDefault(); this.zone.hidden = true;
      const f = e.dataTransfer?.files?.[0];
      if (f) app.open(f);
    });
  }

  /** The <input type=file> fallback of Open. */
  pickWithInput() { this.file.click(); }

  /**
   * Can the document be shown as items of `fmt`? The grid casts each screen's
   * memoryview; the bytes past the last whole item are what a cast of the end
   * would refuse, so that cast gives the reason (CPython's message).
   */
  castCheck(fmt, size) {
    const itemsize = struct.calcsize(fmt);
    const tail = size % itemsize;
    if (tail === 0) return { itemsize, why: null };
    const m = memoryview(bytes(tail));
    try { m.cast(fmt).release(); return { itemsize, why: null }; } catch (e) {
      return { itemsize, why: `cannot view as '${fmt}': ${e.name}: ${e.message} (${size} bytes = ${Math.floor(size / itemsize)} × ${itemsize} + ${tail})` };
    } finally { m.release(); }
  }

  showViewAs(fmt, text, bad) {
    this.viewas.value = fmt;
    this.viewinfo.textContent = this.viewinfo.title = text;
    this.viewinfo.classList.toggle('bad', bad);
  }

  render() {
    const { doc } = this.app;
    setText(this.filename, doc.name); setTitle(this.filename, doc.name);   // cut to the bar's free space: the whole in the tooltip
    this.filename.classList.toggle('dirty', doc.dirty);
    setText(this.mode, this.app.insertMode ? 'INS' : 'OVR');
    this.mode.classList.toggle('ins', this.app.insertMode);
    if (this.readOnly.checked !== doc.readOnly) this.readOnly.checked = doc.readOnly;
    if (document.activeElement !== this.bpr && this.bpr.value !== String(this.app.bpr)) this.bpr.value = String(this.app.bpr);
    setText(this.vorder, this.app.viewOrder === '<' ? 'LE' : 'BE');
    setText(this.offbase, this.app.decimalOffsets ? 'dec' : '0x');
    this.textcol.classList.toggle('on', this.app.showText);
    setTitle(this.save, doc.handle ? `Save ${doc.name} in place (Ctrl+S)` : 'Save as a download (Ctrl+S): this file came without a handle to write to');
  }
}
