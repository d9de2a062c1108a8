// Reading a file in bounded chunks into wasm memory.
//
// One wasm-resident bytearray is allocated per reader and reused for every
// chunk, so a command's memory does not grow with the file: the file is never
// held whole, in JS or in wasm. Each chunk is handed out as a memoryview slice
// of that buffer, valid until the consumer asks for the next chunk.

import fs from 'node:fs';
import { bytearray, memoryview } from 'memview';
import { CliError, fileError } from './errors.js';

export const DEFAULT_CHUNK = 64 * 1024;

const { O_RDONLY, O_RDWR, O_NONBLOCK, O_NOCTTY } = fs.constants;

// Opens `file` for reading (or, with `write`, for reading and writing) and
// checks that it is a regular file, whose size is then known. Returns
// { fd, size }.
//
// The type is checked on the path before anything is opened: opening a FIFO
// that has no writer blocks for ever, and opening a device can act on it (a
// tape rewinds). Should the path be swapped for such a file between the check
// and the open, O_NONBLOCK keeps the open from blocking, O_NOCTTY keeps a
// terminal from becoming ours, and the fstat of what was opened refuses it.
// (O_NONBLOCK has no effect on a regular file.)
export function openFile(file, { write = false } = {}) {
  let st;
  try {
    st = fs.statSync(file);
  } catch (err) {
    throw fileError(file, err);
  }
  if (!st.isFile()) throw notRegular(file, st);
  let fd;
  try {
    fd = fs.openSync(file, (write ? O_RDWR : O_RDONLY) | O_NONBLOCK | O_NOCTTY);
  } catch (err) {
    throw fileError(file, err);
  }
  try {
    st = fs.fstatSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    throw fileError(file, err);
  }
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw notRegular(file, st);
  }
  return { fd, size: st.size };
}

function notRegular(file, st) {
  if (st.isDirectory()) return new CliError(`${file}: Is a directory`);
  const kind = st.isFIFO() ? 'a FIFO'
    : st.isSocket() ? 'a socket'
      : st.isCharacterDevice() ? 'a character device'
        : st.isBlockDevice() ? 'a block device'
          : 'a special file';
  return new CliError(`${file}: not a regular file (${kind}); memview opens only regular files`);
}

export class ChunkReader {
  // `chunkSize` bytes of wasm memory are held for the reader's whole life.
  constructor(file, fd, chunkSize = DEFAULT_CHUNK) {
    this.file = file;
    this.fd = fd;
    this.chunkSize = chunkSize;
    this.buffer = bytearray(chunkSize);
    this.view = memoryview(this.buffer);
  }

  // Reads up to `n` bytes from file position `pos` into `view` (a view of
  // this reader's buffer) at byte `at`; returns the count, 0 at the end.
  readInto(view, at, n, pos) {
    // Re-derived for every read: a wasm memory growth detaches older arrays.
    const target = view.asTypedArray();
    try {
      return fs.readSync(this.fd, target, at, n, pos);
    } catch (err) {
      throw fileError(this.file, err);
    }
  }

  // Fills the buffer from file position `pos` with at most `want` bytes and
  // returns a memoryview of the bytes read (fewer only at the end of the
  // file). The previous chunk's view is released first.
  read(pos, want) {
    this._dropChunk();
    const limit = Math.min(want, this.chunkSize);
    let got = 0;
    while (got < limit) {
      const n = this.readInto(this.view, got, limit - got, pos + got);
      if (n === 0) break;
      got += n;
    }
    this.chunk = this.view.slice(0, got);
    return this.chunk;
  }

  // Chunks covering [start, start + length) of the file, stopping early at
  // its end. `length` may be Infinity. `step` makes every chunk but the last
  // a multiple of it (so lines or records never straddle two chunks).
  *chunks(start, length, step = 1) {
    const whole = Math.max(step, this.chunkSize - (this.chunkSize % step));
    if (whole > this.chunkSize) throw new CliError(`records of ${step} bytes are larger than the ${this.chunkSize}-byte buffer`);
    let pos = start;
    let left = length;
    while (left > 0) {
      const want = Math.min(whole, left);
      const m = this.read(pos, want);
      const n = m.nbytes;
      if (n === 0) break;
      yield { view: m, offset: pos, length: n };
      pos += n;
      left -= n;
      if (n < want) break; // the end of the file
    }
    this._dropChunk();
  }

  _dropChunk() {
    if (this.chunk) { this.chunk.release(); this.chunk = null; }
  }

  close() {
    this._dropChunk();
    this.view.release();
    try { fs.closeSync(this.fd); } catch { /* already reported or closed */ }
  }
}
