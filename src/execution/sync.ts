/**
 * Runs a process synchronously, inside this request: validates it, evaluates it over the
 * catalogue and the user's files, and encodes its results. The bindings are turned into the
 * engine's and the cube's injected interfaces here, at the edge.
 */
import type { AssetSourceContext } from "../catalog/asset-source";
import { Catalog } from "../catalog/catalog";
import { catalogDataAccess } from "../catalog/data-access";
import type { DataContext } from "../cube/context";
import { CubeTooLarge } from "../cube/materialize";
import { DEFAULT_MAX_CUBE_BYTES } from "../cube/plan";
import { checkProcess, evaluateGraph, issueToError, type EngineEnv } from "../engine";
import type { Env } from "../env";
import { PROCESSES } from "../processes";
import type { SavedResult } from "../processes/types";
import { CountingByteSource, ReadStats } from "../raster/counting-byte-source";
import { storedProcesses } from "../udp/lookup";
import { costOf } from "./costs";
import { resultBody, type ResultBody } from "./outputs";
import { resultInStrips, splittable, type StripRun } from "./strips";
import { RunLog, type LogLevel } from "./run-log";

export interface SyncRun {
  env: Env;
  userId: string;
  /** Origin + API prefix, for the user's /files URLs. */
  apiBase: string;
  logLevel: LogLevel;
}

export interface SyncOutcome {
  body: ResultBody;
  log: RunLog;
  bytesRead: number;
  costs: number;
}

/** SYNC_MAX_CUBE_BYTES, or the cube module's default. A malformed setting is a deployment error. */
function maxCubeBytes(env: Env): number {
  const configured = env.SYNC_MAX_CUBE_BYTES;
  if (configured === undefined || configured === "") return DEFAULT_MAX_CUBE_BYTES;
  if (!/^\d+$/.test(configured)) throw new Error(`SYNC_MAX_CUBE_BYTES must be a number of bytes, not '${configured}'`);
  return Number(configured);
}

export async function runSynchronously(process: Record<string, unknown>, run: SyncRun): Promise<SyncOutcome> {
  const catalog = new Catalog(run.env.DATA);
  const engineEnv: EngineEnv = {
    processes: PROCESSES,
    userProcesses: storedProcesses(run.env, run.userId),
    collectionExists: (id) => catalog.source(id).then(() => true, () => false),
  };
  const { graph, issues } = await checkProcess(process, engineEnv);
  if (!graph) throw issueToError(issues[0]!);

  const stats = new ReadStats();
  const assets: AssetSourceContext = { data: run.env.DATA, files: run.env.FILES, apiBase: run.apiBase, userId: run.userId };
  const data = catalogDataAccess(catalog, assets, { wrap: (source) => new CountingByteSource(source, stats), maxBytes: maxCubeBytes(run.env) });
  const log = new RunLog(run.logLevel);
  const evaluate: StripRun = async (access) => {
    const saved: SavedResult[] = [];
    const ctx: DataContext = {
      data: access,
      log: (level, message, extra) => log.add(level, message, extra === undefined ? {} : { data: extra }),
      saveResult: (result) => saved.push(result),
    };
    return { value: await evaluateGraph(graph, engineEnv, { ctx }), saved };
  };
  let body: ResultBody;
  try {
    const { value, saved } = await evaluate(data);
    body = await resultBody(saved, value, data);
  } catch (error) {
    if (!(error instanceof CubeTooLarge) || !splittable(graph, PROCESSES)) throw error;
    const { strips, ...inStrips } = await resultInStrips(error, data, evaluate);
    log.add("info", `The data (${Math.ceil(error.bytes / 2 ** 20)} MiB) was read and computed in ${strips} strips.`);
    body = inStrips;
  }
  log.add("info", `Result: ${body.name}, ${body.byteLength} bytes; ${stats.bytes} bytes of source data read in ${stats.requests.length} requests.`);
  return { body, log, bytesRead: stats.bytes, costs: costOf(stats.bytes) };
}
