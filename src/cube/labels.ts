/**
 * Dimension labels of raster cubes: reading them (x and y as pixel-centre coordinates, t as
 * instants, bands by name), keeping a subset of the t or bands labels, and merging two cubes
 * on the same grid label by label.
 */
import type { BandLabel, RasterCube } from "./types";

export type DimensionName = "x" | "y" | "t" | "bands";

/** Whether the cube has the dimension (x and y always; t and bands unless reduced away). */
export function hasDimension(cube: RasterCube, name: string): name is DimensionName {
  if (name === "x" || name === "y") return true;
  if (name === "t") return cube.times !== null;
  if (name === "bands") return cube.bands !== null;
  return false;
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

/** The labels of a dimension the cube has, in cube order. */
export function labelsOf(cube: RasterCube, name: DimensionName): (number | string)[] {
  if (name === "x" || name === "y") return axisCentres(cube, name);
  if (name === "t") return [...(cube.times ?? [])];
  return (cube.bands ?? []).map((b) => b.name);
}

/** Keeps the labels at `indices` (in that order) of t or bands, with their planes. */
export function keepLabels(cube: RasterCube, name: "t" | "bands", indices: number[]): RasterCube {
  const nb = cube.bands?.length ?? 1;
  const nt = cube.times?.length ?? 1;
  const planes: Float32Array[] = [];
  if (name === "t") {
    for (const t of indices) planes.push(...cube.planes.slice(t * nb, (t + 1) * nb));
    return { ...cube, times: indices.map((i) => cube.times![i]!), planes };
  }
  for (let t = 0; t < nt; t++) for (const b of indices) planes.push(cube.planes[t * nb + b]!);
  return { ...cube, bands: indices.map((i) => cube.bands![i]!), planes };
}

/** Whether two grids are the same pixels (same CRS, size and, within a rounding error, extent). */
export function sameGrid(a: RasterCube, b: RasterCube): boolean {
  if (a.grid.crs !== b.grid.crs || a.grid.width !== b.grid.width || a.grid.height !== b.grid.height) return false;
  const size = Math.max(Math.abs(a.grid.bbox[2] - a.grid.bbox[0]) / a.grid.width, Math.abs(a.grid.bbox[3] - a.grid.bbox[1]) / a.grid.height);
  return a.grid.bbox.every((v, i) => Math.abs(v - b.grid.bbox[i]!) <= 1e-6 * size);
}

/** Combines two overlapping values (null for no-data) into one cell value (NaN for no-data). */
export type OverlapResolver = (x: number | null, y: number | null) => Promise<number>;

/** A cube's plane for a label pair of the merged cube, or null where the cube has none there. */
function planeAt(cube: RasterCube, time: string | null, band: string | null): Float32Array | null {
  let ti = 0;
  if (cube.times && time !== null) {
    ti = cube.times.findIndex((t) => Date.parse(t) === Date.parse(time));
    if (ti < 0) return null;
  }
  let bi = 0;
  if (cube.bands && band !== null) {
    bi = cube.bands.findIndex((b) => b.name === band);
    if (bi < 0) return null;
  }
  return cube.planes[ti * (cube.bands?.length ?? 1) + bi]!;
}

/**
 * Merges two cubes on the same grid. Times are the sorted union, bands those of `a` followed by
 * the new ones of `b`; a cube without t (or bands) covers every label of that dimension. A cell
 * both cubes cover goes through `resolve`; `onOverlap` is told (before any value is computed)
 * when there is such a cell, so that a missing resolver can fail early.
 */
export async function mergeRasters(a: RasterCube, b: RasterCube, resolve: OverlapResolver | null, onOverlap: () => void): Promise<RasterCube> {
  let times: string[] | null = null;
  if (a.times || b.times) {
    times = [...(a.times ?? [])];
    for (const t of b.times ?? []) if (!times.some((u) => Date.parse(u) === Date.parse(t))) times.push(t);
    times.sort((u, v) => Date.parse(u) - Date.parse(v));
  }
  let bands: BandLabel[] | null = null;
  if (a.bands || b.bands) {
    bands = [...(a.bands ?? [])];
    for (const band of b.bands ?? []) if (!bands.some((c) => c.name === band.name)) bands.push(band);
  }
  const pairs: [Float32Array | null, Float32Array | null][] = [];
  for (const time of times ?? [null]) {
    for (const band of bands ?? [null]) pairs.push([planeAt(a, time, band?.name ?? null), planeAt(b, time, band?.name ?? null)]);
  }
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
  return { kind: "raster", grid: a.grid, times, bands, planes };
}
