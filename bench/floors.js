// The floors under the rows of `make bench` that miss their goal: what the
// platform itself costs for the same job, measured in this process, so that
// bench/MISSES.md can say how close memview is to the best reachable figure.
//
//   node bench/floors.js
import { memoryview, bytearray, struct } from '../js/memview.js';
import { W, F, alloc, free, heapU8, copyOut } from '../js/wasm.js';
import { viewOf } from '../js/view.js';
import { measure } from './lib.js';

const opts = { minMs: 25, samples: 9, warm: 2 };
// Steps that make a fresh multi-megabyte result are timed one call at a time after a GC (bench/lib.js).
const freshOpts = { ...opts, fresh: true };
const rows = [];
const per = (name, fn, items, unit = 'ns/item') => rows.push([name, `${(measure(fn, opts) / items).toFixed(1)} ${unit}`]);
const rate = (name, fn, bytes, o = opts) => rows.push([name, `${(bytes / measure(fn, o)).toFixed(2)} GB/s`]);

// [...m]: V8 spreads only a real Array fast; any other iterable pays the
// iteration protocol per item, however little its next() does.
const N = 1_000_000;
const i32 = new Int32Array(N).map((_, k) => k * 7);
const plain = Array.from(i32);
const minimal = { [Symbol.iterator]() { let i = 0; return { next: () => (i < N ? { value: i32[i++], done: false } : { value: undefined, done: true }) }; } };
const m = memoryview(bytearray(4 * N)).cast('i');
per('[...array] (a real Array)', (r) => { let x; for (let k = 0; k < r; k++) x = [...plain]; return x.length; }, N);
per('[...int32Array]', (r) => { let x; for (let k = 0; k < r; k++) x = [...i32]; return x.length; }, N);
per('[...iterable] with a minimal next()', (r) => { let x; for (let k = 0; k < r; k++) x = [...minimal]; return x.length; }, N);
per('[...m] (memview)', (r) => { let x; for (let k = 0; k < r; k++) x = [...m]; return x.length; }, N);

// iter_unpack: a for...of over a minimal iterator that makes a fresh tuple per
// record from a DataView, against memview's.
const NB = 1 << 20, dv = new DataView(new ArrayBuffer(NB));
class Tuples { constructor() { this.i = 0; } next() { const i = this.i; if (i >= NB) return { value: undefined, done: true }; this.i = i + 4; return { value: [dv.getUint32(i, true)], done: false }; } [Symbol.iterator]() { return this; } }
const ib = bytearray(NB);
per('for...of a minimal iterator of [u32] tuples', (r) => { let s = 0; for (let k = 0; k < r; k++) for (const t of new Tuples()) s += t[0]; return s; }, NB / 4);
per("for...of struct.iter_unpack('<I') (memview)", (r) => { let s = 0; for (let k = 0; k < r; k++) for (const t of struct.iter_unpack('<I', ib)) s += t[0]; return s; }, NB / 4);

// hex(): the digits are made in wasm; making a JS string of them is the floor.
const HB = 10_000_000, hv = memoryview(bytearray(HB)), out = alloc(2 * HB);
const nodeBuf = Buffer.alloc(HB, 0x5a);
rate("wasm digits only (mv_view_hex into wasm memory)", (r) => { for (let k = 0; k < r; k++) W.mv_view_hex(viewOf(hv)._live(), out, -1, 1, F.err); return 0; }, HB);
rate('a JS string of the 20 MB of digits (Buffer latin1)', (r) => { let s; for (let k = 0; k < r; k++) s = Buffer.from(heapU8().buffer, out, 2 * HB).toString('latin1'); return s.length; }, HB, freshOpts);
rate("Buffer.toString('hex') (all of Node's hex)", (r) => { let s; for (let k = 0; k < r; k++) s = nodeBuf.toString('hex'); return s.length; }, HB, freshOpts);
rate('m.hex() (memview)', (r) => { let s; for (let k = 0; k < r; k++) s = hv.hex(); return s.length; }, HB, freshOpts);
free(out);

// slice(0, n, 2).tobytes(): the gather runs in wasm, then the bytes are copied
// out of wasm memory into the result's own ArrayBuffer.
const strided = memoryview(bytearray(HB)).slice(0, HB, 2), half = HB / 2, gather = alloc(half);
rate('strided gather in wasm only', (r) => { for (let k = 0; k < r; k++) W.mv_view_tobytes(viewOf(strided)._live(), gather, 67, F.err); return 0; }, HB);
rate('copying 5 MB out of wasm memory (copyOut)', (r) => { let x; for (let k = 0; k < r; k++) x = copyOut(gather, half); return x.length; }, HB, freshOpts);
rate('m.slice(0, n, 2).tobytes() (memview)', (r) => { let x; for (let k = 0; k < r; k++) x = strided.tobytes(); return x.length; }, HB, freshOpts);
free(gather);

const w = Math.max(...rows.map(([a]) => a.length));
for (const [a, b] of rows) console.log(`${a.padEnd(w)}  ${b}`);
