import type { CogLevel } from "./cog-header";
import { bytesPerSample, viewAs } from "./data-types";
import { decompress, SAMPLE_CODECS } from "./decompress";
import type { TypedArray } from "./grid";
import { undoFloatingPoint, undoHorizontal } from "./predictor";
import { decodeSamples } from "./sample-codecs";

/** Values per tile: all samples of each pixel for chunky files, one sample for planar ones. */
export function tileLength(level: CogLevel): number {
  return level.tileWidth * level.tileHeight * (level.planar ? 1 : level.samplesPerPixel);
}

/**
 * Decodes one compressed tile into a typed array of the level's data type, tileWidth x tileHeight
 * pixels (times samples for chunky files). Assumes a little-endian host, as Workers and Node are.
 */
export function decodeTile(level: CogLevel, littleEndian: boolean, compressed: Uint8Array): TypedArray {
  if (SAMPLE_CODECS.has(level.compression)) return decodeSamples(level, compressed);
  const size = bytesPerSample(level.dataType);
  const stride = level.planar ? 1 : level.samplesPerPixel;
  const length = tileLength(level);
  let bytes = decompress(level.compression, compressed, length * size);
  if (bytes.length < length * size) {
    // The last strip of a stripped image holds only the remaining rows.
    const full = new Uint8Array(length * size);
    full.set(bytes);
    bytes = full;
  }
  const rows = level.tileHeight;
  if (level.predictor === 3) {
    // The floating-point predictor stores bytes most significant first regardless of file byte order.
    undoFloatingPoint(bytes, level.tileWidth, rows, stride, size);
  } else {
    if (!littleEndian && size > 1) swapBytes(bytes, size);
    // The header admits predictors 1, 2 and (float data) 3 only.
    if (level.predictor === 2) undoHorizontal(bytes, level.tileWidth, rows, stride, size);
  }
  return viewAs(level.dataType, bytes, length);
}

function swapBytes(bytes: Uint8Array, size: number): void {
  const end = bytes.length - (bytes.length % size);
  for (let i = 0; i < end; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}
