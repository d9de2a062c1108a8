// Patch bytes in place: fix the size fields of a BMP header held in a
// bytearray, through a memoryview slice (assign) and struct.pack_into. Both
// write into the bytearray's own memory: nothing is copied back.
import assert from 'node:assert/strict';
import { bytearray, memoryview, struct } from 'memview';

// BITMAPFILEHEADER + BITMAPINFOHEADER, little-endian, 54 bytes.
const HEADER = '<2sIHHI' + 'IiiHHIIiiII';
const header = bytearray(struct.pack(HEADER,
  new TextEncoder().encode('BM'), 0, 0, 0, 54, // file size still unknown: 0
  40, 0, 0, 1, 24, 0, 0, 2835, 2835, 0, 0));    // width, height not set yet
assert.equal(header.length, struct.calcsize(HEADER));

const width = 320, height = -200; // negative height: rows stored top-down
const rowBytes = Math.ceil((width * 3) / 4) * 4;
const imageBytes = rowBytes * Math.abs(height);

const m = memoryview(header);
console.log(`before: ${m.slice(0, 26).hex(' ', -2)}`);

// 1. Overwrite a slice of the view: bytes 2..6 hold the file size.
m.slice(2, 6).assign(struct.pack('<I', 54 + imageBytes));
// 2. pack_into at an offset: width and height at byte 18, image size at 34.
struct.pack_into('<ii', header, 18, width, height);
struct.pack_into('<I', m, 34, imageBytes);

console.log(`after:  ${m.slice(0, 26).hex(' ', -2)}`);
const fields = struct.unpack(HEADER, header);
assert.equal(fields[1], 54 + imageBytes);
assert.deepEqual(fields.slice(6, 8), [width, height]);
assert.equal(fields[11], imageBytes);
// A second view of the same memory sees the patch: nothing was copied.
assert.deepEqual(struct.unpack_from('<i', memoryview(header), 22), [height]);
console.log(`patched: ${width}x${Math.abs(height)} BMP, ${54 + imageBytes} bytes`);
m.release();
