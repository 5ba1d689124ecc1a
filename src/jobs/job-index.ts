import type { JobStatus } from "./status";

/** A job as GET /jobs lists it: scalars only, as the API recommends (no process). */
export interface JobSummary {
  id: string;
  title: string | null;
  description: string | null;
  status: JobStatus;
  progress: number;
  created: string;
  updated: string;
  costs: number | null;
}

export interface JobListing {
  jobs: JobSummary[];
  hasNext: boolean;
  hasPrev: boolean;
}

export interface JobListQuery {
  limit?: number;
  after?: string;
  before?: string;
}

/** Oldest first; the id breaks ties between jobs created in the same millisecond. */
export function jobSortKey(job: Pick<JobSummary, "created" | "id">): string {
  return `${job.created} ${job.id}`;
}

/**
 * A user's jobs in their UserDO's SQLite, so GET /jobs reads one object instead of every JobDO.
 * Each JobDO is the source of truth and mirrors its summary here after every change; `version`
 * (the JobDO's change counter) keeps a late, older summary from replacing a newer one.
 */
export class JobIndex {
  constructor(private readonly sql: SqlStorage) {
    sql.exec("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, version INTEGER NOT NULL, summary TEXT NOT NULL)");
    sql.exec("CREATE INDEX IF NOT EXISTS jobs_by_sort_key ON jobs (sort_key)");
  }

  put(summary: JobSummary, version: number): void {
    this.sql.exec(
      `INSERT INTO jobs (id, sort_key, version, summary) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, summary = excluded.summary WHERE excluded.version >= jobs.version`,
      summary.id, jobSortKey(summary), version, JSON.stringify(summary),
    );
  }

  remove(id: string): void {
    this.sql.exec("DELETE FROM jobs WHERE id = ?", id);
  }

  /** One page in creation order, keyset-paged by sort key; without a limit, everything after/before the cursor. */
  list({ limit, after, before }: JobListQuery): JobListing {
    const take = limit ?? -1;
    const rows =
      before !== undefined
        ? this.sql.exec<{ sort_key: string; summary: string }>("SELECT sort_key, summary FROM jobs WHERE sort_key < ? ORDER BY sort_key DESC LIMIT ?", before, take).toArray().reverse()
        : this.sql.exec<{ sort_key: string; summary: string }>("SELECT sort_key, summary FROM jobs WHERE sort_key > ? ORDER BY sort_key LIMIT ?", after ?? "", take).toArray();
    const jobs = rows.map((row) => JSON.parse(row.summary) as JobSummary);
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) return { jobs, hasNext: false, hasPrev: (after ?? before) !== undefined && this.exists("1 = 1") };
    return { jobs, hasNext: this.exists("sort_key > ?", last.sort_key), hasPrev: this.exists("sort_key < ?", first.sort_key) };
  }

  private exists(condition: string, ...bindings: string[]): boolean {
    return this.sql.exec(`SELECT 1 FROM jobs WHERE ${condition} LIMIT 1`, ...bindings).toArray().length > 0;
  }
}
