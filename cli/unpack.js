// memview unpack FORMAT FILE [--offset N] [--count K]
//
// Decodes consecutive records of a struct FORMAT from FILE, starting at byte
// N, and prints each as one JSON array: numbers as numbers, bigints (q, Q) as
// decimal strings, NaN and infinities as the strings "NaN", "Infinity",
// "-Infinity", booleans as booleans, and bytes (s, p, c) as lowercase hex
// strings. Without --count, every whole record up to the end of the file;
// bytes left over that are too few for a record are reported on stderr.

import fs from 'node:fs';
import { struct } from 'memview';
import { parseArgs, parseCount } from './args.js';
import { CliError, UsageError } from './errors.js';
import { ChunkReader, openFile, DEFAULT_CHUNK } from './input.js';
import { Output, Progress } from './output.js';

const OPTIONS = {
  '--offset': { key: 'offset', value: true },
  '--count': { key: 'count', value: true },
  '-h': { key: 'help' },
  '--help': { key: 'help' },
};

// Bounds what one record costs: the chunk that holds it, its values and its
// JSON line. (At 16 MiB, one record of 'c' was 16 M values, and 5 GB.)
export const MAX_RECORD = 64 << 10;

export const usage = 'usage: memview unpack FORMAT FILE [--offset N] [--count K]';

export function compile(format) {
  let s;
  try {
    s = new struct.Struct(format);
  } catch (err) {
    if (err && err.name === 'struct.error') throw new UsageError(`bad format '${format}': ${err.message}`);
    throw err;
  }
  if (s.size === 0) throw new UsageError(`format '${format}' describes empty records`);
  if (s.size > MAX_RECORD) throw new UsageError(`records of ${s.size} bytes are larger than the ${MAX_RECORD}-byte limit`);
  // A value of no bytes ('0s', '0p') would let a short record hold any
  // number of values; with a byte a value, a chunk holds at most 64 Ki.
  const values = s.unpack_from(new Uint8Array(s.size), 0).length;
  if (values > s.size) throw new UsageError(`format '${format}' gives ${values} values from ${s.size} byte${s.size === 1 ? '' : 's'}: memview unpack takes formats whose every value has a byte (no '0s' or '0p')`);
  return s;
}

function hexOf(u8) {
  let s = '';
  for (const b of u8) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}

export function jsonValue(v) {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v instanceof Uint8Array) return hexOf(v);
  return v;
}

export async function unpack(argv, io = process) {
  const { opts, positional } = parseArgs(argv, OPTIONS);
  if (opts.help) return { usage };
  if (positional.length !== 2) throw new UsageError('expected FORMAT FILE');
  const [format, file] = positional;
  const record = compile(format);
  const start = opts.offset === undefined ? 0 : parseCount(opts.offset, '--offset');
  const count = opts.count === undefined ? Infinity : parseCount(opts.count, '--count');
  const { fd, size } = openFile(file);
  if (start > size) {
    fs.closeSync(fd);
    throw new CliError(`offset ${start} is past the end of ${file} (${size} bytes)`);
  }
  const chunkSize = Math.max(DEFAULT_CHUNK, record.size);
  const reader = new ChunkReader(file, fd, chunkSize);
  const out = new Output(io.stdout);
  const progress = new Progress('memview unpack', size - start, { stream: io.stderr, outputIsTTY: io.stdout.isTTY });
  let done = 0;
  let leftover = 0;
  try {
    const span = count === Infinity ? Infinity : count * record.size;
    for (const { view, offset, length } of reader.chunks(start, span, record.size)) {
      const whole = Math.floor(length / record.size);
      const lines = [];
      for (let i = 0; i < whole; i++) {
        const values = record.unpack_from(view, i * record.size);
        lines.push(JSON.stringify(values.map(jsonValue)) + '\n');
      }
      done += whole;
      leftover = length - whole * record.size;
      out.write(lines.join(''));
      progress.update(offset + length - start);
      await out.flushIfFull();
      if (out.closed) break; // the reader went away
    }
    await out.flush();
  } finally {
    progress.finish(); // after an error too: the message would follow the progress line
    reader.close();
  }
  if (count !== Infinity && done < count) {
    throw new CliError(`only ${done} whole record${done === 1 ? '' : 's'} of ${record.size} bytes from offset ${start} in ${file}, ${count} asked for`);
  }
  if (leftover) return { warning: `${leftover} trailing byte${leftover === 1 ? '' : 's'} ignored (a record is ${record.size} bytes)` };
  return {};
}
