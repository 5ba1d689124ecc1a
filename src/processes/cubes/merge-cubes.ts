import { dataAccess } from "../../cube/context";
import { mergeRasters, mergeVectors } from "../../cube/merge";
import { materialize } from "../../cube/materialize";
import { anyCubeArgument } from "../../cube/parameters";
import { OpenEOError } from "../../errors";
import type { Callback, ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";
import { sameGrid } from "../../raster/grid";

/** A resolver's answer as a cell value (NaN for no-data). */
function toCell(result: unknown): number {
  if (result === null || result === undefined) return NaN;
  if (typeof result === "number") return result;
  if (typeof result === "boolean") return result ? 1 : 0;
  throw new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: "overlap_resolver", reason: `a pixel's result must be a number, boolean or null, not ${JSON.stringify(result)}` });
}

export const mergeCubes: ProcessImplementation = {
  spec: {
    id: "merge_cubes",
    summary: "Combine two cubes into one",
    description:
      "Joins two raster data cubes on the same grid (same CRS, extent and resolution; no implicit resampling yet). The result has the time steps of both (sorted) and the bands of `cube1` followed by the new bands of `cube2`; a cube without `t` or `bands` counts for every label of that dimension in the other. Where both cubes have a value for the same labels, `overlap_resolver` combines the two (x from `cube1`, y from `cube2`; no-data as null); without a resolver such an overlap fails with `OverlapResolverMissing`. Label combinations neither cube has are no-data. Two vector data cubes merge the same way over the same geometries (in the same order and CRS; the features of `cube1` are kept), as do two cubes whose spatial dimensions were reduced (reduce_spatial); vector cubes whose geometries are of different base types (points, lines, polygons) fail with `IncompatibleGeometryTypes`, a vector and a raster cube can't be merged. Reads both raster cubes if they were not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "cube1", description: "The first data cube; its labels come first.", schema: DATACUBE },
      { name: "cube2", description: "The second data cube, merged into the first.", schema: DATACUBE },
      {
        name: "overlap_resolver",
        description: "Combines the values of both cubes where their labels overlap, e.g. with max or sum; null if no overlap is expected.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "x", description: "The value of `cube1` (null for no-data).", schema: { description: "Any data type." } },
            { name: "y", description: "The value of `cube2` (null for no-data).", schema: { description: "Any data type." } },
            { name: "context", description: "The `context` given to merge_cubes.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The merged cell's value.", schema: { description: "Any data type." } },
        },
        default: null,
        optional: true,
      },
      { name: "context", description: "Extra data handed to the overlap resolver.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "One data cube with the labels and values of both inputs, as described above.", schema: DATACUBE },
    exceptions: {
      OverlapResolverMissing: { message: "Overlapping data cubes, but no overlap resolver has been specified." },
      IncompatibleGeometryTypes: { message: "The geometry types are not compatible and can't be merged." },
    },
  },
  run: async (args, ctx) => {
    const [cube1, cube2] = [anyCubeArgument(args.cube1, "merge_cubes", "cube1"), anyCubeArgument(args.cube2, "merge_cubes", "cube2")];
    const resolver = (args.overlap_resolver ?? null) as Callback | null;
    const resolve = resolver && (async (x: number | null, y: number | null) => toCell(await resolver({ x, y, context: args.context })));
    const onOverlap = () => {
      if (!resolve) throw OpenEOError.processException("OverlapResolverMissing", "Both cubes have values for the same labels: give an overlap_resolver.");
    };
    if (cube1.kind === "vector" && cube2.kind === "vector") return mergeVectors(cube1, cube2, resolve, onOverlap);
    if (cube1.kind === "vector" || cube2.kind === "vector") {
      throw new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: cube1.kind === "vector" ? "cube2" : "cube1", reason: "a vector data cube can't be merged with a raster data cube" });
    }
    const data = dataAccess(ctx);
    const [a, b] = await Promise.all([materialize(cube1, data), materialize(cube2, data)]);
    if (!sameGrid(a.grid, b.grid)) {
      throw new OpenEOError("ProcessParameterInvalid", { process: "merge_cubes", parameter: "cube2", reason: "the cubes must be on the same grid (CRS, extent and resolution); resampling is not supported yet" });
    }
    return mergeRasters(a, b, resolve, onOverlap);
  },
};
