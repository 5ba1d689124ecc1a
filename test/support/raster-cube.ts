/** Building small raster cubes with t and bands dimensions, and reading their labels back, for tests. */
import { labelValues, type RasterCube } from "../../src/cube";
import type { Grid } from "../../src/raster/grid";

/** A cube with x and y, then t (if `times`) and bands (if `bands`), planes in that order. */
export function rasterCube(grid: Grid, times: string[] | null, bands: string[] | null, planes: Float32Array[]): RasterCube {
  return {
    kind: "raster",
    grid,
    axes: { x: "x", y: "y" },
    dims: [...(times ? [{ name: "t", type: "temporal" as const, labels: times }] : []), ...(bands ? [{ name: "bands", type: "bands" as const, labels: bands.map((name) => ({ name })) }] : [])],
    planes,
  };
}

/** The labels of the dimension called `name` (band names for bands), or null without one. */
export function labelsNamed(cube: RasterCube, name: string): (string | number)[] | null {
  const dim = cube.dims.find((d) => d.name === name);
  return dim ? labelValues(dim) : null;
}
