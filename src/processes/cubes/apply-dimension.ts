import { budgetOf } from "../../budget";
import { applyLanes } from "../../cube/apply-lanes";
import { dataAccess } from "../../cube/context";
import { findDimension, labelDimension, labelValues, lanes, withLanes, type Label } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { labelCubeArgument } from "../../cube/parameters";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { labeled, type Callback, type ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "apply_dimension", parameter, reason });
}

/**
 * A dimension labelled 0, 1, ..., count - 1 of the given type. Temporal labels must be instants,
 * so a temporal dimension with numbered labels becomes `other`.
 */
function enumerated(name: string, type: LabelDimension["type"], count: number): LabelDimension {
  const numbers = Array.from({ length: count }, (_, i) => i);
  if (type === "bands") return { name, type, labels: numbers.map((i) => ({ name: String(i) })) };
  return { name, type: "other", labels: numbers };
}

/** Where the results go: the source dimension, or `target` (dropped first when it exists, as it has a single label). */
function destination(cube: RasterCube, source: number, target: string): { cube: RasterCube; source: number; existing?: LabelDimension } {
  const ref = findDimension(cube, target);
  if (!ref) return { cube, source };
  if (ref.kind === "spatial") throw invalid("target_dimension", "the results can't be put into a spatial dimension");
  if (ref.index === source) return { cube, source };
  if (ref.dim.labels.length !== 1) throw invalid("target_dimension", `the dimension '${target}' exists with ${ref.dim.labels.length} labels; an existing target dimension must have a single label`);
  // A single label: removing the dimension leaves the planes as they are.
  const dropped = { ...cube, dims: cube.dims.filter((_, i) => i !== ref.index) };
  return { cube: dropped, source: ref.index < source ? source - 1 : source, existing: ref.dim };
}

export const applyDimension: ProcessImplementation = {
  spec: {
    id: "apply_dimension",
    summary: "Compute new values along a dimension, pixel by pixel",
    description:
      "For every pixel (and every label of the other dimensions) `process` gets the values along one label dimension (`t`, `bands` or another one; not x or y) as a labeled array, no-data as null, and answers an array of numbers, booleans (stored as 1 and 0) or nulls (no-data). Every pixel must answer the same number of values; that number becomes the number of labels.\n\n" +
      "Without `target_dimension` (or with the source's name) the results replace the source dimension: its labels stay when the number of values is unchanged, otherwise they become 0, 1, 2, ... (a `bands` dimension keeps its type, a temporal one becomes `other` because temporal labels must be instants here). With another `target_dimension` the source dimension is replaced: by a new dimension of that name, type `other` and labels 0, 1, 2, ..., or, when a dimension of that name exists with a single label, by that dimension with labels 0, 1, 2, ... (bands keep their type, temporal becomes `other`). An existing target with more labels, or a spatial source or target, is rejected as an invalid argument. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube.", schema: DATACUBE },
      {
        name: "process",
        description: "Computes an array of new values from one pixel's values along the dimension.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "One pixel's values along the dimension (null for no-data), labeled with the dimension's labels.", schema: { type: "array", subtype: "labeled-array", items: { description: "Any data type." } } },
            { name: "context", description: "The `context` given to apply_dimension.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The pixel's new values along the (target) dimension: a non-empty array of the same length for every pixel.", schema: { type: "array", items: { description: "Any data type." } } },
        },
      },
      { name: "dimension", description: "The label dimension whose values go to `process`, such as `t` or `bands`; an unknown one fails with `DimensionNotAvailable`.", schema: { type: "string" } },
      {
        name: "target_dimension",
        description: "Where the results go: null (the default) for the source dimension itself, else the name of a new dimension (type `other`) or of an existing one with a single label. The source dimension is removed in both cases.",
        schema: { type: ["string", "null"] },
        default: null,
        optional: true,
      },
      { name: "context", description: "Extra data handed to `process`.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube with the computed values; only the source and target dimensions change, as described above.", schema: DATACUBE },
    exceptions: { DimensionNotAvailable: { message: "A dimension with the specified name does not exist." } },
  },
  run: async (args, ctx) => {
    const { cube: input, done } = labelCubeArgument(args.data, "apply_dimension");
    const cube = await materialize(input, dataAccess(ctx));
    const dimension = args.dimension as string;
    const target = (args.target_dimension as string | null) ?? dimension;
    const { index, dim } = labelDimension(cube, dimension, () => invalid("dimension", "applying a process along a spatial dimension is not supported; use t, bands or another label dimension"));
    const into = destination(cube, index, target);
    const process = args.process as Callback;
    const { lanes: block } = process;
    const byBlocks = block && ((columns: Float32Array[], labels: Label[], length: number) => block({ columns, labels }, { context: args.context }, length));
    const { lanes: applied, count } = await applyLanes(lanes(into.cube, into.source), labelValues(dim), (values, labels) => process({ data: labeled(values, labels), context: args.context }), { process: "apply_dimension", parameter: "process" }, budgetOf(ctx), byBlocks);
    let result: LabelDimension;
    if (into.existing) result = enumerated(target, into.existing.type, count);
    else if (target !== dimension) result = enumerated(target, "other", count);
    else result = count === dim.labels.length ? dim : enumerated(dimension, dim.type, count);
    return done(withLanes(into.cube, into.source, result, applied));
  },
};
