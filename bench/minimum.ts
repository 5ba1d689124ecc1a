import type { CogHeader } from "../src/raster/cog-header";
import { pointTransform, sameCrs } from "../src/raster/crs";
import { pixelSize, type Grid } from "../src/raster/grid";

export interface TileSet {
  level: number;
  tiles: Set<number>;
  bytes: number;
}

/**
 * The tiles of `level` the target cannot do without, found independently of the reader's own
 * planning: every target pixel centre is transformed exactly (proj4 per pixel, no approximation)
 * into the level's pixel space; the pixels resampling touches are the one containing the point
 * (nearest) or the 2x2 whose centres surround it (bilinear), for points inside the level; the
 * tiles those pixels fall in, and the sum of their TileByteCounts, are the minimum to fetch.
 */
export function neededTiles(header: CogHeader, level: number, target: Grid, resampling: "nearest" | "bilinear"): TileSet {
  const full = header.levels[0]!;
  const lvl = header.levels[level]!;
  const [sMinX, , , sMaxY] = header.grid.bbox;
  const sPix = pixelSize(header.grid);
  const tPix = pixelSize(target);
  const toSource = sameCrs(target.crs, header.grid.crs) ? (x: number, y: number): [number, number] => [x, y] : pointTransform(target.crs, header.grid.crs);
  const sx = lvl.width / full.width;
  const sy = lvl.height / full.height;
  const reach = resampling === "bilinear" ? 0.5 : 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let row = 0; row < target.height; row++) {
    for (let col = 0; col < target.width; col++) {
      const [x, y] = toSource(target.bbox[0] + (col + 0.5) * tPix.x, target.bbox[3] - (row + 0.5) * tPix.y);
      const px = ((x - sMinX) / sPix.x) * sx;
      const py = ((sMaxY - y) / sPix.y) * sy;
      if (!(px >= 0 && px < lvl.width && py >= 0 && py < lvl.height)) continue;
      x0 = Math.min(x0, px);
      x1 = Math.max(x1, px);
      y0 = Math.min(y0, py);
      y1 = Math.max(y1, py);
    }
  }
  const tiles = new Set<number>();
  let bytes = 0;
  if (x0 > x1) return { level, tiles, bytes };
  // Bilinear: floor(p - 0.5) and the next pixel; nearest: floor(p). Clipped to the level.
  const firstCol = Math.max(0, Math.floor(x0 - reach));
  const lastCol = Math.min(lvl.width - 1, Math.floor(x1 - reach) + (reach ? 1 : 0));
  const firstRow = Math.max(0, Math.floor(y0 - reach));
  const lastRow = Math.min(lvl.height - 1, Math.floor(y1 - reach) + (reach ? 1 : 0));
  for (let ty = Math.floor(firstRow / lvl.tileHeight); ty <= Math.floor(lastRow / lvl.tileHeight); ty++) {
    for (let tx = Math.floor(firstCol / lvl.tileWidth); tx <= Math.floor(lastCol / lvl.tileWidth); tx++) {
      const index = ty * lvl.tilesAcross + tx;
      tiles.add(index);
      bytes += lvl.tileByteCounts[index]!;
    }
  }
  return { level, tiles, bytes };
}

/**
 * Which tiles a list of byte ranges of one file delivered: those whose bytes lie wholly inside one
 * range, grouped by level. Tells which level a reader chose without asking it.
 */
export function tilesFetched(header: CogHeader, ranges: { offset: number; length: number }[]): TileSet[] {
  const sorted = [...ranges].sort((a, b) => a.offset - b.offset);
  const sets: TileSet[] = [];
  header.levels.forEach((lvl, level) => {
    const set: TileSet = { level, tiles: new Set(), bytes: 0 };
    for (let i = 0; i < lvl.tileOffsets.length; i++) {
      const offset = lvl.tileOffsets[i]!;
      const end = offset + lvl.tileByteCounts[i]!;
      if (end === offset) continue;
      if (sorted.some((r) => r.offset <= offset && end <= r.offset + r.length)) {
        set.tiles.add(i);
        set.bytes += end - offset;
      }
    }
    if (set.tiles.size) sets.push(set);
  });
  return sets;
}
