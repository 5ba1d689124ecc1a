/**
 * A tile's pixels as the smallest PNG that shows them exactly: a single band as palette indices
 * (colour type 3, index 0 transparent through tRNS), or as plain greyscale when its colour map is
 * grey and no pixel is transparent; three bands as RGB, with alpha only where some pixel has none.
 */
import { writePng, type PngEncoding, type PngImage } from "../formats/png-writer";
import { PALETTE_LEVELS } from "./colormaps";
import type { TileImage } from "./tile-image";

/**
 * Single bands: the Up filter with zlib's run-length strategy, measured on NDVI tiles of the 33TWL
 * and 29RKH scenes (npm run bench:tile-encoding, docs/performance.md): a fifth of the time of no
 * filter at level 6 (the smallest below level 9) for PNGs 5 % larger; on noisy tiles the run-length
 * search is as small as level 6's string matching. RGB keeps the adaptive filter, which suits
 * photographic imagery.
 */
export const TILE_ENCODING: { levels: PngEncoding; rgb: PngEncoding } = {
  levels: { filter: "up", level: 6, strategy: "rle" },
  rgb: { filter: "adaptive", level: 6 },
};

export function tilePngImage(image: TileImage): PngImage {
  const { width, height } = image;
  if (image.kind === "rgba") {
    if (image.transparent) return { width, height, channels: 4, pixels: image.rgba };
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) {
      rgb[o] = image.rgba[i]!;
      rgb[o + 1] = image.rgba[i + 1]!;
      rgb[o + 2] = image.rgba[i + 2]!;
    }
    return { width, height, channels: 3, pixels: rgb };
  }
  const { levels, palette } = image;
  if (palette.grey && !image.transparent) {
    const grey = new Uint8Array(levels.length);
    for (let i = 0; i < levels.length; i++) grey[i] = palette.rgb[(levels[i]! - 1) * 3]!;
    return { width, height, channels: 1, pixels: grey };
  }
  // Entry 0 stays black and, where any pixel is no data, transparent; levels follow from entry 1.
  const rgb = new Uint8Array((PALETTE_LEVELS + 1) * 3);
  rgb.set(palette.rgb, 3);
  return { width, height, channels: 1, pixels: levels, palette: { rgb, alpha: image.transparent ? Uint8Array.of(0) : undefined } };
}

export function tilePng(image: TileImage): Uint8Array {
  return writePng(tilePngImage(image), image.kind === "rgba" ? TILE_ENCODING.rgb : TILE_ENCODING.levels);
}
