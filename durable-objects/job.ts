import { DurableObject } from "cloudflare:workers";
import type { Env } from "../src/env";
import type { LogEntry, LogLevel } from "../src/jobs/log-entry";
import { canTransition, type JobStatus } from "../src/jobs/status";

export interface JobRecord {
  id: string;
  user_id: string;
  status: JobStatus;
  progress: number;
  /** The process (graph and metadata) as stored; validated by the API before it gets here. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- recursive JSON types defeat RPC type inference
  process: Record<string, any>;
  created: string;
  updated: string;
}

type NewLogEntry = Omit<LogEntry, "id" | "time" | "path"> & { path?: LogEntry["path"] };

/**
 * One per batch job: its status machine, progress and logs in SQLite. Transitions are
 * checked here, so a retried queue message or a late chunk can never move a job backwards.
 */
export class JobDO extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS job (
      id TEXT PRIMARY KEY, user_id TEXT NOT NULL, status TEXT NOT NULL, progress REAL NOT NULL,
      process TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, level TEXT NOT NULL, code TEXT,
      message TEXT NOT NULL, path TEXT NOT NULL, data TEXT)`);
  }

  create(init: Pick<JobRecord, "id" | "user_id" | "process">): JobRecord {
    if (this.find()) throw new Error(`job ${init.id} exists already`);
    const now = new Date().toISOString();
    this.sql.exec(
      "INSERT INTO job (id, user_id, status, progress, process, created, updated) VALUES (?, ?, 'created', 0, ?, ?, ?)",
      init.id, init.user_id, JSON.stringify(init.process), now, now,
    );
    return this.find()!;
  }

  /** Null when no job was created in this object (errors do not keep their type across RPC). */
  get(): JobRecord | null {
    return this.find() ?? null;
  }

  /**
   * Moves the job to `to` if the status machine allows it; answers whether it moved, so that
   * callers (such as a redelivered queue message) can tell a no-op from progress.
   */
  transition(to: JobStatus, progress?: number): boolean {
    const job = this.find();
    if (!job || !canTransition(job.status, to)) return false;
    const nextProgress = progress ?? (to === "finished" ? 100 : to === "queued" ? 0 : job.progress);
    this.sql.exec("UPDATE job SET status = ?, progress = ?, updated = ?", to, nextProgress, new Date().toISOString());
    return true;
  }

  log(entry: NewLogEntry): void {
    this.sql.exec(
      "INSERT INTO log (time, level, code, message, path, data) VALUES (?, ?, ?, ?, ?, ?)",
      new Date().toISOString(), entry.level, entry.code ?? null, entry.message, JSON.stringify(entry.path ?? []),
      entry.data === undefined ? null : JSON.stringify(entry.data),
    );
  }

  /** Log entries after `offset` (an entry id) at or above `level`, oldest first. */
  logs(options: { offset?: string; level?: LogLevel; limit?: number } = {}): LogEntry[] {
    const levels: LogLevel[] = ["error", "warning", "info", "debug"];
    const allowed = levels.slice(0, levels.indexOf(options.level ?? "debug") + 1);
    const rows = this.sql
      .exec<Record<string, string | number | null>>(
        `SELECT * FROM log WHERE seq > ? AND level IN (${allowed.map(() => "?").join(",")}) ORDER BY seq LIMIT ?`,
        Number(options.offset ?? 0), ...allowed, options.limit ?? 1000,
      )
      .toArray();
    return rows.map((row) => ({
      id: String(row.seq),
      level: row.level as LogLevel,
      message: String(row.message),
      time: String(row.time),
      path: JSON.parse(String(row.path)),
      ...(row.code ? { code: String(row.code) } : {}),
      ...(row.data ? { data: JSON.parse(String(row.data)) } : {}),
    }));
  }

  private find(): JobRecord | undefined {
    const row = this.sql.exec<Record<string, string | number>>("SELECT * FROM job").toArray()[0];
    if (!row) return undefined;
    return {
      id: String(row.id),
      user_id: String(row.user_id),
      status: row.status as JobStatus,
      progress: Number(row.progress),
      process: JSON.parse(String(row.process)),
      created: String(row.created),
      updated: String(row.updated),
    };
  }
}
