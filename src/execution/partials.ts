/**
 * Zonal statistics of batch jobs larger than one read: aggregate_spatial with a reducer that can be
 * computed from partial results (mean, sum, min, max, count, sd, variance, median, quantiles; see
 * partial-reducer.ts) works chunk by chunk. Each chunk's aggregate_spatial answers, per geometry and
 * label combination, the sum, the squared deviations from its own mean, minimum, maximum and
 * counts of the pixels in its strip (a pixel's centre decides which strip has it, so strips never
 * share one), and for median and quantiles summaries of the values (src/cube/quantile-summary.ts);
 * the assembly merges them and computes the reducer's values.
 */
import type { DataAccess } from "../cube/context";
import { isPartial, type PartialAggregation, type PartialVectorCube } from "../cube/partial-aggregation";
import { boundPlanes, mergeSummaries, summaryCount, summaryRanks, type QuantileSummary } from "../cube/quantile-summary";
import type { VectorCube } from "../cube/vector";
import { zonalCube } from "../cube/zonal-values";
import { medianAt, quantileType7At } from "../processes/shared/statistics";
import type { ProcessImplementation, SavedResult } from "../processes/types";
import { joinedSquares } from "../raster/band-statistics";
import type { Grid } from "../raster/grid";
import { IMPLICIT_VECTOR_FORMAT } from "./outputs";
import { MERGED_ZONAL_STATISTICS, needsQuantiles, type MomentReducer, type PartialReducer, type QuantileReducer } from "./partial-reducer";
import { refuse, type StripRun } from "./strips";

const extreme = (pick: (a: number, b: number) => number) => (a: number | null, b: number | null) => (a === null ? b : b === null ? a : pick(a, b));
const lower = extreme(Math.min);
const higher = extreme(Math.max);

// Partials written before squared deviations were kept have none: sd and variance are then unknown (NaN).
const unknownSquares = (stats: PartialAggregation) => stats.sum.map((plane) => plane.map(() => NaN));

/** The chunks' statistics together. */
export function mergePartials(parts: PartialAggregation[]): PartialAggregation {
  const [first, ...rest] = parts;
  const merged: PartialAggregation = structuredClone(first!);
  for (const part of rest) mergeInto(merged, part);
  return merged;
}

/** `part` merged into `merged`; the summaries kept within their budget. */
function mergeInto(merged: PartialAggregation, part: PartialAggregation): void {
  merged.m2 ??= unknownSquares(merged);
  merged.sum.forEach((plane, p) => plane.forEach((_, g) => {
    const [na, nb] = [merged.valid[p]![g]!, part.valid[p]![g]!];
    const [meanA, meanB] = [na ? merged.sum[p]![g]! / na : 0, nb ? part.sum[p]![g]! / nb : 0];
    merged.m2[p]![g] = joinedSquares(na, meanA, merged.m2[p]![g] ?? NaN, nb, meanB, part.m2?.[p]?.[g] ?? NaN);
    merged.sum[p]![g]! += part.sum[p]![g]!;
    merged.min[p]![g] = lower(merged.min[p]![g] ?? null, part.min[p]![g] ?? null);
    merged.max[p]![g] = higher(merged.max[p]![g] ?? null, part.max[p]![g] ?? null);
    merged.valid[p]![g]! += part.valid[p]![g]!;
    merged.total[p]![g]! += part.total[p]![g]!;
    if (merged.quantiles) merged.quantiles[p]![g] = mergeSummaries(merged.quantiles[p]![g]!, part.quantiles![p]![g]!);
  }));
  if (merged.quantiles) boundPlanes(merged.quantiles);
}

/** A moment reducer's value from the statistics: no-data for a geometry without pixels, as aggregate_spatial answers it. */
function reduced(reducer: MomentReducer, stats: PartialAggregation, p: number, g: number): number {
  if (stats.total[p]![g] === 0) return NaN;
  const valid = stats.valid[p]![g]!;
  if (reducer === "count") return valid;
  if (valid === 0) return reducer === "sum" ? 0 : NaN;
  if (reducer === "mean") return stats.sum[p]![g]! / valid;
  // Sample variance: a single value has none.
  if (reducer === "variance" || reducer === "sd") {
    const variance = valid < 2 ? NaN : stats.m2[p]![g]! / (valid - 1);
    return reducer === "sd" ? Math.sqrt(variance) : variance;
  }
  if (reducer === "sum") return stats.sum[p]![g]!;
  return (reducer === "min" ? stats.min[p]![g] : stats.max[p]![g]) ?? NaN;
}

/**
 * median's or quantiles' answer from a summary of the valid values, computed as those processes
 * compute it; null (no-data) for a geometry without pixels or without valid ones.
 */
function quantilesOf(reducer: QuantileReducer, summary: QuantileSummary, total: number): number | number[] | null {
  const count = summaryCount(summary);
  if (total === 0 || (count === 0 && reducer.process === "median")) return null;
  if (reducer.process === "median") return medianAt(count, summaryRanks(summary));
  if (count === 0) return reducer.probabilities.map(() => NaN);
  const at = summaryRanks(summary);
  return reducer.probabilities.map((p) => quantileType7At(count, at, p));
}

/** The vector cube aggregate_spatial would have answered over the whole. */
export function finishedAggregation(stats: PartialAggregation, reducer: PartialReducer): VectorCube {
  const planes = stats.sum.map((plane, p) => ({
    answers: plane.map((_, g) => (needsQuantiles(reducer) ? quantilesOf(reducer, stats.quantiles![p]![g]!, stats.total[p]![g]!) : reduced(reducer, stats, p, g))),
    total: stats.total[p]!,
    valid: stats.valid[p]!,
  }));
  const arrayLength = needsQuantiles(reducer) && reducer.process === "quantiles" ? reducer.probabilities.length : null;
  return zonalCube(stats, planes, arrayLength);
}

/** One save_result of a chunk: its format and options, and the statistics of its strip. */
export interface PartialResult {
  format: string;
  options: Record<string, unknown>;
  partial: PartialAggregation;
}

/**
 * The partial statistics a chunk computes: the graph over its strip alone, aggregate_spatial
 * answering partials. A graph without save_result delivers its zonal statistics in the vector default format.
 */
export async function computePartials(run: StripRun, data: DataAccess, window: Grid, reducer: PartialReducer): Promise<PartialResult[]> {
  const { value, saved } = await run({ ...data, window, partialAggregation: needsQuantiles(reducer) ? "quantiles" : "moments" });
  const results = saved.length === 0 && isPartial(value) ? [{ data: value, format: IMPLICIT_VECTOR_FORMAT, options: {} }] : saved;
  if (results.length === 0 || !results.every((result) => isPartial(result.data))) throw refuse("only its zonal statistics can be computed in chunks, not the rest of what it saves");
  return results.map((result) => ({ format: result.format, options: result.options, partial: (result.data as PartialVectorCube).partial }));
}

/**
 * The results of the whole run from every chunk's partial results (chunks in any order), read one
 * after another (the next while one is merged), so that the assembly holds the merged statistics
 * and at most two chunks' at a time.
 */
export async function mergedResults(count: number, chunk: (index: number) => Promise<PartialResult[]>, reducer: PartialReducer): Promise<SavedResult[]> {
  const read = (index: number) => {
    const reading = chunk(index);
    // Handled where it is awaited; a merge that throws first leaves it unawaited.
    reading.catch(() => undefined);
    return reading;
  };
  let next = read(0);
  let merged: PartialResult[] | undefined;
  for (let index = 0; index < count; index++) {
    const part = await next;
    if (index + 1 < count) next = read(index + 1);
    if (!merged) {
      merged = part;
      for (const result of merged) result.partial.m2 ??= unknownSquares(result.partial);
    } else merged.forEach((result, k) => mergeInto(result.partial, part[k]!.partial));
  }
  return merged!.map((result) => ({ format: result.format, options: result.options, data: finishedAggregation(result.partial, reducer) }));
}

/** The internal process of an assembly: it answers `merged`, the zonal statistics of every chunk. */
export function mergedZonalStatistics(merged: VectorCube): ProcessImplementation {
  return {
    spec: {
      id: MERGED_ZONAL_STATISTICS,
      summary: "The zonal statistics merged from a run's chunks",
      description: "Internal to the assembly of a batch job's zonal statistics computed in chunks.",
      categories: ["cubes"],
      parameters: [],
      returns: { description: "A vector data cube.", schema: { type: "object", subtype: "datacube" } },
    },
    run: async () => merged,
  };
}
