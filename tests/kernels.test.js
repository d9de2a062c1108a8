// The C core's fast loops as the wasm build runs them (wasm SIMD: strided
// gathers in tobytes, hex digits 16 bytes at a time, equals 64 bytes or 8
// doubles at a time), against plain JS references, on views of every item
// size and stride, short and long, starting at every offset within a 16-byte
// block. c/tests/kernels_test.c checks the scalar loops the same way natively.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { memoryview, bytearray } from '../js/memview.js';

/** A deterministic generator (xorshift32), so a failure reproduces. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

function randomBytes(n, next) {
  const u = new Uint8Array(n);
  for (let i = 0; i < n; i++) u[i] = next() & 255;
  return u;
}

/** The byte positions of the items seq[start::step] of n items of size k. */
function itemOffsets(n, k, start, step) {
  const out = [];
  for (let i = start; step > 0 ? i < n : i >= 0; i += step) out.push(i * k);
  return out;
}

function gatherRef(u8, base, offsets, k) {
  const out = new Uint8Array(offsets.length * k);
  offsets.forEach((o, j) => out.set(u8.subarray(base + o, base + o + k), j * k));
  return out;
}

function hexRef(u8, sep, per) {
  let s = '';
  const g = Math.abs(per ?? 0), n = u8.length;
  for (let k = 0; k < n; k++) {
    if (k > 0 && sep !== undefined && g > 0 && g < n && (per > 0 ? n - k : k) % g === 0) s += sep;
    s += u8[k].toString(16).padStart(2, '0');
  }
  return s;
}

const SIZES = { B: 1, H: 2, I: 4, d: 8 };
const STEPS = [2, 4, 3, -1, -2, -4, 1];
const LENGTHS = [0, 1, 15, 16, 17, 33, 64, 65, 129, 700, 3001];

test('tobytes and hex of strided views match the references (every size, step, alignment)', () => {
  const next = rng(7);
  const src = randomBytes(3001 * 8 * 4 + 64, next);
  const store = bytearray(src);
  const whole = memoryview(store);
  let checked = 0;
  try {
    for (const [fmt, k] of Object.entries(SIZES)) {
      for (const len of LENGTHS) {
        for (const step of STEPS) {
          // Items run len * |step| items from the base; the base moves through a 16-byte block.
          const items = len * Math.abs(step);
          for (let align = 0; align < 16; align += (len > 100 ? 5 : 1)) {
            if (align + items * k > src.length) continue;
            const bytesView = whole.slice(align, align + items * k);
            const typed = bytesView.cast(fmt);
            const start = step > 0 ? 0 : items - 1;
            const v = items === 0 ? typed : typed.slice(start, undefined, step);
            const want = gatherRef(src, align, items === 0 ? [] : itemOffsets(items, k, start, step), k);
            const got = v.tobytes();
            assert.equal(got.length, want.length, `${fmt} len ${len} step ${step} align ${align}`);
            assert.ok(Buffer.from(got).equals(Buffer.from(want)), `tobytes ${fmt} len ${len} step ${step} align ${align}`);
            if (len <= 129 || align === 0) {
              assert.is(v.hex(), hexRef(want), `hex ${fmt} len ${len} step ${step} align ${align}`);
              for (const per of [1, 2, -3, 16, -16])
                assert.is(v.hex(':', per), hexRef(want, ':', per), `hex(':', ${per}) ${fmt} len ${len} step ${step}`);
            }
            v.release(); typed.release(); bytesView.release();
            checked++;
          }
        }
      }
    }
  } finally { whole.release(); }
  assert.ok(checked > 1000);
});

test('tobytes copies out of wasm memory into a plain Uint8Array of its own, on both sides of 64 KiB', () => {
  // Results from 64 KiB up are copied into an uninitialized Node buffer
  // (js/wasm.js copyOut): every byte must be the source's, and the result a
  // Uint8Array (not a Buffer) whose ArrayBuffer is exactly its bytes.
  const next = rng(11);
  const src = randomBytes((1 << 20) + 19, next);
  const store = bytearray(src);
  const whole = memoryview(store);
  try {
    for (const n of [65535, 65536, 65537, 200003, (1 << 20) + 19]) {
      for (const [what, v, want] of [
        ['contiguous', whole.slice(3, 3 + n), src.subarray(3, 3 + n)],
        ['every 2nd byte', whole.slice(1, 1 + 2 * n, 2), src.filter((_, i) => i >= 1 && i < 1 + 2 * n && (i - 1) % 2 === 0)],
      ]) {
        if (want.length === 0) continue;
        const got = v.tobytes();
        assert.is(Object.getPrototypeOf(got), Uint8Array.prototype, `${what} ${n}: a plain Uint8Array`);
        assert.is(got.byteOffset, 0);
        assert.is(got.buffer.byteLength, want.length, `${what} ${n}: its own buffer`);
        assert.ok(Buffer.from(got).equals(Buffer.from(want)), `${what} ${n}: the bytes`);
        v.release();
      }
    }
    const b = store.tobytes(); // bytearray.tobytes
    assert.is(b.length, src.length);
    assert.ok(Buffer.from(b).equals(Buffer.from(src)));
  } finally { whole.release(); }
});

test('hex of contiguous views, every length to 80 and offset in a block, every separator group', () => {
  const next = rng(11);
  const src = randomBytes(200, next);
  const m = memoryview(bytearray(src));
  for (let off = 0; off < 16; off++) {
    for (let n = 0; n <= 80; n++) {
      const v = m.slice(off, off + n);
      const want = src.subarray(off, off + n);
      assert.is(v.hex(), hexRef(want));
      for (const per of [1, -1, 2, -2, 4, -4, 5, -7, 8, -8, 16, -17, 33])
        assert.is(v.hex('-', per), hexRef(want, '-', per), `off ${off} n ${n} per ${per}`);
      v.release();
    }
  }
  // Long: SIMD blocks with groups that straddle them.
  const big = randomBytes(100_003, next);
  const mb = memoryview(bytearray(big));
  assert.is(mb.hex(), Buffer.from(big).toString('hex'));
  for (const per of [1, 2, -2, -3, 4, -8, 16, 1000]) assert.is(mb.hex(' ', per), hexRef(big, ' ', per));
  mb.release();
  m.release();
});

/** Two wasm copies of bytes, as views of format fmt. */
function pair(u8, fmt) {
  return [memoryview(bytearray(u8)).cast(fmt), memoryview(bytearray(u8)).cast(fmt)];
}

test('equals on bytes: any one changed byte, at every position of long and short views, contiguous and strided', () => {
  const next = rng(23);
  for (const n of [1, 15, 16, 17, 63, 64, 65, 200, 1031]) {
    const u = randomBytes(n, next);
    const a = memoryview(bytearray(u)), bStore = bytearray(u), b = memoryview(bStore);
    assert.ok(a.equals(b));
    for (let k = 0; k < n; k++) {
      bStore.set(k, u[k] ^ 0x10);
      assert.not.ok(a.equals(b), `n ${n} k ${k}`);
      const sa = a.slice(1, undefined, 2), sb = b.slice(1, undefined, 2);
      assert.is(sa.equals(sb), k % 2 === 0, `strided n ${n} k ${k}`);
      sa.release(); sb.release();
      bStore.set(k, u[k]);
    }
    assert.ok(a.equals(b));
    a.release(); b.release();
  }
});

test("equals on 'd' and 'f': NaN is unequal, -0.0 equals 0.0, at every position, contiguous and strided", () => {
  const next = rng(31);
  for (const [fmt, Typed] of [['d', Float64Array], ['f', Float32Array]]) {
    for (const n of [1, 7, 8, 9, 16, 17, 40, 257]) {
      const vals = new Typed(n);
      for (let i = 0; i < n; i++) vals[i] = ((next() | 0) / 1024);
      const bytesOf = (t) => new Uint8Array(t.buffer.slice(0));
      const [a] = pair(bytesOf(vals), fmt);
      for (let k = 0; k < n; k += n > 40 ? 13 : 1) {
        for (const [x, y] of [[0, -0], [NaN, NaN], [1.5, 2.5], [Infinity, Infinity]]) {
          const other = vals.slice();
          const mine = vals.slice();
          mine[k] = x; other[k] = y;
          const [va] = pair(bytesOf(mine), fmt), [vb] = pair(bytesOf(other), fmt);
          const want = mine.every((v, i) => v === other[i]);
          assert.is(va.equals(vb), want, `${fmt} n ${n} k ${k} ${x} vs ${y}`);
          for (const off of [0, 1]) {
            const sa = va.slice(off, undefined, 2), sb = vb.slice(off, undefined, 2);
            const wantS = [...mine].every((v, i) => i % 2 !== off || v === other[i]);
            assert.is(sa.equals(sb), wantS, `${fmt} strided off ${off} n ${n} k ${k}`);
            sa.release(); sb.release();
          }
          va.release(); vb.release();
        }
      }
      assert.ok(a.equals(a) === !vals.some(Number.isNaN));
      a.release();
    }
  }
});

test.run();
