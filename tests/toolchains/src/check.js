// What every loading path computes with memview (tests/toolchains.test.js
// compares it with EXPECTED there). A classic script, so that a classic
// Worker can importScripts() it too; modules import it for the global.
globalThis.memviewCheck = function memviewCheck({ memoryview, bytes, bytearray, array, struct, ready }) {
  const [w, h] = struct.unpack('>II', struct.pack('>II', 640, 480));
  const words = memoryview(bytearray([1, 0, 2, 0, 3, 0])).cast('H');
  let err = null;
  try { struct.unpack('>I', bytes(3)); } catch (e) { err = `${e.name}: ${e.message}`; }
  return {
    area: w * h,
    words: words.tolist(),
    hex: memoryview(array('H', [0x0102, 0x0304])).hex(':'),
    grid: memoryview(bytes([0, 1, 2, 3, 4, 5])).cast('B', [2, 3]).get(1, 2),
    err,
    ready: ready instanceof Promise,
  };
};
