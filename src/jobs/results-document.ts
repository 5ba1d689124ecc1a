/** The STAC Item of GET /jobs/{id}/results: the run's files as assets behind signed, expiring links. */
import type { JobRecord } from "../../durable-objects/job";
import type { Env } from "../env";
import { RESULT_LINK_TTL_SECONDS, signResultLink } from "./result-links";
import { assetBands, itemExtent } from "./result-stac";

/** The openEO result status a job's status reports (created and queued jobs have not started running). */
function resultStatus(job: JobRecord): "running" | "canceled" | "finished" | "error" {
  if (job.status === "created" || job.status === "queued") return "running";
  return job.status;
}

export function resultsUrl(apiBase: string, jobId: string): string {
  return `${apiBase}/jobs/${encodeURIComponent(jobId)}/results`;
}

/** The document, with links valid for RESULT_LINK_TTL_SECONDS from `now`; a job that hasn't finished has no assets. */
export async function resultsDocument(env: Env, job: JobRecord, apiBase: string, now = Date.now()): Promise<Record<string, unknown>> {
  const expires = Math.floor(now / 1000) + RESULT_LINK_TTL_SECONDS;
  const files = job.status === "finished" ? (job.outcome?.files ?? []) : [];
  const assets: Record<string, Record<string, unknown>> = {};
  for (const file of files) {
    const token = await signResultLink(env, { jobId: job.id, userId: job.user_id, file: file.name }, expires);
    const href = `${resultsUrl(apiBase, job.id)}/assets/${encodeURIComponent(file.name)}?token=${token}`;
    assets[file.name] = { href, type: file.type, title: file.title, roles: file.roles, ...(file.raster ? assetBands(file.raster) : {}) };
  }
  // A run writes at most one raster file; it locates and dates the Item.
  const extent = itemExtent(files.find((file) => file.raster)?.raster);
  return {
    stac_version: "1.0.0",
    ...(extent.stac_extensions.length > 0 ? { stac_extensions: extent.stac_extensions } : {}),
    type: "Feature",
    id: job.id,
    ...(extent.bbox ? { bbox: extent.bbox } : {}),
    geometry: extent.geometry,
    properties: {
      ...extent.properties,
      ...(job.title ? { title: job.title } : {}),
      ...(job.description ? { description: job.description } : {}),
      created: job.created,
      updated: job.updated,
      expires: new Date(expires * 1000).toISOString(),
      "openeo:status": resultStatus(job),
    },
    assets,
    links: [{ rel: "self", href: resultsUrl(apiBase, job.id), type: "application/json" }],
  };
}
