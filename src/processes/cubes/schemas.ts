/** Schemas the official data cube process definitions share, with descriptions in our words. */
import type { JsonSchema, ParameterSpec } from "../types";

export const DATACUBE: JsonSchema = { type: "object", subtype: "datacube" };

export const RASTER_CUBE: JsonSchema = { title: "Raster data cube", type: "object", subtype: "datacube", dimensions: [{ type: "spatial", axis: ["x", "y"] }] };

export const VECTOR_CUBE: JsonSchema = { title: "Vector data cube", type: "object", subtype: "datacube", dimensions: [{ type: "geometry" }] };

/** Geometries given as GeoJSON, as the geometry parameters of the cube processes still accept them. */
export const DEPRECATED_GEOJSON: JsonSchema = { title: "GeoJSON", type: "object", subtype: "geojson", description: "Deprecated (load_geojson makes a vector data cube); GeometryCollections are not supported.", deprecated: true };

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

/** load_collection's and load_stac's `bands`: names or common names, in order; null for all. */
export const LOAD_BANDS: ParameterSpec = {
  name: "bands",
  description: "The bands to load, in this order, each by name, alias (such as an asset key: `red` for Sentinel-2's B04) or common name; a name several bands answer to is refused. The cube's labels are the bands' names. null loads all.",
  schema: [{ type: "array", minItems: 1, items: { type: "string", subtype: "band-name" } }, { title: "No filter", description: "All bands.", type: "null" }],
  default: null,
  optional: true,
};

/** load_collection's and load_stac's `properties`: a filter process per item property. */
export const LOAD_PROPERTIES: ParameterSpec = {
  name: "properties",
  description: "Item property filters: for each property name, a process that gets the item's value as `value` and answers whether to load the item.",
  schema: [
    {
      type: "object",
      subtype: "metadata-filter",
      title: "Filters",
      description: "Property names mapped to the processes that check their values.",
      additionalProperties: {
        type: "object",
        subtype: "process-graph",
        parameters: [{ name: "value", description: "The item's value of the property.", schema: { description: "Any data type." } }],
        returns: { description: "true to load the item.", schema: { type: "boolean" } },
      },
    },
    { title: "No filter", description: "No property filter.", type: "null" },
  ],
  default: null,
  optional: true,
};
