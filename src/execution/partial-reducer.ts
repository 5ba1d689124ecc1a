/**
 * Which aggregate_spatial graphs a batch job can compute in chunks of partial zonal statistics
 * (src/execution/partials.ts), and with which reducer.
 */
import { WorkBudget } from "../budget";
import type { Arg, ParsedGraph } from "../engine";
import { OpenEOError } from "../errors";
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

/** A literal number or array of literal numbers, as the value it stands for; undefined for anything else. */
function literalNumbers(arg: Arg): number | number[] | undefined {
  if (arg.kind === "literal") return typeof arg.value === "number" ? arg.value : undefined;
  if (arg.kind !== "array" || !arg.items.every((item) => item.kind === "literal" && typeof item.value === "number")) return undefined;
  return arg.items.map((item) => (item as { value: number }).value);
}

/** The probabilities quantiles computes; undefined when they aren't literals or are wrong (the process then says why, in one read). */
function probabilities(args: Readonly<Record<string, Arg>>): number[] | undefined {
  const given = (name: string) => (args[name] ? literalNumbers(args[name]) : undefined);
  if (["probabilities", "q"].some((name) => args[name] && given(name) === undefined)) return undefined;
  try {
    return probabilitiesOf(given("probabilities"), given("q"), new WorkBudget());
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

/**
 * The reducer when the graph can run in chunks of partial zonal statistics: its one aggregate_spatial
 * node has a partial reducer and is read only by save_result nodes, and every other data cube
 * process works pixel by pixel.
 */
export function reducibleAggregation(graph: ParsedGraph, processes: ReadonlyMap<string, ProcessImplementation>): PartialReducer | undefined {
  const nodes = [...graph.nodes.values()];
  const aggregations = nodes.filter((node) => node.processId === "aggregate_spatial");
  if (aggregations.length !== 1) return undefined;
  const [aggregation] = aggregations;
  const reducerArg = aggregation!.arguments.reducer;
  const reducer = reducerArg?.kind === "callback" ? partialReducer(reducerArg.graph) : undefined;
  const readers = nodes.filter((node) => Object.values(node.arguments).some((arg) => JSON.stringify(arg).includes(`"node":"${aggregation!.id}"`)));
  const others = nodes.filter((node) => node !== aggregation);
  if (!reducer || readers.some((node) => node.processId !== "save_result") || !others.every((node) => stripSafe(node, processes))) return undefined;
  return reducer;
}
