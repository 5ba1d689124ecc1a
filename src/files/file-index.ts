import { parentFolders } from "./path";

/** A file as GET /files lists it. */
export type FileEntry = {
  path: string;
  size: number;
  /** RFC 3339, from R2's upload time. */
  modified: string;
};

export type Reservation =
  | { ok: true; id: string; size: number }
  | { ok: false; problem: "quota"; used: number; quota: number }
  | { ok: false; problem: "is-folder" | "in-file"; conflict: string };

export interface FileListing {
  files: FileEntry[];
  hasNext: boolean;
  hasPrev: boolean;
}

export interface FileListQuery {
  limit?: number;
  after?: string;
  before?: string;
}

/**
 * Uploads that died without releasing their reservation stop counting against the quota after
 * this long; long enough for a 2 GiB upload over a slow link.
 */
const RESERVATION_TTL_MS = 6 * 60 * 60 * 1000;

/**
 * A user's file index in their UserDO's SQLite: sizes and times of the files in R2, and the
 * reservations of uploads in flight. It is what quota, listing and folder checks read; each
 * method runs without awaiting, so it is atomic within the Durable Object.
 */
export class FileIndex {
  constructor(private readonly sql: SqlStorage) {
    sql.exec("CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified TEXT NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, expires INTEGER NOT NULL)");
  }

  /** Bytes of stored files (except `excluded`, which an upload replaces) plus uploads in flight. */
  used(excluded?: string): number {
    this.sql.exec("DELETE FROM uploads WHERE expires <= ?", Date.now());
    const files = this.sql.exec<{ n: number }>("SELECT COALESCE(SUM(size), 0) AS n FROM files WHERE path IS NOT ?", excluded ?? null).one().n;
    const uploads = this.sql.exec<{ n: number }>("SELECT COALESCE(SUM(size), 0) AS n FROM uploads").one().n;
    return files + uploads;
  }

  /** Books `size` bytes for an upload to `path`, unless the quota or the folder structure forbids it. */
  /**
   * Books `size` bytes for an upload to `path`; with `size` null (a body of unknown length), books
   * everything still free, up to `max`, and answers how much that is.
   */
  reserve(path: string, size: number | null, quota: number, max = Infinity): Reservation {
    if (this.isFolder(path)) return { ok: false, problem: "is-folder", conflict: path };
    const inFile = this.fileAmong(parentFolders(path));
    if (inFile !== null) return { ok: false, problem: "in-file", conflict: inFile };
    const used = this.used(path);
    const booked = size ?? Math.min(max, quota - used);
    if (used + booked > quota || (size === null && booked <= 0)) return { ok: false, problem: "quota", used, quota };
    const id = crypto.randomUUID();
    this.sql.exec("INSERT INTO uploads (id, path, size, expires) VALUES (?, ?, ?, ?)", id, path, booked, Date.now() + RESERVATION_TTL_MS);
    return { ok: true, id, size: booked };
  }

  /** Records a stored file; of two racing uploads to one path, the later R2 write wins, as in R2. */
  commit(id: string, file: FileEntry): void {
    this.release(id);
    this.sql.exec(
      `INSERT INTO files (path, size, modified) VALUES (?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified WHERE excluded.modified >= files.modified`,
      file.path, file.size, file.modified,
    );
  }

  release(id: string): void {
    this.sql.exec("DELETE FROM uploads WHERE id = ?", id);
  }

  /** Forgets a file; answers whether it was indexed. */
  remove(path: string): boolean {
    return this.sql.exec("DELETE FROM files WHERE path = ?", path).rowsWritten > 0;
  }

  /** Folders exist only through the files in them: a/b is a folder when some a/b/... exists. */
  isFolder(path: string): boolean {
    // Paths sorting between 'a/b/' and 'a/b0' ('0' follows '/') are exactly those under a/b/.
    return this.exists("path >= ? AND path < ?", `${path}/`, `${path}0`);
  }

  /** One of `paths` that is a stored file, or null. */
  fileAmong(paths: string[]): string | null {
    const [file] = this.sql.exec<{ path: string }>("SELECT path FROM files WHERE path IN (SELECT value FROM json_each(?)) LIMIT 1", JSON.stringify(paths)).toArray();
    return file?.path ?? null;
  }

  private exists(condition: string, ...bindings: string[]): boolean {
    return this.sql.exec(`SELECT 1 FROM files WHERE ${condition} LIMIT 1`, ...bindings).toArray().length > 0;
  }

  /** One page in path order, keyset-paged; without a limit, everything after/before the cursor. */
  list({ limit, after, before }: FileListQuery): FileListing {
    const take = limit ?? -1;
    const files =
      before !== undefined
        ? this.sql.exec<FileEntry>("SELECT path, size, modified FROM files WHERE path < ? ORDER BY path DESC LIMIT ?", before, take).toArray().reverse()
        : this.sql.exec<FileEntry>("SELECT path, size, modified FROM files WHERE path > ? ORDER BY path LIMIT ?", after ?? "", take).toArray();
    const first = files[0];
    const last = files.at(-1);
    if (!first || !last) {
      // An empty page (files were deleted meanwhile): only the way back to the start remains.
      return { files, hasNext: false, hasPrev: (after ?? before) !== undefined && this.exists("1 = 1") };
    }
    return { files, hasNext: this.exists("path > ?", last.path), hasPrev: this.exists("path < ?", first.path) };
  }
}
