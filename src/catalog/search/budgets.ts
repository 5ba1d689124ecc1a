/**
 * What one search request may ask for. Search is public and every filter runs against every
 * candidate item, so these are the tightest budgets of the API; each is far above what a real
 * client sends. Over budget is a 400 (SearchParameterInvalid, or FilterInvalid for filters).
 */

/** Characters of a cql2-text filter, or of a cql2-json filter sent as text. */
export const MAX_FILTER_LENGTH = 10_000;
/** Operations, lists and geometry collections inside each other in a filter. */
export const MAX_FILTER_DEPTH = 20;
/** Operations and operands (values, properties, list entries, geometries) in a filter. */
export const MAX_FILTER_NODES = 1_000;
/** Values of one IN list. */
export const MAX_IN_VALUES = 500;
/** Positions of `intersects`, and of all geometries of a filter together. */
export const MAX_GEOMETRY_POSITIONS = 10_000;
/** GeometryCollections inside each other (GeoJSON advises against any nesting). */
export const MAX_GEOMETRY_NESTING = 8;
/** Entries of `ids`. */
export const MAX_IDS = 1_000;
/** Field names of `fields`, include and exclude together. */
export const MAX_FIELDS = 100;
/** Sort keys of `sortby`. */
export const MAX_SORT_KEYS = 10;
/** Items one search holds in memory at once: a page, or every match of a load (more is more than a Worker can read anyway). */
export const MAX_ITEMS = 10_000;
