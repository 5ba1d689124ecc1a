import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import type { VectorCube } from "../../cube/vector";
import { OpenEOError } from "../../errors";
import type { Callback, ProcessImplementation } from "../types";
import { DATACUBE, RASTER_CUBE } from "./schemas";

const PROCESS = "reduce_spatial";

function toCell(result: unknown): number {
  if (result === null || result === undefined) return NaN;
  if (typeof result === "number") return result;
  if (typeof result === "boolean") return result ? 1 : 0;
  throw new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter: "reducer", reason: `an image's result must be a number, boolean or null, not ${JSON.stringify(result)}` });
}

export const reduceSpatial: ProcessImplementation = {
  spec: {
    id: PROCESS,
    summary: "Collapse x and y with a reducer",
    description:
      "Reduces every image of the cube (each label combination of its other dimensions, such as a band at a time step) to one value: the reducer gets all of the image's pixel values as an array (no-data as null, in no particular order, so order-dependent reducers such as first() give arbitrary results) and answers the value, e.g. mean() for the mean over the area. aggregate_spatial() does the same per geometry. The spatial dimensions are gone from the result; the other dimensions and their labels are unchanged, and the values are kept in double precision. Such a cube goes on to the label processes (reduce_dimension, apply, filter_labels, dimension_labels, ...) and is saved as JSON, CSV or netCDF; a raster format (GTiff, PNG) refuses it, as it has no pixels any more. The reducer is called once per image, with an array as large as the image: an image larger than one value of the run may be (8 million pixels in a synchronous run) is refused with `ProcessGraphComplexity`. Reads the cube if it was not read yet.",
    categories: ["aggregate", "cubes", "reducer"],
    experimental: true,
    parameters: [
      { name: "data", description: "The raster data cube.", schema: RASTER_CUBE },
      {
        name: "reducer",
        description: "Computes one value from all pixel values of an image, e.g. mean or max.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "The image's pixel values, no-data as null, in no particular order.", schema: { type: "array", items: { description: "Any data type." } } },
            { name: "context", description: "The `context` given to reduce_spatial.", schema: { description: "Any data type." }, optional: true, default: null },
          ],
          returns: { description: "The image's value.", schema: { description: "Any data type." } },
        },
      },
      { name: "context", description: "Extra data handed to the reducer.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube without its spatial dimensions: one value per label combination of the other dimensions, which are unchanged.", schema: DATACUBE },
    links: [{ href: "https://openeo.org/documentation/1.0/datacubes.html#reduce", rel: "about", title: "Reducers in the openEO documentation" }],
  },
  run: async (args, ctx): Promise<VectorCube> => {
    const cube = await materialize(cubeArgument(args.data, PROCESS), dataAccess(ctx));
    const reducer = args.reducer as Callback;
    const pixels = cube.grid.width * cube.grid.height;
    const budget = budgetOf(ctx);
    budget.reserveElements(pixels, `the values of one ${cube.grid.width} x ${cube.grid.height} px image handed to the reducer`);
    const values: Float64Array[] = [];
    for (const plane of cube.planes) {
      budget.spend(pixels, PROCESS);
      const data = Array.from(plane, (v) => (Number.isNaN(v) ? null : v));
      values.push(Float64Array.of(toCell(await reducer({ data, context: args.context }))));
    }
    // A cube of label dimensions only: a vector cube without geometries (see cube/vector.ts).
    return { kind: "vector", crs: cube.grid.crs, geometries: null, dims: cube.dims, values };
  },
};
