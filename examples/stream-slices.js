// Send a buffer through a stream in pieces, each piece a zero-copy slice of
// a memoryview: the data stays in one wasm-resident bytearray and the stream
// sees Uint8Arrays over that memory (asTypedArray), one at a time.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { bytearray, memoryview } from 'memview';

const SIZE = 1 << 20;
const PIECE = 64 * 1024 + 7; // pieces need not divide the buffer
const data = bytearray(SIZE);
const m = memoryview(data);
crypto.randomFillSync(m.asTypedArray()); // fill the wasm memory directly

// One slice per piece, made when the stream asks for it. asTypedArray() is
// valid until wasm memory grows; nothing here allocates before the piece is
// consumed, and the slice is released once the consumer has had it.
function* pieces(view, size) {
  for (let at = 0; at < view.nbytes; at += size) {
    const piece = view.slice(at, at + size);
    yield piece.asTypedArray();
    piece.release();
  }
}

let count = 0;
let received = 0;
const digest = crypto.createHash('sha256');
await pipeline(
  Readable.from(pieces(m, PIECE), { objectMode: false, highWaterMark: 1 }),
  new Writable({
    highWaterMark: 1,
    write(chunk, _enc, done) {
      count++;
      received += chunk.length;
      digest.update(chunk);
      done();
    },
  }),
);

const whole = crypto.createHash('sha256').update(m.tobytes()).digest('hex');
const streamed = digest.digest('hex');
console.log(`${received} bytes in ${count} pieces, sha256 ${streamed.slice(0, 16)}...`);
assert.equal(received, SIZE);
assert.equal(count, Math.ceil(SIZE / PIECE));
assert.equal(streamed, whole, 'the pieces reassemble the buffer');
m.release();
