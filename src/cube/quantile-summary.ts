/**
 * What median and quantiles of batch zonal statistics merge (src/execution/partials.ts): per plane
 * and geometry, the valid values of a chunk's pixels, kept exactly (sorted) while they are few,
 * otherwise a log-bucket sketch (quantile-sketch.ts). Summaries go to R2 as JSON, so every
 * partial aggregation keeps its summaries within SUMMARY_BUDGET numbers.
 */
import { OpenEOError } from "../errors";
import { bucketCount, collapsed, mergeSketches, sketchAccuracy, sketchCount, sketchOf, sketchRanks, type LogSketch } from "./quantile-sketch";

/** A summary is exact while it holds at most this many finite values. */
export const EXACT_MAX = 65_536;
/** Numbers all summaries of one partial aggregation may hold (exact values, and two per bucket). */
export const SUMMARY_BUDGET = 500_000;
/** Buckets one sketch may hold before it is collapsed. */
export const MAX_BUCKETS = 2048;

/** Infinities are counted apart: JSON has none. `sorted`: the finite values ascending, while exact. */
export type QuantileSummary = { negInf: number; posInf: number } & ({ sorted: number[] } | { sketch: LogSketch });

export const summaryCount = (s: QuantileSummary): number => s.negInf + s.posInf + ("sorted" in s ? s.sorted.length : sketchCount(s.sketch));

/** The numbers a summary holds in JSON. */
export const summarySize = (s: QuantileSummary): number => ("sorted" in s ? s.sorted.length : 2 * bucketCount(s.sketch));

/** A summary of values without NaN: exact when `exact` allows and they are at most EXACT_MAX. */
export function summaryOf(values: Float64Array, exact = true): QuantileSummary {
  const finite = values.filter(Number.isFinite);
  const infinities = { negInf: values.filter((v) => v === -Infinity).length, posInf: values.filter((v) => v === Infinity).length };
  if (exact && finite.length <= EXACT_MAX) return { ...infinities, sorted: Array.from(finite.sort()) };
  return { ...infinities, sketch: collapsed(sketchOf(finite), MAX_BUCKETS) };
}

function mergeSorted(a: number[], b: number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let [i, j, k] = [0, 0, 0];
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

const asSketch = (s: QuantileSummary): LogSketch => ("sorted" in s ? sketchOf(s.sorted) : s.sketch);

/** Both summaries as one: exact when both are and together they are at most EXACT_MAX values. */
export function mergeSummaries(a: QuantileSummary, b: QuantileSummary): QuantileSummary {
  const infinities = { negInf: a.negInf + b.negInf, posInf: a.posInf + b.posInf };
  if ("sorted" in a && "sorted" in b && a.sorted.length + b.sorted.length <= EXACT_MAX) return { ...infinities, sorted: mergeSorted(a.sorted, b.sorted) };
  return { ...infinities, sketch: collapsed(mergeSketches(asSketch(a), asSketch(b)), MAX_BUCKETS) };
}

/** The value at rank k (from 0) of the summarised values in ascending order: exact, or the sketch's estimate. */
export function summaryRanks(s: QuantileSummary): (k: number) => number {
  const finite = "sorted" in s ? (k: number) => s.sorted[k]! : sketchRanks(s.sketch);
  const finiteCount = summaryCount(s) - s.negInf - s.posInf;
  return (k) => (k < s.negInf ? -Infinity : k < s.negInf + finiteCount ? finite(k - s.negInf) : Infinity);
}

/** The coarsest sketch level a merge may reach: quantiles within about 1.6 % (relative). */
const MAX_ACCEPTED_LEVEL = 4;

/**
 * The summaries (in place) within SUMMARY_BUDGET numbers: exact ones become sketches, largest
 * first, then all sketches are collapsed to ever fewer buckets. Refused when even that is not
 * enough (hundreds of thousands of geometries and labels).
 */
export function boundSummaries(summaries: QuantileSummary[]): void {
  shrink(summaries);
  // Collapsed further, a sketch would answer quantiles off by more than MAX_ACCEPTED_LEVEL's relative accuracy.
  if (summaries.some((s) => "sketch" in s && s.sketch.level > MAX_ACCEPTED_LEVEL)) throw refused(summaries.length);
}

function refused(count: number): OpenEOError {
  return new OpenEOError("ProcessGraphComplexity", {}, { message: `The median or quantiles of ${count.toLocaleString("en")} geometries and labels can't be merged within ${SUMMARY_BUDGET.toLocaleString("en")} numbers at a relative accuracy of ${(100 * sketchAccuracy(MAX_ACCEPTED_LEVEL)).toFixed(1)} %; use fewer geometries or labels.` });
}

function shrink(summaries: QuantileSummary[]): void {
  let total = summaries.reduce((n, s) => n + summarySize(s), 0);
  if (total <= SUMMARY_BUDGET) return;
  const exact = summaries.map((s, i) => [s, i] as const).filter(([s]) => "sorted" in s).sort((a, b) => summarySize(b[0]) - summarySize(a[0]));
  for (const [s, i] of exact) {
    if (total <= SUMMARY_BUDGET) return;
    const sketch: QuantileSummary = { negInf: s.negInf, posInf: s.posInf, sketch: collapsed(asSketch(s), MAX_BUCKETS) };
    total += summarySize(sketch) - summarySize(s);
    summaries[i] = sketch;
  }
  for (let buckets = MAX_BUCKETS / 2; total > SUMMARY_BUDGET; buckets /= 2) {
    if (buckets < 1) throw refused(summaries.length);
    total = 0;
    summaries.forEach((s, i) => {
      if ("sketch" in s) summaries[i] = { ...s, sketch: collapsed(s.sketch, buckets) };
      total += summarySize(summaries[i]!);
    });
  }
}

/** boundSummaries over the summaries of every plane (in place). */
export function boundPlanes(planes: QuantileSummary[][]): void {
  const all = planes.flat();
  boundSummaries(all);
  let at = 0;
  for (const plane of planes) for (let g = 0; g < plane.length; g++) plane[g] = all[at++]!;
}
