// The regression cases of tests/safety.test.js (issue 13), one per item of
// the issue. Each runs in a process of its own (`node --expose-gc
// tests/lib/safety-cases.js NAME`), because before the fixes several corrupt
// the wasm heap or kill the process; it prints "ok" and exits 0 when the
// library behaves safely. Every case reproduces the attack of the issue as
// literally as it can, with sentinel bytearrays allocated before and after
// the victim, and checks the exception, the sentinels and heapStats().inUse.
import assert from 'node:assert/strict';
import { loadLib, arena, pattern, sameBytes, leaksSecret, secret, stillWorks, growMemory, addressOf, forgedRecordFields,
  badException, RELEASED, DETACHED, SECRET } from './hostile.js';

const M = await loadLib();
const { memoryview, bytes, bytearray, array, struct, heapStats } = M;
const text = (u8) => new TextDecoder().decode(u8);
const gc = globalThis.gc;
const settle = () => new Promise((r) => setTimeout(r, 10));

/** Soft assertions: every sub-check runs, and all failures are reported. */
function checks() {
  const failures = [];
  return {
    run(label, fn) {
      try { const r = fn(); if (r && typeof r.then === 'function') return r.catch((e) => failures.push(`${label}: ${e && e.message || e}`)); }
      catch (e) { failures.push(`${label}: ${e && e.message || e}`); }
    },
    done() { if (failures.length) throw new Error(`\n  - ${failures.join('\n  - ')}`); },
  };
}

/** Calls fn and returns the exception it throws (or fails if it returns). */
function thrown(fn, what = 'the call') {
  try { fn(); } catch (e) { return e; }
  assert.fail(`${what} returned instead of throwing`);
}

/** Asserts e is an instance of E with message msg (string or RegExp). */
function isError(e, E, msg) {
  const bad = badException(M, e);
  assert.ok(e instanceof E, `want ${E.name}, got ${e && e.name}: ${e && e.message}${bad ? ` (${bad})` : ''}`);
  if (msg instanceof RegExp) assert.match(e.message, msg);
  else if (msg !== undefined) assert.equal(e.message, msg);
}

/** { err, value } of fn(). */
function attempt(fn) { try { return { err: null, value: fn() }; } catch (err) { return { err, value: undefined }; } }
/** Asserts the outcome threw E (with msg). */
function threw(o, E, msg) {
  assert.ok(o.err, `returned ${o.value === undefined ? 'normally' : String(o.value)} instead of throwing ${E.name}`);
  isError(o.err, E, msg);
}

const intMessage = (t) => `'${t}' object cannot be interpreted as an integer`;

const cases = {
  // ---- Out-of-bounds writes and heap corruption ------------------------------

  /** bytearray('xyz').delete(0, NaN) set the length to NaN and zeroed the
   *  bytes of the bytearray allocated after it. */
  'delete(0, NaN)'() {
    const A = arena(M);
    const b = bytearray('xyz');
    A.after();
    const c = checks();
    const o = attempt(() => b.delete(0, NaN));
    c.run('exception', () => threw(o, TypeError, intMessage('float')));
    c.run('victim', () => { assert.equal(b.length, 3); assert.equal(text(b.tobytes()), 'xyz'); });
    c.run('sentinels', () => A.check());
    c.done();
    b.clear();
    A.done();
  },

  /** bytearray('xyz').insert(NaN, 'AB') wrote AB at wasm address 0; so did an
   *  offset of undefined or 'x'. */
  "insert(NaN | undefined | 'x', 'AB')"() {
    const c = checks();
    for (const [offset, type] of [[NaN, 'float'], [undefined, 'NoneType'], ['x', 'str']]) {
      c.run(`insert(${String(offset)}, 'AB')`, () => {
        const A = arena(M);
        const b = bytearray('xyz');
        A.after();
        const o = attempt(() => b.insert(offset, 'AB'));
        const p = A.problems();
        assert.ok(!o.err || badException(M, o.err) === null, `${o.err}`);
        assert.equal(text(b.tobytes()), 'xyz', `bytearray became ${JSON.stringify(text(b.tobytes()))}; ${p.join('; ')}`);
        assert.deepEqual(p, [], p.join('; '));
        threw(o, TypeError, intMessage(type));
        b.clear();
        A.done();
      });
    }
    c.done();
  },

  /** An offset object whose valueOf returns 0 and then -100000 shifted 100 KB
   *  of other objects, then threw RuntimeError: memory access out of bounds.
   *  The conversion never calls valueOf. */
  'insert/delete with an offset whose valueOf returns 0, then -100000'() {
    const c = checks();
    for (const op of ['insert', 'delete']) {
      c.run(op, () => {
        const A = arena(M, { count: 8, size: 32 << 10 }); // 256 KB below the victim
        const b = bytearray('xyz');
        A.after();
        let calls = 0;
        const offset = { valueOf() { return calls++ === 0 ? 0 : -100000; } };
        const o = attempt(() => (op === 'insert' ? b.insert(offset, 'AB') : b.delete(offset, 1)));
        const p = A.problems();
        assert.deepEqual(p, [], `${p.join('; ')} (outcome: ${o.err || 'returned'})`);
        threw(o, TypeError, intMessage('dict'));
        assert.equal(calls, 0, 'valueOf was called');
        assert.equal(text(b.tobytes()), 'xyz');
        b.clear();
        A.done();
      });
    }
    c.done();
  },

  // ---- Use after free through user code run mid-call --------------------------

  /** m.cast('B', shape) where shape[0] is a getter that releases m, resizes
   *  its bytearray and allocates a new one returned a view of the new
   *  object's bytes; set through that view wrote into it. Both the C path
   *  (first cast to 'B') and the JS fast path (a template exists). */
  "m.cast('B', shape) with a shape[0] getter that releases m"() {
    const c = checks();
    for (const path of ['first cast (C)', 'template (fast path)']) {
      c.run(path, () => {
        if (path.startsWith('template')) { const w = memoryview(bytearray(4)); w.cast('B'); w.cast('B', [4]); w.release(); }
        const A = arena(M);
        const b = bytearray(pattern(100, 16));
        A.after();
        const m = memoryview(b);
        let s = null, ran = 0;
        const shape = [];
        Object.defineProperty(shape, 0, { enumerable: true, get() { ran++; m.release(); b.clear(); s = secret(M); return 16; } });
        let v = null, err = null;
        try { v = m.cast('B', shape); } catch (e) { err = e; }
        try {
          if (v) { try { v.set(0, 88); } catch {} }
          if (v) assert.ok(!leaksSecret(v.tobytes()), `cast returned a view that reads the new object's bytes (${text(v.tobytes())})`);
          assert.equal(text(s.tobytes()), SECRET, 'the new object was written to');
          assert.ok(ran > 0, 'the getter did not run');
          assert.ok(err, 'cast returned a view of a released view');
          isError(err, M.ValueError, RELEASED);
        } finally {
          if (v) try { v.release(); } catch {}
          if (s) s.clear();
        }
        A.done();
      });
    }
    c.done();
  },

  /** struct.pack_into('4s', ba, 0, proxy): a Proxy whose trap (run by the
   *  type test) resizes ba and allocates a new object: the pack wrote into it.
   *  A Proxy is not bytes: struct.error. */
  "struct.pack_into('4s', ba, 0, proxy)"() {
    const A = arena(M);
    const b = bytearray(pattern(101, 16));
    A.after();
    let s = null, ran = 0;
    const proxy = new Proxy(Uint8Array.of(65, 66, 67, 68), {
      getPrototypeOf(t) { if (ran++ === 0) { b.clear(); s = secret(M); } return Reflect.getPrototypeOf(t); },
      get(t, k) { const v = t[k]; return typeof v === 'function' ? v.bind(t) : v; },
    });
    const o = attempt(() => struct.pack_into('4s', b, 0, proxy));
    try {
      if (s) assert.equal(text(s.tobytes()), SECRET, `the new object was written to: ${JSON.stringify(text(s.tobytes()))}`);
      threw(o, struct.error, /^(argument for 's' must be a bytes object|pack_into requires a buffer of at least 4 bytes.*)$/);
      // Nothing ran: the Proxy is no bytes, and as in CPython the struct's
      // region was zeroed before the failing field (the rest is untouched).
      if (ran === 0) {
        const want = pattern(101, 16);
        want.fill(0, 0, 4);
        assert.ok(sameBytes(b.tobytes(), want), 'the bytearray changed beyond the zeroed region');
      }
    } finally { if (s) s.clear(); b.clear(); }
    A.done();
  },

  /** hex(sep) with a getter on sep (its length) that releases the view,
   *  resizes the bytearray and allocates a new object read the new object. */
  'm.hex(sep) with a length getter on sep that releases m'() {
    const A = arena(M);
    const b = bytearray(pattern(102, 16));
    A.after();
    const want = Array.from(pattern(102, 16), (x) => x.toString(16).padStart(2, '0')).join(':');
    const m = memoryview(b);
    let s = null, ran = 0;
    const sep = Uint8Array.of(58); // ':'
    Object.defineProperty(sep, 'length', { get() { ran++; m.release(); b.clear(); s = secret(M); return 1; } });
    let r, err = null;
    try { r = m.hex(sep); } catch (e) { err = e; }
    try {
      if (r !== undefined) assert.ok(!leaksSecret(r), `hex read the new object: ${r}`);
      if (ran > 0) {
        assert.ok(err, `hex of a view released mid-call returned ${r}`);
        isError(err, M.ValueError, RELEASED);
      } else if (err) assert.fail(`threw ${err}`);
      else assert.equal(r, want);
      if (s) assert.equal(text(s.tobytes()), SECRET);
    } finally { if (s) s.clear(); try { m.release(); } catch {} b.clear(); }
    A.done();
  },

  /** assign(proxySource): a Proxy of an ArrayBuffer whose get trap releases
   *  the destination, resizes its bytearray and allocates a new object: the
   *  assignment wrote into the new object. A Proxy is not a buffer. */
  'm.assign(proxy of an ArrayBuffer) whose trap releases m'() {
    const A = arena(M);
    const b = bytearray(pattern(103, 16));
    A.after();
    const m = memoryview(b);
    let s = null, ran = 0;
    const src = new Uint8Array(16).fill(0x5a).buffer;
    const proxy = new Proxy(src, {
      get(t, k) { if (ran++ === 0) { m.release(); b.clear(); s = secret(M); } const v = t[k]; return typeof v === 'function' ? v.bind(t) : v; },
    });
    const o = attempt(() => m.assign(proxy));
    try {
      if (s) assert.equal(text(s.tobytes()), SECRET, `the new object was written to: ${JSON.stringify(text(s.tobytes()))}`);
      threw(o, TypeError, /^a bytes-like object is required, not '.*'$/);
    } finally { if (s) s.clear(); try { m.release(); } catch {} b.clear(); }
    A.done();
  },

  /** A '?'-format set(i, {get length(){…}}): the truthiness test ran the
   *  getter after the descriptor was loaded, and the set wrote into the new
   *  object. */
  "'?' view: set(i, { get length() })"() {
    const A = arena(M);
    const b = bytearray(16);
    A.after();
    const m0 = memoryview(b), m = m0.cast('?');
    let s = null, ran = 0;
    const value = { get length() { ran++; m.release(); m0.release(); b.clear(); s = bytearray(16); return 1; } };
    let err = null;
    try { m.set(2, value); } catch (e) { err = e; }
    try {
      if (s) assert.deepEqual(s.tolist(), new Array(16).fill(0), `the new object was written to: ${s.tolist()}`);
      if (ran > 0) {
        assert.ok(err, 'set on a view released mid-call succeeded');
        isError(err, M.ValueError, RELEASED);
      } else {
        assert.equal(err, null);
        assert.equal(b.get(2), 1);
      }
    } finally { if (s) s.clear(); try { m.release(); m0.release(); } catch {} b.clear(); }
    A.done();
  },

  // ---- JS buffers of 4 GiB or more ---------------------------------------------

  /** memoryview(new ArrayBuffer(2**32 + 64)).nbytes was 64. Exact, or a
   *  clear error; never wrapped. */
  'memoryview(new ArrayBuffer(2**32 + 64))'() {
    const ab = new ArrayBuffer(2 ** 32 + 64);
    let m;
    try { m = memoryview(ab); } catch (e) { clearError(e); return; }
    assert.equal(m.nbytes, 2 ** 32 + 64);
    assert.equal(m.length, 2 ** 32 + 64);
  },

  /** A view at byte offset 2**32 read and wrote the bytes at offset 0. */
  'a TypedArray at byte offset 2**32'() {
    const ab = new ArrayBuffer(2 ** 32 + 64);
    const u = new Uint8Array(ab, 2 ** 32, 64);
    const low = new Uint8Array(ab, 0, 64);
    low.fill(0x11);
    u.fill(0x22);
    const c = checks();
    c.run('memoryview', () => {
      let m;
      try { m = memoryview(u); } catch (e) { clearError(e); return; }
      assert.equal(m.nbytes, 64);
      assert.equal(m.get(0), 0x22, 'reads the bytes at offset 0');
      m.set(1, 0x33);
      assert.equal(u[1], 0x33);
      assert.deepEqual(Array.from(m.slice(0, 3).tobytes()), [0x22, 0x33, 0x22]);
      assert.equal(m.hex().slice(0, 6), '223322');
      m.slice(4, 8).assign(Uint8Array.of(1, 2, 3, 4));
      assert.deepEqual(Array.from(u.subarray(4, 8)), [1, 2, 3, 4]);
    });
    c.run('struct', () => {
      try { struct.pack_into('<I', u, 8, 0xdeadbeef); } catch (e) { clearError(e); return; }
      assert.deepEqual(Array.from(u.subarray(8, 12)), [0xef, 0xbe, 0xad, 0xde]);
      assert.deepEqual(struct.unpack_from('<I', u, 8), [0xdeadbeef]);
      assert.deepEqual(struct.unpack('<4s', u.subarray(8, 12)), [Uint8Array.of(0xef, 0xbe, 0xad, 0xde)]);
    });
    c.run('bytes', () => {
      let b;
      try { b = bytes(u); } catch (e) { clearError(e); return; }
      assert.equal(b.length, 64);
      assert.equal(b.get(0), 0x22);
    });
    c.run('offset 0 untouched', () => assert.ok(low.every((x) => x === 0x11), 'the bytes at offset 0 changed'));
    c.done();
  },

  /** A 2**32-byte TypedArray gave nbytes 0. */
  'a TypedArray of 2**32 bytes'() {
    const u = new Uint8Array(2 ** 32);
    let m;
    try { m = memoryview(u); } catch (e) { clearError(e); return; }
    assert.equal(m.nbytes, 2 ** 32);
  },

  // ---- Forged objects ------------------------------------------------------------

  /** A Proxy over a bytearray that lies about its length read a neighbour's
   *  bytes. A Proxy is not a buffer. */
  'a Proxy over a bytearray that lies about its length'() {
    const A = arena(M);
    const b = bytearray(pattern(104, 16));
    A.after();
    const proxy = new Proxy(b, { get(t, k, r) { return k === '_len' || k === 'length' || k === 'nbytes' ? 4096 : Reflect.get(t, k, r); } });
    const c = checks();
    c.run('memoryview(proxy)', () => {
      const e = thrown(() => { const m = memoryview(proxy); const r = m.tobytes(); m.release(); return r; });
      isError(e, TypeError, /^memoryview: a bytes-like object is required, not '.*'$/);
    });
    c.run('struct.unpack_from(proxy)', () => {
      const e = thrown(() => struct.unpack_from('64s', proxy, 16));
      isError(e, TypeError, /^a bytes-like object is required, not '.*'$/);
    });
    c.run('bytes(proxy)', () => {
      let r;
      try { r = bytes(proxy); } catch (e) { assert.equal(badException(M, e), null); return; }
      assert.ok(r.length <= 16, `bytes(proxy) copied ${r.length} bytes`);
    });
    c.run('sentinels', () => A.check());
    c.done();
    b.clear();
    A.done();
  },

  /** Any object with a _getbuffer method was an exporter: it read and wrote
   *  any address. */
  'an object with a _getbuffer method'() {
    const A = arena(M);
    const victim = A.sentinels()[1];
    const at = addressOf(M, victim);
    const fake = { _getbuffer() { return { ptr: at, nbytes: 64, readonly: false, format: 'B' }; } };
    const c = checks();
    c.run('memoryview(fake)', () => {
      const e = thrown(() => { const m = memoryview(fake); m.set(0, 88); m.release(); });
      isError(e, TypeError, "memoryview: a bytes-like object is required, not 'dict'");
    });
    c.run('struct.pack_into(fmt, fake, ...)', () => {
      const e = thrown(() => struct.pack_into('4s', fake, 0, Uint8Array.of(1, 2, 3, 4)));
      isError(e, TypeError, 'argument must be read-write bytes-like object, not dict');
    });
    c.run('struct.unpack_from(fmt, fake)', () => {
      const e = thrown(() => struct.unpack_from('64s', fake));
      isError(e, TypeError, "a bytes-like object is required, not 'dict'");
    });
    c.run('bytes(fake)', () => {
      const e = thrown(() => bytes(fake));
      isError(e, TypeError);
    });
    c.run('memoryview(bytearray(4)).assign(fake)', () => {
      const b = bytearray(64);
      const m = memoryview(b);
      const e = thrown(() => m.assign(fake));
      m.release(); b.clear();
      isError(e, TypeError, "a bytes-like object is required, not 'dict'");
    });
    c.run('sentinels', () => A.check());
    c.done();
    A.done();
  },

  /** A fake ArrayBuffer (a Proxy) returned stale bytes from the staging
   *  window, left there by an operation on another buffer. */
  'a Proxy of an ArrayBuffer reads the staging window'() {
    const other = new Uint8Array(64);
    for (let i = 0; i < 64; i += 16) other.set(new TextEncoder().encode(SECRET), i);
    const mo = memoryview(other);
    mo.tobytes(); mo.hex(); // staged through the window
    mo.release();
    const target = new ArrayBuffer(64);
    new Uint8Array(target).fill(0x42);
    const fake = new Proxy(target, { get(t, k) { const v = t[k]; return typeof v === 'function' ? v.bind(t) : v; } });
    const c = checks();
    c.run('memoryview(fake)', () => {
      let m;
      const e = thrown(() => { m = memoryview(fake); const r = m.tobytes(); assert.ok(!leaksSecret(r), 'stale bytes of another buffer'); });
      isError(e, TypeError, /^memoryview: a bytes-like object is required, not '.*'$/);
    });
    c.run('struct.unpack(fmt, fake)', () => {
      let r;
      const e = thrown(() => { r = struct.unpack('64s', fake); });
      if (r) assert.ok(!leaksSecret(r[0]), 'stale bytes of another buffer');
      isError(e, TypeError, /^a bytes-like object is required, not '.*'$/);
    });
    c.run('bytes(fake)', () => {
      let r;
      try { r = bytes(fake); } catch (e) { assert.equal(badException(M, e), null); isError(e, TypeError); return; }
      assert.ok(sameBytes(r.tobytes(), new Uint8Array(target)), `bytes(fake) gave ${r.length} wrong bytes`);
    });
    c.done();
  },

  /** bytearray.prototype.set.call(bytes('immutable'), 0, 88) mutated a
   *  bytes. Every bytearray method refuses a bytes as `this`. */
  "bytearray.prototype.set.call(bytes('immutable'), 0, 88)"() {
    const A = arena(M);
    const b = bytes('immutable');
    A.after();
    const P = bytearray.prototype;
    const c = checks();
    const calls = [['set', [0, 88]], ['append', [88]], ['extend', [[88]]], ['pop', []], ['insert', [0, 'X']],
      ['delete', [0, 1]], ['resize', [2]], ['clear', []]];
    for (const [name, args] of calls) {
      c.run(`bytearray.prototype.${name}.call(bytes, ...)`, () => {
        const e = thrown(() => P[name].call(b, ...args));
        isError(e, TypeError, new RegExp(`^descriptor '(${name}|__setitem__|__delitem__)' (for 'bytearray' objects doesn't apply to a 'bytes' object|requires a 'bytearray' object but received a 'bytes')$`));
        assert.equal(text(b.tobytes()), 'immutable');
        assert.equal(b.length, 9);
      });
    }
    c.run('sentinels', () => A.check());
    c.done();
  },

  /** The same lack of brand checks on memoryview: an object made with
   *  Object.create(memoryview.prototype) and a forged descriptor read and
   *  wrote any address, and methods ran on any `this`. */
  'memoryview methods on a forged or foreign `this`'() {
    const A = arena(M);
    const victim = A.sentinels()[2];
    const at = addressOf(M, victim);
    const P = memoryview.prototype;
    const c = checks();
    const desc = (name, t) => new RegExp(`^descriptor '${name}' for 'memoryview' objects doesn't apply to a '${t}' object$`);
    c.run('a forged view with a real view\'s fields and another address', () => {
      const real = memoryview(bytearray(64));
      const f = Object.create(P);
      for (const k of Object.keys(real)) f[k] = Array.isArray(real[k]) ? real[k].slice() : real[k]; // none: its record is private
      Object.assign(f, forgedRecordFields(at)); // and what a record holds, at the victim's address
      const e1 = thrown(() => f.set(0, 88), 'set');
      isError(e1, TypeError, desc('set', '\\w+'));
      const e2 = thrown(() => f.tobytes(), 'tobytes');
      isError(e2, TypeError, desc('tobytes', '\\w+'));
      real.release();
    });
    for (const [name, args] of [['tobytes', []], ['get', [0]], ['set', [0, 1]], ['tolist', []], ['hex', []], ['release', []]]) {
      for (const [self, t] of [[5, 'int'], [{}, 'dict'], [bytes('abc'), 'bytes'], [Object.create(P), '\\w+']]) {
        c.run(`memoryview.prototype.${name}.call(${t})`, () => {
          const e = thrown(() => P[name].call(self, ...args));
          isError(e, TypeError, desc(name, t));
        });
      }
    }
    c.run("the nbytes getter on a bytes", () => {
      const get = Object.getOwnPropertyDescriptor(P, 'nbytes').get;
      isError(thrown(() => get.call(bytes('abc'))), TypeError, desc('nbytes', 'bytes'));
    });
    c.run('sentinels', () => A.check());
    c.done();
  },

  /** The exporters' base classes are reachable from the public prototypes
   *  (Object.getPrototypeOf(bytes.prototype).constructor), and their
   *  constructor took any object as the private state: a state with another
   *  address made a bytes that struct read and wrote anywhere in wasm
   *  memory (third attacker's pass, 2026-12-07). */
  'an exporter made from a state made elsewhere'() {
    const A = arena(M);
    const victim = A.sentinels()[2];
    const at = addressOf(M, victim);
    const c = checks();
    const state = (readonly) => ({ _box: { ptr: at }, _len: 16, _cap: 16, _kind: readonly ? 1 : 2, _format: 'B', _itemsize: 1,
      _readonly: readonly, _exports: 0, _js: false, _jd: null, _jx: null, _obj: null, _released: false });
    const bases = new Set();
    for (const proto of [bytes.prototype, bytearray.prototype, array.prototype])
      for (let p = Object.getPrototypeOf(proto); p !== Object.prototype; p = Object.getPrototypeOf(p)) bases.add(p.constructor);
    assert.ok(bases.size >= 2, `the base classes (${[...bases].map((b) => b.name)})`);
    for (const Base of bases) {
      for (const readonly of [true, false]) {
        c.run(`new ${Base.name}(a ${readonly ? 'bytes' : 'bytearray'} state)`, () => {
          const e = thrown(() => new Base(state(readonly)));
          isError(e, TypeError, 'cannot create memview exporter instances directly: call bytes(), bytearray() or array()');
        });
        c.run(`a subclass of ${Base.name}`, () => {
          class Sub extends Base { constructor() { super(state(readonly)); } }
          isError(thrown(() => new Sub()), TypeError, /^cannot create memview exporter instances directly/);
        });
      }
      c.run(`new ${Base.name}(a Proxy)`, () => {
        const trap = () => { throw new Error('a trap ran'); };
        isError(thrown(() => new Base(new Proxy({}, { get: trap, has: trap, getPrototypeOf: trap }))), TypeError, /^cannot create/);
      });
      // a real state passes up the super() calls of bytes(): a program that
      // put itself in that chain got it (the second review of 4129a8f)
      c.run(`${Base.name}'s parent replaced by a Proxy that keeps the state`, () => {
        let kept = null;
        const parent = Object.getPrototypeOf(Base);
        const spy = new Proxy(parent, { construct(E, args, nt) { kept = args[0]; return Reflect.construct(E, args, nt); } });
        assert.throws(() => Object.setPrototypeOf(Base, spy), TypeError);
        const made = bytearray(16);
        assert.equal(kept, null, 'no state seen');
        assert.deepEqual(made.tobytes(), new Uint8Array(16));
      });
    }
    // an unpack iterator read any object as its compiled Struct, and handed
    // that object's _reader a DataView of all of wasm memory
    c.run('new (the unpack iterator class)(a forged Struct)', () => {
      const It = Object.getPrototypeOf(struct.iter_unpack('<I', new Uint8Array(4))).constructor;
      let got = null;
      const fake = { _iterLength: 16, _size: 16, _reader: (dv) => { got = dv; return 0; },
        _loc: { x: null, kind: 3, jdv: new DataView(new ArrayBuffer(1)), jbuf: null, base: 0, jlen: 16 } };
      const buf = new Uint8Array(16);
      fake._loc.x = buf;
      isError(thrown(() => new It(fake, buf).next()), TypeError, "cannot create '_struct.unpack_iterator' instances");
      assert.equal(got, null, 'the forged reader never ran');
    });
    c.run('sentinels', () => A.check());
    c.done();
  },

  /** array(typecode, anArrayOfThatTypecode) appended what the source's
   *  public tobytes() returned, sized by one read of its `length` and
   *  copied by another: an own tobytes returning an object whose length
   *  grew wrote past the new array's block into its neighbours (fifth
   *  attacker's pass, 2026-12-07). */
  "array(typecode, src) with src's own tobytes()"() {
    const A = arena(M);
    const c = checks();
    c.run('a tobytes() whose result grows', () => {
      const src = array('B', [1, 2, 3]);
      let reads = 0;
      const fake = { get length() { return ++reads === 1 ? 1 : 4096; } };
      for (let i = 0; i < 4096; i++) fake[i] = 0x41;
      Object.defineProperty(src, 'tobytes', { value: () => fake });
      const a = array('B', src);
      assert.deepEqual(a.tolist(), [1, 2, 3]);
      assert.equal(reads, 0, 'its tobytes() was never asked');
    });
    c.run('sentinels', () => A.check());
    c.done();
  },

  // ---- Wrong errors ---------------------------------------------------------------

  /** struct.unpack_from('<I', detachedBuffer) gave "Cannot perform DataView
   *  constructor on a detached ArrayBuffer". */
  "struct.unpack_from('<I', detachedBuffer)"() {
    const c = checks();
    const detached = () => { const ab = new ArrayBuffer(8); structuredClone(ab, { transfer: [ab] }); return ab; };
    const calls = {
      "struct.unpack_from('<I', ab)": (ab) => struct.unpack_from('<I', ab),
      "struct.unpack_from('<I', ab, 0)": (ab) => struct.unpack_from('<I', ab, 0),
      "struct.unpack('<I', ab)": (ab) => struct.unpack('<I', ab),
      "struct.pack_into('<I', ab, 0, 1)": (ab) => struct.pack_into('<I', ab, 0, 1),
      "struct.iter_unpack('<I', ab)": (ab) => [...struct.iter_unpack('<I', ab)],
      "new Struct('<I').unpack_from(ab)": (ab) => new struct.Struct('<I').unpack_from(ab),
    };
    for (const [label, fn] of Object.entries(calls)) {
      c.run(label, () => isError(thrown(() => fn(detached())), M.ValueError, DETACHED));
    }
    c.run('a TypedArray made before the detach', () => {
      const ab = new ArrayBuffer(8), u = new Uint32Array(ab);
      structuredClone(ab, { transfer: [ab] });
      isError(thrown(() => struct.unpack_from('<I', u)), M.ValueError, DETACHED);
    });
    c.done();
  },

  /** bytes(typedArrayOfDetached) gave "Cannot perform Construct on a
   *  detached ArrayBuffer". */
  'bytes(a TypedArray of a detached buffer)'() {
    const c = checks();
    for (const [label, fn] of [['bytes', (x) => bytes(x)], ['bytearray', (x) => bytearray(x)],
      ['array', (x) => array('B', x)], ['bytearray().extend', (x) => bytearray().extend(x)],
      ["array('B').frombytes", (x) => array('B').frombytes(x)], ['memoryview', (x) => memoryview(x)]]) {
      for (const T of [Uint8Array, Int32Array, DataView]) {
        c.run(`${label}(${T.name} of a detached buffer)`, () => {
          const ab = new ArrayBuffer(16), u = new T(ab);
          structuredClone(ab, { transfer: [ab] });
          isError(thrown(() => fn(u)), M.ValueError, DETACHED);
        });
      }
    }
    c.run('bytes(detached ArrayBuffer)', () => {
      const ab = new ArrayBuffer(16);
      structuredClone(ab, { transfer: [ab] });
      isError(thrown(() => bytes(ab)), M.ValueError, DETACHED);
    });
    c.done();
  },

  /** A getter that grows wasm memory mid-call gave "Cannot perform
   *  DataView.prototype.setInt32 on a detached ArrayBuffer". */
  'a getter that grows wasm memory mid-call'() {
    const A = arena(M);
    const b = bytearray(pattern(105, 16));
    A.after();
    const m = memoryview(b);
    let grew = 0;
    const value = { get length() { if (growMemory(M)) grew++; return 1; } };
    const c = checks();
    c.run("m.set(0, value) on a 'B' view", () => {
      const e = thrown(() => m.set(0, value));
      isError(e, TypeError, "memoryview: invalid type for format 'B'");
    });
    c.run("m.cast('c').set(0, value)", () => {
      const mc = m.cast('c');
      const e = thrown(() => mc.set(0, value));
      mc.release();
      isError(e, TypeError, "memoryview: invalid type for format 'c'");
    });
    c.run("m.cast('?').set(0, value)", () => {
      const mq = m.cast('?');
      try { mq.set(1, value); } catch (e) { assert.fail(`threw ${e.name}: ${e.message}`); }
      assert.equal(b.get(1), 1);
      mq.release();
      b.set(1, pattern(105, 16)[1]);
    });
    c.run('struct.pack(\'<?\', value)', () => {
      assert.deepEqual(Array.from(struct.pack('<?', value)), [1]);
    });
    c.run('the getter grew memory', () => assert.ok(grew > 0, 'memory never grew: the test tests nothing'));
    c.run('victim and sentinels', () => { assert.ok(sameBytes(b.tobytes(), pattern(105, 16))); A.check(); });
    c.done();
    m.release();
    b.clear();
    A.done();
  },

  /** assign between overlapping views of a wasm-memory TypedArray: staging
   *  the source grows memory, which detaches that TypedArray's buffer. */
  'assign between overlapping views of a wasm-memory TypedArray'() {
    const A = arena(M);
    const b = bytearray(600000);
    A.after();
    const mb = memoryview(b);
    const u = mb.asTypedArray(); // over wasm memory
    for (let i = 0; i < 600000; i++) u[i] = i & 255;
    const m = memoryview(u);
    let err = null;
    try { m.slice(0, 500000).assign(m.slice(10, 500010)); } catch (e) { err = e; }
    if (err) {
      assert.equal(badException(M, err), null, `${err.name}: ${err.message}`);
      isError(err, M.ValueError, DETACHED);
      assert.equal(b.get(0), 0, 'partly assigned');
    } else {
      assert.equal(b.get(0), 10);
      assert.equal(b.get(499999), (499999 + 10) & 255);
      assert.equal(b.get(500000), 500000 & 255);
    }
    A.check();
    m.release(); mb.release(); b.clear();
    A.done();
  },

  /** insert(1n, …) left the bytearray grown after it threw. A bigint is an
   *  integer: the insert works, or fails leaving the bytearray as it was. */
  'insert(1n, ...) and delete(1n, 1n)'() {
    const c = checks();
    c.run('insert(1n, "XY")', () => {
      const A = arena(M);
      const b = bytearray('abc');
      A.after();
      let err = null;
      try { b.insert(1n, 'XY'); } catch (e) { err = e; }
      if (err) { assert.equal(badException(M, err), null, `${err.name}: ${err.message}`); assert.equal(text(b.tobytes()), 'abc'); }
      else assert.equal(text(b.tobytes()), 'aXYbc');
      b.clear();
      A.done();
    });
    c.run('delete(1n, 1n)', () => {
      const A = arena(M);
      const b = bytearray('abc');
      A.after();
      let err = null;
      try { b.delete(1n, 1n); } catch (e) { err = e; }
      if (err) { assert.equal(badException(M, err), null, `${err.name}: ${err.message}`); assert.equal(text(b.tobytes()), 'abc'); }
      else assert.equal(text(b.tobytes()), 'ac');
      b.clear();
      A.done();
    });
    c.done();
  },

  // ---- Also found ------------------------------------------------------------------

  /** The export lock leaked: a dropped slice kept its bytearray locked after
   *  it was collected, while a sibling view lived (views were counted per
   *  managed buffer). */
  async 'the export lock of a dropped slice'() {
    assert.ok(gc, 'run with --expose-gc');
    const b = bytearray(16);
    const m = memoryview(b);
    const sibling = m.slice(4, 8);
    (() => { m.slice(0, 2).tolist(); memoryview(m).cast('H'); })(); // dropped
    for (let k = 0; k < 6; k++) { gc(); await settle(); }
    assert.throws(() => b.append(1), M.BufferError, 'the live views must lock');
    m.release();
    assert.throws(() => b.append(1), M.BufferError, 'the live sibling must lock');
    sibling.release();
    for (let k = 0; k < 6; k++) { gc(); await settle(); }
    try { b.append(1); } catch (e) { assert.fail(`still locked after every live view was released and the dropped ones collected: ${e.name}: ${e.message}`); }
    assert.equal(b.length, 17);
  },

  /** tolist() of 5e8 items killed the process with V8's fatal out-of-memory
   *  error instead of raising MemoryError. */
  'tolist() of 5e8 items'() {
    const b = bytearray(5e8);
    const m = memoryview(b);
    const t0 = Date.now();
    let err = null;
    try { m.tolist(); } catch (e) { err = e; }
    assert.ok(err, 'tolist() of 5e8 items returned');
    isError(err, M.MemoryError);
    assert.ok(Date.now() - t0 < 10000, `took ${Date.now() - t0} ms`);
    m.release();
    b.clear();
    assert.ok(stillWorks(M));
  },

  /** Memory grew one 64 KiB page at a time: 3,162 growths for 199 MiB of
   *  1 KiB allocations. It must grow geometrically. */
  'wasm memory grows geometrically'() {
    const keep = [];
    let last = heapStats().memory, growths = 0;
    for (let i = 0; i < (199 << 10); i++) {
      keep.push(bytearray(1024));
      const now = heapStats().memory;
      if (now !== last) { growths++; last = now; }
    }
    assert.ok(growths <= 64, `${growths} growths for 199 MiB of 1 KiB allocations`);
    for (const b of keep) b.clear();
  },

  /** array has no clear() (CPython 3.13 has it). */
  // (2026-12-02 attacker's pass) tobytes() of 64 KiB and more copies into an
  // uninitialized Buffer; the copy went through subarray(), which asks a
  // replaced Uint8Array[Symbol.species] for its result: the user's 1-byte
  // array left the rest of the result as it was, other memory of the process.
  // That copy now consults nothing a program can replace. (Below 64 KiB the
  // copy is a slice, whose result a replaced species makes: the user's own.)
  'tobytes() of 64 KiB and more with Uint8Array[Symbol.species] replaced returns the bytes, never uninitialized memory'() {
    const c = checks(), cases = [];
    for (const n of [1 << 16, (1 << 16) + 3, 1 << 17, 3 << 20]) {
      const src = new Uint8Array(n).map((_, i) => (i * 7 + 1) & 255), want = Buffer.from(src);
      for (const [kind, x] of [['Uint8Array', src], ['ArrayBuffer', src.slice().buffer], ['Buffer', Buffer.from(src)], ['bytearray', bytearray(src)]])
        cases.push([`${kind} of ${n} bytes`, memoryview(x), want]);
    }
    const results = [];
    Object.defineProperty(Uint8Array, Symbol.species, { configurable: true, get() { return function () { return new Uint8Array(1); }; } });
    try {
      for (const [what, m, want] of cases) { try { results.push([what, m.tobytes(), want]); } catch (e) { results.push([what, e, want]); } }
    } finally { delete Uint8Array[Symbol.species]; }
    for (const [what, got, want] of results) {
      c.run(what, () => assert.ok(got instanceof Uint8Array && got.length === want.length && want.equals(got),
        `${what}: ${got instanceof Uint8Array ? `${got.length} bytes, the source's: ${want.equals(got)}` : `${got.name}: ${got.message}`}`));
    }
    c.done();
  },

  'array.clear()'() {
    const A = arena(M);
    const a = array('i', [1, 2, 3]);
    A.after();
    assert.equal(typeof a.clear, 'function', 'array has no clear()');
    const m = memoryview(a);
    isError(thrown(() => a.clear()), M.BufferError, 'cannot resize an array that is exporting buffers');
    assert.deepEqual(a.tolist(), [1, 2, 3]);
    m.release();
    assert.equal(a.clear(), undefined);
    assert.equal(a.length, 0);
    assert.deepEqual(a.tolist(), []);
    a.append(5);
    assert.deepEqual(a.tolist(), [5]);
    a.clear();
    const q = array('q', [1n, 2n]);
    q.clear();
    assert.deepEqual(q.tolist(), []);
    A.done();
  },
};

/** A "clear error" for a JS buffer memview cannot view whole. */
function clearError(e) {
  assert.equal(badException(M, e), null, `${e.name}: ${e.message}`);
  assert.ok([M.ValueError, M.BufferError, M.OverflowError, M.MemoryError].some((E) => e instanceof E),
    `want ValueError, BufferError, OverflowError or MemoryError, got ${e.name}: ${e.message}`);
}

export const names = Object.keys(cases);

// As a child process: run one case.
if (process.argv[2] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const name = process.argv[2];
  if (name === '--list') { console.log(JSON.stringify(names)); process.exit(0); }
  const fn = cases[name];
  if (!fn) { console.error(`no case ${name}`); process.exit(2); }
  // The struct formats the cases use are compiled and cached once, and the C
  // paths keep scratch blocks once they first run: make both before any case
  // counts the heap (a bigint offset or value is the executor's to decline).
  for (const f of ['<I', '4s', '<4s', '64s', '<?']) {
    const size = M.struct.calcsize(f), w = M.bytearray(size);
    for (const call of [() => M.struct.unpack_from(f, w, 0n), () => M.struct.pack(f, 1n),
      () => M.struct.pack_into(f, w, 0n, Uint8Array.of(1)), () => M.struct.unpack(f, w)]) { try { call(); } catch {} }
    w.clear();
  }
  try {
    await fn();
    if (!stillWorks(M)) throw new Error("memoryview(bytearray('Hello')).tobytes() no longer gives Hello");
    console.log('ok');
  } catch (e) {
    console.error(e && e.stack || String(e));
    process.exit(1);
  }
}
