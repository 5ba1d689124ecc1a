/**
 * The spatial relations of the OGC Simple Features standard (intersects, within, touches, ...)
 * between two point sets, through their DE-9IM matrix: for each pair of interior, boundary and
 * exterior, the highest dimension of their intersection (-1 when empty).
 *
 * The matrix is found by sampling the arrangement of both sets' edges: every vertex, the middle of
 * every piece and a point a little to either side of it. Each cell of the arrangement (vertex,
 * open piece, face) lies wholly in one part of each set, and every one of them is sampled, so the
 * matrix is exact up to the tolerance of the positions.
 */
import type { WorkBudget } from "../../budget";
import type { Position } from "../geojson";
import { arrange, pieceSides } from "./arrangement";
import { dimensionOf, EDGE_COST, EdgeIndex, lineSegments, ringArea, segmentsBox, segmentsOf, type Parts, type Segment } from "./planar";

/** Where a position lies with respect to a point set (the matrix's row and column order). */
export const Location = { Interior: 0, Boundary: 1, Exterior: 2 } as const;
export type Location = (typeof Location)[keyof typeof Location];

export type Relation = "intersects" | "disjoint" | "equals" | "touches" | "crosses" | "overlaps" | "contains" | "within";

/** Directions around a position on a polygon edge, to tell an outline from an edge shared by two polygons. */
const AROUND = Array.from({ length: 16 }, (_, k) => [Math.cos((k * Math.PI) / 8), Math.sin((k * Math.PI) / 8)] as const);

/**
 * A point set: the union of polygons, lines and points. Its interior and boundary are the union's:
 * an edge two polygons share is interior, a line inside a polygon adds nothing, a line's ends that
 * end an odd number of its parts are its boundary (the "mod 2" rule).
 */
export class PointSet {
  readonly dimension: number;
  readonly segments: Segment[];
  readonly points: Position[];
  private readonly rings: EdgeIndex;
  private readonly lines: EdgeIndex;
  private readonly lineEnds: EdgeIndex;
  private readonly isolated: EdgeIndex;
  private readonly polygonCount: number;

  constructor(
    parts: Parts,
    private readonly tolerance: number,
  ) {
    this.dimension = dimensionOf(parts);
    this.segments = segmentsOf(parts);
    this.points = parts.points;
    this.polygonCount = parts.polygons.length;
    // Shells counter-clockwise and holes clockwise: the winding number is 1 inside a polygon.
    const rings: Segment[] = [];
    for (const polygon of parts.polygons) polygon.forEach((ring, i) => lineSegments(ringArea(ring) > 0 === (i === 0) ? ring : [...ring].reverse(), rings));
    this.rings = new EdgeIndex(rings, tolerance);
    this.lines = new EdgeIndex(parts.lines.flatMap((line) => lineSegments(line)), tolerance);
    const ends = new Map<string, { at: Position; count: number }>();
    for (const line of parts.lines) {
      const closed = line[0]![0] === line.at(-1)![0] && line[0]![1] === line.at(-1)![1];
      if (closed) continue;
      for (const at of [line[0]!, line.at(-1)!]) {
        const key = `${at[0]},${at[1]}`;
        ends.set(key, { at, count: (ends.get(key)?.count ?? 0) + 1 });
      }
    }
    const boundaryEnds = [...ends.values()].filter((e) => e.count % 2 === 1).map(({ at }) => [at[0], at[1], at[0], at[1]] as Segment);
    this.lineEnds = new EdgeIndex(boundaryEnds, tolerance);
    this.isolated = new EdgeIndex(parts.points.map(([x, y]) => [x, y, x, y] as Segment), tolerance);
  }

  private polygonal(x: number, y: number): Location {
    if (this.rings.onEdge(x, y)) {
      // On an outline unless the polygons cover all around it (an edge two of them share).
      if (this.polygonCount < 2) return Location.Boundary;
      const step = 1000 * this.tolerance;
      return AROUND.every(([dx, dy]) => this.rings.winding(x + dx * step, y + dy * step) !== 0) ? Location.Interior : Location.Boundary;
    }
    return this.rings.winding(x, y) !== 0 ? Location.Interior : Location.Exterior;
  }

  locate(x: number, y: number): Location {
    const polygonal = this.polygonal(x, y);
    if (polygonal !== Location.Exterior) return polygonal;
    const onLine = this.lines.onEdge(x, y);
    if ((onLine && !this.lineEnds.onEdge(x, y)) || this.isolated.onEdge(x, y)) return Location.Interior;
    return onLine ? Location.Boundary : Location.Exterior;
  }
}

/** matrix[a][b]: the dimension of the intersection of part a of the first set with part b of the second (Location order), -1 when empty. */
export type Matrix = number[][];

/**
 * The matrix of a and b, sampling the arrangement of a's edges and of those of b's edges and points
 * that `near` keeps (the others can't meet a). Where b reaches beyond a's box, its interior has
 * points outside a, which the samples near a would miss.
 */
export function de9im(a: PointSet, b: PointSet, tolerance: number, budget: WorkBudget): Matrix {
  const matrix: Matrix = [
    [-1, -1, -1],
    [-1, -1, -1],
    [-1, -1, 2],
  ];
  const sample = (x: number, y: number, dimension: number) => {
    const [la, lb] = [a.locate(x, y), b.locate(x, y)];
    matrix[la]![lb] = Math.max(matrix[la]![lb]!, dimension);
  };
  const box = segmentsBox(a.segments, a.points)!;
  const near = (x0: number, y0: number, x1: number, y1: number) =>
    Math.max(x0, x1) >= box[0] - tolerance && Math.min(x0, x1) <= box[2] + tolerance && Math.max(y0, y1) >= box[1] - tolerance && Math.min(y0, y1) <= box[3] + tolerance;
  const bSegments = b.segments.filter(([x0, y0, x1, y1]) => near(x0, y0, x1, y1));
  const bPoints = b.points.filter(([x, y]) => near(x, y, x, y));
  budget.spend(EDGE_COST * (b.segments.length + b.points.length), "relating the geometries");
  const arrangement = arrange([...a.segments, ...bSegments], tolerance, budget);
  const { vertices, pieces } = arrangement;
  budget.spend(4 * pieces.length + vertices.length + a.points.length + bPoints.length, "relating the geometries");
  for (const [x, y] of [...vertices, ...a.points, ...bPoints]) sample(x, y, 0);
  for (const [mx, my, dx, dy] of pieceSides(arrangement, 1000 * tolerance, budget)) {
    sample(mx, my, 1);
    sample(mx + dx, my + dy, 2);
    sample(mx - dx, my - dy, 2);
  }
  // Without any edge, the plane minus the points is one face: sampled far away.
  if (pieces.length === 0) sample(box[2] + 1 + Math.abs(box[2]), box[3], 2);
  const bBox = segmentsBox(b.segments, b.points);
  if (bBox && (bBox[0] < box[0] - tolerance || bBox[1] < box[1] - tolerance || bBox[2] > box[2] + tolerance || bBox[3] > box[3] + tolerance)) {
    matrix[Location.Exterior]![Location.Interior] = Math.max(matrix[Location.Exterior]![Location.Interior]!, b.dimension);
  }
  return matrix;
}

const [I, B, E] = [Location.Interior, Location.Boundary, Location.Exterior];

/** Whether `relation` holds for a (the candidate) and b (the base) with this matrix: "within" means a lies within b. */
export function holds(relation: Relation, m: Matrix, dimA: number, dimB: number): boolean {
  const some = (x: Location, y: Location) => m[x]![y]! >= 0;
  const intersects = some(I, I) || some(I, B) || some(B, I) || some(B, B);
  switch (relation) {
    case "intersects":
      return intersects;
    case "disjoint":
      return !intersects;
    case "equals":
      return some(I, I) && !some(I, E) && !some(B, E) && !some(E, I) && !some(E, B);
    case "touches":
      return !some(I, I) && intersects;
    case "crosses":
      if (dimA < dimB) return some(I, I) && some(I, E);
      if (dimA > dimB) return some(I, I) && some(E, I);
      return dimA === 1 && m[I]![I] === 0;
    case "overlaps":
      if (dimA !== dimB) return false;
      return (dimA === 1 ? m[I]![I] === 1 : some(I, I)) && some(I, E) && some(E, I);
    case "contains":
      return some(I, I) && !some(E, I) && !some(E, B);
    case "within":
      return some(I, I) && !some(I, E) && !some(B, E);
  }
}

/** Tests candidates against one base point set; `tolerance` must suit all of them (toleranceOf their common box). */
export class Relater {
  private readonly base: PointSet;
  private readonly box: [number, number, number, number] | null;

  constructor(
    base: Parts,
    private readonly tolerance: number,
  ) {
    this.base = new PointSet(base, tolerance);
    this.box = segmentsBox(this.base.segments, this.base.points);
  }

  /** Whether `candidate REL base` holds; an empty candidate or base relates to nothing. */
  holds(relation: Relation, candidate: Parts, budget: WorkBudget): boolean {
    const [a, b, t] = [segmentsBox(segmentsOf(candidate), candidate.points), this.box, this.tolerance];
    if (!a || !b) return false;
    // Apart, only disjoint holds: every other relation needs the two to meet, or (equals, within, contains) one to cover the other.
    if (a[0] > b[2] + t || b[0] > a[2] + t || a[1] > b[3] + t || b[1] > a[3] + t) return relation === "disjoint";
    const set = new PointSet(candidate, t);
    return holds(relation, de9im(set, this.base, t, budget), set.dimension, this.base.dimension);
  }
}
