// The find bar: the pattern (hex bytes or text), previous / next, and go to.
// The search itself runs in the document's worker (App.findNext); this panel
// parses what was typed and shows the outcome. pattern and current are what
// the grid highlights.

export class FindBar {
  constructor(app, root) {
    this.app = app;
    this.input = root.querySelector('#find');
    this.mode = root.querySelector('#findmode');
    this.info = root.querySelector('#findinfo');
    this.goto = root.querySelector('#goto');
    this.pattern = null;            // the bytes last searched for
    this.current = null;            // [start, end) of the match at the cursor
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); app.findNext(!e.shiftKey); }
      if (e.key === 'Escape' && !app.jobs.busy) app.focusGrid();
    });
    this.input.addEventListener('input', () => { this.current = null; this.input.classList.remove('bad'); this.say(''); });
    this.mode.onchange = () => { this.current = null; this.pattern = null; app.changed(); };
    root.querySelector('#findnext').onclick = () => app.findNext(true);
    root.querySelector('#findprev').onclick = () => app.findNext(false);
    this.goto.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') { e.preventDefault(); if (app.goTo(this.goto.value)) app.focusGrid(); }
      if (e.key === 'Escape') app.focusGrid();
    });
  }

  focusFind() { this.input.focus(); this.input.select(); }
  focusGoto() { this.goto.focus(); this.goto.select(); }
  badGoto(bad) { this.goto.classList.toggle('bad', bad); }

  /** The bytes to search for, or throws with what is wrong. */
  parse() {
    const text = this.input.value;
    if (this.mode.value === 'text') {
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

  /** How the pattern reads in a message. */
  describe(pattern) {
    return this.mode.value === 'hex' ? [...pattern].map((b) => b.toString(16).padStart(2, '0')).join(' ') : JSON.stringify(this.input.value);
  }

  bad(message) {
    this.input.classList.add('bad');
    this.say(message, true);
    this.pattern = null; this.current = null;
    this.app.changed();
  }

  say(text, bad = false) {
    this.input.classList.toggle('bad', bad && /hex|type/.test(text));
    this.info.textContent = text;
    this.info.classList.toggle('bad', bad);
  }

  /** A new document: no old search carries over. */
  reset() { this.pattern = null; this.current = null; this.say(''); }
}
