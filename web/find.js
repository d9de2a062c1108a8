// Find and replace over the whole document: what Enter, Find all and Replace
// in the find bar do (panels/findbar.js draws the bar; the commands in
// commands.js call these). The searches and counts are jobs of the
// document's Worker (jobs.js, model/stream.js); what a count found is kept
// here (counted) per pattern, document and edit count.

import { Cancelled } from './jobs.js';
import { plural, hexOff } from './formats.js';

const AUTO_ALL = 64 << 20;          // up to this size, Enter counts all matches ("n of m")
// Offsets kept by a count for Enter, listed by Find all, taken by Replace all
// (the count itself has no limit).
const AUTO_MAX = 100000, LIST_MAX = 10000, REPLACE_MAX = 1000000;
const findLastIndex = (a, f) => { for (let i = a.length - 1; i >= 0; i--) if (f(a[i])) return i; return -1; };

export class Finder {
  constructor(app) {
    this.app = app;
    this.pattern = null;             // the pattern last searched for
    this.current = null;             // [start, end) of the match at the cursor
    this.counted = null;             // the last count: { key, doc, changes, max, total, offsets, complete, marks }
    this.lastSearchMs = undefined;   // the last search's time, command to answer (bench/web.js reads it)
  }

  /** The find bar's pattern or its options changed: the match and the count
   *  no longer hold (nor the pattern, when its mode or number format did). */
  forget(pattern = false) {
    this.current = null; this.counted = null;
    if (pattern) this.pattern = null;
  }

  /** A new document: no old search carries over. */
  reset() { this.pattern = null; this.current = null; this.counted = null; this.app.find.reset(); }

  /** The pattern does not parse: the bar says why, and nothing is highlighted. */
  fail(message) {
    this.pattern = null; this.current = null;
    this.app.find.bad(message);
    this.app.changed();
  }

  /** A search or count job failed: the bar says so ("search cancelled", or the error). */
  jobFailed(e, what) { this.app.find.say(e instanceof Cancelled ? `${what} cancelled` : `${e.name}: ${e.message}`, true); }

  /** Goes to the match at `offset` (a find-all list entry). */
  select(offset) {
    this.app.moveTo(offset);
    this.current = [offset, offset + (this.pattern?.length || 1)];
    this.app.changed();
  }

  /**
   * The next (or previous) match of the find bar's pattern, as "match n of
   * m". A document up to 64 MiB is counted whole by the worker once per
   * pattern (the count job, which also keeps the first AUTO_MAX offsets); a
   * larger one once Find all has counted it, else it is searched from the
   * cursor alone. A match past the kept offsets is found by a search, and
   * its n from the count's marks (matchIndex).
   */
  async next(forward) {
    const find = this.app.find;
    let pattern;
    try { pattern = find.parse(); } catch (e) { this.fail(e.message); return null; }
    this.pattern = pattern;
    const doc = this.app.doc, cur = this.app.cursor;
    const onMatch = this.current && this.current[0] === cur;
    const all = this.freshCount() ?? (doc.size <= AUTO_ALL ? await this.countAll(AUTO_MAX) : null);
    if (doc !== this.app.doc) return null;
    if (doc.size <= AUTO_ALL && !all) return null;      // the count failed or was cancelled: it said so
    if (all && !all.total) { this.current = null; find.say(`not found: ${find.describe()}`, true); this.app.changed(); return -1; }
    const ofAll = (n) => `match ${n.toLocaleString('en')} of ${all.total.toLocaleString('en')}`;
    if (all) {
      // The answer is among the kept offsets when one of them qualifies and
      // (backward) none past them could.
      const list = all.offsets, last = list[list.length - 1];
      const k = forward ? list.findIndex((o) => (onMatch ? o > cur : o >= cur))
        : all.complete || cur <= last ? findLastIndex(list, (o) => o < cur) : -1;
      if (k >= 0) return this.showMatch(list[k], pattern, ofAll(k + 1), false);
      if (all.complete) return this.showMatch(list[forward ? 0 : list.length - 1], pattern, ofAll(forward ? 1 : list.length), true);
    }
    const from = forward ? cur + (onMatch ? 1 : 0) : cur - 1;
    find.say('searching…');
    const t0 = performance.now();
    try {
      const { offset, wrapped } = await this.app.jobs.run('searching', { job: 'search', snap: doc.snapshot(), pattern, from, forward });
      if (doc !== this.app.doc) return null;
      this.lastSearchMs = performance.now() - t0;
      if (offset < 0) {
        this.current = null;
        find.say(`not found: ${find.describe()}`, true);
        this.app.changed();
        return -1;
      }
      if (all) {
        const n = await this.matchIndex(offset, all, pattern);
        if (n === null || doc !== this.app.doc) return null;
        return this.showMatch(offset, pattern, ofAll(n), wrapped);
      }
      return this.showMatch(offset, pattern, `match at 0x${offset.toString(16)} (${offset})`, wrapped);
    } catch (e) {
      this.jobFailed(e, 'search');
      return null;
    }
  }

  /** The count of the find bar's pattern if it still holds (same pattern, document and edits), else null. */
  freshCount() {
    const find = this.app.find, all = this.counted, doc = this.app.doc;
    return all && all.key === find.key && all.doc === doc && all.changes === doc.changeCount ? all : null;
  }

  /**
   * n (from 1) of the match at `offset`: from the kept offsets, or the
   * count's last mark before it plus a count job over the rest (less than
   * one buffer fill). null when that job fails or is cancelled.
   */
  async matchIndex(offset, all, pattern) {
    const list = all.offsets;
    if (list.length && offset <= list[list.length - 1]) return findLastIndex(list, (o) => o <= offset) + 1;
    let mark = all.marks[0];
    for (const m of all.marks) if (m[0] <= offset) mark = m;
    try {
      const r = await this.app.jobs.run('counting', { job: 'count', snap: this.app.doc.snapshot(), pattern, from: mark[0], to: offset, max: 0 });
      return mark[1] + r.total + 1;
    } catch (e) {
      this.jobFailed(e, 'count');
      return null;
    }
  }

  /** Puts the selected bytes (hex) in the find box and finds the next. */
  findSelection() {
    const sel = this.app.range;
    if (!sel || sel[1] - sel[0] > 4096) { this.app.message('select up to 4 KiB to find', true); return null; }
    const hex = this.app.doc.withBytes(sel[0], sel[1], (v) => v.hex(' '));
    if (hex === undefined) return null;
    this.app.find.mode.value = 'hex'; this.app.find.input.value = hex; this.counted = null; this.app.find.showMode();
    this.app.state.set({ cursor: sel[0] });
    return this.next(true);
  }

  showMatch(offset, pattern, text, wrapped) {
    this.app.moveTo(offset);
    this.current = [offset, offset + pattern.length];
    this.app.find.say(`${text}${wrapped ? ', wrapped around' : ''}`);
    this.app.changed();
    return offset;
  }

  /**
   * Every match of the find bar's pattern counted by the worker (the count
   * job streams the whole document), the first `max` offsets kept, with
   * marks for matchIndex; kept per pattern, document and edit count.
   */
  async countAll(max = AUTO_MAX) {
    const find = this.app.find, key = find.key, doc = this.app.doc;
    const had = this.freshCount();
    if (had && (had.complete || had.max >= max)) return had;
    let pattern;
    try { pattern = find.parse(); } catch (e) { this.fail(e.message); return null; }
    this.pattern = pattern;
    find.say('counting…');
    try {
      const r = await this.app.jobs.run('counting matches', { job: 'count', snap: doc.snapshot(), pattern, max });
      this.counted = { key, doc, changes: doc.changeCount, max, ...r };
      return this.counted;
    } catch (e) {
      this.jobFailed(e, 'count');
      return null;
    }
  }

  /** Find all: the exact count and a list of the first LIST_MAX matches to go to. */
  async findAll() {
    const all = await this.countAll(LIST_MAX);
    if (!all) return null;
    const listed = all.offsets.slice(0, LIST_MAX);
    this.app.find.showList(listed, all.total);
    this.app.find.say(this.app.find.countText(listed.length, all.total), !all.total);
    this.app.changed();
    return all;
  }

  /** Replaces the match at the cursor, then goes to the next one. */
  async replaceOne() {
    const find = this.app.find;
    let with_;
    try { with_ = find.replacement(); } catch (e) { find.say(`replace: ${e.message}`, true); return false; }
    if (!this.current || this.current[0] !== this.app.cursor) {
      if (await this.next(true) === null || !this.current) return false;
      return true;        // the first press finds, the next replaces
    }
    const [a, b] = this.current;
    if (!this.app.edit(() => this.app.doc.batch('replace', a, () => this.app.splice(a, b - a, with_)))) return false;
    this.current = null;
    this.app.state.set({ cursor: a + with_.length });
    await this.next(true);
    this.app.message(`replaced the match at ${hexOff(a)}`);
    return true;
  }

  /** Replaces every match (the worker finds them; non-overlapping, one undo step). */
  async replaceAll() {
    const find = this.app.find;
    let with_;
    try { with_ = find.replacement(); } catch (e) { find.say(`replace: ${e.message}`, true); return 0; }
    const all = await this.countAll(REPLACE_MAX);
    if (!all) return 0;
    if (!all.complete) { find.say(`${all.total.toLocaleString('en')} matches: replace all takes at most ${REPLACE_MAX.toLocaleString('en')}`, true); return 0; }
    const len = this.pattern.length, picked = [];
    for (const o of all.offsets) if (!picked.length || o >= picked[picked.length - 1] + len) picked.push(o);
    if (!picked.length) { find.say(`not found: ${find.describe()}`, true); return 0; }
    const ok = this.app.edit(() => this.app.doc.batch('replace all', picked[0], () => {
      for (let k = picked.length - 1; k >= 0; k--) this.app.splice(picked[k], len, with_);
    }));
    if (!ok) return 0;
    this.current = null; this.counted = null;
    find.say(`replaced ${plural(picked.length, 'match')}`.replace('matchs', 'matches'));
    this.app.message(`replaced ${picked.length} match${picked.length === 1 ? '' : 'es'} of ${find.describe()}`);
    this.app.changed();
    return picked.length;
  }
}
