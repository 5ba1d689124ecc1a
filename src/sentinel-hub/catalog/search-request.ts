/**
 * Sentinel Hub Catalog API search parameters (GET query or POST body) to the openEO side's
 * SearchQuery, through the same parsers as /v1/search. Sentinel Hub's differences: exactly one
 * collection (under its Sentinel Hub name, resolved by the caller), `limit` 1..100 (10 by default;
 * larger ones are clamped, as STAC API has it), paging with `next` (the integer of the previous
 * page's `context.next`, or the token a remote collection's page gave), and `distinct`.
 */
import { parseSearchGet, parseSearchPost, type SearchQuery } from "../../catalog/search";
import { single } from "../../catalog/search/parse-get";
import { parameterError } from "../../catalog/search/search-errors";
import { decodeRemoteToken, MAX_REMOTE_TOKEN_LENGTH } from "../../catalog/sources/remote-token";

export const CATALOG_LIMITS = { defaultLimit: 10, maxLimit: 100 } as const;
/** Characters of `distinct`'s property name. */
const MAX_NAME_LENGTH = 256;
/** Collection names as the openEO side's collection ids are spelled, bounded. */
export const COLLECTION_NAME = /^[\w\-.~]{1,256}$/;

export interface CatalogSearch {
  query: SearchQuery;
  /** The Sentinel Hub name of the one collection searched. */
  collection: string;
  distinct?: string;
}

function oneCollection(query: SearchQuery): string {
  const names = query.collections;
  if (!names) throw parameterError("collections", "is required: name one collection, such as sentinel-2-l2a or byoc-<id>");
  if (names.length !== 1) throw parameterError("collections", `names ${names.length} collections; Sentinel Hub's catalogue searches exactly one`);
  if (!COLLECTION_NAME.test(names[0]!)) throw parameterError("collections", "is not a collection name such as sentinel-2-l2a or byoc-<id>");
  return names[0]!;
}

function applyNext(query: SearchQuery, next: unknown): void {
  if (next === undefined || next === null) return;
  if (typeof next === "number" || (typeof next === "string" && /^\d+$/.test(next))) {
    const offset = Number(next);
    if (!Number.isSafeInteger(offset) || offset < 0) throw parameterError("next", "must be the context.next of the previous page");
    query.offset = offset;
    return;
  }
  if (typeof next !== "string" || next === "" || next.length > MAX_REMOTE_TOKEN_LENGTH) throw parameterError("next", "must be the context.next of the previous page");
  // Checked here so that a bad one is blamed on `next`, the name this request gave it.
  decodeRemoteToken(next, "next");
  query.token = next;
}

/** The openEO side's paging parameter: taken by the shared parsers, but not one of Sentinel Hub's. */
function refuseToken(token: unknown): void {
  if (token !== undefined && token !== null) throw parameterError("token", "is not a Catalog API parameter: page with next, the context.next of the previous page");
}

function distinctFrom(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || value === "" || value.length > MAX_NAME_LENGTH) {
    throw parameterError("distinct", `must name one property (such as date), in at most ${MAX_NAME_LENGTH} characters`);
  }
  return value;
}

/** GET /search, or GET /collections/{collectionId}/items with `collection` its Sentinel Hub name. */
export function parseCatalogSearchGet(params: URLSearchParams, collection?: string): CatalogSearch {
  refuseToken(single(params, "token"));
  const query = parseSearchGet(params, { ...CATALOG_LIMITS, collection });
  applyNext(query, single(params, "next"));
  return { query, collection: oneCollection(query), distinct: distinctFrom(single(params, "distinct")) };
}

export function parseCatalogSearchPost(body: unknown): CatalogSearch {
  const query = parseSearchPost(body, CATALOG_LIMITS);
  const members = (body ?? {}) as Record<string, unknown>;
  refuseToken(members.token);
  applyNext(query, members.next);
  return { query, collection: oneCollection(query), distinct: distinctFrom(members.distinct) };
}
