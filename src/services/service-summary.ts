/** A service as GET /services lists it: scalars only (no process or configuration). */
export interface ServiceSummary {
  id: string;
  type: string;
  title: string | null;
  description: string | null;
  enabled: boolean;
  created: string;
  updated: string;
  costs: number | null;
}
