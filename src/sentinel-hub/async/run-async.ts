/**
 * The run of an asynchronous request, in one invocation of the batch queue's consumer: the Process
 * API request computed as POST /api/v1/process would, its responses written into the owner's files.
 */
import type { JobOutcome, JobRecord } from "../../../durable-objects/job";
import type { Env } from "../../env";
import type { RunLog } from "../../execution/run-log";
import { runEnvironment } from "../../execution/sync";
import { writeUserFile } from "../../files/write-file";
import { outcomeOf } from "../../jobs/execute-run";
import type { RunMessage } from "../../jobs/messages";
import { fileName, runProcessRequest } from "../run-process-request";
import { underFolder } from "../s3-folder";
import type { SentinelHubRequest } from "../sentinel-hub-job";
import { parseAsyncRequest } from "./async-request";

export async function runAsyncRequest(env: Env, job: JobRecord, request: SentinelHubRequest, message: RunMessage, log: RunLog, signal: AbortSignal): Promise<JobOutcome> {
  const started = Date.now();
  const { process, folder } = parseAsyncRequest(request.body);
  const { engineEnv, data, stats } = runEnvironment({ env, userId: job.user_id, apiBase: message.api_base, signal });
  const files = await runProcessRequest(process, data, engineEnv.budget);
  const written: string[] = [];
  for (const file of files) {
    // A request canceled meanwhile writes nothing more.
    signal.throwIfAborted();
    const entry = await writeUserFile(env, job.user_id, underFolder(folder, `${job.id}/${fileName(file)}`), file.bytes, file.mediaType);
    written.push(`${entry.path} (${entry.size} bytes)`);
  }
  log.add("info", `Delivered into your files: ${written.join(", ")}; ${stats.bytes} bytes of source data read in ${stats.requests.length} requests.`);
  const seconds = (Date.now() - started) / 1000;
  return outcomeOf([], { bytesRead: stats.bytes, seconds, cpuSeconds: seconds });
}
