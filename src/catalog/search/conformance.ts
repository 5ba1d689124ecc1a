/**
 * Conformance classes this module implements, for the landing page and /conformance.
 * t_intersects is evaluated too, but the Temporal Functions class needs all 15 temporal
 * functions, so it is not claimed.
 */
const CQL2 = "http://www.opengis.net/spec/cql2/1.0/conf";

export const CQL2_CONFORMANCE = [
  `${CQL2}/cql2-text`,
  `${CQL2}/cql2-json`,
  `${CQL2}/basic-cql2`,
  `${CQL2}/advanced-comparison-operators`,
  `${CQL2}/case-insensitive-comparison`,
  `${CQL2}/accent-insensitive-comparison`,
  `${CQL2}/basic-spatial-functions`,
  `${CQL2}/basic-spatial-functions-plus`,
  `${CQL2}/property-property`,
] as const;

/**
 * GET/POST /search with the filter, sort and fields extensions. The Filter class also expects
 * a /queryables endpoint (see `buildQueryables`).
 */
export const ITEM_SEARCH_CONFORMANCE = [
  "https://api.stacspec.org/v1.0.0/item-search",
  "https://api.stacspec.org/v1.0.0/item-search#filter",
  "https://api.stacspec.org/v1.0.0/item-search#sort",
  "https://api.stacspec.org/v1.0.0/item-search#fields",
  "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
  ...CQL2_CONFORMANCE,
] as const;

/** The same extensions bound to GET /collections/{id}/items (with /collections/{id}/queryables). */
export const FEATURES_SEARCH_CONFORMANCE = [
  "https://api.stacspec.org/v1.0.0/ogcapi-features#sort",
  "https://api.stacspec.org/v1.0.0/ogcapi-features#fields",
  "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
] as const;

/** Every STAC API and OGC API class the catalogue implements: core, collections, features and item search. */
export const STAC_API_CONFORMANCE = [
  "https://api.stacspec.org/v1.0.0/core",
  "https://api.stacspec.org/v1.0.0/collections",
  "https://api.stacspec.org/v1.0.0/ogcapi-features",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
  "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
  "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/collections",
  ...ITEM_SEARCH_CONFORMANCE,
  ...FEATURES_SEARCH_CONFORMANCE,
] as const;
