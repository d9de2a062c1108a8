// Decoding at the cursor with memview's struct: the data inspector's rows and
// struct templates (a Python format string laid over the bytes at an offset).
// Nothing here touches the DOM, so Node tests can check it against struct.

import { struct } from '../js/memview.js';

/** The inspector's rows: a label and the struct code that decodes it. */
export const INSPECTOR_TYPES = [
  ['int8', 'b'], ['uint8', 'B'],
  ['int16', 'h'], ['uint16', 'H'],
  ['int32', 'i'], ['uint32', 'I'],
  ['int64', 'q'], ['uint64', 'Q'],
  ['float16', 'e'], ['float32', 'f'], ['float64', 'd'],
];

/**
 * Each inspector row at `offset` of `view` (a memoryview of the file):
 * { label, code, fmt, size, value } where value is null when fewer than
 * `size` bytes remain.
 */
export function inspect(view, offset, littleEndian) {
  const order = littleEndian ? '<' : '>';
  const avail = view.nbytes - offset;
  return INSPECTOR_TYPES.map(([label, code]) => {
    const fmt = order + code;
    const size = struct.calcsize(fmt);
    const value = size <= avail && offset >= 0 ? struct.unpack_from(fmt, view, offset)[0] : null;
    return { label, code, fmt, size, value };
  });
}

/**
 * The inspector's rows beyond the struct types at `offset`: { label, text,
 * run } (text '' when too few bytes remain; run: the length of the LEB128
 * there, 0 when it is unterminated). Every value is read with
 * struct.unpack_from ('B', 'i', 'q', 'Q', 'HH', 'IHH8s'); what follows is
 * arithmetic on those numbers. encodeMore() reads each text back to bytes.
 */
export function inspectMore(view, offset, littleEndian) {
  const o = littleEndian ? '<' : '>';
  const avail = view.nbytes - offset;
  const get = (fmt) => (struct.calcsize(fmt) <= avail ? struct.unpack_from(fmt, view, offset) : null);
  const date = (ms) => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? new Date(ms).toISOString().replace('.000Z', 'Z') : 'out of range');
  const rows = [];
  const row = (label, text, run = 0) => rows.push({ label, text: text ?? '', run });
  const b = get('B');
  row('bits', b && b[0].toString(2).padStart(8, '0'));
  row('octal', b && '0o' + b[0].toString(8));
  // The UTF-8 sequence that starts here (its length from the lead byte).
  let ch = '';
  if (b) {
    const lead = b[0], len = lead < 0x80 ? 1 : lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;
    const seq = len && len <= avail ? struct.unpack_from(`${len}s`, view, offset)[0] : null;
    let s = null;
    try { s = seq && new TextDecoder('utf-8', { fatal: true }).decode(seq); } catch { s = null; }
    ch = s ? `'${s < ' ' || s === '\x7f' ? '\\x' + lead.toString(16).padStart(2, '0') : s}' U+${s.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')} (${len} byte${len > 1 ? 's' : ''})` : 'not UTF-8';
  }
  row('char/UTF-8', ch);
  // LEB128: up to 10 bytes, 7 bits each, low group first.
  const n = Math.min(10, avail);
  const lb = n > 0 ? struct.unpack_from(`${n}B`, view, offset) : [];
  let u = 0n, shift = 0n, k = 0, end = -1;
  for (; k < lb.length; k++) { u |= BigInt(lb[k] & 0x7f) << shift; shift += 7n; if (!(lb[k] & 0x80)) { end = k + 1; break; } }
  if (end < 0) { row('uLEB128', lb.length ? 'unterminated' : ''); row('sLEB128', lb.length ? 'unterminated' : ''); }
  else {
    row('uLEB128', `${u} (${end} byte${end > 1 ? 's' : ''})`, end);
    const sgn = lb[end - 1] & 0x40 ? u - (1n << shift) : u;
    row('sLEB128', `${sgn} (${end} byte${end > 1 ? 's' : ''})`, end);
  }
  const t32 = get(o + 'i'), t64 = get(o + 'q');
  row('Unix time 32', t32 && date(t32[0] * 1000));
  row('Unix time 64', t64 && date(Number(t64[0]) * 1000));
  const dos = get(o + 'HH');          // time, then date (as in ZIP and FAT)
  if (dos) {
    const [t, d] = dos, p2 = (x) => String(x).padStart(2, '0');
    row('DOS date/time', `${1980 + (d >> 9)}-${p2((d >> 5) & 15)}-${p2(d & 31)} ${p2(t >> 11)}:${p2((t >> 5) & 63)}:${p2((t & 31) * 2)}`);
  } else row('DOS date/time', '');
  const ft = get(o + 'Q');
  row('FILETIME', ft && date(Number(ft[0] / 10000n) - 11644473600000));
  const g = get(o + 'IHH8s');
  if (g) {
    const h = (x, w) => x.toString(16).padStart(w, '0');
    const tail = [...g[3]].map((x) => h(x, 2)).join('');
    row('GUID', `${h(g[0], 8)}-${h(g[1], 4)}-${h(g[2], 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`);
  } else row('GUID', '');
  return rows;
}

const valueError = (message) => Object.assign(new Error(message), { name: 'ValueError' });
const FILETIME_EPOCH = 116444736000000000n;    // 100 ns ticks from 1601-01-01 to 1970-01-01

/**
 * A UTC date and time as the rows show it ('2023-11-14T22:13:20Z', or with
 * a space; seconds, a fraction and the Z optional): { ms, fraction }, ms
 * since 1970 of the whole seconds and fraction the digits after the point
 * ('' for none), which each row reads to its own precision.
 */
function parseUtc(text) {
  const m = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:Z|UTC)?$/i.exec(text.trim());
  if (!m) throw valueError(`not a date and time: '${text.trim()}' (use 2024-02-29T12:34:56Z, UTC)`);
  const [y, mo, d, h = 0, mi = 0, sec = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x)));
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, sec, 0);
  // Date rolls 02-30 over to 03-01 and 25:00 to the next day: refuse those.
  if (Number.isNaN(t.getTime()) || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d ||
      t.getUTCHours() !== h || t.getUTCMinutes() !== mi || t.getUTCSeconds() !== sec)
    throw valueError(`no such date and time: '${text.trim()}'`);
  return { ms: t.getTime(), fraction: m[7] ?? '' };
}

/** An integer as typed ('-5', '0x1f'); a trailing '(3 bytes)', as the LEB128 rows show, is ignored. */
function parseBigInt(text) {
  const t = text.trim().replace(/\s*\(\d+ bytes?\)$/, '').replace(/_/g, '');
  const m = /^([+-]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|\d+)$/i.exec(t);
  if (!m) throw valueError(`invalid literal for int() with base 0: '${t}'`);
  return m[1] === '-' ? -BigInt(m[2]) : BigInt(m[2]);
}

/**
 * `v` as LEB128 in exactly `len` groups of 7 bits (a shorter value padded
 * with 0x80 / 0xff continuation groups, as linkers pad them: it reads back
 * the same), or null when it does not fit.
 */
function lebIn(v, len, signed) {
  const bits = 7n * BigInt(len);
  if (signed ? v < -(1n << (bits - 1n)) || v >= 1n << (bits - 1n) : v < 0n || v >= 1n << bits) return null;
  const out = new Uint8Array(len);
  for (let k = 0; k < len; k++) out[k] = Number((v >> (7n * BigInt(k))) & 0x7fn) | (k < len - 1 ? 0x80 : 0);
  return out;
}

/**
 * What the inspector writes for `text` typed in the row `label` (one of
 * inspectMore's): { bytes, count }, `count` bytes at the cursor becoming
 * `bytes`. Throws a ValueError (or struct's error) saying what is wrong.
 * LEB128: over a terminated run of `run` bytes, overwrite keeps its length
 * (padding a shorter encoding, refusing a longer one); insert mode replaces
 * the run with the shortest encoding. The other rows overwrite, as the
 * struct rows do (char/UTF-8: the character's 1 to 4 bytes).
 */
export function encodeMore(label, text, littleEndian, { run = 0, insert = false } = {}) {
  const o = littleEndian ? '<' : '>', t = text.trim();
  const fixed = (bytes) => ({ bytes, count: bytes.length });     // overwrites, as the struct rows do
  switch (label) {
    case 'bits': {
      const m = /^(?:0b)?([01]{1,8})$/i.exec(t.replace(/[_\s]/g, ''));
      if (!m) throw valueError(`not 1 to 8 bits: '${t}' (use 0 and 1, e.g. 01000001)`);
      return fixed(Uint8Array.of(parseInt(m[1], 2)));
    }
    case 'octal': {
      const m = /^(?:0o)?([0-7]{1,3})$/i.exec(t);
      if (!m || parseInt(m[1], 8) > 0o377) throw valueError(`not an octal byte: '${t}' (0o0 to 0o377)`);
      return fixed(Uint8Array.of(parseInt(m[1], 8)));
    }
    case 'char/UTF-8': {
      const u = /U\+([0-9a-f]{1,6})\b/i.exec(t), q = /^'(.+)'/su.exec(t);
      const cp = u ? parseInt(u[1], 16) : [...(q ? q[1] : t)].length === 1 ? (q ? q[1] : t).codePointAt(0) : -1;
      if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw valueError(`not one character: '${t}' (type it, or U+00E9)`);
      return fixed(new TextEncoder().encode(String.fromCodePoint(cp)));
    }
    case 'uLEB128': case 'sLEB128': {
      const signed = label[0] === 's', v = parseBigInt(t);
      if (!signed && v < 0n) throw valueError(`uLEB128 is unsigned: ${v} is negative (use sLEB128)`);
      let len = 1;
      while (len <= 10 && !lebIn(v, len, signed)) len++;
      if (len > 10) throw valueError(`${v} needs more than the 10 bytes the ${label} row reads`);
      if (insert || !run) return { bytes: lebIn(v, len, signed), count: insert ? run : len };
      if (len > run) throw valueError(`${v} needs ${len} bytes and the ${label} here has ${run}: in insert mode (Insert) the run is replaced`);
      return { bytes: lebIn(v, run, signed), count: run };
    }
    case 'Unix time 32': case 'Unix time 64': {
      const { ms, fraction } = parseUtc(t);
      if (/[1-9]/.test(fraction)) throw valueError(`${label} counts whole seconds: '${t}' has a fraction`);
      const secs = ms / 1000;
      return fixed(label.endsWith('32') ? struct.pack(o + 'i', secs) : struct.pack(o + 'q', BigInt(secs)));
    }
    case 'DOS date/time': {
      const { ms, fraction } = parseUtc(t), d = new Date(ms);
      const y = d.getUTCFullYear(), sec = d.getUTCSeconds();
      if (y < 1980 || y > 2107) throw valueError(`DOS dates are 1980 to 2107, not ${y}`);
      if (sec % 2 || /[1-9]/.test(fraction)) throw valueError(`DOS times count 2 seconds: '${t}' has an odd second or a fraction`);
      const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (sec >> 1);
      const day = ((y - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
      return fixed(struct.pack(o + 'HH', time, day));
    }
    case 'FILETIME': {
      const { ms, fraction } = parseUtc(t);
      if (fraction.length > 7) throw valueError(`FILETIME counts 100 ns: '${t}' has more than 7 digits after the point`);
      const ticks = BigInt(ms) * 10000n + BigInt(fraction.padEnd(7, '0')) + FILETIME_EPOCH;
      if (ticks < 0n) throw valueError(`FILETIME starts at 1601-01-01: '${t}' is before it`);
      return fixed(struct.pack(o + 'Q', ticks));
    }
    case 'GUID': {
      const m = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i.exec(t);
      if (!m) throw valueError(`not a GUID: '${t}' (use 8-4-4-4-12 hex digits)`);
      const tail = Uint8Array.from((m[4] + m[5]).match(/../g), (x) => parseInt(x, 16));
      return fixed(struct.pack(o + 'IHH8s', parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16), tail));
    }
    default: throw valueError(`the ${label} row cannot be written`);
  }
}

/** Text for a decoded value, in Python's spelling where it differs from JS. */
export function showValue(v, code = '') {
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return bytesRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' && ('efd'.includes(code) && code !== '' || !Number.isFinite(v))) return pyFloat(v);
  return String(v);
}

/**
 * Python's repr of a float: the shortest digits that read back (JS finds the
 * same ones), laid out as Python does: fixed for exponents -4..15 with at
 * least one decimal ('1.0', '-0.0'), else '1e+16', '1.5e-05'.
 */
export function pyFloat(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const sign = v < 0 ? '-' : '';
  const [m, e] = Math.abs(v).toExponential().split('e');
  const digits = m.replace('.', ''), exp = Number(e), n = digits.length;
  if (exp >= -4 && exp < 16) {
    if (exp >= n - 1) return `${sign}${digits}${'0'.repeat(exp - n + 1)}.0`;
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  const mant = n > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's repr of bytes: b'BM\x00...'. */
export function bytesRepr(u8) {
  let s = "b'";
  for (const b of u8) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x27) s += "\\'";
    else if (b === 0x09) s += '\\t';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return s + "'";
}

/**
 * Reads what a user typed for a value of struct code `code` into what
 * struct.pack takes. Malformed text throws a ValueError-like Error with a
 * message for the user; range errors are left to struct.pack, whose messages
 * are CPython's.
 */
export function parseValue(code, text) {
  const t = text.trim();
  if ('sp'.includes(code) || code === 'c') return parseBytes(t);
  if (code === '?') {
    if (/^(true|1)$/i.test(t)) return true;
    if (/^(false|0)$/i.test(t)) return false;
    throw new Error(`not a bool: '${t}' (use True or False)`);
  }
  if ('efd'.includes(code)) {
    const special = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '-infinity': -Infinity };
    if (t.toLowerCase() in special) return special[t.toLowerCase()];
    if (t === '' || Number.isNaN(Number(t))) throw new Error(`could not convert string to float: '${t}'`);
    return Number(t);
  }
  // Integers: decimal, or 0x / 0o / 0b, with an optional sign.
  const m = /^([+-]?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|\d+)$/i.exec(t.replace(/_/g, ''));
  if (!m) throw new Error(`invalid literal for int() with base 0: '${t}'`);
  let n = BigInt(m[2]);
  if (m[1] === '-') n = -n;
  if ('qQ'.includes(code)) return n;
  // Only q and Q exceed the safe integer range, and they take a bigint above.
  return Number(n);
}

/** b'..' (Python escapes) or plain text (each char one byte, Latin-1). */
function parseBytes(t) {
  const m = /^b(['"])(.*)\1$/s.exec(t);
  const body = m ? m[2] : t;
  const out = [];
  for (let i = 0; i < body.length; i++) {
    let c = body[i];
    if (m && c === '\\' && i + 1 < body.length) {
      const e = body[++i];
      const simple = { n: 10, r: 13, t: 9, '0': 0, '\\': 92, "'": 39, '"': 34 };
      if (e === 'x') {
        const h = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error(`invalid \\x escape at position ${i - 1}`);
        out.push(parseInt(h, 16)); i += 2; continue;
      }
      if (e in simple) { out.push(simple[e]); continue; }
      out.push(92); c = e;
    }
    const code = c.charCodeAt(0);
    if (code > 0xff) throw new Error(`bytes can only contain ASCII or Latin-1 characters, not '${c}'`);
    out.push(code);
  }
  return new Uint8Array(out);
}

/**
 * Named templates: Python's struct syntax, with a name after each item and a
 * little more. The grammar (whitespace between items is optional):
 *
 *   [<>!=@] item*          the byte order applies to the whole template
 *   item  := [N]code[:name]    a struct item: '4s:magic', 'I:size', '3H:rgb'
 *          | {field}code[:name] a count taken from a field decoded before:
 *                              'H:name_len {name_len}s:name'
 *          | @N | @+N          go to offset N of the template (nested headers),
 *                              or skip N bytes; N decimal or 0x
 *          | (item*)*N[:name]  a group repeated N (or {field}) times
 *
 * A plain struct format ('<2sIHHI') is a template too. Each run of items
 * between offsets keeps struct's own layout: the offset of an item after the
 * run P so far is calcsize(P + '0' + code) (a zero count adds no bytes but
 * applies the item's alignment under '@'). Values come from
 * struct.unpack_from, and writing a field packs it with struct.pack.
 */
export function compileTemplate(format) {
  const src = format;
  let i = 0;
  const skip = () => { while (i < src.length && /\s/.test(src[i])) i++; };
  skip();
  let order = '';
  if (i < src.length && '@=<>!'.includes(src[i])) order = src[i++];
  const native = order === '' || order === '@';
  const num = () => {
    const m = /^(0x[0-9a-f]+|\d+)/i.exec(src.slice(i));
    if (!m) return null;
    i += m[0].length;
    return Number(m[0]);
  };
  const name = () => {
    if (src[i] !== ':') return null;
    const m = /^:([A-Za-z_][\w.]*)/.exec(src.slice(i));
    if (!m) throw Object.assign(new Error(`a name must follow ':' at position ${i}`), { name: 'struct.error' });
    i += m[0].length;
    return m[1];
  };
  const count = () => {
    if (src[i] === '{') {
      const m = /^\{([A-Za-z_][\w.]*)\}/.exec(src.slice(i));
      if (!m) throw Object.assign(new Error(`bad {field} count at position ${i}`), { name: 'struct.error' });
      i += m[0].length;
      return { ref: m[1] };
    }
    return num();
  };
  const items = (closing) => {
    const out = [];
    for (;;) {
      skip();
      if (i >= src.length) { if (closing) throw Object.assign(new Error("missing ')'"), { name: 'struct.error' }); return out; }
      if (src[i] === ')') { if (!closing) throw Object.assign(new Error("unbalanced ')'"), { name: 'struct.error' }); i++; return out; }
      if (src[i] === '@') {
        i++;
        const rel = src[i] === '+' ? (i++, true) : false;
        const n = num();
        if (n === null) throw Object.assign(new Error(`an offset must follow '@' at position ${i}`), { name: 'struct.error' });
        out.push({ kind: 'seek', rel, n });
        continue;
      }
      if (src[i] === '(') {
        i++;
        const body = items(true);
        let times = 1;
        if (src[i] === '*') { i++; times = count(); if (times === null) throw Object.assign(new Error(`a count must follow '*' at position ${i}`), { name: 'struct.error' }); }
        out.push({ kind: 'group', body, times, name: name() });
        continue;
      }
      const c = count();
      const code = src[i++];
      // Anything struct does not know: struct's own error (CPython's message).
      struct.calcsize(order + '0' + code);
      out.push({ kind: 'field', code, count: c ?? 1, name: name() });
    }
  };
  const tree = items(false);
  const tpl = { format, order, native, tree, size: -1, fields: null };
  // The layout over no bytes: known when no count refers to a field.
  try { const l = layoutTemplate(tpl, null); tpl.size = l.size; tpl.fields = l.fields; } catch (e) { if (!e.short) throw e; }
  if (tpl.fields && !/[:({@]/.test(format)) tpl.st = new struct.Struct(format);   // validates a plain format whole
  return tpl;
}

/**
 * Lays a template over `view` from `offset` (view null: without bytes, for a
 * template whose counts are all numbers). Returns { size, fields, values }:
 * each field { index, name, code, count, offset, size, fmt } (offset from the
 * template's start; fmt packs and unpacks its one value) and, with a view,
 * values[k] from struct.unpack_from. Throws { needsBytes } when the view ends
 * before the template does.
 */
export function layoutTemplate(tpl, view, offset = 0) {
  const order = tpl.order, fields = [], values = [], byName = new Map();
  let end = 0;
  const short = (need) => Object.assign(new Error(`needs ${need} bytes`), { needsBytes: need, short: true, name: 'ValueError' });
  const resolve = (c) => {
    if (typeof c === 'number') return c;
    if (!view) throw short(0);
    const v = byName.get(c.ref);
    if (v === undefined) throw Object.assign(new Error(`no field '${c.ref}' before its use as a count`), { name: 'struct.error' });
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 1 << 20) throw Object.assign(new Error(`field '${c.ref}' is ${v}: not a count`), { name: 'ValueError' });
    return n;
  };
  const walk = (list, base, prefix, scope) => {
    let runStart = base;
    for (const it of list) {
      if (it.kind === 'seek') {
        runStart = it.rel ? runStart + struct.calcsize(prefix) + it.n : it.n;
        prefix = order;
        continue;
      }
      if (it.kind === 'group') {
        const times = resolve(it.times);
        let at = runStart + struct.calcsize(prefix);
        for (let r = 0; r < times; r++) {
          const label = it.name ? `${scope}${it.name}${it.times === 1 ? '' : `[${r}]`}.` : scope;
          at = walk(it.body, at, order, label);
        }
        runStart = at; prefix = order;
        continue;
      }
      const n = resolve(it.count);
      const start = runStart + struct.calcsize(prefix + '0' + it.code);
      const full = scope + (it.name || '');
      if (it.code === 's' || it.code === 'p') {
        add({ name: full || null, code: it.code, count: n, offset: start, size: n, fmt: `${order}${n}${it.code}` });
      } else if (it.code !== 'x') {
        const size = struct.calcsize(order + it.code);
        for (let k = 0; k < n; k++)
          add({ name: full ? (n === 1 && typeof it.count === 'number' && it.count === 1 ? full : `${full}[${k}]`) : null,
            code: it.code, count: 1, offset: start + k * size, size, fmt: order + it.code }, full && n === 1 ? full : null);
      }
      prefix += `${n}${it.code}`;
      end = Math.max(end, runStart + struct.calcsize(prefix));
    }
    const stop = runStart + struct.calcsize(prefix);
    end = Math.max(end, stop);
    return stop;
  };
  function add(f, alias) {
    f.index = fields.length;
    fields.push(f);
    if (view) {
      if (offset + f.offset + f.size > view.nbytes) throw short(f.offset + f.size);
      const v = struct.unpack_from(f.fmt, view, offset + f.offset)[0];
      values.push(v);
      if (f.name) byName.set(f.name, v);
      if (alias) byName.set(alias, v);
      const short1 = f.name?.split('.').pop();
      if (short1) byName.set(short1, v);
    }
  }
  walk(tpl.tree, 0, order, '');
  return { size: end, fields, values };
}

/**
 * The values of a compiled template at `offset` of `view`, or a reason it does
 * not fit. `at` is the file offset the message names (the view may be a window
 * of the file that starts there). Returns { values, fields, size, reason }.
 */
export function applyTemplate(tpl, view, offset, at = offset) {
  const avail = view.nbytes - offset;
  if (tpl.size >= 0 && tpl.size > avail)
    return { values: null, fields: tpl.fields, size: tpl.size, reason: `needs ${tpl.size} bytes at 0x${at.toString(16)}, only ${Math.max(0, avail)} left` };
  try {
    const l = layoutTemplate(tpl, view, offset);
    return { values: l.values, fields: l.fields, size: l.size, reason: null };
  } catch (e) {
    if (e.short) return { values: null, fields: null, size: -1, reason: `needs ${e.needsBytes} bytes at 0x${at.toString(16)}, only ${Math.max(0, avail)} left` };
    throw e;
  }
}

/** What a template's byte order means, for the panel. */
export function templateNote(tpl) {
  return tpl.native ? 'native sizes and alignment of wasm32 (l, L, n, N, P are 4 bytes; items aligned); start with < or > for standard sizes' : '';
}

/** The template library: common file headers, in named struct syntax. */
export const TEMPLATE_LIBRARY = {
  png: ['PNG signature + IHDR', '>8s:signature I:ihdr_length 4s:ihdr_type I:width I:height B:bit_depth B:color_type B:compression B:filter B:interlace I:ihdr_crc'],
  zip: ['ZIP local file header', '<4s:signature H:version H:flags H:method H:mod_time H:mod_date I:crc32 I:compressed_size I:uncompressed_size H:name_length H:extra_length {name_length}s:name {extra_length}s:extra'],
  gzip: ['gzip header', '<2s:magic B:method B:flags I:mtime B:extra_flags B:os'],
  elf64le: ['ELF64 header (little-endian)', '<4s:magic B:class B:data B:version B:osabi B:abiversion 7x H:type H:machine I:elf_version Q:entry Q:phoff Q:shoff I:flags H:ehsize H:phentsize H:phnum H:shentsize H:shnum H:shstrndx'],
  elf64be: ['ELF64 header (big-endian)', '>4s:magic B:class B:data B:version B:osabi B:abiversion 7x H:type H:machine I:elf_version Q:entry Q:phoff Q:shoff I:flags H:ehsize H:phentsize H:phnum H:shentsize H:shnum H:shstrndx'],
  elf32le: ['ELF32 header (little-endian)', '<4s:magic B:class B:data B:version B:osabi B:abiversion 7x H:type H:machine I:elf_version I:entry I:phoff I:shoff I:flags H:ehsize H:phentsize H:phnum H:shentsize H:shnum H:shstrndx'],
  elf32be: ['ELF32 header (big-endian)', '>4s:magic B:class B:data B:version B:osabi B:abiversion 7x H:type H:machine I:elf_version I:entry I:phoff I:shoff I:flags H:ehsize H:phentsize H:phnum H:shentsize H:shnum H:shstrndx'],
  bmp: ['BMP file + info header', '<2s:magic I:file_size H:reserved1 H:reserved2 I:pixel_offset I:header_size i:width i:height H:planes H:bits_per_pixel I:compression I:image_size i:x_ppm i:y_ppm I:colors_used I:colors_important'],
  wav: ['WAV RIFF + fmt + data', '<4s:riff I:riff_size 4s:wave 4s:fmt_id I:fmt_size H:format H:channels I:sample_rate I:byte_rate H:block_align H:bits_per_sample 4s:data_id I:data_size'],
};

/** The library template a file's first bytes (a Uint8Array) call for, or null. */
export function detectTemplate(head) {
  const at = (s, o = 0) => [...s].every((c, k) => head[o + k] === c.charCodeAt(0));
  if (head[0] === 0x89 && at('PNG\r\n\x1a\n', 1)) return 'png';
  if (at('PK\x03\x04')) return 'zip';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (at('\x7fELF')) return `elf${head[4] === 1 ? '32' : '64'}${head[5] === 2 ? 'be' : 'le'}`;
  if (at('BM') && head.length >= 18 && head[14] >= 12) return 'bmp';
  if (at('RIFF') && at('WAVE', 8)) return 'wav';
  return null;
}

/** Built-in templates for common headers (and the sample BMP). */
export const TEMPLATE_PRESETS = [
  ...Object.values(TEMPLATE_LIBRARY),
  ['BMP file header', '<2sIHHI'],
  ['BMP info header (at 0xe)', '<IiiHHIIiiII'],
  ['PNG signature + IHDR', '>8sI4sIIBBBBBI'],
  ['GIF header', '<6sHHBBB'],
  ['WAV RIFF + fmt', '<4sI4s4sIHHIIHH'],
  ['ELF identification', '4sBBBBB7x'],
  ['ZIP local file header', '<4sHHHHHIIIHH'],
  ['Python: 4sIHH', '<4sIHH'],
];
