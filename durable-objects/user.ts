import { DurableObject } from "cloudflare:workers";
import type { User } from "../src/auth/user";
import type { Env } from "../src/env";
import { FileIndex, type FileEntry, type FileListQuery, type FileListing, type Reservation } from "../src/files/file-index";
import { parentFolders } from "../src/files/path";
import type { JobSummary } from "../src/jobs/job-index";
import type { ServiceSummary } from "../src/services/service-summary";
import { SummaryIndex, type ListQuery, type Listing } from "./summary-index";
import { ProcessStore } from "../src/udp/process-store";

export interface Account {
  user_id: string;
  name: string;
  method: User["method"];
  created: string;
  last_seen: string;
}

/**
 * One per user, keyed by user id: the user's account record and file index (storage accounting);
 * their jobs, services and user-defined processes as those arrive.
 */
export class UserDO extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      `CREATE TABLE IF NOT EXISTS account (
        user_id TEXT PRIMARY KEY, name TEXT NOT NULL, method TEXT NOT NULL, created TEXT NOT NULL, last_seen TEXT NOT NULL)`,
    );
  }

  /** Creates the account on first sight and refreshes its name and last_seen afterwards. */
  touch(user: User): Account {
    const now = new Date().toISOString();
    this.ctx.storage.sql.exec(
      `INSERT INTO account (user_id, name, method, created, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen`,
      user.user_id, user.name, user.method, now, now,
    );
    return this.account()!;
  }

  account(): Account | null {
    const rows = this.ctx.storage.sql.exec<Record<string, string>>("SELECT * FROM account").toArray();
    const row = rows[0];
    if (!row) return null;
    return {
      user_id: row.user_id!,
      name: row.name!,
      method: row.method as User["method"],
      created: row.created!,
      last_seen: row.last_seen!,
    };
  }

  // Storage accounting for /files. The index's tables are created on first use.
  #fileIndex?: FileIndex;
  #files(): FileIndex {
    return (this.#fileIndex ??= new FileIndex(this.ctx.storage.sql));
  }

  reserveUpload(path: string, size: number | null, quota: number, max?: number): Reservation {
    return this.#files().reserve(path, size, quota, max);
  }

  commitUpload(id: string, file: FileEntry): void {
    this.#files().commit(id, file);
  }

  releaseUpload(id: string): void {
    this.#files().release(id);
  }

  removeFile(path: string): boolean {
    return this.#files().remove(path);
  }

  isFolder(path: string): boolean {
    return this.#files().isFolder(path);
  }

  /** The file that `folder` or a folder above it is (so nothing can be written under it), or null. */
  fileOverFolder(folder: string): string | null {
    return this.#files().fileAmong([...parentFolders(folder), folder]);
  }

  listFiles(query: FileListQuery): FileListing {
    return this.#files().list(query);
  }

  /** Bytes counted against the quota: stored files and uploads in flight. */
  storageUsed(): number {
    return this.#files().used();
  }

  // User-defined processes (/process_graphs), as JSON text. The table is created on first use.
  #processStore?: ProcessStore;
  #processes(): ProcessStore {
    return (this.#processStore ??= new ProcessStore(this.ctx.storage.sql));
  }

  putProcess(id: string, process: string, listing: string): void {
    this.#processes().put(id, process, listing);
  }

  getProcess(id: string): string | null {
    return this.#processes().get(id);
  }

  listProcesses(): string[] {
    return this.#processes().list();
  }

  deleteProcess(id: string): boolean {
    return this.#processes().remove(id);
  }

  // The index of the user's batch jobs, mirrored by their JobDOs. The table is created on first use.
  #jobIndex?: SummaryIndex<JobSummary>;
  #jobs(): SummaryIndex<JobSummary> {
    return (this.#jobIndex ??= new SummaryIndex(this.ctx.storage.sql, "jobs"));
  }

  putJob(summary: JobSummary, version: number): void {
    this.#jobs().put(summary, version);
  }

  removeJob(id: string): void {
    this.#jobs().remove(id);
  }

  listJobs(query: ListQuery): Listing<JobSummary> {
    return this.#jobs().list(query);
  }

  // The index of the user's services, mirrored by their ServiceDOs. The table is created on first use.
  #serviceIndex?: SummaryIndex<ServiceSummary>;
  #services(): SummaryIndex<ServiceSummary> {
    return (this.#serviceIndex ??= new SummaryIndex(this.ctx.storage.sql, "services"));
  }

  putService(summary: ServiceSummary, version: number): void {
    this.#services().put(summary, version);
  }

  removeService(id: string): void {
    this.#services().remove(id);
  }

  listServices(query: ListQuery): Listing<ServiceSummary> {
    return this.#services().list(query);
  }
}
