// The struct template panel: a Python struct format laid over the bytes at
// the cursor (or a pinned offset), one row per field; editing a field packs
// the whole struct back. Its fields are tinted in the grid (templateSpan).

import { compileTemplate, applyTemplate, showValue, parseValue, TEMPLATE_PRESETS } from '../decode.js';

const MAX_TEMPLATE = 1 << 20;           // a template is decoded from the page cache

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
    for (const [label, fmt] of TEMPLATE_PRESETS) {
      const o = document.createElement('option'); o.value = fmt; o.textContent = `${label}  ${fmt}`;
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
    this.set(this.input.value);
  }

  get offset() { return this.pinned ?? this.app.cursor; }
  /** What the grid tints: { offset, fields } or null. */
  get span() { return this.template && this.fits ? { offset: this.offset, fields: this.template.fields } : null; }

  set(fmt) {
    if (!fmt.trim()) { this.template = null; this.info.textContent = 'type a struct format, e.g. <4sIHH'; this.app.changed(); return; }
    try {
      this.template = compileTemplate(fmt);
      if (this.template.size > MAX_TEMPLATE) throw Object.assign(new Error(`${this.template.size} bytes: templates are at most ${MAX_TEMPLATE} bytes`), { name: 'ValueError' });
      this.input.classList.remove('bad');
      this.info.classList.remove('bad');
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
    return this.app.doc.withBytes(at, at + tpl.size, (view) => applyTemplate(tpl, view, 0, at));
  }

  render() {
    const tpl = this.template, table = this.table;
    this.fits = false;
    if (!tpl) { table.textContent = ''; return; }
    const at = this.offset;
    const got = this.decode(tpl, at);
    if (!got) { this.info.textContent = `'${tpl.format}': reading…`; return; }
    const { values, reason } = got;
    if (!values) {
      table.textContent = '';
      this.info.textContent = `'${tpl.format}': ${reason}`;
      this.info.classList.add('bad');
      return;
    }
    this.fits = true;
    this.info.classList.remove('bad');
    this.info.textContent = `'${tpl.format}' is ${tpl.size} bytes, ${tpl.fields.length} fields, at 0x${at.toString(16)}` +
      (this.pinned !== null ? ' (pinned)' : '');
    if (table.rows.length !== tpl.fields.length || table.dataset.format !== tpl.format) this.build(tpl);
    tpl.fields.forEach((f, k) => {
      const tr = table.rows[k], input = tr.cells[2].firstChild;
      if (document.activeElement === input && input.dataset.editing) return;
      input.value = showValue(values[k]);
      tr.classList.remove('bad');
      tr.cells[3].textContent = '';
    });
  }

  build(tpl) {
    const table = this.table;
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
        if (e.key === 'Enter') { e.preventDefault(); this.write(input); }
        if (e.key === 'Escape') { e.stopPropagation(); delete input.dataset.editing; this.app.focusGrid(); this.render(); }
      });
      input.addEventListener('change', () => this.write(input));
      tr.insertCell().appendChild(input);
      const note = tr.insertCell(); note.className = 'note';
    }
  }

  write(input) {
    const tpl = this.template, k = Number(input.dataset.index), tr = input.closest('tr');
    if (!tpl || !input.dataset.editing) return;
    const at = this.offset;
    const got = this.decode(tpl, at);
    if (!got?.values) return;
    const { values } = got;
    try {
      values[k] = parseValue(tpl.fields[k].code, input.value);
      const bytes = tpl.st.pack(...values);
      this.app.doc.replace(at, bytes);
      delete input.dataset.editing;
      this.app.message(`wrote field ${k} (${tpl.fields[k].code}) of '${tpl.format}' at 0x${(at + tpl.fields[k].offset).toString(16)}`);
    } catch (e) {
      tr.classList.add('bad');
      tr.cells[3].textContent = '';
      this.info.textContent = `field ${k}: ${e.name}: ${e.message}`;
      this.info.classList.add('bad');
    }
  }
}
