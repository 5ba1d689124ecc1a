import { OpenEOError } from "../errors";
import type { Catalog } from "./catalog";
import { searchItems, type SearchQuery } from "./search";
import { searchRemote } from "./sources/remote-search";
import type { StacItem } from "./stac-types";

export interface SearchPage {
  features: Partial<StacItem>[];
  numberMatched?: number;
  numberReturned: number;
  next?: string;
  prev?: string;
}

/**
 * Runs an item search over the catalog. Ingested collections are searched in memory from their
 * indexes, BYOC collections through their Durable Objects' SQLite indexes; a remote collection is searched at its STAC API. Without `collections`, all ingested
 * collections are searched: the remote ones are whole-world archives to be named explicitly.
 */
export async function searchCatalog(catalog: Catalog, query: SearchQuery, serve: (item: StacItem) => StacItem): Promise<SearchPage> {
  const sources = await Promise.all((query.collections ?? (await catalog.collectionIds())).map((id) => catalog.source(id)));
  const ingested = sources.flatMap((s) => (s.kind === "ingested" ? [s.id] : []));
  const byoc = sources.flatMap((s) => (s.kind === "byoc" ? [s.id] : []));
  const remote = sources.flatMap((s) => (s.kind === "remote" ? [s.config] : []));
  if (query.collections === undefined || remote.length === 0) return searchIngested(catalog, ingested, byoc, query, serve);
  if (sources.length > 1) {
    throw new OpenEOError("SearchParameterInvalid", {
      parameter: "collections",
      reason: `remote collection '${remote[0]!.id}' must be searched on its own`,
    });
  }
  const page = await searchRemote(remote[0]!, query);
  return { ...page, features: page.features.map(serve), numberReturned: page.features.length };
}

/** BYOC collections' indexes narrow by bbox and time first; the rest of the query is applied in memory to all alike. */
async function searchIngested(catalog: Catalog, ids: string[], byoc: string[], query: SearchQuery, serve: (item: StacItem) => StacItem): Promise<SearchPage> {
  const lists = await Promise.all([...ids.map((id) => catalog.ingestedItems(id)), ...byoc.map((id) => catalog.byocItems(id, query))]);
  return searchItems(lists.flat(), query, { prepare: serve });
}
