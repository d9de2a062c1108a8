// The find bar: the pattern, its kind (hex with ?? wildcards, text, text in
// any case, UTF-16LE/BE text in either case or any case, a number of a struct
// format and byte order),
// previous / next with "n of m", find all (a list of matches), replace and
// replace all, and go to. The searches run in the document's worker (App);
// this panel parses what was typed and shows the outcome. pattern and current
// are what the grid highlights.

import { struct } from '../../js/memview.js';
import { makePattern, textPattern, encodeText } from '../model/match.js';
import { parseValue } from '../decode.js';

export const FIND_MODES = {
  hex: 'hex (?? any byte)', text: 'text', texti: 'text, any case', utf16le: 'UTF-16LE text', utf16lei: 'UTF-16LE text, any case',
  utf16be: 'UTF-16BE text', utf16bei: 'UTF-16BE text, any case', number: 'number',
};

/** The text modes: their encoding and whether they ignore case. */
const TEXT_MODES = {
  text: ['utf-8', false], texti: ['utf-8', true], utf16le: ['utf-16le', false], utf16lei: ['utf-16le', true],
  utf16be: ['utf-16be', false], utf16bei: ['utf-16be', true],
};

export class FindBar {
  constructor(app, root) {
    this.app = app;
    const q = (id) => root.querySelector(`#${id}`);
    Object.assign(this, { input: q('find'), mode: q('findmode'), info: q('findinfo'), goto: q('goto'),
      numfmt: q('numfmt'), numorder: q('numorder'), repl: q('replace'), list: q('findlist') });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.altKey) { e.preventDefault(); app.commands.run('find.all'); return; }
      if (e.key === 'Enter') { e.preventDefault(); app.commands.run(e.shiftKey ? 'find.prev' : 'find.next'); }
      if (e.key === 'Escape' && !app.jobs.busy) app.focusGrid();
    });
    const changed = (pattern) => { app.finder.forget(pattern); this.input.classList.remove('bad'); this.say(''); this.showMode(); };
    this.input.addEventListener('input', () => changed(false));
    for (const el of [this.mode, this.numfmt, this.numorder]) el.onchange = () => { changed(true); app.changed(); };
    this.repl.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); app.commands.run(e.ctrlKey || e.altKey ? 'find.replaceAll' : 'find.replace'); }
      if (e.key === 'Escape' && !app.jobs.busy) app.focusGrid();
    });
    q('findnext').onclick = () => app.commands.run('find.next');
    q('findprev').onclick = () => app.commands.run('find.prev');
    q('findall').onclick = () => app.commands.run('find.all');
    q('replone').onclick = () => app.commands.run('find.replace');
    q('replall').onclick = () => app.commands.run('find.replaceAll');
    this.list.addEventListener('click', (e) => {
      const li = e.target.closest('[data-offset]');
      if (li) app.finder.select(Number(li.dataset.offset));
    });
    this.goto.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); if (app.goTo(this.goto.value)) app.focusGrid(); }
      if (e.key === 'Escape') app.focusGrid();
    });
    this.showMode();
  }

  showMode() { const num = this.mode.value === 'number'; this.numfmt.hidden = !num; this.numorder.hidden = !num; }
  focusFind() { this.input.focus(); this.input.select(); }
  focusReplace() { this.repl.focus(); this.repl.select(); }
  focusGoto() { this.goto.focus(); this.goto.select(); }
  badGoto(bad) { this.goto.classList.toggle('bad', bad); }

  /** What identifies the pattern (find all results belong to one). */
  get key() { return `${this.mode.value}/${this.numfmt.value}/${this.numorder.value}/${this.input.value}`; }

  /** Bytes for `text` in the current mode; wildcards allowed in a pattern only. */
  bytesOf(text, { wildcards }) {
    const mode = this.mode.value;
    if (mode in TEXT_MODES) {
      if (!text) throw new Error('type some text to search for');
      return { bytes: encodeText(text, TEXT_MODES[mode][0]), mask: null };
    }
    if (mode === 'number') {
      const fmt = this.numorder.value + this.numfmt.value;
      return { bytes: struct.pack(fmt, parseValue(this.numfmt.value, text)), mask: null };
    }
    const hex = text.replace(/0x/gi, '').replace(/[\s,]/g, '');
    if (!hex) throw new Error('type hex bytes to search for, e.g. 42 4d (?? for any byte)');
    const bad = /[^0-9a-f?]/i.exec(hex);
    if (bad) throw new Error(`not a hex digit: '${bad[0]}' (hex search takes pairs like 42 4d or ??; switch to text to search for text)`);
    if (hex.length % 2) throw new Error(`odd number of hex digits (${hex.length}): each byte needs two`);
    const pairs = hex.match(/../g);
    if (pairs.some((p) => /\?/.test(p) && p !== '??')) throw new Error("a wildcard is a whole byte: '??'");
    if (!wildcards && pairs.includes('??')) throw new Error('the replacement cannot hold ?? wildcards');
    const mask = pairs.includes('??') ? Uint8Array.from(pairs, (p) => (p === '??' ? 0 : 1)) : null;
    return { bytes: Uint8Array.from(pairs, (h) => (h === '??' ? 0 : parseInt(h, 16))), mask };
  }

  /** The pattern object to search for (match.js), or throws with what is wrong. */
  parse() {
    const text = this.mode.value in TEXT_MODES;
    const { bytes, mask } = this.bytesOf(this.input.value, { wildcards: true });
    if (!text) return makePattern(bytes, { mask });
    const [encoding, anyCase] = TEXT_MODES[this.mode.value];
    return textPattern(this.input.value, encoding, { anyCase });
  }

  /** The replacement's bytes (may be empty: replace deletes the match). */
  replacement() { return this.repl.value === '' ? new Uint8Array() : this.bytesOf(this.repl.value, { wildcards: false }).bytes; }

  /** How the pattern reads in a message. */
  describe() {
    const m = this.mode.value;
    return m === 'hex' ? this.input.value.trim() : m === 'number' ? `${this.numorder.value}${this.numfmt.value} ${this.input.value}` : JSON.stringify(this.input.value);
  }

  /** Shows why the pattern does not parse (Finder.fail). */
  bad(message) {
    this.input.classList.add('bad');
    this.say(message, true);
  }

  say(text, bad = false) {
    this.input.classList.toggle('bad', bad && /hex|type|wildcard|literal|convert|struct|argument|required/.test(text));
    this.info.textContent = this.info.title = text;     // cut to the bar's free space: the whole in the tooltip
    this.info.classList.toggle('bad', bad);
  }

  /** "3 matches", or "first 10,000 of 300,000 matches" when the list holds fewer than there are. */
  countText(listed, total) {
    const of = `${total.toLocaleString('en')} match${total === 1 ? '' : 'es'}`;
    return listed < total ? `first ${listed.toLocaleString('en')} of ${of}` : of;
  }

  /** The find-all list: the matches' offsets, each a button to go there. */
  showList(offsets, total) {
    this.list.textContent = '';
    this.list.hidden = false;
    const head = document.createElement('div');
    head.className = 'dim';
    head.textContent = `${this.countText(offsets.length, total)} of ${this.describe()}`;
    this.list.appendChild(head);
    const buttons = document.createDocumentFragment();
    for (const off of offsets) {
      const b = document.createElement('button');
      b.dataset.offset = String(off);
      b.textContent = `0x${off.toString(16)}`;
      buttons.appendChild(b);
    }
    this.list.appendChild(buttons);
  }

  /** A new document (Finder.reset): no old message or list stays. */
  reset() { this.say(''); this.list.hidden = true; this.list.textContent = ''; }
}
