/** The log of a job or service in its Durable Object's SQLite: entries in the API's log_entry shape. */
import { levelsFrom, type LogEntry, type LogLevel } from "../src/jobs/log-entry";

export type NewLogEntry = Omit<LogEntry, "id" | "time" | "path"> & { path?: LogEntry["path"] };

export interface LogQuery {
  offset?: string;
  level?: LogLevel;
  limit?: number;
}

export class LogTable {
  constructor(private readonly sql: SqlStorage) {}

  /** The owner calls it at construction and after wiping its storage (deleteAll). */
  create(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, level TEXT NOT NULL, code TEXT,
      message TEXT NOT NULL, path TEXT NOT NULL, data TEXT)`);
  }

  /** Keeps the entries at or above `minimum`, in order. */
  add(entries: NewLogEntry[], minimum: LogLevel): void {
    const kept = levelsFrom(minimum);
    for (const entry of entries.filter((e) => kept.includes(e.level))) {
      this.sql.exec(
        "INSERT INTO log (time, level, code, message, path, data) VALUES (?, ?, ?, ?, ?, ?)",
        new Date().toISOString(), entry.level, entry.code ?? null, entry.message, JSON.stringify(entry.path ?? []),
        entry.data === undefined ? null : JSON.stringify(entry.data),
      );
    }
  }

  /** Whether an entry with this level, code and message was logged since `time` (ISO). */
  seenSince(entry: NewLogEntry, time: string): boolean {
    return this.sql.exec("SELECT 1 FROM log WHERE level = ? AND code IS ? AND message = ? AND time >= ? LIMIT 1", entry.level, entry.code ?? null, entry.message, time).toArray().length > 0;
  }

  /** Drops all but the newest `count` entries. */
  keepNewest(count: number): void {
    this.sql.exec("DELETE FROM log WHERE seq <= (SELECT max(seq) FROM log) - ?", count);
  }

  /** Entries after `offset` (an entry id) at or above `level`, oldest first. */
  list(options: LogQuery = {}): LogEntry[] {
    const allowed = levelsFrom(options.level ?? "debug");
    const rows = this.sql
      .exec<Record<string, string | number | null>>(
        `SELECT * FROM log WHERE seq > ? AND level IN (${allowed.map(() => "?").join(",")}) ORDER BY seq LIMIT ?`,
        Number(options.offset ?? 0) || 0, ...allowed, options.limit ?? -1,
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
}
