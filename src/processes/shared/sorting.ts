import { parseTemporal } from "./dates";
import { isNodata } from "./values";

/** Sort key of an order/sort element: numbers as they are, dates and date-times as instants. */
function sortKey(value: unknown): number {
  return typeof value === "number" ? value : (parseTemporal(String(value))?.epochMs ?? NaN);
}

/**
 * Zero-based positions of `data` in sorted order (what order returns and sort applies).
 * Ties keep their original order in both directions (stable sort); NaN goes after all other
 * numbers. `nodata`: null drops no-data values, true puts them last, false puts them first.
 */
export function sortedPositions(data: unknown[], asc: boolean, nodata: boolean | null): number[] {
  const valid: { index: number; key: number }[] = [];
  const missing: number[] = [];
  data.forEach((value, index) => {
    if (isNodata(value)) missing.push(index);
    else valid.push({ index, key: sortKey(value) });
  });
  valid.sort((a, b) => {
    if (Number.isNaN(a.key) || Number.isNaN(b.key)) return Number(Number.isNaN(a.key)) - Number(Number.isNaN(b.key));
    return asc ? a.key - b.key : b.key - a.key;
  });
  const positions = valid.map((entry) => entry.index);
  if (nodata === null) return positions;
  return nodata ? [...positions, ...missing] : [...missing, ...positions];
}
