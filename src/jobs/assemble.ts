/**
 * The last step of a run in chunks: joins the strips the chunks stored into one COG, or one per
 * date (the strips read once per file, its tiles kept in memory up to a budget and the rest in a
 * temporary object until the header is known, then streamed into R2), or merges their partial
 * zonal statistics into the files asked for, publishes the outcome
 * through the JobDO and removes the strips.
 */
import type { JobRecord, ResultFile } from "../../durable-objects/job";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import type { DataAccess } from "../cube/context";
import type { EngineEnv } from "../engine";
import { preparedRun } from "../execution/compute";
import { fileOfDate, implicitResult, outputFiles, outputOf } from "../execution/outputs";
import { MERGED_ZONAL_STATISTICS } from "../execution/partial-reducer";
import { mergedResults, mergedZonalStatistics, type PartialResult } from "../execution/partials";
import type { VectorCube } from "../cube/vector";
import { RunLog } from "../execution/run-log";
import { runEnvironment } from "../execution/sync";
import type { SavedResult } from "../processes/types";
import { decodeStrip } from "../execution/strip-codec";
import { workerTileStorage } from "../execution/r2-spill-store";
import { assembleStrips, type AssembledStrips, type Strip, type StripSource, type TileStorage } from "../execution/strips";
import { keepLabels, withoutDimension } from "../cube/dimensions";
import { outcomeOf, processFile, resultTitle } from "./execute-run";
import { chunkKey, chunkPrefix, partialKey, planKey, type ChunkPlan } from "./fan-out";
import { deleteObjects, jobStub, runPrefix } from "./job-store";
import type { AssembleMessage } from "./messages";
import { storeResultFile } from "./store-result";

async function stored(bucket: R2Bucket, key: string): Promise<R2ObjectBody> {
  const object = await bucket.get(key);
  // A missing piece is the pipeline's fault, not the user's: the message is retried.
  if (!object) throw new OpenEOError("Internal", { message: `the run's stored piece ${key} is missing` });
  return object;
}

/**
 * The COG of a result in strips or, for several dates, one COG per date as a result computed at
 * once has (outputs.ts), each assembled in one pass over all strips (which hold every date) and
 * stored before the next.
 */
async function assembleFiles(plan: ChunkPlan, strip: StripSource, storage: TileStorage, store: (assembled: AssembledStrips) => Promise<void>): Promise<void> {
  // Strip 0, read to learn the dates, serves the first assembly too instead of being read again.
  let probed: Promise<Strip> | undefined = strip(0);
  const read: StripSource = (index) => {
    const first = index === 0 ? probed : undefined;
    probed = undefined;
    return first ?? strip(index);
  };
  const { dims } = (await probed).cube;
  const time = dims.findIndex((dim) => dim.type === "temporal");
  const dates = time < 0 ? [] : (dims[time]!.labels as string[]);
  if (dates.length < 2) return store(await assembleStrips(plan.whole, plan.windows, read, storage));
  for (const [i, date] of dates.entries()) {
    const ofDate = async (index: number): Promise<Strip> => {
      const whole = await read(index);
      return { ...whole, cube: withoutDimension(keepLabels(whole.cube, time, [i]), time) };
    };
    const assembled = await assembleStrips(plan.whole, plan.windows, ofDate, storage);
    await store({ ...assembled, name: fileOfDate(assembled.name, date) });
  }
}

/**
 * The results of a run whose zonal statistics are taken further: `assembly` (the graph after
 * aggregate_spatial, zonalSplit's) evaluated with the merged statistics in aggregate_spatial's place.
 */
async function resultsAfterMerge(merged: VectorCube, engineEnv: EngineEnv, assembly: Record<string, unknown>, data: DataAccess, log: RunLog): Promise<SavedResult[]> {
  const processes = new Map(engineEnv.processes).set(MERGED_ZONAL_STATISTICS, mergedZonalStatistics(merged));
  const { evaluate } = await preparedRun(assembly, { ...engineEnv, processes }, log);
  const { value, saved } = await evaluate(data);
  return saved.length ? saved : [await implicitResult(value, data)];
}

export async function assembleRun(env: Env, job: JobRecord, message: AssembleMessage, signal: AbortSignal): Promise<void> {
  const stub = jobStub(env, job.id);
  if (!(await stub.enter(message.run_id, "assembly"))) return;
  const startedAt = Date.now();
  const prefix = runPrefix(job.user_id, job.id, message.run_id);
  const plan = (await (await stored(env.RESULTS, planKey(message))).json()) as ChunkPlan;
  const results: ResultFile[] = [];
  // What the assembly itself reads (a graph taken further after merged statistics may load more).
  let assemblyBytesRead = 0;
  if (plan.reducer) {
    // Zonal statistics: every chunk's partial results merged, then written in the formats asked for.
    const chunk = async (index: number) => (await (await stored(env.RESULTS, partialKey(message, index))).json()) as PartialResult[];
    const merged = await mergedResults(plan.windows.length, chunk, plan.reducer);
    const log = new RunLog(job.log_level);
    const { engineEnv, data, stats } = runEnvironment({ env, userId: job.user_id, apiBase: message.api_base, signal });
    const { zonal } = await preparedRun(job.process, engineEnv, log);
    const saved = zonal ? await resultsAfterMerge(merged[0]!.data as VectorCube, engineEnv, zonal.assembly, data, log) : merged;
    assemblyBytesRead = stats.bytes;
    if (log.entries.length > 0) await stub.log(...log.stored());
    for (const body of outputFiles(await outputOf(saved))) {
      signal.throwIfAborted();
      const size = await storeResultFile(env.RESULTS, `${prefix}${body.name}`, body);
      results.push({ name: body.name, type: body.mediaType, size, roles: ["data"], title: resultTitle(body.name), ...(body.place ? { place: body.place } : {}) });
    }
  } else {
    const strip = async (index: number) => {
      // Between strips: an assembly of a run stopped meanwhile goes no further.
      signal.throwIfAborted();
      return decodeStrip(new Uint8Array(await (await stored(env.RESULTS, chunkKey(message, index))).arrayBuffer()));
    };
    await assembleFiles(plan, strip, workerTileStorage(env), async (assembled) => {
      const size = await storeResultFile(env.RESULTS, `${prefix}${assembled.name}`, assembled);
      results.push({ name: assembled.name, type: assembled.mediaType, size, roles: ["data"], title: resultTitle(assembled.name), raster: assembled.raster });
    });
  }
  const totals = await stub.chunkTotals(message.run_id);
  const assemblySeconds = (Date.now() - startedAt) / 1000;
  const outcome = outcomeOf([...results, processFile(plan.processBytes)], {
    bytesRead: totals.bytesRead + assemblyBytesRead,
    seconds: (Date.now() - plan.started) / 1000,
    cpuSeconds: totals.seconds + assemblySeconds,
    largestBytes: totals.largestStrip,
  });
  await stub.log({ level: "info", message: `${totals.chunks} chunks assembled into ${results.map((r) => `${r.name} (${r.size} bytes)`).join(", ")} in ${assemblySeconds.toFixed(1)} s.` });
  const published = await stub.finish(message.run_id, outcome);
  await deleteObjects(env.RESULTS, chunkPrefix(message));
  // Canceled or restarted meanwhile: nothing of this run may stay.
  if (!published) await deleteObjects(env.RESULTS, prefix);
}
