// The piece table: the document as a list of pieces, each a run of bytes from
// the original file (FILE) or from the edit buffer (ADD). Nothing here holds
// bytes or does I/O; it is offsets only, so Node tests can check it directly.
//
// An edit replaces `count` bytes at `offset` by one new piece (or none). It is
// recorded as a splice of the piece list, { at, removed, added }, whose inverse
// is the same splice with removed and added swapped: undo and redo are one
// function (apply) on the op or on its inverse. Ops hold piece objects, never
// bytes, so an edit costs the same at offset 0 of 16 GiB as at the end.

export const FILE = 0, ADD = 1;

export class PieceTable {
  /** A table over an original file of `size` bytes. */
  constructor(size = 0) {
    this.pieces = size > 0 ? [{ src: FILE, off: 0, len: size }] : [];
    this.starts = [];               // logical offset of each piece
    this.reindex(0);
  }

  get size() { return this.total; }

  reindex(from) {
    const p = this.pieces, s = this.starts;
    s.length = p.length;
    let at = from > 0 ? s[from - 1] + p[from - 1].len : 0;
    for (let i = from; i < p.length; i++) { s[i] = at; at += p[i].len; }
    this.total = at;
  }

  /** The index of the piece holding byte `offset` (pieces.length at the end). */
  locate(offset) {
    const s = this.starts;
    let lo = 0, hi = s.length - 1;
    if (hi < 0 || offset >= this.total) return s.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /**
   * The op that replaces [offset, offset + count) by `piece` (or by nothing).
   * It takes in the neighbour on the left when the new piece continues it in
   * the edit buffer, so typing byte after byte keeps one piece.
   */
  makeOp(offset, count, piece) {
    const p = this.pieces, s = this.starts, end = offset + count;
    const hit = this.locate(offset);
    const inside = hit < p.length && s[hit] < offset;      // offset splits piece `hit`
    let first = hit;
    const last = count > 0 ? this.locate(end - 1) : inside ? hit : hit - 1;
    const added = [];
    const push = (q) => {
      const prev = added[added.length - 1];
      if (prev && prev.src === ADD && q.src === ADD && prev.off + prev.len === q.off) prev.len += q.len;
      else added.push(q);
    };
    if (inside) push({ src: p[hit].src, off: p[hit].off, len: offset - s[hit] });
    else if (piece && piece.src === ADD && hit > 0) {
      const left = p[hit - 1];
      if (left.src === ADD && left.off + left.len === piece.off) { first = hit - 1; push({ ...left }); }
    }
    if (piece && piece.len > 0) push({ src: piece.src, off: piece.off, len: piece.len });
    if (last >= hit && last < p.length) {
      const b = p[last], bEnd = s[last] + b.len;
      if (bEnd > end) push({ src: b.src, off: b.off + (end - s[last]), len: bEnd - end });
    }
    const removed = last >= first ? p.slice(first, last + 1) : [];
    return { at: first, removed, added };
  }

  /** Performs a splice op (or its inverse when `undo`). */
  apply(op, undo = false) {
    const out = undo ? op.added : op.removed, into = undo ? op.removed : op.added;
    this.pieces.splice(op.at, out.length, ...into.map((x) => ({ ...x })));
    this.reindex(op.at);
  }

  /** Each piece overlapping [start, end), clipped: { src, off, len, at }. */
  *range(start, end) {
    end = Math.min(end, this.total);
    for (let i = this.locate(start); i < this.pieces.length && this.starts[i] < end; i++) {
      const p = this.pieces[i], s = this.starts[i];
      const a = Math.max(start, s), b = Math.min(end, s + p.len);
      yield { src: p.src, off: p.off + (a - s), len: b - a, at: a };
    }
  }

  /** The byte ranges of [start, end) that come from the edit buffer. */
  modifiedIn(start, end) {
    const out = [];
    for (const r of this.range(start, end)) if (r.src === ADD) out.push([r.at, r.at + r.len]);
    return out;
  }

  /** True when every original byte is where it was in the file and the size is
   *  unchanged: a save can then write the edited pieces alone. */
  get inPlace() {
    return this.pieces.every((p, i) => p.src !== FILE || p.off === this.starts[i]);
  }

  /** The pieces with their logical offsets, for a worker. */
  snapshot() { return this.pieces.map((p, i) => ({ src: p.src, off: p.off, len: p.len, at: this.starts[i] })); }
}
