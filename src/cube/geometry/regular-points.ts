/**
 * Regularly spaced points in a geometry, as vector_to_regular_points defines them: in a polygon the
 * centres of a grid of `distance` cells from its upper-left corner that lie in it (edges included),
 * along a line a point at its start and then one wherever the straight distance from the last one
 * reaches `distance`, and points as they are.
 */
import type { Position } from "../geojson";
import { inRing } from "./overlay";
import type { Parts } from "./planar";

function boxOf(ring: Position[]): [number, number, number, number] {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** The grid cells of a polygon: ceil(width / distance) x ceil(height / distance), at least one. */
function cellCount(polygon: Position[][], distance: number): [number, number] {
  const [minX, minY, maxX, maxY] = boxOf(polygon[0]!);
  return [Math.max(1, Math.ceil((maxX - minX) / distance)), Math.max(1, Math.ceil((maxY - minY) / distance))];
}

/** Whether (x, y) lies in the polygon: inside its shell (or on its edge) and not strictly inside a hole. */
function inPolygon(polygon: Position[][], x: number, y: number, tolerance: number): boolean {
  const onEdge = (ring: Position[]) =>
    ring.some((a, i) => {
      const b = ring[i + 1];
      if (!b) return false;
      const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
      const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy || 1)));
      return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy) <= tolerance;
    });
  if (!inRing(polygon[0]!, x, y) && !onEdge(polygon[0]!)) return false;
  return polygon.slice(1).every((hole) => !inRing(hole, x, y) || onEdge(hole));
}

/** The most points (and point-in-polygon tests) sampling makes: what the budget is checked against before sampling. */
export function regularPointsAtMost(parts: Parts, distance: number): { points: number; tests: number } {
  let [points, tests] = [parts.points.length, 0];
  for (const polygon of parts.polygons) {
    const [columns, rows] = cellCount(polygon, distance);
    points += columns * rows;
    tests += columns * rows * polygon.reduce((n, ring) => n + ring.length, 0);
  }
  for (const line of parts.lines) {
    let length = 0;
    for (let i = 1; i < line.length; i++) length += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
    // Each new point is `distance` away in a straight line, so at least that far along the line.
    points += Math.floor(length / distance) + 1;
  }
  return { points, tests: tests + points };
}

function polygonPoints(polygon: Position[][], distance: number, tolerance: number, out: Position[]): void {
  const [minX, , , maxY] = boxOf(polygon[0]!);
  const [columns, rows] = cellCount(polygon, distance);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const [x, y] = [minX + (column + 0.5) * distance, maxY - (row + 0.5) * distance];
      if (inPolygon(polygon, x, y, tolerance)) out.push([x, y]);
    }
  }
}

/** Where the straight distance from `from` reaches `distance` on segment a-b, after fraction `after` of it; undefined when it doesn't. */
function reach(from: Position, a: Position, b: Position, after: number, distance: number): number | undefined {
  // |a + t (b - a) - from| = distance, a quadratic in t.
  const [dx, dy, fx, fy] = [b[0] - a[0], b[1] - a[1], a[0] - from[0], a[1] - from[1]];
  const [qa, qb, qc] = [dx * dx + dy * dy, 2 * (fx * dx + fy * dy), fx * fx + fy * fy - distance * distance];
  if (qa === 0) return undefined;
  const root = Math.sqrt(Math.max(0, qb * qb - 4 * qa * qc));
  const t = (-qb + root) / (2 * qa);
  return t > after && t <= 1 ? t : undefined;
}

function linePoints(line: Position[], distance: number, out: Position[]): void {
  let last = line[0]!;
  out.push(last);
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1]!, line[i]!];
    let after = 0;
    for (let t = reach(last, a, b, after, distance); t !== undefined; t = reach(last, a, b, after, distance)) {
      last = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
      out.push(last);
      after = t;
    }
  }
}

/**
 * The points of the parts (of one geometry); when none can be sampled, the geometry's first
 * position. `tolerance` is the distance at which a cell centre counts as on a polygon's edge.
 */
export function regularPoints(parts: Parts, distance: number, tolerance: number): Position[] {
  const out: Position[] = [...parts.points];
  for (const polygon of parts.polygons) polygonPoints(polygon, distance, tolerance, out);
  for (const line of parts.lines) linePoints(line, distance, out);
  const first = parts.polygons[0]?.[0]?.[0] ?? parts.lines[0]?.[0] ?? parts.points[0];
  return out.length === 0 && first ? [first] : out;
}
