import { buildQueryables, CORE_QUERYABLES, type QueryableDefinition, type QueryablesDocument } from "./search";
import type { StacCollection } from "./stac-types";

function enumOf(summaries: Record<string, unknown>, key: string): { enum?: string[] } {
  const values = summaries[key];
  return Array.isArray(values) && values.length ? { enum: values as string[] } : {};
}

/**
 * The queryables of a collection (STAC API filter extension): the item properties filters can
 * use, with enumerations from the collection's summaries so clients can offer sensible inputs.
 */
export function collectionQueryables(id: string, collection: StacCollection): QueryablesDocument {
  const summaries = collection.summaries ?? {};
  const definitions: QueryableDefinition[] = [
    ...CORE_QUERYABLES,
    { name: "eo:cloud_cover", title: "Cloud cover (%)", type: "number", minimum: 0, maximum: 100 },
    { name: "platform", title: "Platform", type: "string", ...enumOf(summaries, "platform") },
    { name: "constellation", title: "Constellation", type: "string", ...enumOf(summaries, "constellation") },
  ];
  return buildQueryables(definitions, { id, title: `Queryables of ${collection.title ?? collection.id}` });
}

/** The queryables shared by all collections, for GET /queryables. */
export function globalQueryables(id: string): QueryablesDocument {
  return buildQueryables(CORE_QUERYABLES, { id, title: "Queryables of all collections" });
}
