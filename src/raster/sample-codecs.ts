import { UnsupportedCodecError } from "./cog-errors";
import type { CogLevel } from "./cog-header";
import type { TypedArray } from "./grid";
import { jpegDecode } from "./jpeg";
import { lercDecode } from "./lerc";
import { Compression, COMPRESSION_NAMES } from "./tiff-tags";
import { webpDecode, webpReady } from "./webp";

/**
 * Decodes a tile of a codec that yields samples rather than bytes (LERC, JPEG, WebP): tileWidth x
 * tileHeight pixels of the level's type, all samples of a pixel together (one for planar files).
 */
export function decodeSamples(level: CogLevel, input: Uint8Array): TypedArray {
  const shape = { width: level.tileWidth, height: level.tileHeight, samples: level.planar ? 1 : level.samplesPerPixel, dataType: level.dataType };
  switch (level.compression) {
    case Compression.Lerc:
      return lercDecode(input, shape, level.lercWrapping);
    case Compression.Jpeg:
      return jpegDecode(input, level.jpegTables, shape, level.ycbcr);
    case Compression.Webp:
      return webpDecode(input, shape);
    default:
      throw new UnsupportedCodecError(level.compression, COMPRESSION_NAMES[level.compression] ?? "unknown");
  }
}

/** What to await before tiles of `compression` can be decoded (WebP's WebAssembly); undefined when nothing. */
export function codecReady(compression: number): Promise<void> | undefined {
  return compression === Compression.Webp ? webpReady() : undefined;
}
