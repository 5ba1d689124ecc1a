/**
 * The chunks of runs computed in parallel, in the JobDO's SQLite: each run's number of chunks and
 * what each chunk measured. A primary key per chunk makes a redelivered chunk count once. A chunk
 * that failed on its own (a Sentinel Hub batch request's tile) is in too, marked failed.
 */

/** What one chunk of a run measured. */
export interface ChunkMetrics {
  /** Time spent computing and storing the chunk. */
  seconds: number;
  bytesRead: number;
  /** Bytes of the strip the chunk held. */
  stripBytes: number;
}

export interface ChunkTotals {
  chunks: number;
  seconds: number;
  bytesRead: number;
  largestStrip: number;
}

export class ChunkTable {
  constructor(private readonly sql: SqlStorage) {}

  create(): void {
    this.sql.exec("CREATE TABLE IF NOT EXISTS chunk_plan (run_id TEXT PRIMARY KEY, total INTEGER NOT NULL)");
    this.sql.exec(`CREATE TABLE IF NOT EXISTS chunk (
      run_id TEXT NOT NULL, idx INTEGER NOT NULL, seconds REAL NOT NULL, bytes_read INTEGER NOT NULL,
      strip_bytes INTEGER NOT NULL, PRIMARY KEY (run_id, idx))`);
    this.sql.exec("CREATE TABLE IF NOT EXISTS chunk_failed (run_id TEXT NOT NULL, idx INTEGER NOT NULL, PRIMARY KEY (run_id, idx))");
  }

  /** Forgets every run's chunks (a new run starts). */
  clear(): void {
    this.sql.exec("DELETE FROM chunk_plan");
    this.sql.exec("DELETE FROM chunk");
    this.sql.exec("DELETE FROM chunk_failed");
  }

  plan(run: string, total: number): void {
    this.sql.exec("INSERT OR REPLACE INTO chunk_plan (run_id, total) VALUES (?, ?)", run, total);
  }

  /** The number of chunks `run` was planned in; undefined when it was not split. */
  total(run: string): number | undefined {
    return this.sql.exec<{ total: number }>("SELECT total FROM chunk_plan WHERE run_id = ?", run).toArray()[0]?.total;
  }

  /** Records chunk `index` of `run` once, however often it comes (failed or not: the first report counts); answers how many chunks are in. */
  record(run: string, index: number, metrics: ChunkMetrics, failed = false): number {
    const inserted = this.sql.exec(
      "INSERT OR IGNORE INTO chunk (run_id, idx, seconds, bytes_read, strip_bytes) VALUES (?, ?, ?, ?, ?)",
      run, index, metrics.seconds, metrics.bytesRead, metrics.stripBytes,
    ).rowsWritten;
    if (failed && inserted > 0) this.sql.exec("INSERT OR IGNORE INTO chunk_failed (run_id, idx) VALUES (?, ?)", run, index);
    return this.sql.exec<{ done: number }>("SELECT count(*) AS done FROM chunk WHERE run_id = ?", run).toArray()[0]!.done;
  }

  /** The indices of the chunks of `run` that are in and did not fail, in order. */
  done(run: string): number[] {
    return this.sql
      .exec<{ idx: number }>("SELECT idx FROM chunk WHERE run_id = ? AND idx NOT IN (SELECT idx FROM chunk_failed WHERE run_id = ?) ORDER BY idx", run, run)
      .toArray()
      .map((row) => row.idx);
  }

  /** The indices of the chunks of `run` that failed, in order. */
  failed(run: string): number[] {
    return this.sql.exec<{ idx: number }>("SELECT idx FROM chunk_failed WHERE run_id = ? ORDER BY idx", run).toArray().map((row) => row.idx);
  }

  /** What the chunks of `run` measured, summed. */
  totals(run: string): ChunkTotals {
    const row = this.sql
      .exec<{ chunks: number; seconds: number | null; bytes_read: number | null; largest: number | null }>(
        "SELECT count(*) AS chunks, sum(seconds) AS seconds, sum(bytes_read) AS bytes_read, max(strip_bytes) AS largest FROM chunk WHERE run_id = ?",
        run,
      )
      .toArray()[0]!;
    return { chunks: row.chunks, seconds: row.seconds ?? 0, bytesRead: row.bytes_read ?? 0, largestStrip: row.largest ?? 0 };
  }
}
