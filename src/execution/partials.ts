/**
 * Zonal statistics of batch jobs larger than one read: aggregate_spatial with a reducer that can be
 * computed from partial results (mean, sum, min, max, count, sd, variance) works chunk by chunk.
 * Each chunk's aggregate_spatial answers, per geometry and label combination, the sum, the squared
 * deviations from its own mean, minimum, maximum and counts of the pixels in its strip (a pixel's
 * centre decides which geometry has it, so strips never share one); the assembly merges them and
 * computes the reducer's values.
 */
import type { DataAccess } from "../cube/context";
import { isPartial, type PartialAggregation, type PartialVectorCube } from "../cube/partial-aggregation";
import type { LabelDimension } from "../cube/types";
import type { VectorCube } from "../cube/vector";
import type { ParsedGraph, ParsedNode } from "../engine";
import { nodeReferences } from "../engine/parse-arguments";
import type { ProcessImplementation, SavedResult } from "../processes/types";
import { joinedSquares } from "../raster/band-statistics";
import type { Grid } from "../raster/grid";
import { IMPLICIT_VECTOR_FORMAT } from "./outputs";
import { refuse, stripSafe, type StripRun } from "./strips";

export type PartialReducer = "mean" | "sum" | "min" | "max" | "count" | "sd" | "variance";
const PARTIAL_REDUCERS: readonly string[] = ["mean", "sum", "min", "max", "count", "sd", "variance"];

/** The reducer of an aggregate_spatial node when it is one partial results can compute: `process(data = the pixels)`, nothing else. */
function partialReducer(graph: ParsedGraph): PartialReducer | undefined {
  if (graph.nodes.size !== 1) return undefined;
  const [node] = graph.nodes.values();
  const data = node!.arguments.data;
  const others = Object.keys(node!.arguments).filter((name) => name !== "data");
  const ignoresNoData = others.every((name) => name === "ignore_nodata" && JSON.stringify(node!.arguments[name]) === JSON.stringify({ kind: "literal", value: true }));
  const known = PARTIAL_REDUCERS.includes(node!.processId) && node!.namespace === null;
  return known && ignoresNoData && data?.kind === "parameter" && data.name === "data" ? (node!.processId as PartialReducer) : undefined;
}

/** Processes that may take aggregate_spatial's result further in a run of partial statistics: per geometry, reading nothing. */
const AFTER_AGGREGATION = new Set(["reduce_dimension", "apply", "save_result"]);

/** The top-level nodes a node's arguments refer to (callbacks' own nodes stay inside their graphs). */
function references(node: ParsedNode): string[] {
  return Object.values(node.arguments).flatMap((arg) => nodeReferences(arg));
}

/** The node and every node it depends on. */
function upstream(graph: ParsedGraph, id: string): Set<string> {
  const found = new Set<string>();
  const visit = (at: string) => {
    if (found.has(at)) return;
    found.add(at);
    const node = graph.nodes.get(at);
    if (node) references(node).forEach(visit);
  };
  visit(id);
  return found;
}

/**
 * The reducer when the graph can run in chunks of partial zonal statistics: its one aggregate_spatial
 * node has a partial reducer, every data cube process before it works pixel by pixel, and what
 * comes after it only takes its result further (AFTER_AGGREGATION, nothing else of the graph).
 */
export function reducibleAggregation(graph: ParsedGraph, processes: ReadonlyMap<string, ProcessImplementation>): PartialReducer | undefined {
  const nodes = [...graph.nodes.values()];
  const aggregations = nodes.filter((node) => node.processId === "aggregate_spatial");
  if (aggregations.length !== 1) return undefined;
  const [aggregation] = aggregations;
  const reducerArg = aggregation!.arguments.reducer;
  const reducer = reducerArg?.kind === "callback" ? partialReducer(reducerArg.graph) : undefined;
  if (!reducer) return undefined;
  const before = upstream(graph, aggregation!.id);
  const after = nodes.filter((node) => !before.has(node.id));
  const beforeSafe = nodes.every((node) => !before.has(node.id) || node === aggregation || stripSafe(node, processes));
  const afterSafe = after.every((node) => AFTER_AGGREGATION.has(node.processId) && node.namespace === null && references(node).every((id) => id === aggregation!.id || !before.has(id)));
  return beforeSafe && afterSafe ? reducer : undefined;
}

/** The internal process that answers the merged zonal statistics in a run's assembly. */
export const MERGED_ZONAL_STATISTICS = "merged_zonal_statistics";

/**
 * A process whose zonal statistics are taken further, split for a run in chunks: `chunk`, the graph
 * up to aggregate_spatial (its result), and `assembly`, the rest, aggregate_spatial's node
 * answering the merged statistics (MERGED_ZONAL_STATISTICS). Undefined when only save_result reads them.
 */
export interface ZonalSplit {
  chunk: Record<string, unknown>;
  assembly: Record<string, unknown>;
}

export function zonalSplit(process: Record<string, unknown>, graph: ParsedGraph): ZonalSplit | undefined {
  const aggregation = [...graph.nodes.values()].find((node) => node.processId === "aggregate_spatial");
  if (!aggregation) return undefined;
  const before = upstream(graph, aggregation.id);
  const after = [...graph.nodes.values()].filter((node) => !before.has(node.id));
  if (after.every((node) => node.processId === "save_result")) return undefined;
  const nodes = process.process_graph as Record<string, Record<string, unknown>>;
  const chunk: Record<string, unknown> = {};
  const assembly: Record<string, unknown> = { [aggregation.id]: { process_id: MERGED_ZONAL_STATISTICS, arguments: {} } };
  for (const [id, node] of Object.entries(nodes)) {
    const { result: _, ...rest } = node;
    if (before.has(id)) chunk[id] = id === aggregation.id ? { ...rest, result: true } : rest;
    else assembly[id] = node;
  }
  return { chunk: { process_graph: chunk }, assembly: { process_graph: assembly } };
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

const extreme = (pick: (a: number, b: number) => number) => (a: number | null, b: number | null) => (a === null ? b : b === null ? a : pick(a, b));
const lower = extreme(Math.min);
const higher = extreme(Math.max);

/** The chunks' statistics together. */
export function mergePartials(parts: PartialAggregation[]): PartialAggregation {
  const [first, ...rest] = parts;
  const merged: PartialAggregation = structuredClone(first!);
  merged.m2 ??= merged.sum.map((plane) => plane.map(() => NaN));
  for (const part of rest) {
    merged.sum.forEach((plane, p) => plane.forEach((_, g) => {
      const [na, nb] = [merged.valid[p]![g]!, part.valid[p]![g]!];
      const [meanA, meanB] = [na ? merged.sum[p]![g]! / na : 0, nb ? part.sum[p]![g]! / nb : 0];
      // Partials written before squared deviations were kept have none: sd and variance are then unknown (NaN).
      merged.m2[p]![g] = joinedSquares(na, meanA, merged.m2?.[p]?.[g] ?? NaN, nb, meanB, part.m2?.[p]?.[g] ?? NaN);
      merged.sum[p]![g]! += part.sum[p]![g]!;
      merged.min[p]![g] = lower(merged.min[p]![g] ?? null, part.min[p]![g] ?? null);
      merged.max[p]![g] = higher(merged.max[p]![g] ?? null, part.max[p]![g] ?? null);
      merged.valid[p]![g]! += part.valid[p]![g]!;
      merged.total[p]![g]! += part.total[p]![g]!;
    }));
  }
  return merged;
}

/** The reducer's value from the statistics: no-data for a geometry without pixels, as aggregate_spatial answers it. */
function reduced(reducer: PartialReducer, stats: PartialAggregation, p: number, g: number): number {
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

/** The vector cube aggregate_spatial would have answered over the whole. */
export function finishedAggregation(stats: PartialAggregation, reducer: PartialReducer): VectorCube {
  const values: Float64Array[] = [];
  stats.sum.forEach((_, p) => {
    const value = Float64Array.from(stats.sum[p]!, (_, g) => reduced(reducer, stats, p, g));
    values.push(...(stats.target === null ? [value] : [value, Float64Array.from(stats.total[p]!), Float64Array.from(stats.valid[p]!)]));
  });
  const dims: LabelDimension[] = stats.target === null ? stats.dims : [...stats.dims, { name: stats.target, type: "other", labels: ["value", "total_count", "valid_count"] }];
  return { kind: "vector", crs: stats.crs, geometries: stats.geometries, dims, values };
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
export async function computePartials(run: StripRun, data: DataAccess, window: Grid): Promise<PartialResult[]> {
  const { value, saved } = await run({ ...data, window, partialAggregation: true });
  const results = saved.length === 0 && isPartial(value) ? [{ data: value, format: IMPLICIT_VECTOR_FORMAT, options: {} }] : saved;
  if (results.length === 0 || !results.every((result) => isPartial(result.data))) throw refuse("only its zonal statistics can be computed in chunks, not the rest of what it saves");
  return results.map((result) => ({ format: result.format, options: result.options, partial: (result.data as PartialVectorCube).partial }));
}

/** The results of the whole run from every chunk's partial results (chunks in any order). */
export function mergedResults(chunks: PartialResult[][], reducer: PartialReducer): SavedResult[] {
  return chunks[0]!.map((first, k) => ({
    format: first.format,
    options: first.options,
    data: finishedAggregation(mergePartials(chunks.map((chunk) => chunk[k]!.partial)), reducer),
  }));
}
