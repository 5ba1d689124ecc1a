/** Merging two cubes label by label (merge_cubes): raster cubes on the same grid, vector cubes over the same geometries. */
import { OpenEOError } from "../errors";
import { labelValues, type Label } from "./dimensions";
import type { LabelDimension, RasterCube } from "./types";
import { sameCrs } from "../raster/crs";
import { rowCount, type VectorCube } from "./vector";

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

/** Values over label dimensions: a raster cube's planes, or a vector cube's values (one per geometry). */
interface Planes<T> {
  dims: LabelDimension[];
  planes: T[];
}

/** A cube's plane at one label combination of the merged dimensions, or null where it has none. */
function planeAt<T>(cube: Planes<T>, dims: LabelDimension[], combination: number[]): T | null {
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
 * Merges the planes of two cubes whose planes hold `size` values each. Dimensions of the same name
 * are joined (their labels united); a dimension only one cube has is added, and the other cube
 * covers each of its labels. A value both cubes cover goes through `resolve`; `onOverlap` is told
 * (before any value is computed) when there is such a value, so that a missing resolver can fail early.
 */
async function mergePlanes<T extends Float32Array | Float64Array>(a: Planes<T>, b: Planes<T>, size: number, make: (size: number) => T, resolve: OverlapResolver | null, onOverlap: () => void): Promise<Planes<T>> {
  const dims = a.dims.map((d) => {
    const other = b.dims.find((e) => e.name === d.name);
    return other ? union(d, other) : d;
  });
  for (const d of b.dims) if (!dims.some((e) => e.name === d.name)) dims.push(d);
  const pairs = [...combinations(dims)].map((c) => [planeAt(a, dims, c), planeAt(b, dims, c)] as const);
  if (pairs.some(([p, q]) => p && q)) onOverlap();
  const planes: T[] = [];
  for (const [p, q] of pairs) {
    if (p && q) {
      const out = make(size);
      for (let i = 0; i < size; i++) {
        const x = p[i]!;
        const y = q[i]!;
        out[i] = await resolve!(Number.isNaN(x) ? null : x, Number.isNaN(y) ? null : y);
      }
      planes.push(out);
    } else planes.push(p ?? q ?? (make(size).fill(NaN) as T));
  }
  return { dims, planes };
}

/** Merges two raster cubes on the same grid (see mergePlanes). */
export async function mergeRasters(a: RasterCube, b: RasterCube, resolve: OverlapResolver | null, onOverlap: () => void): Promise<RasterCube> {
  if (a.axes.x !== b.axes.x || a.axes.y !== b.axes.y) {
    throw new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: "cube2", reason: "the spatial dimensions of the cubes have different names" });
  }
  const { dims, planes } = await mergePlanes(a, b, a.grid.width * a.grid.height, (n) => new Float32Array(n), resolve, onOverlap);
  const timeSpan = a.timeSpan ?? b.timeSpan;
  return { kind: "raster", grid: a.grid, axes: a.axes, dims, planes, ...(timeSpan ? { timeSpan } : {}) };
}

/** Points, lines and polygons, each with its multi-part type (which merge_cubes lets merge with it). */
const baseType = (type: string) => type.replace(/^Multi/, "").replace("LineString", "Line");

/** Why two vector cubes can't be merged geometry by geometry: IncompatibleGeometryTypes, or other geometries. */
function assertSameGeometries(a: VectorCube, b: VectorCube): void {
  const invalid = (reason: string) => new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: "cube2", reason });
  if (!a.geometries || !b.geometries) {
    if (a.geometries || b.geometries) throw invalid("one cube has geometries and the other has none (reduce_spatial's result); both must have the same");
    return;
  }
  const types = (cube: VectorCube) => new Set(cube.geometries!.flatMap((f) => (f.geometry ? [baseType(f.geometry.type)] : [])));
  const [typesA, typesB] = [types(a), types(b)];
  if ([...typesB].some((t) => !typesA.has(t)) || [...typesA].some((t) => !typesB.has(t))) {
    throw OpenEOError.processException("IncompatibleGeometryTypes", `merge_cubes: cube1 has ${[...typesA].join(", ") || "no"} geometries, cube2 ${[...typesB].join(", ") || "none"}.`);
  }
  const same = a.geometries.length === b.geometries.length && sameCrs(a.crs, b.crs) && a.geometries.every((f, g) => JSON.stringify(f.geometry) === JSON.stringify(b.geometries![g]!.geometry));
  if (!same) throw invalid("the vector data cubes must have the same geometries in the same order and CRS (merging different geometries is not supported)");
}

/** Merges two vector cubes over the same geometries, or two without geometries (see mergePlanes); cube1's features are kept. */
export async function mergeVectors(a: VectorCube, b: VectorCube, resolve: OverlapResolver | null, onOverlap: () => void): Promise<VectorCube> {
  assertSameGeometries(a, b);
  // Two cubes of the same geometries only: nothing to merge, and no values to make up.
  if (a.dims.length === 0 && a.values.length === 0 && b.dims.length === 0 && b.values.length === 0) return a;
  const { dims, planes } = await mergePlanes({ dims: a.dims, planes: a.values }, { dims: b.dims, planes: b.values }, rowCount(a), (n) => new Float64Array(n), resolve, onOverlap);
  return { ...a, dims, values: planes };
}
