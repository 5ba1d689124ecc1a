import type { StacItem } from "./stac-types";
import { userFileRefPath } from "./user-file-ref";

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A stored asset's URL here: a user's file at /files (its owner reads it there), anything else at the asset download endpoint. */
function servedHref(href: string, key: string, base: string, itemUrl: string): string {
  const path = userFileRefPath(href);
  return path === undefined ? `${itemUrl}/assets/${encodeURIComponent(key)}` : `${base}/files/${path}`;
}

/**
 * An item as the API serves it: links into this API, and assets of ingested items (stored with
 * bucket keys as hrefs) pointing at the asset download endpoint, which supports range requests.
 * `assetsAt` is the item's URL under which that endpoint lies when it isn't `self` (Sentinel Hub's
 * catalogue serves items under its own ids but has no downloads of its own).
 */
export function servedItem(item: StacItem, collectionId: string, base: string, assetsAt?: string): StacItem {
  const self = `${base}/collections/${encodeURIComponent(collectionId)}/items/${encodeURIComponent(item.id)}`;
  const assets = Object.fromEntries(
    Object.entries(item.assets).map(([key, asset]) => [
      key,
      ABSOLUTE.test(asset.href) ? asset : { ...asset, href: servedHref(asset.href, key, base, assetsAt ?? self) },
    ]),
  );
  const own = item.links.filter((l) => !["self", "parent", "collection", "root"].includes(l.rel));
  return {
    ...item,
    collection: collectionId,
    assets,
    links: [
      { rel: "self", href: self, type: "application/geo+json" },
      { rel: "parent", href: `${base}/collections/${encodeURIComponent(collectionId)}`, type: "application/json" },
      { rel: "collection", href: `${base}/collections/${encodeURIComponent(collectionId)}`, type: "application/json" },
      { rel: "root", href: `${base}/`, type: "application/json" },
      ...own,
    ],
  };
}
