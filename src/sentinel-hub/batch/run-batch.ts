/**
 * A batch request on the batch queue: its first invocation lists the grid tiles and sends one
 * chunk message per tile (the message's window is the tile's grid); each chunk computes its tile
 * as the Process API would compute that grid, clipped to the request's area, and writes a COG per
 * response and the tile's STAC Item into the owner's files; the JobDO counts the tiles (a tile that
 * fails on its own counts, marked failed), and the last one in sends the assembly, which writes the
 * STAC Collection of the processed tiles and finishes the job (in error when every tile failed).
 */
import type { ChunkState, JobRecord } from "../../../durable-objects/job";
import type { Env } from "../../env";
import { OpenEOError } from "../../errors";
import type { RunLog } from "../../execution/run-log";
import { runEnvironment } from "../../execution/sync";
import { writeUserFile } from "../../files/write-file";
import { outcomeOf } from "../../jobs/execute-run";
import { jobStub } from "../../jobs/job-store";
import type { AssembleMessage, BatchMessage, ChunkMessage, RunMessage } from "../../jobs/messages";
import { runProcessRequest } from "../run-process-request";
import { underFolder } from "../s3-folder";
import { SENTINEL_HUB, type SentinelHubRequest } from "../sentinel-hub-job";
import { parseBatchRequest, requestTiles, tileWindow, type BatchRequest } from "./batch-request";
import type { GridTile } from "./grid-tiles";
import { tileClip } from "./tile-clip";
import { collectionFolder, tilePath } from "./tile-paths";
import { COLLECTION_FILE, filesUrl, itemFile, tileItem, tilesCollection } from "./tiles-stac";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH = 100;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export async function startBatch(env: Env, job: JobRecord, request: SentinelHubRequest, message: RunMessage, log: RunLog): Promise<{ chunks: number }> {
  const batch = parseBatchRequest(request.body);
  const tiles = requestTiles(batch);
  if (!(await jobStub(env, job.id).planChunks(message.run_id, tiles.length))) return { chunks: tiles.length };
  log.add("info", `${tiles.length} tiles of the grid '${batch.grid.name}' at resolution ${batch.resolution}, one queue message each.`);
  const { job_id, user_id, run_id, api_base } = message;
  const messages = tiles.map((tile, index): { body: BatchMessage } => ({ body: { kind: "job.chunk", job_id, user_id, run_id, api_base, index, window: tileWindow(tile, batch) } }));
  for (let at = 0; at < messages.length; at += SEND_BATCH) await env.BATCH_QUEUE.sendBatch(messages.slice(at, at + SEND_BATCH));
  return { chunks: tiles.length };
}

export async function runBatchTile(env: Env, job: JobRecord, request: SentinelHubRequest, message: ChunkMessage, signal: AbortSignal): Promise<void> {
  const stub = jobStub(env, job.id);
  if (!(await stub.enter(message.run_id, message.index))) return;
  const started = Date.now();
  const batch = parseBatchRequest(request.body);
  const tile = requestTiles(batch)[message.index];
  if (!tile) throw new OpenEOError("Internal", { message: `the batch request has no tile ${message.index}` });
  let state: ChunkState;
  try {
    const { bytesRead, bytes } = await computeTile(env, job, batch, tile, message, signal);
    state = await stub.chunkDone(message.run_id, message.index, { seconds: (Date.now() - started) / 1000, bytesRead, stripBytes: bytes });
  } catch (error) {
    // A tile whose data or script fails fails alone; the others go on, and the request ends PARTIAL (or FAILED if none was processed).
    if (!(error instanceof OpenEOError) || error.status >= 500 || signal.aborted) throw error;
    state = await stub.chunkFailed(message.run_id, message.index, { level: "error", code: error.code, message: `Tile ${tile.name} failed: ${error.message}` });
  }
  if (state === "complete") {
    const { job_id, user_id, run_id, api_base } = message;
    await env.BATCH_QUEUE.send({ kind: "job.assemble", job_id, user_id, run_id, api_base } satisfies BatchMessage);
  }
}

/** Computes one tile and writes its COGs and STAC Item into the owner's files. */
async function computeTile(env: Env, job: JobRecord, batch: BatchRequest, tile: GridTile, message: ChunkMessage, signal: AbortSignal): Promise<{ bytesRead: number; bytes: number }> {
  const window = tileWindow(tile, batch);
  const process = { ...batch.process, crs: window.crs, bbox: window.bbox, width: window.width, height: window.height, geometry: tileClip(batch.process, window) };
  const { engineEnv, data, stats } = runEnvironment({ env, userId: job.user_id, apiBase: message.api_base, signal });
  const files = await runProcessRequest(process, data, engineEnv.budget);
  const assets: Record<string, { href: string; size: number }> = {};
  for (const file of files) {
    // A tile of a request canceled meanwhile writes nothing more.
    signal.throwIfAborted();
    const path = tilePath(batch.tilePath, { requestId: job.id, tileName: tile.name, outputId: file.identifier, format: "tif" });
    const entry = await writeUserFile(env, job.user_id, path, file.bytes, file.mediaType);
    assets[file.identifier] = { href: filesUrl(message.api_base, path), size: entry.size };
  }
  signal.throwIfAborted();
  const folder = collectionFolder(batch.tilePath, job.id);
  await writeUserFile(env, job.user_id, underFolder(folder, itemFile(tile)), json(tileItem(tile, window, batch, job.id, assets)), "application/geo+json");
  return { bytesRead: stats.bytes, bytes: Object.values(assets).reduce((n, a) => n + a.size, 0) };
}

export async function assembleBatch(env: Env, job: JobRecord, request: SentinelHubRequest, message: AssembleMessage): Promise<void> {
  const stub = jobStub(env, job.id);
  if (!(await stub.enter(message.run_id, "assembly"))) return;
  const batch = parseBatchRequest(request.body);
  const tiles = requestTiles(batch);
  const failed = new Set(await stub.chunksFailed());
  if (failed.size === tiles.length) {
    await stub.fail(message.run_id, { level: "error", code: "ProcessException", message: `Every tile failed (${tiles.length}); the tiles' log entries say why.` });
    return;
  }
  const folder = collectionFolder(batch.tilePath, job.id);
  const processed = tiles.filter((_, index) => !failed.has(index));
  await writeUserFile(env, job.user_id, underFolder(folder, COLLECTION_FILE), json(tilesCollection(job.id, batch, processed)), "application/json");
  const totals = await stub.chunkTotals(message.run_id);
  // Read by the request's status: DONE, or PARTIAL with failed tiles.
  if (failed.size > 0) await stub.amendExtra(SENTINEL_HUB, { failedTiles: failed.size } satisfies Partial<SentinelHubRequest>);
  // The job's last status change was its move to running.
  const seconds = (Date.now() - Date.parse(job.updated)) / 1000;
  await stub.finish(message.run_id, outcomeOf([], { bytesRead: totals.bytesRead, seconds, cpuSeconds: totals.seconds, largestBytes: totals.largestStrip }));
}
