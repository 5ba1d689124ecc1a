/**
 * Runtime values of CQL2 operands and how they compare. Incompatible types compare as NULL
 * (unknown) rather than raising an error, so one odd item can't fail a whole search.
 */
import { bboxToGeometry, parseBbox } from "../bbox";
import { itemTimeRange, parseDateTime, parseFullDate } from "../datetime";
import { itemGeometry } from "../geojson";
import type { Geometry, StacItem } from "../types";

export type Value =
  | null
  | string
  | number
  | boolean
  | { kind: "instant"; ms: number }
  | { kind: "interval"; start: number | null; end: number | null }
  | { kind: "geometry"; geometry: Geometry }
  | Value[];

function fromJson(value: unknown): Value {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(fromJson);
  return null;
}

/**
 * Queryables resolve from item.properties (an optional `properties.` prefix is ignored) except
 * `id`, `collection`, `geometry` and `datetime`. `datetime` is the instant, or for items without
 * one their `start_datetime`/`end_datetime` interval.
 */
export function resolveProperty(name: string, item: StacItem): Value {
  const key = name.startsWith("properties.") ? name.slice("properties.".length) : name;
  switch (key) {
    case "id":
      return item.id;
    case "collection":
      return item.collection ?? null;
    case "geometry": {
      const geometry = itemGeometry(item.geometry);
      return geometry ? { kind: "geometry", geometry } : null;
    }
    case "datetime": {
      const instant = typeof item.properties.datetime === "string" ? instantOf(item.properties.datetime) : null;
      if (instant !== null) return instant;
      const range = itemTimeRange(item);
      return range ? { kind: "interval", ...range } : null;
    }
    default:
      return fromJson(item.properties[key]);
  }
}

export function instantOf(text: string): Value {
  const ms = parseDateTime(text) ?? parseFullDate(text);
  return ms === undefined ? null : { kind: "instant", ms };
}

const bboxGeometries = new WeakMap<number[], Value>();

/** Cached per literal, so the geometry's intersection preparation is reused across items. */
export function bboxValue(numbers: number[]): Value {
  let value = bboxGeometries.get(numbers);
  if (!value) {
    const bbox = parseBbox(numbers, (reason) => new Error(reason));
    value = { kind: "geometry", geometry: bboxToGeometry(bbox) };
    bboxGeometries.set(numbers, value);
  }
  return value;
}

type Tagged = Exclude<Value, null | string | number | boolean | Value[]>;

function tagged(value: Value): Tagged | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

/** Strings on the other side of an instant are read as RFC 3339 dates or date-times. */
function asInstantMs(value: Value): number | undefined {
  const instant = tagged(typeof value === "string" ? instantOf(value) : value);
  return instant?.kind === "instant" ? instant.ms : undefined;
}

/** Negative, zero or positive; null when either side is NULL or the types don't compare. */
export function compare(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (typeof a === "number" && typeof b === "number") return Math.sign(a - b);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (tagged(a)?.kind === "instant" || tagged(b)?.kind === "instant") {
    const [ms1, ms2] = [asInstantMs(a), asInstantMs(b)];
    return ms1 === undefined || ms2 === undefined ? null : Math.sign(ms1 - ms2);
  }
  return null;
}

/** Instants as degenerate intervals; strings are parsed; anything else is not temporal. */
export function asInterval(value: Value): { start: number | null; end: number | null } | null {
  const interval = tagged(value);
  if (interval?.kind === "interval") return interval;
  const ms = asInstantMs(value);
  return ms === undefined ? null : { start: ms, end: ms };
}

export function asGeometry(value: Value): Geometry | null {
  const geometry = tagged(value);
  return geometry?.kind === "geometry" ? geometry.geometry : null;
}
