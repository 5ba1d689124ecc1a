import type { ByocCollectionDO } from "../durable-objects/byoc-collection";
import type { JobDO } from "../durable-objects/job";
import type { LoginGuardDO } from "../durable-objects/login-guard";
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
  LOGIN_GUARD: DurableObjectNamespace<LoginGuardDO>;
  /** One per BYOC collection, by its UUID (durable-objects/byoc-collection.ts). */
  BYOC: DurableObjectNamespace<ByocCollectionDO>;
  BATCH_QUEUE: Queue<BatchMessage>;
  /** Dynamic Worker Loader: starts UDF isolates (src/sandbox). Without it, no UDF runtime is offered. */
  LOADER?: WorkerLoader;
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
  /** Bytes of compressed tiles a result in strips (synchronous, or a batch job's assembly) keeps in memory until its header is known; the rest wait in a temporary R2 object. 8 MiB when unset. */
  SYNC_KEEP_TILES_BYTES?: string;
  /** Work budgets (docs/limits.md): a request's or batch invocation's, and a map tile's. */
  RUN_MAX_VALUE_BYTES?: string;
  RUN_MAX_OPERATIONS?: string;
  RUN_MAX_SECONDS?: string;
  TILE_MAX_VALUE_BYTES?: string;
  TILE_MAX_OPERATIONS?: string;
  TILE_MAX_SECONDS?: string;
  /** Seconds a batch job's run may go without a heartbeat of any invocation before it fails; 300 when unset (src/jobs/run-limits.ts). */
  RUN_SILENCE_SECONDS?: string;
  /** Seconds a batch job's queue message may wait before its invocation begins; 3600 when unset. */
  RUN_QUEUED_SECONDS?: string;
  /** Seconds one invocation of a batch job (the run, a chunk, the assembly) may take; 840 when unset. */
  RUN_INVOCATION_SECONDS?: string;
  /** Login throttling (src/auth/login-limits.ts): the window failed logins count in, 900 s when unset. */
  LOGIN_WINDOW_SECONDS?: string;
  /** Failed logins of one user name from one client per window; 5 when unset. */
  LOGIN_PAIR_FAILURES?: string;
  /** Failed logins of one user name from clients not trusted for it per window; 50 when unset. */
  LOGIN_USER_FAILURES?: string;
  /** Failed logins of one client for user names it is not trusted for per window; 20 when unset. */
  LOGIN_CLIENT_FAILURES?: string;
  /** How long a successful login trusts its (user name, client) pair; 30 days when unset. */
  LOGIN_TRUST_SECONDS?: string;
  /** Deadlines of every remote read (COG ranges, STAC documents) in ms: until the response headers (10 s), between body chunks (10 s), in all (30 s). */
  REMOTE_READ_FIRST_BYTE_MS?: string;
  REMOTE_READ_IDLE_MS?: string;
  REMOTE_READ_TOTAL_MS?: string;
  /** Private hosts (exact hostnames, comma-separated) that user-given URLs may read, such as "127.0.0.1,localhost" for a local file server; none when unset (src/net/remote-url.ts). */
  REMOTE_PRIVATE_HOSTS?: string;
}
