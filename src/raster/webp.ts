/// <reference path="./webp-wasm.d.ts" />
import factory, { type WebpModule } from "@jsquash/webp/codec/dec/webp_dec.js";
import { CogFormatError } from "./cog-errors";

/** The tile a WebP image must fill: 8-bit RGB or RGBA. */
export interface WebpTileShape {
  width: number;
  height: number;
  samples: number;
}

let decoder: WebpModule | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads libwebp's decoder (WebAssembly, @jsquash/webp) once per isolate: undefined once it is
 * loaded, else a promise to await before webpDecode. workerd gets the module compiled with the
 * Worker; Node compiles it from node_modules.
 */
export function webpReady(): Promise<void> | undefined {
  if (decoder) return undefined;
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<void> {
  const wasm = await compiledWasm();
  decoder = await factory({
    noInitialRun: true,
    // No URL of the wasm file is needed (and import.meta.url may be unset in a bundle).
    locateFile: () => "",
    instantiateWasm: (imports, done) => {
      const instance = new WebAssembly.Instance(wasm, imports);
      done(instance);
      return instance.exports;
    },
  });
}

async function compiledWasm(): Promise<WebAssembly.Module> {
  if (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers") return (await import("./webp-wasm-workerd")).default;
  return (await import("./webp-wasm-node")).compileWebpWasm();
}

/**
 * Decodes a WebP tile (TIFF compression 50001, as GDAL writes it: lossy or lossless, RGB or RGBA)
 * to pixel-interleaved samples. The image's size is read from its header first and must be the
 * tile's, so a hostile header can't make libwebp allocate more.
 */
export function webpDecode(input: Uint8Array, shape: WebpTileShape): Uint8Array {
  if (!decoder) throw new Error("webpDecode before webpReady()");
  const [width, height] = webpSize(input);
  if (width !== shape.width || height !== shape.height) {
    throw new CogFormatError(`a WEBP image of ${width} x ${height} px in a ${shape.width} x ${shape.height} px tile`);
  }
  const image = decoder.decode(input);
  if (!image || image.width !== width || image.height !== height) throw new CogFormatError("corrupt WEBP data");
  const rgba = new Uint8Array(image.data.buffer, image.data.byteOffset, width * height * 4);
  if (shape.samples === 4) return rgba.slice();
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0, i = 0, o = 0; p < width * height; p++, i += 4, o += 3) {
    rgb[o] = rgba[i]!;
    rgb[o + 1] = rgba[i + 1]!;
    rgb[o + 2] = rgba[i + 2]!;
  }
  return rgb;
}

/** Width and height from a WebP's RIFF header: the VP8X canvas, or the VP8L or VP8 (lossy) frame header. */
export function webpSize(data: Uint8Array): [number, number] {
  const text = (at: number): string => String.fromCharCode(...data.subarray(at, at + 4));
  if (data.length < 30 || text(0) !== "RIFF" || text(8) !== "WEBP") throw new CogFormatError("corrupt WEBP data (no RIFF WEBP header)");
  const u24 = (at: number): number => data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
  switch (text(12)) {
    case "VP8X":
      return [u24(24) + 1, u24(27) + 1];
    case "VP8L": {
      if (data[20] !== 0x2f) throw new CogFormatError("corrupt WEBP data (lossless signature)");
      const bits = (data[21]! | (data[22]! << 8) | (data[23]! << 16) | (data[24]! << 24)) >>> 0;
      return [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
    }
    case "VP8 ":
      if (data[23] !== 0x9d || data[24] !== 0x01 || data[25] !== 0x2a) throw new CogFormatError("corrupt WEBP data (lossy start code)");
      return [(data[26]! | (data[27]! << 8)) & 0x3fff, (data[28]! | (data[29]! << 8)) & 0x3fff];
    default:
      throw new CogFormatError(`corrupt WEBP data (chunk ${JSON.stringify(text(12))})`);
  }
}
