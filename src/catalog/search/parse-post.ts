/**
 * POST /search JSON body to a SearchQuery. Members are the GET parameters in JSON form (arrays,
 * `sortby` objects, a `fields` object, a cql2-json filter object); `null` counts as absent except
 * for `fields`, where it asks for the default fields. Unknown members are ignored.
 */
import { MAX_IDS } from "./budgets";
import { parseDatetimeParameter } from "./datetime";
import {
  bboxFrom,
  checkExclusive,
  checkSortKeyCount,
  fieldsFromJson,
  fieldsFromText,
  filterFrom,
  intersectsFrom,
  limitFrom,
  sortbyFromText,
  sortKeyFrom,
  stringListFrom,
  tokenFrom,
  type SearchRequestOptions,
} from "./request-values";
import { parameterError } from "./search-errors";
import type { SearchQuery, SortKey } from "./types";

function sortbyFromJson(value: unknown): SortKey[] {
  if (typeof value === "string") return sortbyFromText(value);
  if (!Array.isArray(value)) throw parameterError("sortby", "expected an array of {field, direction}");
  checkSortKeyCount(value.length);
  return value.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) {
      throw parameterError("sortby", "expected an array of {field, direction}");
    }
    const { field, direction } = entry as { field?: unknown; direction?: unknown };
    return sortKeyFrom(field, direction ?? "asc");
  });
}

export function parseSearchPost(body: unknown, options: SearchRequestOptions = {}): SearchQuery {
  if (body === undefined || body === null) body = {};
  if (typeof body !== "object" || Array.isArray(body)) throw parameterError("body", "expected a JSON object");
  const members = body as Record<string, unknown>;
  const get = (name: string) => members[name] ?? undefined;
  checkExclusive(get("bbox"), get("intersects"));
  const limit = get("limit");
  if (limit !== undefined && typeof limit !== "number") {
    throw parameterError("limit", "must be an integer of at least 1");
  }
  const query: SearchQuery = { sortby: [], limit: limitFrom(limit, options) };
  if (get("bbox") !== undefined) query.bbox = bboxFrom(get("bbox"));
  if (get("intersects") !== undefined) query.intersects = intersectsFrom(get("intersects"));
  const datetime = get("datetime");
  if (datetime !== undefined) {
    if (typeof datetime !== "string") throw parameterError("datetime", "expected a string");
    query.datetime = parseDatetimeParameter(datetime);
  }
  if (get("ids") !== undefined) query.ids = stringListFrom(get("ids"), "ids", MAX_IDS);
  if (options.collection !== undefined) query.collections = [options.collection];
  else if (get("collections") !== undefined) query.collections = stringListFrom(get("collections"), "collections");
  if (get("filter") !== undefined) {
    // cql2-json is the POST default, but a string can only be cql2-text unless declared otherwise.
    const defaultLang = typeof get("filter") === "string" ? "cql2-text" : "cql2-json";
    query.filter = filterFrom(get("filter"), get("filter-lang"), defaultLang, get("filter-crs"));
  }
  if (get("sortby") !== undefined) query.sortby = sortbyFromJson(get("sortby"));
  if ("fields" in members) {
    const fields = members.fields;
    query.fields = typeof fields === "string" ? fieldsFromText(fields) : fieldsFromJson(fields);
  }
  if (get("token") !== undefined) query.token = tokenFrom(get("token"));
  return query;
}
