// Node's own Buffer class, or null outside Node. memview uses it for what
// Node does faster than a loop or a wasm call (hex, memcmp, latin1 strings,
// uninitialized copies) and relies on what Node's does: from(arrayBuffer,
// offset, length) shares the bytes, toString and compare honour their
// ranges, allocUnsafeSlow has a buffer of its own. A polyfill of the same
// name need not: buffer@4 (webpack 4's) says that two ranges of one Buffer
// are equal whatever they hold. So the global Buffer is never trusted by its
// name: Node's comes from Node, by process.getBuiltinModule (Node 20.16 and
// 22.3 on, Deno, Bun); an older Node offers only its global, which is its own
// unless a program replaced it.
function nodeBuffer() {
  const p = globalThis.process;
  if (p === null || typeof p !== 'object') return null;
  if (typeof p.getBuiltinModule === 'function') {
    try {
      const B = p.getBuiltinModule('buffer')?.Buffer;
      if (typeof B === 'function') return B;
    } catch { /* not Node's process: a bundler's stand-in */ }
    return null;
  }
  const v = p.versions;
  return v !== null && typeof v === 'object' && typeof v.node === 'string' && typeof globalThis.Buffer === 'function'
    ? globalThis.Buffer : null;
}

export const NodeBuffer = nodeBuffer();
