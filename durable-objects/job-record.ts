/** A batch job as its JobDO stores it: what the user chose, its status, its runs' outcome. */
import type { PlaceFacts } from "../src/formats/place-facts";
import type { RasterFacts } from "../src/formats/raster-facts";
import type { LogLevel } from "../src/jobs/log-entry";
import type { JobStatus } from "../src/jobs/status";

/* eslint-disable @typescript-eslint/no-explicit-any -- recursive JSON types defeat RPC type inference */

/** What the user chose for a job (POST /jobs, PATCH /jobs/{id}). */
export interface JobMetadata {
  title: string | null;
  description: string | null;
  /** The process (graph and metadata) as stored; validated by the API before it gets here. */
  process: Record<string, any>;
  plan: string | null;
  budget: number | null;
  /** The minimum level of the log entries kept. */
  log_level: LogLevel;
  /** Back-end specific properties of the request, kept as given. */
  extra: Record<string, any>;
}

export interface UsageMetric {
  value: number;
  unit: string;
}

/** A file of a finished run, stored in R2 under the run's prefix. */
export interface ResultFile {
  name: string;
  type: string;
  size: number;
  roles: string[];
  title: string;
  /** What a raster file holds, recorded while it was encoded (the STAC Item's extent and bands). */
  raster?: RasterFacts;
  /** Where and when the data of a file of another format lies (the STAC Item's extent). */
  place?: PlaceFacts;
}

/** What a finished run measured and produced. */
export interface JobOutcome {
  costs: number;
  usage: Record<string, UsageMetric>;
  files: ResultFile[];
}

export interface JobRecord extends JobMetadata {
  id: string;
  user_id: string;
  status: JobStatus;
  progress: number;
  created: string;
  /** The last status change. */
  updated: string;
  /** The current (or last) run: each start gets a new id, so a late message of an older run is recognised. */
  run: string | null;
  outcome: JobOutcome | null;
}
