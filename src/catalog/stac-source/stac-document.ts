/** What a fetched JSON document is, for load_stac: an Item, an ItemCollection page, a Collection or a Catalog. */
import type { StacItem, StacLink } from "../stac-types";
import { isObject } from "./json-object";
import { invalidStac } from "./stac-errors";
import type { FetchedJson, StacRequest } from "./stac-fetch";
import { isItemJson, itemBase, stacItem } from "./stac-item";

export type StacDocument =
  | { kind: "item"; url: string; item: StacItem }
  /** A page of items: a STAC API /search or /items answer, or a static ItemCollection file. */
  | { kind: "item-page"; url: string; items: StacItem[]; next?: StacRequest }
  | { kind: "collection" | "catalog"; url: string; json: Record<string, unknown>; links: StacLink[] };

/** The document's links with hrefs made absolute against its URL; malformed links are left out. */
export function documentLinks(json: Record<string, unknown>, base: string): StacLink[] {
  const links = Array.isArray(json.links) ? (json.links as unknown[]) : [];
  return links.flatMap((link) => {
    if (!isObject(link) || typeof link.rel !== "string" || typeof link.href !== "string") return [];
    try {
      return [{ ...(link as unknown as StacLink), href: new URL(link.href, base).href }];
    } catch {
      return [];
    }
  });
}

function nextRequest(links: StacLink[]): StacRequest | undefined {
  const next = links.find((l) => l.rel === "next");
  if (!next) return undefined;
  return next.method?.toUpperCase() === "POST" ? { url: next.href, method: "POST", body: next.body ?? {} } : { url: next.href };
}

export function stacDocument({ url, json }: FetchedJson): StacDocument {
  if (isItemJson(json)) return { kind: "item", url, item: stacItem(json, url) };
  if (!isObject(json)) throw invalidStac(`the document at ${url} is not a STAC Item, Collection, Catalog or ItemCollection`);
  const links = documentLinks(json, url);
  if (json.type === "FeatureCollection" && Array.isArray(json.features)) {
    const items = json.features.map((feature) => stacItem(feature, itemBase(feature, url)));
    const next = nextRequest(links);
    return { kind: "item-page", url, items, ...(next ? { next } : {}) };
  }
  // STAC 0.x collections and catalogs carry no type; their fields tell them apart.
  const isCollection = json.type === "Collection" || (json.type === undefined && isObject(json.extent) && typeof json.license === "string");
  const isCatalog = json.type === "Catalog" || (json.type === undefined && typeof json.stac_version === "string" && Array.isArray(json.links));
  if (isCollection || isCatalog) return { kind: isCollection ? "collection" : "catalog", url, json, links };
  throw invalidStac(`the document at ${url} is not a STAC Item, Collection, Catalog or ItemCollection`);
}
