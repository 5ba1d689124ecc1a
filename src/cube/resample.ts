/**
 * Resampling cubes onto another grid (resample_spatial, resample_cube_spatial). A lazy cube only
 * records the target grid and method, so that it is read straight onto that grid (see
 * target-grid.ts); a raster cube's planes are warped here, NaN as no-data.
 */
import { OpenEOError } from "../errors";
import { pixelSize, sameGrid, subGrid, type Grid } from "../raster/grid";
import { resample, type ResampleMethod } from "../raster/resample";
import { sourcePixelCoordinates } from "../raster/transform";
import { cornerCoordinates, type SourcePlane } from "./footprint";

import { aggregateOnto, type AggregateMethod } from "./resample-aggregate";
import { interpolateOnto, type InterpolateMethod } from "./resample-interpolate";
import type { LazyCube, RasterCube, ReadTarget, SpatialAlign } from "./types";

/** Every method of resample_spatial (its `near` is `nearest`). */
export type WarpMethod = ResampleMethod | InterpolateMethod | AggregateMethod;

const READ_METHODS: readonly WarpMethod[] = ["nearest", "bilinear"];
const INTERPOLATIONS: readonly WarpMethod[] = ["cubic", "cubicspline", "lanczos"];

/** Whether reading from the COGs can resample with `method` (else the cube is read, then warped). */
export function readableMethod(method: WarpMethod): method is ResampleMethod {
  return READ_METHODS.includes(method);
}

/** What resample_spatial asks for: a CRS (null keeps it), a pixel size per axis (0 keeps it), where the grid starts. */
export interface ResampleRequest {
  crs: string | null;
  resolution: [number, number];
  align: SpatialAlign;
  method: ResampleMethod;
}

/**
 * The lazy cube read as `request` asks. Only square or fully given resolutions can be recorded
 * (see ReadTarget), so callers warp after reading when one axis keeps its size and the other not.
 * A previous target's resolution carries over unless the CRS changes (its units may too).
 */
export function resampleLazy(cube: LazyCube, request: ResampleRequest): LazyCube {
  const previous = cube.target ?? {};
  const target: ReadTarget = { align: request.align, method: request.method };
  const crs = request.crs ?? previous.crs;
  if (crs) target.crs = crs;
  const [x, y] = request.resolution;
  if (x > 0) {
    target.resolution = x;
    if (y !== x) target.resolutionY = y;
  } else if ((request.crs === null || request.crs === previous.crs) && previous.resolution) {
    target.resolution = previous.resolution;
    if (previous.resolutionY) target.resolutionY = previous.resolutionY;
  }
  return { ...cube, target };
}

/**
 * The lazy cube read exactly onto `grid` (resample_cube_spatial): its lattice, and its extent for
 * finding items.
 */
export function readOnto(cube: LazyCube, grid: Grid, method: ResampleMethod): LazyCube {
  const { x, y } = pixelSize(grid);
  const target: ReadTarget = { crs: grid.crs, resolution: x, resolutionY: y, origin: [grid.bbox[0], grid.bbox[3]], method };
  return { ...cube, spatial: { bbox: [...grid.bbox], crs: grid.crs }, target };
}

// Rows are warped in strips of about this many pixels, which bounds the memory of the coordinates.
const STRIP_PIXELS = 1 << 18;

/** Warps the source planes onto `target` (one strip of the output) into `outs`, one per plane. */
function warpStrip(sources: SourcePlane[], from: Grid, target: Grid, method: WarpMethod, outs: Float32Array[]): void {
  if (readableMethod(method)) {
    const coords = sourcePixelCoordinates(target, from);
    sources.forEach((s, p) => resample({ ...s, x0: 0, y0: 0, nodata: null }, coords, method, outs[p]!, NaN));
    return;
  }
  const corners = cornerCoordinates(target, from);
  if (INTERPOLATIONS.includes(method)) sources.forEach((s, p) => interpolateOnto(s, corners, target.width, method as InterpolateMethod, outs[p]!));
  else sources.forEach((s, p) => aggregateOnto(s, corners, target.width, method as AggregateMethod, outs[p]!));
}

/**
 * Every plane of `cube` resampled onto `grid` with `method`; the cube itself when the grid is
 * its own. Fails with ProcessGraphComplexity when the result would exceed `maxBytes`.
 */
export function warpCube(cube: RasterCube, grid: Grid, method: WarpMethod, maxBytes: number): RasterCube {
  if (sameGrid(cube.grid, grid)) return cube;
  const bytes = grid.width * grid.height * cube.planes.length * 4;
  if (bytes > maxBytes) {
    throw new OpenEOError("ProcessGraphComplexity", {}, {
      message: `Resampling would make a data cube of ${Math.ceil(bytes / 2 ** 20)} MiB (${grid.width} x ${grid.height} px, ${cube.planes.length} planes); at most ${Math.floor(maxBytes / 2 ** 20)} MiB fit. Choose a coarser resolution or narrow the extent first.`,
    });
  }
  const sources = cube.planes.map((data) => ({ data, width: cube.grid.width, height: cube.grid.height }));
  const planes = cube.planes.map(() => new Float32Array(grid.width * grid.height));
  const rows = Math.max(1, Math.floor(STRIP_PIXELS / grid.width));
  for (let top = 0; top < grid.height; top += rows) {
    const count = Math.min(rows, grid.height - top);
    const outs = planes.map((plane) => plane.subarray(top * grid.width, (top + count) * grid.width));
    warpStrip(sources, cube.grid, subGrid(grid, 0, top, grid.width, count), method, outs);
  }
  return { ...cube, grid, planes };
}
