import type { SearchQuery } from "../search";
import type { RemoteCollectionConfig } from "../remote-collections";
import type { StacItem, StacLink } from "../stac-types";
import { fetchRemoteJson, unreachable } from "./remote-source";
import { decodeRemoteToken, encodeRemoteToken, pagingMembers } from "./remote-token";

function isoOrOpen(ms: number | null): string {
  return ms === null ? ".." : new Date(ms).toISOString();
}

/** Our normalised query as a STAC API POST /search body for the remote API. */
function remoteBody(config: RemoteCollectionConfig, query: SearchQuery): Record<string, unknown> {
  const body: Record<string, unknown> = { collections: [config.remoteId], limit: query.limit };
  if (query.bbox) body.bbox = [query.bbox.west, query.bbox.south, query.bbox.east, query.bbox.north];
  if (query.intersects) body.intersects = query.intersects;
  if (query.datetime) {
    const { start, end } = query.datetime;
    body.datetime = start !== null && start === end ? isoOrOpen(start) : `${isoOrOpen(start)}/${isoOrOpen(end)}`;
  }
  if (query.ids) body.ids = query.ids;
  if (query.filter) Object.assign(body, { filter: query.filter, "filter-lang": "cql2-json" });
  if (query.sortby.length) body.sortby = query.sortby;
  // Only paging members: the token is the caller's, and must not change the collection or the page size.
  if (query.token) Object.assign(body, decodeRemoteToken(query.token, "token"));
  return body;
}

/** The paging parameters of the remote's next link, wrapped into a token of ours. */
function nextToken(url: string, links: StacLink[] | undefined): string | undefined {
  const next = links?.find((l) => l.rel === "next");
  if (!next) return undefined;
  const parameters = next.body && typeof next.body === "object" ? { ...(next.body as Record<string, unknown>) } : Object.fromEntries(new URL(next.href).searchParams);
  const members = pagingMembers(parameters);
  if (Object.keys(members).length === 0) return undefined;
  const token = encodeRemoteToken(members);
  if (!token) throw unreachable(url, "its next page is named by a token larger than this service forwards");
  return token;
}

export interface RemoteSearchPage {
  features: StacItem[];
  numberMatched?: number;
  next?: string;
}

/** Forwards a search over one remote collection to its STAC API; paging goes through our tokens. */
export async function searchRemote(config: RemoteCollectionConfig, query: SearchQuery): Promise<RemoteSearchPage> {
  const url = `${config.api}/search`;
  const answer = await fetchRemoteJson<{ features?: StacItem[]; links?: StacLink[]; numberMatched?: number; context?: { matched?: number } }>(
    url,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(remoteBody(config, query)) },
  );
  return {
    features: (answer.features ?? []).map((item) => ({ ...item, collection: config.id })),
    numberMatched: answer.numberMatched ?? answer.context?.matched,
    next: nextToken(url, answer.links),
  };
}
