// TypeScript declarations for memview (the contract: docs API.md).
//
// Item types follow the value mapping: formats b B h H i I l L n N P e f d
// give `number`, q Q give `bigint`, ? gives `boolean`, c gives a one-byte
// `Uint8Array`. A view's item type is tracked where the format is known
// statically (memoryview(bytes), array('q'), m.cast('f')) and is the union
// `Item` otherwise.

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
  F extends 'c' ? Uint8Array :
  Item;

/** What a setter accepts for an item of type T: q/Q also take an integral
 *  number, ? takes any value (its truthiness), c takes a 1-byte bytes-like. */
export type SetValue<T> =
  T extends bigint ? bigint | number :
  T extends boolean ? unknown :
  T extends Uint8Array ? BytesLike :
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
  | memoryview<any> | bytes | bytearray | array<any>
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

/** Python's memoryview: a zero-copy, typed, possibly multi-dimensional view. */
export interface memoryview<T extends Item = Item> extends Iterable<T> {
  /** The object viewed (the exporter). */
  readonly obj: unknown;
  readonly nbytes: number;
  readonly readonly: boolean;
  readonly itemsize: number;
  readonly format: string;
  readonly ndim: number;
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
  slice(start?: SliceIndex, stop?: SliceIndex, step?: SliceIndex): memoryview<T>;
  /** m[:] = src (copy src's bytes in; shapes must match). */
  assign(src: BytesLike): void;
  /** A view of the same memory with another format (and shape). */
  cast<F extends string>(format: F, shape?: readonly (number | bigint)[]): memoryview<ItemOf<F>>;
  /** A fresh copy of the bytes, outside wasm memory. */
  tobytes(order?: 'C' | 'F' | 'A' | null): Uint8Array;
  tolist(): Nested<T>;
  hex(sep?: string | BytesLike, bytes_per_sep?: number | bigint): string;
  toreadonly(): memoryview<T>;
  release(): void;
  [Symbol.dispose](): void;
  /** Python's m == other. */
  equals(other: unknown): boolean;
  count(value: unknown): number;
  index(value: unknown, start?: number | bigint, stop?: number | bigint): number;
  [Symbol.iterator](): Iterator<T>;
  /** "<memory at 0x…>" / "<released memory at 0x…>". */
  toString(): string;
  /** A TypedArray over the same memory (C-contiguous views only). Valid until
   *  wasm memory grows: take a new one after anything that may allocate. */
  asTypedArray(): AnyTypedArray;
  /** A DataView over the same bytes; valid until wasm memory grows. */
  asDataView(): DataView;
}

export interface MemoryViewConstructor {
  new (obj: bytes | bytearray | Uint8Array | Uint8ClampedArray | ArrayBuffer | SharedArrayBuffer | DataView): memoryview<number>;
  new <C extends ArrayTypecode>(obj: array<C>): memoryview<ItemOf<C>>;
  new (obj: BigInt64Array | BigUint64Array): memoryview<bigint>;
  new (obj: AnyTypedArray): memoryview<number>;
  new <T extends Item>(obj: memoryview<T>): memoryview<T>;
  new (obj: BytesLike): memoryview;
  (obj: bytes | bytearray | Uint8Array | Uint8ClampedArray | ArrayBuffer | SharedArrayBuffer | DataView): memoryview<number>;
  <C extends ArrayTypecode>(obj: array<C>): memoryview<ItemOf<C>>;
  (obj: BigInt64Array | BigUint64Array): memoryview<bigint>;
  (obj: AnyTypedArray): memoryview<number>;
  <T extends Item>(obj: memoryview<T>): memoryview<T>;
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
  tobytes(): Uint8Array;
  tolist(): number[];
  hex(sep?: string | BytesLike, bytes_per_sep?: number | bigint): string;
  equals(other: unknown): boolean;
  /** Python's bytes.find: the lowest index of sub in [start, end), or -1. */
  find(sub: BytesLike | number | bigint | boolean, start?: SliceIndex, end?: SliceIndex): number;
  /** Python's bytes.rfind: the highest index of sub in [start, end), or -1. */
  rfind(sub: BytesLike | number | bigint | boolean, start?: SliceIndex, end?: SliceIndex): number;
  toString(): string;
}
export interface BytesConstructor {
  new (src?: BytesSource): bytes;
  (src?: BytesSource): bytes;
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
  resize(n: number): void;
}
export interface ByteArrayConstructor {
  new (src?: BytesSource): bytearray;
  (src?: BytesSource): bytearray;
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
  extend(values: Iterable<SetValue<ItemOf<C>>> | array<C>): void;
  pop(i?: number | bigint): ItemOf<C>;
  tolist(): ItemOf<C>[];
  tobytes(): Uint8Array;
  frombytes(buffer: BytesLike): void;
}
export interface ArrayConstructor {
  new <C extends ArrayTypecode>(typecode: C, src?: Iterable<SetValue<ItemOf<C>>> | BytesLike): array<C>;
  <C extends ArrayTypecode>(typecode: C, src?: Iterable<SetValue<ItemOf<C>>> | BytesLike): array<C>;
  readonly prototype: array;
}
export declare const array: ArrayConstructor;

// ---- struct ---------------------------------------------------------------

/** One unpacked value: numbers, bigints (q Q), booleans (?), bytes (c s p). */
export type StructValue = number | bigint | boolean | Uint8Array;

export declare namespace struct {
  /** struct.error, whose `name` is 'struct.error'. */
  class error extends Error { name: 'struct.error'; }

  function pack(format: string, ...values: unknown[]): Uint8Array;
  function pack_into(format: string, buffer: BytesLike, offset: number | bigint, ...values: unknown[]): void;
  function unpack(format: string, buffer: BytesLike): StructValue[];
  function unpack_from(format: string, buffer: BytesLike, offset?: number | bigint): StructValue[];
  function iter_unpack(format: string, buffer: BytesLike): IterableIterator<StructValue[]>;
  function calcsize(format: string): number;

  /** A compiled format. */
  class Struct {
    constructor(format: string);
    readonly format: string;
    readonly size: number;
    pack(...values: unknown[]): Uint8Array;
    pack_into(buffer: BytesLike, offset: number | bigint, ...values: unknown[]): void;
    unpack(buffer: BytesLike): StructValue[];
    unpack_from(buffer: BytesLike, offset?: number | bigint): StructValue[];
    iter_unpack(buffer: BytesLike): IterableIterator<StructValue[]>;
  }
}

// ---- beyond the contract ----------------------------------------------------

/** Figures about the wasm heap, for leak checks: bytes and blocks memview has
 *  allocated and not yet freed, and the size of wasm memory in bytes. */
/** Wasm heap figures: bytes and blocks memview has allocated and not freed,
 *  the most bytes in use since the last reset (resetPeak starts a new peak),
 *  and the size of wasm memory. */
export declare function heapStats(resetPeak?: boolean): { inUse: number; blocks: number; peak: number; memory: number };
