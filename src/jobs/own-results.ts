/**
 * load_stac of this back-end's own batch job results (to process them further, or to serve them
 * as map tiles): the results URLs of this API are answered from the JobDO and R2, since a Worker
 * can't fetch its own URLs. Signed links work for whoever holds them, as over HTTP; the plain
 * GET /jobs/{id}/results URL for the job's owner.
 */
import type { OwnResults } from "../catalog/asset-source";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { decodeUrlPart } from "../catalog/stac-source/decode-url-part";
import { R2ByteSource } from "../raster/r2-byte-source";
import { ownJob } from "./job-store";
import { linkedJob, resultFileKey, resultGone } from "./result-links";
import { DOCUMENT_CLAIM, itemClaim, resultItem, resultsDocument } from "./results-document";

interface ResultsUrl {
  jobId: string;
  /** undefined: the results document (GET /jobs/{id}/results). */
  kind?: "signed" | "items" | "assets";
  file?: string;
  token: string | null;
}

function parse(url: string, apiBase: string): ResultsUrl | undefined {
  if (!url.startsWith(`${apiBase}/jobs/`)) return undefined;
  const parsed = new URL(url);
  const path = parsed.pathname.slice(new URL(apiBase).pathname.length);
  const match = /^\/jobs\/([^/]+)\/results(?:\/(signed)|\/(items|assets)\/([^/]+))?\/?$/.exec(path);
  if (!match) return undefined;
  const [, jobId, signed, kind, file] = match;
  return { jobId: decodeUrlPart(jobId!, url), kind: (signed ?? kind) as ResultsUrl["kind"], ...(file ? { file: decodeUrlPart(file, url) } : {}), token: parsed.searchParams.get("token") };
}

function tokenOf(link: ResultsUrl): string {
  if (!link.token) throw new OpenEOError("PermissionsInsufficient", {}, { message: "The link to the batch job result is not signed." });
  return link.token;
}

export function ownResults(env: Env, apiBase: string, userId?: string): OwnResults {
  return {
    async document(url) {
      const link = parse(url, apiBase);
      if (!link || link.kind === "assets") return undefined;
      if (link.kind === undefined) {
        if (!userId) throw new OpenEOError("JobNotFound", { identifier: link.jobId });
        return resultsDocument(env, (await ownJob(env, userId, link.jobId)).job, apiBase);
      }
      if (link.kind === "signed") return resultsDocument(env, await linkedJob(env, link.jobId, tokenOf(link), DOCUMENT_CLAIM), apiBase);
      const item = await resultItem(env, await linkedJob(env, link.jobId, tokenOf(link), itemClaim(link.file!)), link.file!, apiBase);
      if (!item) throw resultGone(link.file!);
      return item;
    },
    async asset(href) {
      const link = parse(href, apiBase);
      if (!link || link.kind !== "assets") return undefined;
      const key = resultFileKey(await linkedJob(env, link.jobId, tokenOf(link), link.file!), link.file!);
      const source = key ? await R2ByteSource.open(env.RESULTS, key, "results") : null;
      if (!source) throw resultGone(link.file!);
      return source;
    },
  };
}
