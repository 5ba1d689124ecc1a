/**
 * The arrangement of segments: each one cut wherever another crosses or touches it, so that the
 * pieces meet only at their ends. Positions closer than the tolerance become one vertex, which is
 * what lets pieces computed from different segments join up exactly.
 */
import type { WorkBudget } from "../../budget";
import type { Position } from "../geojson";
import { EDGE_COST, EdgeIndex, segmentDistance, segmentsBox, type Segment } from "./planar";

export interface Arrangement {
  vertices: Position[];
  /** Each undirected piece once, as a pair of vertex numbers. */
  pieces: [number, number][];
}

/** Vertices by their position rounded to the tolerance; a lookup also sees the neighbouring cells. */
class VertexSnap {
  readonly vertices: Position[] = [];
  // Cell column, then row (numbers as keys: rounded UTM coordinates stay well inside 2^53).
  private readonly cells = new Map<number, Map<number, number[]>>();

  constructor(private readonly tolerance: number) {}

  id([x, y]: Position): number {
    const [cx, cy] = [Math.round(x / this.tolerance), Math.round(y / this.tolerance)];
    for (let dx = -1; dx <= 1; dx++) {
      const column = this.cells.get(cx + dx);
      if (!column) continue;
      for (let dy = -1; dy <= 1; dy++) {
        for (const v of column.get(cy + dy) ?? []) {
          const [vx, vy] = this.vertices[v]!;
          if (Math.hypot(vx - x, vy - y) <= this.tolerance) return v;
        }
      }
    }
    const id = this.vertices.push([x, y]) - 1;
    let column = this.cells.get(cx);
    if (!column) this.cells.set(cx, (column = new Map()));
    const cell = column.get(cy);
    if (cell) cell.push(id);
    else column.set(cy, [id]);
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
    budget.spend(EDGE_COST * (c1 - c0 + 1) * (r1 - r0 + 1), "cutting the geometries' edges where they meet");
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
    budget.spend(EDGE_COST * list.length * list.length, "cutting the geometries' edges where they meet");
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
  // Most pairs that share a grid cell are apart: their boxes tell without more arithmetic.
  if (Math.max(a[0], a[2]) + tolerance < Math.min(b[0], b[2]) || Math.max(b[0], b[2]) + tolerance < Math.min(a[0], a[2])) return;
  if (Math.max(a[1], a[3]) + tolerance < Math.min(b[1], b[3]) || Math.max(b[1], b[3]) + tolerance < Math.min(a[1], a[3])) return;
  if (segmentDistance(a[0], a[1], b) <= tolerance) cutB.push([a[0], a[1]]);
  if (segmentDistance(a[2], a[3], b) <= tolerance) cutB.push([a[2], a[3]]);
  if (segmentDistance(b[0], b[1], a) <= tolerance) cutA.push([b[0], b[1]]);
  if (segmentDistance(b[2], b[3], a) <= tolerance) cutA.push([b[2], b[3]]);
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
  const known = new Set<number>();
  segments.forEach(([ax, ay, bx, by], s) => {
    const along = (p: Position) => (p[0] - ax) * (bx - ax) + (p[1] - ay) * (by - ay);
    const stops = [[ax, ay] as Position, ...cuts[s]!.sort((p, q) => along(p) - along(q)), [bx, by] as Position].map((p) => snap.id(p));
    budget.spend(EDGE_COST * stops.length, "cutting the geometries' edges where they meet");
    for (let k = 1; k < stops.length; k++) {
      const [u, v] = [stops[k - 1]!, stops[k]!];
      // A number per unordered pair (vertex numbers stay far below 2^26).
      const key = u < v ? u * 2 ** 26 + v : v * 2 ** 26 + u;
      if (u === v || known.has(key)) continue;
      known.add(key);
      pieces.push([u, v]);
    }
  });
  return { vertices: snap.vertices, pieces };
}

/**
 * For each piece, its midpoint and the offset to a point on either side of it (mx, my, dx, dy: the
 * left side is (mx + dx, my + dy), the right (mx - dx, my - dy)). The offset is `nudge` at most, and
 * less than half the way to any other piece, so that both points lie in the faces next to the piece
 * even where the arrangement has slivers thinner than the nudge.
 */
export function pieceSides({ vertices, pieces }: Arrangement, nudge: number, budget: WorkBudget): [number, number, number, number][] {
  const index = new EdgeIndex(
    pieces.map(([u, v]) => [...vertices[u]!, ...vertices[v]!] as Segment),
    0,
    budget,
  );
  return pieces.map(([u, v], p) => {
    const [[ax, ay], [bx, by]] = [vertices[u]!, vertices[v]!];
    const length = Math.hypot(bx - ax, by - ay);
    const [mx, my] = [(ax + bx) / 2, (ay + by) / 2];
    const step = Math.min(length / 4, index.nearest(mx, my, nudge, p) / 2);
    return [mx, my, (-(by - ay) / length) * step, ((bx - ax) / length) * step];
  });
}
