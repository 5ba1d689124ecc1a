/**
 * One band's statistics over the valid samples of an interval, as the Statistical API answers
 * them: min, max, mean, stDev (the sample standard deviation, n - 1, as openEO's `sd`),
 * sampleCount (every pixel of the grid) and noDataCount, percentiles and a histogram when asked.
 * Where nothing is valid, the values are the string "NaN", as JSON has no NaN.
 */
import { quantileType7At, sampleVariance } from "../../processes/shared/statistics";
import { MAX_BINS, type BandCalculation, type HistogramSpec, type Interpolation } from "./calculations";

type Value = number | "NaN";

export interface BandStatistics {
  stats: { min: Value; max: Value; mean: Value; stDev: Value; sampleCount: number; noDataCount: number; percentiles?: Record<string, Value> };
  histogram?: { bins: { lowEdge: number; highEdge: number; count: number }[]; overflowCount: number; underflowCount: number };
}

/** The error an interval reports when its histogram can't be made (bins of binWidth over the data's range). */
export class HistogramTooLarge extends Error {}

const json = (v: number): Value => (Number.isFinite(v) ? v : "NaN");

/** Percentile keys as Sentinel Hub writes them: 50 -> "50.0", 12.5 -> "12.5". */
export function percentileKey(k: number): string {
  return Number.isInteger(k) ? `${k}.0` : String(k);
}

/** The k-th percentile of sorted values: its position between two ranks, interpolated as asked (numpy's methods). */
export function percentile(sorted: Float32Array | Float64Array, k: number, interpolation: Interpolation): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (k / 100) * (n - 1);
  const [lo, hi] = [Math.floor(position), Math.ceil(position)];
  const [a, b] = [sorted[lo]!, sorted[hi]!];
  switch (interpolation) {
    case "lower":
      return a;
    case "higher":
      return b;
    case "midpoint":
      return (a + b) / 2;
    case "linear":
      return quantileType7At(n, (rank) => sorted[rank]!, k / 100);
    case "nearest": {
      // Halves to the even rank, as numpy rounds.
      const fraction = position - lo;
      return fraction < 0.5 || (fraction === 0.5 && lo % 2 === 0) ? a : b;
    }
  }
}

/** Relative slack within which a range divided by binWidth counts as whole (0.3 / 0.1 is 2.9999999999999996). */
const WHOLE_TOLERANCE = 1e-9;

/** Bins of `width` from `low` covering `high`: a whole number of them where the division is whole within rounding, its last edge `high`. */
function widthEdges(low: number, high: number, width: number): number[] {
  const exact = (high - low) / width;
  const whole = Math.round(exact);
  const rounded = Math.abs(exact - whole) <= WHOLE_TOLERANCE * Math.max(1, whole);
  const count = Math.max(1, rounded ? whole : Math.ceil(exact));
  if (count > MAX_BINS) throw new HistogramTooLarge(`a histogram's binWidth ${width} over the data's range ${low} to ${high} makes more than ${MAX_BINS} bins.`);
  return Array.from({ length: count + 1 }, (_, i) => (i === count && rounded && whole >= 1 ? high : low + i * width));
}

/**
 * The histogram's edges; null where it has no range (no valid value); [] where one given edge lies
 * beyond all the data (lowEdge above its maximum, or highEdge below its minimum): no bins then.
 */
function edgesOf(spec: HistogramSpec, min: number, max: number): number[] | null {
  if ("edges" in spec) return spec.edges;
  const low = spec.lowEdge ?? min;
  const high = spec.highEdge ?? max;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  if (high < low) return [];
  if (spec.binWidth !== undefined) return widthEdges(low, high, spec.binWidth);
  // A single value's range is empty: one bin holds it.
  if (high === low) return [low, high];
  const width = (high - low) / spec.nBins!;
  return Array.from({ length: spec.nBins! + 1 }, (_, i) => (i === spec.nBins ? high : low + i * width));
}

/** Counts per bin: [edge i, edge i + 1), the last bin holding its high edge too; below and above the edges apart. */
function histogramOf(sorted: Float32Array | Float64Array, edges: number[], spec: HistogramSpec): NonNullable<BandStatistics["histogram"]> {
  // No bins: every value lies beyond the one edge given.
  if (edges.length === 0) {
    const below = "lowEdge" in spec && spec.lowEdge !== undefined;
    return { bins: [], underflowCount: below ? sorted.length : 0, overflowCount: below ? 0 : sorted.length };
  }
  const bins = edges.slice(0, -1).map((lowEdge, i) => ({ lowEdge, highEdge: edges[i + 1]!, count: 0 }));
  const [low, high] = [edges[0]!, edges.at(-1)!];
  let underflowCount = 0;
  let overflowCount = 0;
  let bin = 0;
  // Sorted values walk the bins once.
  for (const v of sorted) {
    if (v < low) underflowCount++;
    else if (v > high) overflowCount++;
    else {
      while (bin < bins.length - 1 && v >= bins[bin]!.highEdge) bin++;
      bins[bin]!.count++;
    }
  }
  return { bins, overflowCount, underflowCount };
}

/**
 * `valid` the band's valid samples, in any order: sorted in place when percentiles or a histogram
 * need it (a copy would double the largest array of the run); `sampleCount` every pixel.
 */
export function bandStatistics(valid: Float32Array | Float64Array, sampleCount: number, calculation: BandCalculation): BandStatistics {
  const n = valid.length;
  let [min, max, sum] = [Infinity, -Infinity, 0];
  for (const v of valid) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = n ? sum / n : NaN;
  const stDev = n > 1 ? Math.sqrt(sampleVariance(valid)) : n === 1 ? 0 : NaN;
  const stats: BandStatistics["stats"] = { min: json(n ? min : NaN), max: json(n ? max : NaN), mean: json(mean), stDev: json(stDev), sampleCount, noDataCount: sampleCount - n };
  const { percentiles, histogram } = calculation;
  const sorted = percentiles || histogram ? valid.sort() : valid;
  if (percentiles) stats.percentiles = Object.fromEntries(percentiles.k.map((k) => [percentileKey(k), json(percentile(sorted, k, percentiles.interpolation))]));
  if (!histogram) return { stats };
  const edges = edgesOf(histogram, min, max);
  return { stats, histogram: edges ? histogramOf(sorted, edges, histogram) : { bins: [], overflowCount: 0, underflowCount: 0 } };
}
