// The inspector panel: the bytes at the cursor decoded as every struct type
// (decode.js), in either byte order; typing a value and Enter packs it back.

import { struct } from '../../js/memview.js';
import { inspect, inspectMore, showValue, parseValue } from '../decode.js';

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
    this.at.textContent = `@ 0x${cursor.toString(16)}`;
    // A memoryview of the 8 bytes at the cursor; struct.unpack_from on it.
    const got = doc.withBytes(cursor, cursor + 16, (view) => [inspect(view, 0, this.littleEndian), inspectMore(view, 0, this.littleEndian)]);
    if (!got) { this.err.textContent = 'reading…'; return; }
    const [rows, more] = got;
    if (this.table.rows.length !== rows.length + more.length) this.build(rows, more);
    more.forEach((r, k) => { const td = this.table.rows[rows.length + k].cells[1]; if (td.textContent !== r.text) td.textContent = r.text; });
    rows.forEach((r, k) => {
      const tr = this.table.rows[k], input = tr.cells[1].firstChild;
      tr.classList.remove('bad');
      if (document.activeElement === input && input.dataset.editing) return;
      input.value = r.value === null ? `needs ${r.size} bytes` : showValue(r.value, r.code);
      input.disabled = r.value === null;
      input.dataset.fmt = r.fmt;
    });
    this.err.textContent = '';
  }

  build(rows, more) {
    this.table.textContent = '';
    for (const r of rows) {
      const tr = this.table.insertRow();
      tr.insertCell().textContent = r.label;
      const input = document.createElement('input');
      input.dataset.code = r.code;
      input.spellcheck = false;
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); this.write(input); }
        if (e.key === 'Escape') { e.stopPropagation(); delete input.dataset.editing; this.app.focusGrid(); this.render(); }
      });
      input.addEventListener('change', () => this.write(input));
      tr.insertCell().appendChild(input);
      tr.dataset.type = r.label;
    }
    for (const r of more) {
      const tr = this.table.insertRow();
      tr.className = 'ro';
      tr.insertCell().textContent = r.label;
      tr.insertCell().className = 'val';
      tr.dataset.type = r.label;
    }
  }

  write(input) {
    const fmt = input.dataset.fmt, tr = input.closest('tr');
    if (!fmt || input.disabled || !input.dataset.editing) return;
    try {
      const bytes = struct.pack(fmt, parseValue(fmt[1], input.value));
      const at = this.app.cursor;
      this.app.doc.replace(at, bytes);
      delete input.dataset.editing;
      this.app.message(`wrote ${tr.dataset.type} ${fmt} at 0x${at.toString(16)}`);
    } catch (e) {
      tr.classList.add('bad');
      this.err.textContent = `${tr.dataset.type}: ${e.name}: ${e.message}`;
    }
  }
}
