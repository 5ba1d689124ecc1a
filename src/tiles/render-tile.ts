/**
 * One XYZ tile of a service: the service's process evaluated for the tile's extent, its loads read
 * straight onto the tile's grid (DataAccess.tile: the overview level matching the zoom, never full
 * resolution far out), and the result drawn as a PNG (tile-image.ts).
 */
import type { DataAccess } from "../cube/context";
import { materialize } from "../cube/materialize";
import { isDataCube, type RasterCube } from "../cube/types";
import type { EngineEnv } from "../engine";
import { OpenEOError } from "../errors";
import { preparedRun } from "../execution/compute";
import type { RunLog } from "../execution/run-log";
import type { Grid } from "../raster/grid";
import { PALETTE_LEVELS } from "./colormaps";
import type { XyzConfiguration } from "./configuration";
import { tileGrid, type TileAddress } from "./tile-grid";
import { tileImage } from "./tile-image";
import { tilePng } from "./tile-png";

export type { TileAddress };

/**
 * The cube the service's process computes for `grid` (EPSG:3857), its loads read onto the grid:
 * a map tile's, or the coarse grid over the whole extent that estimates the values (range-estimate.ts).
 */
export async function serviceCube(process: Record<string, unknown>, grid: Grid, engineEnv: EngineEnv, data: DataAccess, log: RunLog): Promise<RasterCube> {
  // The process parameters XYZ declares (configuration.ts), for graphs that use them.
  const [west, south, east, north] = grid.bbox;
  const parameters = { spatial_extent_west: west, spatial_extent_south: south, spatial_extent_east: east, spatial_extent_north: north, spatial_extent_crs: 3857, tile_size: grid.width };
  const { evaluate } = await preparedRun(process, engineEnv, log, parameters, { reuseCheck: true });
  const access = { ...data, tile: grid };
  const { value, saved } = await evaluate(access);
  const result = saved.length > 0 ? saved[0]!.data : value;
  if (!isDataCube(result) || result.kind === "vector") {
    throw new OpenEOError("ProcessGraphInvalid", {}, { message: "The service's result can't be shown as a map tile: it is not a raster data cube." });
  }
  return materialize(result, access);
}

/** PNG bytes of the tile; throws OpenEOError (NoDataAvailable when the tile has no data). */
export async function renderTile(process: Record<string, unknown>, configuration: XyzConfiguration, tile: TileAddress, engineEnv: EngineEnv, data: DataAccess, log: RunLog): Promise<Uint8Array> {
  const grid = tileGrid(tile, configuration.tile_size);
  const resampling = configuration.resampling ? { tileResampling: configuration.resampling } : {};
  const cube = await serviceCube(process, grid, engineEnv, { ...data, ...resampling }, log);
  return tilePng(tileImage(cube, grid, configuration));
}

const transparent = new Map<number, Uint8Array>();

/** A fully transparent tile: where there is no data, or where the tile failed and a map still expects an image. */
export function transparentTile(size: 256 | 512): Uint8Array {
  let png = transparent.get(size);
  if (!png) {
    const palette = { min: 0, scale: 1, rgb: new Uint8Array(PALETTE_LEVELS * 3), grey: true };
    png = tilePng({ kind: "levels", width: size, height: size, levels: new Uint8Array(size * size), palette, transparent: true });
    transparent.set(size, png);
  }
  return png;
}
