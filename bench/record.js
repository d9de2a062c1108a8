// The whole-task row of `make bench` (issue 14): parse a record file of about
// 95 KB as a program gets it from fs.readFile, in four versions that return
// the same records: memview on the Buffer itself, DataView + Buffer code, the
// npm package python-struct with Buffer code, and (bench/python_bench.py,
// task_parse) CPython's struct module.
//
// The file, little-endian:
//   header   '<4sHHIII'  magic 'MVRC', version, flags, record count n,
//                        table offset, payload-area offset
//   table    n records '<8sIIHHd' (28 bytes): an 8-byte id, the payload's
//                        offset in the payload area and its length, kind, flags,
//                        a timestamp
//   payloads bytes 0..254, then the marker byte 0xff and a trailer '<II'
//                        (n again, a sum of the payload lengths). The header does
//                        not say where the marker is: index() finds it.
// Each parsed record is { id: hex of the 8 id bytes, kind, flags, ts,
// payload: a copy of its bytes }.

export const RECORD_SIZE = 28, HEADER_SIZE = 20, COUNT = 1170;

/** The file's bytes (deterministic: the same file every run). */
export function makeRecordFile() {
  let seed = 0x9e3779b9;
  const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; };
  const lens = Array.from({ length: COUNT }, () => 8 + Math.floor(rnd() * 92));
  const payBytes = lens.reduce((a, b) => a + b, 0);
  const tableOff = HEADER_SIZE, payOff = tableOff + COUNT * RECORD_SIZE;
  const size = payOff + payBytes + 1 + 8;
  const buf = Buffer.alloc(size);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  buf.write('MVRC', 0, 'latin1');
  dv.setUint16(4, 1, true); dv.setUint16(6, 0, true);
  dv.setUint32(8, COUNT, true); dv.setUint32(12, tableOff, true); dv.setUint32(16, payOff, true);
  let off = 0;
  for (let k = 0; k < COUNT; k++) {
    const at = tableOff + k * RECORD_SIZE;
    for (let j = 0; j < 8; j++) buf[at + j] = Math.floor(rnd() * 256);
    dv.setUint32(at + 8, off, true); dv.setUint32(at + 12, lens[k], true);
    dv.setUint16(at + 16, k % 7, true); dv.setUint16(at + 18, (k * 5) & 0xffff, true);
    dv.setFloat64(at + 20, 1.7e9 + k * 0.25, true);
    for (let j = 0; j < lens[k]; j++) buf[payOff + off + j] = Math.floor(rnd() * 255); // never 0xff
    off += lens[k];
  }
  buf[payOff + off] = 0xff;
  dv.setUint32(payOff + off + 1, COUNT, true); dv.setUint32(payOff + off + 5, payBytes, true);
  return buf;
}

/** The parse written with memview: struct for the header, the table and the
 *  trailer, slices of one memoryview for the ids (hex) and the payloads
 *  (tobytes), index() for the marker. `buf` is whatever holds the file (the
 *  Buffer itself, or a bytearray copy). */
export function memviewParser({ memoryview, struct }) {
  const HDR = new struct.Struct('<4sHHIII'), REC = new struct.Struct('<8xIIHHd'), TRL = new struct.Struct('<II');
  return function parseMemview(buf) {
    const m = memoryview(buf);
    const [magic, version, , n, tableOff, payOff] = HDR.unpack_from(buf, 0);
    if (magic[0] !== 0x4d || magic[1] !== 0x56 || magic[2] !== 0x52 || magic[3] !== 0x43 || version !== 1)
      throw new Error('not a record file');
    const records = new Array(n);
    for (let k = 0; k < n; k++) {
      const at = tableOff + k * RECORD_SIZE;
      const [off, len, kind, flags, ts] = REC.unpack_from(buf, at);
      const p = payOff + off;
      records[k] = { id: m.slice(at, at + 8).hex(), kind, flags, ts, payload: m.slice(p, p + len).tobytes() };
    }
    const end = m.index(0xff, payOff);
    const [count, total] = TRL.unpack_from(buf, end + 1);
    m.release();
    return { records, end, count, total };
  };
}

/** The same parse as a good engineer writes it with DataView and Buffer code
 *  (the DataView made once per file). */
export function parseNative(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
  if (buf[0] !== 0x4d || buf[1] !== 0x56 || buf[2] !== 0x52 || buf[3] !== 0x43 || dv.getUint16(4, true) !== 1)
    throw new Error('not a record file');
  const n = dv.getUint32(8, true), tableOff = dv.getUint32(12, true), payOff = dv.getUint32(16, true);
  const records = new Array(n);
  for (let k = 0; k < n; k++) {
    const at = tableOff + k * RECORD_SIZE;
    const p = payOff + dv.getUint32(at + 8, true), len = dv.getUint32(at + 12, true);
    records[k] = { id: buf.toString('hex', at, at + 8), kind: dv.getUint16(at + 16, true),
      flags: dv.getUint16(at + 18, true), ts: dv.getFloat64(at + 20, true),
      payload: Uint8Array.prototype.slice.call(buf, p, p + len) };
  }
  const end = buf.indexOf(0xff, payOff);
  return { records, end, count: dv.getUint32(end + 1, true), total: dv.getUint32(end + 5, true) };
}

/** The same parse with the npm package python-struct (the module `PS`) for
 *  the header, the table and the trailer, as its README shows (a format
 *  string per call; no bounds check, since its own is off by one and refuses
 *  a field that ends at the buffer's end), and Buffer code for the rest. Its
 *  '4s' comes back as a string. */
export function pythonStructParser(PS) {
  return function parsePythonStruct(buf) {
    const [magic, version, , n, tableOff, payOff] = PS.unpackFrom('<4sHHIII', buf, false, 0);
    if (magic !== 'MVRC' || version !== 1) throw new Error('not a record file');
    const records = new Array(n);
    for (let k = 0; k < n; k++) {
      const at = tableOff + k * RECORD_SIZE;
      const [off, len, kind, flags, ts] = PS.unpackFrom('<8xIIHHd', buf, false, at);
      const p = payOff + off;
      records[k] = { id: buf.toString('hex', at, at + 8), kind, flags, ts, payload: Uint8Array.prototype.slice.call(buf, p, p + len) };
    }
    const end = buf.indexOf(0xff, payOff);
    const [count, total] = PS.unpackFrom('<II', buf, false, end + 1);
    return { records, end, count, total };
  };
}

/** Whether two parses agree, record by record. */
export function sameParse(a, b) {
  if (a.end !== b.end || a.count !== b.count || a.total !== b.total || a.records.length !== b.records.length) return false;
  for (let k = 0; k < a.records.length; k++) {
    const x = a.records[k], y = b.records[k];
    if (x.id !== y.id || x.kind !== y.kind || x.flags !== y.flags || x.ts !== y.ts
      || x.payload.length !== y.payload.length || !Buffer.from(x.payload).equals(Buffer.from(y.payload))) return false;
  }
  return true;
}
