/**
 * A tile's pixels from the cube a service's process computed for it: one band through the colour
 * map, three as RGB, no-data transparent. A cube that still has several dates shows, per pixel,
 * the latest date with a value, as a map viewer expects of a time series it can't animate.
 */
import type { RasterCube } from "../cube/types";
import { OpenEOError } from "../errors";
import { alignedOffset, type Grid } from "../raster/grid";
import { colourMap } from "./colormaps";
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

/** RGBA pixels of the tile, rows top to bottom. */
export function tilePixels(cube: RasterCube, tile: Grid, configuration: XyzConfiguration): Uint8Array {
  const shown = bandPlanes(cube);
  const at = offsetIn(tile, cube.grid);
  const rgba = new Uint8Array(tile.width * tile.height * 4);
  const map = colourMap(configuration);
  const [min, max] = [configuration.min ?? 0, configuration.max ?? 255];
  const toByte = (v: number) => Math.round(Math.min(1, Math.max(0, (v - min) / (max - min))) * 255);
  const dates = shown[0]!.length;
  for (let row = 0; row < cube.grid.height; row++) {
    for (let col = 0; col < cube.grid.width; col++) {
      const i = row * cube.grid.width + col;
      let t = 0;
      while (t < dates && !shown.every((band) => Number.isFinite(band[t]![i]!))) t++;
      if (t === dates) continue;
      const out = ((at.y + row) * tile.width + at.x + col) * 4;
      const colour = shown.length === 1 ? map.colour(shown[0]![t]![i]!) : shown.map((band) => toByte(band[t]![i]!));
      rgba.set(colour, out);
      rgba[out + 3] = 255;
    }
  }
  return rgba;
}
