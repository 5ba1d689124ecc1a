/**
 * Planar buffers: every point within a distance of a geometry (dilation), or, for polygons and a
 * negative distance, every point of the polygon farther than it from the outline (erosion). The
 * round parts have CIRCLE_SEGMENTS edges per full circle, their corners on the true circle.
 *
 * The points within r of an outline on one side are covered by a strip along each edge and, where
 * the outline turns away from that side, a circular sector at the vertex between the two strips
 * (on the other side the strips overlap). Dilation is the union of the polygon, its outward strips
 * and sectors, the strips on both sides of lines with a disk at their ends, and disks around
 * points; erosion takes the inward strips and sectors away from the polygon.
 */
import type { WorkBudget } from "../../budget";
import type { Geometry, Position } from "../geojson";
import { regionPolygons } from "./overlay";
import { EdgeIndex, lineSegments, partsOf, ringArea, segmentsBox, toleranceOf, vertexCount, type Parts, type Segment } from "./planar";

/** Edges of a full circle (8 a quadrant); a disk's corners start at angle 0, a sector's at its first edge's normal. */
export const CIRCLE_SEGMENTS = 32;

/** Adds a closed ring's edges, counter-clockwise, so that every piece counts +1 in the winding number. */
function addCounterClockwise(ring: Position[], out: Segment[]): void {
  lineSegments(ringArea(ring) >= 0 ? ring : [...ring].reverse(), out);
}

function disk([x, y]: Position, r: number, out: Segment[]): void {
  const ring = Array.from({ length: CIRCLE_SEGMENTS + 1 }, (_, k): Position => {
    const a = (2 * Math.PI * (k % CIRCLE_SEGMENTS)) / CIRCLE_SEGMENTS;
    return [x + r * Math.cos(a), y + r * Math.sin(a)];
  });
  lineSegments(ring, out);
}

/** The sector of the circle of radius r around c from direction (ux, uy) turning `sweep` radians (either way). */
function sector([cx, cy]: Position, r: number, [ux, uy]: Position, sweep: number, out: Segment[]): void {
  const steps = Math.max(1, Math.ceil(Math.abs(sweep) / ((2 * Math.PI) / CIRCLE_SEGMENTS) - 1e-9));
  const start = Math.atan2(uy, ux);
  const arc = Array.from({ length: steps + 1 }, (_, k): Position => [cx + r * Math.cos(start + (sweep * k) / steps), cy + r * Math.sin(start + (sweep * k) / steps)]);
  addCounterClockwise([[cx, cy], ...arc, [cx, cy]], out);
}

/** The unit normal on the right of a-b (side 1) or on its left (side -1). */
function normal(a: Position, b: Position, side: number): Position {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return [(side * (b[1] - a[1])) / length, (-side * (b[0] - a[0])) / length];
}

/**
 * The strips and sectors within r of a path on one side (1 right, -1 left of its direction);
 * a closed path (a ring) also gets the sector where it closes.
 */
function oneSide(path: Position[], r: number, side: number, out: Segment[]): void {
  const points = path.filter((p, i) => i === 0 || p[0] !== path[i - 1]![0] || p[1] !== path[i - 1]![1]);
  const closed = points.length > 2 && points[0]![0] === points.at(-1)![0] && points[0]![1] === points.at(-1)![1];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const [nx, ny] = normal(a, b, side);
    addCounterClockwise([a, b, [b[0] + r * nx, b[1] + r * ny], [a[0] + r * nx, a[1] + r * ny], a], out);
  }
  const joins = closed ? points.length - 1 : points.length - 2;
  for (let j = 1; j <= joins; j++) {
    // A ring's last join is at its first position, between its last edge and its first.
    const at = (k: number) => points[closed ? k % (points.length - 1) : k]!;
    const [a, v, b] = [at(j - 1), at(j), at(j + 1)];
    const [n1, n2] = [normal(a, v, side), normal(v, b, side)];
    const turn = (v[0] - a[0]) * (b[1] - v[1]) - (v[1] - a[1]) * (b[0] - v[0]);
    // The offset strips leave a gap where the path turns away from this side (right side: a left turn).
    if (side * turn > 0) sector(v, r, n1, Math.atan2(n1[0] * n2[1] - n1[1] * n2[0], n1[0] * n2[0] + n1[1] * n2[1]), out);
  }
}

/** The polygons' rings with shells counter-clockwise and holes clockwise: the inside on their left, a winding number of 1 inside. */
function orientedRings(parts: Parts): Position[][] {
  return parts.polygons.flatMap((polygon) => polygon.map((ring, i) => (ringArea(ring) > 0 === (i === 0) ? ring : [...ring].reverse())));
}

/** At most the number of edges the buffer of these parts works with: what its cost grows with (strips and half-circle sectors on both sides, or a disk). */
export function bufferEdgeCount(parts: Parts): number {
  return vertexCount(parts) * (CIRCLE_SEGMENTS + 16);
}

/** The geometry buffered by `distance` (not 0) in its own units; null when the result is empty. */
export function buffer(geometry: Geometry | null, distance: number, budget: WorkBudget): Geometry | null {
  const parts = partsOf(geometry);
  const r = Math.abs(distance);
  const rings = orientedRings(parts);
  // Erosion leaves nothing of points and lines; of polygons, what lies farther than r inside.
  if (distance < 0 && rings.length === 0) return null;
  const polygons = rings.flatMap((ring) => lineSegments(ring));
  const near: Segment[] = [];
  // Outward is right of the oriented rings, inward left.
  for (const ring of rings) oneSide(ring, r, distance > 0 ? 1 : -1, near);
  if (distance > 0) {
    for (const line of parts.lines) {
      oneSide(line, r, 1, near);
      oneSide(line, r, -1, near);
      disk(line[0]!, r, near);
      disk(line.at(-1)!, r, near);
    }
    for (const point of parts.points) disk(point, r, near);
  }
  const segments = [...polygons, ...near];
  const tolerance = toleranceOf(segmentsBox(segments));
  const [interior, around] = [new EdgeIndex(polygons, 0, budget), new EdgeIndex(near, 0, budget)];
  const inside =
    distance > 0 ? (x: number, y: number) => interior.winding(x, y) !== 0 || around.winding(x, y) > 0 : (x: number, y: number) => interior.winding(x, y) !== 0 && around.winding(x, y) === 0;
  const result = regionPolygons(segments, inside, tolerance, budget);
  if (result.length === 0) return null;
  return result.length === 1 ? { type: "Polygon", coordinates: result[0]! } : { type: "MultiPolygon", coordinates: result };
}
