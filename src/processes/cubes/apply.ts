import { dataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { applyPixels, callbackApplier } from "../../cube/pixels";
import { isVectorCube } from "../../cube/vector";
import { applyVectorValues } from "../../cube/vector-values";
import type { Callback, ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

export const apply: ProcessImplementation = {
  spec: {
    id: "apply",
    summary: "Compute a new value for every value of a cube",
    description:
      "Replaces every value of a data cube by what `process` computes from it (a unary operation such as absolute or linear_scale_range); the dimensions stay as they are. Reads the cube if it was not read yet. Vector data cubes (aggregate_spatial's) too: their values per geometry, in double precision.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube.", schema: DATACUBE },
      {
        name: "process",
        description: "Computes a new value from one value.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "x", description: "The value (null for no-data).", schema: { description: "Any data type." } },
            { name: "context", description: "The `context` given to apply.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The new value.", schema: { description: "Any data type." } },
        },
      },
      { name: "context", description: "Extra data handed to the process.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "A data cube with the computed values and the same dimensions.", schema: DATACUBE },
  },
  run: async (args, ctx) => {
    if (isVectorCube(args.data)) return applyVectorValues(args.data, callbackApplier(args.process as Callback, args.context));
    const cube = await materialize(cubeArgument(args.data, "apply"), dataAccess(ctx));
    return applyPixels(cube, callbackApplier(args.process as Callback, args.context));
  },
};
