import { OpenEOError } from "../errors";
import type { Catalog, CollectionSource } from "./catalog";
import { matchItems, projectItem, searchItems, type SearchQuery } from "./search";
import { inKeyOrder, keysetSearch } from "./keyset-search";
import { decodeKeyToken, queryFingerprint } from "./search/paging-token";
import { searchRemote } from "./sources/remote-search";
import type { StacItem } from "./stac-types";

export interface SearchPage {
  features: Partial<StacItem>[];
  numberMatched?: number;
  numberReturned: number;
  next?: string;
  prev?: string;
  /** Where the next page starts, for searches of ingested collections (remote ones page by token only). */
  nextOffset?: number;
}

/** The query's collections, or all local ones (ingested and BYOC): the remote ones are whole-world archives to be named explicitly. */
async function sourcesOf(catalog: Catalog, query: SearchQuery): Promise<CollectionSource[]> {
  if (query.collections) return Promise.all(query.collections.map((id) => catalog.source(id)));
  return (await catalog.sources()).filter((source) => source.kind !== "remote");
}

/**
 * Runs an item search over the catalog. Ingested collections are searched in memory from their
 * indexes, BYOC collections through their Durable Objects' SQLite indexes; a remote collection is
 * searched at its STAC API.
 */
export async function searchCatalog(catalog: Catalog, query: SearchQuery, serve: (item: StacItem) => StacItem): Promise<SearchPage> {
  const sources = await sourcesOf(catalog, query);
  const remote = sources.flatMap((s) => (s.kind === "remote" ? [s.config] : []));
  if (remote.length === 0) return searchLocal(catalog, sources, query, serve);
  if (sources.length > 1) {
    throw new OpenEOError("SearchParameterInvalid", {
      parameter: "collections",
      reason: `remote collection '${remote[0]!.id}' must be searched on its own`,
    });
  }
  if (query.offset) throw new OpenEOError("SearchParameterInvalid", { parameter: "next", reason: `remote collection '${remote[0]!.id}' pages only by the token of its previous page` });
  const page = await searchRemote(remote[0]!, query);
  // Fields are projected here: remote APIs may not implement the extension.
  const fields = query.fields;
  const served = page.features.map(serve);
  return { ...page, features: fields ? served.map((item) => projectItem(item, fields)) : served, numberReturned: page.features.length };
}

/**
 * A search of local collections: in the default order, and not at an offset, by keys (BYOC
 * collections answer one page from their indexes); in any other order every match in memory.
 */
async function searchLocal(catalog: Catalog, sources: CollectionSource[], query: SearchQuery, serve: (item: StacItem) => StacItem): Promise<SearchPage> {
  const byoc = sources.some((s) => s.kind === "byoc");
  if (byoc && inKeyOrder(query) && !query.offset) {
    const fingerprint = await queryFingerprint(query);
    const key = query.token === undefined ? undefined : decodeKeyToken(query.token, fingerprint);
    if (query.token === undefined || key) return keysetSearch(catalog, sources, query, key, fingerprint, serve);
  }
  return searchItems(await localItems(catalog, sources, query), query, { prepare: serve });
}

/**
 * Every match of a query over ingested collections, unpaged and unsorted (for aggregates such as
 * distinct values). A remote collection would have to be fetched whole, so naming one is refused.
 */
export async function matchIngested(catalog: Catalog, query: SearchQuery, purpose: string): Promise<StacItem[]> {
  const sources = await sourcesOf(catalog, query);
  const remote = sources.find((s) => s.kind === "remote");
  if (remote?.kind === "remote") {
    throw new OpenEOError("SearchParameterInvalid", { parameter: purpose, reason: `is not supported on remote collection '${remote.config.id}'` });
  }
  return matchItems(await localItems(catalog, sources, query), query, { sorted: false });
}

/** The items of the local collections among `sources`: ingested ones whole, BYOC ones narrowed by bbox and time in their indexes first (the rest of the query is applied to all alike). */
async function localItems(catalog: Catalog, sources: CollectionSource[], query: SearchQuery): Promise<StacItem[]> {
  const lists = await Promise.all(sources.flatMap((s) => (s.kind === "ingested" ? [catalog.ingestedItems(s.id)] : s.kind === "byoc" ? [catalog.byocItems(s.id, query)] : [])));
  return lists.flat();
}
