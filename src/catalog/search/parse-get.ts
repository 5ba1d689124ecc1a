/**
 * GET /search and GET /collections/{id}/items query parameters to a SearchQuery. Lists are
 * comma-separated; `intersects` and a cql2-json `filter` are JSON strings. Unknown parameters
 * are ignored, as OGC API Features allows.
 */
import {
  bboxFrom,
  checkExclusive,
  fieldsFromText,
  filterFrom,
  intersectsFrom,
  limitFrom,
  sortbyFromText,
  stringListFrom,
  tokenFrom,
  type SearchRequestOptions,
} from "./request-values";
import { MAX_IDS } from "./budgets";
import { parseDatetimeParameter } from "./datetime";
import { parameterError } from "./search-errors";
import type { SearchQuery } from "./types";

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A GET parameter's value; 400 when it is repeated. */
export function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw parameterError(name, "must be given only once");
  return values[0];
}

function numbers(text: string, parameter: string): number[] {
  return text.split(",").map((part) => {
    if (!NUMBER.test(part.trim())) throw parameterError(parameter, `'${part}' is not a number`);
    return Number(part);
  });
}

function json(text: string, parameter: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw parameterError(parameter, "is not valid JSON");
  }
}

export function parseSearchGet(params: URLSearchParams, options: SearchRequestOptions = {}): SearchQuery {
  const get = (name: string) => single(params, name);
  const [bbox, intersects] = [get("bbox"), get("intersects")];
  checkExclusive(bbox, intersects);
  const limit = get("limit");
  if (limit !== undefined && !/^\d+$/.test(limit)) throw parameterError("limit", "must be an integer of at least 1");
  const query: SearchQuery = { sortby: [], limit: limitFrom(limit === undefined ? undefined : Number(limit), options) };
  if (bbox !== undefined) query.bbox = bboxFrom(numbers(bbox, "bbox"));
  if (intersects !== undefined) query.intersects = intersectsFrom(json(intersects, "intersects"));
  const datetime = get("datetime");
  if (datetime !== undefined) query.datetime = parseDatetimeParameter(datetime);
  const ids = get("ids");
  if (ids !== undefined) query.ids = stringListFrom(ids.split(","), "ids", MAX_IDS);
  const collections = get("collections");
  if (options.collection !== undefined) query.collections = [options.collection];
  else if (collections !== undefined) query.collections = stringListFrom(collections.split(","), "collections");
  const filter = get("filter");
  if (filter !== undefined) query.filter = filterFrom(filter, get("filter-lang"), "cql2-text", get("filter-crs"));
  const sortby = get("sortby");
  if (sortby !== undefined) query.sortby = sortbyFromText(sortby);
  const fields = get("fields");
  if (fields !== undefined) query.fields = fieldsFromText(fields);
  const token = get("token");
  if (token !== undefined) query.token = tokenFrom(token);
  return query;
}
