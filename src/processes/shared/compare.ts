import { isNodata } from "./values";

/**
 * openEO equality (process eq): null if either side is no-data; types are compared strictly
 * (the string "1" is not the number 1); NaN equals nothing; delta only applies to two numbers
 * and case_sensitive only to two strings. Arrays and objects never equal anything.
 */
export function equals(x: unknown, y: unknown, delta: number | null = null, caseSensitive = true): boolean | null {
  if (isNodata(x) || isNodata(y)) return null;
  if (typeof x === "number" && typeof y === "number") {
    return x === y || (delta !== null && Math.abs(x - y) <= delta);
  }
  if (typeof x === "string" && typeof y === "string") {
    return caseSensitive ? x === y : x.toLowerCase() === y.toLowerCase();
  }
  return typeof x === "boolean" && x === y;
}

/**
 * Shared core of gt/gte/lt/lte: null for no-data, the numeric comparison for two numbers,
 * otherwise false (strings, booleans and temporal strings are not ordered) — except that the
 * inclusive variants are true for operands that are equal according to eq.
 */
export function compareOrdered(
  x: unknown,
  y: unknown,
  numeric: (a: number, b: number) => boolean,
  inclusive: boolean,
): boolean | null {
  if (isNodata(x) || isNodata(y)) return null;
  if (typeof x === "number" && typeof y === "number") return numeric(x, y);
  return inclusive && equals(x, y) === true;
}
