// Where memview objects meet Node's and the web's APIs. A memoryview, bytes,
// bytearray or array is not an ArrayBufferView, so APIs that want bytes
// either reject it or, worse, take it for something else: Buffer.from reads
// m[0..length) (all undefined: zeros), FileHandle.read takes it for its
// options bag and reads into a buffer of its own, JSON.stringify and
// util.inspect see an object without properties (the state is in private
// fields). The properties below make each of these give the right bytes or
// throw a clear TypeError (README: "Using memview with Node and web APIs";
// tests/interop.test.js). Only the public API is used here. (Structured
// cloning reads own properties only: each object's own `__noclone__`,
// errors.js uncloneable, makes it throw.)
import { memoryview } from './view.js';
import { bytes, bytearray, array } from './exporters.js';

const hex2 = (b) => b.toString(16).padStart(2, '0');

/** Python's repr of the bytes u8 (b'...'), the first `max` of them. */
function bytesRepr(u8, max) {
  let sq = false, dq = false;
  for (const b of u8) { if (b === 0x27) sq = true; else if (b === 0x22) dq = true; }
  const quote = sq && !dq ? '"' : "'";
  let s = '';
  const n = Math.min(u8.length, max);
  for (let i = 0; i < n; i++) {
    const b = u8[i];
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x09) s += '\\t';
    else if (b === 0x0a) s += '\\n';
    else if (b === 0x0d) s += '\\r';
    else if (b === quote.charCodeAt(0)) s += '\\' + quote;
    else if (b < 0x20 || b >= 0x7f) s += '\\x' + hex2(b);
    else s += String.fromCharCode(b);
  }
  return `b${quote}${s}${quote}`;
}
const more = (n, max, what) => (n > max ? ` ... ${n - max} more ${what}${n - max === 1 ? '' : 's'}` : '');

/** Python's repr of one array item. */
function itemRepr(v, typecode) {
  if (typecode !== 'f' && typecode !== 'd') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0.0';
  return Number.isInteger(v) && Math.abs(v) < 1e16 ? `${v}.0` : String(v);
}

const shapeRepr = (shape) => `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;

// The states that make an object unusable, told apart from other errors so
// that inspecting a released object shows it rather than throws.
const isReleased = (f) => { try { f(); return false; } catch (e) { return e && e.name === 'ValueError'; } };

const inspectors = {
  memoryview(m) {
    const repr = String(m);
    if (isReleased(() => m.nbytes)) return repr;
    return `${repr} format='${m.format}' shape=${shapeRepr(m.shape)}${m.readonly ? ' readonly' : ''}`;
  },
  bytes(b, max) {
    if (isReleased(() => b.length)) return String(b);
    const u8 = b.tobytes();
    return bytesRepr(u8, max) + more(u8.length, max, 'byte');
  },
  bytearray(b, max) {
    if (isReleased(() => b.length)) return String(b);
    const u8 = b.tobytes();
    return `bytearray(${bytesRepr(u8, max)}${more(u8.length, max, 'byte')})`;
  },
  array(a, max) {
    if (isReleased(() => a.length)) return String(a);
    const items = [];
    const n = Math.min(a.length, max);
    for (let i = 0; i < n; i++) items.push(itemRepr(a.get(i), a.typecode));
    if (a.length === 0) return `array('${a.typecode}')`;
    return `array('${a.typecode}', [${items.join(', ')}${more(a.length, max, 'item')}])`;
  },
};

const notABufferMessage = (name) =>
  `a ${name} object is not an ArrayBuffer or a TypedArray: pass x.tobytes() (a copy)` +
  (name === 'memoryview' ? ' or x.asTypedArray() (the same memory, valid until wasm memory grows)' : '') +
  ' to an API that wants bytes';

function install(proto, name) {
  const define = (key, value) => Object.defineProperty(proto, key, { value, writable: true, configurable: true });
  // Buffer.from(x) uses x.valueOf() first when it gives another object, so
  // Buffer.from(m) copies m's bytes (Python's bytes(m)). A primitive
  // conversion (`m + ''`) ignores an object from valueOf and uses toString.
  define('valueOf', function valueOf() { return this.tobytes(); });
  // APIs that take an ArrayBufferView or an options bag (FileHandle.read,
  // fs.read) read `.buffer` from a non-view: that is an error, not a read
  // into a buffer of the API's own.
  Object.defineProperty(proto, 'buffer', {
    get() { throw new TypeError(notABufferMessage(name)); },
    configurable: true,
  });
  // JSON.stringify: CPython's json.dumps raises TypeError here too.
  define('toJSON', function toJSON() {
    throw new TypeError(`Object of type ${name} is not JSON serializable: use tolist() or hex()`);
  });
  // util.inspect, console.log and the REPL in Node.
  define(Symbol.for('nodejs.util.inspect.custom'), function inspect(depth, options) {
    const max = options && Number.isFinite(options.maxArrayLength) ? Math.max(0, options.maxArrayLength) : 100;
    const s = inspectors[name](this, max);
    return options && typeof options.stylize === 'function' ? options.stylize(s, 'special') : s;
  });
}

install(memoryview.prototype, 'memoryview');
install(bytes.prototype, 'bytes');
install(bytearray.prototype, 'bytearray');
install(array.prototype, 'array');
