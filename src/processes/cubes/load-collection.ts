import { chooseBands, collectionBands } from "../../cube/bands";
import { dataAccess } from "../../cube/context";
import { propertyFilters, spatialExtent, temporalExtent } from "../../cube/parameters";
import type { LazyCube } from "../../cube/types";
import type { ProcessImplementation } from "../types";
import { boundingBox, DATACUBE, LOAD_BANDS, LOAD_PROPERTIES, TEMPORAL_INTERVAL } from "./schemas";

export const loadCollection: ProcessImplementation = {
  spec: {
    id: "load_collection",
    summary: "Make a data cube of a collection",
    description:
      "Makes a data cube of a collection, limited to the given extents, bands and item properties. Nothing is read yet: later filters narrow what will be read, and the first process that needs pixel values reads them onto the native grid of the first band. Time steps are acquisition days (midnight UTC); items of the same day are mosaicked, the earliest first.",
    categories: ["cubes", "import"],
    parameters: [
      { name: "id", description: "The collection's id.", schema: { type: "string", subtype: "collection-id", pattern: "^[\\w\\-\\.~/]+$" } },
      {
        name: "spatial_extent",
        description: "The area to load: a bounding box, or GeoJSON (its bounding box is used); null for the whole collection.",
        schema: [
          { title: "Bounding Box", ...boundingBox("The CRS of the box, an EPSG code or WKT2; WGS 84 (4326) by default. The box is reprojected to the cube's CRS.") },
          { title: "GeoJSON", description: "Deprecated (use load_geojson): the bounding box of the geometries limits the cube.", type: "object", subtype: "geojson", deprecated: true },
          { title: "Vector data cube", description: "The bounding box of the cube's geometries limits the cube.", type: "object", subtype: "datacube", dimensions: [{ type: "geometry" }] },
          { title: "No filter", description: "The whole spatial extent of the collection.", type: "null" },
        ],
      },
      {
        name: "temporal_extent",
        description: "The time to load, [start, end) with the end excluded; either end may be null. null loads all times.",
        schema: [{ ...TEMPORAL_INTERVAL, uniqueItems: true }, { title: "No filter", description: "All times of the collection.", type: "null" }],
      },
      LOAD_BANDS,
      LOAD_PROPERTIES,
    ],
    returns: { description: "A lazy data cube with the dimensions x, y, t and bands.", schema: DATACUBE },
    exceptions: {
      NoDataAvailable: { message: "There is no data available for the given extents." },
      TemporalExtentEmpty: { message: "The temporal extent is empty. The second instant in time must always be greater/later than the first instant in time." },
    },
  },
  run: async (args, ctx): Promise<LazyCube> => {
    const id = args.id as string;
    const collection = await dataAccess(ctx).collection(id);
    return {
      kind: "lazy",
      collection: id,
      bands: chooseBands(collectionBands(collection), (args.bands as string[] | null) ?? null, "load_collection", "the collection"),
      spatial: spatialExtent(args.spatial_extent, "load_collection", "spatial_extent"),
      temporal: temporalExtent(args.temporal_extent, "load_collection", "temporal_extent"),
      properties: propertyFilters(args.properties, "load_collection"),
    };
  },
};
