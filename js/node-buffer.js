// Node's own Buffer class, or null outside Node. memview uses it for what
// Node does faster than a loop or a wasm call (hex, memcmp, latin1 strings,
// uninitialized copies) and relies on what Node's does: from(arrayBuffer,
// offset, length) shares the bytes, toString and compare honour their
// ranges, allocUnsafeSlow has a buffer of its own. A polyfill of the same
// name need not: buffer@4 (webpack 4's) says that two ranges of one Buffer
// are equal whatever they hold. So a Buffer is never trusted by its name:
// memview takes one only in a process that says it is Node's, from Node
// (process.getBuiltinModule: Node 20.16 and 22.3 on, Deno, Bun; an older
// Node offers only its global), and only once it has seen it behave as
// Node's does. Node's Buffer then counts as one of JavaScript's built-ins,
// which memview trusts (README, "Guarantees").
function nodeBuffer() {
  const p = globalThis.process;
  if (p === null || typeof p !== 'object' || typeof p.versions?.node !== 'string') return null;
  const B = typeof p.getBuiltinModule === 'function' ? p.getBuiltinModule('buffer')?.Buffer : globalThis.Buffer;
  return typeof B === 'function' && behavesAsNodes(B) ? B : null;
}

/** Whether Buffer class B does what memview relies on, as Node's does. */
function behavesAsNodes(B) {
  const u8 = Uint8Array.of(1, 2, 1, 3);
  const b = B.from(u8.buffer, 1, 3); // 2 1 3, shared
  u8[1] = 0xab;
  const h = B.from('0aff', 'hex');
  return b.length === 3 && b[0] === 0xab // shared, not copied
    && b.toString('hex', 1, 3) === '0103' && b.toString('latin1', 0, 1) === '\xab'
    && b.compare(b, 1, 2, 0, 1) > 0 && b.compare(b, 0, 1, 1, 2) < 0 // ranges of one Buffer
    && B.compare(Uint8Array.of(1, 2), Uint8Array.of(1, 3)) < 0
    && h.length === 2 && h[0] === 0x0a && h[1] === 0xff;
}

/** nodeBuffer(), or null where asking throws (a stand-in for process or
 *  Buffer that is neither Node's nor absent). */
function nodeBufferOrNull() {
  try {
    return nodeBuffer();
  } catch {
    return null;
  }
}

export const NodeBuffer = nodeBufferOrNull();
