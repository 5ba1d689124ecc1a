import type { Cog, CogLevel } from "./cog-header";
import { allocate } from "./data-types";
import type { TypedArray } from "./grid";
import { fetchTiles, type FetchOptions, type TileRef } from "./tile-fetch";

/** A rectangle of pixels of one level, in that level's pixel coordinates. */
export interface PixelWindow {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowRead {
  cog: Cog;
  level: number;
  /** 0-based sample (band) index within the COG. */
  sample: number;
  window: PixelWindow;
}

/** Reads one sample of a window of one level, in the COG's native data type, row-major. */
export async function readWindow(cog: Cog, level: number, sample: number, window: PixelWindow, options?: FetchOptions): Promise<TypedArray> {
  const [data] = await readWindows([{ cog, level, sample, window }], options);
  return data!;
}

/** Reads several windows (of any COGs, levels and samples) with one parallel round of tile requests. */
export async function readWindows(reads: WindowRead[], options?: FetchOptions): Promise<TypedArray[]> {
  const plans = reads.map(planRead);
  const tiles = await fetchTiles(plans.flatMap((p) => p.tiles), options);
  let next = 0;
  return plans.map((plan, i) => {
    const read = reads[i]!;
    const out = allocate(plan.level.dataType, read.window.width * read.window.height);
    for (const { tx, ty } of plan.positions) copyTile(tiles[next++]!, tx, ty, plan.level, read, out);
    return out;
  });
}

interface ReadPlan {
  level: CogLevel;
  tiles: TileRef[];
  positions: { tx: number; ty: number }[];
}

function planRead(read: WindowRead): ReadPlan {
  const { cog, sample, window } = read;
  const level = cog.header.levels[read.level];
  if (!level) throw new RangeError(`COG has no level ${read.level}`);
  if (!(sample >= 0 && sample < level.samplesPerPixel)) throw new RangeError(`COG has no sample ${sample}`);
  const { x, y, width, height } = window;
  if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= level.width && y + height <= level.height)) {
    throw new RangeError(`window ${JSON.stringify(window)} is outside the ${level.width}x${level.height} level`);
  }
  const tiles: TileRef[] = [];
  const positions: { tx: number; ty: number }[] = [];
  const plane = level.planar ? sample * level.tilesAcross * level.tilesDown : 0;
  for (let ty = Math.floor(y / level.tileHeight); ty <= Math.floor((y + height - 1) / level.tileHeight); ty++) {
    for (let tx = Math.floor(x / level.tileWidth); tx <= Math.floor((x + width - 1) / level.tileWidth); tx++) {
      tiles.push({ cog, level: read.level, index: plane + ty * level.tilesAcross + tx });
      positions.push({ tx, ty });
    }
  }
  return { level, tiles, positions };
}

/** Copies the part of tile (tx, ty) that lies inside the window into `out`. */
function copyTile(tile: TypedArray, tx: number, ty: number, level: CogLevel, read: WindowRead, out: TypedArray): void {
  const { x, y, width, height } = read.window;
  const left = tx * level.tileWidth;
  const top = ty * level.tileHeight;
  const x0 = Math.max(x, left);
  const x1 = Math.min(x + width, left + level.tileWidth);
  const y0 = Math.max(y, top);
  const y1 = Math.min(y + height, top + level.tileHeight);
  const n = x1 - x0;
  const stride = level.planar ? 1 : level.samplesPerPixel;
  for (let row = y0; row < y1; row++) {
    const src = (row - top) * level.tileWidth + (x0 - left);
    const dst = (row - y) * width + (x0 - x);
    if (stride === 1) {
      out.set(tile.subarray(src, src + n), dst);
    } else {
      for (let i = 0, s = src * stride + read.sample; i < n; i++, s += stride) out[dst + i] = tile[s]!;
    }
  }
}
