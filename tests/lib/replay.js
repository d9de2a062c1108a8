// Replays the programs of tests/gen/gen_corpus.py on memview and compares every
// outcome with the one CPython recorded. The corpus format is described at the
// top of gen_corpus.py; this file is its JS half: `decode` turns recorded
// arguments into JS values, `OPS` performs each operation the way the API
// contract maps it, and `matches` compares a JS result with a recorded one.
import { memoryview, bytes, bytearray, array } from '../../js/memview.js';

const dispose = Symbol.dispose || Symbol.for('Symbol.dispose');

export function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}
const toHex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).join('');

const FLOATS = { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 };

/** A recorded argument as the JS value that stands for it. */
export function decode(x, slots) {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((e) => decode(e, slots));
  if ('int' in x) return BigInt(x.int);
  if ('num' in x) return Number(x.num);
  if ('float' in x) return FLOATS[x.float];
  if ('bytes' in x) return hexToBytes(x.bytes);          // Python bytes → Uint8Array
  if ('bytesobj' in x) return bytes(hexToBytes(x.bytesobj)); // … or memview's bytes
  if ('bytearray' in x) return bytearray(hexToBytes(x.bytearray));
  if ('slot' in x) return slots[x.slot];
  throw new Error(`corpus: cannot decode ${JSON.stringify(x)}`);
}

/** Python None in a slice or optional position: null, undefined or left out,
 *  varied by the op's position so all three spellings are exercised. */
function noneArgs(args, k) {
  const style = k % 3;
  const out = args.map((a) => (a === null && style === 1 ? undefined : a));
  if (style === 2) while (out.length && out[out.length - 1] === null) out.pop();
  return out;
}

// TypedArrays that stand for array typecodes in JS-memory mode (l and L have
// none: their TypedArray twins give the formats i and I).
const TYPED = { b: Int8Array, B: Uint8Array, h: Int16Array, H: Uint16Array, i: Int32Array,
  I: Uint32Array, q: BigInt64Array, Q: BigUint64Array, f: Float32Array, d: Float64Array };

function typedArray(tc, items) {
  const T = TYPED[tc];
  const big = tc === 'q' || tc === 'Q';
  return T.from(items, (v) => (big ? BigInt(v) : Number(v)));
}

// The exporter methods that only read, as their TypedArray twins.
const READS = {
  tobytes: (t) => new Uint8Array(t.buffer, t.byteOffset, t.byteLength).slice(),
  tolist: (t) => Array.from(t),
  length: (t) => t.length,
};

const OPS = {
  typedcall: (op, S) => READS[op.method](S[op.v]),
  typed: (op, S) => {
    S[op.out] = op.tc ? typedArray(op.tc, decode(op.items, S)) : hexToBytes(op.data);
  },
  bytes: (op, S) => { S[op.out] = bytes(hexToBytes(op.data)); },
  bytearray: (op, S) => { S[op.out] = bytearray(hexToBytes(op.data)); },
  array: (op, S) => { S[op.out] = array(op.tc, decode(op.items, S)); },
  memoryview: (op, S, k) => {
    // Callable with or without `new`; both are exercised.
    const src = 'of' in op ? S[op.of] : decode(op.arg, S);
    const m = k % 2 ? new memoryview(src) : memoryview(src);
    if (!(m instanceof memoryview)) throw new Error('memoryview() did not return a memoryview');
    S[op.out] = m;
  },
  slice: (op, S, k) => { S[op.out] = S[op.v].slice(...noneArgs(decode(op.args, S), k)); },
  cast: (op, S) => { S[op.out] = S[op.v].cast(...decode(op.args, S)); },
  toreadonly: (op, S) => { S[op.out] = S[op.v].toreadonly(); },
  sub: (op, S) => { S[op.out] = S[op.v].sub(...decode(op.keys, S)); }, // beyond CPython (numpy_gen.py)
  get: (op, S) => S[op.v].get(...decode(op.idx, S)),
  set: (op, S) => { S[op.v].set(...decode(op.idx, S), decode(op.value, S)); },
  assign: (op, S, k) => {
    const m = S[op.v], src = decode(op.src, S);
    if (!op.slice) { m.assign(src); return; }
    // m[a:b:c] = src: the temporary slice is released at once, as CPython's
    // refcounting would, so it does not hold the export lock afterwards.
    const s = m.slice(...noneArgs(decode(op.slice, S), k));
    try { s.assign(src); } finally { s.release(); }
  },
  tolist: (op, S) => S[op.v].tolist(),
  tobytes: (op, S) => S[op.v].tobytes(...decode(op.args, S)),
  hex: (op, S) => {
    const args = [];
    if ('sep' in op) args.push(decode(op.sep, S));
    if ('bps' in op) { if (!('sep' in op)) args.push(undefined); args.push(decode(op.bps, S)); }
    return S[op.v].hex(...args);
  },
  equals: (op, S) => S[op.v].equals(decode(op.other, S)),
  count: (op, S) => S[op.v].count(decode(op.value, S)),
  index: (op, S) => S[op.v].index(...decode(op.args, S)),
  release: (op, S) => { if (op.dispose) S[op.v][dispose](); else S[op.v].release(); },
  iter: (op, S) => [...S[op.v]],
  iter_new: (op, S) => { S[op.out] = S[op.v][Symbol.iterator](); },
  next: (op, S) => { const r = S[op.v].next(); return r.done ? { done: true } : r.value; },
  len: (op, S) => S[op.v].length,
  repr: (op, S) => String(S[op.v]),
  props: (op, S) => {
    // Each property is read on its own: a released view raises for every one.
    const m = S[op.v], got = {};
    for (const name of Object.keys(op.expect)) {
      try { got[name] = { value: m[name] }; } catch (e) { got[name] = { thrown: e }; }
    }
    return got;
  },
  call: (op, S) => {
    const o = S[op.v];
    if (op.method === 'length') return o.length;
    return o[op.method](...decode(op.args, S));
  },
};

// ---- comparison ----------------------------------------------------------------

/** Whether the JS value `got` is what CPython's recorded `want` stands for. */
export function matches(want, got, slots) {
  if (want === null) return got === undefined || got === null;
  if (typeof want === 'number') return typeof got === 'number' && Object.is(got, want);
  if (typeof want !== 'object') return got === want;
  if (Array.isArray(want)) {
    return Array.isArray(got) && got.length === want.length
      && want.every((w, i) => matches(w, got[i], slots));
  }
  if ('int' in want) return typeof got === 'bigint' && got === BigInt(want.int);
  if ('float' in want) return typeof got === 'number' && Object.is(got, FLOATS[want.float]);
  if ('bytes' in want) return got instanceof Uint8Array && toHex(got) === want.bytes;
  if ('slot' in want) return got === slots[want.slot];
  if ('done' in want) return got !== null && typeof got === 'object' && got.done === true;
  throw new Error(`corpus: cannot compare with ${JSON.stringify(want)}`);
}

function isError(want) {
  return want !== null && typeof want === 'object' && !Array.isArray(want) && 'error' in want;
}

/** Compares one outcome: `thrown` is set when the operation threw. Returns
 *  null on a match, else a description of the difference. */
function compare(want, outcome, slots) {
  const { value, thrown } = outcome;
  if (isError(want)) {
    const [name, message] = want.error;
    if (thrown === undefined) return `expected ${name}: ${message}, got ${show(value)}`;
    if (thrown.name === name && thrown.message === message) return null;
    return `expected ${name}: ${message}, got ${showError(thrown)}`;
  }
  if (thrown !== undefined) return `expected ${show(want)}, got ${showError(thrown)}`;
  return matches(want, value, slots) ? null : `expected ${show(want)}, got ${show(value)}`;
}

function compareOp(op, outcome, slots) {
  if (op.op === 'repr') {
    if (outcome.thrown) return `expected <${op.expect} at 0x…>, got ${showError(outcome.thrown)}`;
    const ok = new RegExp(`^<${op.expect} at 0x[0-9a-f]+>$`).test(outcome.value);
    return ok ? null : `expected <${op.expect} at 0x…>, got ${show(outcome.value)}`;
  }
  if (op.op === 'props' && !outcome.thrown) {
    for (const [name, want] of Object.entries(op.expect)) {
      const d = compare(want, outcome.value[name], slots);
      if (d) return `.${name}: ${d}`;
    }
    return null;
  }
  return compare(op.expect, outcome, slots);
}

function showError(e) {
  return e && typeof e === 'object' && 'message' in e ? `${e.name}: ${e.message}` : `throw ${String(e)}`;
}
function show(v) {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `Uint8Array<${toHex(v)}>`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === undefined) return 'undefined';
  if (v !== null && typeof v === 'object' && !('constructor' in v && v.constructor !== Object))
    return JSON.stringify(v);
  if (v !== null && typeof v === 'object') return String(v);
  return JSON.stringify(v);
}

/**
 * Replays one program. Returns null when every operation matched, else
 * { op index, op, difference } for the first mismatch (the program stops
 * there: later operations depend on the state). Views left alive are
 * released at the end so the wasm heap does not grow across programs.
 */
export function replayProgram(program) {
  const slots = [];
  let failure = null;
  for (let k = 0; k < program.ops.length; k++) {
    const op = program.ops[k];
    const run = OPS[op.op];
    if (!run) { failure = { k, op, diff: `unknown op ${op.op}` }; break; }
    let outcome;
    try { outcome = { value: run(op, slots, k) }; } catch (e) { outcome = { thrown: e }; }
    const diff = compareOp(op, outcome, slots);
    if (diff) { failure = { k, op, diff }; break; }
  }
  for (const s of slots) {
    if (s instanceof memoryview) { try { s.release(); } catch { /* exported */ } }
  }
  return failure;
}

/**
 * The program with its bytearray and array exporters made into the matching
 * TypedArrays (JS-owned memory), so the same operations run on views of JS
 * memory; or null when that cannot stand for the program: an exporter whose
 * methods it calls (TypedArrays do not resize), an array construction that
 * fails, or typecodes l and L (no TypedArray of those formats).
 */
export function inJsMemory(program) {
  const typed = new Set();
  const ops = [];
  for (const op of program.ops) {
    if (op.op === 'bytearray') {
      typed.add(op.out);
      ops.push({ ...op, op: 'typed' });
    } else if (op.op === 'array') {
      if (!TYPED[op.tc] || op.expect !== null) return null;
      typed.add(op.out);
      ops.push({ ...op, op: 'typed' });
    } else if (op.op === 'call' && typed.has(op.v)) {
      // A call that raised changed nothing (CPython's exporter methods are
      // atomic): the export-lock probes, which TypedArrays have no twin of.
      if (op.expect !== null && typeof op.expect === 'object' && 'error' in op.expect) continue;
      if (!READS[op.method]) return null; // a resize or a write that succeeded
      ops.push({ ...op, op: 'typedcall' });
    } else ops.push(op);
  }
  return typed.size ? { ...program, ops } : null;
}

/**
 * The program with every index, slice bound, sub() key, cast shape element and
 * count / index argument that is an integral number given as a bigint instead:
 * the same Python int, which the JS paths (js/executor.js, js/fastpath.js)
 * leave to C. So this replays the program with every item access, slice,
 * sub-view and cast decided in C, and count / index too except on 8-byte int
 * items (whose JS path takes bigints: the plain replay sends those to C).
 */
export function throughC(program) {
  const big = (x) => (typeof x === 'number' && Number.isInteger(x) ? { int: String(x) } : x);
  const ops = program.ops.map((op) => {
    switch (op.op) {
      case 'get': return { ...op, idx: op.idx.map(big) };
      case 'set': return { ...op, idx: op.idx.map(big) };
      case 'slice': return { ...op, args: op.args.map(big) };
      case 'sub': return { ...op, keys: op.keys.map((k) => (Array.isArray(k) ? k.map(big) : big(k))) };
      case 'assign': return op.slice ? { ...op, slice: op.slice.map(big) } : op;
      case 'count': return { ...op, value: big(op.value) };
      case 'index': return { ...op, args: op.args.map(big) };
      case 'cast': return Array.isArray(op.args[1]) ? { ...op, args: [op.args[0], op.args[1].map(big), ...op.args.slice(2)] } : op;
      default: return op;
    }
  });
  return { ...program, ops };
}

/** Replays a whole corpus: { programs, ops, failures: [text] }. With
 *  jsMemory, only the programs inJsMemory() can transform, transformed; with
 *  viaC, every program through throughC(). */
export function replayCorpus(corpus, label, { jsMemory = false, viaC = false } = {}) {
  const failures = [];
  let ops = 0, programs = 0;
  for (const original of corpus.programs) {
    let p = jsMemory ? inJsMemory(original) : original;
    if (p && viaC) p = throughC(p);
    if (!p) continue;
    programs++;
    ops += p.ops.length;
    const f = replayProgram(p);
    if (f) {
      const { expect, ...rest } = f.op;
      failures.push(`${label} program ${p.id} (seed ${p.seed}) op #${f.k} ${JSON.stringify(rest)}: ${f.diff}`);
    }
  }
  return { programs, ops, failures };
}
