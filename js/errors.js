// The exception classes of the contract, and the mapping from the C core's
// mv_status codes to them. Each error's `name` is CPython's exception name.

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
export const UnicodeEncodeError = define('UnicodeEncodeError', ValueError);

/** CPython's UnicodeEncodeError for the first non-ASCII character of s, or null. */
export function asciiEncodeError(s) {
  const chars = Array.from(s);
  const pos = chars.findIndex((c) => c.codePointAt(0) > 127);
  if (pos < 0) return null;
  const cp = chars[pos].codePointAt(0);
  const repr = cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}`
    : cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  return new UnicodeEncodeError(
    `'ascii' codec can't encode character '${repr}' in position ${pos}: ordinal not in range(128)`);
}

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
  if (Array.isArray(x)) return 'list';
  const name = x.constructor && x.constructor.name;
  return name === 'Object' || !name ? 'dict' : name;
}
