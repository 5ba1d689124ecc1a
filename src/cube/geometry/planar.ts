/**
 * Planar geometry on [x, y] positions in the units of their CRS: the parts of a GeoJSON geometry
 * by dimension, ring areas, and an index of edges that answers point location (inside, on an edge,
 * outside) without visiting every edge.
 */
import type { WorkBudget } from "../../budget";
import type { Geometry, Position } from "../geojson";

/**
 * Budget operations per edge a geometry step looks at: measured in Node, one such step (a distance,
 * a crossing, a vertex lookup) takes as long as about eight array elements of a reducer.
 */
export const EDGE_COST = 8;

/** A straight edge from [ax, ay] to [bx, by]. */
export type Segment = [number, number, number, number];

/** A geometry's parts by dimension: polygons (rings), lines, points; empty parts left out. */
export interface Parts {
  polygons: Position[][][];
  lines: Position[][];
  points: Position[];
}

export function partsOf(geometry: Geometry | null): Parts {
  const parts: Parts = { polygons: [], lines: [], points: [] };
  if (!geometry) return parts;
  switch (geometry.type) {
    case "Point":
      if (geometry.coordinates.length) parts.points.push(geometry.coordinates as Position);
      break;
    case "MultiPoint":
      parts.points.push(...geometry.coordinates);
      break;
    case "LineString":
      if (geometry.coordinates.length) parts.lines.push(geometry.coordinates);
      break;
    case "MultiLineString":
      parts.lines.push(...geometry.coordinates.filter((line) => line.length));
      break;
    case "Polygon":
      if (geometry.coordinates.length) parts.polygons.push(geometry.coordinates);
      break;
    case "MultiPolygon":
      parts.polygons.push(...geometry.coordinates.filter((polygon) => polygon.length));
      break;
  }
  return parts;
}

/** All parts of several geometries together. */
export function mergeParts(list: Parts[]): Parts {
  return { polygons: list.flatMap((p) => p.polygons), lines: list.flatMap((p) => p.lines), points: list.flatMap((p) => p.points) };
}

/** The highest dimension among the parts (2 polygons, 1 lines, 0 points), -1 when there are none. */
export const dimensionOf = (parts: Parts): number => (parts.polygons.length ? 2 : parts.lines.length ? 1 : parts.points.length ? 0 : -1);

/** The number of positions of the parts. */
export const vertexCount = (parts: Parts): number =>
  parts.points.length + parts.lines.reduce((n, l) => n + l.length, 0) + parts.polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);

/** The signed area of a closed ring: positive when it runs counter-clockwise. */
export function ringArea(ring: Position[]): number {
  if (ring.length === 0) return 0;
  // Relative to the first position: products of large coordinates (UTM northings) would cancel out the digits that matter.
  const [x0, y0] = ring[0]!;
  let sum = 0;
  for (let i = 1; i < ring.length; i++) sum += (ring[i - 1]![0] - x0) * (ring[i]![1] - y0) - (ring[i]![0] - x0) * (ring[i - 1]![1] - y0);
  return sum / 2;
}

/** The area of a polygon: its shell less its holes, whatever their orientation. */
export const polygonArea = (rings: Position[][]): number => rings.reduce((a, ring, i) => a + (i === 0 ? 1 : -1) * Math.abs(ringArea(ring)), 0);

/** The edges of a line (consecutive positions; repeated positions give none). */
export function lineSegments(line: Position[], out: Segment[] = []): Segment[] {
  for (let i = 1; i < line.length; i++) {
    const [a, b] = [line[i - 1]!, line[i]!];
    if (a[0] !== b[0] || a[1] !== b[1]) out.push([a[0], a[1], b[0], b[1]]);
  }
  return out;
}

/** Every edge of the parts: rings and lines. */
export function segmentsOf(parts: Parts): Segment[] {
  const out: Segment[] = [];
  for (const polygon of parts.polygons) for (const ring of polygon) lineSegments(ring, out);
  for (const line of parts.lines) lineSegments(line, out);
  return out;
}

/** The distance from (x, y) to a segment. */
export function segmentDistance(x: number, y: number, [ax, ay, bx, by]: Segment): number {
  const [dx, dy] = [bx - ax, by - ay];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** The box around segments, [minX, minY, maxX, maxY]; null for none. */
export function segmentsBox(segments: Segment[], points: Position[] = []): [number, number, number, number] | null {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x: number, y: number) => {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  };
  for (const [ax, ay, bx, by] of segments) {
    add(ax, ay);
    add(bx, by);
  }
  for (const [x, y] of points) add(x, y);
  return box[0] <= box[2] ? box : null;
}

/**
 * How close two positions must be to count as one: a billionth of the extent of the geometries
 * involved (or of their distance from the origin where the extent is nil), far above the rounding
 * errors of the arithmetic and far below any distance that matters.
 */
export function toleranceOf(box: [number, number, number, number] | null): number {
  if (!box) return 1e-12;
  const size = Math.max(box[2] - box[0], box[3] - box[1]);
  return 1e-9 * (size > 0 ? size : Math.max(1, Math.abs(box[0]), Math.abs(box[1])));
}

/**
 * Edges sorted into horizontal bands, so that a point meets only the edges of its band: whether
 * it lies on one (within a tolerance) and the winding number of the rings around it.
 */
export class EdgeIndex {
  private readonly bands: number[][];
  private readonly minY: number;
  private readonly height: number;

  /** `budget`, when given, is charged for every edge a query looks at. */
  constructor(
    private readonly edges: Segment[],
    private readonly tolerance: number,
    private readonly budget?: WorkBudget,
  ) {
    let [minY, maxY] = [Infinity, -Infinity];
    for (const [, ay, , by] of edges) [minY, maxY] = [Math.min(minY, ay, by), Math.max(maxY, ay, by)];
    const count = Math.max(1, Math.min(16384, Math.ceil(8 * Math.sqrt(edges.length))));
    this.minY = Number.isFinite(minY) ? minY - tolerance : 0;
    this.height = Number.isFinite(minY) ? (maxY + tolerance - this.minY) / count : 1;
    this.bands = Array.from({ length: count }, () => []);
    edges.forEach(([, ay, , by], e) => {
      const [lo, hi] = [this.band(Math.min(ay, by) - tolerance), this.band(Math.max(ay, by) + tolerance)];
      for (let b = lo; b <= hi; b++) this.bands[b]!.push(e);
    });
  }

  private band(y: number): number {
    return Math.max(0, Math.min(this.bands.length - 1, Math.floor((y - this.minY) / this.height)));
  }

  private candidates(y: number): number[] {
    const list = y < this.minY || y > this.minY + this.height * this.bands.length ? [] : this.bands[this.band(y)]!;
    this.budget?.spend(EDGE_COST * (list.length + 1), "locating points among the edges");
    return list;
  }

  /** The distance from (x, y) to the nearest edge but `skip`, or `radius` when none is closer. */
  nearest(x: number, y: number, radius: number, skip: number): number {
    let best = radius;
    for (let b = this.band(y - radius); b <= this.band(y + radius); b++) {
      this.budget?.spend(EDGE_COST * (this.bands[b]!.length + 1), "locating points among the edges");
      for (const e of this.bands[b]!) if (e !== skip) best = Math.min(best, segmentDistance(x, y, this.edges[e]!));
    }
    return best;
  }

  /** Whether (x, y) lies on an edge, within the tolerance. */
  onEdge(x: number, y: number): boolean {
    return this.candidates(y).some((e) => segmentDistance(x, y, this.edges[e]!) <= this.tolerance);
  }

  /** The winding number of the edges (taken as rings) around (x, y): counter-clockwise rings count +1. */
  winding(x: number, y: number): number {
    let winding = 0;
    for (const e of this.candidates(y)) {
      const [ax, ay, bx, by] = this.edges[e]!;
      const side = (bx - ax) * (y - ay) - (x - ax) * (by - ay);
      if (ay <= y && by > y && side > 0) winding++;
      else if (ay > y && by <= y && side < 0) winding--;
    }
    return winding;
  }
}
