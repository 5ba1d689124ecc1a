import { filterSpatial } from "../../cube/filters";
import { cubeArgument, spatialExtent } from "../../cube/parameters";
import type { ProcessImplementation } from "../types";
import { boundingBox, RASTER_CUBE, VECTOR_CUBE } from "./schemas";

export const filterBbox: ProcessImplementation = {
  spec: {
    id: "filter_bbox",
    summary: "Limit a cube to a bounding box",
    description:
      "Limits a data cube to the pixels that intersect a bounding box. On a cube not read yet this only narrows what will be read, so fewer tiles are fetched.",
    categories: ["cubes", "filter"],
    parameters: [
      { name: "data", description: "The data cube.", schema: [RASTER_CUBE, VECTOR_CUBE] },
      { name: "extent", description: "The bounding box to keep.", schema: boundingBox("The CRS of the box, an EPSG code or WKT2; WGS 84 (4326) by default.") },
    ],
    returns: { description: "The data cube limited to the box; other dimensions are unchanged.", schema: [RASTER_CUBE, VECTOR_CUBE] },
  },
  run: (args) => filterSpatial(cubeArgument(args.data, "filter_bbox"), spatialExtent(args.extent, "filter_bbox", "extent")!),
};
