/**
 * Sentinel Hub's distinct extension: instead of items, the distinct values of one property over
 * every matching item, ascending. `date` is the UTC day of each item's datetime (its start when it
 * has a range); any other name is an item property (`platform`, `eo:cloud_cover`, ...). Items
 * without the property, or with a value that isn't a string, number or boolean, add nothing.
 * The values are held and sorted whole, so there may be at most MAX_DISTINCT_VALUES of them.
 */
import { valueAtPath, normaliseFieldPath } from "../../catalog/search/field-path";
import { parameterError } from "../../catalog/search/search-errors";
import type { StacItem } from "../../catalog/stac-types";

/** Far more than a useful list (ten thousand days are 27 years); beyond it the search is too broad. */
export const MAX_DISTINCT_VALUES = 10_000;

export type DistinctValue = string | number | boolean;

function dayOf(item: StacItem): string | undefined {
  const when = item.properties.datetime ?? item.properties.start_datetime;
  if (typeof when !== "string") return undefined;
  const ms = Date.parse(when);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().slice(0, 10);
}

const TYPE_ORDER = { boolean: 0, number: 1, string: 2 } as const;

function compare(a: DistinctValue, b: DistinctValue): number {
  if (typeof a !== typeof b) return TYPE_ORDER[typeof a as keyof typeof TYPE_ORDER] - TYPE_ORDER[typeof b as keyof typeof TYPE_ORDER];
  if (typeof a === "number") return a - (b as number);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function distinctValues(items: StacItem[], property: string): DistinctValue[] {
  const path = normaliseFieldPath(property);
  const valueOf = property === "date" ? dayOf : (item: StacItem) => valueAtPath(item, path);
  const seen = new Map<string, DistinctValue>();
  for (const item of items) {
    const value = valueOf(item);
    const scalar = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
    if (!scalar) continue;
    seen.set(`${typeof value}:${String(value)}`, value as DistinctValue);
    if (seen.size > MAX_DISTINCT_VALUES) {
      throw parameterError("distinct", `has more than ${MAX_DISTINCT_VALUES} values over the matching items; narrow the search (bbox, datetime, filter)`);
    }
  }
  return [...seen.values()].sort(compare);
}
