/**
 * Computes a process's result file from injected interfaces (engine environment, data access, log):
 * validation, evaluation, encoding, and strips for results larger than one read. Bindings stay
 * outside (sync.ts builds these from them; the benchmark from local files).
 */
import { BudgetExceeded } from "../budget";
import type { DataAccess, DataContext } from "../cube/context";
import { CubeTooLarge } from "../cube/materialize";
import { checkProcess, evaluateGraph, issueToError, type EngineEnv, type ParsedGraph } from "../engine";
import { OpenEOError } from "../errors";
import type { SavedResult } from "../processes/types";
import { outputBody, savedOutput, type ResultBody, type SavedOutput } from "./outputs";
import type { RunLog } from "./run-log";
import { reducibleAggregation, zonalSplit, type PartialReducer, type ZonalSplit } from "./partial-reducer";
import { MemorySpillStore } from "../raster/spill-store";
import { DEFAULT_KEEP_TILES_BYTES, resultInStrips, splittable, stripLayout, type StripLayout, type StripRun, type TileStorage } from "./strips";

/**
 * Graphs that passed the check, per process object: a process evaluated again and again as the
 * same object (a service's tiles evaluate the isolate's copy of its record, which a change or its
 * expiry replaces, service-store.ts) is checked once. Its owner and its processes come with it.
 */
const checkedGraphs = new WeakMap<object, Promise<ParsedGraph>>();
/** Checks of processes this isolate did: what checkedGraphs saves. */
export const graphChecks = { count: 0 };

async function check(process: Record<string, unknown>, engineEnv: EngineEnv): Promise<ParsedGraph> {
  graphChecks.count++;
  const { graph, issues } = await checkProcess(process, engineEnv);
  if (!graph) throw issueToError(issues[0]!);
  return graph;
}

/** The checked graph; tiles asked for at once share one check, and a failed one is not kept. */
function checkedGraph(process: Record<string, unknown>, engineEnv: EngineEnv, reuse: boolean): Promise<ParsedGraph> {
  if (!reuse) return check(process, engineEnv);
  let checking = checkedGraphs.get(process);
  if (!checking) {
    const own = (checking = check(process, engineEnv));
    checkedGraphs.set(process, own);
    own.catch(() => checkedGraphs.get(process) === own && checkedGraphs.delete(process));
  }
  return checking;
}

/**
 * Validates the process once and answers a function that evaluates it over any data access (a
 * strip's, say), with `parameters` for the process's own parameters (a map tile's extent).
 * `reuseCheck`: the process object is a stored one that doesn't change (checkedGraphs).
 */
export async function preparedRun(
  process: Record<string, unknown>,
  engineEnv: EngineEnv,
  log: RunLog,
  parameters?: Record<string, unknown>,
  { reuseCheck = false } = {},
): Promise<{ evaluate: StripRun; splittable: boolean; layout: (tooLarge: CubeTooLarge) => StripLayout; reducible?: PartialReducer; zonal?: ZonalSplit }> {
  const graph = await checkedGraph(process, engineEnv, reuseCheck);
  const evaluate: StripRun = async (access) => {
    const saved: SavedResult[] = [];
    const ctx: DataContext = {
      data: access,
      log: (level, message, extra) => log.add(level, message, extra === undefined ? {} : { data: extra }),
      saveResult: (result) => saved.push(result),
    };
    return { value: await evaluateGraph(graph, engineEnv, { ctx, ...(parameters ? { parameters } : {}) }), saved };
  };
  const reducible = reducibleAggregation(graph, engineEnv.processes);
  const zonal = reducible ? zonalSplit(process, graph) : undefined;
  const layout = (tooLarge: CubeTooLarge) => stripLayout(tooLarge, graph, engineEnv.processes);
  return { evaluate, splittable: splittable(graph, engineEnv.processes), layout, ...(reducible ? { reducible } : {}), ...(zonal ? { zonal } : {}) };
}

/**
 * A result computed in one read, or the reason and the means to compute it in strips: strips of the
 * result (`reducible` absent), or partial zonal statistics of `reducible` merged (batch jobs only).
 */
export type Evaluation = { output: SavedOutput } | { tooLarge: CubeTooLarge; layout: StripLayout; evaluate: StripRun; reducible?: PartialReducer };

/**
 * Evaluates the process once; a cube too large for one read of a graph that strips can compute is
 * answered, not thrown. A batch job's run (`batch`) writes a GTiff of several dates as one file per
 * date, and may compute zonal statistics from partial ones.
 */
export async function evaluateResult(process: Record<string, unknown>, engineEnv: EngineEnv, data: DataAccess, log: RunLog, options: { batch?: boolean } = {}): Promise<Evaluation> {
  const { evaluate, splittable, layout, reducible } = await preparedRun(process, engineEnv, log);
  try {
    const { value, saved } = await evaluate(data);
    return { output: await savedOutput(saved, value, data, { datesApart: options.batch ?? false }) };
  } catch (error) {
    if (!(error instanceof CubeTooLarge)) throw error;
    // Partial statistics are taken over strips of the graph's layout: a shaping process (aggregate_spatial_window) computes only whole windows.
    if (!splittable && reducible && options.batch) return { tooLarge: error, layout: layout(error), evaluate, reducible };
    if (!splittable) throw new OpenEOError("ProcessGraphComplexity", {}, { message: `${error.message} Its graph can't be computed in strips (it has neighbourhood or whole-cube processes).` });
    return { tooLarge: error, layout: layout(error), evaluate };
  }
}

/**
 * A synchronous result: what doesn't fit in one read is computed in strips; beyond that, a batch
 * job is the way. The tiles of a result in strips wait in `storage` until its header is known
 * (the Worker passes R2's; held in memory by default, as tests and benchmarks can afford).
 */
export async function computeResult(
  process: Record<string, unknown>,
  engineEnv: EngineEnv,
  data: DataAccess,
  log: RunLog,
  storage: TileStorage = { keepBytes: DEFAULT_KEEP_TILES_BYTES, store: new MemorySpillStore() },
): Promise<ResultBody> {
  try {
    const evaluated = await evaluateResult(process, engineEnv, data, log);
    if ("output" in evaluated) return outputBody(evaluated.output);
    const { tooLarge, layout, evaluate } = evaluated;
    const { strips, spilledBytes, ...body } = await resultInStrips(tooLarge, layout, data, evaluate, storage);
    const spilled = spilledBytes > 0 ? `; ${(spilledBytes / 2 ** 20).toFixed(1)} MiB of its tiles waited in temporary storage` : "";
    log.add("info", `The data (${Math.ceil(tooLarge.bytes / 2 ** 20)} MiB) was read and computed in ${strips} strips${spilled}.`);
    return body;
  } catch (error) {
    // A cube too large to read: smaller extents or a batch job help. Over the work budget, neither does.
    if (error instanceof OpenEOError && error.code === "ProcessGraphComplexity" && !(error instanceof BudgetExceeded)) {
      throw new OpenEOError("ProcessGraphComplexity", {}, { message: `${error.message} Narrow the extents or bands, or use a batch job.` });
    }
    throw error;
  }
}
