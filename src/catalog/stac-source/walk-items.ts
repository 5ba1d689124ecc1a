/**
 * The items a STAC document leads to, as an async stream (so a caller that needs only the first
 * few stops the walk early): an Item is itself; an ItemCollection is its pages (next links
 * followed); a STAC API collection is its items endpoint asked for the query; a static Collection
 * or Catalog is its item and child links, followed breadth first, several at a time.
 */
import type { ItemQuery } from "../../cube/context";
import type { StacItem, StacLink } from "../stac-types";
import { stacDocument, type StacDocument } from "./stac-document";
import { invalidStac } from "./stac-errors";
import type { StacFetcher } from "./stac-fetch";

const PAGE_SIZE = 100;
/** Documents of a static catalog fetched at once (Workers run six connections at a time). */
const PARALLEL = 6;

const instant = (iso: string | null) => (iso ? new Date(Date.parse(iso)).toISOString() : "..");

/** An items or search URL asking for the query's bbox and datetime, unless the URL sets its own. */
export function withQuery(url: string, query: ItemQuery): string {
  const target = new URL(url);
  const params = target.searchParams;
  if (query.bbox && !params.has("bbox") && !params.has("intersects")) params.set("bbox", query.bbox.join(","));
  const time = query.datetime;
  if (time && (time.start || time.end) && !params.has("datetime")) params.set("datetime", `${instant(time.start)}/${instant(time.end)}`);
  if (!params.has("limit")) params.set("limit", String(PAGE_SIZE));
  return target.href;
}

async function* pages(first: StacDocument, fetcher: StacFetcher): AsyncGenerator<StacItem> {
  const asked = new Set<string>();
  let page = first;
  for (;;) {
    if (page.kind !== "item-page") throw invalidStac(`${page.url} was expected to answer items (a FeatureCollection) but does not`);
    yield* page.items;
    const next = page.next;
    if (!next) return;
    // A next link that repeats an earlier page would loop forever.
    const key = `${next.method ?? "GET"} ${next.url} ${JSON.stringify(next.body ?? null)}`;
    if (asked.has(key)) return;
    asked.add(key);
    page = stacDocument(await fetcher.get(next));
  }
}

function itemsEndpoint(doc: StacDocument & { links: StacLink[] }): StacLink | undefined {
  return doc.links.find((l) => l.rel === "items");
}

/** Links a static catalog is walked along: items and sub-catalogs, unless typed as something other than JSON. */
function treeLinks(doc: StacDocument & { links: StacLink[] }): string[] {
  return doc.links.filter((l) => (l.rel === "item" || l.rel === "child") && (!l.type || /json/i.test(l.type))).map((l) => l.href);
}

async function* tree(root: StacDocument & { links: StacLink[] }, query: ItemQuery, fetcher: StacFetcher): AsyncGenerator<StacItem> {
  const seen = new Set([root.url]);
  const queue: string[] = [];
  const enqueue = (urls: string[]) => {
    for (const url of urls) {
      if (seen.has(url)) continue;
      seen.add(url);
      queue.push(url);
    }
  };
  enqueue(treeLinks(root));
  while (queue.length > 0) {
    const batch = queue.splice(0, PARALLEL);
    const docs = await Promise.all(batch.map(async (url) => stacDocument(await fetcher.get(url))));
    for (const doc of docs) {
      if (doc.kind === "item") yield doc.item;
      else if (doc.kind === "item-page") yield* pages(doc, fetcher);
      else {
        const endpoint = itemsEndpoint(doc);
        if (endpoint) yield* pages(stacDocument(await fetcher.get(withQuery(endpoint.href, query))), fetcher);
        else enqueue(treeLinks(doc));
      }
    }
  }
}

export async function* walkItems(root: StacDocument, query: ItemQuery, fetcher: StacFetcher): AsyncGenerator<StacItem> {
  if (root.kind === "item") {
    yield root.item;
  } else if (root.kind === "item-page") {
    yield* pages(stacDocument(await fetcher.get(withQuery(root.url, query))), fetcher);
  } else {
    if (Array.isArray(root.json.conformsTo)) {
      throw invalidStac(`${root.url} is the landing page of a STAC API; give the URL of one of its collections (.../collections/{id}) or a /search URL`);
    }
    const endpoint = itemsEndpoint(root);
    if (endpoint) yield* pages(stacDocument(await fetcher.get(withQuery(endpoint.href, query))), fetcher);
    else yield* tree(root, query, fetcher);
  }
}
