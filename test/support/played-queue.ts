/**
 * The batch queue played by the test: the consumer runs on messages the test delivers
 * (createMessageBatch), its sends are captured instead of queued, R2 writes of results and reads
 * of data pass the test's hooks first (to fail or stall them), and settings can be overridden.
 * So redeliveries, retries, the dead-letter queue and a cancel during a chunk happen exactly when
 * the test says.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { Env } from "../../src/env";
import worker from "../../src/index";
import { jobStub } from "../../src/jobs/job-store";
import type { BatchMessage } from "../../src/jobs/messages";
import { call } from "./jobs";

export const API_BASE = "https://openeo.example.test/v1";

export interface QueueHooks {
  /** Runs before each put into RESULTS: throw to fail it. */
  beforePut?: (key: string) => Promise<void> | void;
  /** Runs before each get from DATA: throw to fail it, or never settle to stall it. */
  beforeRead?: (key: string) => Promise<void> | void;
  /** Settings ([vars]) of the consumer's environment. */
  vars?: Partial<Pick<Env, "RUN_SILENCE_SECONDS" | "RUN_QUEUED_SECONDS" | "RUN_INVOCATION_SECONDS">>;
}

export function playedQueue(hooks: QueueHooks = {}) {
  const sent: BatchMessage[] = [];
  const { RESULTS: results, DATA: data } = env;
  const consumerEnv = {
    ...env,
    ...hooks.vars,
    BATCH_QUEUE: {
      send: async (body: BatchMessage) => void sent.push(body),
      sendBatch: async (messages: { body: BatchMessage }[]) => void sent.push(...messages.map((m) => m.body)),
    },
    RESULTS: {
      get: (key: string, options?: R2GetOptions) => results.get(key, options),
      head: (key: string) => results.head(key),
      list: (options?: R2ListOptions) => results.list(options),
      delete: (keys: string | string[]) => results.delete(keys),
      put: async (key: string, value: Parameters<R2Bucket["put"]>[1], options?: R2PutOptions) => {
        await hooks.beforePut?.(key);
        return results.put(key, value, options);
      },
    },
    DATA: {
      get: async (key: string, options?: R2GetOptions) => {
        await hooks.beforeRead?.(key);
        return data.get(key, options);
      },
      head: (key: string) => data.head(key),
      list: (options?: R2ListOptions) => data.list(options),
    },
  } as unknown as typeof env;
  let delivered = 0;
  /** Delivers one message as the queue would, and answers what the consumer did with it. */
  async function deliver(body: BatchMessage, attempts = 1, queue = "openeo-batch"): Promise<"ack" | "retry"> {
    const batch = createMessageBatch(queue, [{ id: `m${delivered++}`, timestamp: new Date(), attempts, body }]);
    const ctx = createExecutionContext();
    await worker.queue!(batch, consumerEnv);
    const result = await getQueueResult(batch, ctx);
    return result.retryMessages.length > 0 ? "retry" : "ack";
  }
  /** The messages sent since the last call. */
  const take = () => sent.splice(0);
  return { deliver, take };
}

/** A job of alice's created through the API and started directly (so that the real queue never sees it). */
export async function startedJob(process: Record<string, unknown>): Promise<{ id: string; stub: ReturnType<typeof jobStub>; run: BatchMessage }> {
  const created = await call("POST", "/jobs", { user: "alice", body: { process } });
  expect(created.status).toBe(201);
  const id = created.headers.get("OpenEO-Identifier")!;
  const stub = jobStub(env, id);
  const started = await stub.start();
  return { id, stub, run: { kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE } };
}

/** The keys under a prefix of RESULTS, relative to it, sorted. */
export const keysUnder = async (prefix: string) => (await env.RESULTS.list({ prefix })).objects.map((o) => o.key.slice(prefix.length)).sort();
