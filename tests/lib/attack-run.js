// The attack property of tests/attack.test.js, for one method of the public
// API per process: `node --expose-gc tests/lib/attack-run.js SPEC SEED RUNS`.
// For every argument position of SPEC (and `this`), fast-check draws a
// hostile value (getters, Proxies, valueOf/toString/toPrimitive/length/
// iterator hooks that release the view, resize or clear the bytearray, detach
// the ArrayBuffer, grow wasm memory, allocate, or throw; odd numbers, bigints,
// strings, forged and foreign objects) and a victim on wasm or JS memory, puts
// the value in that position with valid values elsewhere, calls, and checks:
// the exception class, the sentinels, the victim's bytes (changed only where
// the call may write), heapStats().inUse, that a view released or detached
// mid-call is not used, that no result holds another object's bytes, and that
// memview still works. It prints one JSON line: { spec, positions, cases,
// failures: [{ key, message }], fatal }.
import fc from 'fast-check';
import { loadLib, pattern, sameBytes, leaksSecret, stillWorks, growMemory, badException, addressOf, forgedRecordFields,
  RELEASED, SECRET } from './hostile.js';

const M = await loadLib();
const { memoryview, bytes, bytearray, array, struct, heapStats } = M;

class Hostile extends Error {}
const ALLOWED_OWN = [Hostile];

// ---- the victim ---------------------------------------------------------------

const FORMATS = ['B', 'B', 'b', 'c', '?', 'H', 'i', 'q', 'd'];
const ITEM = { B: 7, b: -7, c: Uint8Array.of(7), '?': true, H: 7, i: 7, q: 7n, d: 7.5 };
const SENTINEL = 256;

/** Everything one case works on. mem: 'wasm' or 'js'. */
function makeCtx(mem, fmt) {
  const ctx = { mem, fmt, big: 0, fired: new Set(), hookErrors: [], secrets: [], extra: [], released: false, detached: false,
    resized: false, exMutated: false };
  ctx.base0 = heapStats().inUse;
  ctx.sentinels = [bytearray(pattern(1, SENTINEL)), bytearray(pattern(2, SENTINEL))];
  if (mem === 'wasm') {
    ctx.vb = bytearray(pattern(900, 64));
    ctx.base = memoryview(ctx.vb);
    ctx.read = () => ctx.vb.tobytes();
  } else {
    ctx.ab = new ArrayBuffer(64);
    ctx.u8 = new Uint8Array(ctx.ab);
    ctx.u8.set(pattern(900, 64));
    ctx.base = memoryview(ctx.u8);
    ctx.read = () => (ctx.ab.byteLength === 64 ? ctx.u8.slice() : null);
  }
  ctx.bview = ctx.base.slice(8, 40);
  ctx.view = fmt === 'B' ? ctx.bview : ctx.bview.cast(fmt);
  ctx.views = [ctx.base, ctx.bview, ctx.view];
  // a second operand of the same structure, elsewhere in JS memory
  ctx.srcU8 = new Uint8Array(32).fill(0x41);
  ctx.src = fmt === 'B' ? memoryview(ctx.srcU8) : memoryview(ctx.srcU8).cast(fmt);
  ctx.ex = bytearray(pattern(901, 32));
  ctx.bx = bytes(pattern(902, 32)); // freed only by GC: not counted, see heapBase
  ctx.arr = array('i', [1, 2, 3, 4, 5, 6, 7, 8]);
  ctx.sentinels.push(bytearray(pattern(3, SENTINEL)), bytearray(pattern(4, SENTINEL)));
  ctx.heapBase = heapStats().inUse;
  return ctx;
}

/** Releases every view of ctx; whether the victim (ctx.view) is released
 *  now: a view that the call holds, as pack_into holds its target, refuses
 *  with BufferError and stays usable. */
function releaseAll(ctx) {
  let victim = true;
  for (const v of [...ctx.views, ctx.src, ...ctx.extra.filter((x) => x instanceof memoryview)]) {
    try { v.release(); } catch { if (v === ctx.view) victim = false; }
  }
  return victim;
}

/** What a hostile hook does when memview runs it. */
const EFFECTS = {
  none() {},
  throw() { throw new Hostile('hostile hook threw'); },
  release(ctx) { ctx.released = releaseAll(ctx) || ctx.released; },
  'release+clear+secret'(ctx) {
    ctx.released = releaseAll(ctx) || ctx.released;
    if (ctx.vb) { ctx.vb.clear(); ctx.resized = true; }
    try { ctx.ex.clear(); ctx.exMutated = true; } catch {}
    ctx.secrets.push(bytearray(SECRET), bytearray(SECRET + SECRET));
  },
  'release+resize'(ctx) {
    ctx.released = releaseAll(ctx) || ctx.released;
    if (ctx.vb) { ctx.vb.resize(4096); ctx.resized = true; }
    try { ctx.ex.resize(4096); ctx.exMutated = true; } catch {}
  },
  'resize (locked)'(ctx) { if (ctx.vb) { ctx.vb.append(1); ctx.resized = true; } else { ctx.ex.append(1); ctx.exMutated = true; } },
  detach(ctx) {
    if (ctx.ab && ctx.ab.byteLength) { structuredClone(ctx.ab, { transfer: [ctx.ab] }); ctx.detached = true; }
    try { ctx.srcU8.buffer.byteLength && structuredClone(ctx.srcU8.buffer, { transfer: [ctx.srcU8.buffer] }); } catch {}
  },
  grow(ctx) { growMemory(M); },
  'grow+secret'(ctx) { growMemory(M); ctx.secrets.push(bytearray(SECRET)); },
  alloc(ctx) { ctx.secrets.push(bytearray(1 << 20)); },
};
const EFFECT_NAMES = Object.keys(EFFECTS);

function fire(ctx, effect, once) {
  if (!ctx.armed) return;
  if (once && ctx.fired.has(effect)) return;
  ctx.fired.add(effect);
  try { EFFECTS[effect](ctx); } catch (e) { ctx.hookErrors.push(e); throw e; }
}

// ---- hostile values -----------------------------------------------------------

const bind = (t, k) => { const v = t[k]; return typeof v === 'function' ? v.bind(t) : v; };
/** A Proxy of t whose every trap runs the effect first. */
function trapping(ctx, t, eff, once, receiverIsTarget = true) {
  const hook = () => fire(ctx, eff, once);
  return new Proxy(t, {
    get(tt, k, r) { hook(); return receiverIsTarget ? bind(tt, k) : Reflect.get(tt, k, r); },
    has(tt, k) { hook(); return Reflect.has(tt, k); },
    getPrototypeOf(tt) { hook(); return Reflect.getPrototypeOf(tt); },
    getOwnPropertyDescriptor(tt, k) { hook(); return Reflect.getOwnPropertyDescriptor(tt, k); },
    ownKeys(tt) { hook(); return Reflect.ownKeys(tt); },
  });
}

const BYTES_ABC = bytes('abc'), STRUCT_I = new struct.Struct('<I');
const HOSTILE = {
  // numbers and other primitives
  NaN: () => NaN, Infinity: () => Infinity, '-Infinity': () => -Infinity, '-0': () => -0,
  '2**31': () => 2 ** 31, '2**32': () => 2 ** 32, '2**53': () => 2 ** 53, '-(2**53)': () => -(2 ** 53),
  '-1': () => -1, '1.5': () => 1.5, '-100000': () => -100000,
  '10n**30n': () => 10n ** 30n, '-(10n**30n)': () => -(10n ** 30n), '2n**64n': () => 2n ** 64n, '-1n': () => -1n,
  "'x'": () => 'x', "''": () => '', "'0'": () => '0', "'B'": () => 'B', null: () => null, undefined: () => undefined,
  true: () => true, symbol: () => Symbol('s'), function: () => function f() {},
  // plain objects
  '{}': () => ({}), '[]': () => [], '[1,2]': () => [1, 2], '[32]': () => [32],
  // hooks that run user code
  valueOf: (ctx, e, o) => ({ valueOf() { fire(ctx, e, o); return 1; } }),
  'valueOf 0 then -100000': (ctx, e, o) => { let n = 0; return { valueOf() { fire(ctx, e, o); return n++ ? -100000 : 0; } }; },
  toString: (ctx, e, o) => ({ toString() { fire(ctx, e, o); return 'B'; } }),
  toPrimitive: (ctx, e, o) => ({ [Symbol.toPrimitive]() { fire(ctx, e, o); return 1; } }),
  'length getter': (ctx, e, o) => ({ get length() { fire(ctx, e, o); return 1; } }),
  'array with a getter at 0': (ctx, e, o) => { const a = []; Object.defineProperty(a, 0, { enumerable: true, get() { fire(ctx, e, o); return 32; } }); return a; },
  'array with a length-changing getter': (ctx, e, o) => { const a = [1, 1]; Object.defineProperty(a, 0, { get() { fire(ctx, e, o); a.length = 64; return 32; } }); return a; },
  iterator: (ctx, e, o) => ({ *[Symbol.iterator]() { fire(ctx, e, o); yield 1; yield 2; } }),
  'Uint8Array with a length getter': (ctx, e, o) => { const u = Uint8Array.of(58); Object.defineProperty(u, 'length', { get() { fire(ctx, e, o); return 1; } }); return u; },
  'Uint8Array(4) with a length getter': (ctx, e, o) => { const u = Uint8Array.of(1, 2, 3, 4); Object.defineProperty(u, 'length', { get() { fire(ctx, e, o); return 4; } }); return u; },
  '_getbuffer at a sentinel': (ctx, e, o) => { const at = addressOf(M, ctx.sentinels[1]); return { _getbuffer() { fire(ctx, e, o); return { ptr: at, nbytes: 64, readonly: false, format: 'B' }; } }; },
  'forged memoryview': (ctx) => { const f = Object.create(memoryview.prototype); for (const k of Object.keys(ctx.view)) f[k] = Array.isArray(ctx.view[k]) ? ctx.view[k].slice() : ctx.view[k]; return Object.assign(f, forgedRecordFields(addressOf(M, ctx.sentinels[1]))); },
  'Object.create(memoryview.prototype)': () => Object.create(memoryview.prototype),
  'Object.create(bytearray.prototype)': () => Object.create(bytearray.prototype),
  'Object.create(bytes.prototype)': () => Object.create(bytes.prototype),
  'Object.create(struct.Struct.prototype)': () => Object.create(struct.Struct.prototype),
  // Proxies
  'Proxy of the victim view': (ctx, e, o) => trapping(ctx, ctx.view, e, o, false),
  'Proxy of a bytearray': (ctx, e, o) => trapping(ctx, ctx.ex, e, o, false),
  'Proxy of a bytearray, lying _len': (ctx, e, o) => new Proxy(ctx.ex, { get(t, k, r) { fire(ctx, e, o); return k === '_len' || k === 'length' ? 4096 : Reflect.get(t, k, r); } }),
  'Proxy of an ArrayBuffer': (ctx, e, o) => trapping(ctx, new Uint8Array(32).fill(0x42).buffer, e, o),
  'Proxy of a Uint8Array': (ctx, e, o) => trapping(ctx, new Uint8Array(32).fill(0x42), e, o),
  'Proxy of an array': (ctx, e, o) => trapping(ctx, [1, 2, 3, 4], e, o),
  'Proxy of {}': (ctx, e, o) => trapping(ctx, {}, e, o),
  // real objects, possibly of the wrong memview type
  "bytes('abc')": () => BYTES_ABC, "bytearray('abc')": (ctx) => ctx.ex, "array('i')": (ctx) => ctx.arr,
  'a bytes-view': () => memoryview(Uint8Array.of(1, 2, 3, 4)).toreadonly(),
  'the victim view': (ctx) => ctx.view, 'a released view': () => { const m = memoryview(new Uint8Array(4)); m.release(); return m; },
  'a view of a detached buffer': () => { const ab = new ArrayBuffer(32); const m = memoryview(ab); structuredClone(ab, { transfer: [ab] }); return m; },
  'a detached ArrayBuffer': () => { const ab = new ArrayBuffer(32); structuredClone(ab, { transfer: [ab] }); return ab; },
  'Uint8Array(32)': () => new Uint8Array(32).fill(0x43), 'Int32Array(8)': () => new Int32Array(8),
  'ArrayBuffer(32)': () => new ArrayBuffer(32), 'DataView(32)': () => new DataView(new ArrayBuffer(32)),
  'a wasm-memory TypedArray': (ctx) => { const m = memoryview(ctx.ex); const u = m.asTypedArray(); m.release(); return u; },
  'a Struct': () => STRUCT_I,
};
const HOSTILE_NAMES = Object.keys(HOSTILE);

// ---- the API under attack -----------------------------------------------------

const V = memoryview.prototype;
const getter = (name) => Object.getOwnPropertyDescriptor(V, name).get;
const drain = (it, n = 100) => { const out = []; for (let r = it.next(); !r.done && out.length < n; r = it.next()) out.push(r.value); return out; };

/**
 * Each spec: fn (called as fn.call(this, ...args)), self (the default
 * `this`, or undefined for a plain function), args (defaults), kind:
 *   'view'  a memoryview method: a wrong this must give CPython's descriptor
 *           TypeError; one whose view is released or detached mid-call must fail
 *   'ex'    a bytes/bytearray/array method (this: ctx.ex, ctx.bx or ctx.arr)
 *   'fn'    a plain function
 * writes: 'view' (may write the victim view's bytes), 'ex' (may change this),
 * or nothing. usesView: the call reads or writes the victim view's memory.
 */
const SPECS = {};
const spec = (name, s) => { SPECS[name] = { kind: 'fn', writes: null, usesView: false, ...s }; };
const viewSpec = (name, args, extra = {}) => spec(`memoryview.${name}`, {
  kind: 'view', fn: V[name], self: (c) => c.view, args, usesView: true, method: name, ...extra });

viewSpec('get', (c) => [0]);
viewSpec('set', (c) => [0, ITEM[c.fmt]], { writes: 'view' });
viewSpec('slice', (c) => [1, 3, 1], { meta: true });
viewSpec('cast', (c) => ['B', [c.view.nbytes]], { meta: true });
viewSpec('assign', (c) => [c.src], { writes: 'view' });
viewSpec('tobytes', (c) => ['C']);
viewSpec('tolist', (c) => []);
viewSpec('hex', (c) => [':', 2]);
viewSpec('equals', (c) => [c.src], { meta: true });
viewSpec('count', (c) => [ITEM[c.fmt]]);
viewSpec('index', (c) => [c.view.get(1), 0, 4]);
viewSpec('release', (c) => [], { meta: true });
viewSpec('toreadonly', (c) => [], { meta: true });
viewSpec('asTypedArray', (c) => []);
viewSpec('asDataView', (c) => []);
spec('memoryview[Symbol.iterator]', { kind: 'view', method: '__iter__', lookupName: Symbol.iterator, real: V[Symbol.iterator], fn: function () { return drain(V[Symbol.iterator].call(this)); },
  self: (c) => c.view, args: () => [], usesView: true });
const GETTERS = new Set(['obj', 'nbytes', 'readonly', 'itemsize', 'format', 'ndim', 'shape', 'strides', 'suboffsets',
  'c_contiguous', 'f_contiguous', 'contiguous', 'length']);
for (const g of ['obj', 'nbytes', 'readonly', 'itemsize', 'format', 'ndim', 'shape', 'strides', 'suboffsets',
  'c_contiguous', 'f_contiguous', 'contiguous', 'length'])
  spec(`memoryview.${g} (getter)`, { kind: 'view', method: g, fn: getter(g), self: (c) => c.view, args: () => [], usesView: true, meta: true });
spec('memoryview()', { fn: (x) => memoryview(x), args: (c) => [c.u8 || c.vb] });

const exSpec = (name, cls, self, args, writes = null) => spec(`${cls}.${name}`, {
  kind: 'ex', fn: { bytes, bytearray, array }[cls].prototype[name], self, args, writes, method: name, cls });
const B = (c) => c.bx, BA = (c) => c.ex, AR = (c) => c.arr;
const jsOrWasm = (c) => (c.u8 ? c.u8.subarray(8, 12) : c.bview.slice(0, 4));
for (const [cls, self] of [['bytes', B], ['bytearray', BA]]) {
  exSpec('get', cls, self, () => [1]);
  exSpec('find', cls, self, (c) => [jsOrWasm(c), 0, 32]);
  exSpec('rfind', cls, self, (c) => [jsOrWasm(c), 0, 32]);
  exSpec('hex', cls, self, () => [':', 2]);
  exSpec('equals', cls, self, (c) => [c.src]);
  exSpec('tolist', cls, self, () => []);
  exSpec('tobytes', cls, self, () => []);
}
exSpec('set', 'bytearray', BA, () => [1, 7], 'ex');
exSpec('append', 'bytearray', BA, () => [7], 'ex');
exSpec('extend', 'bytearray', BA, (c) => [jsOrWasm(c)], 'ex');
exSpec('pop', 'bytearray', BA, () => [1], 'ex');
exSpec('insert', 'bytearray', BA, (c) => [1, jsOrWasm(c)], 'ex');
exSpec('delete', 'bytearray', BA, () => [1, 2], 'ex');
exSpec('resize', 'bytearray', BA, () => [40], 'ex');
exSpec('clear', 'bytearray', BA, () => [], 'ex');
exSpec('get', 'array', AR, () => [1]);
exSpec('set', 'array', AR, () => [1, 7], 'ex');
exSpec('append', 'array', AR, () => [7], 'ex');
exSpec('extend', 'array', AR, () => [[1, 2]], 'ex');
exSpec('pop', 'array', AR, () => [1], 'ex');
exSpec('frombytes', 'array', AR, (c) => [jsOrWasm(c)], 'ex');
exSpec('tolist', 'array', AR, () => []);
exSpec('tobytes', 'array', AR, () => []);
spec('bytes()', { fn: (x) => bytes(x), args: (c) => [c.view] });
spec('bytearray()', { fn: (x) => bytearray(x), args: (c) => [c.view] });
spec('array()', { fn: (t, x) => array(t, x), args: (c) => ['B', c.u8 || c.bx] });

const FMT = '<I4s?';
const VALUES = () => [7, Uint8Array.of(1, 2, 3, 4), true];
spec('struct.pack', { fn: struct.pack, args: () => [FMT, ...VALUES()] });
spec('struct.pack_into', { fn: struct.pack_into, args: (c) => [FMT, c.bview, 4, ...VALUES()], writes: 'view', usesView: true, bufferAt: 1 });
spec('struct.unpack', { fn: struct.unpack, args: (c) => [FMT, c.bview.slice(0, 9)], usesView: true, bufferAt: 1 });
spec('struct.unpack_from', { fn: struct.unpack_from, args: (c) => [FMT, c.bview, 4], usesView: true, bufferAt: 1 });
spec('struct.iter_unpack', { fn: (f, b) => drain(struct.iter_unpack(f, b)), args: (c) => ['<I', c.bview], usesView: true, bufferAt: 1 });
spec('struct.calcsize', { fn: struct.calcsize, args: () => [FMT] });
spec('struct.Struct()', { fn: (f) => new struct.Struct(f), args: () => [FMT] });
const S = new struct.Struct(FMT), SI = new struct.Struct('<I');
const P = struct.Struct.prototype;
spec('Struct.pack', { kind: 'struct', fn: P.pack, self: () => S, args: VALUES, method: 'pack' });
spec('Struct.pack_into', { kind: 'struct', fn: P.pack_into, self: () => S, args: (c) => [c.bview, 4, ...VALUES()], writes: 'view', usesView: true, bufferAt: 0, method: 'pack_into' });
spec('Struct.unpack', { kind: 'struct', fn: P.unpack, self: () => S, args: (c) => [c.bview.slice(0, 9)], usesView: true, bufferAt: 0, method: 'unpack' });
spec('Struct.unpack_from', { kind: 'struct', fn: P.unpack_from, self: () => S, args: (c) => [c.bview, 4], usesView: true, bufferAt: 0, method: 'unpack_from' });
spec('Struct.iter_unpack', { kind: 'struct', real: P.iter_unpack, fn: function (b) { return drain(P.iter_unpack.call(this, b)); }, self: () => SI, args: (c) => [c.bview], usesView: true, bufferAt: 0, method: 'iter_unpack' });

// ---- one case -----------------------------------------------------------------

const isMemview = (x) => x instanceof memoryview || x instanceof bytes || x instanceof array || x instanceof struct.Struct;

function cleanup(ctx, result) {
  releaseAll(ctx);
  const free = (x) => {
    try {
      if (x instanceof memoryview) x.release();
      else if (x instanceof bytearray) x.clear();
      else if (x instanceof array) { if (typeof x.clear === 'function') x.clear(); else while (x.length) x.pop(); }
    } catch {}
  };
  if (result !== undefined) free(result);
  for (const x of [ctx.vb, ctx.ex, ctx.arr, ...ctx.secrets, ...ctx.extra, ...ctx.sentinels]) if (x) free(x);
}

/** The problems of one call (empty: it was safe), and whether memview is broken for good. */
function runCase(specName, pos, c) {
  const sp = SPECS[specName];
  const ctx = makeCtx(c.mem, sp.kind === 'view' ? c.fmt : 'B');
  const problems = [];
  let fatal = false;
  const args = sp.args(ctx);
  for (const a of args) if (a instanceof memoryview) ctx.extra.push(a);
  let self = sp.self ? sp.self(ctx) : undefined;
  const h = HOSTILE[c.hostile](ctx, c.effect, c.once);
  if (pos === 'this') self = h; else args[pos] = h;
  if (!isProxy(h) && h instanceof memoryview) ctx.extra.push(h);
  const before = ctx.read();
  const exBefore = ctx.ex.tobytes(), arrBefore = ctx.arr.tobytes(), bxBefore = ctx.bx.tobytes();
  let result, err = null;
  ctx.armed = true;
  try { result = sp.fn.apply(self, args); } catch (e) { err = e; }
  ctx.armed = false;
  const fired = ctx.fired.size > 0 && c.effect !== 'none';

  // 1. the exception
  if (err) {
    const bad = ctx.hookErrors.includes(err) ? null : badException(M, err, ALLOWED_OWN);
    if (bad) problems.push(`threw ${bad}`);
    if (/out of bounds|RuntimeError|unreachable/.test(String(err))) fatal = true;
  }
  // 2. a wrong `this` is refused with CPython's descriptor TypeError
  if (pos === 'this' && (sp.kind === 'view' || sp.kind === 'ex' || sp.kind === 'struct')) {
    const own = h !== null && (typeof h === 'object' || typeof h === 'function')
      && isMemview(h) && !isProxy(h) && lookup(h, sp.lookupName || sp.method) === (sp.real || sp.fn) && Object.getPrototypeOf(h) !== Object.prototype
      && !c.hostile.startsWith('Object.create') && c.hostile !== 'forged memoryview';
    if (!own && !(err instanceof Hostile) && !ctx.hookErrors.includes(err)) {
      const want = sp.kind === 'view'
        ? /^descriptor '.+' for 'memoryview' objects doesn't apply to a '.+' object$/
        : /^descriptor '.+' (for '.+' objects doesn't apply to a '.+' object|requires a '.+' object but received a '.+')$/;
      if (!(err instanceof TypeError) || !want.test(err.message))
        problems.push(`wrong this: want TypeError "descriptor '${sp.method}' for '${sp.kind === 'view' ? 'memoryview' : sp.cls || 'Struct'}' objects doesn't apply to a 'T' object", got ${err ? `${err.name}: ${err.message}` : `a result (${describe(result)})`}`);
    }
  }
  // 3. a view released or detached mid-call is not used afterwards
  if (!err && sp.usesView && pos !== 'this' && sp.bufferAt !== pos) {
    if (ctx.released && fired && !['equals', 'release'].includes(sp.method) && !GETTERS.has(sp.method)) problems.push(`returned ${describe(result)} although the call's own user code released its view`);
    else if (ctx.detached && fired && !sp.meta) problems.push(`returned ${describe(result)} although the call's own user code detached its buffer`);
  }
  // 4. results never hold another object's bytes
  try {
    let r = result;
    if (r instanceof memoryview) { try { r = r.tobytes(); } catch { r = null; } }
    if (r && (leaksSecret(r) || (Array.isArray(r) && r.some((x) => x instanceof Uint8Array && leaksSecret(x)))))
      problems.push(`the result holds another object's bytes (${describe(result)})`);
    if (result instanceof memoryview && !err) {
      try { if (result.nbytes > 4096) problems.push(`returned a view of ${result.nbytes} bytes`); } catch {}
    }
  } catch {}
  // 5. the sentinels and the secrets made mid-call
  ctx.sentinels.forEach((s, i) => {
    let ok = false;
    try { ok = sameBytes(s.tobytes(), pattern(i + 1, SENTINEL)); } catch {}
    if (!ok) { problems.push(`sentinel ${i + 1} changed`); fatal = true; }
  });
  for (const s of ctx.secrets) {
    try { if (s.length > 64) continue; const t = s.tobytes(); if ( !new TextDecoder().decode(t).startsWith(SECRET)) { problems.push('an object allocated mid-call was written to'); fatal = true; } } catch {}
  }
  // 6. the victim's bytes changed only where the call may write
  const after = ctx.read();
  if (!ctx.resized && !ctx.detached && before && after) {
    const lo = sp.writes === 'view' ? 8 : 64, hi = sp.writes === 'view' ? 40 : 64;
    for (let i = 0; i < 64; i++) {
      if ((i < lo || i >= hi) && before[i] !== after[i]) { problems.push(`the victim's byte ${i} changed (may write [${lo}, ${hi}))`); if (c.mem === 'wasm') fatal = true; break; }
    }
    if (after.length !== 64) problems.push(`the victim's length changed to ${after.length}`);
  }
  if (sp.writes !== 'ex' && !ctx.exMutated) {
    // an exporter passed as the call's buffer may be written (pack_into)
    const target = sp.bufferAt !== undefined ? args[sp.bufferAt] : undefined;
    if (target !== ctx.ex && !sameBytes(ctx.ex.tobytes(), exBefore)) problems.push('a bytearray the call may not write changed');
    if (target !== ctx.arr && !sameBytes(ctx.arr.tobytes(), arrBefore)) problems.push('an array the call may not write changed');
  }
  if (!sameBytes(ctx.bx.tobytes(), bxBefore)) { problems.push('a bytes object changed'); }
  // 7. the heap is back where it was, and memview still works
  cleanup(ctx, result);
  const heapNow = heapStats().inUse;
  const bxHeld = heapBytesOf(ctx);
  if (heapNow !== ctx.base0 + bxHeld && !(result instanceof bytes && !(result instanceof bytearray)) && !(result instanceof struct.Struct))
    problems.push(`heapStats().inUse is ${heapNow - ctx.base0 - bxHeld} bytes off`.replace(/is (-?)\d+/, (m, sg) => `is ${sg ? 'N bytes under' : 'N bytes over'}: ${heapNow - ctx.base0 - bxHeld}`));
  let works = false;
  try { works = stillWorks(M); } catch {}
  if (!works) { problems.push("memoryview(bytearray('Hello')).tobytes() no longer gives Hello"); fatal = true; }
  return { problems, fatal };
}

// The bytes object of each case lives until GC: count what it holds.
let BYTES_BLOCK = 0;
function heapBytesOf() { return BYTES_BLOCK; }
function measureBytesBlock() { const a = heapStats().inUse; const b = bytes(pattern(902, 32)); BYTES_BLOCK = heapStats().inUse - a; return b; }

const proxies = new WeakSet();
const RealProxy = Proxy;
// eslint-disable-next-line no-global-assign
globalThis.Proxy = new RealProxy(RealProxy, { construct(t, a) { const p = Reflect.construct(t, a); proxies.add(p); return p; } });
function isProxy(x) { return proxies.has(x); }

/** The method or getter `name` that h inherits, without running a getter. */
function lookup(h, name) {
  for (let o = Object.getPrototypeOf(h); o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, name);
    if (d) return d.get || d.value;
  }
  return undefined;
}

function describe(r) {
  if (r === undefined) return 'undefined';
  if (r instanceof Uint8Array) return `Uint8Array(${r.length})`;
  if (Array.isArray(r)) return `[${r.length} items]`;
  try { return String(r).slice(0, 60); } catch { return typeof r; }
}

// ---- the property ---------------------------------------------------------------

const [specName, seedArg, runsArg, oneCase] = process.argv.slice(2);
const sp = SPECS[specName];
if (specName === '--list') { console.log(JSON.stringify(Object.keys(SPECS))); process.exit(0); }
if (!sp) { console.error(`no spec ${specName}`); process.exit(2); }
const seed = Number(seedArg || 13), runs = Number(runsArg || 30);

// Warm up what memview allocates once and keeps (compiled formats, scratch
// blocks): the spec once with valid arguments, and every string as a format.
for (const name of [specName]) {
  for (const mem of ['wasm', 'js']) {
    const ctx = makeCtx(mem, 'B');
    let r;
    try { r = SPECS[name].fn.apply(SPECS[name].self ? SPECS[name].self(ctx) : undefined, SPECS[name].args(ctx)); } catch {}
    cleanup(ctx, r);
  }
}
for (const f of ['x', '', '0', 'B', "'x'", 'NaN', '1', '-1', 'Infinity', '1.5', 'true', 'null', 'undefined', 's', '[object Object]', '1,2', '32'])
  { try { struct.calcsize(f); } catch {} const w = bytearray(64); try { struct.unpack_from(f, w); } catch {} try { struct.unpack_from(f, w, 0n); } catch {} w.clear(); }
try { struct.calcsize('<I'); } catch {}
// The C paths of struct keep scratch blocks and a values block per Struct
// once they first run: run each once (a bigint offset, a bigint value and a
// strided view are the executor's to decline), so that no case counts them.
{
  const ctx = makeCtx('wasm', 'B');
  for (const f of [() => S.pack(7n, Uint8Array.of(1, 2, 3, 4), true), () => struct.pack(FMT, 7n, Uint8Array.of(1), true),
    () => S.pack_into(ctx.bview, 4n, ...VALUES()), () => struct.pack_into(FMT, ctx.bview, 4n, ...VALUES()),
    () => S.unpack(ctx.bview.slice(0, 18, 2)), () => struct.unpack(FMT, ctx.bview.slice(0, 18, 2)),
    () => S.unpack_from(ctx.bview, 4n), () => struct.unpack_from(FMT, ctx.bview, 4n),
    () => SI.unpack_from(ctx.bview, 0n), () => struct.unpack_from('<I', ctx.bview, 0n)]) { try { f(); } catch {} }
  cleanup(ctx);
}
const KEEP = measureBytesBlock();

if (oneCase) { const { pos, ...c } = JSON.parse(oneCase); console.log(runCase(specName, pos, c)); process.exit(0); }
const positions = ['this', ...sp.args(makeCtx('wasm', 'B')).map((_, i) => i)].filter((p) => p !== 'this' || sp.self);
const failures = new Map();
let cases = 0, fatal = null;
// Hostile values with hooks, and the effects that set up a use after free,
// are drawn three times as often as the rest.
const HOOKED = HOSTILE_NAMES.filter((n) => HOSTILE[n].length >= 2 && !/^(forged|'_getbuffer|Proxy of a bytearray, lying)/.test(n) || /^Proxy/.test(n));
const UAF = ['release+clear+secret', 'release', 'grow+secret', 'detach'];
const arb = fc.record({
  hostile: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOOKED) }, { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NAMES) }),
  effect: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...UAF) }, { weight: 1, arbitrary: fc.constantFrom(...EFFECT_NAMES) }),
  once: fc.boolean(),
  mem: fc.constantFrom('wasm', 'js'),
  fmt: fc.constantFrom(...FORMATS),
});
for (const pos of positions) {
  if (fatal) break;
  try {
    fc.assert(fc.property(arb, (c) => {
      cases++;
      const { problems, fatal: f } = runCase(specName, pos, c);
      for (const p of problems) {
        const key = `${specName} ${pos === 'this' ? 'this' : `arg ${pos}`}: ${p.replace(/: -?\d+ bytes off/, '')}`;
        if (!failures.has(key)) failures.set(key, { key, example: c, count: 0 });
        failures.get(key).count++;
      }
      if (f) { fatal = { pos, c, problems }; return false; }
      return true;
    }), { seed: seed + positions.indexOf(pos), numRuns: pos === 'this' ? Math.ceil(runs / 3) : runs, endOnFailure: true });
  } catch (e) { if (!fatal) fatal = { pos, error: String(e).slice(0, 1500) }; }
  report();
}
function report() { console.log(JSON.stringify({ spec: specName, positions: positions.length, cases, failures: [...failures.values()], fatal })); }
report();
