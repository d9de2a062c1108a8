// JS copies of C rules, kept because a bench row shows what each buys
// (bench/targets.js "JS path vs C path": slice and cast; bench/beyond.js: sub;
// bench/ab.js wrap16: memoryview(x)): the arithmetic of 1-D slices, the
// contiguity flags of N-D sub-views (js/ndindex.js does their arithmetic with
// sliceRange), and 1-D casts and views of whole exporters from templates
// that C made. For anything else (arguments that are not in-range
// integers, any check that would fail) the caller goes to C, which also
// raises every error.
// tests/property.test.js compares every descriptor word made here with C's.
import { copyWords, O_BUF, O_LEN, O_ITEMSIZE, O_READONLY, O_NDIM, O_FLAGS, O_KIND, O_ACCESS, O_FORMAT, O_SHAPE, C_CONTIGUOUS, F_CONTIGUOUS, SSIZE_MAX } from './wasm.js';
import { readerOf, writerOf, NONE } from './executor.js';

// ---- 1-D slices ---------------------------------------------------------------


/** A slice argument as an integer, NaN for None, or undefined when C must
 *  convert it (not a number, not an integer, or beyond ±sys.maxsize). */
function sliceBound(x) {
  if (x === undefined || x === null) return NaN;
  return typeof x === 'number' && Number.isInteger(x) && x >= -SSIZE_MAX && x <= SSIZE_MAX ? x : undefined;
}

/** Whether start and stop are int Numbers with 0 <= start <= stop <= n: the
 *  commonest slice, whose count is stop - start and first item start
 *  (sliceRange's answer without its work; `| 0` turns a -0 bound into 0,
 *  which CPython's ints have no other way to be). */
export const plainBounds = (start, stop, n) => typeof start === 'number' && typeof stop === 'number'
  && (start | 0) === start && (stop | 0) === stop && start >= 0 && start <= stop && stop <= n;

/** m[start:stop:step] over n items by CPython's PySlice_Unpack and
 *  PySlice_AdjustIndices (c/src/view.c adjust_slice), into `out`: its count,
 *  first index and step. False when C must decide, which also raises every
 *  error (a zero step, a non-integer bound). */
export function sliceRange(n, start, stop, step, out) {
  let by = sliceBound(step), lo = sliceBound(start), hi = sliceBound(stop);
  if (by === undefined || lo === undefined || hi === undefined || by === 0) return false;
  if (by !== by) by = 1;
  if (lo !== lo) lo = by < 0 ? SSIZE_MAX : 0;
  if (hi !== hi) hi = by < 0 ? -SSIZE_MAX - 1 : SSIZE_MAX;
  if (lo < 0) { lo += n; if (lo < 0) lo = by < 0 ? -1 : 0; } else if (lo >= n) lo = by < 0 ? n - 1 : n;
  if (hi < 0) { hi += n; if (hi < 0) hi = by < 0 ? -1 : 0; } else if (hi >= n) hi = by < 0 ? n - 1 : n;
  let count = 0;
  if (by < 0) { if (hi < lo) count = Math.floor((lo - hi - 1) / -by) + 1; }
  else if (lo < hi) count = Math.floor((hi - lo - 1) / by) + 1;
  out.count = count;
  out.first = lo;
  out.step = by;
  return true;
}

// ---- N-D sub-views ---------------------------------------------------------------

/** The contiguity flags (C_CONTIGUOUS | F_CONTIGUOUS) of the view whose
 *  descriptor words are sh (header and shape) and st (strides): c/src/view.c
 *  update_flags, which C runs inside every call that makes a view, so it has
 *  no entry point of its own to call. This is its one JS copy, for
 *  js/ndindex.js's sub() (bench/beyond.js's row "JS path vs C path" shows what
 *  it buys); slice1d and castFast know their answers without the loop.
 *  PEP 3118's test: a dimension of length 1 ignores its stride, and 0 bytes
 *  is contiguous; CPython's 1-D rule is stricter for an empty view (shape 0,
 *  stride 2 is not contiguous). */
export function contiguity(sh, st) {
  const ndim = sh[O_NDIM >> 2], itemsize = sh[O_ITEMSIZE >> 2], shape = O_SHAPE >> 2;
  if (ndim === 0) return C_CONTIGUOUS | F_CONTIGUOUS;
  if (ndim === 1) return sh[shape] === 1 || st[0] === itemsize ? C_CONTIGUOUS | F_CONTIGUOUS : 0;
  if (sh[O_LEN >> 2] === 0) return C_CONTIGUOUS | F_CONTIGUOUS;
  let flags = C_CONTIGUOUS | F_CONTIGUOUS, c = itemsize, f = itemsize;
  for (let k = 0; k < ndim; k++) {
    const dc = ndim - 1 - k; // C order: the last dimension varies fastest
    if (sh[shape + dc] > 1 && st[dc] !== c) flags &= ~C_CONTIGUOUS;
    c *= sh[shape + dc];
    if (sh[shape + k] > 1 && st[k] !== f) flags &= ~F_CONTIGUOUS;
    f *= sh[shape + k];
  }
  return flags;
}

// ---- 1-D casts ----------------------------------------------------------------

// m.cast(format, shape) of a C-contiguous 1-D view gives the same format,
// itemsize, kind and access for every source and shape: C casts the first
// time for each format, and what it made is kept here as a template (at most
// one per native format); js/view.js castFast does the rest of the arithmetic.
const castTemplates = new Map();
// The last template asked for: a loop casts to one format, and comparing the
// string costs less than the Map's lookup.
let lastFormat = '', lastTemplate;

/** The template for cast(format), or undefined when C must cast. */
export function castTemplate(format) {
  if (format === lastFormat) return lastTemplate;
  const t = castTemplates.get(format);
  if (t !== undefined) { lastFormat = format; lastTemplate = t; }
  return t;
}

/** Keeps what a successful C cast(format, ...) made (its header words `sh`). */
export function rememberCast(format, sh) {
  // Only the spellings of one code ('x', '@x'): C reads a format up to its first
  // NUL, so 'B\0…' casts too, and keeping every such string would grow without end.
  if (format.length > 2 || castTemplates.has(format)) return;
  castTemplates.set(format, templateOf(sh));
}

// memoryview(x) of a bytes, bytearray, array or JS buffer is a 1-D view of
// all of its bytes, in its exporter's format, whose words are a template's
// but for its own four, as a cast's: C makes the first of each format, and
// what it made is kept here (apart from the casts' templates: an exporter's
// format need not be one C casts to).
const wholeTemplates = new Map();

/** The template for memoryview() of an exporter of `format`, or undefined
 *  when C must make the view. */
export const wholeViewTemplate = (format) => wholeTemplates.get(format);

/** Keeps what C's memoryview() of an exporter of `format` made (its header
 *  words `sh`: a 1-D view). */
export function rememberWholeView(format, sh) {
  if (!wholeTemplates.has(format)) wholeTemplates.set(format, templateOf(sh));
}

/** The template of the 1-D views whose header words, but for buf, len,
 *  flags and the shape, are those of `sh` (a view C made). */
function templateOf(sh) {
  const words = [];
  for (let k = 0; k < 4; k++) words.push(sh[(O_FORMAT >> 2) + k]);
  const access = sh[O_ACCESS >> 2], none = access === NONE, itemsize = sh[O_ITEMSIZE >> 2];
  // header: the words of every 1-D view of this format, writable [0] or
  // readonly [1], but for buf, len, flags and the shape, which are each view's
  // own (js/view.js ViewRec); shared by them all, so never written.
  const headerWords = (readonly) => {
    const w = copyWords(sh, O_SHAPE >> 2); // the header (C's view may have had any shape)
    w[O_SHAPE >> 2] = 0; // the shape's one word
    w[O_NDIM >> 2] = 1;
    w[O_READONLY >> 2] = readonly;
    w[O_BUF >> 2] = w[O_LEN >> 2] = w[O_FLAGS >> 2] = 0; // the fields' words: no other view's values
    return w;
  };
  const header = [headerWords(0), headerWords(1)];
  // rd, wr: the items' reader and writer, which every view of this format gets
  return { words, itemsize, kind: sh[O_KIND >> 2], access, header, strides: [itemsize],
    byteFormat: isByteFormat(words[0]), rd: none ? null : readerOf(access), wr: none ? null : writerOf(access) };
}

/** The one code character of an item format ('x' or '@x') whose first four
 *  bytes are the little-endian word w; 0 for any other format. */
function formatChar(w) {
  let c = w & 0xff, next = (w >>> 8) & 0xff;
  if (c === 64) { c = next; next = (w >>> 16) & 0xff; } // '@'
  return next === 0 ? c : 0;
}

/** Whether the format whose first four bytes are the word w is 'b', 'B' or
 *  'c' (with an optional '@'): cast's "byte format". */
export function isByteFormat(w) {
  const c = formatChar(w);
  return c === 98 || c === 66 || c === 99;
}
