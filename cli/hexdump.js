// memview hexdump -C FILE
//
// Byte for byte `hexdump -C`: "OFFSET  8 bytes  8 bytes  |ascii|", a run of
// lines equal to the one before shown as a single "*", and a last line with
// the file's length (nothing at all for an empty file).
//
// Each chunk (a whole number of 16-byte lines) goes through one
// memoryview.hex(' ') call; a line is a substring of it, and two lines are
// equal exactly when those substrings are, which is how runs are squeezed.

import { parseArgs } from './args.js';
import { UsageError } from './errors.js';
import { ChunkReader, openFile, DEFAULT_CHUNK } from './input.js';
import { Output, Progress } from './output.js';
import { AsciiColumn, hex8 } from './dump.js';

const OPTIONS = {
  '-C': { key: 'canonical' },
  '-h': { key: 'help' },
  '--help': { key: 'help' },
};

const LINE = 16;
const HALF = 8;
// 8 bytes as "xx xx .. xx" and the same again, two spaces between the halves.
const HEX_WIDTH = 3 * LINE + 1;

export const usage = 'usage: memview hexdump -C FILE';

export async function hexdump(argv, io = process) {
  const { opts, positional } = parseArgs(argv, OPTIONS);
  if (opts.help) return { usage };
  if (!opts.canonical) throw new UsageError('only the canonical format is supported: memview hexdump -C FILE');
  if (positional.length !== 1) throw new UsageError(positional.length ? `one FILE expected, got ${positional.length}` : 'missing FILE');
  const file = positional[0];
  const { fd, size } = openFile(file);
  const reader = new ChunkReader(file, fd, DEFAULT_CHUNK);
  const out = new Output(io.stdout);
  const ascii = new AsciiColumn(reader.chunkSize);
  const progress = new Progress('memview hexdump', size, { stream: io.stderr, outputIsTTY: io.stdout.isTTY });
  let previous = null; // hex of the last full line, for squeezing
  let squeezing = false;
  let end = 0;
  try {
    for (const { view, offset, length } of reader.chunks(0, Infinity, LINE)) {
      const hex = view.hex(' ');
      const text = ascii.render(view.asTypedArray());
      const lines = [];
      for (let at = 0; at < length; at += LINE) {
        const n = Math.min(LINE, length - at);
        const lineHex = hex.slice(3 * at, 3 * (at + n) - 1);
        if (n === LINE && lineHex === previous) {
          if (!squeezing) lines.push('*\n');
          squeezing = true;
          continue;
        }
        squeezing = false;
        previous = n === LINE ? lineHex : null;
        // The gap between the halves is one space wider than between bytes.
        const shown = n > HALF ? `${lineHex.slice(0, 3 * HALF - 1)}  ${lineHex.slice(3 * HALF)}` : lineHex;
        lines.push(`${hex8(offset + at)}  ${shown.padEnd(HEX_WIDTH)} |${text.slice(at, at + n)}|\n`);
      }
      end = offset + length;
      out.write(lines.join(''));
      progress.update(end);
      await out.flushIfFull();
      if (out.closed) break; // the reader went away
    }
    if (end > 0) out.write(`${hex8(end)}\n`);
    await out.flush();
  } finally {
    progress.finish(); // after an error too: the message would follow the progress line
    reader.close();
  }
  return {};
}
