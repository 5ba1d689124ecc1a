/**
 * Runs a process synchronously, inside this request, over the catalogue and the user's files
 * (compute.ts does the work). The bindings are turned into the engine's and the cube's injected
 * interfaces here, at the edge.
 */
import type { AssetSourceContext } from "../catalog/asset-source";
import { userCatalog } from "../catalog/user-catalog";
import { catalogDataAccess } from "../catalog/data-access";
import type { DataAccess } from "../cube/context";
import type { FetchedJson } from "../catalog/stac-source/stac-fetch";
import { DEFAULT_MAX_CUBE_BYTES } from "../cube/plan";
import type { EngineEnv } from "../engine";
import type { Env } from "../env";
import { ExpiringCache } from "../expiring-cache";
import { ownResults } from "../jobs/own-results";
import { PROCESSES } from "../processes";
import { CountingByteSource, ReadStats } from "../raster/counting-byte-source";
import { workerLoaderSandbox } from "../sandbox/worker-loader-sandbox";
import { storedProcesses, tileUserProcesses } from "../udp/lookup";
import { hostListSetting, numberSetting } from "../settings";
import { costOf } from "./costs";
import { newBudget, type BudgetKind } from "./limits";
import { readDeadlines } from "./read-deadlines";
import { computeResult } from "./compute";
import { workerTileStorage } from "./r2-spill-store";
import type { ResultBody } from "./outputs";
import { RunLog, type LogLevel } from "./run-log";

export interface SyncRun {
  env: Env;
  userId: string;
  /** Origin + API prefix, for the user's /files URLs. */
  apiBase: string;
  logLevel: LogLevel;
  /** Aborted when the run should stop (the client went away, the job was cancelled): every read in flight stops. */
  signal?: AbortSignal;
}

export interface SyncOutcome {
  body: ResultBody;
  log: RunLog;
  bytesRead: number;
  costs: number;
}

/** SYNC_MAX_CUBE_BYTES, or the cube module's default. */
function maxCubeBytes(env: Env): number {
  return numberSetting(env, "SYNC_MAX_CUBE_BYTES", "bytes", DEFAULT_MAX_CUBE_BYTES);
}

/**
 * STAC documents the tiles of services share within the isolate: a load_stac service's Item or
 * catalogue is fetched once a minute rather than once a tile, so a change at its host shows in
 * tiles at most a minute late. Other runs fetch their documents anew.
 */
const TILE_STAC_DOCUMENT_TTL_MS = 60_000;
const tileStacDocuments = new ExpiringCache<FetchedJson>({ ttlMs: TILE_STAC_DOCUMENT_TTL_MS, maxSize: 4 * 2 ** 20 });

/**
 * The engine environment and data access of a user's run (also what a batch job's estimate plans
 * with), counting the bytes read, with a fresh work budget of its kind.
 */
export function runEnvironment(run: Omit<SyncRun, "logLevel">, budget: BudgetKind = "run"): { engineEnv: EngineEnv; data: DataAccess; stats: ReadStats } {
  const catalog = userCatalog(run.env, run.userId);
  const engineEnv: EngineEnv = {
    processes: PROCESSES,
    budget: newBudget(run.env, budget),
    userProcesses: storedProcesses(run.env, run.userId, budget === "tile" ? tileUserProcesses : undefined),
    collectionExists: (id) => catalog.source(id).then(() => true, () => false),
  };
  const stats = new ReadStats();
  const assets: AssetSourceContext = {
    data: run.env.DATA,
    files: run.env.FILES,
    apiBase: run.apiBase,
    userId: run.userId,
    ownResults: ownResults(run.env, run.apiBase, run.userId),
    privateHosts: hostListSetting(run.env, "REMOTE_PRIVATE_HOSTS"),
  };
  const data = catalogDataAccess(catalog, assets, {
    wrap: (source) => new CountingByteSource(source, stats),
    maxBytes: maxCubeBytes(run.env),
    deadlines: readDeadlines(run.env),
    ...(run.signal ? { signal: run.signal } : {}),
    ...(budget === "tile" ? { stacDocuments: tileStacDocuments } : {}),
  });
  return { engineEnv, data: run.env.LOADER ? { ...data, sandbox: workerLoaderSandbox(run.env.LOADER) } : data, stats };
}

/** `log` may be the caller's, so that what was logged survives a process that throws. */
export async function runSynchronously(process: Record<string, unknown>, run: SyncRun, log = new RunLog(run.logLevel)): Promise<SyncOutcome> {
  const { engineEnv, data, stats } = runEnvironment(run);
  const body = await computeResult(process, engineEnv, data, log, workerTileStorage(run.env));
  const size = body.byteLength === undefined ? "encoded while sent" : `${body.byteLength} bytes`;
  log.add("info", `Result: ${body.name}, ${size}; ${stats.bytes} bytes of source data read in ${stats.requests.length} requests.`);
  return { body, log, bytesRead: stats.bytes, costs: costOf(stats.bytes) };
}
