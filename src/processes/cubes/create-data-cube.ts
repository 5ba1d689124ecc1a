import type { RasterCube } from "../../cube/types";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

export const createDataCube: ProcessImplementation = {
  spec: {
    id: "create_data_cube",
    summary: "A new data cube without values",
    description:
      "Answers an empty data cube: it holds no values and no label dimensions. Every raster cube of this back-end has the two spatial dimensions x and y, so this one has them too, with no labels (a grid of 0 x 0 pixels in EPSG:4326) rather than no dimensions at all. Label dimensions can be added with add_dimension; spatial ones can't be added, so the cube can't get pixels and is of little use yet.",
    categories: ["cubes"],
    parameters: [],
    returns: { description: "A data cube without values: x and y without labels and no other dimension.", schema: DATACUBE },
  },
  run: (): RasterCube => ({
    kind: "raster",
    grid: { crs: "EPSG:4326", bbox: [0, 0, 0, 0], width: 0, height: 0 },
    axes: { x: "x", y: "y" },
    dims: [],
    // No label dimensions means one plane, here of no pixels.
    planes: [new Float32Array(0)],
  }),
};
