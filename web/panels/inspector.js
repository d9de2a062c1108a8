// The inspector panel: the bytes at the cursor decoded as every struct type
// and as bits, octal, a character, LEB128, times and a GUID (decode.js), in
// either byte order; typing a value and Enter writes it back (one undo
// step), Escape cancels, a bad value shows the red hint and writes nothing.

import { struct } from '../../js/memview.js';
import { inspect, inspectMore, encodeMore, showValue, parseValue } from '../decode.js';
import { setText } from './dom.js';

export class Inspector {
  constructor(app, root) {
    this.app = app;
    this.table = root.querySelector('#inspector');
    this.at = root.querySelector('#inspat');
    this.err = root.querySelector('#insperr');
    this.le = root.querySelector('#le');
    this.be = root.querySelector('#be');
    this.littleEndian = true;
    this.le.onclick = () => this.setEndian(true);
    this.be.onclick = () => this.setEndian(false);
    this.table.addEventListener('input', (e) => { e.target.dataset.editing = '1'; });
  }

  setEndian(le) {
    this.littleEndian = le;
    this.le.classList.toggle('on', le);
    this.be.classList.toggle('on', !le);
    this.render();
  }

  render() {
    const { doc, cursor } = this.app;
    setText(this.at, `@ 0x${cursor.toString(16)}`);
    // A memoryview of the 8 bytes at the cursor; struct.unpack_from on it.
    const got = doc.withBytes(cursor, cursor + 16, (view) => [inspect(view, 0, this.littleEndian), inspectMore(view, 0, this.littleEndian)]);
    this.waiting = !got;                // the app renders again when pages arrive
    if (!got) { setText(this.err, 'reading…'); return; }
    const [rows, more] = got;
    if (this.table.rows.length !== rows.length + more.length) this.build(rows, more);
    const show = (k, text, disabled) => {
      const tr = this.table.rows[k], input = tr.cells[1].firstChild;
      if (tr.classList.contains('bad')) tr.classList.remove('bad');
      if (document.activeElement === input && input.dataset.editing) return input;
      // Only what differs: a render where nothing did touches nothing (no style or layout to redo).
      if (input.value !== text) input.value = text;
      if (input.disabled !== disabled) input.disabled = disabled;
      return input;
    };
    rows.forEach((r, k) => {
      const input = show(k, r.value === null ? `needs ${r.size} bytes` : showValue(r.value, r.code), r.value === null);
      if (input.dataset.fmt !== r.fmt) input.dataset.fmt = r.fmt;
    });
    this.runs = {};
    more.forEach((r, k) => { show(rows.length + k, r.text, r.text === ''); this.runs[r.label] = r.run; });
    setText(this.err, '');
  }

  build(rows, more) {
    this.table.textContent = '';
    for (const r of [...rows, ...more]) {
      const tr = this.table.insertRow();
      tr.insertCell().textContent = r.label;
      const input = document.createElement('input');
      if (r.code) input.dataset.code = r.code; else input.dataset.more = r.label;
      input.spellcheck = false;
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); this.write(input); }
        if (e.key === 'Escape') { e.stopPropagation(); delete input.dataset.editing; this.app.focusGrid(); this.render(); }
      });
      input.addEventListener('change', () => this.write(input));
      tr.insertCell().appendChild(input);
      tr.dataset.type = r.label;
    }
  }

  write(input) {
    const tr = input.closest('tr'), label = tr.dataset.type;
    if (input.disabled || !input.dataset.editing) return;
    const app = this.app, doc = app.doc, at = app.cursor;
    try {
      let edit, what;
      if (input.dataset.more) {
        const { bytes, count } = encodeMore(label, input.value, this.littleEndian, { run: this.runs?.[label] ?? 0, insert: app.insertMode });
        // Past the end of the document a longer value appends, as paste does.
        const over = Math.min(count, doc.size - at);
        edit = () => doc.batch(`write ${label}`, at, () => app.splice(at, over, bytes));
        what = `${label} (${bytes.length} byte${bytes.length === 1 ? '' : 's'}${over !== bytes.length ? ` for ${over}` : ''})`;
      } else {
        const fmt = input.dataset.fmt;
        if (!fmt) return;
        const bytes = struct.pack(fmt, parseValue(fmt[1], input.value));
        edit = () => doc.replace(at, bytes);
        what = `${label} ${fmt}`;
      }
      // Not editing once the value is good: the render the edit causes shows
      // the row as it now reads (a padded LEB128, a normalized time).
      delete input.dataset.editing;
      try { edit(); } catch (e) { input.dataset.editing = '1'; throw e; }
      app.message(`wrote ${what} at 0x${at.toString(16)}`);
    } catch (e) {
      tr.classList.add('bad');
      this.err.textContent = `${label}: ${e.name}: ${e.message}`;
    }
  }
}
