// Random argument values from a parameter's JSON Schema: mostly well-typed (with extremes at the
// edges of what the schema allows), now and then ill-typed on purpose.
import { alternatives, type Catalog, type CollectionInfo, type Schema } from "./catalog";
import type { Rng } from "./prng";

/** What a value generator needs besides the schema: child graphs and cubes come from the graph builder. */
export interface ValueContext {
  rng: Rng;
  catalog: Catalog;
  /** The collection this graph loads from, so bands and extents agree with it most of the time. */
  collection: CollectionInfo;
  /** Parameter names of the enclosing callback (empty at the top level). */
  scope: string[];
  /** The share of ill-typed values. */
  illTyped: number;
  callback(schema: Record<string, unknown>): unknown;
  cube(): unknown;
}

export const EXTREME_NUMBERS = [0, -0, 1, -1, 0.5, -0.5, 2, 3, 10, 255, 256, 65535, 1e308, -1e308, 2 ** 53, -(2 ** 53), 2 ** 31, 2 ** 32 - 1, 5e-324, 1e-300, 1e8, 3e9, 1e15, 12345.678];
const ODD_STRINGS = ["", " ", "a", "NaN", "Infinity", "-Infinity", "null", "true", "0", "-0", "1e308", "%", "%E0%A4%A", "\u0000", "\\", "\"", "'", "../..", "*", "%_%", "ä", "𝕏", "\u202e", "日本語", "a\nb"];
const EPSG = [4326, 3857, 32633, 32629, 2056, 4087, 1000, 999999, 0, -1];

export function randomString(rng: Rng): string {
  const r = rng.next();
  if (r < 0.5) return rng.pick(ODD_STRINGS);
  if (r < 0.8) return Array.from({ length: rng.int(1, 12) }, () => String.fromCharCode(rng.int(0x21, 0x7e))).join("");
  if (r < 0.95) return Array.from({ length: rng.int(1, 40) }, () => String.fromCodePoint(rng.pick([rng.int(0x20, 0x7e), rng.int(0xa0, 0x2fff), rng.int(0x1f300, 0x1f64f)]))).join("");
  return rng.pick(["x", "ab", "\u00e9", "%"]).repeat(rng.pick([1000, 10_000, 100_000]));
}

/** Any JSON value, shallow. */
export function randomJson(rng: Rng, depth = 0): unknown {
  switch (rng.int(0, depth > 2 ? 4 : 6)) {
    case 0: return null;
    case 1: return rng.chance(0.5);
    case 2: return rng.pick(EXTREME_NUMBERS);
    case 3: return randomString(rng);
    case 4: return rng.int(-5, 100);
    case 5: return Array.from({ length: rng.length(8) }, () => randomJson(rng, depth + 1));
    default: return Object.fromEntries(Array.from({ length: rng.length(5) }, () => [randomString(rng).slice(0, 20), randomJson(rng, depth + 1)]));
  }
}

/** Values that fit no schema or fit the wrong one: references to nothing, wrong types, odd shapes. */
export function illTypedValue(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => randomJson(rng),
    () => ({ from_node: rng.pick(["nope", "", "n0"]) }),
    () => ({ from_parameter: rng.pick(["nope", "x", "data", ""]) }),
    () => ({ process_graph: rng.pick([{}, [], null, { a: { process_id: "add", arguments: {} } }]) }),
    () => [[[[]]]],
    () => ({ type: "Polygon", coordinates: [] }),
    () => "2020-13-45T25:61:61Z",
  ])();
}

function numberFor(schema: Record<string, unknown>, rng: Rng, integer: boolean): number {
  const min = (schema.minimum ?? schema.minimumExclusive) as number | undefined;
  const max = (schema.maximum ?? schema.maximumExclusive) as number | undefined;
  let n = rng.chance(0.6) ? rng.pick(EXTREME_NUMBERS) : rng.int(-100, 100) * (integer ? 1 : rng.next());
  // Mostly inside the bounds (the values that pass validation and reach the code), sometimes at or past them.
  if (rng.chance(0.8)) {
    if (min !== undefined && n < min) n = rng.chance(0.5) ? min : min + Math.abs(n);
    if (max !== undefined && n > max) n = rng.chance(0.5) ? max : max - rng.next();
  }
  return integer ? Math.trunc(n) : n;
}

function bboxWithin(ctx: ValueContext): Record<string, unknown> {
  const { rng } = ctx;
  const [w, s, e, n] = ctx.collection.bbox;
  const size = rng.pick([1e-9, 1e-6, 0.001, 0.01, 0.05, 0.2, 1, 400]);
  const west = w + rng.next() * (e - w);
  const south = s + rng.next() * (n - s);
  const box: Record<string, unknown> = { west, south, east: west + size, north: south + size };
  if (rng.chance(0.1)) [box.west, box.east] = [box.east, box.west];
  if (rng.chance(0.1)) box.crs = rng.pick(EPSG);
  return box;
}

function polygonWithin(ctx: ValueContext): Record<string, unknown> {
  const b = bboxWithin(ctx) as { west: number; south: number; east: number; north: number };
  const ring = [[b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north], [b.west, b.south]];
  const geometry = ctx.rng.pick<Record<string, unknown>>([
    { type: "Polygon", coordinates: [ring] },
    { type: "MultiPolygon", coordinates: [[ring]] },
    { type: "Point", coordinates: ring[0] },
    { type: "Polygon", coordinates: [ring.slice(0, 2)] },
  ]);
  return ctx.rng.pick([geometry, { type: "Feature", properties: {}, geometry }, { type: "FeatureCollection", features: ctx.rng.chance(0.5) ? [] : [{ type: "Feature", properties: { a: 1 }, geometry }] }]);
}

function dateIn(ctx: ValueContext, kind: "date-time" | "date" | "time"): string {
  const { rng } = ctx;
  if (rng.chance(0.1)) return rng.pick(["2020-02-30", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2020-01-01T00:00:00+14:00", "1970-01-01", "-000001-01-01T00:00:00Z"]);
  const start = Date.parse(ctx.collection.interval[0]);
  const ms = start + (rng.next() - 0.3) * 30 * 86_400_000;
  const iso = new Date(ms).toISOString();
  if (kind === "date") return iso.slice(0, 10);
  if (kind === "time") return `${iso.slice(11, 19)}Z`;
  return iso;
}

function interval(ctx: ValueContext): unknown[] {
  const { rng } = ctx;
  const a = rng.chance(0.1) ? null : dateIn(ctx, rng.pick(["date-time", "date"] as const));
  const b = rng.chance(0.1) ? null : dateIn(ctx, rng.pick(["date-time", "date"] as const));
  return rng.chance(0.8) && a && b && a > b ? [b, a] : [a, b];
}

function kernel(rng: Rng): number[][] {
  const rows = rng.pick([1, 1, 3, 3, 5, 2, 7, 0]);
  const cols = rng.pick([1, 3, 3, 5, 2, 4]);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rng.chance(0.8) ? rng.int(-2, 2) : rng.pick(EXTREME_NUMBERS))));
}

function bySubtype(subtype: string, schema: Record<string, unknown>, ctx: ValueContext): { value: unknown } | undefined {
  const { rng, catalog } = ctx;
  switch (subtype) {
    case "datacube": return { value: ctx.cube() };
    case "process-graph": return { value: ctx.callback(schema) };
    case "metadata-filter": return { value: { [rng.pick(["eo:cloud_cover", "platform", "datetime", "nope"])]: ctx.callback({ parameters: [{ name: "value", schema: {} }] }) } };
    case "bounding-box": return { value: bboxWithin(ctx) };
    case "geojson": return { value: polygonWithin(ctx) };
    case "epsg-code": return { value: rng.pick(EPSG) };
    case "wkt2-definition": return { value: rng.pick(["GEOGCRS[\"WGS 84\",DATUM[\"World Geodetic System 1984\",ELLIPSOID[\"WGS 84\",6378137,298.257223563]],CS[ellipsoidal,2],AXIS[\"lat\",north],AXIS[\"lon\",east],UNIT[\"degree\",0.0174532925199433],ID[\"EPSG\",4326]]", "PROJCRS[", "GEOGCRS[]", "+proj=longlat"]) };
    case "date-time": case "date": case "time": return { value: dateIn(ctx, subtype) };
    case "temporal-interval": return { value: interval(ctx) };
    case "temporal-intervals": return { value: Array.from({ length: rng.length(6) }, () => interval(ctx)) };
    case "band-name": return { value: rng.chance(0.85) && ctx.collection.bands.length ? rng.pick(ctx.collection.bands) : rng.pick(["B04", "nope", "", "NIR"]) };
    case "collection-id": return { value: rng.chance(0.9) ? ctx.collection.id : rng.pick(["nope", "sentinel-2-l2a-33TWL", "../x", "a".repeat(300)]) };
    case "kernel": return { value: kernel(rng) };
    case "uri": return { value: rng.pick([`${catalog.base}/v1/collections/${ctx.collection.id}`, `${catalog.base}/v1/collections/${ctx.collection.id}/items`, `${catalog.base}/v1/nope`, "http://127.0.0.1:9/catalog.json", "file:///etc/passwd", "data:application/json,{}", "not a url", "ftp://x/y"]) };
    case "output-format": return { value: rng.chance(0.85) ? rng.pick(catalog.outputFormats) : rng.pick(["gtiff", "png", "JPEG", "", "xyz"]) };
    case "output-format-options": return { value: rng.chance(0.5) ? {} : { [rng.pick(["colormap", "tile_size", "nodata", "compression", "datatype", "nope"])]: randomJson(rng) } };
    default: return undefined;
  }
}

export function valueFor(schema: Schema, ctx: ValueContext, depth = 0): unknown {
  const { rng } = ctx;
  if (rng.chance(ctx.illTyped)) return illTypedValue(rng);
  if (ctx.scope.length && rng.chance(0.3)) return { from_parameter: rng.pick(ctx.scope) };
  const options = alternatives(schema);
  const s = rng.pick(options);
  if (s.enum && rng.chance(0.9)) return rng.pick(s.enum as unknown[]);
  if (typeof s.subtype === "string") {
    const special = bySubtype(s.subtype, s, ctx);
    if (special) return special.value;
  }
  const types = s.type === undefined ? ["any"] : ([] as string[]).concat(s.type as string | string[]);
  switch (rng.pick(types)) {
    case "null": return null;
    case "boolean": return rng.chance(0.5);
    case "integer": return numberFor(s, rng, true);
    case "number": return numberFor(s, rng, false);
    case "string": return randomString(rng);
    case "array": {
      const items = (s.items ?? {}) as Schema;
      const min = (s.minItems as number | undefined) ?? 0;
      const max = (s.maxItems as number | undefined) ?? (depth > 1 ? 4 : 2000);
      const length = rng.chance(0.8) ? Math.max(min, Math.min(max, rng.length(max))) : rng.int(0, Math.min(max + 1, 5000));
      return Array.from({ length }, () => valueFor(items, ctx, depth + 1));
    }
    case "object": {
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      const entries = Object.entries(properties).filter(([k]) => required.includes(k) || rng.chance(0.4));
      if (!entries.length && depth < 2) return randomJson(rng, 5);
      return Object.fromEntries(entries.map(([k, v]) => [k, valueFor(v, ctx, depth + 1)]));
    }
    default: return depth < 3 ? randomJson(rng, depth) : rng.pick(EXTREME_NUMBERS);
  }
}
