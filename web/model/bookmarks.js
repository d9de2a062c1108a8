// Bookmarks: named offsets of a document that follow its edits. An edit is
// a splice op of the piece table (pieces.js: at `offset`, `count` bytes
// deleted and `length` inserted): a bookmark after it moves by the bytes it
// inserted or deleted; one inside the deleted range stays on the bytes that
// replace it, or goes to the range's start when there are fewer.
// Each op remembers where the bookmarks were, so that its undo puts them
// back where they were; only a bookmark set since the op is moved by the
// inverse splice.

export class Bookmarks {
  constructor() {
    this.list = [];               // { name, offset }, by offset
    this.moves = new WeakMap();   // op -> Map(bookmark -> its offset before the op)
  }

  get length() { return this.list.length; }
  [Symbol.iterator]() { return this.list[Symbol.iterator](); }

  /** Sets a bookmark at `offset`, replacing one there; returns its name (a given one, or "bookmark n"). */
  add(name, offset) {
    const label = (name || '').trim() || `bookmark ${this.list.length + 1}`;
    this.list = this.list.filter((b) => b.offset !== offset);
    this.list.push({ name: label, offset });
    this.sort();
    return label;
  }

  remove(offset) { this.list = this.list.filter((b) => b.offset !== offset); }

  /** The first bookmark after `offset` (forward) or the last before it, wrapping round; null when there is none. */
  next(offset, forward) {
    const list = this.list;
    if (!list.length) return null;
    return forward ? list.find((b) => b.offset > offset) ?? list[0]
      : [...list].reverse().find((b) => b.offset < offset) ?? list[list.length - 1];
  }

  /** Moves the bookmarks as edit `op` (one op, or a group: { ops }) did, or as its undo does. */
  follow(op, undo) {
    if (!this.list.length) return;
    const ops = op.ops ?? [op];
    for (const o of undo ? [...ops].reverse() : ops) {
      if (undo) {
        const was = this.moves.get(o);
        for (const b of this.list) b.offset = was?.has(b) ? was.get(b) : spliced(b.offset, o.offset, o.length, o.count);
      } else {
        // Every bookmark's offset, moved or not: one at the start of a
        // deleted range stays, and the inverse splice would move it on.
        const was = new Map();
        for (const b of this.list) { was.set(b, b.offset); b.offset = spliced(b.offset, o.offset, o.count, o.length); }
        this.moves.set(o, was);
      }
    }
    this.sort();
  }

  sort() { this.list.sort((a, b) => a.offset - b.offset); }
}

/** Where offset `pos` goes when `del` bytes at `at` are replaced by `ins` bytes. */
function spliced(pos, at, del, ins) {
  return pos < at ? pos : pos >= at + del ? pos - del + ins : at + Math.min(pos - at, ins);
}
