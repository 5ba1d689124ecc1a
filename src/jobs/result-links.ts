/**
 * Signed, expiring links to the files of a job's results: the token in the URL names the job,
 * its run, its owner and the file, so downloads need no Bearer token (browsers, GDAL, other
 * back-ends), and a restart (whose files may bear the same names) makes older links expire.
 */
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { tokenSecret } from "../config";
import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { jobStub, readJob, runPrefix } from "./job-store";

const LINK_ISSUER = "openeo-edge/results";
/** Long enough to download large results; GET /jobs/{id}/results always hands out fresh links. */
export const RESULT_LINK_TTL_SECONDS = 7 * 24 * 60 * 60;

export interface ResultLinkClaims {
  jobId: string;
  /** The run whose results the link leads to; null for a job that has not run (a partial document). */
  run: string | null;
  userId: string;
  file: string;
}

/** The token of a link valid until `expires` (seconds since the epoch). */
export function signResultLink(env: Env, claims: ResultLinkClaims, expires: number): Promise<string> {
  return new SignJWT({ job: claims.jobId, run: claims.run, file: claims.file })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(LINK_ISSUER)
    .setSubject(claims.userId)
    .setExpirationTime(expires)
    .sign(tokenSecret(env));
}

/** The claims of a valid token; ResultLinkExpired (410) once expired, 403 for anything forged or altered. */
export async function verifyResultLink(env: Env, token: string): Promise<ResultLinkClaims> {
  try {
    const { payload } = await jwtVerify(token, tokenSecret(env), { issuer: LINK_ISSUER, algorithms: ["HS256"], requiredClaims: ["exp"] });
    if (typeof payload.sub === "string" && typeof payload.job === "string" && typeof payload.file === "string") {
      // A genuine link of the format before runs were signed is as stale as one of an earlier run.
      const run = typeof payload.run === "string" || payload.run === null ? payload.run : undefined;
      if (run === undefined) throw new OpenEOError("ResultLinkExpired");
      return { jobId: payload.job, run, userId: payload.sub, file: payload.file };
    }
  } catch (cause) {
    if (cause instanceof OpenEOError) throw cause;
    // The signature is checked before the expiry, so an expired token is a genuine one.
    if (cause instanceof joseErrors.JWTExpired) throw new OpenEOError("ResultLinkExpired", {}, { cause });
    throw new OpenEOError("PermissionsInsufficient", {}, { message: "The link to the batch job result is invalid.", cause });
  }
  throw new OpenEOError("PermissionsInsufficient", {}, { message: "The link to the batch job result is invalid." });
}

/**
 * The job a valid link for `target` (a file name, or a document's claim) of job `jobId` leads to;
 * any other link is refused, and a link of another run than the job's current one has expired.
 */
export async function linkedJob(env: Env, jobId: string, token: string, target: string): Promise<JobRecord> {
  const claims = await verifyResultLink(env, token);
  if (claims.jobId !== jobId || claims.file !== target) throw new OpenEOError("PermissionsInsufficient", {}, { message: "The link to the batch job result is invalid." });
  const job = await readJob(jobStub(env, jobId));
  if (!job || job.user_id !== claims.userId) throw new OpenEOError("JobNotFound", { identifier: jobId });
  if (job.run !== claims.run) {
    throw new OpenEOError("ResultLinkExpired", {}, { message: "The link leads to the results of an earlier run of the batch job. Please request the results again." });
  }
  return job;
}

/** Where a listed file of the job's published results lies in R2; undefined when it has no such file (any more). */
export function resultFileKey(job: JobRecord, file: string): string | undefined {
  const listed = job.status === "finished" && job.run !== null && job.outcome?.files.some((f) => f.name === file);
  return listed ? `${runPrefix(job.user_id, job.id, job.run!)}${file}` : undefined;
}

export const resultGone = (file: string) => new OpenEOError("NotFound", {}, { message: `The result file '${file}' does not exist (any more); request the results again.` });
