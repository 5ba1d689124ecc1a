/**
 * The watchdog of batch job runs: the JobDO's alarm fails a run none of whose invocations showed a
 * sign of life in time, heartbeats keep a run alive and tell a canceled one to stop, and an
 * invocation whose run stopped (or whose own time ran out) ends at once, even in a stalled read.
 * Time passes for the alarm by faking Date in this isolate, where the Durable Objects run too.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { JobDO } from "../../durable-objects/job";
import { InvocationWatch, RunStopped } from "../../src/jobs/invocation-watch";
import { jobPrefix, jobStub } from "../../src/jobs/job-store";
import { runLimits } from "../../src/jobs/run-limits";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError } from "../support/http";
import { call, until } from "../support/jobs";
import { LARGE_GRID, largeNir, largeRed } from "../support/large-ndvi-scene";
import { keysUnder, playedQueue, startedJob } from "../support/played-queue";

// In 5 chunks (see job-chunks.test.ts).
const CHUNKED = {
  process_graph: {
    load: { process_id: "load_collection", arguments: { id: "watched-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  },
};
const CONSTANT = { process_graph: { one: { process_id: "constant", arguments: { x: 42 }, result: true } } };
// Invocations beat every 100 ms in the tests that need them to.
const QUICK_BEATS = { RUN_SILENCE_SECONDS: "1" };

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "watched-scenes", [{ id: "W1", datetime: "2024-07-01T10:00:00Z", grid: LARGE_GRID, cloud: 0, values: { B04: largeRed, B08: largeNir } }], [RED, NIR], 256);
});

/** Runs `action` as if `seconds` had passed (only Date is faked, so timers and I/O go on as they are). */
async function after<T>(seconds: number, action: () => Promise<T>): Promise<T> {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"] });
  try {
    vi.setSystemTime(now + seconds * 1000);
    return await action();
  } finally {
    vi.useRealTimers();
  }
}

const lastError = async (stub: ReturnType<typeof jobStub>) => (await stub.logs({ level: "error" })).at(-1);

describe("the watchdog of batch job runs", () => {
  it("fails a run whose chunk stopped responding: a log entry says so, its strips go, late messages are ignored", async () => {
    const { deliver, take } = playedQueue();
    const { id, stub, run } = await startedJob(CHUNKED);
    expect(await deliver(run)).toBe("ack");
    const chunks = take();
    expect(chunks).toHaveLength(5);
    for (const chunk of chunks.slice(0, 4)) expect(await deliver(chunk)).toBe("ack");
    // Chunk 4's invocation begins, then dies without a word.
    expect(await stub.enter(run.run_id, 4)).toBe(true);
    // An alarm before the deadline only sets it again.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.get())!.status).toBe("running");

    expect(await after(301, () => runDurableObjectAlarm(stub))).toBe(true);
    expect((await stub.get())!.status).toBe("error");
    const entry = await lastError(stub);
    expect(entry).toMatchObject({ code: "Internal", message: "The run stopped responding: no sign of life for 300 s; it was computing chunk 4 of 5. Start the job again." });
    expect((await expectError(await call("GET", `/jobs/${id}/results`, { user: "alice" }), 424, "Internal")).message).toBe(entry!.message);
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([`runs/${run.run_id}/process.json`]);

    // The late chunk stores nothing; a heartbeat of the run learns that it ended.
    expect(await deliver(chunks[4]!, 2)).toBe("ack");
    expect(take()).toEqual([]);
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([`runs/${run.run_id}/process.json`]);
    expect(await stub.heartbeat(run.run_id, 4)).toBe("ended");
    expect((await stub.get())!.status).toBe("error");
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("fails a run whose message was lost after the queued deadline, and the job runs to finished when started again", async () => {
    const { id, stub } = await startedJob(CONSTANT);
    // A busy queue is no sign of death.
    expect(await after(301, () => runDurableObjectAlarm(stub))).toBe(true);
    expect((await stub.get())!.status).toBe("queued");
    expect(await after(3601, () => runDurableObjectAlarm(stub))).toBe(true);
    expect((await stub.get())!.status).toBe("error");
    expect(await lastError(stub)).toMatchObject({ message: "The run stopped responding: no sign of life for 3600 s; it was waiting in the queue to start. Start the job again." });

    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("finished");
    // Finishing left no alarm, and a stray one changes nothing.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    await runInDurableObject(stub, (job: JobDO) => after(3601, () => job.alarm()));
    expect((await stub.get())!.status).toBe("finished");
  });

  it("keeps a run alive past its first deadline while its invocation beats", async () => {
    const { stub, run } = await startedJob(CONSTANT);
    expect(await stub.begin(run.run_id)).toBe("started");
    expect(await after(200, () => stub.heartbeat(run.run_id, "run"))).toBe("running");
    expect(await after(400, () => runDurableObjectAlarm(stub))).toBe(true);
    expect((await stub.get())!.status).toBe("running");
    expect(await after(600, () => runDurableObjectAlarm(stub))).toBe(true);
    expect((await stub.get())!.status).toBe("error");
    expect(await lastError(stub)).toMatchObject({ message: "The run stopped responding: no sign of life for 300 s; it was evaluating the process. Start the job again." });
  });

  it("waits for a chunk that failed and is retried by the queue with the queued deadline", async () => {
    let failures = 0;
    const { deliver, take } = playedQueue({ beforePut: (key) => {
      if (key.endsWith("chunks/00001.strip") && failures++ === 0) throw new Error("injected: R2 write failed");
    } });
    const { stub, run } = await startedJob(CHUNKED);
    await deliver(run);
    const chunks = take();
    expect(await deliver(chunks[1]!)).toBe("retry");
    for (const chunk of [chunks[0]!, ...chunks.slice(2)]) expect(await deliver(chunk)).toBe("ack");
    expect(await after(301, () => runDurableObjectAlarm(stub))).toBe(true);
    expect((await stub.get())!.status).toBe("running");
    expect(await after(3601, () => runDurableObjectAlarm(stub))).toBe(true);
    expect(await lastError(stub)).toMatchObject({ message: "The run stopped responding: no sign of life for 3600 s; it was waiting for chunk 1 of 5 to start. Start the job again." });
  });

  it("answers heartbeats of canceled, restarted and deleted runs so, and leaves no alarm after cancel or delete", async () => {
    const { id, stub, run } = await startedJob(CONSTANT);
    expect(await stub.begin(run.run_id)).toBe("started");
    expect(await stub.heartbeat(run.run_id, "run")).toBe("running");
    expect((await call("DELETE", `/jobs/${id}/results`, { user: "alice" })).status).toBe(204);
    expect(await stub.heartbeat(run.run_id, "run")).toBe("canceled");
    expect(await runDurableObjectAlarm(stub)).toBe(false);

    const restarted = (await stub.start())!;
    expect(await stub.heartbeat(run.run_id, "run")).toBe("superseded");
    expect(await stub.heartbeat(restarted.run, "run")).toBe("running");
    expect((await call("DELETE", `/jobs/${id}`, { user: "alice" })).status).toBe(204);
    expect(await stub.heartbeat(restarted.run, "run")).toBe("canceled");
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("aborts an invocation's signal when its run is canceled: a read waiting on the signal ends with the abort", async () => {
    const { id, stub, run } = await startedJob(CONSTANT);
    expect(await stub.begin(run.run_id)).toBe("started");
    const watch = new InvocationWatch(stub, run.run_id, "run", runLimits({ ...env, ...QUICK_BEATS }));
    const read = watch.guard(
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () => reject(new Error("the read saw the abort")));
          void call("DELETE", `/jobs/${id}/results`, { user: "alice" });
        }),
    );
    await expect(read).rejects.toBeInstanceOf(RunStopped);
    expect(watch.signal.aborted).toBe(true);
    expect(watch.signal.reason).toMatchObject({ pulse: "canceled" });
  });

  it("cancel ends a chunk stalled in a read: nothing is stored, the message is acknowledged", async () => {
    let stall = false;
    let jobId = "";
    const { deliver, take } = playedQueue({
      vars: QUICK_BEATS,
      beforeRead: async () => {
        if (!stall) return;
        if (jobId) {
          const canceling = call("DELETE", `/jobs/${jobId}/results`, { user: "alice" });
          jobId = "";
          expect((await canceling).status).toBe(204);
        }
        // A source that never answers.
        await new Promise(() => {});
      },
    });
    const { id, stub, run } = await startedJob(CHUNKED);
    await deliver(run);
    const chunks = take();
    expect(await deliver(chunks[0]!)).toBe("ack");
    stall = true;
    jobId = id;
    expect(await deliver(chunks[1]!)).toBe("ack");
    expect((await stub.get())!.status).toBe("canceled");
    expect((await stub.chunkTotals(run.run_id)).chunks).toBe(1);
    expect(await keysUnder(jobPrefix("basic.alice", id))).toEqual([]);
  });

  it("ends a run that outlives the time of one invocation in error, even stalled in a read", async () => {
    const { deliver, take } = playedQueue({ vars: { ...QUICK_BEATS, RUN_INVOCATION_SECONDS: "0.5" }, beforeRead: () => new Promise(() => {}) });
    const { stub, run } = await startedJob(CHUNKED);
    expect(await deliver(run)).toBe("ack");
    expect(take()).toEqual([]);
    expect((await stub.get())!.status).toBe("error");
    expect(await lastError(stub)).toMatchObject({
      code: "ProcessGraphComplexity",
      message: "The run took longer than 0.5 s, the time one invocation of a batch job may take; reduce the work per pixel or the extent.",
    });
  });
});
