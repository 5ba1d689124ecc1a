/**
 * A mergeable quantile sketch with a relative error bound (after DDSketch, Masson, Rim and Lee 2019,
 * with UDDSketch's uniform collapse): finite non-zero values are counted in buckets of their
 * magnitude on a log scale, bucket i holding magnitudes in (γ^(i-1), γ^i]; zeros are counted
 * apart. Answering a bucket's value as 2γ^i / (γ + 1) is within α = (γ - 1) / (γ + 1) of every
 * magnitude in it, relatively. Collapsing a level joins buckets 2j-1 and 2j into j (γ squared), so
 * sketches of any levels merge exactly and a sketch can be made as small as needed; each level
 * about doubles α. The value at any rank is then within α of the true one (relatively), and a
 * type-7 quantile interpolating two ranks within α times the larger magnitude of the two.
 */

/** Relative accuracy at level 0. */
export const BASE_ACCURACY = 0.001;
const LOG_GAMMA = Math.log((1 + BASE_ACCURACY) / (1 - BASE_ACCURACY));
/** Beyond this level γ would overflow: a sketch that still doesn't fit is refused by its caller. */
export const MAX_LEVEL = 16;

/** As stored (JSON): buckets as [index, count, index, count, ...] by ascending index, of magnitudes. */
export interface LogSketch {
  level: number;
  zeros: number;
  positive: number[];
  negative: number[];
}

/** The relative accuracy α of a sketch at `level`. */
export function sketchAccuracy(level: number): number {
  const gamma = Math.exp(LOG_GAMMA * 2 ** level);
  return (gamma - 1) / (gamma + 1);
}

export const bucketCount = (sketch: LogSketch): number => (sketch.positive.length + sketch.negative.length) / 2;

export const sketchCount = (sketch: LogSketch): number => sketch.zeros + countOf(sketch.positive) + countOf(sketch.negative);

function countOf(buckets: number[]): number {
  let n = 0;
  for (let i = 1; i < buckets.length; i += 2) n += buckets[i]!;
  return n;
}

const flattened = (counts: Map<number, number>): number[] => [...counts.entries()].sort((a, b) => a[0] - b[0]).flat();

/** A sketch of finite values at level 0. */
export function sketchOf(values: ArrayLike<number>): LogSketch {
  const [positive, negative] = [new Map<number, number>(), new Map<number, number>()];
  let zeros = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (v === 0) {
      zeros++;
      continue;
    }
    const counts = v > 0 ? positive : negative;
    const index = Math.ceil(Math.log(Math.abs(v)) / LOG_GAMMA);
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  return { level: 0, zeros, positive: flattened(positive), negative: flattened(negative) };
}

/** Buckets at `levels` more levels: index i goes to ceil(i / 2^levels). */
function coarser(buckets: number[], levels: number): number[] {
  if (levels === 0) return buckets;
  const counts = new Map<number, number>();
  const divisor = 2 ** levels;
  for (let i = 0; i < buckets.length; i += 2) {
    const index = Math.ceil(buckets[i]! / divisor);
    counts.set(index, (counts.get(index) ?? 0) + buckets[i + 1]!);
  }
  return flattened(counts);
}

function added(a: number[], b: number[]): number[] {
  const counts = new Map<number, number>();
  for (const buckets of [a, b]) for (let i = 0; i < buckets.length; i += 2) counts.set(buckets[i]!, (counts.get(buckets[i]!) ?? 0) + buckets[i + 1]!);
  return flattened(counts);
}

/** The sketch at `level` (not below its own). */
export function atLevel(sketch: LogSketch, level: number): LogSketch {
  const levels = level - sketch.level;
  return levels <= 0 ? sketch : { level, zeros: sketch.zeros, positive: coarser(sketch.positive, levels), negative: coarser(sketch.negative, levels) };
}

/** Collapsed until it has at most `buckets` buckets, or is at MAX_LEVEL. */
export function collapsed(sketch: LogSketch, buckets: number): LogSketch {
  let result = sketch;
  while (bucketCount(result) > buckets && result.level < MAX_LEVEL) result = atLevel(result, result.level + 1);
  return result;
}

/** Both sketches as one, at the coarser of their levels. */
export function mergeSketches(a: LogSketch, b: LogSketch): LogSketch {
  const level = Math.max(a.level, b.level);
  const [x, y] = [atLevel(a, level), atLevel(b, level)];
  return { level, zeros: x.zeros + y.zeros, positive: added(x.positive, y.positive), negative: added(x.negative, y.negative) };
}

/**
 * A function answering the estimated value at rank k (0 ≤ k < count, ascending): negative
 * magnitudes from the largest, zeros, positive magnitudes from the smallest.
 */
export function sketchRanks(sketch: LogSketch): (k: number) => number {
  const logGamma = LOG_GAMMA * 2 ** sketch.level;
  const gamma = Math.exp(logGamma);
  const value = (index: number) => (2 * Math.exp(logGamma * index)) / (gamma + 1);
  // Ascending runs: [first rank after the run, value].
  const runs: [number, number][] = [];
  let rank = 0;
  for (let i = sketch.negative.length - 2; i >= 0; i -= 2) runs.push([(rank += sketch.negative[i + 1]!), -value(sketch.negative[i]!)]);
  if (sketch.zeros > 0) runs.push([(rank += sketch.zeros), 0]);
  for (let i = 0; i < sketch.positive.length; i += 2) runs.push([(rank += sketch.positive[i + 1]!), value(sketch.positive[i]!)]);
  return (k) => {
    let [lo, hi] = [0, runs.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (runs[mid]![0] > k) hi = mid;
      else lo = mid + 1;
    }
    return runs[lo]![1];
  };
}
