/// <reference path="./webp-wasm.d.ts" />
// In workerd the wasm must come compiled with the Worker (no compiling from bytes at run time):
// wrangler and the vitest workers pool bundle a .wasm import as a CompiledWasm module.
import wasm from "@jsquash/webp/codec/dec/webp_dec.wasm";

export default wasm;
