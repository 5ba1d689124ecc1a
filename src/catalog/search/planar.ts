/**
 * Planar primitives on longitude/latitude pairs: segment intersection and point-in-polygon.
 * Boundaries count as intersecting, matching the closed-set semantics of "intersects".
 */
import type { Position } from "./types";

function orientation(a: Position, b: Position, c: Position): number {
  const value = (b[1]! - a[1]!) * (c[0]! - b[0]!) - (b[0]! - a[0]!) * (c[1]! - b[1]!);
  return value === 0 ? 0 : value > 0 ? 1 : -1;
}

/** Whether `p`, known to be collinear with a-b, lies within the segment's extent. */
function withinExtent(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= p[0]! &&
    p[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= p[1]! &&
    p[1]! <= Math.max(a[1]!, b[1]!)
  );
}

export function pointOnSegment(p: Position, a: Position, b: Position): boolean {
  return orientation(a, b, p) === 0 && withinExtent(a, b, p);
}

/** Proper crossings, touching endpoints and collinear overlaps all count. */
export function segmentsIntersect(p1: Position, p2: Position, q1: Position, q2: Position): boolean {
  const o1 = orientation(p1, p2, q1);
  const o2 = orientation(p1, p2, q2);
  const o3 = orientation(q1, q2, p1);
  const o4 = orientation(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && withinExtent(p1, p2, q1)) ||
    (o2 === 0 && withinExtent(p1, p2, q2)) ||
    (o3 === 0 && withinExtent(q1, q2, p1)) ||
    (o4 === 0 && withinExtent(q1, q2, p2))
  );
}

/** Consecutive vertex pairs of a path (a closed ring repeats its first vertex last). */
export function* segmentsOf(path: Position[]): Generator<[Position, Position]> {
  for (let i = 1; i < path.length; i++) yield [path[i - 1]!, path[i]!];
}

function onRingBoundary(p: Position, ring: Position[]): boolean {
  for (const [a, b] of segmentsOf(ring)) if (pointOnSegment(p, a, b)) return true;
  return false;
}

/** Even-odd ray casting; the caller handles points on the boundary. */
function insideRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (const [a, b] of segmentsOf(ring)) {
    if (a[1]! > p[1]! !== b[1]! > p[1]!) {
      const xCross = a[0]! + ((p[1]! - a[1]!) / (b[1]! - a[1]!)) * (b[0]! - a[0]!);
      if (p[0]! < xCross) inside = !inside;
    }
  }
  return inside;
}

/** Inside or on the boundary of a polygon (outer ring + holes); inside a hole is outside. */
export function pointInPolygon(p: Position, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  if (!outer) return false;
  if (onRingBoundary(p, outer)) return true;
  if (!insideRing(p, outer)) return false;
  for (const hole of holes) {
    if (onRingBoundary(p, hole)) return true;
    if (insideRing(p, hole)) return false;
  }
  return true;
}
