/**
 * Geometries as processes take them: GeoJSON (RFC 7946: longitude, latitude in WGS 84) or a vector
 * cube's. GeoJSON is checked and read as a list of Features, kept as given (properties, extra
 * members and altitudes included); positions are only ever read as [x, y].
 */
import { OpenEOError } from "../errors";
import { crsDefinition, pointTransform, sameCrs } from "../raster/crs";
import type { BBox } from "../raster/grid";
import type { SpatialExtent } from "./types";
import { isVectorCube, NO_GEOMETRIES } from "./vector";

export type Position = [number, number];

/** A geometry; empty ones have no coordinates ([]), which the processes ignore. */
export type Geometry =
  | { type: "Point"; coordinates: Position | [] }
  | { type: "MultiPoint"; coordinates: Position[] }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "MultiLineString"; coordinates: Position[][] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

export interface Feature {
  type: "Feature";
  /** null: an empty geometry. */
  geometry: Geometry | null;
  properties: Record<string, unknown> | null;
  id?: string | number;
}

/** Geometries with the CRS of their coordinates. */
export interface Geometries {
  crs: string;
  features: Feature[];
}

/** The CRS of every GeoJSON object (RFC 7946 §4). */
export const GEOJSON_CRS = "EPSG:4326";

type Fail = (reason: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** How a parse fails, and whether positions must be WGS 84 longitudes and latitudes (GeoJSON's) or may be any CRS's. */
interface Checker {
  fail: Fail;
  geographic: boolean;
}

function checkPosition(value: unknown, { fail, geographic }: Checker): void {
  if (!Array.isArray(value) || value.length < 2 || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
    fail(`${JSON.stringify(value)} is not a position ${geographic ? "[longitude, latitude]" : "[x, y]"}`);
  }
  const [lon, lat] = value as number[];
  // Projected coordinates passed as GeoJSON would otherwise land somewhere unexpected.
  if (geographic && (Math.abs(lon!) > 180 || Math.abs(lat!) > 90)) fail(`[${lon}, ${lat}] is not a WGS 84 longitude and latitude, which GeoJSON coordinates are`);
}

/** A list of positions: empty, or at least `min` long. */
function checkPositions(value: unknown, min: number, what: string, c: Checker): unknown[] {
  if (!Array.isArray(value)) c.fail(`the coordinates of a ${what} must be an array of positions`);
  const list = value as unknown[];
  for (const p of list) checkPosition(p, c);
  if (list.length > 0 && list.length < min) c.fail(`a ${what} needs at least ${min} positions`);
  return list;
}

function checkRing(value: unknown, c: Checker): void {
  const ring = checkPositions(value, 4, "polygon ring", c) as number[][];
  if (ring.length === 0) c.fail("a polygon ring can't be empty");
  const [first, last] = [ring[0]!, ring.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) c.fail("a polygon ring must end with its first position");
}

function checkList(value: unknown, what: string, c: Checker, check: (item: unknown) => void): void {
  if (!Array.isArray(value)) c.fail(`the coordinates of a ${what} must be an array`);
  for (const item of value as unknown[]) check(item);
}

function checkGeometry(value: unknown, c: Checker): Geometry {
  if (!isObject(value)) c.fail("expected a GeoJSON geometry object");
  const { type, coordinates } = value as Record<string, unknown>;
  switch (type) {
    case "Point":
      if (!(Array.isArray(coordinates) && coordinates.length === 0)) checkPosition(coordinates, c);
      break;
    case "MultiPoint":
      checkPositions(coordinates, 1, "MultiPoint", c);
      break;
    case "LineString":
      checkPositions(coordinates, 2, "LineString", c);
      break;
    case "MultiLineString":
      checkList(coordinates, "MultiLineString", c, (line) => checkPositions(line, 2, "LineString", c));
      break;
    case "Polygon":
      checkList(coordinates, "Polygon", c, (ring) => checkRing(ring, c));
      break;
    case "MultiPolygon":
      checkList(coordinates, "MultiPolygon", c, (polygon) => checkList(polygon, "Polygon", c, (ring) => checkRing(ring, c)));
      break;
    case "GeometryCollection":
      c.fail("a GeometryCollection is not supported (as the process definition says); pass a FeatureCollection instead");
      break;
    default:
      c.fail(`'${String(type)}' is not a GeoJSON geometry type`);
  }
  return value as Geometry;
}

function checkFeature(value: unknown, c: Checker): Feature {
  if (!isObject(value) || value.type !== "Feature") c.fail("a FeatureCollection's features must be GeoJSON Features");
  const feature = value as Record<string, unknown>;
  if (!("geometry" in feature)) c.fail("a Feature needs a geometry (null for none)");
  if (feature.geometry !== null) checkGeometry(feature.geometry, c);
  return feature as unknown as Feature;
}

/**
 * A GeoJSON Geometry, Feature or FeatureCollection as Features (a geometry gets empty properties);
 * positions in WGS 84 as GeoJSON has them, or in any CRS where the caller names one (`geographic` false).
 */
export function parseGeoJson(value: unknown, process: string, parameter: string, geographic = true): Feature[] {
  const fail: Fail = (reason) => {
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason });
  };
  const c: Checker = { fail, geographic };
  if (!isObject(value)) return c.fail("expected a GeoJSON object");
  if (value.type === "FeatureCollection") {
    if (!Array.isArray(value.features) || value.features.length === 0) return c.fail("a FeatureCollection needs at least one feature");
    return value.features.map((f: unknown) => checkFeature(f, c));
  }
  if (value.type === "Feature") return [checkFeature(value, c)];
  return [{ type: "Feature", geometry: checkGeometry(value, c), properties: {} }];
}

/** Geometries given as GeoJSON or as a vector data cube. */
export function geometriesArgument(value: unknown, process: string, parameter: string): Geometries {
  if (isVectorCube(value)) {
    if (!value.geometries) throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: NO_GEOMETRIES });
    return { crs: value.crs, features: value.geometries };
  }
  const kind = isObject(value) ? value.kind : undefined;
  // Not isDataCube from ./types: that module reads geometry boxes from this one.
  if (kind === "raster" || kind === "lazy") throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: "expected GeoJSON or a vector data cube, not a raster data cube" });
  return { crs: GEOJSON_CRS, features: parseGeoJson(value, process, parameter) };
}

/** Every [x, y] of a geometry. */
function forEachPosition(geometry: Geometry, visit: (x: number, y: number) => void): void {
  const walk = (value: unknown): void => {
    const list = value as unknown[];
    if (typeof list[0] === "number") visit(list[0], list[1] as number);
    else for (const item of list) walk(item);
  };
  walk(geometry.coordinates);
}

/** The box around all geometries (in their CRS), or null when all are empty. */
export function geometriesBBox(geometries: (Geometry | null)[]): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const geometry of geometries) {
    if (!geometry) continue;
    forEachPosition(geometry, (x, y) => {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    });
  }
  return box[0] <= box[2] ? box : null;
}

/**
 * The extent to read for geometries (in `crs`), or null when all are empty: their box, a hair
 * wider where it has no width or height (a point, a horizontal line), so that reading it covers
 * the pixels they fall in.
 */
export function geometriesExtent(geometries: (Geometry | null)[], crs: string): SpatialExtent | null {
  const box = geometriesBBox(geometries);
  if (!box) return null;
  const pad = (v: number) => 1e-9 * Math.max(1, Math.abs(v));
  if (box[0] === box[2]) [box[0], box[2]] = [box[0] - pad(box[0]), box[2] + pad(box[2])];
  if (box[1] === box[3]) [box[1], box[3]] = [box[1] - pad(box[1]), box[3] + pad(box[3])];
  return { bbox: box, crs };
}

// Edges are straight in the CRS of their coordinates and curved in any other: new vertices every
// STEP (in degrees or metres) follow the curve; MAX_PIECES bounds the cost of very long edges.
const GEOGRAPHIC_STEP = 0.05;
const PROJECTED_STEP = 5000;
export const MAX_PIECES = 100;

function densified(line: Position[], step: number): Position[] {
  const out: Position[] = line.length ? [line[0]!] : [];
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1]!;
    const [bx, by] = line[i]!;
    const pieces = Math.min(MAX_PIECES, Math.max(1, Math.ceil(Math.max(Math.abs(bx - ax), Math.abs(by - ay)) / step)));
    for (let k = 1; k <= pieces; k++) out.push([ax + ((bx - ax) * k) / pieces, ay + ((by - ay) * k) / pieces]);
  }
  return out;
}

/** The geometry with its positions in CRS `to`, edges densified; positions that can't be transformed are dropped. */
export function projectGeometry(geometry: Geometry, from: string, to: string): Geometry {
  if (sameCrs(from, to)) return geometry;
  const transform = pointTransform(from, to);
  const step = crsDefinition(from).geographic ? GEOGRAPHIC_STEP : PROJECTED_STEP;
  const points = (list: Position[]): Position[] => list.map(([x, y]) => transform(x, y)).filter(([x]) => !Number.isNaN(x));
  const line = (list: Position[]) => points(densified(list, step));
  switch (geometry.type) {
    case "Point": {
      const [point] = points(geometry.coordinates.length ? [geometry.coordinates as Position] : []);
      return { type: "Point", coordinates: point ?? [] };
    }
    case "MultiPoint":
      return { type: "MultiPoint", coordinates: points(geometry.coordinates) };
    case "LineString":
      return { type: "LineString", coordinates: line(geometry.coordinates) };
    case "MultiLineString":
      return { type: "MultiLineString", coordinates: geometry.coordinates.map(line) };
    case "Polygon":
      return { type: "Polygon", coordinates: geometry.coordinates.map(line) };
    case "MultiPolygon":
      return { type: "MultiPolygon", coordinates: geometry.coordinates.map((polygon) => polygon.map(line)) };
  }
}
