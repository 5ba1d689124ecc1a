/**
 * GTiff: a raster cube as one Cloud-Optimized GeoTIFF. Every label combination of the cube's
 * non-spatial dimensions (such as date x band) becomes one band, in cube order, described by its
 * labels ("2023-08-15T00:00:00Z/B04"), so a cube of any shape fits one file a GIS opens directly.
 * Values are float32 with NaN as nodata (scale and offset are already applied in the cube).
 */
import { combinationNames } from "../cube/dimensions";
import { isDataCube, type RasterCube } from "../cube/types";
import { writeCog, type CogWriteOptions } from "../raster/cog-writer";
import type { Grid, Raster } from "../raster/grid";
import type { OutputFormat } from "./types";

/** Overview factors 2, 4, 8, ... until the smallest level fits in one tile. */
function overviewFactors(width: number, height: number, tileSize: number): number[] {
  const factors: number[] = [];
  for (let f = 2; Math.max(width, height) / (f / 2) > tileSize; f *= 2) factors.push(f);
  return factors;
}

export const GTIFF_MEDIA_TYPE = "image/tiff; application=geotiff; profile=cloud-optimized";

/** The COG writer's settings for GTiff options (complete, as save_result hands them over) on `grid`. */
export function cogOptions(options: Record<string, unknown>, grid: Grid, bandDescriptions: string[]): CogWriteOptions {
  const tileSize = options.tile_size as number;
  const deflate = options.compression === "deflate";
  return {
    tileSize,
    compression: deflate ? "deflate" : "none",
    ...(deflate ? { predictor: 3 as const } : {}),
    overviews: options.overviews ? overviewFactors(grid.width, grid.height, tileSize) : [],
    bandDescriptions,
  };
}

export function rasterCubeProblem(data: unknown): string | undefined {
  return isDataCube(data) && data.kind === "raster" ? undefined : "only raster data cubes can be written as a raster image";
}

export const gtiff: OutputFormat = {
  name: "GTiff",
  title: "Cloud-Optimized GeoTIFF",
  description:
    "One tiled GeoTIFF in the Cloud-Optimized layout (DEFLATE with the floating-point predictor, internal overviews, EPSG GeoKeys, nodata NaN). Each label combination of the non-spatial dimensions, such as each date and band, is one band, named after its labels.",
  gisDataTypes: ["raster"],
  extension: "tif",
  storesEmptyCubes: false,
  options: {
    tile_size: { description: "Tile width and height in pixels.", schema: { type: "integer", enum: [256, 512] }, default: 256 },
    compression: { description: "Tile compression.", schema: { type: "string", enum: ["deflate", "none"] }, default: "deflate" },
    overviews: { description: "Whether to add internal overviews (halving until one tile).", schema: { type: "boolean" }, default: true },
  },
  unsuitable: rasterCubeProblem,
  async encode(data, options) {
    const cube = data as RasterCube;
    const bands: Raster[] = cube.planes.map((plane) => ({ grid: cube.grid, data: plane, dataType: "float32", nodata: NaN }));
    const bytes = writeCog(bands, cogOptions(options, cube.grid, combinationNames(cube.dims)));
    return [{ name: `result.${gtiff.extension}`, mediaType: GTIFF_MEDIA_TYPE, bytes, roles: ["data"] }];
  },
};
