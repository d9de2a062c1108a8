// memview/manual: the package without the wasm inline; init() loads it.
/** Where init() gets the wasm: the first of module, bytes and url that is
 *  given; with none, memview.wasm beside the package's dist/manual.js. */
export interface InitOptions {
  /** An already compiled WebAssembly.Module (compileStreaming, a cache). */
  module?: object;
  /** The bytes of memview.wasm. */
  bytes?: ArrayBuffer | ArrayBufferView;
  /** Where to fetch memview.wasm from, a string or a URL (a file: URL is
   *  read from disk in Node). */
  url?: string | { readonly href: string };
}
/** Compiles the wasm once and resolves to the package's exports, the same as
 *  `import * as memview from 'memview'`. Later calls return the same promise. */
export declare function init(options?: InitOptions): Promise<typeof import('./memview.js')>;
