/**
 * The dimensions of raster cubes: finding one by name, reading its labels (x and y as pixel-centre
 * coordinates), and reshaping the planes along one dimension. Planes are row-major over `dims`,
 * so the planes of one "lane" (all labels of one dimension, the others fixed) are `stride` apart.
 */
import { OpenEOError } from "../errors";
import type { LabelDimension, RasterCube } from "./types";

export type Label = string | number;

/** A dimension of a cube by name: a spatial axis, or the index of a label dimension. */
export type DimensionRef = { kind: "spatial"; axis: "x" | "y" } | { kind: "labels"; index: number; dim: LabelDimension };

export function findDimension(cube: RasterCube, name: string): DimensionRef | undefined {
  if (name === cube.axes.x) return { kind: "spatial", axis: "x" };
  if (name === cube.axes.y) return { kind: "spatial", axis: "y" };
  const index = cube.dims.findIndex((d) => d.name === name);
  return index < 0 ? undefined : { kind: "labels", index, dim: cube.dims[index]! };
}

export function dimensionNames(cube: RasterCube): string[] {
  return [cube.axes.x, cube.axes.y, ...cube.dims.map((d) => d.name)];
}

export function dimensionMissing(name: string): OpenEOError {
  return OpenEOError.processException("DimensionNotAvailable", `The data cube has no dimension '${name}'.`);
}

/** The label dimension called `name`, or DimensionNotAvailable; `spatialReason` rejects x and y. */
export function labelDimension(cube: RasterCube, name: string, spatialReason: () => OpenEOError): { index: number; dim: LabelDimension } {
  const ref = findDimension(cube, name);
  if (!ref) throw dimensionMissing(name);
  if (ref.kind === "spatial") throw spatialReason();
  return ref;
}

/** The first label dimension of a type (load_collection's t and bands, or ones added later). */
export function dimensionOfType(cube: RasterCube, type: LabelDimension["type"]): { index: number; dim: LabelDimension } | undefined {
  const index = cube.dims.findIndex((d) => d.type === type);
  return index < 0 ? undefined : { index, dim: cube.dims[index]! };
}

export function labelValues(dim: LabelDimension): Label[] {
  return dim.type === "bands" ? dim.labels.map((b) => b.name) : [...dim.labels];
}

/** Pixel-centre coordinates along x (west to east) or y (north to south). */
export function axisCentres(cube: RasterCube, axis: "x" | "y"): number[] {
  const [minX, minY, maxX, maxY] = cube.grid.bbox;
  if (axis === "x") {
    const px = (maxX - minX) / cube.grid.width;
    return Array.from({ length: cube.grid.width }, (_, i) => minX + (i + 0.5) * px);
  }
  const py = (maxY - minY) / cube.grid.height;
  return Array.from({ length: cube.grid.height }, (_, j) => maxY - (j + 0.5) * py);
}

/** The labels of any dimension, in cube order. */
export function labelsAlong(cube: RasterCube, ref: DimensionRef): Label[] {
  return ref.kind === "spatial" ? axisCentres(cube, ref.axis) : labelValues(ref.dim);
}

/** What the label operations below need of a cube (a strip of a result has no more). */
type LabeledPlanes = Pick<RasterCube, "dims" | "planes" | "timeSpan">;

/** The planes along dimension `index` for every combination of the other dimensions' labels. */
export function lanes(cube: Pick<RasterCube, "dims" | "planes">, index: number): Float32Array[][] {
  const length = cube.dims[index]!.labels.length;
  const inner = cube.dims.slice(index + 1).reduce((n, d) => n * d.labels.length, 1);
  const outer = cube.dims.slice(0, index).reduce((n, d) => n * d.labels.length, 1);
  const result: Float32Array[][] = [];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) result.push(Array.from({ length }, (_, k) => cube.planes[(o * length + k) * inner + i]!));
  }
  return result;
}

/**
 * The cube with dimension `index` replaced: by `dim` (each lane then holds one plane per label
 * of `dim`, in lanes() order) or, when `dim` is null, removed (each lane holds one plane).
 */
export function withLanes<C extends LabeledPlanes>(cube: C, index: number, dim: LabelDimension | null, replaced: Float32Array[][]): C {
  const length = dim ? dim.labels.length : 1;
  const inner = cube.dims.slice(index + 1).reduce((n, d) => n * d.labels.length, 1);
  const planes: Float32Array[] = [];
  for (let o = 0; o < replaced.length / inner; o++) {
    for (let k = 0; k < length; k++) for (let i = 0; i < inner; i++) planes.push(replaced[o * inner + i]![k]!);
  }
  if (dim) return { ...cube, dims: cube.dims.map((d, i) => (i === index ? dim : d)), planes };
  return { ...withoutDimension(cube, index), planes };
}

/** The cube without label dimension `index` (whose planes the caller accounts for); a temporal one leaves its span behind. */
export function withoutDimension<C extends Pick<RasterCube, "dims" | "timeSpan">>(cube: C, index: number): C {
  const removed = cube.dims[index]!;
  const dims = cube.dims.filter((_, i) => i !== index);
  const [first, last] = [removed.labels[0], removed.labels.at(-1)];
  if (removed.type !== "temporal" || first === undefined || last === undefined) return { ...cube, dims };
  return { ...cube, dims, timeSpan: [first as string, last as string] };
}

/** Keeps the labels at `indices` (in that order) of a label dimension, with their planes. */
export function keepLabels<C extends LabeledPlanes>(cube: C, index: number, indices: number[]): C {
  const dim = cube.dims[index]!;
  const kept = { ...dim, labels: indices.map((i) => dim.labels[i]!) } as LabelDimension;
  return withLanes(cube, index, kept, lanes(cube, index).map((lane) => indices.map((i) => lane[i]!)));
}

/** Every name of the cube must stay unique: the spatial axes and the label dimensions. */
export function assertNewName(cube: RasterCube, name: string): void {
  if (dimensionNames(cube).includes(name)) throw OpenEOError.processException("DimensionExists", `The data cube already has a dimension '${name}'.`);
}

/** A name per label combination of `dims` (row-major, as planes are ordered): the labels joined by "/", or "value" without dimensions. */
export function combinationNames(dims: LabelDimension[]): string[] {
  let names = [""];
  for (const dim of dims) {
    const labels = labelValues(dim).map(String);
    names = names.flatMap((prefix) => labels.map((label) => (prefix ? `${prefix}/${label}` : label)));
  }
  return dims.length ? names : ["value"];
}
