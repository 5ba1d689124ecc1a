/**
 * The documents of Sentinel Hub's Catalog API (a STAC API under /api/v1/catalog/1.0.0): the
 * landing page, conformance, and item pages with Sentinel Hub's `context` ({next, limit,
 * returned}, `next` only when there is another page).
 */
import { STAC_API_CONFORMANCE } from "../../catalog/search";
import { STAC_VERSION, type StacLink } from "../../catalog/stac-types";

export const CATALOG_PREFIX = "/api/v1/catalog/1.0.0";

/** Origin and prefix of a request: the base of the catalogue's absolute URLs. */
export function catalogBaseOf(requestUrl: string): string {
  return `${new URL(requestUrl).origin}${CATALOG_PREFIX}`;
}

export interface LandingInfo {
  id: string;
  title: string;
  /** The OpenAPI document that describes these routes too. */
  serviceDesc: string;
}

export function landingPage(base: string, info: LandingInfo, collections: string[]) {
  const json = "application/json";
  const links: StacLink[] = [
    { rel: "self", href: `${base}/`, type: json },
    { rel: "root", href: `${base}/`, type: json },
    { rel: "conformance", href: `${base}/conformance`, type: json },
    { rel: "data", href: `${base}/collections`, type: json },
    { rel: "search", href: `${base}/search`, type: "application/geo+json", method: "GET" },
    { rel: "search", href: `${base}/search`, type: "application/geo+json", method: "POST" },
    { rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", href: `${base}/queryables`, type: "application/schema+json", title: "Queryables" },
    { rel: "service-desc", href: info.serviceDesc, type: "application/vnd.oai.openapi+json;version=3.0" },
    ...collections.map((name) => ({ rel: "child", href: `${base}/collections/${encodeURIComponent(name)}`, type: json, title: name })),
  ];
  return {
    stac_version: STAC_VERSION,
    type: "Catalog",
    id: info.id,
    title: `${info.title}: Sentinel Hub Catalog API`,
    description: "Collections and items of this back-end as Sentinel Hub's Catalog API (STAC API 1.0.0) serves them.",
    conformsTo: STAC_API_CONFORMANCE,
    links,
  };
}

/**
 * An item page (features are items, or distinct values); `next` is where the next page starts
 * (an offset), or a remote collection's token.
 */
export function featurePage(features: unknown[], links: StacLink[], limit: number, next: number | string | undefined) {
  const context = { ...(next === undefined ? {} : { next }), limit, returned: features.length };
  return { type: "FeatureCollection", features, links, numberReturned: features.length, context };
}
