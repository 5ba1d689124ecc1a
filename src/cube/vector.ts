/**
 * Vector data cubes: values per geometry instead of per pixel (what aggregate_spatial answers).
 * The geometry dimension comes first; `dims` are the other dimensions, as in raster cubes.
 */
import type { Feature } from "./geojson";
import type { LabelDimension } from "./types";

/** The name of a vector cube's dimension of geometries. */
export const GEOMETRY_DIMENSION = "geometry";

/**
 * One Float64Array per combination of labels of `dims` (row-major, the first dimension
 * outermost), each holding one value per geometry (NaN as no-data); none for a cube of geometries
 * only (load_geojson without properties), which has no other dimensions. The geometries are in
 * `crs`, with the properties they came with.
 */
export interface VectorCube {
  kind: "vector";
  crs: string;
  geometries: Feature[];
  dims: LabelDimension[];
  values: Float64Array[];
}

export function isVectorCube(value: unknown): value is VectorCube {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "vector";
}
