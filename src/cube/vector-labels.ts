/**
 * The dimensions of vector data cubes by name, for the label processes: the geometry dimension (if
 * the cube has one), whose labels are the geometries' positions (0, 1, ...; a representation STAC's
 * datacube extension allows, and CSV's feature_index), and the label dimensions, reshaped with the
 * raster cubes' plane arithmetic (the values are moved as arrays, never converted).
 */
import { OpenEOError } from "../errors";
import { dimensionMissing, keepLabels, labelValues, withoutDimension, type Label } from "./dimensions";
import type { LabelDimension, RasterCube } from "./types";
import { GEOMETRY_DIMENSION, type VectorCube } from "./vector";

export type VectorDimensionRef = { kind: "geometry" } | { kind: "labels"; index: number; dim: LabelDimension };

/** The vector cube's values as planes of its label dimensions. */
export const asPlanes = (cube: VectorCube) => ({ dims: cube.dims, planes: cube.values as unknown as Float32Array[] });

/** The cube with the dimensions and values of `planes`, as made by the plane operations from asPlanes. */
export const withPlanes = (cube: VectorCube, planes: { dims: LabelDimension[]; planes: Float32Array[] }): VectorCube => ({ ...cube, dims: planes.dims, values: planes.planes as unknown as Float64Array[] });

export function findVectorDimension(cube: VectorCube, name: string): VectorDimensionRef | undefined {
  if (cube.geometries && name === GEOMETRY_DIMENSION) return { kind: "geometry" };
  const index = cube.dims.findIndex((d) => d.name === name);
  return index < 0 ? undefined : { kind: "labels", index, dim: cube.dims[index]! };
}

/** The dimension called `name`, or DimensionNotAvailable. */
export function vectorDimension(cube: VectorCube, name: string): VectorDimensionRef {
  const ref = findVectorDimension(cube, name);
  if (!ref) throw dimensionMissing(name);
  return ref;
}

export const vectorDimensionNames = (cube: VectorCube): string[] => [...(cube.geometries ? [GEOMETRY_DIMENSION] : []), ...cube.dims.map((d) => d.name)];

export function vectorLabels(cube: VectorCube, ref: VectorDimensionRef): Label[] {
  return ref.kind === "geometry" ? cube.geometries!.map((_, g) => g) : labelValues(ref.dim);
}

/** Keeps the labels at `indices` (in that order): geometries with their values, or labels with their planes. */
export function keepVectorLabels(cube: VectorCube, ref: VectorDimensionRef, indices: number[]): VectorCube {
  if (ref.kind === "labels") return withPlanes(cube, keepLabels(asPlanes(cube), ref.index, indices));
  const geometries = cube.geometries!;
  return { ...cube, geometries: indices.map((g) => geometries[g]!), values: cube.values.map((plane) => Float64Array.from(indices, (g) => plane[g]!)) };
}

/** The cube without a dimension of one label: a label dimension, or the geometry dimension (leaving a cube of label dimensions only). */
export function dropVectorDimension(cube: VectorCube, ref: VectorDimensionRef): VectorCube {
  if (ref.kind === "labels") return withPlanes(cube, withoutDimension(asPlanes(cube), ref.index));
  if (cube.values.length === 0) {
    throw new OpenEOError("ProcessParameterInvalid", { process: "drop_dimension", parameter: "name", reason: "the vector data cube holds geometries only: without them nothing would be left" });
  }
  // One geometry: each plane's one value stays, as a cube without geometries holds it.
  return { ...cube, geometries: null };
}

/**
 * A cube without geometries (what reduce_spatial leaves) as a raster cube of one pixel, so that the
 * processes working along label dimensions run on it unchanged. Its axes have no names: the cube
 * has no spatial dimensions, and no name a user gives finds them.
 */
export function asOnePixel(cube: VectorCube): RasterCube {
  return { kind: "raster", grid: { crs: cube.crs, bbox: [0, 0, 1, 1], width: 1, height: 1 }, axes: { x: "", y: "" }, dims: cube.dims, planes: cube.values as unknown as Float32Array[] };
}

/** Back from asOnePixel: the cube without geometries with the result's dimensions and values (computed planes widened to float64). */
export function fromOnePixel(cube: VectorCube, raster: RasterCube): VectorCube {
  const values = raster.planes.map((plane) => (plane instanceof Float64Array ? plane : Float64Array.from(plane)));
  return { ...cube, dims: raster.dims, values };
}
