// Measures bench/proto/kernels.wasm (prototype inner loops for the C core):
// `node bench/proto/kernels.js` (run build.sh first). Each kernel is checked
// against Node's answer before it is timed.
import { readFileSync, existsSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { measure } from '../lib.js';

const wasmUrl = new URL('./kernels.wasm', import.meta.url);
if (!existsSync(wasmUrl)) { console.error('bench/proto/kernels.wasm is missing: run bench/proto/build.sh first'); process.exit(2); }
const bytes = readFileSync(wasmUrl);
const { instance } = await WebAssembly.instantiate(bytes, {
  env: { emscripten_notify_memory_growth() {} }, wasi_snapshot_preview1: { proc_exit() {} } });
const K = instance.exports;
K._initialize();
const opts = { minMs: 20, samples: 5, warm: 1 };
const MB = 1 << 20, n = 10 * MB;
const a = K.k_alloc(n), b = K.k_alloc(n), out = K.k_alloc(2 * n + n), nd = K.k_alloc(8);
const u8 = () => new Uint8Array(K.memory.buffer);
for (let o = 0; o < n; o += 65536) randomFillSync(u8(), a + o, 65536);
u8().copyWithin(b, a, a + n);
const A = () => Buffer.from(K.memory.buffer, a, n);
const show = (label, ns, bytesPer) => console.log(`  ${label.padEnd(50)} ${(bytesPer / ns).toFixed(2)} GB/s`);
const check = (ok, what) => { if (!ok) throw new Error(`kernel ${what} is wrong`); };

K.k_hex_simd(a, n, out);
check(Buffer.from(K.memory.buffer, out, 2 * n).latin1Slice() === A().toString('hex'), 'hex');
show('hex 10 MB: scalar table loop', measure((r) => { for (let k = 0; k < r; k++) K.k_hex_scalar(a, n, out); }, opts), n);
show('hex 10 MB: SIMD swizzle', measure((r) => { for (let k = 0; k < r; k++) K.k_hex_simd(a, n, out); }, opts), n);
show("  + string: Buffer latin1Slice", measure((r) => { let x; for (let k = 0; k < r; k++) { K.k_hex_simd(a, n, out); x = Buffer.from(K.memory.buffer, out, 2 * n).latin1Slice(); } return x.length; }, opts), n);
show("  Node toString('hex') for reference", measure((r) => { let x; for (let k = 0; k < r; k++) x = A().toString('hex'); return x.length; }, opts), n);

K.k_hexsep2_simd(a, MB, out, 58);
const want = A().subarray(0, MB).toString('hex').match(/.{4}/g).join(':');
check(Buffer.from(K.memory.buffer, out, want.length).latin1Slice() === want, 'hexsep');
show("hex(':', 2) 1 MB: SIMD digits + group scatter, + latin1Slice", measure((r) => { let x; for (let k = 0; k < r; k++) { K.k_hexsep2_simd(a, MB, out, 58); x = Buffer.from(K.memory.buffer, out, want.length).latin1Slice(); } return x.length; }, opts), MB);

const h = n / 2;
K.k_gather2_simd(a, h, out);
const even = Buffer.alloc(h); for (let i = 0; i < h; i++) even[i] = A()[2 * i];
check(Buffer.from(K.memory.buffer, out, h).equals(even), 'gather2');
show('stride-2 gather of 10 MB: memcpy per item (now)', measure((r) => { for (let k = 0; k < r; k++) K.k_gather_memcpy(a, h, 2, out); }, opts), n);
show('stride-2 gather: itemsize-1 loop', measure((r) => { for (let k = 0; k < r; k++) K.k_gather_loop(a, h, 2, out); }, opts), n);
show('stride-2 gather: SIMD shuffle', measure((r) => { for (let k = 0; k < r; k++) K.k_gather2_simd(a, h, out); }, opts), n);
show('  SIMD + copy out (slice)', measure((r) => { let x; for (let k = 0; k < r; k++) { K.k_gather2_simd(a, h, out); x = u8().slice(out, out + h); } return x.length; }, opts), n);

check(K.k_memeq_simd(a, b, n) === 1 && K.k_memeq_libc(a, b, n) === 1, 'memeq');
show('equals 10 MB B: libc memcmp (now)', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += K.k_memeq_libc(a, b, n); return s; }, opts), n);
show('equals 10 MB B: SIMD 64 bytes a step', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += K.k_memeq_simd(a, b, n); return s; }, opts), n);
const B1 = Buffer.from(A()), B2 = Buffer.from(A());
show('  Buffer.compare for reference', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += Buffer.compare(B1, B2); return s; }, opts), n);

const f = new Float64Array(K.memory.buffer, a, MB / 8); for (let i = 0; i < f.length; i++) f[i] = 0.5 * i;
u8().copyWithin(b, a, a + MB);
check(K.k_eq_f64(a, b, MB / 8) === 1 && K.k_eq_f64_simd(a, b, MB / 8) === 1, 'eq_f64');
show('equals 1 MB d: double loop', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += K.k_eq_f64(a, b, MB / 8); return s; }, opts), MB);
show('equals 1 MB d: SIMD f64x2.eq', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += K.k_eq_f64_simd(a, b, MB / 8); return s; }, opts), MB);

for (let o = 0; o < n; o += 65536) randomFillSync(u8(), a + o, 65536);
const needle = [0x4d, 0x56, 0x21, 0x7f];
u8().set(needle, a + n - 4); u8().set(needle, nd);
const at = A().indexOf(Buffer.from(needle));
check(Number(K.k_find_simd(a, n, nd, 4)) === at, 'find');
show('find 4 bytes in 10 MB: SIMD first/last filter', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += Number(K.k_find_simd(a, n, nd, 4)); return s; }, opts), at);
check(Number(K.k_find_simd64(a, n, nd, 4)) === at, 'find64');
show('find 4 bytes in 10 MB: SIMD filter, 64 a step', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += Number(K.k_find_simd64(a, n, nd, 4)); return s; }, opts), at);
show('  Buffer.indexOf on the same memory', measure((r) => { let s = 0; for (let k = 0; k < r; k++) s += A().indexOf(Buffer.from(needle)); return s; }, opts), at);
