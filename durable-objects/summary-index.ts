/**
 * A user's jobs or services in their UserDO's SQLite, so a listing reads one object instead of
 * every JobDO or ServiceDO. Each of those is the source of truth and mirrors its summary here after
 * every change; `version` (its change counter) keeps a late, older summary from replacing a newer one.
 */

/** What a listing shows of a record: scalars only, as the API recommends. */
export interface Summary {
  id: string;
  created: string;
}

export interface Listing<T> {
  entries: T[];
  hasNext: boolean;
  hasPrev: boolean;
}

export interface ListQuery {
  limit?: number;
  after?: string;
  before?: string;
}

/** Oldest first; the id breaks ties between records created in the same millisecond. */
export function sortKey(record: Pick<Summary, "created" | "id">): string {
  return `${record.created} ${record.id}`;
}

export class SummaryIndex<T extends Summary> {
  constructor(
    private readonly sql: SqlStorage,
    /** A fixed name of ours, never user input. */
    private readonly table: "jobs" | "services",
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, version INTEGER NOT NULL, summary TEXT NOT NULL)`);
    sql.exec(`CREATE INDEX IF NOT EXISTS ${table}_by_sort_key ON ${table} (sort_key)`);
  }

  put(summary: T, version: number): void {
    this.sql.exec(
      `INSERT INTO ${this.table} (id, sort_key, version, summary) VALUES (?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, summary = excluded.summary WHERE excluded.version >= ${this.table}.version`,
      summary.id, sortKey(summary), version, JSON.stringify(summary),
    );
  }

  /**
   * Forgets a record. The row stays behind as a tombstone (empty summary, highest version), so a
   * summary mirrored just before the deletion that arrives after it can't bring the record back.
   */
  remove(id: string): void {
    this.sql.exec(
      `INSERT INTO ${this.table} (id, sort_key, version, summary) VALUES (?, '', ?, '')
       ON CONFLICT(id) DO UPDATE SET version = excluded.version, summary = ''`,
      id, Number.MAX_SAFE_INTEGER,
    );
  }

  /** One page in creation order, keyset-paged by sort key; without a limit, everything after/before the cursor. */
  list({ limit, after, before }: ListQuery): Listing<T> {
    const take = limit ?? -1;
    const rows =
      before !== undefined
        ? this.sql.exec<{ sort_key: string; summary: string }>(`SELECT sort_key, summary FROM ${this.table} WHERE summary <> '' AND sort_key < ? ORDER BY sort_key DESC LIMIT ?`, before, take).toArray().reverse()
        : this.sql.exec<{ sort_key: string; summary: string }>(`SELECT sort_key, summary FROM ${this.table} WHERE summary <> '' AND sort_key > ? ORDER BY sort_key LIMIT ?`, after ?? "", take).toArray();
    const entries = rows.map((row) => JSON.parse(row.summary) as T);
    const first = rows[0];
    const last = rows.at(-1);
    if (!first || !last) return { entries, hasNext: false, hasPrev: (after ?? before) !== undefined && this.exists("1 = 1") };
    return { entries, hasNext: this.exists("sort_key > ?", last.sort_key), hasPrev: this.exists("sort_key < ?", first.sort_key) };
  }

  private exists(condition: string, ...bindings: string[]): boolean {
    return this.sql.exec(`SELECT 1 FROM ${this.table} WHERE summary <> '' AND ${condition} LIMIT 1`, ...bindings).toArray().length > 0;
  }
}
