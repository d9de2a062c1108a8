// memview xxd [-c COLS] [-g GROUP] [-s SEEK] [-l LEN] [-u] [-p] FILE
//
// Output is byte for byte that of xxd (vim's, 2022-01-14) with the same
// options, including its quirks: -c 0 means the default, except with -p where
// it means one endless line (always ended by a newline, even when empty); a
// negative -g means the default 2; -g 0 or a group wider than the line means
// one group per line; a negative -l means no limit; -s -N starts N bytes
// before the end; the address is never uppercased by -u. Unlike xxd, a value
// that is not a whole number (-c abc) is an error rather than 0.
//
// Each chunk is formatted with one call into the core: memoryview.hex(' ', -g)
// groups the bytes from the left exactly as xxd does, so when a line holds
// whole groups every line is a fixed-width substring of that one string.

import { parseArgs, parseInteger } from './args.js';
import { CliError, UsageError } from './errors.js';
import { ChunkReader, openFile, DEFAULT_CHUNK } from './input.js';
import { Output, Progress } from './output.js';
import { AsciiColumn, hex8 } from './dump.js';

const OPTIONS = {
  '-c': { key: 'cols', value: true },
  '-g': { key: 'group', value: true },
  '-s': { key: 'seek', value: true },
  '-l': { key: 'len', value: true },
  '-u': { key: 'upper' },
  '-p': { key: 'plain' },
  '-ps': { key: 'plain' },
  '-h': { key: 'help' },
  '--help': { key: 'help' },
};

const MAX_COLS = 256;

export const usage = 'usage: memview xxd [-c COLS] [-g GROUP] [-s [-]SEEK] [-l LEN] [-u] [-p] FILE';

// The options as xxd resolves them, before the file is known.
export function xxdSettings(opts) {
  const plain = Boolean(opts.plain);
  let cols = opts.cols === undefined ? 0 : parseInteger(opts.cols, '-c').value;
  if (cols < 0 || (!plain && cols > MAX_COLS)) {
    throw new UsageError(`invalid number of columns '${opts.cols}' (0..${MAX_COLS}${plain ? ', or more with -p' : ''})`);
  }
  if (cols === 0 && !(plain && opts.cols !== undefined)) cols = plain ? 30 : 16;
  let group = opts.group === undefined ? -1 : parseInteger(opts.group, '-g').value;
  if (group < 0) group = 2;
  if (group === 0 || group > cols) group = cols;
  const len = opts.len === undefined ? -1 : parseInteger(opts.len, '-l').value;
  const seek = opts.seek === undefined ? { sign: '', value: 0 } : parseInteger(opts.seek, '-s');
  return { plain, cols, group, len: len < 0 ? Infinity : len, seek, upper: Boolean(opts.upper) };
}

// Where a dump starts in a file of `size` bytes: -s N from the start, -s -N
// from the end (even -s -0).
function startOffset(seek, size) {
  if (seek.sign !== '-') return seek.value;
  const start = size + seek.value;
  if (start < 0) throw new CliError(`cannot seek to ${seek.value}: the file has only ${size} bytes`);
  return start;
}

export async function xxd(argv, io = process) {
  const { opts, positional } = parseArgs(argv, OPTIONS);
  if (opts.help) return { usage };
  if (positional.length !== 1) throw new UsageError(positional.length ? `one FILE expected, got ${positional.length}` : 'missing FILE');
  const settings = xxdSettings(opts);
  const file = positional[0];
  const { fd, size } = openFile(file);
  const reader = new ChunkReader(file, fd, DEFAULT_CHUNK);
  const out = new Output(io.stdout);
  let progress = null;
  try {
    const start = startOffset(settings.seek, size);
    const total = Math.max(0, Math.min(size - start, settings.len));
    progress = new Progress('memview xxd', total, { stream: io.stderr, outputIsTTY: io.stdout.isTTY });
    const format = settings.plain ? plainLines(settings) : hexLines(settings, reader.chunkSize);
    // Lines never straddle chunks: a chunk is a whole number of lines.
    const step = settings.plain ? 1 : settings.cols;
    for (const { view, offset, length } of reader.chunks(start, settings.len, step)) {
      out.write(format.chunk(view, offset, length));
      progress.update(offset + length - start);
      await out.flushIfFull();
      if (out.closed) break; // the reader went away
    }
    out.write(format.end());
    await out.flush();
  } finally {
    progress?.finish(); // after an error too: the message would follow the progress line
    reader.close();
  }
  return {};
}

// xxd -p: `cols` bytes of hex per line; -c 0 gives a single line. A line
// may be longer than a chunk (-p has no column limit), so the position in
// the current line carries over from chunk to chunk.
function plainLines({ cols, upper }) {
  let used = 0; // bytes already on the current, unfinished line
  return {
    chunk(view, offset, length) {
      let hex = view.hex();
      if (upper) hex = hex.toUpperCase();
      if (cols === 0) return hex;
      const parts = [];
      for (let at = 0; at < length;) {
        const n = Math.min(cols - used, length - at);
        parts.push(hex.slice(2 * at, 2 * (at + n)));
        at += n;
        used += n;
        if (used === cols) { parts.push('\n'); used = 0; }
      }
      return parts.join('');
    },
    end() {
      return cols === 0 || used > 0 ? '\n' : '';
    },
  };
}

// The normal dump: "ADDR: hex groups  ascii".
function hexLines({ cols, group, upper }, chunkSize) {
  const ascii = new AsciiColumn(chunkSize);
  // Width of a full line's hex: 2 digits a byte, one space between groups.
  const hexWidth = 2 * cols + Math.floor((cols - 1) / group);
  const wholeGroups = cols % group === 0;
  const lineHexStride = wholeGroups ? (cols / group) * (2 * group + 1) : 0;
  return {
    chunk(view, offset, length) {
      const text = ascii.render(view.asTypedArray());
      // Whole groups per line: one hex() call for the chunk, cut into lines.
      let grouped = wholeGroups ? view.hex(' ', -group) : null;
      if (grouped !== null && upper) grouped = grouped.toUpperCase();
      const lines = [];
      for (let at = 0, i = 0; at < length; at += cols, i++) {
        const n = Math.min(cols, length - at);
        let hex;
        if (grouped !== null) {
          hex = grouped.slice(i * lineHexStride, i * lineHexStride + lineHexStride - 1);
        } else {
          const line = view.slice(at, at + n);
          hex = line.hex(' ', -group);
          line.release();
          if (upper) hex = hex.toUpperCase();
        }
        lines.push(`${hex8(offset + at)}: ${hex.padEnd(hexWidth)}  ${text.slice(at, at + n)}\n`);
      }
      return lines.join('');
    },
    end() { return ''; },
  };
}
