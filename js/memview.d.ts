// TypeScript declarations for memview (the contract: docs API.md).
//
// Item types follow the value mapping: formats b B h H i I l L n N P e f d
// give `number`, q Q give `bigint`, ? gives `boolean`, c gives a one-byte
// `Uint8Array`. A view's item type, number of dimensions and format are
// tracked where they are known statically (memoryview(bytes), array('q'),
// m.cast('f', [2, 3])), and are the union `Item`, `number` and `string`
// otherwise. Needs TypeScript 5.7 or later (Uint8Array<ArrayBuffer>).

// `[Symbol.dispose]` below needs Symbol.dispose, which lib esnext.disposable
// and @types/node declare, but lib es2022 and lib dom do not.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** A fresh copy of bytes outside wasm memory. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Integer formats whose items are JS numbers (sizes are wasm32's: l L n N P are 4 bytes). */
export type IntFormat = 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'n' | 'N' | 'P';
/** Floating-point formats. */
export type FloatFormat = 'e' | 'f' | 'd';
/** 64-bit integer formats, whose items are bigints. */
export type BigIntFormat = 'q' | 'Q';
/** Any single-item format memoryview accepts, with or without a byte-order prefix. */
export type ItemFormat = IntFormat | FloatFormat | BigIntFormat | '?' | 'c';

/** What one item of a view or array can be. */
export type Item = number | bigint | boolean | Uint8Array;

/** The JS type of one item of format F ('@' prefix allowed). */
export type ItemOf<F extends string> =
  F extends `@${infer G}` ? ItemOf<G> :
  F extends BigIntFormat ? bigint :
  F extends IntFormat | FloatFormat ? number :
  F extends '?' ? boolean :
  F extends 'c' ? Bytes :
  Item;

/** The formats memoryview.cast() accepts: an item format, optionally after '@'. */
export type CastFormat = ItemFormat | `@${ItemFormat}`;

/** The TypedArray asTypedArray() gives for format F. */
export type TypedArrayOf<F extends string> =
  F extends `@${infer G}` ? TypedArrayOf<G> :
  F extends 'b' ? Int8Array :
  F extends 'B' | 'c' | '?' ? Uint8Array :
  F extends 'h' ? Int16Array :
  F extends 'H' | 'e' ? Uint16Array | (typeof globalThis extends { Float16Array: { prototype: infer A } } ? A : never) :
  F extends 'i' | 'l' | 'n' ? Int32Array :
  F extends 'I' | 'L' | 'N' | 'P' ? Uint32Array :
  F extends 'q' ? BigInt64Array :
  F extends 'Q' ? BigUint64Array :
  F extends 'f' ? Float32Array :
  F extends 'd' ? Float64Array :
  AnyTypedArray;

/** tolist() of a view of D dimensions: items nested D deep. */
export type ListOf<T, D extends number> =
  number extends D ? Nested<T> :
  D extends 0 ? T : D extends 1 ? T[] : D extends 2 ? T[][] : D extends 3 ? T[][][] :
  Nested<T>;

/** What a setter accepts for an item of type T: q/Q also take an integral
 *  number, ? takes any value (its truthiness), c takes a 1-byte bytes-like. */
export type SetValue<T> =
  T extends bigint ? bigint | number :
  T extends boolean ? unknown :
  T extends Uint8Array<ArrayBufferLike> ? BytesLike :
  T extends number ? number :
  unknown;

/** tolist() of an n-dimensional view: items nested n deep (an item for ndim 0). */
export type Nested<T> = T | Nested<T>[];

/** A slice bound: undefined or null mean Python's None. */
export type SliceIndex = number | bigint | null | undefined;

/** Every TypedArray memoryview() accepts. */
export type AnyTypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array
  | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** Anything memoryview() accepts: memview's own objects and JS memory. */
export type BytesLike =
  | memoryview<any, any, any> | bytes | bytearray | array<any>
  | ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

// ---- errors ---------------------------------------------------------------

/** CPython's ValueError. */
export declare class ValueError extends Error { name: 'ValueError'; }
/** CPython's IndexError (a RangeError in JS). */
export declare class IndexError extends RangeError { name: 'IndexError'; }
/** CPython's BufferError, e.g. resizing an exporter while it is viewed. */
export declare class BufferError extends Error { name: 'BufferError'; }
/** CPython's NotImplementedError. */
export declare class NotImplementedError extends Error { name: 'NotImplementedError'; }
/** CPython's OverflowError (a RangeError in JS). */
export declare class OverflowError extends RangeError { name: 'OverflowError'; }
/** CPython's MemoryError: the wasm heap is exhausted. */
export declare class MemoryError extends Error { name: 'MemoryError'; }
/** A non-ASCII format given to cast(), as CPython raises it (at run time it
 *  is also an instance of ValueError, as in Python). */
export declare class UnicodeEncodeError extends Error { name: 'UnicodeEncodeError'; }

// ---- memoryview -----------------------------------------------------------

/** Python's memoryview: a zero-copy, typed, possibly multi-dimensional view
 *  of items T, D dimensions, format F. */
export interface memoryview<T = Item, D extends number = number, F extends string = string> extends Iterable<T> {
  /** The object viewed (the exporter). */
  readonly obj: unknown;
  readonly nbytes: number;
  readonly readonly: boolean;
  readonly itemsize: number;
  readonly format: F;
  readonly ndim: D;
  readonly shape: number[];
  readonly strides: number[];
  readonly suboffsets: number[];
  readonly c_contiguous: boolean;
  readonly f_contiguous: boolean;
  readonly contiguous: boolean;
  /** Python's len(m): the first dimension (TypeError on a 0-dim view). */
  readonly length: number;

  /** m[i], m[i, j], ..., or m[()] with no index on a 0-dim view. */
  get(...indices: (number | bigint)[]): T;
  /** m[i] = v, m[i, j] = v, ..., or m[()] = v with only a value. */
  set(...args: [...indices: (number | bigint)[], value: SetValue<T>]): void;
  /** m[start:stop:step]: a view of the same memory. */
  slice(start?: SliceIndex, stop?: SliceIndex, step?: SliceIndex): memoryview<T, D, F>;
  /** m[:] = src (copy src's bytes in; shapes must match). */
  assign(src: BytesLike): void;
  /** A view of the same memory with another format (and shape). */
  cast<G extends string>(format: ValidCast<G>): memoryview<ViewItemOf<G>, 1, G>;
  cast<G extends string, const S extends readonly (number | bigint)[]>(format: ValidCast<G>, shape: S): memoryview<ViewItemOf<G>, S['length'], G>;
  /** NumPy's basic indexing (beyond CPython): one key per leading dimension,
   *  an index (drops it) or a slice [start, stop, step]; a view of the same
   *  memory (0-dim when every dimension is indexed). */
  sub<const K extends readonly SubKey[]>(...keys: K): memoryview<T, SubDims<D, K>, F>;
  /** A fresh copy of the bytes, outside wasm memory. */
  tobytes(order?: 'C' | 'F' | 'A' | null): Bytes;
  /** Items nested ndim deep (an item for a 0-dim view). */
  tolist(): ListOf<T, D>;
  hex(sep?: string | BytesLike, bytes_per_sep?: number | bigint): string;
  toreadonly(): memoryview<T, D, F>;
  release(): void;
  [Symbol.dispose](): void;
  /** Python's m == other. */
  equals(other: unknown): boolean;
  count(value: unknown): number;
  index(value: unknown, start?: number | bigint, stop?: number | bigint): number;
  /** Python's iter(m): an iterator of the engine's kind (its helpers apply where there are any). */
  [Symbol.iterator](): IterableIterator<T>;
  /** "<memory at 0x…>" / "<released memory at 0x…>". */
  toString(): string;
  /** A TypedArray over the same memory (C-contiguous views only). Valid until
   *  wasm memory grows: take a new one after anything that may allocate. */
  asTypedArray(): TypedArrayOf<F>;
  /** A DataView over the same bytes; valid until wasm memory grows. */
  asDataView(): DataView;
}

/** A byte-order prefix (beyond CPython): struct's standard sizes after < > ! =. */
export type ByteOrder = '<' | '>' | '!' | '=';
/** An item format with a byte order, such as '>I' or '<d' (beyond CPython). */
export type ByteOrderFormat = `${ByteOrder}${Exclude<ItemFormat, 'n' | 'N' | 'P'>}`;
/** The item of a view of format F: one value for an item format ('>I' is a
 *  number, '<q' a bigint), the record's values for a record format ('<IHH'
 *  is [number, number, number], as struct.unpack gives). */
export type ViewItemOf<F extends string> =
  string extends F ? Item :
  F extends `${ByteOrder}${infer G}` ? (G extends ItemFormat ? ItemOf<G> : Unpacked<F>) :
  F extends CastFormat ? ItemOf<F> : Unpacked<F>;
/** A format cast() accepts; a literal it rejects (cast('x'), a record of no
 *  values) is `never`. Any other literal may be a record format. */
export type ValidCast<G extends string> =
  string extends G ? G : G extends CastFormat | ByteOrderFormat ? G : Unpacked<G> extends [] ? CastFormat : G;
/** One key of sub(): an index (drops the dimension) or a slice [start, stop, step]. */
export type SubKey = number | bigint | [] | [SliceIndex] | [SliceIndex, SliceIndex] | [SliceIndex, SliceIndex, SliceIndex];
/** The ndim after sub(...K) on a view of D dimensions: each index key drops one. */
export type SubDims<D extends number, K extends readonly unknown[], Acc extends unknown[] = []> =
  number extends D ? number :
  K extends readonly [infer H, ...infer R] ? (H extends unknown[] ? SubDims<D, R, Acc> : SubDims<D, R, [...Acc, 0]>) :
  DimsMinus<D, Acc['length']>;
type DimsMinus<D extends number, N extends number, C extends unknown[] = []> =
  [...C, ...Tuple<N>]['length'] extends D ? C['length'] : C['length'] extends 64 ? number : DimsMinus<D, N, [...C, 0]>;
type Tuple<N extends number, A extends unknown[] = []> = A['length'] extends N ? A : A['length'] extends 64 ? A : Tuple<N, [...A, 0]>;

/** The format of memoryview(x) for a TypedArray x. */
export type FormatOfTyped<A> =
  A extends Int8Array ? 'b' : A extends Uint8Array | Uint8ClampedArray ? 'B' :
  A extends Int16Array ? 'h' : A extends Uint16Array ? 'H' : A extends Int32Array ? 'i' :
  A extends Uint32Array ? 'I' : A extends Float32Array ? 'f' : A extends Float64Array ? 'd' :
  A extends BigInt64Array ? 'q' : A extends BigUint64Array ? 'Q' : string;

// TypedArrays come before ArrayBuffer in the overloads: under lib es2022,
// TypeScript 5.7 finds every TypedArray assignable to ArrayBuffer.
export interface MemoryViewConstructor {
  new <C extends ArrayTypecode>(obj: array<C>): memoryview<ItemOf<C>, 1, C>;
  new <A extends BigInt64Array | BigUint64Array>(obj: A): memoryview<bigint, 1, FormatOfTyped<A>>;
  new <A extends AnyTypedArray>(obj: A): memoryview<number, 1, FormatOfTyped<A>>;
  new (obj: bytes | bytearray | ArrayBuffer | SharedArrayBuffer | DataView): memoryview<number, 1, 'B'>;
  new <T extends Item, D extends number, F extends string>(obj: memoryview<T, D, F>): memoryview<T, D, F>;
  new (obj: BytesLike): memoryview;
  <C extends ArrayTypecode>(obj: array<C>): memoryview<ItemOf<C>, 1, C>;
  <A extends BigInt64Array | BigUint64Array>(obj: A): memoryview<bigint, 1, FormatOfTyped<A>>;
  <A extends AnyTypedArray>(obj: A): memoryview<number, 1, FormatOfTyped<A>>;
  (obj: bytes | bytearray | ArrayBuffer | SharedArrayBuffer | DataView): memoryview<number, 1, 'B'>;
  <T extends Item, D extends number, F extends string>(obj: memoryview<T, D, F>): memoryview<T, D, F>;
  (obj: BytesLike): memoryview;
  readonly prototype: memoryview;
}
export declare const memoryview: MemoryViewConstructor;

// ---- bytes, bytearray, array ----------------------------------------------

/** What bytes() and bytearray() start from: a length (zero bytes), a string
 *  (UTF-8), an iterable of ints 0..255, or a bytes-like object (copied). */
export type BytesSource = number | bigint | string | Iterable<number | bigint | boolean> | BytesLike;

/** Python's bytes: immutable bytes in wasm memory. */
export interface bytes extends Iterable<number> {
  readonly length: number;
  get(i: number | bigint): number;
  tobytes(): Bytes;
  tolist(): number[];
  hex(sep?: string | BytesLike, bytes_per_sep?: number | bigint): string;
  equals(other: unknown): boolean;
  [Symbol.iterator](): IterableIterator<number>;
  /** Python's bytes.find: the lowest index of sub in [start, end), or -1. */
  find(sub: BytesLike | number | bigint | boolean, start?: SliceIndex, end?: SliceIndex): number;
  /** Python's bytes.rfind: the highest index of sub in [start, end), or -1. */
  rfind(sub: BytesLike | number | bigint | boolean, start?: SliceIndex, end?: SliceIndex): number;
  /** Frees the bytes now; afterwards every use is a ValueError. A BufferError
   *  while a view of them is not released. */
  release(): void;
  [Symbol.dispose](): void;
  toString(): string;
}
/** The encodings bytes(str, encoding) writes (and their Python aliases). */
export type Encoding = 'utf-8' | 'ascii' | 'latin-1' | (string & {});
export interface BytesConstructor {
  new (src?: BytesSource): bytes;
  (src?: BytesSource): bytes;
  new (src: string, encoding: Encoding, errors?: string): bytes;
  (src: string, encoding: Encoding, errors?: string): bytes;
  readonly prototype: bytes;
}
export declare const bytes: BytesConstructor;

/** Python's bytearray: resizable bytes in wasm memory. */
export interface bytearray extends bytes {
  set(i: number | bigint, value: number | bigint | boolean): void;
  append(value: number | bigint | boolean): void;
  extend(values: Iterable<number | bigint | boolean> | BytesLike): void;
  pop(i?: number | bigint): number;
  clear(): void;
  resize(n: number | bigint): void;
  /** Inserts src's bytes (anything bytearray(src) takes) at offset; an int src is Python's insert(i, x): one byte, offset clamped. */
  insert(offset: number | bigint, src: BytesSource): void;
  /** Deletes count bytes at offset (Python's del b[offset:offset + count]). */
  delete(offset: number | bigint, count: number | bigint): void;
}
export interface ByteArrayConstructor {
  new (src?: BytesSource): bytearray;
  (src?: BytesSource): bytearray;
  new (src: string, encoding: Encoding, errors?: string): bytearray;
  (src: string, encoding: Encoding, errors?: string): bytearray;
  readonly prototype: bytearray;
}
export declare const bytearray: ByteArrayConstructor;

/** The typecodes of array(). */
export type ArrayTypecode = 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'q' | 'Q' | 'f' | 'd';

/** Python's array.array: typed items in wasm memory. */
export interface array<C extends ArrayTypecode = ArrayTypecode> extends Iterable<ItemOf<C>> {
  readonly typecode: C;
  readonly itemsize: number;
  readonly length: number;
  get(i: number | bigint): ItemOf<C>;
  set(i: number | bigint, value: SetValue<ItemOf<C>>): void;
  append(value: SetValue<ItemOf<C>>): void;
  [Symbol.iterator](): IterableIterator<ItemOf<C>>;
  extend(values: Iterable<SetValue<ItemOf<C>>> | array<C>): void;
  pop(i?: number | bigint): ItemOf<C>;
  tolist(): ItemOf<C>[];
  tobytes(): Bytes;
  frombytes(buffer: BytesLike): void;
  clear(): void;
  /** Frees the items now; afterwards every use is a ValueError. */
  release(): void;
  [Symbol.dispose](): void;
  toString(): string;
}
export interface ArrayConstructor {
  new <C extends ArrayTypecode>(typecode: C, src?: Iterable<SetValue<ItemOf<C>>> | BytesLike): array<C>;
  <C extends ArrayTypecode>(typecode: C, src?: Iterable<SetValue<ItemOf<C>>> | BytesLike): array<C>;
  readonly prototype: array;
}
export declare const array: ArrayConstructor;

// ---- struct ---------------------------------------------------------------

/** One unpacked value: numbers, bigints (q Q), booleans (?), bytes (c s p). */
export type StructValue = number | bigint | boolean | Bytes;

type StructDigit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type StructSpace = ' ' | '\t' | '\n' | '\r' | '\v' | '\f';
type StructValueOf<C extends string> =
  C extends 'q' | 'Q' ? bigint : C extends '?' ? boolean : C extends 'c' ? Bytes :
  C extends 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'n' | 'N' | 'P' | 'e' | 'f' | 'd' ? number : never;
type StructRepeat<V, N extends number, Acc extends unknown[], K extends unknown[] = []> =
  K['length'] extends N ? Acc : StructRepeat<V, N, [...Acc, V], [...K, 0]>;
type StructCount<V, Count extends string, Acc extends unknown[]> =
  Count extends '' ? [...Acc, V] :
  Count extends `${infer N extends number}` ? (N extends 0 ? Acc : `${N}` extends `${StructDigit}` | `${StructDigit}${StructDigit}` ? StructRepeat<V, N, Acc> : [...Acc, ...V[]]) :
  StructValue[];
type StructCodes<S extends string, Count extends string, Acc extends unknown[]> =
  S extends `${infer C}${infer R}` ?
    C extends StructDigit ? StructCodes<R, `${Count}${C}`, Acc> :
    C extends StructSpace ? (Count extends '' ? StructCodes<R, '', Acc> : StructValue[]) :
    C extends 'x' ? StructCodes<R, '', Acc> :
    C extends 's' | 'p' ? StructCodes<R, '', [...Acc, Bytes]> :
    [StructValueOf<C>] extends [never] ? StructValue[] :
    StructCount<StructValueOf<C>, Count, Acc> extends infer A extends unknown[] ? StructCodes<R, '', A> : never :
  Count extends '' ? Acc : StructValue[];
/** What struct.unpack(F, ...) returns: a tuple when F is a literal format
 *  (`struct.unpack('>II', b)` is `[number, number]`), else StructValue[]. */
export type Unpacked<F extends string> =
  string extends F ? StructValue[] :
  F extends `${'@' | '=' | '<' | '>' | '!'}${infer R}` ? StructCodes<R, '', []> : StructCodes<F, '', []>;

export declare namespace struct {
  /** struct.error, whose `name` is 'struct.error'. */
  class error extends Error { name: 'struct.error'; }

  function pack(format: string, ...values: unknown[]): Bytes;
  function pack_into(format: string, buffer: BytesLike, offset: number | bigint, ...values: unknown[]): void;
  function unpack<F extends string>(format: F, buffer: BytesLike): Unpacked<F>;
  function unpack_from<F extends string>(format: F, buffer: BytesLike, offset?: number | bigint): Unpacked<F>;
  function iter_unpack<F extends string>(format: F, buffer: BytesLike): IterableIterator<Unpacked<F>>;
  function calcsize(format: string): number;

  /** A compiled format: `new Struct(format)` or `Struct(format)`. */
  interface Struct<F extends string = string> {
    readonly format: F;
    readonly size: number;
    pack(...values: unknown[]): Bytes;
    pack_into(buffer: BytesLike, offset: number | bigint, ...values: unknown[]): void;
    unpack(buffer: BytesLike): Unpacked<F>;
    unpack_from(buffer: BytesLike, offset?: number | bigint): Unpacked<F>;
    iter_unpack(buffer: BytesLike): IterableIterator<Unpacked<F>>;
  }
  const Struct: {
    new <F extends string>(format: F): Struct<F>;
    <F extends string>(format: F): Struct<F>;
    readonly prototype: Struct;
  };
}

// ---- beyond the contract ----------------------------------------------------

/** Resolved: when this module can be imported, the wasm core is instantiated
 *  (memview/manual's init() is the explicit way to load it). */
export declare const ready: Promise<void>;

/** Wasm heap figures: bytes and blocks memview has allocated and not freed,
 *  the most bytes in use since the last reset (resetPeak starts a new peak),
 *  and the size of wasm memory. */
export declare function heapStats(resetPeak?: boolean): { inUse: number; blocks: number; peak: number; memory: number };
