// Copy as: a selection's bytes as text in several notations, and text back to
// bytes for paste. Hex digits come from memoryview.hex (memview), the Python
// literal from decode.js's bytesRepr; used by the page for small selections
// and by the worker for large ones.

import { memoryview } from '../js/memview.js';
import { bytesRepr } from './decode.js';

/** "1 byte", "2,048 bytes". */
export const plural = (n, what) => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;
/** An offset in hex, negative ones as -0x10. */
export const hexOff = (n) => `${n < 0 ? '-' : ''}0x${(n < 0 ? -n : n).toString(16)}`;

export const COPY_FORMATS = {
  hex: 'hex (42 4d 36)',
  text: 'text (UTF-8)',
  c: 'C array',
  python: 'Python bytes literal',
  base64: 'base64',
  js: 'JS Uint8Array',
};

function hexList(u8) {
  if (!u8.length) return [];
  const m = memoryview(u8);
  try { return m.hex(' ').split(' '); } finally { m.release(); }
}

/** The bytes `u8` as text in notation `kind` (a key of COPY_FORMATS). */
export function formatBytes(kind, u8) {
  switch (kind) {
    case 'hex': { const m = memoryview(u8); try { return m.hex(' '); } finally { m.release(); } }
    case 'text': return new TextDecoder('utf-8').decode(u8);
    case 'python': return bytesRepr(u8);
    case 'base64': {
      let s = '';
      for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
      return btoa(s);
    }
    case 'c': {
      const h = hexList(u8).map((x) => '0x' + x), lines = [];
      for (let i = 0; i < h.length; i += 12) lines.push('  ' + h.slice(i, i + 12).join(', '));
      return `unsigned char data[${u8.length}] = {\n${lines.join(',\n')}\n};`;
    }
    case 'js': {
      const h = hexList(u8).map((x) => '0x' + x), lines = [];
      for (let i = 0; i < h.length; i += 12) lines.push('  ' + h.slice(i, i + 12).join(', '));
      return `new Uint8Array([\n${lines.join(',\n')}\n])`;
    }
    default: throw new Error(`no copy format '${kind}'`);
  }
}

/**
 * Hex text as bytes: pairs of digits, with any spaces, commas, newlines,
 * '0x' prefixes or '\x' escapes between them. Throws with what is wrong.
 */
export function parseHexText(text) {
  const hex = text.replace(/0x|\\x/gi, '').replace(/[\s,;:{}[\]]/g, '');
  if (!hex) throw new Error('the clipboard holds no hex digits');
  const bad = /[^0-9a-f]/i.exec(hex);
  if (bad) throw new Error(`the clipboard is not hex: '${bad[0]}' (paste text in the text column)`);
  if (hex.length % 2) throw new Error(`odd number of hex digits (${hex.length}): each byte needs two`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}
