// The struct template panel: a named template (Python struct syntax with
// field names, decode.js) laid over the bytes at the cursor or a pinned
// offset, one row per field with its value. Clicking a field's name selects
// its bytes; editing its value packs it back with struct.pack. A template
// from the library is offered when a file's magic bytes call for one. Its
// fields are tinted in the grid (templateSpan).

import { struct } from '../../js/memview.js';
import { compileTemplate, applyTemplate, showValue, parseValue, templateNote, TEMPLATE_PRESETS, TEMPLATE_LIBRARY } from '../decode.js';
import { setText } from './dom.js';

const MAX_TEMPLATE = 1 << 20;           // a template is decoded from the page cache
const WINDOW = 64 << 10;                // bytes given to a template whose size depends on its fields

export class TemplatePanel {
  constructor(app, root) {
    this.app = app;
    this.input = root.querySelector('#tpl');
    this.presets = root.querySelector('#tplpreset');
    this.pin = root.querySelector('#tplpin');
    this.info = root.querySelector('#tplinfo');
    this.table = root.querySelector('#tplfields');
    this.template = null;
    this.pinned = null;
    this.fits = false;
    this.fields = null;                 // the fields of the last decode
    for (const [label, fmt] of TEMPLATE_PRESETS) {
      const o = document.createElement('option'); o.value = fmt; o.textContent = label;
      this.presets.appendChild(o);
    }
    this.presets.onchange = () => {
      if (!this.presets.value) return;
      this.input.value = this.presets.value; this.presets.value = '';
      this.set(this.input.value);
    };
    this.input.addEventListener('input', () => this.set(this.input.value));
    this.pin.onchange = () => { this.pinned = this.pin.checked ? app.cursor : null; app.changed(); };
    this.table.addEventListener('input', (e) => { e.target.dataset.editing = '1'; });
    this.table.addEventListener('click', (e) => {
      const td = e.target.closest('td.name');
      if (!td || !this.fields) return;
      const f = this.fields[Number(td.parentElement.dataset.index)], at = this.offset + f.offset;
      app.state.set({ cursor: at + f.size - 1, anchor: at, extend: false });
      app.grid.ensureVisible(at);
      app.message(`selected ${f.name || `field ${f.index}`}: ${f.size} byte${f.size === 1 ? '' : 's'} at 0x${at.toString(16)}`);
    });
    this.set(this.input.value);
  }

  get offset() { return this.pinned ?? this.app.cursor; }
  /** What the grid tints: { offset, fields } or null. */
  get span() { return this.template && this.fits && this.fields ? { offset: this.offset, fields: this.fields } : null; }

  /** The library template `kind` (decode.js), pinned at 0: a file's magic asked for it. */
  offer(kind) {
    const [label, fmt] = TEMPLATE_LIBRARY[kind];
    this.input.value = fmt;
    this.pin.checked = true; this.pinned = 0;
    this.set(fmt, label);
    this.app.message(`${this.app.doc.name}: ${label} detected by its magic bytes, template applied at 0`);
  }

  pinAt(offset) { this.pin.checked = true; this.pinned = offset; this.app.changed(); }

  set(fmt, offered = null) {
    this.offered = offered;
    this.input.classList.remove('bad');
    this.info.classList.remove('bad');
    if (!fmt.trim()) { this.template = null; this.info.textContent = 'type a struct format, e.g. <4s:magic I:size H:width H:height'; this.app.changed(); return; }
    try {
      this.template = compileTemplate(fmt);
      if (this.template.size > MAX_TEMPLATE) throw Object.assign(new Error(`${this.template.size} bytes: templates are at most ${MAX_TEMPLATE} bytes`), { name: 'ValueError' });
    } catch (e) {
      this.template = null;
      this.input.classList.add('bad');
      this.info.classList.add('bad');
      this.info.textContent = `${e.name}: ${e.message}`;
    }
    this.app.changed();
  }

  /** The values at the template's offset, from a memoryview of its bytes. */
  decode(tpl, at) {
    const n = tpl.size >= 0 ? tpl.size : Math.min(WINDOW, this.app.doc.size - at);
    return this.app.doc.withBytes(at, at + n, (view) => applyTemplate(tpl, view, 0, at));
  }

  render() {
    const tpl = this.template, table = this.table;
    this.fits = false;
    this.waiting = false;               // true: its bytes are being read, the app renders again when they arrive
    if (!tpl) { table.textContent = ''; delete table.dataset.format; return; }
    const at = this.offset;
    let got;
    try { got = this.decode(tpl, at); } catch (e) {
      table.textContent = ''; delete table.dataset.format;
      this.info.textContent = `${e.name}: ${e.message}`; this.info.classList.add('bad'); return;
    }
    if (!got) { this.waiting = true; setText(this.info, `'${tpl.format}': reading…`); return; }
    const { values, reason, fields, size } = got;
    if (!values) {
      table.textContent = ''; delete table.dataset.format;
      this.info.textContent = `${reason}`;
      this.info.classList.add('bad');
      return;
    }
    this.fits = true;
    this.fields = fields;
    if (this.info.classList.contains('bad')) this.info.classList.remove('bad');
    const note = templateNote(tpl);
    setText(this.info, `${this.offered ? `${this.offered}: ` : ''}${size} bytes, ${fields.length} fields, at 0x${at.toString(16)}` +
      (this.pinned !== null ? ' (pinned)' : '') + (note ? `; ${note}` : ''));
    const shape = tpl.format + '/' + fields.map((f) => f.name + f.offset).join();
    if (table.dataset.format !== shape) this.build(fields, shape);
    fields.forEach((f, k) => {
      const tr = table.rows[k], input = tr.cells[3].firstChild;
      if (document.activeElement === input && input.dataset.editing) return;
      const text = showValue(values[k], f.code);
      if (input.value !== text) input.value = text;      // only what differs: no style or layout to redo
      if (tr.classList.contains('bad')) tr.classList.remove('bad');
    });
  }

  build(fields, shape) {
    const table = this.table;
    table.textContent = '';
    table.dataset.format = shape;
    for (const f of fields) {
      const tr = table.insertRow();
      tr.className = 't' + (f.index % 4);
      tr.dataset.index = String(f.index);
      tr.insertCell().textContent = `+${f.offset}`;
      const name = tr.insertCell(); name.className = 'name';
      name.textContent = f.name || `#${f.index}`;
      name.title = 'select its bytes';
      const code = tr.insertCell(); code.className = 'code';
      code.textContent = (f.code === 's' || f.code === 'p' ? f.count : '') + f.code;
      const input = document.createElement('input');
      input.spellcheck = false;
      input.dataset.index = String(f.index);
      input.setAttribute('aria-label', f.name || `field ${f.index}`);
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') { e.preventDefault(); this.write(input); }
        if (e.key === 'Escape') { e.stopPropagation(); delete input.dataset.editing; this.app.focusGrid(); this.render(); }
      });
      input.addEventListener('change', () => this.write(input));
      tr.insertCell().appendChild(input);
    }
  }

  /** Packs the field's new value (struct.pack of its own format) into its bytes. */
  write(input) {
    const k = Number(input.dataset.index), tr = input.closest('tr');
    if (!this.template || !this.fields || !input.dataset.editing) return;
    const f = this.fields[k], at = this.offset + f.offset;
    try {
      const bytes = struct.pack(f.fmt, parseValue(f.code, input.value));
      this.app.doc.replace(at, bytes);
      delete input.dataset.editing;
      this.app.message(`wrote ${f.name || `field ${k}`} (${f.fmt}) at 0x${at.toString(16)}`);
    } catch (e) {
      tr.classList.add('bad');
      this.info.textContent = `${f.name || `field ${k}`}: ${e.name}: ${e.message}`;
      this.info.classList.add('bad');
    }
  }
}
