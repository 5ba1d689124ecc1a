/**
 * Resampling by combining every valid source pixel under a target pixel's footprint (GDAL's
 * average, sum, rms, min, max, med, q1, q3 and mode): a source pixel counts when it overlaps the
 * footprint by more than a rounding error, and average, sum and rms weigh it by the fraction of
 * it inside. Valid means finite (NaN is no-data). A target pixel smaller than a source pixel
 * gets the one or two pixels it overlaps.
 */
import { footprint, type Box, type SourcePlane } from "./footprint";
import type { PixelCoordinates } from "../raster/transform";

export type AggregateMethod = "average" | "sum" | "rms" | "min" | "max" | "med" | "q1" | "q3" | "mode";

/** One value from the valid values under a footprint and their overlap weights (never empty). */
type Aggregate = (values: number[], weights: number[]) => number;

/** The p-quantile with linear interpolation between order statistics (openEO's default, type 7). */
function quantile(p: number): Aggregate {
  return (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const h = (sorted.length - 1) * p;
    const low = Math.floor(h);
    const below = sorted[low]!;
    return low + 1 < sorted.length ? below + (h - low) * (sorted[low + 1]! - below) : below;
  };
}

const weightedSum = (values: number[], weights: number[]) => values.reduce((s, v, i) => s + v * weights[i]!, 0);
const totalWeight = (weights: number[]) => weights.reduce((s, w) => s + w, 0);

/** The most frequent value; of equally frequent ones, the one met first (row by row). */
function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  let most = 0;
  // A Map iterates in insertion order, i.e. by first occurrence.
  for (const [v, n] of counts) {
    if (n > most) [best, most] = [v, n];
  }
  return best;
}

const AGGREGATES: Record<AggregateMethod, Aggregate> = {
  average: (values, weights) => weightedSum(values, weights) / totalWeight(weights),
  sum: weightedSum,
  rms: (values, weights) => Math.sqrt(weightedSum(values.map((v) => v * v), weights) / totalWeight(weights)),
  // reduce, not Math.min(...values): a large footprint would overflow the call stack.
  min: (values) => values.reduce((a, b) => Math.min(a, b)),
  max: (values) => values.reduce((a, b) => Math.max(a, b)),
  med: quantile(0.5),
  q1: quantile(0.25),
  q3: quantile(0.75),
  mode,
};

// Footprint edges a rounding error past a pixel edge don't make the next pixel count.
const EDGE = 1e-6;

/** The part of source pixel [p, p + 1) inside [low, high). */
function overlap(p: number, low: number, high: number): number {
  return Math.max(0, Math.min(p + 1, high) - Math.max(p, low));
}

/**
 * Fills `out` (the target pixels whose corners are `corners`, `width` per row) from `source`,
 * NaN where no valid source pixel lies under a footprint.
 */
export function aggregateOnto(source: SourcePlane, corners: PixelCoordinates, width: number, method: AggregateMethod, out: Float32Array): void {
  const aggregate = AGGREGATES[method];
  const box: Box = { x0: 0, y0: 0, x1: 0, y1: 0 };
  const values: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < out.length; i++) {
    values.length = 0;
    weights.length = 0;
    if (footprint(corners, width, i, box)) {
      const c0 = Math.max(0, Math.floor(box.x0 + EDGE));
      const c1 = Math.min(source.width, Math.ceil(box.x1 - EDGE));
      const r0 = Math.max(0, Math.floor(box.y0 + EDGE));
      const r1 = Math.min(source.height, Math.ceil(box.y1 - EDGE));
      for (let r = r0; r < r1; r++) {
        const along = overlap(r, box.y0, box.y1);
        for (let c = c0; c < c1; c++) {
          const v = source.data[r * source.width + c]!;
          if (!Number.isFinite(v)) continue;
          values.push(v);
          weights.push(along * overlap(c, box.x0, box.x1));
        }
      }
    }
    out[i] = values.length > 0 ? aggregate(values, weights) : NaN;
  }
}
