/**
 * One invocation of a batch job's run (the run, a chunk, the assembly) under the watchdog: it
 * beats to the JobDO while it works, so the run's deadline moves on, and the answers double as
 * cancel polling. Its signal aborts when the JobDO says the run stopped (canceled, restarted or
 * ended) or when the invocation outlives its own time; the work is then abandoned at once, even a
 * read that doesn't heed the signal, so the invocation ends and its queue slot is free.
 */
import type { RunPart, RunPulse } from "../../durable-objects/job";
import { OpenEOError } from "../errors";
import type { jobStub } from "./job-store";
import type { RunLimits } from "./run-limits";

/** The JobDO said the run stopped: the invocation has nothing left to do or report. */
export class RunStopped extends Error {
  constructor(readonly pulse: Exclude<RunPulse, "running">) {
    super(`the run was ${pulse}`);
    this.name = "RunStopped";
  }
}

const partName = (part: RunPart) => (typeof part === "number" ? `Chunk ${part}` : part === "run" ? "The run" : "The assembly");

export class InvocationWatch {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly stub: ReturnType<typeof jobStub>,
    private readonly run: string,
    private readonly part: RunPart,
    private readonly limits: RunLimits,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Runs `work` with the heartbeats going, until it settles or the signal aborts (then it rejects
   * with the signal's reason: a RunStopped, or an OpenEOError for the invocation's own deadline).
   */
  async guard<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { signal } = this;
    let onAbort = () => {};
    // Listening before the work starts: this rejection comes first, ahead of the reads' own.
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    const startedAt = Date.now();
    this.schedule(startedAt);
    try {
      return await Promise.race([work(signal), aborted]);
    } finally {
      this.stop();
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** A beat after every interval; one at a time, so a slow answer can't pile them up. */
  private schedule(startedAt: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.beat(startedAt).finally(() => this.schedule(startedAt)), this.limits.heartbeatMs);
  }

  private async beat(startedAt: number): Promise<void> {
    if (Date.now() - startedAt >= this.limits.invocationMs) {
      const seconds = this.limits.invocationMs / 1000;
      return this.abort(new OpenEOError("ProcessGraphComplexity", {}, { message: `${partName(this.part)} took longer than ${seconds} s, the time one invocation of a batch job may take; reduce the work per pixel or the extent.` }));
    }
    try {
      const pulse = await this.stub.heartbeat(this.run, this.part);
      if (pulse !== "running" && !this.stopped) this.abort(new RunStopped(pulse));
    } catch (error) {
      // A lost beat is no harm: the JobDO's deadline allows for several.
      console.warn(`batch: heartbeat of ${this.run} failed`, error);
    }
  }

  private abort(reason: Error): void {
    this.stop();
    this.controller.abort(reason);
  }

  private stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
