/** libwebp's decoder compiled to WebAssembly (@jsquash/webp): the module wrangler bundles as CompiledWasm. */
declare module "@jsquash/webp/codec/dec/webp_dec.wasm" {
  const wasm: WebAssembly.Module;
  export default wasm;
}

/** The Emscripten glue of that decoder: a factory answering the module once its wasm is instantiated. */
declare module "@jsquash/webp/codec/dec/webp_dec.js" {
  export interface WebpModule {
    /** RGBA pixels, or null when libwebp refuses the data. */
    decode(data: Uint8Array): { data: Uint8ClampedArray; width: number; height: number } | null;
  }
  const factory: (options: {
    noInitialRun: boolean;
    locateFile: () => string;
    instantiateWasm: (imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) => WebAssembly.Exports;
  }) => Promise<WebpModule>;
  export default factory;
}
