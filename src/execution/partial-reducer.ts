/**
 * Which aggregate_spatial graphs a batch job can compute in chunks of partial zonal statistics
 * (src/execution/partials.ts), and with which reducer.
 */
import { WorkBudget } from "../budget";
import type { Arg, ParsedGraph, ParsedNode } from "../engine";
import { nodeReferences } from "../engine/parse-arguments";
import { OpenEOError } from "../errors";
import { literalArgs } from "../processes/literal-args";
import { probabilitiesOf } from "../processes/statistics/quantiles";
import type { ProcessImplementation } from "../processes/types";
import { stripSafe } from "./strips";

/** Reducers merged from sums, squared deviations, extremes and counts. */
export type MomentReducer = "mean" | "sum" | "min" | "max" | "count" | "sd" | "variance";
const MOMENT_REDUCERS: readonly string[] = ["mean", "sum", "min", "max", "count", "sd", "variance"];
/** Reducers merged from summaries of the values; quantiles with the probabilities it computes (from `probabilities` or `q`). */
export type QuantileReducer = { process: "median" } | { process: "quantiles"; probabilities: number[] };
/** Stored in the chunk plan (JSON). */
export type PartialReducer = MomentReducer | QuantileReducer;

export const needsQuantiles = (reducer: PartialReducer): reducer is QuantileReducer => typeof reducer === "object";

const isTrue = (arg: Arg | undefined) => arg?.kind === "literal" && arg.value === true;

/** A number or array of numbers written out; undefined for anything else. */
function literalNumbers(args: Readonly<Record<string, Arg>>, name: string): number | number[] | undefined {
  const value = literalArgs(args, [name])?.[name];
  return typeof value === "number" || (Array.isArray(value) && value.every((v) => typeof v === "number")) ? value : undefined;
}

/** The probabilities quantiles computes; undefined when they aren't literals or are wrong (the process then says why, in one read). */
function probabilities(args: Readonly<Record<string, Arg>>): number[] | undefined {
  if (["probabilities", "q"].some((name) => args[name] && literalNumbers(args, name) === undefined)) return undefined;
  try {
    return probabilitiesOf(literalNumbers(args, "probabilities"), literalNumbers(args, "q"), new WorkBudget());
  } catch (error) {
    if (error instanceof OpenEOError) return undefined;
    throw error;
  }
}

/**
 * The reducer of an aggregate_spatial node when partial results can compute it: `process(data = the
 * pixels)` with ignore_nodata true if given, and for quantiles its probabilities or q; nothing else.
 */
function partialReducer(graph: ParsedGraph): PartialReducer | undefined {
  if (graph.nodes.size !== 1) return undefined;
  const [node] = graph.nodes.values();
  const { processId, arguments: args } = node!;
  const data = args.data;
  if (node!.namespace !== null || data?.kind !== "parameter" || data.name !== "data") return undefined;
  const allowed = ["data", "ignore_nodata", ...(processId === "quantiles" ? ["probabilities", "q"] : [])];
  if (!Object.keys(args).every((name) => allowed.includes(name)) || (args.ignore_nodata && !isTrue(args.ignore_nodata))) return undefined;
  if (MOMENT_REDUCERS.includes(processId)) return processId as MomentReducer;
  if (processId === "median") return { process: "median" };
  if (processId !== "quantiles") return undefined;
  const asked = probabilities(args);
  return asked ? { process: "quantiles", probabilities: asked } : undefined;
}

/** Processes that may take aggregate_spatial's result further in a run of partial statistics: per geometry or label, reading nothing. */
const AFTER_AGGREGATION = new Set(["reduce_dimension", "apply", "filter_labels", "rename_labels", "add_dimension", "drop_dimension", "save_result"]);

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
  // What comes after is the assembly's: the graph's result must be the statistics or come after them.
  const resultAfter = after.every((node) => node.processId === "save_result") || graph.resultId === undefined || graph.resultId === aggregation!.id || !before.has(graph.resultId);
  return beforeSafe && afterSafe && resultAfter ? reducer : undefined;
}

/** The internal process that answers the merged zonal statistics in a run's assembly (partials.ts's mergedZonalStatistics). */
export const MERGED_ZONAL_STATISTICS = "merged_zonal_statistics";

/** A process whose zonal statistics are taken further, split for a run in chunks (zonalSplit). */
export interface ZonalSplit {
  /** The graph up to aggregate_spatial, its result: what a chunk computes. */
  chunk: Record<string, unknown>;
  /** The rest, aggregate_spatial's node answering the merged statistics (MERGED_ZONAL_STATISTICS): what the assembly computes. */
  assembly: Record<string, unknown>;
}

/** The split of a reducible graph whose zonal statistics are taken further; undefined when only save_result reads them. */
export function zonalSplit(process: Record<string, unknown>, graph: ParsedGraph): ZonalSplit | undefined {
  const aggregation = [...graph.nodes.values()].find((node) => node.processId === "aggregate_spatial");
  if (!aggregation) return undefined;
  const before = upstream(graph, aggregation.id);
  const after = [...graph.nodes.values()].filter((node) => !before.has(node.id));
  if (after.every((node) => node.processId === "save_result")) return undefined;
  const nodes = process.process_graph as Record<string, Record<string, unknown>>;
  const chunk: Record<string, unknown> = {};
  const merged = { process_id: MERGED_ZONAL_STATISTICS, arguments: {}, ...(graph.resultId === aggregation.id ? { result: true } : {}) };
  const assembly: Record<string, unknown> = { [aggregation.id]: merged };
  for (const [id, node] of Object.entries(nodes)) {
    const { result: _, ...rest } = node;
    if (before.has(id)) chunk[id] = id === aggregation.id ? { ...rest, result: true } : rest;
    else assembly[id] = node;
  }
  // The process's own parameters (their defaults) serve both halves.
  return { chunk: { ...process, process_graph: chunk }, assembly: { ...process, process_graph: assembly } };
}
