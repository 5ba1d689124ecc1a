import { UnsupportedCodecError } from "./cog-errors";
import { inflateBounded } from "./inflate";
import { lzwDecode } from "./lzw";
import { packBitsDecode } from "./packbits";
import { Compression, COMPRESSION_NAMES } from "./tiff-tags";
import { zstdDecode } from "./zstd";

/** Codecs whose output is the tile's bytes in file order, to which predictors and byte order apply. */
const BYTE_CODECS: ReadonlySet<number> = new Set([Compression.None, Compression.Lzw, Compression.Deflate, Compression.AdobeDeflate, Compression.PackBits, Compression.Zstd]);
/** Codecs that decode straight to samples (sample-codecs.ts): no predictor, native byte order. */
export const SAMPLE_CODECS: ReadonlySet<number> = new Set([Compression.Jpeg, Compression.Lerc, Compression.Webp]);

export function assertSupportedCompression(compression: number): void {
  if (!BYTE_CODECS.has(compression) && !SAMPLE_CODECS.has(compression)) throw unsupported(compression);
}

function unsupported(compression: number): UnsupportedCodecError {
  return new UnsupportedCodecError(compression, COMPRESSION_NAMES[compression] ?? "unknown");
}

/**
 * Decompresses one tile of a byte codec into a fresh buffer that the caller may modify in place
 * (predictors, byte swapping) and view as any typed array (its byteOffset is 0). `expected` is the
 * size of a full tile; no codec writes beyond it.
 */
export function decompress(compression: number, bytes: Uint8Array, expected: number): Uint8Array {
  switch (compression) {
    case Compression.None:
      return bytes.slice(0, expected);
    case Compression.Deflate:
    case Compression.AdobeDeflate:
      return inflateBounded(bytes, expected, "DEFLATE");
    case Compression.Lzw:
      return lzwDecode(bytes, expected);
    case Compression.PackBits:
      return packBitsDecode(bytes, expected);
    case Compression.Zstd:
      return zstdDecode(bytes, expected);
    default:
      throw unsupported(compression);
  }
}
