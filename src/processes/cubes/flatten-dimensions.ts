import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { dimensionMissing, dimensionNames, labelValues } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { permuteDimensions } from "../../cube/reshape";
import type { RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

const PROCESS = "flatten_dimensions";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter, reason });
}

/** Every combination of the dimensions' labels as text, the first dimension's changing slowest, joined by `separator`. */
function combinedLabels(labels: string[][], separator: string): string[] {
  return labels.reduce<string[]>((prefixes, next) => prefixes.flatMap((prefix) => next.map((label) => prefix + separator + label)), [""]).map((l) => l.slice(separator.length));
}

export const flattenDimensions: ProcessImplementation = {
  spec: {
    id: PROCESS,
    summary: "Merge several dimensions into one",
    description:
      "Replaces the label dimensions named in `dimensions` by one new dimension `target_dimension` of type `other`, with a label per combination of their labels: the labels as text joined by `label_separator`, in the order of `dimensions`, the first changing slowest. Dimensions `A` (`2020`, `2021`) and `B` (`B1`, `B2`) flatten to `2020~B1`, `2020~B2`, `2021~B1`, `2021~B2`, and a value keeps its place under its combined label. The new dimension takes the place of the first of the flattened dimensions in the cube; the others keep their order. unflatten_dimension() splits the labels again when the separator occurs in none of them. The spatial dimensions x and y can't be flattened (a raster cube keeps them). A name that is not a dimension fails with `DimensionNotAvailable`, a `target_dimension` the cube has with `TargetDimensionExists`. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    experimental: true,
    parameters: [
      { name: "data", description: "The data cube.", schema: DATACUBE },
      { name: "dimensions", description: "The label dimensions to merge, at least one; their order sets the order of the combined labels and values.", schema: { type: "array", uniqueItems: true, items: { type: "string" } } },
      { name: "target_dimension", description: "The name of the new dimension (type `other`); the cube may not have a dimension of that name yet.", schema: { type: "string" } },
      { name: "label_separator", description: "What joins the labels of a combination. To split them again unambiguously, it must not occur in any label.", schema: { type: "string", minLength: 1 }, default: "~", optional: true },
    ],
    returns: { description: "The data cube with the merged dimension in place of the flattened ones; the other dimensions are unchanged.", schema: DATACUBE },
    exceptions: {
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist." },
      TargetDimensionExists: { message: "A dimension with the specified target dimension name already exists." },
    },
  },
  // Only label dimensions move: each pixel's values stay that pixel's.
  worksInStrips: () => true,
  run: async (args, ctx): Promise<RasterCube> => {
    const cube = await materialize(cubeArgument(args.data, PROCESS), dataAccess(ctx));
    const names = args.dimensions as string[];
    const target = args.target_dimension as string;
    const separator = args.label_separator as string;
    if (names.length === 0) throw invalid("dimensions", "name at least one dimension to flatten");
    const indices = names.map((name) => {
      if (name === cube.axes.x || name === cube.axes.y) throw invalid("dimensions", `the spatial dimension '${name}' can't be flattened: a raster cube keeps x and y`);
      const index = cube.dims.findIndex((d) => d.name === name);
      if (index < 0) throw dimensionMissing(name);
      return index;
    });
    if (dimensionNames(cube).includes(target)) throw OpenEOError.processException("TargetDimensionExists", `The data cube already has a dimension '${target}'.`);

    const labels = indices.map((i) => labelValues(cube.dims[i]!).map(String));
    const count = labels.reduce((n, l) => n * l.length, 1);
    const characters = labels.reduce((n, l) => n + l.reduce((m, label) => Math.max(m, label.length), 0) + separator.length, 0);
    budgetOf(ctx).reserve(count * characters * 2, () => `the ${count} labels of '${target}'`);

    // The flattened dimensions next to each other, in the given order, where the first of them was.
    const at = Math.min(...indices);
    const others = cube.dims.map((_, i) => i).filter((i) => !indices.includes(i));
    const permuted = permuteDimensions(cube, [...others.filter((i) => i < at), ...indices, ...others.filter((i) => i > at)]);
    const merged = { name: target, type: "other" as const, labels: combinedLabels(labels, separator) };
    return { ...permuted, dims: [...permuted.dims.slice(0, at), merged, ...permuted.dims.slice(at + indices.length)] };
  },
};
