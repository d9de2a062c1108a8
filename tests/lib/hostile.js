// Shared by tests/safety.test.js and tests/attack.test.js (and the child
// processes they start): loading the library under test, sentinel objects
// around a victim, the allowed exception classes, and a small pool that runs
// child processes two at a time.
//
// MEMVIEW_LIB=/path/to/memview.js points the children at another copy of
// the binding (for instance the last commit's, to see which tests fail
// before a fix); by default they load js/memview.js of this tree.
import { spawn } from 'node:child_process';
import { pathToFileURL, fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const LIB_URL = process.env.MEMVIEW_LIB
  ? pathToFileURL(process.env.MEMVIEW_LIB).href
  : new URL('../../js/memview.js', import.meta.url).href;

export const loadLib = () => import(LIB_URL);

export const RELEASED = 'operation forbidden on released memoryview object';
export const DETACHED = 'operation forbidden on memoryview of a detached ArrayBuffer';
export const SECRET = 'SECRET-PASSWORD!';
export const SECRET_BYTES = new TextEncoder().encode(SECRET);

/** A recognisable fill for sentinel `id`: never contains SECRET. */
export function pattern(id, size) {
  const p = new Uint8Array(size);
  for (let k = 0; k < size; k++) p[k] = (k * 31 + id * 17 + 0x5a) & 0x7f | 0x80; // all >= 0x80: no ASCII
  return p;
}

export function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `hay` (bytes, a string, a nested list of numbers) holds the
 *  first 8 bytes of SECRET (or its hex). */
export function leaksSecret(hay) {
  const needle = SECRET_BYTES.subarray(0, 8);
  const hex = Array.from(needle, (b) => b.toString(16).padStart(2, '0'));
  if (typeof hay === 'string') {
    const flat = hay.replace(/[^0-9a-f]/gi, '').toLowerCase();
    return flat.includes(hex.join('')) || hay.includes(SECRET.slice(0, 8));
  }
  let flat = null;
  if (hay instanceof Uint8Array) flat = hay;
  else if (Array.isArray(hay)) {
    const out = [];
    const walk = (x) => { if (Array.isArray(x)) x.forEach(walk); else if (typeof x === 'number') out.push(x & 255); };
    walk(hay);
    flat = Uint8Array.from(out);
  }
  if (flat === null) return false;
  outer: for (let i = 0; i + needle.length <= flat.length; i++) {
    for (let j = 0; j < needle.length; j++) if (flat[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** The first n bytes of wasm memory (a copy), read through a view's TypedArray. */
export function wasmLow(M, n = 64) {
  const b = M.bytearray(1);
  const m = M.memoryview(b);
  const u = new Uint8Array(m.asTypedArray().buffer, 0, n).slice();
  m.release();
  b.clear();
  return u;
}

/** The wasm address of a bytearray's bytes. */
export function addressOf(M, ba) {
  const m = M.memoryview(ba);
  const at = m.asTypedArray().byteOffset;
  m.release();
  return at;
}

/** What a forger would copy into an object made from memoryview.prototype:
 *  the fields of a view's record (js/view.js ViewRec), pointing at address
 *  `at`. A view's record is private to it, so no method may read these. */
export function forgedRecordFields(at) {
  const words = [at, 64, 1, 0, 1, 3, 1, 1, 0x42, 0, 0, 0, 64];
  return { _sh: words, _hdr: words, _words: words, _st: [1], _buf: at, _len: 64, _flags: 3, _shape0: 64,
    _p: 1, _fc: 1, _fb: at, _fn: 64, _fs: 1, _fw: true };
}

/**
 * Sentinel bytearrays filled with known patterns, allocated before (now) and
 * after (after()) a victim; check() asserts that every one is unchanged, and
 * that the low bytes of wasm memory are; done() also frees them and asserts
 * that heapStats().inUse is back where it was when the arena was made.
 */
export function arena(M, { count = 4, size = 32 << 10 } = {}) {
  const base = M.heapStats().inUse;
  const low = wasmLow(M);
  const all = [];
  const make = () => {
    for (let i = 0; i < count; i++) {
      const id = all.length;
      all.push({ id, b: M.bytearray(pattern(id, size)) });
    }
  };
  make();
  return {
    base,
    after: make,
    sentinels: () => all.map((s) => s.b),
    /** Problems found, as strings (empty: all is well). */
    problems() {
      const out = [];
      for (const { id, b } of all) {
        let ok = false;
        try { ok = b.length === size && sameBytes(b.tobytes(), pattern(id, size)); } catch (e) { out.push(`sentinel ${id}: ${e}`); continue; }
        if (!ok) out.push(`sentinel ${id} changed`);
      }
      try { if (!sameBytes(wasmLow(M), low)) out.push('wasm memory at address 0 changed'); } catch (e) { out.push(`reading wasm memory: ${e}`); }
      return out;
    },
    check() { const p = this.problems(); assert.deepEqual(p, [], p.join('; ')); },
    /** Frees the sentinels and asserts the heap is back at its start. */
    done() {
      this.check();
      for (const { b } of all) b.clear();
      assert.equal(M.heapStats().inUse, base, `heapStats().inUse ${M.heapStats().inUse}, was ${base}`);
    },
  };
}

/** A bytearray holding SECRET, made mid-call by a hostile value: it tends to
 *  take the block that the victim just freed. */
export function secret(M) { return M.bytearray(SECRET); }

/** Whether memview still works: memoryview(bytearray('Hello')).tobytes(). */
export function stillWorks(M) {
  const b = M.bytearray('Hello');
  const m = M.memoryview(b);
  const s = new TextDecoder().decode(m.tobytes());
  m.release();
  b.clear();
  return s === 'Hello';
}

/** Grows wasm memory now: allocates more than is free, then frees it. */
export function growMemory(M) {
  // Chunks fill the free blocks first, so memory grows by about one chunk
  // (one big block would double memory whenever the free space is fragmented).
  const before = M.heapStats().memory, chunks = [];
  try {
    while (M.heapStats().memory === before && chunks.length < 4096) chunks.push(M.bytearray(256 << 10));
  } finally { for (const c of chunks) c.clear(); }
  return M.heapStats().memory > before;
}

const ENGINE = /Cannot perform|private member|Cannot read prop|Cannot set prop|is not a function|is not a constructor|Cannot mix BigInt|Cannot convert|called on incompatible receiver|Invalid typed array|Invalid array length|Maximum call stack|is not iterable|not a typed array|Offset is outside|Start offset|Invalid DataView|memory access out of bounds|^memview: /;

/**
 * null when `e` is an exception memview may raise (ValueError, IndexError,
 * BufferError, OverflowError, MemoryError, struct.error, a TypeError of its
 * own, or an exception thrown by the hostile value itself, whose classes are
 * in `own`); otherwise why not (an engine error or message leaked through).
 */
export function badException(M, e, own = []) {
  if (own.some((c) => e instanceof c)) return null;
  if (!(e instanceof Error)) return `threw a non-Error ${String(e)}`;
  const msg = String(e.message);
  const ours = [M.ValueError, M.IndexError, M.BufferError, M.OverflowError, M.MemoryError, M.struct.error];
  if (ours.some((c) => e instanceof c)) return null;
  // CPython's own "'int' object is not iterable" is not the engine's "x is not iterable"
  if (e.constructor === TypeError && (!ENGINE.test(msg) || /^'[^']+' object is not iterable$/.test(msg))) return null;
  return `${e.constructor && e.constructor.name}: ${msg}`;
}

// ---- child processes -------------------------------------------------------

let running = 0;
const queue = [];
const MAX = 2;
function pump() {
  while (running < MAX && queue.length) {
    const job = queue.shift();
    running++;
    job().finally(() => { running--; pump(); });
  }
}

/**
 * Runs `node --expose-gc script ...args` (queued, two at a time) and resolves
 * to { code, signal, stdout, stderr, ms, timedOut }.
 */
export function runChild(script, args, { timeout = 30000, env = {}, nodeArgs = [] } = {}) {
  return new Promise((resolve) => {
    queue.push(() => new Promise((done) => {
      const t0 = Date.now();
      const child = spawn(process.execPath, ['--expose-gc', ...nodeArgs, fileURLToPath(script), ...args],
        { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '', timedOut = false;
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1e6) stderr = stderr.slice(-1e6); });
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeout);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - t0, timedOut });
        done();
      });
    }));
    pump();
  });
}
