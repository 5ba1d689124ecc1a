/**
 * Evaluation of callbacks over a raster cube: reducing a dimension (each pixel's values along it,
 * as one labeled array) and applying a function to every value. Callbacks the engine can evaluate
 * by columns run over blocks of pixels at once; the others are called per pixel, with values as
 * numbers and null for no-data (the processes' convention). Results come back with NaN as no-data.
 */
import { OpenEOError } from "../errors";
import { labeled, type Callback } from "../processes/types";
import { labelValues, lanes, withLanes, type Label } from "./dimensions";
import type { RasterCube } from "./types";

/** A pixel's values along a dimension to one value; `columns` evaluates many pixels at once when it can. */
export type Reducer = ((values: (number | null)[], labels: Label[]) => Promise<unknown>) & {
  columns?: (inputs: ArrayLike<number>[], labels: Label[], length: number) => Promise<Float64Array | undefined>;
};

/** One value to one value; `columns` evaluates many at once when it can. */
export type Applier = ((x: number | null) => Promise<unknown>) & {
  columns?: (values: ArrayLike<number>, length: number) => Promise<Float64Array | undefined>;
};

/** A reducer callback (parameters `data` and `context`, as reduce_dimension and aggregations define them). */
export function callbackReducer(callback: Callback, context: unknown): Reducer {
  const reducer: Reducer = (values, labels) => callback({ data: labeled(values, labels), context });
  const { columns } = callback;
  if (columns) reducer.columns = (inputs, labels, length) => columns({ data: { kind: "array", columns: inputs, labels } }, { context }, length);
  return reducer;
}

/** An apply callback (parameters `x` and `context`). */
export function callbackApplier(callback: Callback, context: unknown): Applier {
  const applier: Applier = (x) => callback({ x, context });
  const { columns } = callback;
  if (columns) applier.columns = (values, length) => columns({ x: { kind: "column", values } }, { context }, length);
  return applier;
}

function toValue(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** A callback's answer as a cell: numbers, booleans as 1 and 0, null as NaN; anything else is the user's error. */
export function toCell(result: unknown, process: string, parameter = process === "apply" ? "process" : "reducer", what = "a pixel's"): number {
  if (result === null || result === undefined) return NaN;
  if (typeof result === "number") return result;
  if (typeof result === "boolean") return result ? 1 : 0;
  throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: `${what} result must be a number, boolean or null, not ${JSON.stringify(result)}` });
}

/** Pixels per column evaluation: bounds the memory of intermediate columns (8 bytes each per node). */
const BLOCK = 65_536;

/** Fills `out` block by block; false (out partly written) when the callback can't be evaluated by columns. */
async function byBlocks(out: Float32Array, evaluate: (start: number, end: number) => Promise<Float64Array | undefined>): Promise<boolean> {
  for (let start = 0; start < out.length; start += BLOCK) {
    const end = Math.min(out.length, start + BLOCK);
    const block = await evaluate(start, end);
    if (!block) return false;
    out.set(block, start);
  }
  return true;
}

/** One plane from several (a lane along a dimension, or a group of its labels): each pixel's values go through `reducer`. */
export async function reduceLane(inputs: Float32Array[], labels: Label[], reducer: Reducer, process = "reduce_dimension"): Promise<Float32Array> {
  const out = new Float32Array(inputs[0]?.length ?? 0);
  const { columns } = reducer;
  if (columns && (await byBlocks(out, (start, end) => columns(inputs.map((p) => p.subarray(start, end)), labels, end - start)))) return out;
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

/** Per pixel, the applier is called once per distinct value (openEO processes are deterministic): rasters repeat values a lot. */
async function applyEach(plane: Float32Array, fn: Applier, results: Map<number, number>): Promise<Float32Array> {
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
  return out;
}

export async function applyPixels(cube: RasterCube, fn: Applier): Promise<RasterCube> {
  const results = new Map<number, number>();
  const planes: Float32Array[] = [];
  const { columns } = fn;
  for (const plane of cube.planes) {
    const out = new Float32Array(plane.length);
    const done = columns && (await byBlocks(out, (start, end) => columns(plane.subarray(start, end), end - start)));
    planes.push(done ? out : await applyEach(plane, fn, results));
  }
  return { ...cube, planes };
}
