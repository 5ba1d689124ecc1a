import { dataAccess } from "../../cube/context";
import { dimensionMissing, findDimension, labelsAlong, withoutDimension } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { anyCubeArgument } from "../../cube/parameters";
import { dropVectorDimension, vectorDimension, vectorLabels } from "../../cube/vector-labels";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

export const dropDimension: ProcessImplementation = {
  spec: {
    id: "drop_dimension",
    summary: "Remove a dimension that has one label",
    description:
      "Removes a dimension (such as `t` or `bands`) that is down to a single label, e.g. after filtering; the values stay as they are. A dimension with more labels fails with `DimensionLabelCountMismatch` (reduce it instead), an unknown one with `DimensionNotAvailable`. The spatial dimensions `x` and `y` of a raster cube can't be removed. Of a vector data cube, any dimension can: its `geometry` dimension once one geometry is left, which leaves a cube of the other dimensions (as reduce_spatial answers). Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube.", schema: DATACUBE },
      { name: "name", description: "The dimension to remove.", schema: { type: "string" } },
    ],
    returns: { description: "The data cube with one dimension fewer; the others are unchanged.", schema: DATACUBE },
    exceptions: {
      DimensionLabelCountMismatch: { message: "The number of dimension labels exceeds one, which requires a reducer." },
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist." },
    },
  },
  run: async (args, ctx) => {
    const name = args.name as string;
    const input = anyCubeArgument(args.data, "drop_dimension");
    if (input.kind === "vector") {
      const ref = vectorDimension(input, name);
      const count = vectorLabels(input, ref).length;
      if (count !== 1) throw OpenEOError.processException("DimensionLabelCountMismatch", `Dimension '${name}' has ${count} labels, not one; reduce or filter it first.`);
      return dropVectorDimension(input, ref);
    }
    if (input.kind === "lazy" && !["x", "y", "t", "bands"].includes(name)) throw OpenEOError.processException("DimensionNotAvailable", `The data cube has no dimension '${name}'.`);
    const cube = await materialize(input, dataAccess(ctx));
    const ref = findDimension(cube, name);
    if (!ref) throw dimensionMissing(name);
    const count = labelsAlong(cube, ref).length;
    if (count !== 1) throw OpenEOError.processException("DimensionLabelCountMismatch", `Dimension '${name}' has ${count} labels, not one; reduce or filter it first.`);
    if (ref.kind === "spatial") throw new OpenEOError("ProcessParameterInvalid", { process: "drop_dimension", parameter: "name", reason: "the spatial dimensions can't be dropped" });
    // One label: the planes stay, only the label goes.
    return withoutDimension(cube, ref.index);
  },
};
