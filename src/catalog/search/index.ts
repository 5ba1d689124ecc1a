/** Public API of the STAC API item-search module (pure: no bindings, no HTTP). */
export type { Bbox, FieldsSpec, Geometry, SearchQuery, SearchResult, SortKey, StacItem, TimeInterval } from "./types";
export type { Cql2Expression, Cql2Operand, Cql2Operation } from "./cql2/ast";
export type { SearchRequestOptions } from "./request-values";
export type { SearchItemsOptions } from "./search";
export type { QueryableDefinition, QueryablesDocument, QueryablesOptions, QueryableType } from "./queryables";
export { parseSearchGet } from "./parse-get";
export { parseSearchPost } from "./parse-post";
export { matchItems, pageOf, searchItems } from "./search";
export { projectItem } from "./fields";
export { createItemMatcher } from "./item-match";
export { parseFilter, type FilterLang } from "./cql2/parse-filter";
export { parseCql2Text } from "./cql2/text-parser";
export { validateCql2Json } from "./cql2/json-validator";
export { matchesFilter } from "./cql2/evaluate";
export { buildQueryables, CORE_QUERYABLES } from "./queryables";
export { CQL2_CONFORMANCE, FEATURES_SEARCH_CONFORMANCE, ITEM_SEARCH_CONFORMANCE, STAC_API_CONFORMANCE } from "./conformance";
