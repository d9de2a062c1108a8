// memview find FILE PATTERN [--hex]
//
// Prints, one per line in decimal, every offset where PATTERN occurs in FILE,
// overlapping matches included ("aa" in "aaa" is found at 0 and 1). PATTERN
// is text (its UTF-8 bytes) or, with --hex, hex digits as bytes.fromhex reads
// them ("de ad be ef").
//
// The file is scanned in chunks; the last len(PATTERN) - 1 bytes of a chunk
// are kept in front of the next one so that a match across a chunk boundary
// is found once.

import { parseArgs, parseHexBytes } from './args.js';
import { UsageError } from './errors.js';
import { ChunkReader, openFile, DEFAULT_CHUNK } from './input.js';
import { Output, Progress } from './output.js';
import { bytes } from 'memview';

const OPTIONS = {
  '--hex': { key: 'hex' },
  '-x': { key: 'hex' },
  '-h': { key: 'help' },
  '--help': { key: 'help' },
};

// Patterns come from the command line; this bounds the carried-over tail.
const MAX_PATTERN = 4096;

export const usage = 'usage: memview find FILE PATTERN [--hex]';

export function patternBytes(text, hex) {
  const bytes = hex ? parseHexBytes(text, 'PATTERN') : new TextEncoder().encode(text);
  if (bytes.length === 0) throw new UsageError('empty PATTERN');
  if (bytes.length > MAX_PATTERN) throw new UsageError(`PATTERN longer than ${MAX_PATTERN} bytes`);
  return bytes;
}

export async function find(argv, io = process) {
  const { opts, positional } = parseArgs(argv, OPTIONS);
  if (opts.help) return { usage };
  if (positional.length !== 2) throw new UsageError('expected FILE PATTERN');
  const [file, patternText] = positional;
  // The pattern lives in wasm memory beside the chunk: each find (C, SIMD in
  // wasm) then copies nothing.
  const pattern = bytes(patternBytes(patternText, opts.hex));
  const { fd, size } = openFile(file);
  const keep = pattern.length - 1;
  // The buffer holds the kept tail plus a fresh chunk.
  const reader = new ChunkReader(file, fd, DEFAULT_CHUNK + keep);
  const hay = reader.buffer; // a bytearray: find() is bytes.find
  const out = new Output(io.stdout);
  const progress = new Progress('memview find', size, { stream: io.stderr, outputIsTTY: io.stdout.isTTY });
  let found = 0;
  try {
    let pos = 0; // file offset of the next byte to read
    let carried = 0; // bytes of the previous chunk kept at the front
    for (;;) {
      const fresh = readAfter(reader, carried, pos);
      if (fresh === 0) break;
      const window = carried + fresh;
      const base = pos - carried; // file offset of window[0]
      const lines = [];
      for (let at = hay.find(pattern, 0, window); at !== -1; at = hay.find(pattern, at + 1, window)) {
        lines.push(`${base + at}\n`);
      }
      const u8 = reader.view.asTypedArray();
      found += lines.length;
      out.write(lines.join(''));
      pos += fresh;
      carried = Math.min(keep, window);
      u8.copyWithin(0, window - carried, window);
      progress.update(pos);
      await out.flushIfFull();
      if (out.closed) break; // the reader went away
    }
    await out.flush();
  } finally {
    progress.finish(); // after an error too: the message would follow the progress line
    reader.close();
  }
  // As grep: exit 1 when nothing was found, without a message.
  return { exitCode: found ? 0 : 1 };
}

// Reads the next chunk of the file into the reader's buffer after the
// `carried` bytes at its front; returns how many bytes were read.
function readAfter(reader, carried, pos) {
  const view = reader.view.slice(carried);
  try {
    let got = 0;
    const want = reader.chunkSize - carried;
    while (got < want) {
      const n = reader.readInto(view, got, want - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    return got;
  } finally {
    view.release();
  }
}
