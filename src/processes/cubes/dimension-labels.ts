import { dataAccess } from "../../cube/context";
import { dimensionMissing, findDimension, labelsAlong } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { anyCubeArgument } from "../../cube/parameters";
import { vectorDimension, vectorLabels } from "../../cube/vector-labels";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

export const dimensionLabels: ProcessImplementation = {
  spec: {
    id: "dimension_labels",
    summary: "List the labels of a dimension",
    description:
      "Answers the labels of one dimension of a data cube, in cube order: pixel-centre coordinates for `x` and `y`, ISO 8601 instants for `t`, names for `bands`; on a vector data cube the positions of its geometries (0, 1, ...) for `geometry`, and the labels of its other dimensions. A cube whose spatial dimensions were reduced (reduce_spatial) has no `x` and `y`. The band names of a cube not read yet are known without reading; the other dimensions need the cube read. An unknown dimension fails with `DimensionNotAvailable`.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube whose labels are wanted.", schema: DATACUBE },
      { name: "dimension", description: "The name of the dimension whose labels are wanted.", schema: { type: "string" } },
    ],
    returns: { description: "The dimension's labels, in order.", schema: { type: "array", items: { type: ["number", "string"] } } },
    exceptions: { DimensionNotAvailable: { message: "A dimension with the specified name does not exist." } },
  },
  run: async (args, ctx) => {
    const input = anyCubeArgument(args.data, "dimension_labels");
    const dimension = args.dimension as string;
    if (input.kind === "vector") return vectorLabels(input, vectorDimension(input, dimension));
    if (input.kind === "lazy") {
      if (!["x", "y", "t", "bands"].includes(dimension)) throw OpenEOError.processException("DimensionNotAvailable", `The data cube has no dimension '${dimension}'.`);
      if (dimension === "bands") return input.bands.map((b) => b.name);
    }
    const cube = await materialize(input, dataAccess(ctx));
    const ref = findDimension(cube, dimension);
    if (!ref) throw dimensionMissing(dimension);
    return labelsAlong(cube, ref);
  },
};
