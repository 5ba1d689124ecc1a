/**
 * The arrangement of segments: each one cut wherever another crosses or touches it, so that the
 * pieces meet only at their ends. Positions closer than the tolerance become one vertex, which is
 * what lets pieces computed from different segments join up exactly.
 */
import type { WorkBudget } from "../../budget";
import type { Position } from "../geojson";
import { segmentDistance, segmentsBox, type Segment } from "./planar";

export interface Arrangement {
  vertices: Position[];
  /** Each undirected piece once, as a pair of vertex numbers. */
  pieces: [number, number][];
}

/** Vertices by their position rounded to the tolerance; a lookup also sees the neighbouring cells. */
class VertexSnap {
  readonly vertices: Position[] = [];
  private readonly cells = new Map<string, number[]>();

  constructor(private readonly tolerance: number) {}

  id([x, y]: Position): number {
    const [cx, cy] = [Math.round(x / this.tolerance), Math.round(y / this.tolerance)];
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const v of this.cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const [vx, vy] = this.vertices[v]!;
          if (Math.hypot(vx - x, vy - y) <= this.tolerance) return v;
        }
      }
    }
    const key = `${cx},${cy}`;
    const id = this.vertices.push([x, y]) - 1;
    this.cells.set(key, [...(this.cells.get(key) ?? []), id]);
    return id;
  }
}

/** The pairs of segments whose boxes (grown by the tolerance) share a cell of a grid over them all. */
function candidatePairs(segments: Segment[], tolerance: number, budget: WorkBudget, visit: (i: number, j: number) => void): void {
  const box = segmentsBox(segments);
  if (!box) return;
  const side = Math.max(1, Math.min(1024, Math.ceil(Math.sqrt(segments.length))));
  const [w, h] = [(box[2] - box[0]) / side || 1, (box[3] - box[1]) / side || 1];
  const cell = (v: number, min: number, size: number) => Math.max(0, Math.min(side - 1, Math.floor((v - min) / size)));
  const cells = new Map<number, number[]>();
  segments.forEach(([ax, ay, bx, by], s) => {
    const [c0, c1] = [cell(Math.min(ax, bx) - tolerance, box[0], w), cell(Math.max(ax, bx) + tolerance, box[0], w)];
    const [r0, r1] = [cell(Math.min(ay, by) - tolerance, box[1], h), cell(Math.max(ay, by) + tolerance, box[1], h)];
    budget.spend((c1 - c0 + 1) * (r1 - r0 + 1), "cutting the geometries' edges where they meet");
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const list = cells.get(r * side + c);
        if (list) list.push(s);
        else cells.set(r * side + c, [s]);
      }
    }
  });
  // seen[j] === i: the pair (i, j) was visited already, through another shared cell.
  const seen = new Int32Array(segments.length).fill(-1);
  const partners: number[][] = segments.map(() => []);
  for (const list of cells.values()) {
    budget.spend(list.length * list.length, "cutting the geometries' edges where they meet");
    for (const i of list) for (const j of list) if (j > i) partners[i]!.push(j);
  }
  partners.forEach((list, i) => {
    for (const j of list) {
      if (seen[j] === i) continue;
      seen[j] = i;
      visit(i, j);
    }
  });
}

/** Where segment a meets segment b: their crossing, and the ends of each that lie on the other. */
function meetings(a: Segment, b: Segment, tolerance: number, cutA: Position[], cutB: Position[]): void {
  for (const [end, other, cut] of [
    [[a[0], a[1]], b, cutB],
    [[a[2], a[3]], b, cutB],
    [[b[0], b[1]], a, cutA],
    [[b[2], b[3]], a, cutA],
  ] as [Position, Segment, Position[]][]) {
    if (segmentDistance(end[0], end[1], other) <= tolerance) cut.push(end);
  }
  const [rx, ry, sx, sy] = [a[2] - a[0], a[3] - a[1], b[2] - b[0], b[3] - b[1]];
  const denominator = rx * sy - ry * sx;
  // Parallel (or nearly): any contact is an end lying on the other segment, found above.
  if (Math.abs(denominator) <= 1e-12 * Math.hypot(rx, ry) * Math.hypot(sx, sy)) return;
  const [qx, qy] = [b[0] - a[0], b[1] - a[1]];
  const t = (qx * sy - qy * sx) / denominator;
  const u = (qx * ry - qy * rx) / denominator;
  if (t > 0 && t < 1 && u > 0 && u < 1) {
    const crossing: Position = [a[0] + t * rx, a[1] + t * ry];
    cutA.push(crossing);
    cutB.push(crossing);
  }
}

/** The segments cut into pieces that meet only at their ends (duplicates and pieces shorter than the tolerance dropped). */
export function arrange(segments: Segment[], tolerance: number, budget: WorkBudget): Arrangement {
  const cuts: Position[][] = segments.map(() => []);
  candidatePairs(segments, tolerance, budget, (i, j) => meetings(segments[i]!, segments[j]!, tolerance, cuts[i]!, cuts[j]!));
  const snap = new VertexSnap(tolerance);
  const pieces: [number, number][] = [];
  const known = new Set<string>();
  segments.forEach(([ax, ay, bx, by], s) => {
    const along = (p: Position) => (p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay);
    const stops = [[ax, ay] as Position, ...cuts[s]!.sort((p, q) => along(p) - along(q)), [bx, by] as Position].map((p) => snap.id(p));
    budget.spend(stops.length, "cutting the geometries' edges where they meet");
    for (let k = 1; k < stops.length; k++) {
      const [u, v] = [stops[k - 1]!, stops[k]!];
      const key = u < v ? `${u},${v}` : `${v},${u}`;
      if (u === v || known.has(key)) continue;
      known.add(key);
      pieces.push([u, v]);
    }
  });
  return { vertices: snap.vertices, pieces };
}
