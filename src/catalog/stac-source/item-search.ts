/** The cube's item query as a catalog search (bbox and time only), for the catalog and for filtering walked STAC. */
import type { ItemQuery } from "../../cube/context";
import type { SearchQuery } from "../search";

export function itemSearch(query: ItemQuery, limit: number): SearchQuery {
  const ms = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);
  const [west, south, east, north] = query.bbox ?? [];
  return {
    ...(query.bbox ? { bbox: { west: west!, south: south!, east: east!, north: north! } } : {}),
    ...(query.datetime ? { datetime: { start: ms(query.datetime.start), end: ms(query.datetime.end) } } : {}),
    sortby: [],
    limit,
  };
}
