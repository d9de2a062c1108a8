// Reinterpret a buffer with cast: the same bytes seen as float32 samples, as
// raw bytes, as uint32 bit patterns, and as a 2-D matrix, with no copy.
import assert from 'node:assert/strict';
import { array, memoryview } from 'memview';

const samples = array('f', [1.0, -2.5, 0.15625, Infinity, 0, -0, 3, 4]);
const floats = memoryview(samples);
const raw = floats.cast('B');          // 32 bytes
const bits = raw.cast('I');            // IEEE 754 bit patterns
const matrix = raw.cast('f', [2, 4]);  // 2 rows of 4 floats

console.log(`format ${floats.format}, itemsize ${floats.itemsize}, nbytes ${floats.nbytes}`);
console.log('bits  ', bits.tolist().map((x) => x.toString(16).padStart(8, '0')).join(' '));
console.log(`matrix ${matrix.tolist().map((row) => `[${row.join(', ')}]`).join(' ')}`);
assert.deepEqual(bits.tolist().slice(0, 4), [0x3f800000, 0xc0200000, 0x3e200000, 0x7f800000]);
assert.equal(bits.get(5), 0x80000000, '-0 has only the sign bit');
assert.deepEqual(matrix.shape, [2, 4]);
assert.deepEqual(matrix.strides, [16, 4]);
assert.equal(matrix.get(1, 2), 3);

// A write through one view shows through all of them: they share memory.
bits.set(4, 0x40490fdb);               // the float32 nearest to pi
assert.equal(Math.fround(samples.get(4)), Math.fround(Math.PI));
assert.equal(matrix.get(1, 0), Math.fround(Math.PI));
console.log(`pi via bits -> ${samples.get(4)}`);

// cast checks what it is asked to do, as CPython does.
assert.throws(() => raw.slice(0, 30).cast('I'), { name: 'TypeError', message: 'memoryview: length is not a multiple of itemsize' });
for (const v of [matrix, bits, raw, floats]) v.release();
