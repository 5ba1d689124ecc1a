/**
 * Ordering for `sortby`. The order is made total (id, then collection, then input order) so
 * that offset paging visits every item exactly once. Missing values sort last in either
 * direction; RFC 3339 strings compare as instants.
 */
import { parseDateTime } from "./datetime";
import { valueAtPath } from "./field-path";
import type { SortKey, StacItem } from "./types";

type SortValue = number | string | null;

const DEFAULT_SORT: SortKey[] = [{ field: "properties.datetime", direction: "desc" }];

const TIE_BREAKERS: SortKey[] = [
  { field: "id", direction: "asc" },
  { field: "collection", direction: "asc" },
];

function sortValue(item: StacItem, field: string): SortValue {
  let value = valueAtPath(item, field);
  // Items with only a start/end range sort by their start.
  if (field === "properties.datetime" && (value === null || value === undefined)) {
    value = item.properties.start_datetime;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return Number(value);
  if (typeof value === "string") return parseDateTime(value) ?? value;
  return null;
}

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === "number" ? -1 : 1; // numbers before strings, deterministically
}

function sortKeysFor(sortby: SortKey[]): SortKey[] {
  const keys = sortby.length > 0 ? sortby : DEFAULT_SORT;
  return [...keys, ...TIE_BREAKERS.filter((tie) => !keys.some((key) => key.field === tie.field))];
}

/** A sorted copy; the input order is the last tie-breaker (Array#sort is stable). */
export function sortItems<T extends StacItem>(items: T[], sortby: SortKey[]): T[] {
  const keys = sortKeysFor(sortby);
  const rows = items.map((item) => ({ item, values: keys.map((key) => sortValue(item, key.field)) }));
  rows.sort((rowA, rowB) => {
    for (let i = 0; i < keys.length; i++) {
      const [a, b] = [rowA.values[i]!, rowB.values[i]!];
      if (a === b) continue;
      if (a === null) return 1;
      if (b === null) return -1;
      const order = compareValues(a, b);
      if (order !== 0) return keys[i]!.direction === "desc" ? -order : order;
    }
    return 0;
  });
  return rows.map((row) => row.item);
}
