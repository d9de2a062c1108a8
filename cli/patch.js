// memview patch FILE OFFSET HEXBYTES
//
// Overwrites bytes of FILE in place, starting at OFFSET (decimal or 0x hex),
// and never loses data. In order:
//
// 1. Check. FILE must be a regular file (its type is checked before it is
//    opened) and the patch must lie inside it. Its old bytes are read.
// 2. Report. The line "FILE: N bytes at 0xOFF: OLD -> NEW" goes to stdout,
//    and memview waits until stdout has taken it. If stdout fails (a full
//    disk, /dev/full, a closed pipe), FILE is not touched: the old bytes are
//    never lost from view.
// 3. Write. Before every write, the file's size is read again (fstat), and
//    nothing is written unless the whole rest of the patch lies below that
//    size; the size is read once more after the write, and any change stops
//    the patch. memview itself thus never extends the file. (POSIX has no
//    write that cannot extend: another process that truncates the file in
//    the instant between the fstat and the write still makes that write
//    extend it, and the fstat after the write is where memview sees it.)
// 4. Verify. The patched bytes are read back and compared, and the data is
//    flushed to the disk (fdatasync).
//
// Any failure in 3 or 4 writes the old bytes back (under the same rule) and
// then reads the range again, so that the error on stderr says from the file
// itself either that it is unchanged or exactly which bytes now differ from
// before. Exit status 0 means the patch is in the file and on the disk.

import fs from 'node:fs';
import { bytes, bytearray, memoryview } from 'memview';
import { parseArgs, parseCount, parseHexBytes } from './args.js';
import { CliError, UsageError, fileError } from './errors.js';
import { openFile } from './input.js';

const OPTIONS = {
  '-h': { key: 'help' },
  '--help': { key: 'help' },
};

// A patch is given on the command line; this keeps its buffers small.
const MAX_PATCH = 1 << 20;
// Up to this many differing bytes, the error also gives their old values.
const SHOW_OLD = 256;

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
  const n = raw.length;

  // All wasm memory is taken before the file is opened, so nothing can fail
  // for want of it once the file is being changed.
  const newView = memoryview(bytes(raw));
  const oldView = memoryview(bytearray(n));
  const readView = memoryview(bytearray(n));
  let fd;
  let closed = false;
  try {
    // 1. Check.
    let size;
    ({ fd, size } = openFile(file, { write: true }));
    const patchFile = { file, fd, offset, n, newView, oldView, readView };
    if (offset >= size) {
      throw new CliError(`offset ${offset} is past the end of ${file} (${size} bytes); patch never grows a file`);
    }
    if (offset + n > size) {
      throw new CliError(`${n} bytes at offset ${offset} run past the end of ${file} (${size} bytes); patch never grows a file`);
    }
    readExactly(fd, file, oldView, offset);

    // 2. Report.
    const line = `${file}: ${n} byte${n === 1 ? '' : 's'} at 0x${offset.toString(16)}: ${oldView.hex(' ')} -> ${newView.hex(' ')}\n`;
    try {
      await deliver(io.stdout, line);
    } catch (err) {
      throw new CliError(`cannot write the report to stdout (${errorText(err)}); ${file} was not changed`);
    }

    // 3. Write, and 4. verify.
    const wrote = writeWithin(fd, newView, offset, n);
    let failure = wrote.error;
    if (!failure) failure = verify(patchFile, newView, 'the bytes read back are not the bytes written');
    if (!failure) failure = flush(fd);
    if (failure) throw new CliError(`${file}: ${describeFailure(patchFile, failure)}; ${undo(patchFile, wrote.put, failure)}`);

    closed = true;
    try {
      fs.closeSync(fd);
    } catch (err) {
      throw new CliError(`${file}: ${errorText(err)} on closing it, after the patch was written, read back and flushed`);
    }
  } finally {
    newView.release();
    oldView.release();
    readView.release();
    if (fd !== undefined && !closed) {
      try { fs.closeSync(fd); } catch { /* the error that matters is already thrown */ }
    }
  }
  return {};
}

// Resolves once `stream` has taken `text` (process.stdout: handed to the
// kernel), rejects if it cannot. The error listener stays, so that an error
// the stream emits later is never an uncaught exception.
function deliver(stream, text) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (err) => {
      if (settled) return;
      settled = true;
      if (err) reject(err); else resolve();
    };
    stream.on('error', settle);
    try {
      stream.write(text, (err) => settle(err || null));
    } catch (err) {
      settle(err);
    }
  });
}

function readExactly(fd, file, view, pos) {
  for (let got = 0; got < view.nbytes;) {
    let n;
    try {
      n = fs.readSync(fd, view.asTypedArray(), got, view.nbytes - got, pos + got);
    } catch (err) {
      throw fileError(file, err);
    }
    if (n === 0) throw new CliError(`${file} shrank while being patched; nothing was written`);
    got += n;
  }
}

// Why a write stopped, when it was not an errno from the system.
class Shrank extends Error {
  constructor(size, needed) {
    super(`it shrank to ${size} bytes (the patch needs ${needed}) before it could be written`);
  }
}

class SizeChanged extends Error {
  constructor(before, after) {
    super(`its size changed from ${before} to ${after} bytes during a write (another process truncated or wrote it; the write may have extended it)`);
  }
}

// Writes the first `n` bytes of `view` at file position `pos`. Each write is
// made only if fstat, just before it, shows the file holding all the bytes
// still to be written, and is followed by an fstat that must show the same
// size. Returns { put, error }: the first `put` bytes were written, and
// `error` (null when all were) is why the rest were not. A failed write
// writes nothing, so `put` is exact.
function writeWithin(fd, view, pos, n) {
  let put = 0;
  while (put < n) {
    let before;
    try {
      before = fs.fstatSync(fd).size;
    } catch (err) {
      return { put, error: err };
    }
    if (before < pos + n) return { put, error: new Shrank(before, pos + n) };
    let k;
    try {
      // Re-derived for every write: a wasm memory growth detaches old arrays.
      k = fs.writeSync(fd, view.asTypedArray(), put, n - put, pos + put);
    } catch (err) {
      return { put, error: err };
    }
    put += k;
    let after;
    try {
      after = fs.fstatSync(fd).size;
    } catch (err) {
      return { put, error: err };
    }
    if (after !== before) return { put, error: new SizeChanged(before, after) };
    if (k === 0) return { put, error: new Error('the system wrote 0 bytes') };
  }
  return { put, error: null };
}

function flush(fd) {
  try {
    fs.fdatasyncSync(fd);
    return null;
  } catch (err) {
    return new Error(`${errorText(err)} when flushing to the disk`);
  }
}

// Reads the patch range back into readView and compares it with `expect`;
// returns null when they are equal, else the reason.
function verify({ fd, offset, n, readView }, expect, mismatch) {
  try {
    readBack(fd, readView, offset, n);
  } catch (err) {
    return err;
  }
  return equal(readView.asTypedArray(), expect.asTypedArray()) ? null : new Error(mismatch);
}

function readBack(fd, view, pos, n) {
  for (let got = 0; got < n;) {
    const k = fs.readSync(fd, view.asTypedArray(), got, n - got, pos + got);
    if (k === 0) throw new Error(`the file ends at ${pos + got}, inside the patch`);
    got += k;
  }
}

function equal(a, b) {
  return Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

function describeFailure({ n, offset }, err) {
  return `patching ${n} byte${n === 1 ? '' : 's'} at 0x${offset.toString(16)} failed: ${errorText(err)}`;
}

// After `failure`, with the first `put` bytes of the patch written: writes
// their old bytes back, then reads the range from the file and says what it
// holds now, compared with before.
function undo(patchFile, put, failure) {
  const { fd, offset, oldView, readView } = patchFile;
  if (put === 0) return 'nothing was written; the file is unchanged';
  let restoreError = writeWithin(fd, oldView, offset, put).error;
  if (!restoreError) restoreError = flush(fd);
  const range = `0x${offset.toString(16)}..0x${(offset + put - 1).toString(16)}`;
  // What the file says, not what the writes returned, is the answer.
  try {
    readBack(fd, readView, offset, put);
  } catch (err) {
    const state = restoreError ? `could not be restored (${errorText(restoreError)})` : 'were restored';
    return `bytes ${range} were written and ${state}, and reading them back failed (${errorText(err)})`;
  }
  const now = readView.asTypedArray().subarray(0, put);
  const old = oldView.asTypedArray().subarray(0, put);
  const ranges = differences(now, old);
  if (ranges.length === 0) {
    const restored = `the ${put} byte${put === 1 ? '' : 's'} written (${range}) were restored`;
    // A file whose size changed underneath was changed, if not by us.
    const rest = failure instanceof SizeChanged ? 'those bytes hold their old values'
      : restoreError ? `they read back as before, but ${errorText(restoreError)}`
        : 'the file is unchanged';
    return `${restored}; ${rest}`;
  }
  const count = ranges.reduce((sum, [a, b]) => sum + b - a, 0);
  const where = ranges.map(([a, b]) => (b - a === 1 ? `0x${(offset + a).toString(16)}` : `0x${(offset + a).toString(16)}..0x${(offset + b - 1).toString(16)}`)).join(', ');
  const hex = (u8) => Array.from(u8, (x) => x.toString(16).padStart(2, '0')).join(' ');
  const values = count <= SHOW_OLD
    ? `old -> now: ${ranges.map(([a, b]) => `${hex(old.subarray(a, b))} -> ${hex(now.subarray(a, b))}`).join(', ')}`
    : 'the old bytes are in the report on stdout';
  const why = restoreError ? `restoring the old bytes failed (${errorText(restoreError)})` : 'the old bytes were written back but do not read back';
  return `${why}: ${count} byte${count === 1 ? '' : 's'} changed, at ${where} (${values})`;
}

// The [start, end) ranges where `a` and `b` differ.
function differences(a, b) {
  const ranges = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const start = i;
    while (i < a.length && a[i] !== b[i]) i++;
    ranges.push([start, i]);
  }
  return ranges;
}

// An error as a short text: strerror's words and the code for a system
// error ("No space left on device (ENOSPC)"), else its message.
function errorText(err) {
  if (err && typeof err.code === 'string' && err.syscall) {
    const text = fileError('', err).message.replace(/^: /, '');
    return text.includes(err.code) ? text : `${text} (${err.code})`;
  }
  return err && err.message ? String(err.message) : String(err);
}
