/**
 * Random points in a geometry, uniformly distributed: in polygons by area (a polygon chosen by its
 * area, then positions drawn in its box until one falls inside), on lines by length, and points
 * drawn without repetition. The generator is seeded, so a seed gives the same points every time.
 */
import type { Position } from "../geojson";
import { inRing } from "./overlay";
import { polygonArea, type Parts } from "./planar";

/** A stream of numbers in [0, 1): SplitMix32, a counter mixed by multiply-xorshift rounds; any integer seeds it. */
export function seededRandom(seed: number): () => number {
  // Integers beyond 32 bits (and negative ones) fold their high part into the state.
  let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1);
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}

const boxOf = (ring: Position[]) => {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as const;
};

const lineLength = (line: Position[]) => line.reduce((n, p, i) => (i ? n + Math.hypot(p[0] - line[i - 1]![0], p[1] - line[i - 1]![1]) : 0), 0);

/** What drawing `count` points costs: the expected draws in the polygons' boxes times their vertices, or one step per line vertex. */
export function randomPointsCost(parts: Parts, count: number): number {
  const area = parts.polygons.reduce((n, p) => n + polygonArea(p), 0);
  if (area > 0) {
    const boxes = parts.polygons.reduce((n, p) => {
      const [x0, y0, x1, y1] = boxOf(p[0]!);
      return n + (x1 - x0) * (y1 - y0);
    }, 0);
    const vertices = parts.polygons.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
    return count * (boxes / area) * vertices;
  }
  return count * (1 + parts.lines.reduce((n, l) => n + l.length, 0)) + parts.points.length;
}

/** The index whose share of the running totals holds u (0 <= u < 1) times the total. */
function pick(cumulative: number[], u: number): number {
  const target = u * cumulative.at(-1)!;
  const index = cumulative.findIndex((c) => target < c);
  return index < 0 ? cumulative.length - 1 : index;
}

function inPolygon(polygon: Position[][], x: number, y: number): boolean {
  return inRing(polygon[0]!, x, y) && polygon.slice(1).every((hole) => !inRing(hole, x, y));
}

/** A point drawn in the polygon's box until one falls inside; none for a polygon (self-intersecting) whose shoelace area misstates its inside. */
function polygonPoint(polygon: Position[][], random: () => number): Position[] {
  const [x0, y0, x1, y1] = boxOf(polygon[0]!);
  // A hundred times the expected draws: the odds of missing a real inside that often are nil.
  const tries = Math.max(1000, (100 * (x1 - x0) * (y1 - y0)) / polygonArea(polygon));
  for (let k = 0; k < tries; k++) {
    const [x, y] = [x0 + random() * (x1 - x0), y0 + random() * (y1 - y0)];
    if (inPolygon(polygon, x, y)) return [[x, y]];
  }
  return [];
}

function linePoint(line: Position[], random: () => number): Position {
  const cumulative: number[] = [];
  for (let i = 1; i < line.length; i++) cumulative.push((cumulative.at(-1) ?? 0) + Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]));
  const target = random() * cumulative.at(-1)!;
  const i = Math.max(0, cumulative.findIndex((c) => target < c));
  const start = i ? cumulative[i - 1]! : 0;
  const t = (target - start) / (cumulative[i]! - start || 1);
  const [a, b] = [line[i]!, line[i + 1]!];
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/** The running sums of `values`. */
function runningTotals(values: number[]): number[] {
  const totals: number[] = [];
  let sum = 0;
  for (const v of values) totals.push((sum += v));
  return totals;
}

/**
 * `count` random points of the parts (of one geometry) of their highest dimension with an extent:
 * polygons with an area, else lines with a length, else points (at most as many as there are).
 */
export function randomPoints(parts: Parts, count: number, random: () => number): Position[] {
  const polygons = parts.polygons.filter((p) => polygonArea(p) > 0);
  if (polygons.length) {
    const cumulative = runningTotals(polygons.map(polygonArea));
    return Array.from({ length: count }, () => polygonPoint(polygons[pick(cumulative, random())]!, random)).flat();
  }
  const lines = parts.lines.filter((l) => lineLength(l) > 0);
  if (lines.length) {
    const cumulative = runningTotals(lines.map(lineLength));
    return Array.from({ length: count }, () => linePoint(lines[pick(cumulative, random())]!, random));
  }
  // Points (and degenerate polygons and lines, as their positions): each drawn at most once, a partial Fisher-Yates shuffle.
  const pool = [...parts.points, ...parts.lines.flat(), ...parts.polygons.flatMap((p) => p[0] ?? [])];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
