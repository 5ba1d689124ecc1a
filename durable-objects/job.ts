import { DurableObject } from "cloudflare:workers";
import { userStub } from "../src/api/user-store";
import type { Env } from "../src/env";
import { chunkPrefix } from "../src/jobs/fan-out";
import type { JobSummary } from "../src/jobs/job-index";
import { deleteObjects } from "../src/jobs/job-store";
import type { LogEntry } from "../src/jobs/log-entry";
import type { JobMetadata, JobOutcome, JobRecord } from "./job-record";
import { runLimits } from "../src/jobs/run-limits";
import { ChunkTable, type ChunkMetrics, type ChunkTotals } from "./chunk-table";
import { LogTable, type LogQuery, type NewLogEntry } from "./log-table";
import { RunWatch, type RunPart } from "./run-watch";
import { canTransition, isLocked, type JobStatus } from "../src/jobs/status";

/* eslint-disable @typescript-eslint/no-explicit-any -- recursive JSON types defeat RPC type inference */

export type { JobMetadata, JobOutcome, JobRecord, ResultFile, UsageMetric } from "./job-record";
export type { NewLogEntry };

export type UpdateResult = "updated" | "locked" | "missing";

/** A chunk's report: the run moved on (discard the chunk), more chunks are due, or it was the last. */
export type ChunkState = "stale" | "pending" | "complete";

/** What a heartbeat answers: go on, or stop (the run was canceled, replaced by a newer run, or ended). */
export type RunPulse = "running" | "canceled" | "superseded" | "ended";

export type { RunPart };

export type { ChunkMetrics, ChunkTotals };

function summaryOf(job: JobRecord): JobSummary {
  const { id, title, description, status, progress, created, updated } = job;
  return { id, title, description, status, progress, created, updated, costs: job.outcome?.costs ?? null };
}

/**
 * One per batch job: its metadata, status machine, progress, outcome and logs in SQLite.
 * Transitions are checked here, and every step of a run names its run, so a retried queue
 * message or a run that was canceled can never move a job backwards or publish stale results.
 * After each change the job's summary is mirrored into its owner's UserDO (GET /jobs).
 * A watchdog (the object's alarm, set to the current run's deadline) fails a run whose invocations
 * all went silent, so no run stays queued or running for ever.
 */
export class JobDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly logTable: LogTable;
  private readonly watch: RunWatch;
  private readonly chunks: ChunkTable;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.logTable = new LogTable(this.sql);
    this.watch = new RunWatch(this.sql);
    this.chunks = new ChunkTable(this.sql);
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS job (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL,
      created TEXT NOT NULL, updated TEXT NOT NULL, run_id TEXT, version INTEGER NOT NULL,
      metadata TEXT NOT NULL, outcome TEXT)`);
    this.logTable.create();
    this.watch.create();
    this.chunks.create();
  }

  async create(init: Pick<JobRecord, "id" | "user_id"> & Partial<JobMetadata> & Pick<JobMetadata, "process">): Promise<JobRecord> {
    if (this.find()) throw new Error(`job ${init.id} exists already`);
    const now = new Date().toISOString();
    const job: JobRecord = {
      id: init.id,
      user_id: init.user_id,
      status: "created",
      progress: 0,
      created: now,
      updated: now,
      run: null,
      outcome: null,
      title: init.title ?? null,
      description: init.description ?? null,
      process: init.process,
      plan: init.plan ?? null,
      budget: init.budget ?? null,
      log_level: init.log_level ?? "info",
      extra: init.extra ?? {},
    };
    await this.save(job);
    return job;
  }

  /** Null when no job was created in this object (errors do not keep their type across RPC). */
  get(): JobRecord | null {
    return this.find() ?? null;
  }

  /** Changes the user's metadata; not while a run is queued or running (JobLocked). */
  async update(patch: Partial<JobMetadata>): Promise<UpdateResult> {
    const job = this.find();
    if (!job) return "missing";
    if (isLocked(job.status)) return "locked";
    await this.save({ ...job, ...patch });
    return "updated";
  }

  /**
   * Queues a new run unless one is queued or running already (then null: starting is a no-op).
   * Answers the new run's id and the previous run's, whose results are now discarded.
   */
  async start(): Promise<{ run: string; previous: string | null } | null> {
    const job = this.find();
    if (!job || !canTransition(job.status, "queued")) return null;
    const run = crypto.randomUUID();
    this.chunks.clear();
    this.watch.clear();
    this.watch.sent("run", Date.now());
    await this.save({ ...job, status: "queued", progress: 0, updated: new Date().toISOString(), run, outcome: null });
    return { run, previous: job.run };
  }

  /**
   * The first message of `run` could not be queued: the job goes back to created, as if it had not
   * been started (the previous run's results were discarded by the start), rather than canceled.
   */
  async unqueue(run: string): Promise<void> {
    const job = this.find();
    if (!job || job.run !== run || job.status !== "queued") return;
    await this.save({ ...job, status: "created", progress: 0, updated: new Date().toISOString(), run: null });
  }

  /**
   * Merges `patch` into the object under `key` of the job's back-end properties, whatever the
   * status: the back-end's own bookkeeping of a job (a Sentinel Hub request's user action), which
   * a run in progress doesn't read. False when there is no job.
   */
  async amendExtra(key: string, patch: Record<string, any>): Promise<boolean> {
    const job = this.find();
    if (!job) return false;
    await this.save({ ...job, extra: { ...job.extra, [key]: { ...job.extra[key], ...patch } } });
    return true;
  }

  /** Cancels a queued or running run; answers its id, or null when there was nothing to cancel. */
  async cancel(): Promise<string | null> {
    const job = this.find();
    if (!job || !canTransition(job.status, "canceled")) return null;
    await this.save({ ...job, status: "canceled", updated: new Date().toISOString() });
    return job.run;
  }

  /**
   * The consumer begins `run`: "started" when it moved from queued to running, "resumed" when a
   * retried message finds it running already (an earlier attempt failed midway), null when the
   * run is no longer current (canceled, restarted, deleted or done).
   */
  async begin(run: string): Promise<"started" | "resumed" | null> {
    const job = this.find();
    if (!job || job.run !== run) return null;
    if (job.status !== "running" && job.status !== "queued") return null;
    this.watch.working("run", Date.now());
    if (job.status === "running") {
      await this.arm();
      return "resumed";
    }
    await this.save({ ...job, status: "running", progress: 0, updated: new Date().toISOString() });
    return "started";
  }

  /** An invocation of a chunk or of the assembly begins: false when `run` no longer runs (drop it). */
  async enter(run: string, part: Exclude<RunPart, "run">): Promise<boolean> {
    if (!this.isRunning(run)) return false;
    this.watch.working(part, Date.now());
    await this.arm();
    return true;
  }

  /** A working invocation's sign of life; its answer tells it whether to go on. */
  async heartbeat(run: string, part: RunPart): Promise<RunPulse> {
    const pulse = this.pulse(run);
    if (pulse === "running") {
      this.watch.beat(part, Date.now());
      await this.arm();
    }
    return pulse;
  }

  /** An invocation of `part` failed and the queue will retry it: it waits in the queue again. */
  async retrying(run: string, part: RunPart): Promise<void> {
    if (this.pulse(run) !== "running") return;
    this.watch.requeued(part, Date.now());
    await this.arm();
  }

  /** Whether `run` is the current one and running: chunks of other runs are dropped. */
  isRunning(run: string): boolean {
    const job = this.find();
    return job !== undefined && job.run === run && job.status === "running";
  }

  /** The running `run` is computed in `total` chunks; false when it no longer runs. */
  async planChunks(run: string, total: number): Promise<boolean> {
    if (!this.isRunning(run)) return false;
    this.chunks.plan(run, total);
    // The run's own invocation is done once its chunks are sent; they may wait in a busy queue.
    this.watch.done("run");
    this.watch.sentChunks(total, Date.now());
    await this.arm();
    return true;
  }

  /**
   * Records chunk `index` of `run` once, however often it is reported, and moves the progress up
   * to 90 % (the assembly is the rest). "complete" whenever every chunk is in: a chunk retried
   * after the last one came in answers it again, so a lost assembly message is sent again.
   */
  async chunkDone(run: string, index: number, metrics: ChunkMetrics): Promise<ChunkState> {
    return this.chunkIn(run, index, metrics, false);
  }

  /**
   * Chunk `index` of `run` failed on its own, as a Sentinel Hub batch request's tile may: it counts
   * toward completion as chunkDone does, is marked failed, and `entry` is logged (once).
   */
  async chunkFailed(run: string, index: number, entry: NewLogEntry): Promise<ChunkState> {
    const before = this.chunks.failed(run).length;
    const state = await this.chunkIn(run, index, { seconds: 0, bytesRead: 0, stripBytes: 0 }, true);
    if (state !== "stale" && this.chunks.failed(run).length > before) this.log(entry);
    return state;
  }

  private async chunkIn(run: string, index: number, metrics: ChunkMetrics, failed: boolean): Promise<ChunkState> {
    const job = this.find();
    const total = this.chunks.total(run);
    if (!job || !this.isRunning(run) || total === undefined) return "stale";
    const done = this.chunks.record(run, index, metrics, failed);
    this.watch.done(index);
    if (done === total) this.watch.sent("assembly", Date.now());
    const progress = Math.floor((done / total) * 90);
    if (progress !== job.progress) await this.save({ ...job, progress });
    else await this.arm();
    return done === total ? "complete" : "pending";
  }

  /** What the chunks of `run` measured, summed. */
  chunkTotals(run: string): ChunkTotals {
    return this.chunks.totals(run);
  }

  /** The chunks of the current (or last) run that are in and did not fail: a Sentinel Hub batch request's processed tiles. */
  chunksDone(): number[] {
    const run = this.find()?.run;
    return run ? this.chunks.done(run) : [];
  }

  /** The chunks of the current (or last) run that failed on their own (chunkFailed). */
  chunksFailed(): number[] {
    const run = this.find()?.run;
    return run ? this.chunks.failed(run) : [];
  }

  /** Publishes the outcome of `run` if it is still the current, running one; otherwise the caller discards its files. */
  async finish(run: string, outcome: JobOutcome): Promise<boolean> {
    const job = this.find();
    if (!job || job.run !== run || job.status !== "running") return false;
    await this.save({ ...job, status: "finished", progress: 100, updated: new Date().toISOString(), outcome });
    this.log({ level: "info", message: outcome.files.length === 0 ? "Batch job finished." : `Batch job finished: ${outcome.files.map((f) => f.name).join(", ")}.` });
    return true;
  }

  /** Ends the running `run` (any run when omitted, as for the dead-letter queue) in error, with a concise log entry. */
  async fail(run: string | null, entry: NewLogEntry): Promise<boolean> {
    const job = this.find();
    if (!job || (run !== null && job.run !== run) || !canTransition(job.status, "error")) return false;
    // Logged first: whoever sees the error (while the summary is mirrored) finds its reason last among the entries.
    this.log(entry);
    await this.save({ ...job, status: "error", updated: new Date().toISOString() });
    return true;
  }

  /**
   * Moves the job to `to` if the status machine allows it; answers whether it moved, so that
   * callers can tell a no-op from progress.
   */
  async transition(to: JobStatus, progress?: number): Promise<boolean> {
    const job = this.find();
    if (!job || !canTransition(job.status, to)) return false;
    const nextProgress = progress ?? (to === "finished" ? 100 : to === "queued" ? 0 : job.progress);
    await this.save({ ...job, status: to, progress: nextProgress, updated: new Date().toISOString() });
    return true;
  }

  /** Forgets the job: its record, logs and index entry (its R2 objects are the caller's). */
  async destroy(): Promise<void> {
    const job = this.find();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // This instance may still be asked about the job (a late run): it then finds none.
    this.createTables();
    if (job) await userStub(this.env, job.user_id).removeJob(job.id);
  }

  /**
   * The watchdog: when the current run's deadline has passed with no sign of life, the run ends
   * in error with a log entry saying so and its chunks' pieces are removed; late messages of the
   * run then find it ended, and the job can be started again. An early call (the deadline moved)
   * sets the alarm again.
   */
  override async alarm(): Promise<void> {
    const job = this.find();
    const limits = runLimits(this.env);
    const due = job && isLocked(job.status) ? this.watch.due(limits) : null;
    if (!job || job.run === null || !due) return;
    if (Date.now() < due.at) return this.ctx.storage.setAlarm(due.at);
    const chunks = this.chunks.total(job.run);
    const failed = await this.fail(job.run, {
      level: "error",
      code: "Internal",
      message: `The run stopped responding: no sign of life for ${due.limitSeconds} s; it was ${this.watch.describe(chunks)}. Start the job again.`,
    });
    if (failed) await deleteObjects(this.env.RESULTS, chunkPrefix({ user_id: job.user_id, job_id: job.id, run_id: job.run }));
  }

  /** Keeps the entries at or above the job's log level, in order. */
  log(...entries: NewLogEntry[]): void {
    const job = this.find();
    if (job) this.logTable.add(entries, job.log_level);
  }

  /** Log entries after `offset` (an entry id) at or above `level`, oldest first. */
  logs(options: LogQuery = {}): LogEntry[] {
    return this.logTable.list(options);
  }

  /** What a heartbeat of `run` learns. A deleted job's runs were canceled first. */
  private pulse(run: string): RunPulse {
    const job = this.find();
    if (!job) return "canceled";
    if (job.run !== run) return "superseded";
    if (isLocked(job.status)) return "running";
    return job.status === "canceled" ? "canceled" : "ended";
  }

  /** Sets the alarm to the current run's deadline; a job with nothing queued or running has none. */
  private async arm(): Promise<void> {
    const job = this.find();
    const due = job && isLocked(job.status) ? this.watch.due(runLimits(this.env)) : null;
    if (due) await this.ctx.storage.setAlarm(due.at);
    else await this.ctx.storage.deleteAlarm();
  }

  /**
   * Writes the record (synchronously, so each method's check and change are atomic), mirrors its
   * summary and moves the watchdog: a run that ended forgets its parts and leaves no alarm.
   */
  private async save(job: JobRecord): Promise<void> {
    const { id, user_id, status, progress, created, updated, run, outcome, ...metadata } = job;
    const version = (this.sql.exec<{ version: number }>("SELECT version FROM job").toArray()[0]?.version ?? 0) + 1;
    this.sql.exec(
      `INSERT OR REPLACE INTO job (id, user_id, status, progress, created, updated, run_id, version, metadata, outcome)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id, user_id, status, progress, created, updated, run, version, JSON.stringify(metadata), outcome === null ? null : JSON.stringify(outcome),
    );
    if (!isLocked(status)) this.watch.clear();
    await this.arm();
    await userStub(this.env, user_id).putJob(summaryOf(job), version);
  }

  private find(): JobRecord | undefined {
    const row = this.sql.exec<Record<string, string | number | null>>("SELECT * FROM job").toArray()[0];
    if (!row) return undefined;
    return {
      ...(JSON.parse(String(row.metadata)) as JobMetadata),
      id: String(row.id),
      user_id: String(row.user_id),
      status: row.status as JobStatus,
      progress: Number(row.progress),
      created: String(row.created),
      updated: String(row.updated),
      run: row.run_id === null ? null : String(row.run_id),
      outcome: row.outcome === null ? null : (JSON.parse(String(row.outcome)) as JobOutcome),
    };
  }
}
