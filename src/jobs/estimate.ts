/**
 * GET /jobs/{id}/estimate: what a job will read, from the read plans of its loads (item metadata
 * only, no pixels). Each load is planned on its own, before any filter narrows it, so the figures
 * are upper limits, as the API asks of estimates; the duration follows from the bytes read.
 */
import type { DataContext } from "../cube/context";
import { estimateBytes } from "../cube/plan";
import { isDataCube } from "../cube/types";
import { runProcess } from "../engine";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { costOf } from "../execution/costs";
import { runEnvironment } from "../execution/sync";
import { PROCESSES } from "../processes";
import { estimatedDuration } from "./estimate-duration";

const LOADERS = new Set(["load_collection", "load_stac", "load_url", "load_uploaded_files"]);
/** The catalogue and the prices may change; an estimate holds for a day. */
const ESTIMATE_TTL_MS = 24 * 60 * 60 * 1000;

export interface JobEstimate {
  costs: number;
  /** ISO 8601, e.g. PT2M. */
  duration: string;
  size?: number;
  downloads_included: null;
  expires: string;
}

type RawNode = { process_id?: unknown; namespace?: unknown; arguments?: Record<string, unknown> };

function complexity(reason: string): OpenEOError {
  return new OpenEOError("EstimateComplexity", { reason });
}

/** The loads of a graph, each as a graph of its own; throws EstimateComplexity where a load can't be planned alone. */
function loadsOf(processGraph: Record<string, RawNode>): Record<string, unknown>[] {
  const loads: Record<string, unknown>[] = [];
  for (const [id, node] of Object.entries(processGraph)) {
    const processId = String(node.process_id);
    if (node.namespace != null || !PROCESSES.has(processId)) throw complexity(`node '${id}' calls '${processId}', whose reads can't be planned ahead.`);
    if (!LOADERS.has(processId)) continue;
    // Property filters are callbacks of their own; any other reference makes the extents unknown before running.
    const { properties: _filters, ...extents } = node.arguments ?? {};
    if (/"from_(node|parameter)"\s*:/.test(JSON.stringify(extents))) throw complexity(`the extents of node '${id}' are computed while the process runs.`);
    loads.push({ process_graph: { [id]: { ...node, result: true } } });
  }
  return loads;
}

export async function estimateJob(env: Env, process: Record<string, unknown>, userId: string, apiBase: string): Promise<JobEstimate> {
  const graph = process.process_graph as Record<string, RawNode>;
  const { engineEnv, data } = runEnvironment({ env, userId, apiBase });
  // Loads only log warnings about their arguments, which the run itself will report.
  const ctx: DataContext = { log: () => {}, data };
  let bytes = 0;
  const loads = loadsOf(graph);
  for (const load of loads) {
    // A raster load is a read plan; a vector one (GeoJSON files) is read already, within its cap, and reads no pixels.
    const loaded = await runProcess(load, engineEnv, { ctx });
    if (isDataCube(loaded) && loaded.kind === "lazy") bytes += await estimateBytes(loaded, data);
  }
  return {
    // Cubes are read as float32 planes, never smaller than the source data a run pays for.
    costs: costOf(bytes),
    duration: estimatedDuration(bytes),
    // Without a load, the result is computed from the graph's own values, of no predictable size.
    ...(loads.length > 0 ? { size: bytes } : {}),
    downloads_included: null,
    expires: new Date(Date.now() + ESTIMATE_TTL_MS).toISOString(),
  };
}
