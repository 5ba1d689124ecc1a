import { dataAccess } from "../../cube/context";
import { labelDimension } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { callbackReducer, reducePixels } from "../../cube/pixels";
import { reduceVectorDimension } from "../../cube/vector-values";
import { isVectorCube, type VectorCube } from "../../cube/vector";
import { vectorDimension } from "../../cube/vector-labels";
import { OpenEOError } from "../../errors";
import type { Reducer } from "../../cube/pixels";
import type { Callback, ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

/** A vector cube's label dimension reduced per geometry; its geometries stay (reducing them is aggregate_spatial's work). */
function reduceVector(cube: VectorCube, dimension: string, reducer: Reducer): Promise<VectorCube> {
  const ref = vectorDimension(cube, dimension);
  if (ref.kind === "geometry") throw new OpenEOError("ProcessParameterInvalid", { process: "reduce_dimension", parameter: "dimension", reason: "the geometries of a vector data cube can't be reduced; reduce t, bands or another label dimension" });
  return reduceVectorDimension(cube, ref.index, reducer);
}

export const reduceDimension: ProcessImplementation = {
  spec: {
    id: "reduce_dimension",
    summary: "Collapse a dimension with a reducer",
    description:
      "Collapses one label dimension (such as `t` or `bands`; not x or y): for every pixel (and every label of the other dimensions) the reducer gets the values along the dimension as a labeled array and answers one value. The dimension is then gone. Reads the cube if it was not read yet. On a vector data cube (aggregate_spatial's), the same per geometry, its values kept in double precision; its geometries can't be reduced.",
    categories: ["cubes", "reducer"],
    parameters: [
      { name: "data", description: "The data cube.", schema: DATACUBE },
      {
        name: "reducer",
        description: "Computes one value from the values along the dimension, e.g. mean or max.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "One pixel's values along the dimension, labeled with the dimension's labels.", schema: { type: "array", subtype: "labeled-array", items: { description: "Any data type." } } },
            { name: "context", description: "The `context` given to reduce_dimension.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The pixel's new value.", schema: { description: "Any data type." } },
        },
      },
      { name: "dimension", description: "The name of the dimension to reduce, such as `t` or `bands`.", schema: { type: "string" } },
      { name: "context", description: "Extra data handed to the reducer.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube without the reduced dimension; the other dimensions are unchanged.", schema: DATACUBE },
    exceptions: { DimensionNotAvailable: { message: "A dimension with the specified name does not exist." } },
  },
  run: async (args, ctx) => {
    const dimension = args.dimension as string;
    if (isVectorCube(args.data)) return reduceVector(args.data, dimension, callbackReducer(args.reducer as Callback, args.context));
    const cube = await materialize(cubeArgument(args.data, "reduce_dimension"), dataAccess(ctx));
    const { index } = labelDimension(cube, dimension, () => new OpenEOError("ProcessParameterInvalid", { process: "reduce_dimension", parameter: "dimension", reason: "reducing a spatial dimension is not supported; reduce t, bands or another label dimension" }));
    return reducePixels(cube, index, callbackReducer(args.reducer as Callback, args.context));
  },
};
