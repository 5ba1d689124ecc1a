/**
 * Planar buffers: every point within a distance of a geometry (dilation), or, for polygons and a
 * negative distance, every point of the polygon farther than it from the outline (erosion). The
 * round parts are polygons of CIRCLE_SEGMENTS edges with their corners on the true circle.
 * Dilation is the union of the polygon itself, a disk around each vertex and a rectangle along
 * each edge; erosion takes the disks and rectangles of the outline away from the polygon.
 */
import type { WorkBudget } from "../../budget";
import type { Geometry, Position } from "../geojson";
import { regionPolygons } from "./overlay";
import { EdgeIndex, lineSegments, partsOf, ringArea, segmentsBox, toleranceOf, vertexCount, type Parts, type Segment } from "./planar";

/** Edges of a full circle (8 a quadrant); a disk's corners start at angle 0, so axis-parallel edges meet them exactly. */
export const CIRCLE_SEGMENTS = 32;

function disk([x, y]: Position, r: number, out: Segment[]): void {
  for (let k = 0; k < CIRCLE_SEGMENTS; k++) {
    const [a, b] = [(2 * Math.PI * k) / CIRCLE_SEGMENTS, (2 * Math.PI * (k + 1)) / CIRCLE_SEGMENTS];
    out.push([x + r * Math.cos(a), y + r * Math.sin(a), x + r * Math.cos(b), y + r * Math.sin(b)]);
  }
}

/** The rectangle within r of segment a-b, counter-clockwise. */
function rectangle([ax, ay, bx, by]: Segment, r: number, out: Segment[]): void {
  const length = Math.hypot(bx - ax, by - ay);
  const [nx, ny] = [(-(by - ay) / length) * r, ((bx - ax) / length) * r];
  const corners: Position[] = [
    [ax - nx, ay - ny],
    [bx - nx, by - ny],
    [bx + nx, by + ny],
    [ax + nx, ay + ny],
    [ax - nx, ay - ny],
  ];
  lineSegments(corners, out);
}

/** The polygons' edges with shells counter-clockwise and holes clockwise, so that their winding number is 1 inside and 0 outside. */
function orientedRings(parts: Parts): Segment[] {
  const out: Segment[] = [];
  for (const polygon of parts.polygons) {
    polygon.forEach((ring, i) => {
      const counterClockwise = ringArea(ring) > 0;
      lineSegments(counterClockwise === (i === 0) ? ring : [...ring].reverse(), out);
    });
  }
  return out;
}

/** The disks and rectangles within r of the edges of `segments` and of the points `points`: a disk on each distinct end. */
function sausages(segments: Segment[], points: Position[], r: number): Segment[] {
  const out: Segment[] = [];
  const ends = new Map<string, Position>();
  for (const segment of segments) {
    rectangle(segment, r, out);
    for (const end of [[segment[0], segment[1]], [segment[2], segment[3]]] as Position[]) ends.set(`${end[0]},${end[1]}`, end);
  }
  for (const point of points) ends.set(`${point[0]},${point[1]}`, point);
  for (const end of ends.values()) disk(end, r, out);
  return out;
}

/** The number of edges the buffer of these parts works with: what its cost grows with. */
export function bufferEdgeCount(parts: Parts): number {
  return vertexCount(parts) * (CIRCLE_SEGMENTS + 5);
}

/** The geometry buffered by `distance` (not 0) in its own units; null when the result is empty. */
export function buffer(geometry: Geometry | null, distance: number, budget: WorkBudget): Geometry | null {
  const parts = partsOf(geometry);
  const r = Math.abs(distance);
  const polygons = orientedRings(parts);
  const outline = [...polygons, ...parts.lines.flatMap((line) => lineSegments(line))];
  // Erosion leaves nothing of points and lines; of polygons, what lies farther than r inside.
  if (distance < 0 && polygons.length === 0) return null;
  const around = sausages(distance < 0 ? polygons : outline, distance < 0 ? [] : parts.points, r);
  const segments = [...polygons, ...around];
  const tolerance = toleranceOf(segmentsBox(segments));
  const [interior, near] = [new EdgeIndex(polygons, 0), new EdgeIndex(around, 0)];
  const inside = distance > 0 ? (x: number, y: number) => interior.winding(x, y) !== 0 || near.winding(x, y) > 0 : (x: number, y: number) => interior.winding(x, y) !== 0 && near.winding(x, y) === 0;
  const result = regionPolygons(segments, inside, tolerance, budget);
  if (result.length === 0) return null;
  return result.length === 1 ? { type: "Polygon", coordinates: result[0]! } : { type: "MultiPolygon", coordinates: result };
}
