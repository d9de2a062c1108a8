// Command-line parsing shared by every subcommand.
//
// A command declares its options as { '-c': { key: 'cols', value: true }, ... }.
// Short options take their value attached or separate (-c8, -c 8); long ones
// as --offset 8 or --offset=8. "--" ends the options. Options may come before
// or after the positional arguments. Anything unknown is a UsageError.

import { UsageError } from './errors.js';

export function parseArgs(argv, spec) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    // A lone "-" and negative numbers (patch FILE -1 ..) are positional.
    if (arg.length < 2 || arg[0] !== '-' || (/^-[0-9]/.test(arg) && !(arg.slice(0, 2) in spec))) {
      positional.push(arg);
      continue;
    }

    let name = arg;
    let attached;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq >= 0) { name = arg.slice(0, eq); attached = arg.slice(eq + 1); }
    } else if (!(arg in spec) && arg.slice(0, 2) in spec && spec[arg.slice(0, 2)].value) {
      name = arg.slice(0, 2);
      attached = arg.slice(2);
    }
    const opt = spec[name];
    if (!opt) throw new UsageError(`unknown option '${arg}'`);
    if (!opt.value) {
      if (attached !== undefined) throw new UsageError(`option '${name}' takes no value`);
      opts[opt.key] = true;
      continue;
    }
    if (attached === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`option '${name}' needs a value`);
      attached = argv[++i];
    }
    opts[opt.key] = attached;
  }
  return { opts, positional };
}

// An integer as C's strtol(s, NULL, 0) reads a whole string: an optional sign,
// then 0x/0X hex, a leading 0 for octal, or decimal. Unlike strtol, trailing
// garbage or an empty string is an error, so "-c 1O" never silently means 1.
const INTEGER = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

export function parseInteger(text, what) {
  const m = INTEGER.exec(text);
  if (!m) throw new UsageError(`invalid number '${text}' for ${what}`);
  const digits = m[2];
  let value;
  if (/^0[xX]/.test(digits)) value = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits[0] === '0') value = parseInt(digits.slice(1), 8);
  else value = parseInt(digits, 10);
  if (!Number.isSafeInteger(value)) throw new UsageError(`number '${text}' for ${what} is too large`);
  return { sign: m[1], value: m[1] === '-' ? -value : value };
}

// A non-negative integer in decimal or 0x hex, e.g. an offset or a count
// ("010" is ten here: only xxd's own options follow strtol's octal).
export function parseCount(text, what) {
  let value = NaN;
  if (/^[0-9]+$/.test(text)) value = parseInt(text, 10);
  else if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^-[0-9]/.test(text)) throw new UsageError(`${what} must not be negative, got '${text}'`);
  if (Number.isNaN(value)) throw new UsageError(`invalid number '${text}' for ${what}`);
  if (!Number.isSafeInteger(value)) throw new UsageError(`number '${text}' for ${what} is too large`);
  return value;
}

// Hex digits to bytes, as Python's bytes.fromhex: pairs of hex digits, with
// ASCII whitespace (not JS's \s, which has Unicode spaces too) allowed
// between pairs only. Returns a Uint8Array.
export function parseHexBytes(text, what) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    if (/[ \t\n\r\v\f]/.test(text[i])) { i++; continue; }
    const pair = text.slice(i, i + 2);
    if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
      throw new UsageError(`${what} is not valid hex: non-hexadecimal number found at position ${i}`);
    }
    out.push(parseInt(pair, 16));
    i += 2;
  }
  return Uint8Array.from(out);
}
