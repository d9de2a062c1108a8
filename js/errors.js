// The exception classes of the contract, and the mapping from the C core's
// mv_status codes to them. Each error's `name` is CPython's exception name.

// CPython's names of memview's own types where they are not the JS class's
// ('array.array' for array, '_struct.Struct' for Struct, 'error' for
// struct.error, the iterators' types), by prototype: a name, or a function
// of the object where one class serves several types.
const PY_TYPE_NAMES = new WeakMap();
export const namePyType = (prototype, name) => { PY_TYPE_NAMES.set(prototype, name); };

function define(name, Base) {
  const E = class extends Base {};
  Object.defineProperty(E, 'name', { value: name });
  Object.defineProperty(E.prototype, 'name', { value: name, writable: true, configurable: true });
  return E;
}

export const ValueError = define('ValueError', Error);
export const BufferError = define('BufferError', Error);
export const NotImplementedError = define('NotImplementedError', Error);
export const MemoryError = define('MemoryError', Error);
export const IndexError = define('IndexError', RangeError);
export const OverflowError = define('OverflowError', RangeError);
export const StructError = define('struct.error', Error);
namePyType(StructError.prototype, 'error'); // as CPython's messages name it
export const UnicodeEncodeError = define('UnicodeEncodeError', ValueError);

/** The value of the one own property of each memview object, `__noclone__`:
 *  an object whose getter throws a TypeError telling what to send
 *  (`instead`). Structured cloning (structuredClone, postMessage) skips
 *  private fields, where the state is, and reads every own enumerable
 *  property: without it, the clone of a bytearray is silently `{}`. */
export function uncloneable(name, instead) {
  return Object.freeze({
    get reason() { throw new TypeError(`cannot clone '${name}' object (structuredClone, postMessage): ${instead}`); },
  });
}

/** Python's escape of one character in an encode error message. */
function escapeChar(cp) {
  const hex = cp.toString(16);
  if (cp < 0x100) return '\\x' + hex.padStart(2, '0');
  if (cp < 0x10000) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

/** CPython's UnicodeEncodeError of `codec` for s, or null when no code point
 *  of s is bad(): it names the first run of bad ones, counted in code points
 *  ("character '\xe9' in position 1", "characters in position 0-1"). */
function encodeError(s, codec, bad, reason) {
  const cps = Array.from(s, (ch) => ch.codePointAt(0));
  const start = cps.findIndex(bad);
  if (start < 0) return null;
  let end = start;
  while (end < cps.length && bad(cps[end])) end++;
  const what = end - start === 1
    ? `character '${escapeChar(cps[start])}' in position ${start}`
    : `characters in position ${start}-${end - 1}`;
  return new UnicodeEncodeError(`'${codec}' codec can't encode ${what}: ${reason}`);
}

/** The UnicodeEncodeError of the ASCII encoding of s, or null when s is ASCII. */
export const asciiEncodeError = (s) => (NOT_ASCII.test(s) ? encodeError(s, 'ascii', (cp) => cp > 127, 'ordinal not in range(128)') : null);

/** The same for the Latin-1 encoding (code points up to 255). */
export const latin1EncodeError = (s) => (NOT_LATIN1.test(s) ? encodeError(s, 'latin-1', (cp) => cp > 255, 'ordinal not in range(256)') : null);
// (tested first: encodeError makes an array of every code point)
const NOT_ASCII = /[^\x00-\x7f]/, NOT_LATIN1 = /[^\x00-\xff]/;

const LONE_SURROGATE = /\p{Cs}/u;
/** The UnicodeEncodeError of the UTF-8 encoding of s, or null when s has no
 *  lone surrogate (the one thing UTF-8 cannot encode; the test skips the
 *  code point array for every other string). */
export const utf8EncodeError = (s) => (LONE_SURROGATE.test(s)
  ? encodeError(s, 'utf-8', (cp) => cp >= 0xd800 && cp <= 0xdfff, 'surrogates not allowed') : null);

/** The type name in an argument-clinic message (_PyArg_BadArgument): None
 *  is 'None', not its type's name. */
export const argTypeName = (x) => (x === null || x === undefined ? 'None' : pyTypeName(x));

// CPython's TypeErrors for a method called with n arguments where it takes
// none (METH_NOARGS) or exactly one (METH_O); `method` is 'type.name'.
export const noArguments = (method, n) => new TypeError(`${method}() takes no arguments (${n} given)`);
export const oneArgument = (method, n) => new TypeError(`${method}() takes exactly one argument (${n} given)`);

// Index = mv_status (c/include/memview.h).
const BY_STATUS = [null, ValueError, TypeError, IndexError, BufferError,
  NotImplementedError, OverflowError, MemoryError, StructError];

export function errorFromStatus(status, message) {
  const E = BY_STATUS[status] || Error;
  return new E(message);
}

// CPython's type name of a JS value, for messages such as
// "memoryview: a bytes-like object is required, not 'int'".
export function pyTypeName(x) {
  if (x === null || x === undefined) return 'NoneType';
  switch (typeof x) {
    case 'number': return Number.isInteger(x) ? 'int' : 'float';
    case 'bigint': return 'int';
    case 'boolean': return 'bool';
    case 'string': return 'str';
    case 'symbol': return 'symbol';
    case 'function': return 'function';
  }
  try {
    if (Array.isArray(x)) return 'list';
    const name = className(x);
    return name === 'Object' || name === '' ? 'dict' : name;
  } catch { return 'object'; } // a revoked Proxy, or a Proxy's trap that threw
}

/** pyTypeName() as CPython's _PyType_Name gives it, which some messages
 *  use: the part after the module's dot ('Struct' of '_struct.Struct'). */
export function pyShortTypeName(x) {
  const name = pyTypeName(x);
  return name.slice(name.lastIndexOf('.') + 1);
}

/** JSON.stringify of a Struct or an iterator (its toJSON): CPython's
 *  json.dumps raises this TypeError (and JSON would read `__noclone__`). */
export const notJSONSerializable = (x) => new TypeError(`Object of type ${pyShortTypeName(x)} is not JSON serializable`);

/** The name of the class of object x, as type(x).__name__ is read: from
 *  the first of its prototypes that is one of PY_TYPE_NAMES or has a
 *  `constructor` (then its `name`), data properties only, calling no
 *  getter, so that an ordinary object runs no user code (only a Proxy's
 *  traps can). '' when it has none. */
function className(x) {
  for (let p = Object.getPrototypeOf(x); p !== null; p = Object.getPrototypeOf(p)) {
    const own = PY_TYPE_NAMES.get(p);
    if (own !== undefined) return typeof own === 'function' ? own(x) : own;
    const c = Object.getOwnPropertyDescriptor(p, 'constructor');
    if (c === undefined) continue;
    const name = typeof c.value === 'function' ? Object.getOwnPropertyDescriptor(c.value, 'name') : undefined;
    return name !== undefined && typeof name.value === 'string' ? name.value : '';
  }
  return '';
}
