import { dataAccess } from "../../cube/context";
import { selectBands } from "../../cube/filters";
import { keepLabels, labelDimension, labelValues } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { anyCubeArgument } from "../../cube/parameters";
import { keepVectorLabels, vectorDimension, vectorLabels } from "../../cube/vector-labels";
import { OpenEOError } from "../../errors";
import type { Callback, ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

/** The positions of the labels the condition answers true for. */
async function kept(labels: (number | string)[], condition: Callback, context: unknown): Promise<number[]> {
  const keep: number[] = [];
  for (const [i, value] of labels.entries()) if ((await condition({ value, context })) === true) keep.push(i);
  return keep;
}

export const filterLabels: ProcessImplementation = {
  spec: {
    id: "filter_labels",
    summary: "Keep the labels of a dimension a condition accepts",
    description:
      "Asks `condition` about every label of one dimension (`t`: ISO 8601 instants, `bands`: names, or any other label dimension) and keeps the labels it answers `true` for, with their values; the others are removed. The spatial dimensions can't be filtered this way (use filter_bbox). On a vector data cube any dimension can: `geometry` by the geometries' positions (0, 1, ...), keeping the geometries accepted with their values. Filtering bands of a cube not read yet only narrows what will be read; filtering `t` reads the cube. An unknown dimension fails with `DimensionNotAvailable`.",
    categories: ["cubes", "filter"],
    parameters: [
      { name: "data", description: "The data cube.", schema: DATACUBE },
      {
        name: "condition",
        description: "Decides per label whether it stays.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "value", description: "One label of the dimension (a string for instants and band names).", schema: [{ type: "number" }, { type: "string" }] },
            { name: "context", description: "The `context` given to filter_labels.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "`true` keeps the label; anything else drops it.", schema: { type: "boolean" } },
        },
      },
      { name: "dimension", description: "The dimension whose labels are filtered.", schema: { type: "string" } },
      { name: "context", description: "Extra data handed to the condition.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube with the accepted labels of the dimension (possibly all); the rest is unchanged.", schema: DATACUBE },
    exceptions: { DimensionNotAvailable: { message: "A dimension with the specified name does not exist." } },
  },
  run: async (args, ctx) => {
    const dimension = args.dimension as string;
    const condition = args.condition as Callback;
    const input = anyCubeArgument(args.data, "filter_labels");
    if (input.kind === "vector") {
      const ref = vectorDimension(input, dimension);
      return keepVectorLabels(input, ref, await kept(vectorLabels(input, ref), condition, args.context));
    }
    const missing = () => OpenEOError.processException("DimensionNotAvailable", `The data cube has no dimension '${dimension}'.`);
    if (input.kind === "lazy") {
      if (!["x", "y", "t", "bands"].includes(dimension)) throw missing();
      if (dimension === "bands") {
        const keep = await kept(input.bands.map((b) => b.name), condition, args.context);
        return selectBands(input, keep.map((i) => input.bands[i]!));
      }
    }
    const cube = await materialize(input, dataAccess(ctx));
    const { index, dim } = labelDimension(cube, dimension, () => new OpenEOError("ProcessParameterInvalid", { process: "filter_labels", parameter: "dimension", reason: "the spatial dimensions can't be filtered by label; use filter_bbox" }));
    return keepLabels(cube, index, await kept(labelValues(dim), condition, args.context));
  },
};
