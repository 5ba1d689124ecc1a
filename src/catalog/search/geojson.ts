/**
 * Validation of GeoJSON geometries from requests (`intersects`, CQL2 literals) and items.
 * Coordinates must be CRS84 longitude/latitude; polygon rings must be closed.
 */
import { MAX_GEOMETRY_NESTING } from "./budgets";
import type { Geometry, GeometryLike, Position } from "./types";

type Fail = (reason: string) => Error;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function position(value: unknown, where: string, fail: Fail): Position {
  if (!Array.isArray(value) || value.length < 2 || !value.every(Number.isFinite)) {
    throw fail(`${where} must be a position [longitude, latitude] or [longitude, latitude, elevation]`);
  }
  const [lon, lat] = value as number[];
  if (lon! < -180 || lon! > 180) throw fail(`${where} has longitude ${lon} outside [-180, 180]`);
  if (lat! < -90 || lat! > 90) throw fail(`${where} has latitude ${lat} outside [-90, 90]`);
  return value as Position;
}

function positions(value: unknown, where: string, fail: Fail, minimum: number): Position[] {
  if (!Array.isArray(value) || value.length < minimum) {
    throw fail(`${where} must be an array of at least ${minimum} positions`);
  }
  return value.map((entry, i) => position(entry, `${where}[${i}]`, fail));
}

function ring(value: unknown, where: string, fail: Fail): Position[] {
  const ringPositions = positions(value, where, fail, 4);
  const first = ringPositions[0]!;
  const last = ringPositions[ringPositions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw fail(`${where} is not closed (first and last position differ)`);
  }
  return ringPositions;
}

function rings(value: unknown, where: string, fail: Fail): Position[][] {
  if (!Array.isArray(value) || value.length === 0) throw fail(`${where} must be a non-empty array of linear rings`);
  return value.map((entry, i) => ring(entry, `${where}[${i}]`, fail));
}

function list<T>(value: unknown, where: string, fail: Fail, item: (entry: unknown, where: string) => T): T[] {
  if (!Array.isArray(value) || value.length === 0) throw fail(`${where} must be a non-empty array`);
  return value.map((entry, i) => item(entry, `${where}[${i}]`));
}

/**
 * Validates a GeoJSON geometry; `fail` builds the error to throw (parameter or filter error).
 * `nesting` counts the GeometryCollections around this one.
 */
export function parseGeometry(value: unknown, fail: Fail, where = "geometry", nesting = 0): Geometry {
  if (!isRecord(value) || typeof value.type !== "string") throw fail(`${where} must be a GeoJSON geometry object`);
  const coordinates = value.coordinates;
  const at = `${where}.coordinates`;
  switch (value.type) {
    case "Point":
      return { type: "Point", coordinates: position(coordinates, at, fail) };
    case "MultiPoint":
      return { type: "MultiPoint", coordinates: positions(coordinates, at, fail, 1) };
    case "LineString":
      return { type: "LineString", coordinates: positions(coordinates, at, fail, 2) };
    case "MultiLineString":
      return { type: "MultiLineString", coordinates: list(coordinates, at, fail, (e, w) => positions(e, w, fail, 2)) };
    case "Polygon":
      return { type: "Polygon", coordinates: rings(coordinates, at, fail) };
    case "MultiPolygon":
      return { type: "MultiPolygon", coordinates: list(coordinates, at, fail, (e, w) => rings(e, w, fail)) };
    case "GeometryCollection":
      if (nesting >= MAX_GEOMETRY_NESTING) throw fail(`${where} nests GeometryCollections more than ${MAX_GEOMETRY_NESTING} deep`);
      return {
        type: "GeometryCollection",
        geometries: list(value.geometries, `${where}.geometries`, fail, (e, w) => parseGeometry(e, fail, w, nesting + 1)),
      };
    default:
      throw fail(`${where} has unknown GeoJSON type '${value.type}'`);
  }
}

/** How many positions a validated geometry has. */
export function positionCount(geometry: Geometry): number {
  switch (geometry.type) {
    case "Point":
      return 1;
    case "MultiPoint":
    case "LineString":
      return geometry.coordinates.length;
    case "MultiLineString":
    case "Polygon":
      return geometry.coordinates.reduce((sum, line) => sum + line.length, 0);
    case "MultiPolygon":
      return geometry.coordinates.reduce((sum, polygon) => sum + polygon.reduce((inner, ring) => inner + ring.length, 0), 0);
    default:
      return geometry.geometries.reduce((sum, member) => sum + positionCount(member), 0);
  }
}

const itemGeometries = new WeakMap<GeometryLike, Geometry | null>();

/** An item's geometry validated once and cached; invalid geometries count as absent. */
export function itemGeometry(geometry: GeometryLike | null): Geometry | null {
  if (geometry === null) return null;
  let parsed = itemGeometries.get(geometry);
  if (parsed === undefined) {
    try {
      parsed = parseGeometry(geometry, (reason) => new Error(reason));
    } catch {
      parsed = null;
    }
    itemGeometries.set(geometry, parsed);
  }
  return parsed;
}
