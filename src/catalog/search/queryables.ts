/**
 * Queryables documents (JSON Schema draft 2019-09) as the STAC API filter extension describes
 * them for /queryables and /collections/{id}/queryables.
 */
export type QueryableType = "string" | "number" | "integer" | "boolean" | "timestamp" | "date" | "geometry";

export interface QueryableDefinition {
  /** The name used in filters, e.g. `eo:cloud_cover` (unprefixed, as the extension recommends). */
  name: string;
  title?: string;
  description?: string;
  /** Either a type or a `$ref` to an existing schema, e.g. a STAC extension's property. */
  type?: QueryableType;
  $ref?: string;
  enum?: Array<string | number>;
  minimum?: number;
  maximum?: number;
}

export interface QueryablesOptions {
  /** The document's own URL. */
  id: string;
  title?: string;
  description?: string;
  /** Whether names not listed may be used in filters (they then evaluate to NULL). Default true. */
  additionalProperties?: boolean;
}

export interface QueryablesDocument {
  $schema: "https://json-schema.org/draft/2019-09/schema";
  $id: string;
  type: "object";
  title?: string;
  description?: string;
  properties: Record<string, Record<string, unknown>>;
  additionalProperties: boolean;
}

const ITEM_SCHEMA = "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema";

/** The Item members every STAC API should offer as queryables. */
export const CORE_QUERYABLES: QueryableDefinition[] = [
  { name: "id", description: "Item identifier", $ref: `${ITEM_SCHEMA}/item.json#/id` },
  { name: "collection", description: "Collection identifier", $ref: `${ITEM_SCHEMA}/item.json#/collection` },
  { name: "geometry", description: "Footprint", $ref: `${ITEM_SCHEMA}/item.json#/geometry` },
  { name: "datetime", description: "Acquisition time", $ref: `${ITEM_SCHEMA}/datetime.json#/properties/datetime` },
];

function typeSchema(type: QueryableType): Record<string, unknown> {
  switch (type) {
    case "timestamp":
      return { type: "string", format: "date-time" };
    case "date":
      return { type: "string", format: "date" };
    case "geometry":
      return { $ref: "https://geojson.org/schema/Geometry.json" };
    default:
      return { type };
  }
}

export function buildQueryables(definitions: QueryableDefinition[], options: QueryablesOptions): QueryablesDocument {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const { name, type, ...rest } of definitions) {
    if (name in properties) throw new Error(`Queryable '${name}' is defined twice`);
    if ((type === undefined) === (rest.$ref === undefined)) {
      throw new Error(`Queryable '${name}' needs either a type or a $ref`);
    }
    properties[name] = { ...rest, ...(type ? typeSchema(type) : {}) };
  }
  return {
    $schema: "https://json-schema.org/draft/2019-09/schema",
    $id: options.id,
    type: "object",
    ...(options.title ? { title: options.title } : {}),
    ...(options.description ? { description: options.description } : {}),
    properties,
    additionalProperties: options.additionalProperties ?? true,
  };
}
