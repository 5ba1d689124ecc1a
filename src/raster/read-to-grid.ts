import type { Cog } from "./cog-header";
import { allocate, fallbackNodata } from "./data-types";
import { alignedOffset, type Grid, type Raster, type TypedArray } from "./grid";
import { chooseLevel, targetResolutionInSourcePixels } from "./overview-choice";
import { readWindows, type PixelWindow, type WindowRead } from "./read-window";
import { resample, scaleCoords } from "./resample";
import type { FetchOptions } from "./tile-fetch";
import { sourcePixelCoordinates, type BoundedCoordinates, type PixelCoordinates } from "./transform";

export interface GridReadRequest {
  cog: Cog;
  /** 0-based sample (band) of the COG. */
  sample: number;
}

export interface ReadToGridOptions {
  resampling: "nearest" | "bilinear";
  fetch?: FetchOptions;
}

/**
 * Where one request reads: a level and the window the target needs (null: none inside), plus
 * either the target pixels' coordinates in the level or, when the target is a pixel-aligned part
 * of the full-resolution grid, its offset there (then pixels are copied, not resampled).
 */
interface Placement {
  level: number;
  window: PixelWindow | null;
  coords?: PixelCoordinates;
  offset?: { x: number; y: number };
}

/**
 * Reads each requested sample onto `target`: picks the overview level like GDAL, reads only the
 * tiles under the window the target needs (all requests in one parallel round), and resamples.
 * Nearest keeps the native type and the source nodata (0 or NaN when the source has none);
 * bilinear answers float32 with NaN as nodata.
 */
export async function readToGrid(requests: GridReadRequest[], target: Grid, options: ReadToGridOptions): Promise<Raster[]> {
  const pad = options.resampling === "bilinear" ? 1 : 0;
  const placements = placeRequests(requests, target, pad);
  const reads: WindowRead[] = [];
  placements.forEach((p, i) => {
    if (p.window) reads.push({ cog: requests[i]!.cog, level: p.level, sample: requests[i]!.sample, window: p.window });
  });
  const windows = await readWindows(reads, options.fetch);
  let next = 0;
  return placements.map((placement, i) => {
    const level = requests[i]!.cog.header.levels[placement.level]!;
    const nearest = options.resampling === "nearest";
    const dataType = nearest ? level.dataType : "float32";
    const nodata = nearest ? (level.nodata ?? fallbackNodata(level.dataType)) : NaN;
    const out = allocate(dataType, target.width * target.height);
    const window = placement.window;
    if (!window) out.fill(nodata);
    else if (placement.offset) copyAligned(windows[next++]!, window, placement.offset, out, target.width, level.nodata, nodata);
    else {
      const source = { data: windows[next++]!, width: window.width, height: window.height, x0: window.x, y0: window.y, nodata: level.nodata };
      resample(source, placement.coords!, options.resampling, out, nodata);
    }
    return { grid: target, data: out, dataType, nodata };
  });
}

/** Computes coordinates once per distinct source grid, and scaled coordinates and windows once per level. */
function placeRequests(requests: GridReadRequest[], target: Grid, pad: number): Placement[] {
  const byGrid = new Map<string, { coords: BoundedCoordinates; ratio: number; levels: Map<string, Placement> }>();
  return requests.map(({ cog }) => {
    const { header } = cog;
    const offset = alignedOffset(target, header.grid);
    if (offset) return { level: 0, offset, window: clip(offset.x, offset.y, target.width, target.height, header.grid.width, header.grid.height) };
    const gridKey = JSON.stringify(header.grid);
    let entry = byGrid.get(gridKey);
    if (!entry) {
      const coords = sourcePixelCoordinates(target, header.grid);
      entry = { coords, ratio: targetResolutionInSourcePixels(coords, target.width, target.height), levels: new Map() };
      byGrid.set(gridKey, entry);
    }
    const level = Number.isNaN(entry.ratio) ? 0 : chooseLevel(header, entry.ratio);
    // The same grid with another overview pyramid may give the same level index different sizes.
    const { width, height } = header.levels[level]!;
    const levelKey = `${level}:${width}x${height}`;
    let placement = entry.levels.get(levelKey);
    if (!placement) {
      // Overviews cover the full image's extent, so their coordinates are full-resolution ones scaled.
      const coords = level === 0 ? entry.coords : scaleCoords(entry.coords, header.grid.width / width, header.grid.height / height);
      placement = { level, coords, window: windowOf(coords, width, height, pad) };
      entry.levels.set(levelKey, placement);
    }
    return placement;
  });
}

function clip(x: number, y: number, width: number, height: number, levelWidth: number, levelHeight: number): PixelWindow | null {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(levelWidth, x + width);
  const y1 = Math.min(levelHeight, y + height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}

/** Copies an aligned window into the target, nodata outside the source; source nodata becomes the output's. */
function copyAligned(data: TypedArray, window: PixelWindow, offset: { x: number; y: number }, out: TypedArray, outWidth: number, sourceNodata: number | null, nodata: number): void {
  out.fill(nodata);
  const remap = sourceNodata !== null && !Object.is(sourceNodata, nodata);
  for (let row = 0; row < window.height; row++) {
    const from = row * window.width;
    const to = (window.y - offset.y + row) * outWidth + (window.x - offset.x);
    if (!remap) {
      out.set(data.subarray(from, from + window.width), to);
      continue;
    }
    for (let i = 0; i < window.width; i++) {
      const v = data[from + i]!;
      out[to + i] = v === sourceNodata || (Number.isNaN(sourceNodata) && Number.isNaN(v)) ? nodata : v;
    }
  }
}

/** The pixels under the coordinates (plus `pad` around them for bilinear), clipped to the level. */
function windowOf(coords: BoundedCoordinates, width: number, height: number, pad: number): PixelWindow | null {
  const { bounds } = coords;
  if (!bounds) return null;
  const x0 = Math.max(0, Math.floor(bounds.minX) - pad);
  const y0 = Math.max(0, Math.floor(bounds.minY) - pad);
  const x1 = Math.min(width, Math.floor(bounds.maxX) + 1 + pad);
  const y1 = Math.min(height, Math.floor(bounds.maxY) + 1 + pad);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}
