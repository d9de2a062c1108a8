// Bench rows for issue 18 (beyond CPython): `node --expose-gc bench/beyond.js`.
// Each row times memview and its reference interleaved in this one process
// (bench/lib.js interleaved), on a view of wasm memory (a bytearray) and of
// JS memory (a Buffer):
//   get(i) on a '>I' view, against DataView.getUint32(i*4, false)
//   tolist() of 1e6 '<IHH' records, against the DataView loop building the arrays
//   a 2-D crop [100:900, 200:1000] of a 1000x1000 'B' view, against a 1-D slice
//   and against a minimal plain-JS sub-view (the floor of a method of sub's shape)
//   crop.tobytes(), against the same 800 rows copied by subarray + set, and
//   against u8.slice() of as many contiguous bytes
//   get(i, j) on the 1000x1000 view, against u8[i * 1000 + j]
//   JS path vs C path for the crop: what js/ndindex.js's copy of C's sub-view arithmetic buys
// It times what ships: dist/memview.js (`make dist` first).
import { memoryview, bytearray } from '../dist/memview.js';
import { interleaved, sink } from './lib.js';

const rows = [];
/** One row: memview's time and the reference's (the first of refs is the
 *  one judged), from one interleaved measurement. */
function row(name, goal, mv, refs, opts = {}) {
  const names = Object.keys(refs);
  const per = opts.perItem || 1; // a loop row times perItem items per operation
  const [t, ...ts] = interleaved([mv, ...names.map((k) => refs[k])], opts).map((x) => x / per);
  rows.push({ name, goal, t, refs: names.map((k, i) => ({ name: k, t: ts[i] })), bytes: opts.bytes });
}
const memories = { bytearray: (u8) => bytearray(u8), Buffer: (u8) => Buffer.from(u8) };
/** The bytes of memory `x` (a bytearray or a Buffer) as a Uint8Array, taken now. */
const bytesOf = (x) => (x instanceof Uint8Array ? x : memoryview(x).asTypedArray());

// The floor under the crop row: the least a method of sub's shape does
// (brand check, rest keys, a per-dimension slice of in-range Number bounds,
// new shape and strides arrays, one new object), in plain JS, no memview.
class FloorView {
  #shape; #strides; #offset;
  constructor(shape, strides, offset) { this.#shape = shape; this.#strides = strides; this.#offset = offset; }
  get nbytes() { return this.#shape.reduce((x, y) => x * y, 1); }
  sub(...keys) {
    const shape = this.#shape, strides = this.#strides, n = shape.length;
    const outShape = new Array(n), outStrides = new Array(n);
    let offset = this.#offset;
    for (let d = 0; d < n; d++) {
      const len = shape[d], key = d < keys.length ? keys[d] : undefined;
      let a = 0, b = len;
      if (key !== undefined) { a = key[0]; b = key[1]; if (!(a >= 0 && a <= b && b <= len)) throw new RangeError('floor: in-range keys only'); }
      offset += a * strides[d];
      outShape[d] = b - a;
      outStrides[d] = strides[d];
    }
    return new FloorView(outShape, outStrides, offset);
  }
}
const FLOOR_IMG = new FloorView([1000, 1000], [1000, 1], 0);

for (const [kind, make] of Object.entries(memories)) {
  { // get(i) on '>I'
    const N = 1 << 16, u8 = new Uint8Array(4 * N), dv0 = new DataView(u8.buffer);
    for (let i = 0; i < N; i++) dv0.setUint32(4 * i, (i * 2654435761) >>> 0, false);
    const src = make(u8), m = memoryview(src).cast('>I');
    row(`get(i) loop, '>I' view, ${kind} (per item)`, '<= 3x', (r) => {
      let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < N; i++) if (m.get(i) !== 1) c++; return c / N;
    }, { 'DataView.getUint32(4 * i, false) loop': (r) => {
      const b = bytesOf(src), dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < N; i++) if (dv.getUint32(4 * i, false) !== 1) c++; return c / N;
    } }, { perItem: N });
  }
  { // tolist() of 1e6 '<IHH' records
    const N = 1e6, u8 = new Uint8Array(8 * N);
    for (let i = 0; i < u8.length; i++) u8[i] = (i * 131) & 255;
    const src = make(u8), m = memoryview(src).cast('<IHH');
    row(`tolist(), 1e6 '<IHH' records, ${kind}`, '<= 2x', (r) => { let x; for (let k = 0; k < r; k++) x = m.tolist(); return x.length; },
      { 'DataView loop building the arrays': (r) => {
        const b = bytesOf(src), dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        let out;
        for (let k = 0; k < r; k++) {
          out = new Array(N);
          for (let i = 0, p = 0; i < N; i++, p += 8) out[i] = [dv.getUint32(p, true), dv.getUint16(p + 4, true), dv.getUint16(p + 6, true)];
        }
        return out.length;
      } }, { samples: 5 });
  }
  { // the 2-D crop
    const u8 = new Uint8Array(1000 * 1000);
    for (let i = 0; i < u8.length; i++) u8[i] = (i * 7) & 255;
    const src = make(u8), img = memoryview(src).cast('B', [1000, 1000]), flat = memoryview(src);
    row(`crop [100:900, 200:1000] of 1000x1000 B (a view), ${kind}`, 'as cheap as a 1-D slice',
      (r) => { let x; for (let k = 0; k < r; k++) x = img.sub([100, 900], [200, 1000]); return x.nbytes; },
      { 'm.slice(100, 900) of the 1-D view': (r) => { let x; for (let k = 0; k < r; k++) x = flat.slice(100, 900); return x.nbytes; },
        'a minimal plain-JS sub(...keys) (FloorView, the floor)': (r) => { let x; for (let k = 0; k < r; k++) x = FLOOR_IMG.sub([100, 900], [200, 1000]); return x.nbytes; } });
    // Bigint keys make the JS path decline, so C decides (as in bench/targets.js's
    // "JS path vs C path" rows); the ratio is C path / JS path.
    row(`JS path vs C path: the crop with bigint keys (C) vs Number keys (JS), ${kind}`, 'none: the ratio is what the JS path buys',
      (r) => { let x; for (let k = 0; k < r; k++) x = img.sub([100n, 900n], [200n, 1000n]); return x.nbytes; },
      { 'JS path': (r) => { let x; for (let k = 0; k < r; k++) x = img.sub([100, 900], [200, 1000]); return x.nbytes; } });
    const crop = img.sub([100, 900], [200, 1000]);
    // A fresh 640 KB result per call: each call timed alone after a GC, as
    // issue 7's tobytes rows are (bench/lib.js measureEach says why).
    row(`crop.tobytes() (640,000 bytes), ${kind}`, '>= 5 GB/s', () => crop.tobytes(), {
      '800 rows by subarray + set into a new Uint8Array': () => {
        const b = bytesOf(src), out = new Uint8Array(640000);
        for (let y = 0; y < 800; y++) out.set(b.subarray((100 + y) * 1000 + 200, (100 + y) * 1000 + 1000), 800 * y);
        return out;
      },
      // (TypedArray's slice: a Buffer's own slice() is a view, not a copy)
      'u8.slice() of 640,000 contiguous bytes': () => Uint8Array.prototype.slice.call(bytesOf(src), 0, 640000),
    }, { fresh: true, bytes: 640000 });
    row(`get(i, j) loop over the 1000x1000 view, ${kind} (per item)`, 'none (1-D: <= 3x)', (r) => {
      let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < 1000; i++) for (let j = 0; j < 1000; j++) if (img.get(i, j) !== 256) c++; return c;
    }, { 'Uint8Array[i * 1000 + j] loop': (r) => {
      const b = bytesOf(src); let c = 0; for (let k = 0; k < r; k++) for (let i = 0; i < 1000; i++) for (let j = 0; j < 1000; j++) if (b[i * 1000 + j] !== 256) c++; return c;
    } }, { perItem: 1e6 });
  }
}


for (const r of rows) {
  const per = (t) => (r.bytes ? `${(r.bytes / t).toFixed(2)} GB/s` : `${t.toFixed(1)} ns`);
  const refs = r.refs.map((x) => `${x.name} ${per(x.t)} (${(r.t / x.t).toFixed(2)}x)`).join('; ');
  console.log(`${r.name}: ${per(r.t)}; ${refs} (goal ${r.goal})`);
}
sink(0);
