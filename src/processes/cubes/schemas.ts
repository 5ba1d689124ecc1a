/** Schemas the official data cube process definitions share, with descriptions in our words. */
import type { JsonSchema } from "../types";

export const DATACUBE: JsonSchema = { type: "object", subtype: "datacube" };

export const RASTER_CUBE: JsonSchema = { title: "Raster data cube", type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] };

export const VECTOR_CUBE: JsonSchema = { title: "Vector data cube", type: "object", subtype: "datacube", dimensions: [{ type: "geometry" }] };

/** The bounding-box object; `crsDescription` differs between load_collection and filter_bbox. */
export function boundingBox(crsDescription: string): JsonSchema {
  return {
    type: "object",
    subtype: "bounding-box",
    required: ["west", "south", "east", "north"],
    properties: {
      west: { description: "Western edge (lower left corner, first axis).", type: "number" },
      south: { description: "Southern edge (lower left corner, second axis).", type: "number" },
      east: { description: "Eastern edge (upper right corner, first axis).", type: "number" },
      north: { description: "Northern edge (upper right corner, second axis).", type: "number" },
      base: { description: "Lower bound of the third axis, if any.", type: ["number", "null"], default: null },
      height: { description: "Upper bound of the third axis, if any.", type: ["number", "null"], default: null },
      crs: {
        description: crsDescription,
        anyOf: [
          { title: "EPSG Code", type: "integer", subtype: "epsg-code", minimum: 1000, examples: [3857] },
          { title: "WKT2", type: "string", subtype: "wkt2-definition" },
        ],
        default: 4326,
      },
    },
  };
}

export const TEMPORAL_INTERVAL: JsonSchema = {
  type: "array",
  subtype: "temporal-interval",
  minItems: 2,
  maxItems: 2,
  items: {
    anyOf: [
      { type: "string", format: "date-time", subtype: "date-time", description: "A date and time with time zone." },
      { type: "string", format: "date", subtype: "date", description: "A day (YYYY-MM-DD), meaning midnight UTC." },
      { type: "null" },
    ],
  },
  examples: [
    ["2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z"],
    ["2015-01-01", "2016-01-01"],
  ],
};
