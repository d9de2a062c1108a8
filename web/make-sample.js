// Writes build/sample.bmp: a 24-bit 32x16 BMP (a colour gradient with a
// "memview" stripe), small enough to read in the grid, with real headers for
// the inspector and the templates ('<2sIHHI' at 0, '<IiiHHIIiiII' at 0xe).
// Its bytes are packed with memview's own struct. Usage: node web/make-sample.js [out]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { struct } from '../js/memview.js';

export function makeBmp(width = 32, height = 16) {
  const rowSize = Math.ceil(width * 3 / 4) * 4;      // rows pad to 4 bytes
  const pixelBytes = rowSize * height;
  const offset = 14 + 40;
  const fileHeader = struct.pack('<2sIHHI', new TextEncoder().encode('BM'), offset + pixelBytes, 0, 0, offset);
  const infoHeader = struct.pack('<IiiHHIIiiII', 40, width, height, 1, 24, 0, pixelBytes, 2835, 2835, 0, 0);
  const out = new Uint8Array(offset + pixelBytes);
  out.set(fileHeader, 0);
  out.set(infoHeader, 14);
  const text = new TextEncoder().encode('memview!');
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = offset + y * rowSize + x * 3;
      out[p] = (x * 255 / (width - 1)) | 0;           // blue
      out[p + 1] = (y * 255 / (height - 1)) | 0;      // green
      out[p + 2] = 0x80;                              // red
    }
    if (y === 2) out.set(text, offset + y * rowSize);   // something to search for
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const out = process.argv[2] || path.join(root, 'build', 'sample.bmp');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const bytes = makeBmp();
  fs.writeFileSync(out, bytes);
  console.log(`wrote ${path.relative(process.cwd(), out)} (${bytes.length} bytes, a 32x16 24-bit BMP)`);
}
