// memview patch FILE OFFSET HEXBYTES
//
// Overwrites bytes of FILE in place, starting at OFFSET (decimal or 0x hex).
// The file keeps its size: it is opened without truncation and a patch that
// would run past its end is refused before anything is written. Prints what
// was there and what is there now.

import fs from 'node:fs';
import { bytes, bytearray, memoryview } from 'memview';
import { parseArgs, parseCount, parseHexBytes } from './args.js';
import { CliError, UsageError, fileError } from './errors.js';
import { openFile } from './input.js';
import { Output } from './output.js';

const OPTIONS = {
  '-h': { key: 'help' },
  '--help': { key: 'help' },
};

// A patch is given on the command line; this keeps its buffers small.
const MAX_PATCH = 1 << 20;

export const usage = 'usage: memview patch FILE OFFSET HEXBYTES';

export async function patch(argv, io = process) {
  const { opts, positional } = parseArgs(argv, OPTIONS);
  if (opts.help) return { usage };
  if (positional.length !== 3) throw new UsageError('expected FILE OFFSET HEXBYTES');
  const [file, offsetText, hexText] = positional;
  const offset = parseCount(offsetText, 'OFFSET');
  const raw = parseHexBytes(hexText, 'HEXBYTES');
  if (raw.length === 0) throw new UsageError('HEXBYTES is empty');
  if (raw.length > MAX_PATCH) throw new UsageError(`HEXBYTES longer than ${MAX_PATCH} bytes`);

  const { fd, size } = openFile(file, 'r+');
  const replacement = bytes(raw);
  const original = bytearray(raw.length);
  const newView = memoryview(replacement);
  const oldView = memoryview(original);
  try {
    if (offset >= size) {
      throw new CliError(`offset ${offset} is past the end of ${file} (${size} bytes); patch never grows a file`);
    }
    if (offset + raw.length > size) {
      throw new CliError(`${raw.length} bytes at offset ${offset} run past the end of ${file} (${size} bytes); patch never grows a file`);
    }
    readExactly(fd, file, oldView, offset);
    writeExactly(fd, file, newView, offset);
    const out = new Output(io.stdout);
    out.write(`${file}: ${raw.length} byte${raw.length === 1 ? '' : 's'} at 0x${offset.toString(16)}: ${oldView.hex(' ')} -> ${newView.hex(' ')}\n`);
    await out.flush();
  } finally {
    newView.release();
    oldView.release();
    fs.closeSync(fd);
  }
  return {};
}

function readExactly(fd, file, view, pos) {
  for (let got = 0; got < view.nbytes;) {
    let n;
    try {
      n = fs.readSync(fd, view.asTypedArray(), got, view.nbytes - got, pos + got);
    } catch (err) {
      throw fileError(file, err);
    }
    if (n === 0) throw new CliError(`${file} shrank while being patched`);
    got += n;
  }
}

function writeExactly(fd, file, view, pos) {
  for (let put = 0; put < view.nbytes;) {
    try {
      put += fs.writeSync(fd, view.asTypedArray(), put, view.nbytes - put, pos + put);
    } catch (err) {
      throw fileError(file, err);
    }
  }
}
