/**
 * Per-pixel evaluation of callbacks over a raster cube: reducing a dimension (each pixel's values
 * along it, as one labeled array) and applying a function to every value. Values go to callbacks
 * as numbers with null for no-data (the processes' convention) and come back as NaN.
 */
import { OpenEOError } from "../errors";
import { labelValues, lanes, withLanes, type Label } from "./dimensions";
import type { RasterCube } from "./types";

export type Reducer = (values: (number | null)[], labels: Label[]) => Promise<unknown>;

function toValue(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function toCell(result: unknown, process: string): number {
  if (result === null || result === undefined) return NaN;
  if (typeof result === "number") return result;
  if (typeof result === "boolean") return result ? 1 : 0;
  throw new OpenEOError("ProcessParameterInvalid", { process, parameter: process === "apply" ? "process" : "reducer", reason: `a pixel's result must be a number, boolean or null, not ${JSON.stringify(result)}` });
}

/** One plane from several (a lane along a dimension, or a group of its labels): each pixel's values go through `reducer`. */
export async function reduceLane(inputs: Float32Array[], labels: Label[], reducer: Reducer, process = "reduce_dimension"): Promise<Float32Array> {
  const out = new Float32Array(inputs[0]?.length ?? 0);
  for (let i = 0; i < out.length; i++) out[i] = toCell(await reducer(inputs.map((p) => toValue(p[i]!)), labels), process);
  return out;
}

/** Collapses label dimension `index`: each pixel's values along it go through `reducer`. */
export async function reducePixels(cube: RasterCube, index: number, reducer: Reducer): Promise<RasterCube> {
  const labels = labelValues(cube.dims[index]!);
  const reduced: Float32Array[][] = [];
  for (const inputs of lanes(cube, index)) reduced.push([await reduceLane(inputs, labels, reducer)]);
  return withLanes(cube, index, null, reduced);
}

/** fn is evaluated once per distinct value (openEO processes are deterministic): most rasters repeat values a lot. */
export async function applyPixels(cube: RasterCube, fn: (x: number | null) => Promise<unknown>): Promise<RasterCube> {
  const results = new Map<number, number>();
  const planes: Float32Array[] = [];
  for (const plane of cube.planes) {
    const out = new Float32Array(plane.length);
    for (let i = 0; i < plane.length; i++) {
      const v = plane[i]!;
      let r = results.get(v);
      if (r === undefined) {
        r = toCell(await fn(toValue(v)), "apply");
        results.set(v, r);
      }
      out[i] = r;
    }
    planes.push(out);
  }
  return { ...cube, planes };
}
