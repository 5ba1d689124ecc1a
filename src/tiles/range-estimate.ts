/**
 * Estimates the values a service shows from one coarse read of its whole extent: the service's
 * process evaluated on a grid of at most 256 px over the extent (its loads read at the matching
 * overview level, like a far-out tile), then the 2nd to 98th percentile of what the tiles would show.
 */
import type { DataAccess } from "../cube/context";
import type { EngineEnv } from "../engine";
import { OpenEOError } from "../errors";
import type { RunLog } from "../execution/run-log";
import { transformBBox } from "../raster/crs";
import type { BBox, Grid } from "../raster/grid";
import { serviceCube } from "./render-tile";
import { bandPlanes } from "./tile-image";
import { percentileRange, type EstimatedRange } from "./value-range";

/** The longer side of the estimate's grid, in pixels: a tile's worth of reading. */
export const ESTIMATE_GRID_PIXELS = 256;
/** Web Mercator ends here. */
const MAX_LATITUDE = 85.0511;

/** The coarse grid in EPSG:3857 over `bounds` (WGS84; east beyond 180 for a box across the antimeridian, cut there). */
export function overviewGrid(bounds: BBox): Grid {
  const [west, south, east, north] = bounds;
  const wgs84: BBox = [Math.max(-180, west), Math.max(-MAX_LATITUDE, south), Math.min(180, east), Math.min(MAX_LATITUDE, north)];
  const bbox = transformBBox(wgs84, "EPSG:4326", "EPSG:3857");
  const [width, height] = [bbox[2] - bbox[0], bbox[3] - bbox[1]];
  const pixel = Math.max(width, height) / ESTIMATE_GRID_PIXELS;
  return { crs: "EPSG:3857", bbox, width: Math.max(1, Math.round(width / pixel)), height: Math.max(1, Math.round(height / pixel)) };
}

/** The estimate, without its version; min and max null with the reason when the read fails or finds no values. */
export async function estimateRange(process: Record<string, unknown>, bounds: BBox, engineEnv: EngineEnv, data: DataAccess, log: RunLog): Promise<Omit<EstimatedRange, "version">> {
  try {
    const cube = await serviceCube(process, overviewGrid(bounds), engineEnv, data, log);
    const range = percentileRange(bandPlanes(cube).flat());
    return range ?? { min: null, max: null, reason: "the coarse read of the service's extent found no values" };
  } catch (error) {
    if (!(error instanceof OpenEOError)) throw error;
    return { min: null, max: null, reason: error.code === "NoDataAvailable" ? "the coarse read of the service's extent found no data" : error.message };
  }
}
