/**
 * A user's user-defined processes in their UserDO's SQLite, as JSON text: the whole process, and
 * its listing entry apart so GET /process_graphs never parses process graphs.
 */
export class ProcessStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec("CREATE TABLE IF NOT EXISTS user_processes (id TEXT PRIMARY KEY, process TEXT NOT NULL, listing TEXT NOT NULL)");
  }

  /** Stores a process, or replaces it entirely. */
  put(id: string, process: string, listing: string): void {
    this.sql.exec(
      "INSERT INTO user_processes (id, process, listing) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET process = excluded.process, listing = excluded.listing",
      id, process, listing,
    );
  }

  get(id: string): string | null {
    const [row] = this.sql.exec<{ process: string }>("SELECT process FROM user_processes WHERE id = ?", id).toArray();
    return row?.process ?? null;
  }

  /** The listing entries, by id. */
  list(): string[] {
    return this.sql.exec<{ listing: string }>("SELECT listing FROM user_processes ORDER BY id").toArray().map((row) => row.listing);
  }

  remove(id: string): boolean {
    return this.sql.exec("DELETE FROM user_processes WHERE id = ?", id).rowsWritten > 0;
  }
}
