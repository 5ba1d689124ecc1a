/**
 * GTiff: a raster cube as one Cloud-Optimized GeoTIFF. Every label combination of the cube's
 * non-spatial dimensions (such as date x band) becomes one band, in cube order, described by its
 * labels ("2023-08-15T00:00:00Z/B04"), so a cube of any shape fits one file a GIS opens directly.
 * Values are float32 with NaN as nodata (scale and offset are already applied in the cube).
 */
import { combinationNames } from "../cube/dimensions";
import { commonNativeType } from "../cube/native";
import { allocate } from "../raster/data-types";
import { isDataCube, type RasterCube } from "../cube/types";
import { isVectorCube } from "../cube/vector";
import { writeCogFile, type CogWriteOptions } from "../raster/cog-writer";
import type { Grid, Raster } from "../raster/grid";
import { rasterFacts, type StoredAs } from "./raster-facts";
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
    // Run-length matching after the predictor: a result is waited for, and string matching took
    // most of its time for a file barely smaller.
    ...(deflate ? { predictor: 3 as const, deflateStrategy: "rle" as const } : {}),
    overviews: options.overviews ? overviewFactors(grid.width, grid.height, tileSize) : [],
    bandDescriptions,
    // Viewers stretch the values by them, which they would otherwise have to read the whole file for.
    statistics: true,
  };
}

/**
 * A cube whose values are still those read from integer sources, back in the sources' type (the
 * stored numbers, with their scale and offset as metadata): smaller files, nothing lost. Undefined
 * when any plane was computed, or no-data can't be stored.
 */
function storedValues(cube: RasterCube): { bands: Raster[]; stored: Required<StoredAs> } | undefined {
  const type = commonNativeType(cube.planes);
  if (!type) return undefined;
  const { dataType, scale, offset, nodata } = type;
  if (nodata === null && cube.planes.some((plane) => plane.some(Number.isNaN))) return undefined;
  const bands = cube.planes.map((plane): Raster => {
    const stored = allocate(dataType, plane.length);
    for (let i = 0; i < plane.length; i++) {
      const v = plane[i]!;
      stored[i] = Number.isNaN(v) ? nodata! : Math.round((v - offset) / scale);
    }
    return { grid: cube.grid, data: stored, dataType, nodata };
  });
  return { bands, stored: { dataType, nodata, scaling: { scale, offset } } };
}

export function rasterCubeProblem(data: unknown): string | undefined {
  if (isVectorCube(data) && !data.geometries) return "the data cube has no spatial dimensions (reduce_spatial removed them), so it is no raster image; use JSON, CSV or netCDF";
  if (isVectorCube(data)) return "only raster data cubes can be written as a raster image; use GeoJSON or CSV for vector data cubes";
  return isDataCube(data) && data.kind === "raster" ? undefined : "only raster data cubes can be written as a raster image";
}

export const gtiff: OutputFormat = {
  name: "GTiff",
  title: "Cloud-Optimized GeoTIFF",
  description:
    "One tiled GeoTIFF in the Cloud-Optimized layout (DEFLATE with a predictor, internal overviews, EPSG GeoKeys, GDAL's per-band statistics). Each label combination of the non-spatial dimensions, such as each date and band, is one band, named after its labels. Values the graph left as they were read keep their source's integer type and nodata, with the source's scale and offset as GDAL metadata; computed values are float32 with nodata NaN, as are large results computed in strips.",
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
    const native = storedValues(cube);
    const bands: Raster[] = native?.bands ?? cube.planes.map((plane) => ({ grid: cube.grid, data: plane, dataType: "float32", nodata: NaN }));
    const settings = cogOptions(options, cube.grid, combinationNames(cube.dims));
    // Integers take the horizontal-differencing predictor instead of the floating-point one.
    const { bytes, statistics } = writeCogFile(bands, native ? { ...settings, ...(settings.predictor ? { predictor: 2 as const } : {}), scaling: native.stored.scaling } : settings);
    const stored: StoredAs = native?.stored ?? { dataType: "float32", nodata: NaN };
    return [{ name: `result.${gtiff.extension}`, mediaType: GTIFF_MEDIA_TYPE, bytes, roles: ["data"], raster: rasterFacts(cube, cube.grid, stored, statistics) }];
  },
};
