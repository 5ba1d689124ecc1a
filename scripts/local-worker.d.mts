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
  /** Where the Worker's DevTools protocol listens (wrangler dev --inspector-port); 0 for any port. */
  inspectorPort?: number;
}): Promise<LocalWorker>;
