/**
 * Vector data cubes: values per geometry instead of per pixel (what aggregate_spatial answers).
 * The geometry dimension comes first; `dims` are the other dimensions, as in raster cubes. A cube
 * whose spatial dimensions were reduced away (reduce_spatial) is one without a geometry dimension:
 * the same label dimensions and label processes, one value per label combination.
 */
import type { Feature } from "./geojson";
import type { LabelDimension } from "./types";

/** The name of a vector cube's dimension of geometries. */
export const GEOMETRY_DIMENSION = "geometry";

/**
 * One Float64Array per combination of labels of `dims` (row-major, the first dimension
 * outermost), each holding one value per geometry (NaN as no-data), or a single value when
 * `geometries` is null (no geometry dimension); none for a cube of geometries only (load_geojson
 * without properties), which has no other dimensions. The geometries are in `crs`, with the
 * properties they came with; without geometries, `crs` is that of the data reduced away.
 */
export interface VectorCube {
  kind: "vector";
  crs: string;
  geometries: Feature[] | null;
  dims: LabelDimension[];
  values: Float64Array[];
}

/** A vector cube with its geometry dimension: what the vector processes and the vector formats take. */
export type GeometryCube = VectorCube & { geometries: Feature[] };

export function isVectorCube(value: unknown): value is VectorCube {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "vector";
}

export const hasGeometries = (cube: VectorCube): cube is GeometryCube => cube.geometries !== null;

/** Values per label combination: one per geometry, or one without a geometry dimension. */
export const rowCount = (cube: VectorCube): number => cube.geometries?.length ?? 1;

/** Why a cube without geometries can't go where geometries are needed. */
export const NO_GEOMETRIES = "the vector data cube has no geometry dimension (reduce_spatial removed the spatial dimensions)";
