import { OpenEOError } from "../../errors";
import type { SearchQuery } from "../search";
import type { RemoteCollectionConfig } from "../remote-collections";
import type { StacItem, StacLink } from "../stac-types";
import { fetchRemoteJson } from "./remote-source";

const REMOTE_TOKEN = "remote.";

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
  if (query.token) Object.assign(body, decodeRemoteToken(query.token));
  return body;
}

function decodeRemoteToken(token: string): Record<string, unknown> {
  try {
    if (token.startsWith(REMOTE_TOKEN)) return JSON.parse(atob(token.slice(REMOTE_TOKEN.length))) as Record<string, unknown>;
  } catch {
    // Falls through to the error below: a mangled token is the client's mistake.
  }
  throw new OpenEOError("SearchParameterInvalid", { parameter: "token", reason: "not a token of this search" });
}

/** The paging parameters of the remote's next link, wrapped into a token of ours. */
function nextToken(links: StacLink[] | undefined): string | undefined {
  const next = links?.find((l) => l.rel === "next");
  if (!next) return undefined;
  const paging = next.body && typeof next.body === "object" ? { ...(next.body as Record<string, unknown>) } : Object.fromEntries(new URL(next.href).searchParams);
  const kept = Object.fromEntries(Object.entries(paging).filter(([key]) => ["token", "next", "page"].includes(key)));
  return Object.keys(kept).length ? REMOTE_TOKEN + btoa(JSON.stringify(kept)) : undefined;
}

export interface RemoteSearchPage {
  features: StacItem[];
  numberMatched?: number;
  next?: string;
}

/** Forwards a search over one remote collection to its STAC API; paging goes through our tokens. */
export async function searchRemote(config: RemoteCollectionConfig, query: SearchQuery): Promise<RemoteSearchPage> {
  const answer = await fetchRemoteJson<{ features?: StacItem[]; links?: StacLink[]; numberMatched?: number; context?: { matched?: number } }>(
    `${config.api}/search`,
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(remoteBody(config, query)) },
  );
  return {
    features: (answer.features ?? []).map((item) => ({ ...item, collection: config.id })),
    numberMatched: answer.numberMatched ?? answer.context?.matched,
    next: nextToken(answer.links),
  };
}
