// Compiled with `tsc --noEmit --strict` by tests/types.test.js (with several
// TypeScript versions, module resolutions and libs, skipLibCheck off): the
// declarations in js/memview.d.ts must accept every use of the API below and
// reject each line marked @ts-expect-error (tsc fails on an unused one).
import {
  memoryview, bytes, bytearray, array, struct,
  ValueError, IndexError, BufferError, NotImplementedError, OverflowError, MemoryError,
  heapStats,
} from 'memview';
import type { Item, ItemOf, StructValue, Nested } from 'memview';

// memoryview over each exporter, with and without `new`.
const b = bytes('hello');
const ba = bytearray(16);
const m = memoryview(ba);
const m2 = new memoryview(b);
const n1: number = m.get(0);
m.set(0, 255);
const sub = m.slice(1, null, 2).slice(undefined, -1);
sub.assign(bytes([1, 2, 3]));
const size: number = m.nbytes + m.itemsize + m.ndim + m.length;
const flags: boolean = m.readonly && m.c_contiguous && m.f_contiguous && m.contiguous;
const dims: number[] = [...m.shape, ...m.strides, ...m.suboffsets];
const fmt: string = m.format;
const exporter: unknown = m.obj;

// cast tracks the item type of known formats.
const floats = m.cast('f');
const f0: number = floats.get(0);
const big = m.cast('Q', [2]);
const q0: bigint = big.get(0);
big.set(1, 5n);
big.set(1, 5);
const flags2 = m.cast('?');
const t0: boolean = flags2.get(3);
flags2.set(3, 'any truthy value');
const chars = m.cast('c');
const c0: Uint8Array = chars.get(0);
const grid = m.cast('B', [4, 4]);
const cell: number = grid.get(1, 2);
grid.set(1, 2, 7);
const anyView = m.cast('<i' as string);
const item: Item = anyView.get(0);
const list: Nested<number> = grid.tolist();
if (Array.isArray(list)) list.length;

// Copies out, hex, comparison, search, iteration.
const copy: Uint8Array = m.tobytes();
const copyF: Uint8Array = grid.tobytes('F');
const hex: string = m.hex() + m.hex(':') + m.hex(' ', -2) + b.hex();
const same: boolean = m.equals(ba) && m.equals(new Uint8Array(16)) && m2.equals(b);
const where: number = m.index(0, 0, 8) + m.count(0);
for (const x of m) { const y: number = x; }
{ const it = m[Symbol.iterator](); for (const x of it) { const y: number = x; } } // an iterable iterator, as the iterators of bytes and array
{ const it = array('d', [1])[Symbol.iterator](); const first: number | undefined = it.next().value; for (const x of it) x.toFixed(); }
const latin: bytes = bytes('\xe9t\xe9', 'latin-1'); const ascii: bytearray = bytearray('abc', 'ascii', 'strict');
const spread: number[] = [...m];
const ro = m.toreadonly();
const repr: string = String(ro);
const ta = m.asTypedArray();
const dv: DataView = m.asDataView();
ro[Symbol.dispose]();   // `using` is in using.ts (it needs lib esnext.disposable)
ro.release();

// JS memory and typed arrays.
const fromBuffer = memoryview(new ArrayBuffer(8));
const fromTyped = memoryview(new Float64Array(2));
const fromBig = memoryview(new BigInt64Array(2));
const big0: bigint = fromBig.get(0);
const fromDV = memoryview(new DataView(new ArrayBuffer(4)));

// bytearray and array.
ba.append(1);
ba.extend([1, 2, 3]);
ba.extend(b);
const popped: number = ba.pop() + ba.pop(0);
ba.resize(4);
ba.clear();
const fa = array('d', [1.5, 2.5]);
const d0: number = fa.get(0);
fa.append(3);
const qa = array('q', [1n, 2n]);
const qv: bigint = qa.get(1);
qa.append(3);
qa.append(4n);
const ql: bigint[] = qa.tolist();
qa.frombytes(new Uint8Array(8));
const typecode: 'q' = qa.typecode;
const qview = memoryview(qa);
const qitem: bigint = qview.get(0);

// struct.
const packed: Uint8Array = struct.pack('<IhQ', 1, -2, 3n);
struct.pack_into('<I', ba, 0, 7);
const vals: StructValue[] = struct.unpack('<IhQ', packed);
const from: StructValue[] = struct.unpack_from('<h', packed, 4);
for (const rec of struct.iter_unpack('<H', packed.subarray(0, 14))) rec[0];
const sz: number = struct.calcsize('@bhl');
const S = new struct.Struct('>4sI');
const s2: number = S.size;
const sf: string = S.format;
S.pack(new Uint8Array(4), 1);
S.unpack_from(ba, 0);
S.iter_unpack(ba);
S.pack_into(ba, 0, bytes(4), 2);

// Errors.
try { m.get(99); } catch (e) {
  if (e instanceof IndexError) { const r: RangeError = e; r.message; }
  if (e instanceof struct.error) e.name;
  if (e instanceof ValueError || e instanceof BufferError || e instanceof NotImplementedError) e.message;
  if (e instanceof OverflowError || e instanceof MemoryError) e.message;
}
const stats = heapStats();
const inUse: number = stats.inUse + stats.blocks + stats.memory;

// Types narrowed by literal formats and shapes.
const bytes1: number[] = memoryview(b).tolist();
const grid2: number[][] = grid.tolist();
const cube: bigint[][][] = m.cast('q', [1, 1, 2]).tolist();
const scalar: number = m.cast('d', []).tolist();
const u16: Uint16Array = m.cast('H').asTypedArray();
const f32: Float32Array = memoryview(new Float32Array(2)).asTypedArray();
const i8: Int8Array = memoryview(array('b', [1])).asTypedArray();
const u8: Uint8Array = memoryview(b).slice(1).asTypedArray();
const fmtH: 'H' = m.cast('H').format;
const nd: 2 = grid.ndim;
const [w, h] = struct.unpack('>II', packed);
const area: number = w * h;
const rec: [bigint, boolean, Uint8Array, number] = struct.unpack('<q?4sxxH', packed);
const three: [number, number, number] = struct.unpack('<3H', packed);
const many: number[] = struct.unpack('<200B', packed);
const hdr = new struct.Struct('<4sI');
const called: struct.Struct<'<I'> = struct.Struct('<I'); // as in Python, without new
const [one]: [number] = called.unpack(called.pack(1));
const [magic, len] = hdr.unpack(packed);
const magicBytes: Uint8Array = magic;
const lenNumber: number = len;
const dyn: StructValue[] = struct.unpack('<' + 'I', packed);
const copyBuffer: ArrayBuffer = m.tobytes().buffer;   // Uint8Array<ArrayBuffer>, not ArrayBufferLike
const packedBuffer: ArrayBuffer = struct.pack('<I', 1).buffer;
ba.insert(0, bytes('ab'));
ba.insert(1, [1, 2]);
ba.delete(0, 2);
b.release();
qa.release();
qa.clear();
ba[Symbol.dispose]();

// ---- what the declarations must reject
// @ts-expect-error 'x' is not a memoryview format (cast would raise)
m.cast('x');
// @ts-expect-error a struct format without values is not a record format ('<I', '<IHH' are: beyond CPython)
m.cast('<4x');
// @ts-expect-error a 1-D list is not nested
const notNested: number[][] = memoryview(b).tolist();
// @ts-expect-error the first value of '>Iq' is a number, the second a bigint
const [, wrongQ]: [number, number] = struct.unpack('>Iq', packed);
// @ts-expect-error an H view's TypedArray is a Uint16Array
const wrongTA: Int32Array = m.cast('H').asTypedArray();
// @ts-expect-error a number is not bytes-like
memoryview(5);
// @ts-expect-error a string is not bytes-like (bytes('...') is)
memoryview('text');
// @ts-expect-error a uint8 view's items are numbers
const wrong: bigint = m.get(0);
// @ts-expect-error q items are bigints, not numbers
const wrong2: number = big.get(0);
// @ts-expect-error bytes is read-only: no set()
b.set(0, 1);
// @ts-expect-error bytes cannot grow
b.append(1);
// @ts-expect-error not an array typecode
array('x');
// @ts-expect-error nbytes is read-only
m.nbytes = 3;
// @ts-expect-error tobytes orders are C, F, A
m.tobytes('Z');
// @ts-expect-error struct formats are strings
struct.pack(42);
// @ts-expect-error a Struct's format is a string
struct.Struct(4);

export {};

// ---- beyond CPython: byte-order formats, records, sub-views ----
{
  const raw = memoryview(bytearray(24));
  const be = raw.cast('>I');
  const n: number = be.get(0);
  const big: bigint = raw.cast('<q').get(0);
  const rec = raw.cast('<IHH');
  const [a, b, c]: [number, number, number] = rec.get(0);
  rec.set(0, [1, 2, 3]);
  const rows: [number, number, number][] = rec.tolist();
  const grid = raw.cast('B', [4, 6]);
  const crop = grid.sub([1, 3], [2, null]);
  const ok2: 2 = crop.ndim;
  const row = grid.sub(1);
  const ok1: 1 = row.ndim;
  const cell = grid.sub(1, 2);
  const ok0: 0 = cell.ndim;
  void [n, big, a, b, c, rows, ok2, ok1, ok0];
}
