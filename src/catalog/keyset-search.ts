/**
 * Item search in the default order (newest first, then id, then collection) paged by the last
 * item's key instead of an offset: each BYOC collection's index answers only the page after that
 * key, so paging through a collection of millions of items reads one page a request. Ingested
 * collections (small, whole in memory) are merged in by the same key.
 */
import type { Catalog, CollectionSource } from "./catalog";
import { createItemMatcher, type SearchQuery } from "./search";
import { projectItem } from "./search/fields";
import { parseDateTime } from "./search/datetime";
import { MAX_ITEMS } from "./search/budgets";
import { encodeKeyToken, type PageKey } from "./search/paging-token";
import type { ByocItemQuery } from "./byoc/records";
import { indexNarrowing } from "./sources/byoc-source";
import type { StacItem } from "./stac-types";

export interface KeysetPage {
  features: Partial<StacItem>[];
  numberReturned: number;
  next?: string;
  /** The first page's next offset (for APIs that page by offsets), when a first page was asked for. */
  nextOffset?: number;
}

/** Whether the query asks for the order keyset pages follow. */
export function inKeyOrder(query: SearchQuery): boolean {
  const [first, ...rest] = query.sortby;
  return first === undefined || (rest.length === 0 && first.field === "properties.datetime" && first.direction === "desc");
}

function keyOf(item: StacItem): PageKey {
  const time = item.properties.datetime ?? item.properties.start_datetime;
  return [(typeof time === "string" ? parseDateTime(time) : undefined) ?? null, item.id, item.collection ?? ""];
}

/** Key order: datetime descending with missing ones last, then id, then collection. */
function compareKeys(a: PageKey, b: PageKey): number {
  if (a[0] !== b[0]) {
    if (a[0] === null) return 1;
    if (b[0] === null) return -1;
    return b[0] - a[0];
  }
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}

/** Items a collection's index is asked for after its first answer fell short. */
const LATER_READ = 1000;

/** Where a collection's scan stopped: its items up to `frontier` are all in `items`; undefined when it was read to the end. */
interface Scanned {
  items: StacItem[];
  frontier?: PageKey;
}

/** The index's share of the query for one BYOC collection, after `key`. */
function indexQuery(query: SearchQuery, collection: string, key: PageKey | undefined, limit: number): Omit<ByocItemQuery, "maxBytes"> {
  return {
    ...indexNarrowing(query),
    ...(key && key[0] !== null ? { after: { datetime: key[0], id: key[1], inclusive: collection > key[2] } } : {}),
    limit,
  };
}

/**
 * One BYOC collection's matches after `key`, until `need` are found. The index narrows by bbox,
 * time, ids and the filter's simple comparisons; the whole query is checked here, reading on while it
 * refuses items, up to MAX_ITEMS read.
 */
async function scanByoc(catalog: Catalog, id: string, query: SearchQuery, key: PageKey | undefined, need: number, matches: (item: StacItem) => boolean): Promise<Scanned> {
  // Items without a time sort last, and BYOC items all have one: none follow such a key.
  if (key && key[0] === null) return { items: [] };
  const items: StacItem[] = [];
  let after = key;
  for (let read = 0; read < MAX_ITEMS; ) {
    // The first read asks for what the page needs; once the whole query refused some, reads are
    // large, so that a filter matching nothing costs a few index calls rather than one per item.
    const limit = read === 0 ? need - items.length : Math.max(need - items.length, LATER_READ);
    const page = await catalog.byocPage(id, indexQuery(query, id, after, limit));
    read += page.items.length;
    for (const item of page.items) if (matches(item)) items.push(item);
    if (page.items.length > 0) after = keyOf(page.items.at(-1)!);
    if (!page.more) return { items };
    if (items.length >= need) break;
  }
  return { items, ...(after ? { frontier: after } : {}) };
}

/** Every match of an ingested collection after `key` (its items are in memory anyway). */
async function scanIngested(catalog: Catalog, id: string, key: PageKey | undefined, matches: (item: StacItem) => boolean): Promise<Scanned> {
  const items = (await catalog.ingestedItems(id)).filter((item) => matches(item) && (!key || compareKeys(keyOf(item), key) > 0));
  return { items };
}

/**
 * One page of the query over local collections (ingested and BYOC), after the key of the previous
 * page's last item (none: the first page). Pages carry no numberMatched: counting every match is
 * what this avoids.
 */
export async function keysetSearch(
  catalog: Catalog,
  sources: CollectionSource[],
  query: SearchQuery,
  key: PageKey | undefined,
  fingerprint: string,
  serve: (item: StacItem) => StacItem,
): Promise<KeysetPage> {
  const matches = createItemMatcher(query);
  const need = query.limit + 1;
  const scans = await Promise.all(
    sources.flatMap((s) => (s.kind === "byoc" ? [scanByoc(catalog, s.id, query, key, need, matches)] : s.kind === "ingested" ? [scanIngested(catalog, s.id, key, matches)] : [])),
  );
  // Past the first frontier some collection's items were not read: the page ends there.
  const frontiers = scans.flatMap((s) => (s.frontier ? [s.frontier] : [])).sort(compareKeys);
  const frontier = frontiers[0];
  const candidates = scans
    .flatMap((s) => s.items)
    .map((item) => ({ item, key: keyOf(item) }))
    .filter((c) => !frontier || compareKeys(c.key, frontier) <= 0)
    .sort((a, b) => compareKeys(a.key, b.key));
  const page = candidates.slice(0, query.limit);
  const nextKey = candidates.length > query.limit ? page.at(-1)!.key : frontier;
  const fields = query.fields;
  const served = page.map((c) => serve(c.item));
  return {
    features: fields ? served.map((item) => projectItem(item, fields)) : served,
    numberReturned: page.length,
    ...(nextKey ? { next: encodeKeyToken(nextKey, fingerprint), ...(key === undefined ? { nextOffset: page.length } : {}) } : {}),
  };
}
