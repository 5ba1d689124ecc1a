import type { JobStatus } from "./status";

/** A job as GET /jobs lists it: scalars only, as the API recommends (no process). */
export interface JobSummary {
  id: string;
  title: string | null;
  description: string | null;
  status: JobStatus;
  progress: number;
  created: string;
  updated: string;
  costs: number | null;
}
