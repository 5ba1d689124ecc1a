import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/** Node's WebAssembly.compile, which the Workers types leave out (workerd forbids compiling at run time). */
const compile = (WebAssembly as unknown as { compile(bytes: Uint8Array): Promise<WebAssembly.Module> }).compile;

/** In Node (ingest, benchmarks) the decoder's wasm is read from node_modules and compiled. */
export async function compileWebpWasm(): Promise<WebAssembly.Module> {
  const path = createRequire(import.meta.url).resolve("@jsquash/webp/codec/dec/webp_dec.wasm");
  return compile(await readFile(path));
}
