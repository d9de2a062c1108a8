// A set of byte offsets kept as sorted, disjoint, non-adjacent [start, end)
// ranges: the "modified bytes" of a document. Sizes stay small (one range per
// edit at most), so plain arrays and linear scans are enough.

export class Ranges {
  constructor() { this.list = []; }             // [[start, end], ...] sorted

  static from(snapshot) { const r = new Ranges(); r.list = snapshot.map((x) => x.slice()); return r; }
  snapshot() { return this.list.map((x) => x.slice()); }
  get count() { return this.list.reduce((n, [a, b]) => n + b - a, 0); }

  add(start, end) {
    if (end <= start) return;
    const out = [];
    let placed = false;
    for (const [a, b] of this.list) {
      if (b < start) out.push([a, b]);
      else if (a > end) {
        if (!placed) { out.push([start, end]); placed = true; }
        out.push([a, b]);
      } else { start = Math.min(start, a); end = Math.max(end, b); }
    }
    if (!placed) out.push([start, end]);
    this.list = out;
  }

  /** Bytes at or after `at` move by `delta` (an insert > 0 or a delete < 0). */
  shift(at, delta) {
    const out = [];
    for (let [a, b] of this.list) {
      if (delta < 0) {
        const cut0 = at, cut1 = at - delta;     // the deleted span
        const keepA = a < cut0 ? a : Math.max(cut0, a + delta);
        const keepB = b <= cut0 ? b : Math.max(cut0, b + delta);
        a = a >= cut1 ? a + delta : keepA;
        b = b >= cut1 ? b + delta : keepB;
      } else {
        if (a >= at) a += delta;
        if (b > at) b += delta;
      }
      if (b > a) out.push([a, b]);
    }
    this.list = out;
    const merged = new Ranges();
    for (const [a, b] of out) merged.add(a, b);
    this.list = merged.list;
  }

  has(i) {
    for (const [a, b] of this.list) { if (i < a) return false; if (i < b) return true; }
    return false;
  }
}
