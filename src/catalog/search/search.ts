/**
 * Runs a SearchQuery over a stream of items: filter, sort, take one page, project fields.
 * Every match is held in memory for sorting, so this suits catalogues that fit in memory.
 */
import { projectItem } from "./fields";
import { createItemMatcher } from "./item-match";
import { decodeToken, encodeToken, queryFingerprint } from "./paging-token";
import { sortItems } from "./sort";
import type { SearchQuery, SearchResult, StacItem } from "./types";

export interface SearchItemsOptions<T> {
  /** Applied to the page's items before field projection, e.g. to add absolute links. */
  prepare?: (item: T) => T;
}

/**
 * Every item the query's criteria match (no paging, no projection), in the query's order, or in
 * the items' own order with `sorted: false` (for aggregates that order their own results).
 */
export async function matchItems<T extends StacItem>(items: Iterable<T> | AsyncIterable<T>, query: SearchQuery, { sorted = true } = {}): Promise<T[]> {
  const matches = createItemMatcher(query);
  const matched: T[] = [];
  for await (const item of items) if (matches(item)) matched.push(item);
  return sorted ? sortItems(matched, query.sortby) : matched;
}

/** One page of a list held whole: the slice from `offset`, and where the next page starts if there is one. */
export function pageOf<T>(all: T[], offset: number, limit: number): { page: T[]; next?: number } {
  const page = all.slice(offset, offset + limit);
  return offset + limit < all.length ? { page, next: offset + limit } : { page };
}

export async function searchItems<T extends StacItem>(
  items: Iterable<T> | AsyncIterable<T>,
  query: SearchQuery,
  options: SearchItemsOptions<T> = {},
): Promise<SearchResult<T>> {
  const fingerprint = await queryFingerprint(query);
  const offset = query.token === undefined ? (query.offset ?? 0) : decodeToken(query.token, fingerprint);
  const matched = await matchItems(items, query);
  const { page, next } = pageOf(matched, offset, query.limit);
  const prepared = options.prepare ? page.map(options.prepare) : page;
  const fields = query.fields;
  const result: SearchResult<T> = {
    features: fields ? prepared.map((item) => projectItem(item, fields)) : prepared,
    numberMatched: matched.length,
    numberReturned: page.length,
  };
  if (next !== undefined) {
    result.next = encodeToken(next, fingerprint);
    result.nextOffset = next;
  }
  if (offset > 0) result.prev = encodeToken(Math.max(0, offset - query.limit), fingerprint);
  return result;
}
