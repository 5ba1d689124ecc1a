import { dataAccess } from "../../cube/context";
import { keepLabels } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import type { LabelDimension, RasterCube } from "../../cube/types";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

/** Which columns, rows and labels of each label dimension hold at least one value (not no-data). */
function occupied(cube: RasterCube): { columns: boolean[]; rows: boolean[]; labels: boolean[][] } {
  const { width, height } = cube.grid;
  const columns = new Array<boolean>(width).fill(false);
  const rows = new Array<boolean>(height).fill(false);
  const labels = cube.dims.map((d) => new Array<boolean>(d.labels.length).fill(false));
  cube.planes.forEach((plane, p) => {
    let any = false;
    for (let i = 0; i < plane.length; i++) {
      if (Number.isNaN(plane[i]!)) continue;
      any = true;
      columns[i % width] = true;
      rows[Math.floor(i / width)] = true;
    }
    if (!any) return;
    // The plane's label of each dimension: planes are row-major over dims, the last one fastest.
    let rest = p;
    for (let d = cube.dims.length - 1; d >= 0; d--) {
      const length = cube.dims[d]!.labels.length;
      labels[d]![rest % length] = true;
      rest = Math.floor(rest / length);
    }
  });
  return { columns, rows, labels };
}

/** The positions from the first to the last occupied one: only the ends of an ordered dimension go. */
function span(occupancy: boolean[]): number[] {
  const first = occupancy.indexOf(true);
  if (first < 0) return [];
  const last = occupancy.lastIndexOf(true);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Band names and textual labels are categories without an order: empty ones go wherever they are. */
function isCategorical(dim: LabelDimension): boolean {
  return dim.type === "bands" || (dim.type === "other" && dim.labels.some((label) => typeof label === "string"));
}

/** The cube cut to the columns and rows `columns` and `rows` (consecutive), with the grid's box to match. */
function crop(cube: RasterCube, columns: number[], rows: number[]): RasterCube {
  const { width, height, bbox } = cube.grid;
  const [minX, minY, maxX, maxY] = bbox;
  const px = (maxX - minX) / width;
  const py = (maxY - minY) / height;
  const left = columns[0] ?? 0;
  const top = rows[0] ?? 0;
  const planes = cube.planes.map((plane) => {
    const out = new Float32Array(columns.length * rows.length);
    rows.forEach((row, j) => out.set(plane.subarray(row * width + left, row * width + left + columns.length), j * columns.length));
    return out;
  });
  const box: [number, number, number, number] = [minX + left * px, maxY - (top + rows.length) * py, minX + (left + columns.length) * px, maxY - top * py];
  return { ...cube, grid: { ...cube.grid, bbox: box, width: columns.length, height: rows.length }, planes };
}

export const trimCube: ProcessImplementation = {
  spec: {
    id: "trim_cube",
    summary: "Drop labels that hold only no-data",
    description:
      "Removes the labels of every dimension whose values are all no-data. For x, y, `t` and `other` dimensions with numeric labels only such labels at the start and the end go, so the grid stays regular and ordered labels stay consecutive; for `bands` and `other` dimensions with textual labels (categories without an order) they go wherever they are. The grid shrinks to the rows and columns that remain. A cube without any value ends up with no labels at all; one without empty labels is returned as it is. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [{ name: "data", description: "The data cube to trim.", schema: DATACUBE }],
    returns: { description: "The data cube with the same dimensions and fewer labels where some held only no-data.", schema: DATACUBE },
  },
  run: async (args, ctx) => {
    const cube = await materialize(cubeArgument(args.data, "trim_cube"), dataAccess(ctx));
    const { columns, rows, labels } = occupied(cube);
    let trimmed = cube;
    cube.dims.forEach((dim, d) => {
      const keep = isCategorical(dim) ? labels[d]!.flatMap((has, i) => (has ? [i] : [])) : span(labels[d]!);
      if (keep.length < dim.labels.length) trimmed = keepLabels(trimmed, d, keep);
    });
    const keptColumns = span(columns);
    const keptRows = span(rows);
    if (keptColumns.length === cube.grid.width && keptRows.length === cube.grid.height) return trimmed;
    return crop(trimmed, keptColumns, keptRows);
  },
};
