/**
 * A tile's pixels from the cube a service's process computed for it: one band through the colour
 * map, three as RGB, no-data transparent. A cube that still has several dates shows, per pixel,
 * the latest date with a value, as a map viewer expects of a time series it can't animate.
 */
import type { RasterCube } from "../cube/types";
import { OpenEOError } from "../errors";
import { alignedOffset, type Grid } from "../raster/grid";
import { colourMap, colourPalette, PALETTE_LEVELS, type ColourPalette } from "./colormaps";
import type { XyzConfiguration } from "./configuration";

function unshowable(reason: string): OpenEOError {
  return new OpenEOError("ProcessGraphInvalid", {}, { message: `The service's result can't be shown as a map tile: ${reason}.` });
}

/** Plane strides of the cube's label dimensions (planes are row-major over them). */
function strides(cube: RasterCube): number[] {
  const out = cube.dims.map(() => 1);
  for (let i = cube.dims.length - 2; i >= 0; i--) out[i] = out[i + 1]! * cube.dims[i + 1]!.labels.length;
  return out;
}

/** For each shown band, the planes of its dates, latest first. */
export function bandPlanes(cube: RasterCube): Float32Array[][] {
  const step = strides(cube);
  const bandsAt = cube.dims.findIndex((d) => d.type === "bands");
  const timeAt = cube.dims.findIndex((d) => d.type === "temporal");
  for (const [i, dim] of cube.dims.entries()) {
    if (i !== bandsAt && i !== timeAt && dim.labels.length !== 1) throw unshowable(`its dimension '${dim.name}' has ${dim.labels.length} labels; reduce it or pick one with filter_labels`);
  }
  const bands = bandsAt < 0 ? 1 : cube.dims[bandsAt]!.labels.length;
  if (bands !== 1 && bands !== 3) throw unshowable(`it has ${bands} bands; pick 1 (colour-mapped) or 3 (RGB) with filter_bands`);
  const dates = timeAt < 0 ? 1 : cube.dims[timeAt]!.labels.length;
  return Array.from({ length: bands }, (_, b) =>
    Array.from({ length: dates }, (_, t) => cube.planes[(bandsAt < 0 ? 0 : b * step[bandsAt]!) + (timeAt < 0 ? 0 : (dates - 1 - t) * step[timeAt]!)]!),
  );
}

/**
 * Where the cube's grid sits in the tile: loads are read onto the whole tile (DataAccess.tile), but
 * a later process may crop it (filter_bbox, trim_cube), which still fits on the tile's pixels.
 */
function offsetIn(tile: Grid, grid: Grid): { x: number; y: number } {
  const at = alignedOffset(grid, tile);
  if (!at || at.x < 0 || at.y < 0 || at.x + grid.width > tile.width || at.y + grid.height > tile.height) {
    throw unshowable("its grid differs from the tile's (resampling or reprojecting in a service's process is not supported)");
  }
  return at;
}

/**
 * A tile's pixels, rows top to bottom. A single band is drawn as levels of its palette (1 + level,
 * 0 where there is no data); three bands as RGBA. Either comes with whether any pixel is no data,
 * which an encoder needs to choose a format without transparency.
 */
export type TileImage =
  | { kind: "levels"; width: number; height: number; levels: Uint8Array; palette: ColourPalette; transparent: boolean }
  | { kind: "rgba"; width: number; height: number; rgba: Uint8Array; transparent: boolean };

/** The tile's pixels drawn from the cube, in one pass over typed arrays. */
export function tileImage(cube: RasterCube, tile: Grid, configuration: XyzConfiguration): TileImage {
  const shown = bandPlanes(cube);
  const at = offsetIn(tile, cube.grid);
  const covers = at.x === 0 && at.y === 0 && cube.grid.width === tile.width && cube.grid.height === tile.height;
  if (shown.length === 1) {
    const palette = colourPalette(colourMap(configuration));
    const levels = new Uint8Array(tile.width * tile.height);
    const drawn = drawLevels(shown[0]!, cube.grid, at, tile.width, palette, levels);
    return { kind: "levels", width: tile.width, height: tile.height, levels, palette, transparent: !covers || drawn < levels.length };
  }
  const rgba = new Uint8Array(tile.width * tile.height * 4);
  const drawn = drawRgb(shown, cube.grid, at, tile.width, configuration.min ?? 0, configuration.max ?? 255, rgba);
  return { kind: "rgba", width: tile.width, height: tile.height, rgba, transparent: !covers || drawn < tile.width * tile.height };
}

/** Writes 1 + the palette level of the latest date with a value into `out`; answers the pixels drawn. */
function drawLevels(dates: Float32Array[], grid: Grid, at: { x: number; y: number }, tileWidth: number, palette: ColourPalette, out: Uint8Array): number {
  const { min, scale } = palette;
  const top = PALETTE_LEVELS - 1;
  let drawn = 0;
  for (let row = 0; row < grid.height; row++) {
    const base = row * grid.width;
    const outBase = (at.y + row) * tileWidth + at.x;
    for (let col = 0; col < grid.width; col++) {
      let value = NaN;
      for (let t = 0; t < dates.length && !Number.isFinite(value); t++) value = dates[t]![base + col]!;
      if (!Number.isFinite(value)) continue;
      const level = Math.round((value - min) * scale);
      out[outBase + col] = 1 + (level < 0 ? 0 : level > top ? top : level);
      drawn++;
    }
  }
  return drawn;
}

/** Writes RGBA of the latest date where all three bands have a value, rescaled from min..max to bytes; answers the pixels drawn. */
function drawRgb(bands: Float32Array[][], grid: Grid, at: { x: number; y: number }, tileWidth: number, min: number, max: number, out: Uint8Array): number {
  const span = max - min;
  const byte = (v: number) => Math.round((v < min ? 0 : v > max ? 1 : (v - min) / span) * 255);
  const [r, g, b] = bands as [Float32Array[], Float32Array[], Float32Array[]];
  let drawn = 0;
  for (let row = 0; row < grid.height; row++) {
    for (let col = 0; col < grid.width; col++) {
      const i = row * grid.width + col;
      let t = 0;
      while (t < r.length && !(Number.isFinite(r[t]![i]!) && Number.isFinite(g[t]![i]!) && Number.isFinite(b[t]![i]!))) t++;
      if (t === r.length) continue;
      const o = ((at.y + row) * tileWidth + at.x + col) * 4;
      out[o] = byte(r[t]![i]!);
      out[o + 1] = byte(g[t]![i]!);
      out[o + 2] = byte(b[t]![i]!);
      out[o + 3] = 255;
      drawn++;
    }
  }
  return drawn;
}
