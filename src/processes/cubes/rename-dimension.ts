import { dataAccess } from "../../cube/context";
import { assertNewName, dimensionMissing, findDimension } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { labelCubeArgument } from "../../cube/parameters";
import type { RasterCube } from "../../cube/types";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

export const renameDimension: ProcessImplementation = {
  spec: {
    id: "rename_dimension",
    summary: "Give a dimension a new name",
    description:
      "Changes the name of one dimension, the spatial ones (x and y) included; its type, labels, reference system and values stay as they are, and the old name no longer refers to it. An unknown `source` fails with `DimensionNotAvailable`, a `target` the cube already uses with `DimensionExists`. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube with the dimension to rename.", schema: DATACUBE },
      { name: "source", description: "The dimension's name now; it must exist (else `DimensionNotAvailable`).", schema: { type: "string" } },
      { name: "target", description: "The dimension's new name; no dimension of the cube may have it yet (else `DimensionExists`).", schema: { type: "string" } },
    ],
    returns: { description: "The data cube with the dimension renamed; everything else is unchanged.", schema: DATACUBE },
    exceptions: {
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist." },
      DimensionExists: { message: "A dimension with the specified name already exists." },
    },
  },
  run: async (args, ctx) => {
    const { cube: input, done } = labelCubeArgument(args.data, "rename_dimension");
    const cube = await materialize(input, dataAccess(ctx));
    const source = args.source as string;
    const target = args.target as string;
    const ref = findDimension(cube, source);
    if (!ref) throw dimensionMissing(source);
    assertNewName(cube, target);
    if (ref.kind === "spatial") return { ...cube, axes: { ...cube.axes, [ref.axis]: target } } satisfies RasterCube;
    return done({ ...cube, dims: cube.dims.map((d, i) => (i === ref.index ? { ...d, name: target } : d)) });
  },
};
