/**
 * The polygons of a region known by a test of whether a point is inside it, whose boundary lies
 * on given segments (unions and differences of polygons, such as buffers). The segments are cut
 * where they meet; a piece with the inside on one side only is boundary, and the boundary pieces
 * are walked into rings: shells counter-clockwise, holes clockwise, as RFC 7946 recommends.
 */
import type { WorkBudget } from "../../budget";
import type { Position } from "../geojson";
import { arrange, pieceSides, type Arrangement } from "./arrangement";
import { ringArea, type Segment } from "./planar";

/** A piece of boundary directed so that the region lies on its left. */
interface Directed {
  from: number;
  to: number;
  used: boolean;
}

/** The boundary pieces, directed: those with the region on one side only. */
function boundaryPieces(arrangement: Arrangement, inside: (x: number, y: number) => boolean, nudge: number, budget: WorkBudget): Directed[] {
  const out: Directed[] = [];
  const sides = pieceSides(arrangement, nudge, budget);
  budget.spend(2 * sides.length, "tracing the outline");
  arrangement.pieces.forEach(([u, v], p) => {
    const [mx, my, dx, dy] = sides[p]!;
    const [left, right] = [inside(mx + dx, my + dy), inside(mx - dx, my - dy)];
    if (left !== right) out.push(left ? { from: u, to: v, used: false } : { from: v, to: u, used: false });
  });
  return out;
}

/**
 * The closed rings of the boundary. Leaving a vertex, the walk takes the first piece clockwise from
 * the way it came, which keeps the region on its left and parts rings that touch at a vertex.
 */
function walkRings(vertices: Position[], pieces: Directed[]): Position[][] {
  const outgoing = new Map<number, Directed[]>();
  for (const piece of pieces) outgoing.set(piece.from, [...(outgoing.get(piece.from) ?? []), piece]);
  const angle = (from: number, to: number) => Math.atan2(vertices[to]![1] - vertices[from]![1], vertices[to]![0] - vertices[from]![0]);
  const rings: Position[][] = [];
  for (const start of pieces) {
    if (start.used) continue;
    start.used = true;
    const ring = [start.from, start.to];
    let current = start;
    while (current.to !== start.from) {
      const back = angle(current.to, current.from);
      let best: Directed | undefined;
      let bestTurn = Infinity;
      for (const next of outgoing.get(current.to) ?? []) {
        if (next.used) continue;
        // Clockwise from the way back, in (0, 2π].
        const turn = (((back - angle(next.from, next.to)) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) || 2 * Math.PI;
        if (turn < bestTurn) [best, bestTurn] = [next, turn];
      }
      // A boundary that doesn't close (rounding at near-touching edges) yields no ring.
      if (!best) break;
      best.used = true;
      ring.push(best.to);
      current = best;
    }
    if (current.to === start.from && ring.length >= 4) rings.push(ring.map((v) => [...vertices[v]!] as Position));
  }
  return rings;
}

/** Whether (x, y) lies inside a closed ring (even-odd). */
export function inRing(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 1; i < ring.length; i++) {
    const [[ax, ay], [bx, by]] = [ring[i - 1]!, ring[i]!];
    if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
  }
  return inside;
}

/** Holes assigned to the smallest shell around them (tested a little inside the region, left of a hole's first edge). */
function polygonsOf(rings: Position[][], nudge: number): Position[][][] {
  const shells = rings.filter((r) => ringArea(r) > 0).map((ring) => ({ ring, area: ringArea(ring), holes: [] as Position[][] }));
  for (const hole of rings.filter((r) => ringArea(r) < 0)) {
    const [[ax, ay], [bx, by]] = [hole[0]!, hole[1]!];
    const length = Math.hypot(bx - ax, by - ay);
    const step = Math.min(nudge, length / 4);
    const [x, y] = [(ax + bx) / 2 - ((by - ay) / length) * step, (ay + by) / 2 + ((bx - ax) / length) * step];
    const around = shells.filter((s) => inRing(s.ring, x, y)).sort((a, b) => a.area - b.area)[0];
    around?.holes.push(hole);
  }
  return shells.map((s) => [s.ring, ...s.holes]);
}

/**
 * The polygons of the region `inside` tests, whose boundary lies on `segments`; `tolerance` is the
 * distance under which positions are one. Empty when the region is.
 */
export function regionPolygons(segments: Segment[], inside: (x: number, y: number) => boolean, tolerance: number, budget: WorkBudget): Position[][][] {
  const arrangement = arrange(segments, tolerance, budget);
  const nudge = 1000 * tolerance;
  const rings = walkRings(arrangement.vertices, boundaryPieces(arrangement, inside, nudge, budget)).filter((ring) => Math.abs(ringArea(ring)) > tolerance * tolerance);
  return polygonsOf(rings, nudge);
}
