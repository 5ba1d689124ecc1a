import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { DEAD_LETTER_QUEUE } from "../../src/jobs/consumer";
import { jobStub, runPrefix } from "../../src/jobs/job-store";
import type { LogEntry } from "../../src/jobs/log-entry";

const PROCESS = { process_graph: { one: { process_id: "constant", arguments: { x: 1 }, result: true } } };

const API_BASE = "https://openeo.example.test/v1";

/** A created and started job, and the body of its run's message. */
async function queuedJob(jobId: string, userId = "basic.alice") {
  const job = jobStub(env, jobId);
  await job.create({ id: jobId, user_id: userId, process: PROCESS });
  const started = await job.start();
  expect(started).not.toBeNull();
  return { job, body: { kind: "job.run" as const, job_id: jobId, user_id: userId, run_id: started!.run, api_base: API_BASE } };
}

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("batch pipeline: Queue -> JobDO -> R2", () => {
  it("a message on the real queue runs the job in its JobDO and writes its input and result to R2", async () => {
    const { job, body } = await queuedJob("job-queue-1");
    await env.BATCH_QUEUE.send(body);
    await waitFor(async () => (await job.get())?.status === "finished", "the job to finish");
    const prefix = runPrefix("basic.alice", "job-queue-1", body.run_id);
    expect(await (await env.RESULTS.get(`${prefix}process.json`))!.json()).toEqual(PROCESS);
    expect(await (await env.RESULTS.get(`${prefix}result.json`))!.json()).toBe(1);
    const logs: LogEntry[] = await job.logs();
    expect(logs[0]!.message).toBe("Batch job started.");
    expect(logs.at(-1)!.message).toBe("Batch job finished: result.json, process.json.");
  });

  it("treats a redelivered message as a no-op", async () => {
    const { job, body } = await queuedJob("job-redelivered");
    const message = { id: "m1", timestamp: new Date(), attempts: 1, body };
    for (const attempts of [1, 2]) {
      const batch = createMessageBatch("openeo-batch", [{ ...message, attempts }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
    }
    expect((await job.get())!.status).toBe("finished");
    expect((await job.logs()).filter((l) => l.message === "Batch job started.")).toHaveLength(1);
  });

  it("does not start a job of another user or a job that does not exist", async () => {
    const { job, body } = await queuedJob("job-of-bob", "basic.bob");
    const batch = createMessageBatch("openeo-batch", [
      { id: "a", timestamp: new Date(), attempts: 1, body: { ...body, user_id: "basic.alice" } },
      { id: "b", timestamp: new Date(), attempts: 1, body: { ...body, job_id: "no-such-job", user_id: "basic.alice" } },
    ]);
    await worker.queue(batch, env);
    expect((await job.get())!.status).toBe("queued");
    expect((await env.RESULTS.list({ prefix: runPrefix("basic.alice", "job-of-bob", body.run_id) })).objects).toEqual([]);
  });

  it("acknowledges malformed messages instead of retrying them forever", async () => {
    const batch = createMessageBatch("openeo-batch", [{ id: "bad", timestamp: new Date(), attempts: 1, body: { kind: "nonsense" } }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["bad"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("a message that reaches the dead-letter queue puts its job in error with a concise log entry", async () => {
    const { job, body } = await queuedJob("job-dead");
    expect(await job.begin(body.run_id)).toBe("started");
    const batch = createMessageBatch(DEAD_LETTER_QUEUE, [{ id: "d1", timestamp: new Date(), attempts: 1, body }]);
    await worker.queue(batch, env);
    expect((await job.get())!.status).toBe("error");
    const [entry] = await job.logs({ level: "error" });
    expect(entry).toMatchObject({ level: "error", code: "Internal" });
    expect(entry!.message).not.toMatch(/at .*\.ts:\d+/);
  });

  it("a message given up before its run began fails the job still queued", async () => {
    const { job, body } = await queuedJob("job-dead-queued");
    await worker.queue(createMessageBatch(DEAD_LETTER_QUEUE, [{ id: "d2", timestamp: new Date(), attempts: 1, body }]), env);
    expect((await job.get())!.status).toBe("error");
  });
});

describe("JobDO status machine", () => {
  it("follows created -> queued -> running -> finished and allows a restart", async () => {
    const job = jobStub(env, "job-states");
    await job.create({ id: "job-states", user_id: "basic.alice", process: PROCESS });
    expect(await job.transition("running")).toBe(false);
    expect(await job.transition("finished")).toBe(false);
    expect(await job.transition("queued")).toBe(true);
    expect(await job.transition("running", 10)).toBe(true);
    expect((await job.get())!.progress).toBe(10);
    expect(await job.transition("finished")).toBe(true);
    expect((await job.get())!).toMatchObject({ status: "finished", progress: 100 });
    expect(await job.transition("running")).toBe(false);
    expect(await job.transition("queued")).toBe(true);
    expect((await job.get())!).toMatchObject({ status: "queued", progress: 0 });
    expect(await job.transition("canceled")).toBe(true);
  });

  it("filters logs by level and offset", async () => {
    const job = jobStub(env, "job-logs");
    await job.create({ id: "job-logs", user_id: "basic.alice", process: PROCESS, log_level: "debug" });
    await job.log({ level: "debug", message: "d" });
    await job.log({ level: "info", message: "i" });
    await job.log({ level: "warning", message: "w", path: [{ node_id: "n1", process_id: "ndvi" }] });
    await job.log({ level: "error", message: "e", data: { bands: 2 } });
    const messages = async (options?: Parameters<typeof job.logs>[0]) => (await job.logs(options)).map((l) => l.message);
    expect(await messages()).toEqual(["d", "i", "w", "e"]);
    expect(await messages({ level: "warning" })).toEqual(["w", "e"]);
    const all: LogEntry[] = await job.logs();
    expect(await messages({ offset: all[1]!.id })).toEqual(["w", "e"]);
    expect(all[2]!.path).toEqual([{ node_id: "n1", process_id: "ndvi" }]);
    expect(all[3]!.data).toEqual({ bands: 2 });
    expect(await job.logs({ limit: 1 })).toHaveLength(1);
  });
});
