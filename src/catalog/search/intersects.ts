/**
 * Planar geometry intersection for every GeoJSON type. Geometries are decomposed into points,
 * paths and polygons; a bounding-box test rules out most pairs before any segment work.
 * Antimeridian-crossing shapes must be split at ±180° as RFC 7946 recommends (bboxes are split
 * by `bboxToGeometry`).
 */
import { pointInPolygon, pointOnSegment, segmentsIntersect, segmentsOf } from "./planar";
import type { Geometry, Position } from "./types";

type Bounds = [number, number, number, number];

interface Parts {
  points: Position[];
  paths: Position[][];
  polygons: Position[][][];
  bounds: Bounds;
}

function collect(geometry: Geometry, parts: Parts): void {
  switch (geometry.type) {
    case "Point":
      parts.points.push(geometry.coordinates);
      break;
    case "MultiPoint":
      parts.points.push(...geometry.coordinates);
      break;
    case "LineString":
      parts.paths.push(geometry.coordinates);
      break;
    case "MultiLineString":
      parts.paths.push(...geometry.coordinates);
      break;
    case "Polygon":
      parts.polygons.push(geometry.coordinates);
      break;
    case "MultiPolygon":
      parts.polygons.push(...geometry.coordinates);
      break;
    case "GeometryCollection":
      for (const member of geometry.geometries) collect(member, parts);
  }
}

function boundsOf(positions: Iterable<Position>): Bounds {
  const bounds: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) {
    bounds[0] = Math.min(bounds[0], x!);
    bounds[1] = Math.min(bounds[1], y!);
    bounds[2] = Math.max(bounds[2], x!);
    bounds[3] = Math.max(bounds[3], y!);
  }
  return bounds;
}

function boundsOverlap(a: Bounds, b: Bounds): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

const partsCache = new WeakMap<Geometry, Parts>();

function partsOf(geometry: Geometry): Parts {
  let parts = partsCache.get(geometry);
  if (!parts) {
    parts = { points: [], paths: [], polygons: [], bounds: [0, 0, 0, 0] };
    collect(geometry, parts);
    const everyPosition = [...parts.points, ...parts.paths.flat(), ...parts.polygons.flat(2)];
    parts.bounds = boundsOf(everyPosition);
    partsCache.set(geometry, parts);
  }
  return parts;
}

function pathsCross(a: Position[], b: Position[]): boolean {
  for (const [p1, p2] of segmentsOf(a)) {
    for (const [q1, q2] of segmentsOf(b)) if (segmentsIntersect(p1, p2, q1, q2)) return true;
  }
  return false;
}

function pointOnPath(p: Position, path: Position[]): boolean {
  for (const [a, b] of segmentsOf(path)) if (pointOnSegment(p, a, b)) return true;
  return false;
}

/** Without boundary crossings a path is wholly inside or outside, so one vertex decides. */
function pathMeetsPolygon(path: Position[], polygon: Position[][]): boolean {
  return polygon.some((ring) => pathsCross(path, ring)) || pointInPolygon(path[0]!, polygon);
}

function polygonsMeet(a: Position[][], b: Position[][]): boolean {
  if (a.some((ring) => b.some((other) => pathsCross(ring, other)))) return true;
  return pointInPolygon(a[0]![0]!, b) || pointInPolygon(b[0]![0]!, a);
}

/** The component pairs of `a` × `b`, each checked once in one orientation. */
function partsMeet(a: Parts, b: Parts): boolean {
  const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
  return (
    a.points.some((p) => b.points.some((q) => same(p, q))) ||
    a.points.some((p) => b.paths.some((path) => pointOnPath(p, path))) ||
    b.points.some((p) => a.paths.some((path) => pointOnPath(p, path))) ||
    a.points.some((p) => b.polygons.some((polygon) => pointInPolygon(p, polygon))) ||
    b.points.some((p) => a.polygons.some((polygon) => pointInPolygon(p, polygon))) ||
    a.paths.some((path) => b.paths.some((other) => pathsCross(path, other))) ||
    a.paths.some((path) => b.polygons.some((polygon) => pathMeetsPolygon(path, polygon))) ||
    b.paths.some((path) => a.polygons.some((polygon) => pathMeetsPolygon(path, polygon))) ||
    a.polygons.some((polygon) => b.polygons.some((other) => polygonsMeet(polygon, other)))
  );
}

/** Whether two geometries share at least one point (boundaries included). */
export function geometriesIntersect(a: Geometry, b: Geometry): boolean {
  const partsA = partsOf(a);
  const partsB = partsOf(b);
  return boundsOverlap(partsA.bounds, partsB.bounds) && partsMeet(partsA, partsB);
}
