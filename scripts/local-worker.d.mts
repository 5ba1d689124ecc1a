export interface LocalWorker {
  url: string;
  /** wrangler's process id, which is also its process group's (workerd runs in it). */
  pid: number;
  output(): string;
  stop(): Promise<void>;
  /** What each requested ingestion printed. */
  reports: string[];
}
export interface IngestSpec {
  folder: string;
  collection: string;
  args?: string[];
}
export function startLocalWorker(options?: {
  timeoutMs?: number;
  seed?: boolean;
  ingest?: IngestSpec[];
  /** Environment variables of the Worker, passed as wrangler dev --var KEY:VALUE (they override wrangler.toml and .dev.vars). */
  vars?: Record<string, string>;
  /** A state folder that outlives the Worker (a restart finds the same users, services, jobs); a throw-away one when absent. */
  persistTo?: string;
  port?: number;
  /** wrangler dev's --inspector-port (DevTools protocol of workerd); 0, any free port, when absent. */
  inspectorPort?: number;
}): Promise<LocalWorker>;
export function freePort(): Promise<number>;
