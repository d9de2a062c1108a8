// Parse a PNG file's header with struct: the 8-byte signature, then the IHDR
// chunk (length, type, width, height, bit depth, colour type, compression,
// filter, interlace, CRC). The PNG is built here first, with struct.pack, so
// the example needs no file; `node png-header.js some.png` parses a real one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { struct, bytes, memoryview } from 'memview';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
// PNG is big-endian: ">" (no padding). Chunk: length, 4-byte type, data, CRC.
const CHUNK_HEAD = new struct.Struct('>I4s');
const IHDR = new struct.Struct('>IIBBBBB');

function crc32(data) {
  if (zlib.crc32) return zlib.crc32(data);
  let c = ~0;
  for (const b of data) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
  return ~c >>> 0;
}

// A minimal header: signature + IHDR for a 640x480 8-bit RGBA image.
function buildHeader(width, height) {
  const body = IHDR.pack(width, height, 8, 6, 0, 0, 0);
  const type = new TextEncoder().encode('IHDR');
  const crc = struct.pack('>I', crc32(Buffer.concat([type, body])));
  return Buffer.concat([SIGNATURE, CHUNK_HEAD.pack(body.length, type), body, crc]);
}

const file = process.argv[2];
const data = bytes(file ? fs.readFileSync(file).subarray(0, 33) : buildHeader(640, 480));
const m = memoryview(data);

assert.ok(m.slice(0, 8).equals(SIGNATURE), 'not a PNG: bad signature');
const [length, type] = CHUNK_HEAD.unpack_from(m, 8);
assert.equal(new TextDecoder().decode(type), 'IHDR', 'the first chunk of a PNG is IHDR');
assert.equal(length, IHDR.size);
const [width, height, depth, colour, compression, filter, interlace] = IHDR.unpack_from(m, 16);
const [crc] = struct.unpack_from('>I', m, 16 + IHDR.size);
assert.equal(crc, crc32(m.slice(12, 16 + IHDR.size).tobytes()), 'IHDR CRC mismatch');

const COLOUR = { 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'greyscale+alpha', 6: 'RGBA' };
console.log(`PNG ${width}x${height}, ${depth}-bit ${COLOUR[colour] ?? `colour type ${colour}`}` +
  `${interlace ? ', interlaced' : ''} (compression ${compression}, filter ${filter}, crc ${crc.toString(16)})`);
if (!file) assert.deepEqual([width, height, depth, colour], [640, 480, 8, 6]);
m.release();
