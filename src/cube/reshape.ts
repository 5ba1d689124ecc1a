/**
 * Reordering the label dimensions of a cube (flatten_dimensions, unflatten_dimension): planes are
 * row-major over `dims`, so merging dimensions that are next to each other, in order, into one (or
 * splitting one into several) keeps the planes as they are; only the order of dimensions moves them.
 */
import type { RasterCube } from "./types";

/** The cube with its label dimensions in the order `order` (positions in `cube.dims`), planes moved along. */
export function permuteDimensions<C extends Pick<RasterCube, "dims" | "planes">>(cube: C, order: number[]): C {
  const sizes = cube.dims.map((d) => d.labels.length);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((n, s) => n * s, 1));
  const outSizes = order.map((i) => sizes[i]!);
  const position = order.map(() => 0);
  const planes: Float32Array[] = [];
  for (let out = 0; out < cube.planes.length; out++) {
    planes.push(cube.planes[position.reduce((at, p, j) => at + p * strides[order[j]!]!, 0)]!);
    // The next output position, the last dimension fastest.
    for (let j = order.length - 1; j >= 0 && ++position[j]! === outSizes[j]!; j--) position[j] = 0;
  }
  return { ...cube, dims: order.map((i) => cube.dims[i]!), planes };
}
