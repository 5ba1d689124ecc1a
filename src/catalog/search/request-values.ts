/**
 * Normalisers shared by the GET and POST parsers; each takes the already-decoded value of one
 * parameter and throws SearchParameterInvalid (400) naming it.
 */
import { parseBbox } from "./bbox";
import { FILTER_LANGS, parseFilter, type FilterLang } from "./cql2/parse-filter";
import type { Cql2Expression } from "./cql2/ast";
import { normaliseFieldPath } from "./field-path";
import { MAX_FIELDS, MAX_GEOMETRY_POSITIONS, MAX_SORT_KEYS } from "./budgets";
import { parseGeometry, positionCount } from "./geojson";
import { parameterError } from "./search-errors";
import type { Bbox, FieldsSpec, Geometry, SortKey } from "./types";

export interface SearchRequestOptions {
  /** Page size when `limit` is absent; 10 unless configured. */
  defaultLimit?: number;
  /** Larger limits are clamped to this (STAC API: not an error); 10000 unless configured. */
  maxLimit?: number;
  /** For /collections/{id}/items: restricts the search to this collection. */
  collection?: string;
}

const CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
/** Members that aren't scalars and so can't be sorted on. */
const UNSORTABLE = new Set(["geometry", "bbox", "assets", "links", "properties", "stac_extensions"]);

const failFor = (parameter: string) => (reason: string) => parameterError(parameter, reason);

export function limitFrom(value: number | undefined, options: SearchRequestOptions): number {
  const maximum = options.maxLimit ?? 10_000;
  if (value === undefined) return Math.min(options.defaultLimit ?? 10, maximum);
  if (!Number.isInteger(value) || value < 1) throw parameterError("limit", "must be an integer of at least 1");
  return Math.min(value, maximum);
}

export function bboxFrom(numbers: unknown): Bbox {
  return parseBbox(numbers, failFor("bbox"));
}

export function intersectsFrom(value: unknown): Geometry {
  const geometry = parseGeometry(value, failFor("intersects"), "intersects");
  const positions = positionCount(geometry);
  if (positions > MAX_GEOMETRY_POSITIONS) throw parameterError("intersects", `has ${positions} positions, more than the ${MAX_GEOMETRY_POSITIONS} allowed`);
  return geometry;
}

/** `max` bounds the entries (ids); unbounded lists are still bounded by the request's size. */
export function stringListFrom(value: unknown, parameter: string, max = Infinity): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw parameterError(parameter, "expected a non-empty list of strings");
  }
  if (value.length > max) throw parameterError(parameter, `has ${value.length} entries, more than the ${max} allowed`);
  if (!value.every((entry) => typeof entry === "string" && entry !== "")) {
    throw parameterError(parameter, "every entry must be a non-empty string");
  }
  return value as string[];
}

export function sortKeyFrom(field: unknown, direction: unknown): SortKey {
  if (typeof field !== "string" || field.trim() === "") {
    throw parameterError("sortby", "every entry needs a field name");
  }
  const path = normaliseFieldPath(field.trim());
  if (UNSORTABLE.has(path)) throw parameterError("sortby", `can't sort on '${field}'`);
  const normalised = typeof direction === "string" ? direction.toLowerCase() : direction;
  if (normalised !== "asc" && normalised !== "desc") {
    throw parameterError("sortby", `direction must be 'asc' or 'desc'`);
  }
  return { field: path, direction: normalised };
}

export function checkSortKeyCount(count: number): void {
  if (count > MAX_SORT_KEYS) throw parameterError("sortby", `has ${count} sort keys, more than the ${MAX_SORT_KEYS} allowed`);
}

function checkFieldCount(spec: FieldsSpec): FieldsSpec {
  const count = (spec.include?.length ?? 0) + spec.exclude.length;
  if (count > MAX_FIELDS) throw parameterError("fields", `names ${count} fields, more than the ${MAX_FIELDS} allowed`);
  return spec;
}

/** GET form `+a,-b,c`. A leading space is a `+` that the query-string decoding turned into one. */
export function sortbyFromText(text: string): SortKey[] {
  const entries = text.split(",");
  checkSortKeyCount(entries.length);
  return entries.map((entry) => {
    const direction = entry.startsWith("-") ? "desc" : "asc";
    return sortKeyFrom(entry.replace(/^[+\- ]/, ""), direction);
  });
}

/** GET form `a,-b`; an empty string or only excludes mean "empty include" (default fields). */
export function fieldsFromText(text: string): FieldsSpec {
  const spec: Required<FieldsSpec> = { include: [], exclude: [] };
  for (const entry of text.split(",")) {
    const name = entry.replace(/^[+\- ]/, "");
    if (name === "") continue;
    (entry.startsWith("-") ? spec.exclude : spec.include).push(normaliseFieldPath(name));
  }
  return checkFieldCount(spec);
}

/** POST form; a missing `include` differs from a null or empty one (see FieldsSpec). */
export function fieldsFromJson(value: unknown): FieldsSpec {
  if (value === null) return { include: [], exclude: [] };
  if (typeof value !== "object" || Array.isArray(value)) {
    throw parameterError("fields", "expected an object with include and exclude");
  }
  const { include, exclude } = value as { include?: unknown; exclude?: unknown };
  const paths = (list: unknown, name: string) => {
    if (list === null || list === undefined) return [];
    if (!Array.isArray(list) || !list.every((entry) => typeof entry === "string" && entry !== "")) {
      throw parameterError("fields", `${name} must be an array of field names`);
    }
    return (list as string[]).map(normaliseFieldPath);
  };
  const spec: FieldsSpec = { exclude: paths(exclude, "exclude") };
  // A missing include only means "all fields" when something is excluded; `{}` means defaults.
  if (include !== undefined || spec.exclude.length === 0) spec.include = paths(include, "include");
  return checkFieldCount(spec);
}

export function filterFrom(value: unknown, lang: unknown, defaultLang: FilterLang, crs: unknown): Cql2Expression {
  if (crs !== undefined && crs !== CRS84) throw parameterError("filter-crs", `only ${CRS84} is supported`);
  const chosen = lang ?? defaultLang;
  if (!FILTER_LANGS.includes(chosen as FilterLang)) {
    throw parameterError("filter-lang", "must be cql2-text or cql2-json");
  }
  return parseFilter(value, chosen as FilterLang);
}

export function tokenFrom(value: unknown): string {
  if (typeof value !== "string" || value === "") throw parameterError("token", "expected a non-empty string");
  return value;
}

export function checkExclusive(bbox: unknown, intersects: unknown): void {
  if (bbox !== undefined && intersects !== undefined) {
    throw parameterError("intersects", "bbox and intersects can't be used together");
  }
}
