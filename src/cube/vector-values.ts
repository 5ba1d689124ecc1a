/**
 * Label dimensions of vector data cubes (t, bands, ... beside the geometries, if any), processed as those of
 * raster cubes are: each geometry's values along a dimension reduced, or every value mapped. The
 * values stay float64, as aggregate_spatial computed them.
 */
import { labelValues, lanes, withLanes, type Label } from "./dimensions";
import { asPlanes } from "./vector-labels";
import { toCell, type Applier, type Reducer } from "./pixels";
import { rowCount, type VectorCube } from "./vector";

const cell = (v: number) => (Number.isNaN(v) ? null : v);

/** Collapses label dimension `index`: each geometry's values along it go through `reducer`. */
export async function reduceVectorDimension(cube: VectorCube, index: number, reducer: Reducer): Promise<VectorCube> {
  const labels: Label[] = labelValues(cube.dims[index]!);
  const geometries = rowCount(cube);
  const reduced: Float64Array[][] = [];
  for (const lane of lanes(asPlanes(cube), index) as unknown as Float64Array[][]) {
    let out = reducer.columns ? await reducer.columns(lane, labels, geometries) : undefined;
    if (!out) {
      out = new Float64Array(geometries);
      for (let g = 0; g < geometries; g++) out[g] = toCell(await reducer(lane.map((values) => cell(values[g]!)), labels), "reduce_dimension", "reducer", "a geometry's");
    }
    reduced.push([Float64Array.from(out)]);
  }
  const { dims, planes } = withLanes(asPlanes(cube), index, null, reduced as unknown as Float32Array[][]);
  return { kind: "vector", crs: cube.crs, geometries: cube.geometries, dims, values: planes as unknown as Float64Array[] };
}

/** Every value through `fn`, once per distinct value (processes are deterministic). */
export async function applyVectorValues(cube: VectorCube, fn: Applier): Promise<VectorCube> {
  const results = new Map<number, number>();
  const values: Float64Array[] = [];
  for (const plane of cube.values) {
    const computed = fn.columns ? await fn.columns(plane, plane.length) : undefined;
    if (computed) {
      values.push(Float64Array.from(computed));
      continue;
    }
    const out = new Float64Array(plane.length);
    for (let i = 0; i < plane.length; i++) {
      let r = results.get(plane[i]!);
      if (r === undefined) results.set(plane[i]!, (r = toCell(await fn(cell(plane[i]!)), "apply", "process", "a geometry's")));
      out[i] = r;
    }
    values.push(out);
  }
  return { ...cube, values };
}
