import type { StacCollection } from "./stac-types";

/**
 * The queryables of a collection (STAC API filter extension): a JSON Schema of the item
 * properties that filters can use, with value ranges and enumerations taken from the
 * collection's summaries so clients can offer sensible inputs.
 */
export function collectionQueryables(id: string, collection: StacCollection): Record<string, unknown> {
  const summaries = collection.summaries ?? {};
  const enumOf = (key: string) => {
    const values = summaries[key];
    return Array.isArray(values) && values.length ? { enum: values } : {};
  };
  const cloud = summaries["eo:cloud_cover"] as { minimum?: number; maximum?: number } | undefined;
  return {
    $schema: "https://json-schema.org/draft/2019-09/schema",
    $id: id,
    type: "object",
    title: `Queryables of ${collection.title ?? collection.id}`,
    properties: {
      id: { title: "Item id", type: "string" },
      collection: { title: "Collection id", type: "string" },
      geometry: { title: "Footprint", $ref: "https://geojson.org/schema/Geometry.json" },
      datetime: { title: "Acquisition time", type: "string", format: "date-time" },
      "eo:cloud_cover": {
        title: "Cloud cover (%)",
        type: "number",
        minimum: 0,
        maximum: 100,
        ...(cloud ? { description: `In this collection from ${cloud.minimum} to ${cloud.maximum}.` } : {}),
      },
      platform: { title: "Platform", type: "string", ...enumOf("platform") },
      constellation: { title: "Constellation", type: "string", ...enumOf("constellation") },
    },
    additionalProperties: true,
  };
}
