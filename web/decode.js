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

/** Text for a decoded value, in Python's spelling where it differs from JS. */
export function showValue(v) {
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return bytesRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  return String(v);
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
 * Compiles a template. Returns { st, format, size, fields } where each field is
 * { index, code, offset, size } relative to the start, one per value that
 * st.unpack returns. Throws struct.error (CPython's message) for a bad format.
 *
 * Field offsets come from struct itself: the offset of an item after prefix P
 * is calcsize(P + '0' + code), since a zero count adds no bytes but applies the
 * item's alignment under '@' (and is a no-op for the other byte orders).
 */
export function compileTemplate(format) {
  const st = new struct.Struct(format);     // validates; throws struct.error
  const src = format;
  let i = 0;
  while (i < src.length && /\s/.test(src[i])) i++;
  let order = '';
  if ('@=<>!'.includes(src[i]) && i < src.length) order = src[i++];
  const fields = [];
  let prefix = order;
  while (i < src.length) {
    if (/\s/.test(src[i])) { i++; continue; }
    let digits = '';
    while (/[0-9]/.test(src[i])) digits += src[i++];
    const code = src[i++];
    const count = digits === '' ? 1 : Number(digits);
    const start = struct.calcsize(prefix + '0' + code);
    if (code === 's' || code === 'p') {
      fields.push({ index: fields.length, code, count, offset: start, size: count });
    } else if (code !== 'x') {
      const size = struct.calcsize(order + code) || struct.calcsize('@' + code);
      for (let k = 0; k < count; k++) fields.push({ index: fields.length, code, count: 1, offset: start + k * size, size });
    }
    prefix += digits + code;
  }
  return { st, format, size: st.size, fields };
}

/**
 * The values of a compiled template at `offset` of `view`, or a reason it does
 * not fit. `at` is the file offset the message names (the view may be a window
 * of the file that starts there).
 */
export function applyTemplate(tpl, view, offset, at = offset) {
  const avail = view.nbytes - offset;
  if (tpl.size > avail)
    return { values: null, reason: `needs ${tpl.size} bytes at 0x${at.toString(16)}, only ${Math.max(0, avail)} left` };
  return { values: tpl.st.unpack_from(view, offset), reason: null };
}

/** Built-in templates for common headers (and the sample BMP). */
export const TEMPLATE_PRESETS = [
  ['BMP file header', '<2sIHHI'],
  ['BMP info header (at 0xe)', '<IiiHHIIiiII'],
  ['PNG signature + IHDR', '>8sI4sIIBBBBBI'],
  ['GIF header', '<6sHHBBB'],
  ['WAV RIFF + fmt', '<4sI4s4sIHHIIHH'],
  ['ELF identification', '4sBBBBB7x'],
  ['ZIP local file header', '<4sHHHHHIIIHH'],
  ['Python: 4sIHH', '<4sIHH'],
];
