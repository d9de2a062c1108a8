// Search patterns beyond plain bytes: '??' wildcards and ASCII case folding.
// A pattern is { bytes, mask, fold, length, anchor, anchorAt }: mask[k] is 0
// where any byte matches; fold compares ASCII letters in either case. The
// search runs memview's find (C, SIMD) for the pattern's longest fixed run
// (the anchor) and checks the rest of each candidate. Used by the worker
// (whole documents) and the grid (the matches on screen).

const LOWER = Uint8Array.from({ length: 256 }, (_, b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b));

export function makePattern(bytes, { mask = null, fold = false } = {}) {
  bytes = fold ? bytes.map((b) => LOWER[b]) : bytes;
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
  return { bytes, mask, fold, length: n, anchorAt: best[0], anchor: bytes.slice(best[0], best[1]), plain: !mask && !fold };
}

/** Folds u8[a, b) to lower case in place (a folding search's buffer). */
export function foldInPlace(u8, a = 0, b = u8.length) {
  for (let i = a; i < b; i++) u8[i] = LOWER[u8[i]];
}

/**
 * The first match of `pat` starting in [from, n - length] of `buf` (a memview
 * bytes/bytearray whose bytes are also `u8`, folded already for a folding
 * pattern), or -1.
 */
export function findPattern(buf, u8, n, pat, from = 0) {
  const { anchor, anchorAt, bytes, mask, length } = pat;
  for (let j = buf.find(anchor, from + anchorAt, n); j >= 0; j = buf.find(anchor, j + 1, n)) {
    const s = j - anchorAt;
    if (s + length > n) return -1;
    if (pat.plain) return s;
    let ok = true;
    for (let k = 0; k < length; k++) if ((!mask || mask[k]) && u8[s + k] !== bytes[k]) { ok = false; break; }
    if (ok) return s;
  }
  return -1;
}

/** The last match starting in [0, n - length], or -1 (backward search). */
export function rfindPattern(buf, u8, n, pat) {
  let last = -1;
  for (let i = findPattern(buf, u8, n, pat, 0); i >= 0; i = findPattern(buf, u8, n, pat, i + 1)) last = i;
  return last;
}
