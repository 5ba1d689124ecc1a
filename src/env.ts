import type { JobDO } from "../durable-objects/job";
import type { ServiceDO } from "../durable-objects/service";
import type { UserDO } from "../durable-objects/user";
import type { BatchMessage } from "./jobs/messages";

/** The Worker's bindings, as declared in wrangler.toml (vars), .dev.vars and secrets. */
export interface Env {
  FILES: R2Bucket;
  RESULTS: R2Bucket;
  DATA: R2Bucket;
  JOBS: DurableObjectNamespace<JobDO>;
  USERS: DurableObjectNamespace<UserDO>;
  SERVICES: DurableObjectNamespace<ServiceDO>;
  BATCH_QUEUE: Queue<BatchMessage>;
  BACKEND_ID: string;
  BACKEND_TITLE: string;
  BACKEND_DESCRIPTION: string;
  PRODUCTION: string;
  OIDC_PROVIDERS?: string;
  TOKEN_SECRET?: string;
  BASIC_USERS?: string;
  /** Per-user storage quota for /files in bytes; 10 GiB when unset. */
  FILE_QUOTA_BYTES?: string;
  /** The largest cube (bytes of float32 planes) one synchronous read builds; 48 MiB when unset. Larger results are computed in strips. */
  SYNC_MAX_CUBE_BYTES?: string;
  /** Deadlines of every remote read (COG ranges, STAC documents) in ms: until the response headers (10 s), between body chunks (10 s), in all (30 s). */
  REMOTE_READ_FIRST_BYTE_MS?: string;
  REMOTE_READ_IDLE_MS?: string;
  REMOTE_READ_TOTAL_MS?: string;
}
