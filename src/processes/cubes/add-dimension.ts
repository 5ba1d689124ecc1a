import { dataAccess } from "../../cube/context";
import { assertNewName } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { anyCubeArgument } from "../../cube/parameters";
import { rowCount, type VectorCube } from "../../cube/vector";
import { vectorDimensionNames } from "../../cube/vector-labels";
import type { LabelDimension } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "add_dimension", parameter, reason });
}

/** The new dimension with its one label, as the cube model holds labels of that type. */
function newDimension(name: string, type: string, label: string | number): LabelDimension {
  if (type === "spatial") throw invalid("type", "every raster cube already has its two spatial dimensions (x and y) and a third spatial axis (z) is not supported");
  if (type === "geometry") throw invalid("type", "a geometry dimension can't be made from one label; vector data cubes come from load_geojson or aggregate_spatial");
  if (type === "bands") return { name, type, labels: [{ name: String(label) }] };
  if (type === "temporal") {
    if (typeof label !== "string" || Number.isNaN(Date.parse(label))) throw invalid("label", `the label of a temporal dimension must be an ISO 8601 date or instant, not ${JSON.stringify(label)}`);
    return { name, type, labels: [label] };
  }
  return { name, type: "other", labels: [label] };
}

/** A vector cube (or one without spatial dimensions) with the new dimension outermost; a cube of geometries only gets one no-data value per geometry. */
function addVectorDimension(cube: VectorCube, name: string, args: Record<string, unknown>): VectorCube {
  if (vectorDimensionNames(cube).includes(name)) throw OpenEOError.processException("DimensionExists", `The data cube already has a dimension '${name}'.`);
  const dim = newDimension(name, args.type as string, args.label as string | number);
  // Geometries only: no dimensions and no values. A dimension filtered to no labels has no values either, and keeps none.
  const values = cube.dims.length === 0 && cube.values.length === 0 ? [new Float64Array(rowCount(cube)).fill(NaN)] : cube.values;
  return { ...cube, dims: [dim, ...cube.dims], values };
}

export const addDimension: ProcessImplementation = {
  spec: {
    id: "add_dimension",
    summary: "Add a dimension with one label",
    description:
      "Adds a dimension called `name` with the single label `label` to the cube; the values stay as they are (each one now has that label). The new dimension may be of type `temporal` (the label must be an ISO 8601 date or instant), `bands` (the label becomes the band name) or `other` (the default). Vector data cubes (and cubes whose spatial dimensions were reduced) take new dimensions too; a cube of geometries only then holds no-data for each geometry. Spatial and geometry dimensions can't be added: every raster cube here already has x and y, a z axis is not supported, and geometries can't come from a label. A name the cube already uses fails with `DimensionExists`. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube that gets the new dimension.", schema: DATACUBE },
      { name: "name", description: "What the new dimension is called; no other dimension of the cube may have this name.", schema: { type: "string" } },
      { name: "label", description: "The one label of the new dimension.", schema: [{ type: "number" }, { type: "string" }] },
      {
        name: "type",
        description: "The kind of dimension: `temporal`, `bands` or `other` (the default). `spatial` and `geometry` are rejected as not supported.",
        schema: { type: "string", enum: ["bands", "geometry", "spatial", "temporal", "other"] },
        default: "other",
        optional: true,
      },
    ],
    returns: { description: "The data cube with the new one-label dimension; the other dimensions and the values are unchanged.", schema: DATACUBE },
    exceptions: { DimensionExists: { message: "A dimension with the specified name already exists." } },
  },
  run: async (args, ctx) => {
    const input = anyCubeArgument(args.data, "add_dimension");
    const name = args.name as string;
    if (input.kind === "vector") return addVectorDimension(input, name, args);
    const cube = await materialize(input, dataAccess(ctx));
    assertNewName(cube, name);
    const dim = newDimension(name, args.type as string, args.label as string | number);
    // A dimension with one label leaves the planes' order as it is; outermost, as the official examples show it.
    return { ...cube, dims: [dim, ...cube.dims] };
  },
};
