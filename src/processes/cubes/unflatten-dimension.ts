import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { dimensionMissing, dimensionNames, labelValues, lanes, withLanes } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

const PROCESS = "unflatten_dimension";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter, reason });
}

/**
 * The labels split into `count` parts: each new dimension's labels (in order of first appearance)
 * and, per old label, the position of its combination (row-major over the new dimensions).
 */
function splitLabels(labels: string[], separator: string, count: number): { parts: string[][]; positions: number[] } {
  const split = labels.map((label) => {
    const pieces = label.split(separator);
    if (pieces.length !== count) throw invalid("data", `the label '${label}' splits at '${separator}' into ${pieces.length} part${pieces.length === 1 ? "" : "s"}, not ${count}`);
    return pieces;
  });
  // Each new dimension's parts, numbered in order of first appearance.
  const numbered = Array.from({ length: count }, (_, j) => {
    const numbers = new Map<string, number>();
    for (const pieces of split) if (!numbers.has(pieces[j]!)) numbers.set(pieces[j]!, numbers.size);
    return numbers;
  });
  const positions = split.map((pieces) => pieces.reduce((at, piece, j) => at * numbered[j]!.size + numbered[j]!.get(piece)!, 0));
  const parts = numbered.map((numbers) => [...numbers.keys()]);
  const seen = new Set<number>();
  positions.forEach((p, k) => {
    if (seen.has(p)) throw invalid("data", `the label '${labels[k]}' occurs twice`);
    seen.add(p);
  });
  return { parts, positions };
}

export const unflattenDimension: ProcessImplementation = {
  spec: {
    id: PROCESS,
    summary: "Split one dimension into several",
    description:
      "Replaces the label dimension `dimension` by new dimensions `target_dimensions` (type `other`), in that order, by splitting each label (as text) at `label_separator`: the first part becomes the label in the first new dimension, and so on. Each new dimension's labels are its parts in the order they first occur. `X` with `2020~B1`, `2020~B2`, `2021~B1`, `2021~B2` splits into `A` (`2020`, `2021`) and `B` (`B1`, `B2`), each value keeping its place; this undoes flatten_dimensions(). Every label must split into as many parts as there are target dimensions, and no label may occur twice (both `ProcessParameterInvalid`); a combination of parts without a label is filled with no-data. The new dimensions take the split dimension's place. The spatial dimensions x and y can't be split. An unknown `dimension` fails with `DimensionNotAvailable`, a target name the cube has with `TargetDimensionExists`. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    experimental: true,
    parameters: [
      { name: "data", description: "The data cube; the labels of `dimension` must split into one part per target dimension.", schema: DATACUBE },
      { name: "dimension", description: "The label dimension to split.", schema: { type: "string" } },
      { name: "target_dimensions", description: "The names of the new dimensions (type `other`), at least two, in the order of the labels' parts; the cube may not have dimensions of these names yet.", schema: { type: "array", uniqueItems: true, minItems: 2, items: { type: "string" } } },
      { name: "label_separator", description: "Where the labels are split.", schema: { type: "string", minLength: 1 }, default: "~", optional: true },
    ],
    returns: { description: "The data cube with the new dimensions in place of the split one; the other dimensions are unchanged.", schema: DATACUBE },
    exceptions: {
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist." },
      TargetDimensionExists: { message: "A dimension with the specified target dimension name already exists." },
    },
  },
  // Only label dimensions move: each pixel's values stay that pixel's.
  worksInStrips: () => true,
  run: async (args, ctx): Promise<RasterCube> => {
    const cube = await materialize(cubeArgument(args.data, PROCESS), dataAccess(ctx));
    const name = args.dimension as string;
    const targets = args.target_dimensions as string[];
    if (name === cube.axes.x || name === cube.axes.y) throw invalid("dimension", `the spatial dimension '${name}' can't be split`);
    const index = cube.dims.findIndex((d) => d.name === name);
    if (index < 0) throw dimensionMissing(name);
    const existing = targets.find((t) => dimensionNames(cube).includes(t));
    if (existing !== undefined) throw OpenEOError.processException("TargetDimensionExists", `The data cube already has a dimension '${existing}'.`);

    const { parts, positions } = splitLabels(labelValues(cube.dims[index]!).map(String), args.label_separator as string, targets.length);
    const count = parts.reduce((n, p) => n * p.length, 1);
    const lanesOf = lanes(cube, index);
    const pixels = cube.grid.width * cube.grid.height;
    budgetOf(ctx).reserve(lanesOf.length * count * pixels * 4, () => `the ${count} label combinations of ${targets.join(", ")}`);

    // Combinations without a label share one no-data plane (planes are never written to).
    const missing = new Float32Array(pixels).fill(NaN);
    const replaced = lanesOf.map((lane) => {
      const planes: Float32Array[] = Array.from({ length: count }, () => missing);
      positions.forEach((p, k) => (planes[p] = lane[k]!));
      return planes;
    });
    // One dimension of all combinations, row-major over the new dimensions, then split: the planes stay in place.
    const combined = withLanes(cube, index, { name, type: "other", labels: Array.from({ length: count }, (_, i) => i) }, replaced);
    const split: LabelDimension[] = targets.map((target, j) => ({ name: target, type: "other", labels: parts[j]! }));
    return { ...combined, dims: [...combined.dims.slice(0, index), ...split, ...combined.dims.slice(index + 1)] };
  },
};
