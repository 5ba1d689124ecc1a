/**
 * How long a job may take, from what it reads: an upper limit, as estimates are meant to be. Runs
 * measured so far read and compute about 10 MB/s in one invocation (docs/performance.md, batch
 * jobs); half that allows for slower remote hosts. A run waits for its queue delivery first.
 */
const START_SECONDS = 30;
const READ_BYTES_PER_SECOND = 5_000_000;

/** The estimated duration of a run reading `bytes`, in whole minutes (at least one), as an ISO 8601 duration. */
export function estimatedDuration(bytes: number): string {
  const minutes = Math.max(1, Math.ceil((START_SECONDS + bytes / READ_BYTES_PER_SECOND) / 60));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `PT${hours > 0 ? `${hours}H` : ""}${rest > 0 || hours === 0 ? `${rest}M` : ""}`;
}
