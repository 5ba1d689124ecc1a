/**
 * The watchdog's view of a job's current run, in the JobDO's SQLite: each part of the run (the
 * run's own invocation, its chunks, its assembly) is either waiting in the queue or working, since
 * when. The run is alive while any unfinished part is within its limit: a working invocation
 * beats within the silence limit; a waiting message gets the longer queued limit, since a busy
 * queue is no sign of death.
 */
import type { RunLimits } from "../src/jobs/run-limits";

/** A part of a run: its first invocation, its assembly, or a chunk by index. */
export type RunPart = "run" | "assembly" | number;

type PartState = "waiting" | "working";

/** When the run is due to be declared dead, and the limit that set that time (seconds). */
export interface RunDue {
  at: number;
  limitSeconds: number;
}

type PartRow = {
  kind: "run" | "assembly" | "chunk";
  idx: number;
  state: PartState;
  since: number;
};

const key = (part: RunPart): [PartRow["kind"], number] => (typeof part === "number" ? ["chunk", part] : [part, -1]);

/** How many chunk numbers a description names before it summarises the rest. */
const LISTED_CHUNKS = 5;

function chunkList(indexes: number[], total: number | undefined): string {
  const named = indexes.slice(0, LISTED_CHUNKS).join(", ");
  const more = indexes.length > LISTED_CHUNKS ? ` and ${indexes.length - LISTED_CHUNKS} more` : "";
  return `chunk${indexes.length > 1 ? "s" : ""} ${named}${more}${total === undefined ? "" : ` of ${total}`}`;
}

export class RunWatch {
  constructor(private readonly sql: SqlStorage) {}

  /** The owner calls it at construction and after wiping its storage (deleteAll). */
  create(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS run_part (
      kind TEXT NOT NULL, idx INTEGER NOT NULL, state TEXT NOT NULL, since INTEGER NOT NULL, PRIMARY KEY (kind, idx))`);
  }

  /** Forgets every part: a new run begins, or the run ended. */
  clear(): void {
    this.sql.exec("DELETE FROM run_part");
  }

  /** A message was sent for `part`; a part working already (a duplicate message) stays so. */
  sent(part: RunPart, now: number): void {
    this.sql.exec("INSERT OR IGNORE INTO run_part (kind, idx, state, since) VALUES (?, ?, 'waiting', ?)", ...key(part), now);
  }

  /** Messages were sent for chunks 0 to total - 1. */
  sentChunks(total: number, now: number): void {
    this.sql.exec(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
       INSERT OR IGNORE INTO run_part (kind, idx, state, since) SELECT 'chunk', i, 'waiting', ? FROM n`,
      total, now,
    );
  }

  /** `part` failed and waits in the queue for its retry. */
  requeued(part: RunPart, now: number): void {
    this.set(part, "waiting", now);
  }

  /** An invocation of `part` began. */
  working(part: RunPart, now: number): void {
    this.set(part, "working", now);
  }

  /** A sign of life of a working `part`; a part that finished, or waits again, stays as it is. */
  beat(part: RunPart, now: number): void {
    this.sql.exec("UPDATE run_part SET since = ? WHERE kind = ? AND idx = ? AND state = 'working'", now, ...key(part));
  }

  done(part: RunPart): void {
    this.sql.exec("DELETE FROM run_part WHERE kind = ? AND idx = ?", ...key(part));
  }

  /** When the last unfinished part runs out of time; null when no part is unfinished. */
  due(limits: RunLimits): RunDue | null {
    const row = this.sql
      .exec<{ due: number; waiting: number }>(
        `SELECT since + (CASE state WHEN 'waiting' THEN ? ELSE ? END) AS due, state = 'waiting' AS waiting
         FROM run_part ORDER BY due DESC LIMIT 1`,
        limits.queuedMs, limits.silenceMs,
      )
      .toArray()[0];
    if (!row) return null;
    return { at: row.due, limitSeconds: (row.waiting ? limits.queuedMs : limits.silenceMs) / 1000 };
  }

  /** What the run was doing, for its log: "computing chunk 3 of 5", "waiting in the queue to start". */
  describe(chunks: number | undefined): string {
    const rows = this.sql.exec<PartRow>("SELECT kind, idx, state, since FROM run_part ORDER BY kind, idx").toArray();
    const of = (kind: PartRow["kind"], state: PartState) => rows.filter((r) => r.kind === kind && r.state === state);
    const working = of("chunk", "working").map((r) => r.idx);
    const waiting = of("chunk", "waiting").map((r) => r.idx);
    const doing = [
      ...(of("run", "working").length > 0 ? ["evaluating the process"] : []),
      ...(of("run", "waiting").length > 0 ? ["waiting in the queue to start"] : []),
      ...(working.length > 0 ? [`computing ${chunkList(working, chunks)}`] : []),
      ...(waiting.length > 0 ? [`waiting for ${chunkList(waiting, chunks)} to start`] : []),
      ...(of("assembly", "working").length > 0 ? ["assembling the result"] : []),
      ...(of("assembly", "waiting").length > 0 ? ["waiting for the assembly to start"] : []),
    ];
    return doing.join(" and ");
  }

  private set(part: RunPart, state: PartState, now: number): void {
    this.sql.exec("INSERT OR REPLACE INTO run_part (kind, idx, state, since) VALUES (?, ?, ?, ?)", ...key(part), state, now);
  }
}
