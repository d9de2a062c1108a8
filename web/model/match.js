// Search patterns beyond plain bytes: '??' wildcards and any-case text. A
// pattern is fixed-length: { length, bytes, mask, units, anchors, anchorAt }.
// bytes/mask: the bytes every match has (mask[k] 0: any byte there); units:
// the characters that differ by case, each { at, alts } (one of the alts,
// all alts.length long, must be at `at`); anchors: byte strings of which one
// starts at anchorAt of every match. The search runs memview's find (C,
// SIMD) for each anchor and checks the rest of each candidate. Used by the
// worker (whole documents) and the grid (the matches on screen).

/** Most anchor strings one pattern searches for (each is a find per fill). */
const MAX_ANCHORS = 8;

let caseClasses = null;

/**
 * Simple case folding (one code point to one, as RegExp's /iu does): the
 * code points that fold together, keyed by the folded one. JS has no fold
 * function, so it is toLowerCase(toUpperCase(c)) where each gives one code
 * point (else toLowerCase(c), else c), over planes 0 and 1 (every cased
 * letter is there). U+0131 ı is the one letter whose upper case is not its
 * fold (I folds to i, and ı to itself). Built once, at the first any-case search.
 */
function classOf(cp) {
  if (!caseClasses) {
    const one = (s) => (s.length === 1 || (s.length === 2 && s.codePointAt(0) > 0xffff) ? s.codePointAt(0) : -1);
    const fold = (c) => {
      if (c === 0x131) return c;
      const s = String.fromCodePoint(c), up = one(s.toUpperCase());
      const viaUp = up >= 0 ? one(String.fromCodePoint(up).toLowerCase()) : -1;
      if (viaUp >= 0) return viaUp;
      const low = one(s.toLowerCase());
      return low >= 0 ? low : c;
    };
    const byFold = new Map();
    for (let c = 0; c < 0x20000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const f = fold(c);
      if (f === c && String.fromCodePoint(c).toUpperCase() === String.fromCodePoint(c)) continue;   // uncased, or a fold with no others yet
      if (!byFold.has(f)) byFold.set(f, new Set([f]));
      byFold.get(f).add(c);
    }
    caseClasses = new Map();
    for (const set of byFold.values()) if (set.size > 1) for (const c of set) caseClasses.set(c, [...set]);
  }
  return caseClasses.get(cp) ?? [cp];
}

const utf8 = new TextEncoder();
const ENCODE = {
  'utf-8': (s) => utf8.encode(s),
  'utf-16le': (s) => utf16(s, true),
  'utf-16be': (s) => utf16(s, false),
};

/** UTF-16 code units of `text` as bytes. */
export function utf16(text, le) {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (le ? 0 : 1)] = c & 0xff; out[2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** The bytes of `text` in `encoding` ('utf-8', 'utf-16le', 'utf-16be'). */
export function encodeText(text, encoding) { return ENCODE[encoding](text); }

/**
 * The pattern for `text` in `encoding`, in any case: each character may be
 * any of its case variants (simple case folding) whose encoding has the
 * same length as the character's own. Variants of another length (in UTF-8,
 * K U+212A for k, ſ U+017F for s, ẞ U+1E9E for ß) are left out: the pattern
 * keeps one length, which the scans' overlaps and the match highlights rely on.
 */
export function textPattern(text, encoding, { anyCase = false } = {}) {
  const enc = ENCODE[encoding];
  if (!anyCase) return makePattern(enc(text));
  const chars = [];
  let at = 0;
  for (const ch of text) {
    const own = enc(ch);
    const seen = new Set([own.join()]), alts = [own];
    for (const v of classOf(ch.codePointAt(0))) {
      const b = enc(String.fromCodePoint(v)), key = b.join();
      if (b.length === own.length && !seen.has(key)) { seen.add(key); alts.push(b); }
    }
    chars.push({ at, alts });
    at += own.length;
  }
  const bytes = enc(text), mask = new Uint8Array(bytes.length).fill(1);
  const units = chars.filter((c) => c.alts.length > 1);
  for (const u of units) mask.fill(0, u.at, u.at + u.alts[0].length);
  // The anchor: the run of characters with the most bytes whose variants
  // make at most MAX_ANCHORS strings.
  let best = null;
  for (let i = 0; i < chars.length; i++) {
    let combos = 1, len = 0;
    for (let j = i; j < chars.length; j++) {
      combos *= chars[j].alts.length;
      if (combos > MAX_ANCHORS) break;
      len += chars[j].alts[0].length;
      if (!best || len > best.len || (len === best.len && combos < best.combos)) best = { i, j: j + 1, len, combos };
    }
  }
  let anchors = [new Uint8Array()];
  for (let k = best.i; k < best.j; k++) {
    anchors = anchors.flatMap((a) => chars[k].alts.map((alt) => {
      const out = new Uint8Array(a.length + alt.length);
      out.set(a); out.set(alt, a.length);
      return out;
    }));
  }
  return { bytes, mask: units.length ? mask : null, units, length: bytes.length, anchorAt: chars[best.i].at, anchors, plain: !units.length, fold: units.length > 0 };
}

/** The pattern for bytes, with '??' where mask[k] is 0. */
export function makePattern(bytes, { mask = null } = {}) {
  const n = bytes.length;
  let best = [0, 0];
  for (let a = 0; a < n;) {
    if (mask && !mask[a]) { a++; continue; }
    let b = a;
    while (b < n && (!mask || mask[b])) b++;
    if (b - a > best[1] - best[0]) best = [a, b];
    a = b;
  }
  if (best[1] === best[0]) throw new Error('the pattern needs at least one byte that is not ??');
  return { bytes, mask, units: [], length: n, anchorAt: best[0], anchors: [bytes.slice(best[0], best[1])], plain: !mask, fold: false };
}

function matchesAt(u8, s, pat) {
  const { bytes, mask, length, units } = pat;
  for (let k = 0; k < length; k++) if ((!mask || mask[k]) && u8[s + k] !== bytes[k]) return false;
  for (const { at, alts } of units) {
    const p = s + at;
    if (!alts.some((alt) => { for (let k = 0; k < alt.length; k++) if (u8[p + k] !== alt[k]) return false; return true; })) return false;
  }
  return true;
}

/**
 * The matches of `pat` in the first `n` bytes of `buf` (a memview
 * bytes/bytearray whose bytes are also `u8`), in order: next(from) is the
 * first match starting in [from, n - length], or -1. Calls go forward
 * (`from` never decreases): each anchor's next find is kept, so a rare
 * anchor is not searched for again at every candidate of a common one.
 */
export class Matcher {
  constructor(buf, u8, n, pat) {
    Object.assign(this, { buf, u8, n, pat });
    this.hits = pat.anchors.map(() => -2);          // -2: not searched yet; -1: none left
  }

  next(from = 0) {
    const { buf, u8, n, pat, hits } = this, { anchors, anchorAt, length } = pat;
    for (;;) {
      let best = -1;
      for (let k = 0; k < anchors.length; k++) {
        if (hits[k] === -1) continue;
        if (hits[k] < from + anchorAt) hits[k] = buf.find(anchors[k], from + anchorAt, n);
        if (hits[k] >= 0 && (best < 0 || hits[k] < best)) best = hits[k];
      }
      if (best < 0) return -1;
      const s = best - anchorAt;
      if (s + length > n) return -1;
      if (pat.plain || matchesAt(u8, s, pat)) return s;
      from = s + 1;
    }
  }
}

/** The first match of `pat` starting in [from, n - length] of `buf`, or -1. */
export function findPattern(buf, u8, n, pat, from = 0) { return new Matcher(buf, u8, n, pat).next(from); }

/** The last match starting in [0, n - length], or -1 (backward search). */
export function rfindPattern(buf, u8, n, pat) {
  const m = new Matcher(buf, u8, n, pat);
  let last = -1;
  for (let i = m.next(0); i >= 0; i = m.next(i + 1)) last = i;
  return last;
}
