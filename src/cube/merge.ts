/** Merging two raster cubes on the same grid, label by label (merge_cubes). */
import { OpenEOError } from "../errors";
import { labelValues, type Label } from "./dimensions";
import type { LabelDimension, RasterCube } from "./types";

/** Combines two overlapping values (null for no-data) into one cell value (NaN for no-data). */
export type OverlapResolver = (x: number | null, y: number | null) => Promise<number>;

function sameLabel(dim: LabelDimension, a: Label, b: Label): boolean {
  return dim.type === "temporal" ? Date.parse(String(a)) === Date.parse(String(b)) : a === b;
}

/** The labels of both: temporal ones sorted, others those of `a` followed by the new ones of `b`. */
function union(a: LabelDimension, b: LabelDimension): LabelDimension {
  if (a.type !== b.type) {
    throw new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: "cube2", reason: `dimension '${a.name}' is of type ${a.type} in cube1 but ${b.type} in cube2` });
  }
  const seen = labelValues(a);
  const extra = b.labels.filter((_, i) => !seen.some((label) => sameLabel(a, label, labelValues(b)[i]!)));
  const labels = [...a.labels, ...extra] as LabelDimension["labels"];
  if (a.type === "temporal") (labels as string[]).sort((u, v) => Date.parse(u) - Date.parse(v));
  return { ...a, labels } as LabelDimension;
}

/** A cube's plane at one label combination of the merged dimensions, or null where it has none. */
function planeAt(cube: RasterCube, dims: LabelDimension[], combination: number[]): Float32Array | null {
  let index = 0;
  for (const own of cube.dims) {
    const d = dims.findIndex((m) => m.name === own.name);
    const wanted = labelValues(dims[d]!)[combination[d]!]!;
    const position = labelValues(own).findIndex((label) => sameLabel(own, label, wanted));
    if (position < 0) return null;
    index = index * own.labels.length + position;
  }
  return cube.planes[index]!;
}

function* combinations(dims: LabelDimension[]): Generator<number[]> {
  const index = dims.map(() => 0);
  if (dims.some((d) => d.labels.length === 0)) return;
  for (;;) {
    yield [...index];
    let d = dims.length - 1;
    while (d >= 0 && ++index[d]! === dims[d]!.labels.length) index[d--] = 0;
    if (d < 0) return;
  }
}

/**
 * Merges two cubes on the same grid. Dimensions of the same name are joined (their labels
 * united); a dimension only one cube has is added, and the other cube covers each of its labels.
 * A cell both cubes cover goes through `resolve`; `onOverlap` is told (before any value is
 * computed) when there is such a cell, so that a missing resolver can fail early.
 */
export async function mergeRasters(a: RasterCube, b: RasterCube, resolve: OverlapResolver | null, onOverlap: () => void): Promise<RasterCube> {
  if (a.axes.x !== b.axes.x || a.axes.y !== b.axes.y) {
    throw new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: "cube2", reason: "the spatial dimensions of the cubes have different names" });
  }
  const dims = a.dims.map((d) => {
    const other = b.dims.find((e) => e.name === d.name);
    return other ? union(d, other) : d;
  });
  for (const d of b.dims) if (!dims.some((e) => e.name === d.name)) dims.push(d);
  const pairs = [...combinations(dims)].map((c) => [planeAt(a, dims, c), planeAt(b, dims, c)] as const);
  if (pairs.some(([p, q]) => p && q)) onOverlap();
  const size = a.grid.width * a.grid.height;
  const planes: Float32Array[] = [];
  for (const [p, q] of pairs) {
    if (p && q) {
      const out = new Float32Array(size);
      for (let i = 0; i < size; i++) {
        const x = p[i]!;
        const y = q[i]!;
        out[i] = await resolve!(Number.isNaN(x) ? null : x, Number.isNaN(y) ? null : y);
      }
      planes.push(out);
    } else planes.push(p ?? q ?? new Float32Array(size).fill(NaN));
  }
  const timeSpan = a.timeSpan ?? b.timeSpan;
  return { kind: "raster", grid: a.grid, axes: a.axes, dims, planes, ...(timeSpan ? { timeSpan } : {}) };
}
