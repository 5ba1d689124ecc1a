import { CogFormatError } from "./cog-errors";

/**
 * What a TIFF header may declare, checked before anything is allocated or fetched from its
 * values, so a few hundred crafted bytes can't make a read allocate or download more than a Worker
 * (128 MB) holds. The bounds sit well beyond what GDAL writes (COG tiles of 256-1024 px, imagery
 * of up to a few hundred bands).
 */
export const COG_LIMITS = {
  /** Pixels per side of an image: 2^20, the width of a worldwide mosaic at 40 m. */
  maxImageSide: 2 ** 20,
  /** Tile width and height (the TIFF specification asks for multiples of 16). */
  minTileSide: 16,
  maxTileSide: 4096,
  maxSamplesPerPixel: 512,
  /** Decoded bytes of one tile or strip: 4096² uint8, 2048² float32 or 512² x 8 float64. */
  maxTileBytes: 16 * 2 ** 20,
} as const;

/**
 * The most a stored tile of `decoded` bytes may take: LZW's 12-bit codes make 1.5 bytes of a byte
 * at worst and DEFLATE adds a few bytes per 16 KiB block, so anything larger is not a tile.
 */
export function maxStoredBytes(decoded: number): number {
  return Math.ceil(decoded * 1.5) + 1024;
}

/** The values a level's layout is computed from, as read from one IFD. */
export interface LevelShape {
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  tiled: boolean;
  samplesPerPixel: number;
  planar: boolean;
  bytesPerSample: number;
}

/** Refuses a level whose declared sizes pass the limits; answers the decoded bytes of one tile. */
export function checkLevelShape(shape: LevelShape): number {
  const { width, height, tileWidth, tileHeight, samplesPerPixel } = shape;
  const side = COG_LIMITS.maxImageSide;
  if (!(isCount(width) && isCount(height) && width <= side && height <= side)) {
    throw new CogFormatError(`TIFF image of ${width} x ${height} pixels; at most ${side} pixels per side are read`);
  }
  if (shape.tiled) {
    const { minTileSide: min, maxTileSide: max } = COG_LIMITS;
    for (const t of [tileWidth, tileHeight]) {
      if (!(isCount(t) && t >= min && t <= max && t % 16 === 0)) {
        throw new CogFormatError(`TIFF tiles of ${tileWidth} x ${tileHeight} pixels; tiles are read with sides of ${min} to ${max} pixels, multiples of 16`);
      }
    }
  } else if (!isCount(tileHeight)) {
    throw new CogFormatError(`TIFF strips of ${tileHeight} rows`);
  }
  if (!(isCount(samplesPerPixel) && samplesPerPixel <= COG_LIMITS.maxSamplesPerPixel)) {
    throw new CogFormatError(`TIFF image of ${samplesPerPixel} samples per pixel; at most ${COG_LIMITS.maxSamplesPerPixel} are read`);
  }
  const bytes = tileWidth * tileHeight * (shape.planar ? 1 : samplesPerPixel) * shape.bytesPerSample;
  if (bytes > COG_LIMITS.maxTileBytes) {
    const what = shape.tiled ? `tiles of ${tileWidth} x ${tileHeight}` : `strips of ${tileWidth} x ${tileHeight}`;
    throw new CogFormatError(
      `TIFF ${what} pixels decode to ${bytes} bytes each; at most ${COG_LIMITS.maxTileBytes} bytes per tile are read (gdal_translate -of COG writes tiles of 512 pixels)`,
    );
  }
  return bytes;
}

/** Refuses tile offsets and byte counts that aren't byte positions, or tiles stored larger than they can be. */
export function checkTileRanges(offsets: Float64Array, byteCounts: Float64Array, count: number, tileBytes: number): void {
  const max = maxStoredBytes(tileBytes);
  for (let i = 0; i < count; i++) {
    const offset = offsets[i]!;
    const length = byteCounts[i]!;
    if (!(Number.isSafeInteger(offset) && offset >= 0 && Number.isSafeInteger(length) && length >= 0)) {
      throw new CogFormatError(`TIFF tile ${i} has offset ${offset} and byte count ${length}, which are no byte positions`);
    }
    if (length > max) throw new CogFormatError(`TIFF tile ${i} declares ${length} stored bytes; a tile of ${tileBytes} bytes takes at most ${max}`);
  }
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}
