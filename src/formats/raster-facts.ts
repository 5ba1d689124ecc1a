/**
 * What a raster result file holds, recorded while it is encoded, so that a batch job's STAC Item
 * can describe its extent, projection and bands without reading the file back. JSON-safe because
 * the JobDO stores it as JSON: a NaN nodata is "nan", as the STAC raster extension spells it.
 */
import { combinationNames } from "../cube/dimensions";
import type { RasterCube } from "../cube/types";
import type { BandStatistics } from "../raster/band-statistics";
import type { DataType, Grid } from "../raster/grid";

export interface RasterFacts {
  grid: Grid;
  /** The labels of the cube's temporal dimension, in order; empty when it has none. */
  dates: string[];
  /** Without a temporal dimension: the first and last date of the one reduced away (a composite covers them). */
  timeSpan?: [string, string];
  /** The file's bands in order, named as in the file (the labels of each combination). */
  bands: string[];
  dataType: DataType;
  nodata: number | "nan" | null;
  /** value = stored * scale + offset; only for values kept in their source's integer type. */
  scaling?: { scale: number; offset: number };
  /** Per band, of the stored values; null for a band without valid pixels. */
  statistics?: (BandStatistics | null)[];
}

export interface StoredAs {
  dataType: DataType;
  nodata: number | null;
  scaling?: { scale: number; offset: number };
}

/** The facts of a file that stores `cube`'s planes, as one band each, on `grid` (the whole result's, for strips). */
export function rasterFacts(cube: Pick<RasterCube, "dims" | "timeSpan">, grid: Grid, stored: StoredAs, statistics?: (BandStatistics | null)[]): RasterFacts {
  const temporal = cube.dims.find((dim) => dim.type === "temporal");
  return {
    grid,
    dates: temporal ? [...temporal.labels] : [],
    ...(!temporal && cube.timeSpan ? { timeSpan: cube.timeSpan } : {}),
    bands: combinationNames(cube.dims),
    dataType: stored.dataType,
    nodata: stored.nodata !== null && Number.isNaN(stored.nodata) ? "nan" : stored.nodata,
    ...(stored.scaling ? { scaling: stored.scaling } : {}),
    ...(statistics ? { statistics } : {}),
  };
}
