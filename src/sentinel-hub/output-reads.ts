/**
 * How a Process API request's data reaches its output grid, strip of rows by strip of rows (the
 * whole grid in one strip when it fits a read). NEAREST and BILINEAR read straight onto the output
 * grid (the overview matching its resolution); BICUBIC reads the native pixels under each strip,
 * with a margin for the kernel, and warps them with GDAL's cubic (widened where the output pixels
 * are larger). Both plan the items first: their dates are the request's scenes.
 */
import { readPlan } from "../cube/materialize";
import { planBytes, planRead, windowOf, type DateGroup, type ReadPlan } from "../cube/plan";
import { warpCube } from "../cube/resample";
import type { DataAccess } from "../cube/context";
import type { LazyCube, RasterCube } from "../cube/types";
import { OpenEOError } from "../errors";
import { searchingOnce, SYNC_MAX_TOTAL_BYTES } from "../execution/strips";
import { pixelSize, subGrid, type Grid } from "../raster/grid";
import type { ResampleMethod } from "../raster/resample";
import { transformBBox } from "../raster/crs";
import type { ProcessRequest } from "./process-request";

/** Strip heights are multiples of this many rows (the GeoTIFF's tiles are 256). */
const STRIP_ROWS_UNIT = 64;

export interface OutputReads {
  grid: Grid;
  dates: DateGroup[];
  /** Bytes a strip of these dates holds per output row while it is read (and warped). */
  rowBytes(dates: DateGroup[]): number;
  /** Rows of the output grid one strip of these dates may take. */
  rows(dates: DateGroup[]): number;
  /** The cube of output rows [top, top + count) of the dates kept, on the output grid. */
  strip(dates: DateGroup[], top: number, count: number): Promise<RasterCube>;
}

/** `sourceBytes` (everything the request reads) is refused past the most a synchronous request reads. */
function checkSourceBytes(sourceBytes: number): void {
  if (sourceBytes > SYNC_MAX_TOTAL_BYTES) {
    throw new OpenEOError("ProcessGraphComplexity", {}, { message: `The request would read ${Math.ceil(sourceBytes / 2 ** 20)} MiB of source data; at most ${SYNC_MAX_TOTAL_BYTES / 2 ** 20} MiB fit one request. Narrow the time range or the box, or lower the resolution.` });
  }
}

/** Output rows a strip may take: what it holds (`rowBytes` an output row) within `maxBytes`, all `height` rows at once when they fit. */
function stripRows(rowBytes: number, height: number, maxBytes: number): number {
  if (rowBytes * height <= maxBytes) return height;
  return Math.max(STRIP_ROWS_UNIT, Math.floor(maxBytes / rowBytes / STRIP_ROWS_UNIT) * STRIP_ROWS_UNIT);
}

/** The part of `grid` (whole pixels) under `box`, widened by `margin` pixels on every side. */
function under(grid: Grid, box: Grid, margin: number): Grid {
  const [x0, y0, x1, y1] = transformBBox(box.bbox, box.crs, grid.crs);
  const { x: px, y: py } = pixelSize(grid);
  const left = Math.max(0, Math.floor((x0 - grid.bbox[0]) / px) - margin);
  const right = Math.min(grid.width, Math.ceil((x1 - grid.bbox[0]) / px) + margin);
  const top = Math.max(0, Math.floor((grid.bbox[3] - y1) / py) - margin);
  const bottom = Math.min(grid.height, Math.ceil((grid.bbox[3] - y0) / py) + margin);
  return { crs: grid.crs, bbox: [grid.bbox[0] + left * px, grid.bbox[3] - bottom * py, grid.bbox[0] + right * px, grid.bbox[3] - top * py], width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** NEAREST, BILINEAR: the output grid exactly as the read's target (its corner and pixel size). */
async function directReads(request: ProcessRequest, lazy: LazyCube, method: ResampleMethod, data: DataAccess, maxBytes: number): Promise<OutputReads> {
  const [west, south, east, north] = request.bbox;
  const target = { crs: request.crs, resolution: (east - west) / request.width, resolutionY: (north - south) / request.height, origin: [west, north] as [number, number], method };
  const plan = await planRead({ ...lazy, target }, data);
  checkSourceBytes(planBytes(plan));
  const rowBytes = (dates: DateGroup[]) => planBytes({ ...plan, dates }) / plan.grid.height;
  return {
    grid: plan.grid,
    dates: plan.dates,
    rowBytes,
    rows: (dates) => stripRows(rowBytes(dates), plan.grid.height, maxBytes),
    strip: (dates, top, count) => {
      const kept: ReadPlan = { ...plan, dates };
      return readPlan(count === plan.grid.height ? kept : windowOf(kept, subGrid(plan.grid, 0, top, plan.grid.width, count)), method, data);
    },
  };
}

/**
 * BICUBIC: the native pixels under each strip, warped onto it. The kernel reaches two source
 * pixels beyond an output pixel's centre, `ratio` times as far where output pixels are larger:
 * the native plan and each strip's read reach that far beyond the box.
 */
async function cubicReads(request: ProcessRequest, lazy: LazyCube, native: ReadPlan, ratio: number, data: DataAccess, maxBytes: number): Promise<OutputReads> {
  const grid: Grid = { crs: request.crs, bbox: [...request.bbox], width: request.width, height: request.height };
  const margin = 2 * Math.max(1, Math.ceil(ratio)) + 1;
  const { x: px, y: py } = pixelSize(native.grid);
  const [x0, y0, x1, y1] = native.grid.bbox;
  const plan = await planRead({ ...lazy, spatial: { crs: native.grid.crs, bbox: [x0 - margin * px, y0 - margin * py, x1 + margin * px, y1 + margin * py] } }, data);
  checkSourceBytes(planBytes(plan));
  // A strip holds its source and, beside it, the warped planes.
  const rowBytes = (dates: DateGroup[]) => planBytes({ ...plan, dates }) / grid.height + grid.width * plan.bands.length * dates.length * 4;
  return {
    grid,
    dates: plan.dates,
    rowBytes,
    rows: (dates) => stripRows(rowBytes(dates), grid.height, maxBytes),
    strip: async (dates, top, count) => {
      const strip = subGrid(grid, 0, top, grid.width, count);
      const source = await readPlan(windowOf({ ...plan, dates }, under(plan.grid, strip, margin)), "nearest", data);
      return warpCube(source, strip, "cubic", maxBytes);
    },
  };
}

/**
 * The reads of a request: its items planned once at their native resolution, then, as Sentinel
 * Hub has it, the upsampling method where output pixels are smaller than the source's and the
 * downsampling method where they are larger.
 */
export async function outputReads(request: ProcessRequest, lazy: LazyCube, access: DataAccess, maxBytes: number): Promise<OutputReads> {
  const data = searchingOnce(access);
  const native = await planRead(lazy, data);
  const size = pixelSize(native.grid);
  const [x0, y0, x1, y1] = transformBBox(request.bbox, request.crs, native.grid.crs);
  const ratio = Math.max((x1 - x0) / request.width / size.x, (y1 - y0) / request.height / size.y);
  const method = ratio > 1 ? request.downsampling : request.upsampling;
  return method === "bicubic" ? cubicReads(request, lazy, native, ratio, data, maxBytes) : directReads(request, lazy, method, data, maxBytes);
}
