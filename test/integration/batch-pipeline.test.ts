import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { DEAD_LETTER_QUEUE } from "../../src/jobs/consumer";
import { jobPrefix, jobStub } from "../../src/jobs/job-store";
import type { LogEntry } from "../../src/jobs/log-entry";

const PROCESS = { process_graph: { one: { process_id: "constant", arguments: { x: 1 }, result: true } } };

async function queuedJob(jobId: string, userId = "basic.alice") {
  const job = jobStub(env, jobId);
  await job.create({ id: jobId, user_id: userId, process: PROCESS });
  expect(await job.transition("queued")).toBe(true);
  return job;
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
  it("a message on the real queue starts the job in its JobDO and writes its input to R2", async () => {
    const job = await queuedJob("job-queue-1");
    await env.BATCH_QUEUE.send({ kind: "job.run", job_id: "job-queue-1", user_id: "basic.alice" });
    await waitFor(async () => (await job.get())?.status === "running", "the job to run");
    const object = await waitFor(() => env.RESULTS.get(`${jobPrefix("basic.alice", "job-queue-1")}process.json`), "the R2 object");
    expect(await object.json()).toEqual(PROCESS);
    const logs: LogEntry[] = await job.logs();
    expect(logs.map((l) => l.message)).toEqual(["Batch job started."]);
  });

  it("treats a redelivered message as a no-op", async () => {
    const job = await queuedJob("job-redelivered");
    const message = { id: "m1", timestamp: new Date(), attempts: 1, body: { kind: "job.run", job_id: "job-redelivered", user_id: "basic.alice" } };
    for (const attempts of [1, 2]) {
      const batch = createMessageBatch("openeo-batch", [{ ...message, attempts }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["m1"]);
    }
    expect((await job.get())!.status).toBe("running");
    expect(await job.logs()).toHaveLength(1);
  });

  it("does not start a job of another user or a job that does not exist", async () => {
    const job = await queuedJob("job-of-bob", "basic.bob");
    const batch = createMessageBatch("openeo-batch", [
      { id: "a", timestamp: new Date(), attempts: 1, body: { kind: "job.run", job_id: "job-of-bob", user_id: "basic.alice" } },
      { id: "b", timestamp: new Date(), attempts: 1, body: { kind: "job.run", job_id: "no-such-job", user_id: "basic.alice" } },
    ]);
    await worker.queue(batch, env);
    expect((await job.get())!.status).toBe("queued");
    expect(await env.RESULTS.get(`${jobPrefix("basic.alice", "job-of-bob")}process.json`)).toBeNull();
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
    const job = await queuedJob("job-dead");
    expect(await job.transition("running")).toBe(true);
    const batch = createMessageBatch(DEAD_LETTER_QUEUE, [
      { id: "d1", timestamp: new Date(), attempts: 1, body: { kind: "job.run", job_id: "job-dead", user_id: "basic.alice" } },
    ]);
    await worker.queue(batch, env);
    expect((await job.get())!.status).toBe("error");
    const [entry] = await job.logs({ level: "error" });
    expect(entry).toMatchObject({ level: "error", code: "Internal" });
    expect(entry!.message).not.toMatch(/at .*\.ts:\d+/);
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
    await job.create({ id: "job-logs", user_id: "basic.alice", process: PROCESS });
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
