/**
 * The STAC document of GET /jobs/{id}/results: the run's data files as assets behind signed,
 * expiring links. One data file: a STAC Item. Several (several save_result nodes, or one file per
 * date): a STAC Collection whose item links lead to one Item per data file, all assets also at the
 * collection level as the API requires. Only data files are assets (clients download every asset
 * and expect one for one output file); the run's process is the `processing:expression`. A
 * canonical link, signed as well, serves the same document without a Bearer token.
 */
import type { JobRecord, ResultFile } from "../../durable-objects/job";
import { STAC_EXTENSIONS } from "../catalog/stac-types";
import type { Env } from "../env";
import { PROCESS_FILE } from "./execute-run";
import { runPrefix } from "./job-store";
import { RESULT_LINK_TTL_SECONDS, signResultLink } from "./result-links";
import { assetBands, collectionFields, itemExtent, type ItemExtent } from "./result-stac";

/** The signed documents: `file` claims that can't collide with a file name (which has no '#'). */
export const DOCUMENT_CLAIM = "#results";
export const itemClaim = (file: string) => `#item:${file}`;

/** The openEO result status a job's status reports (created and queued jobs have not started running). */
function resultStatus(job: JobRecord): "running" | "canceled" | "finished" | "error" {
  if (job.status === "created" || job.status === "queued") return "running";
  return job.status;
}

export function resultsUrl(apiBase: string, jobId: string): string {
  return `${apiBase}/jobs/${encodeURIComponent(jobId)}/results`;
}

/** Signs links for one job's results, all valid until the same time. */
class Signer {
  readonly expires: number;

  constructor(
    private readonly env: Env,
    private readonly job: JobRecord,
    private readonly apiBase: string,
    now: number,
  ) {
    this.expires = Math.floor(now / 1000) + RESULT_LINK_TTL_SECONDS;
  }

  private async signed(path: string, file: string): Promise<string> {
    const token = await signResultLink(this.env, { jobId: this.job.id, run: this.job.run, userId: this.job.user_id, file }, this.expires);
    return `${resultsUrl(this.apiBase, this.job.id)}${path}?token=${token}`;
  }

  asset = (file: string) => this.signed(`/assets/${encodeURIComponent(file)}`, file);
  document = () => this.signed("/signed", DOCUMENT_CLAIM);
  item = (file: string) => this.signed(`/items/${encodeURIComponent(file)}`, itemClaim(file));
}

async function assetsOf(files: ResultFile[], sign: Signer): Promise<Record<string, Record<string, unknown>>> {
  const assets: Record<string, Record<string, unknown>> = {};
  for (const file of files) {
    assets[file.name] = { href: await sign.asset(file.name), type: file.type, title: file.title, roles: file.roles, ...(file.raster ? assetBands(file.raster) : {}) };
  }
  return assets;
}

function finishedFiles(job: JobRecord): ResultFile[] {
  return job.status === "finished" ? (job.outcome?.files ?? []) : [];
}

const dataFiles = (files: ResultFile[]) => files.filter((file) => file.roles.includes("data"));

/** The process the run computed, as stored beside its results (the job's may have changed since); the job's when there is no run's. */
async function runProcess(env: Env, job: JobRecord): Promise<unknown> {
  const stored = job.status === "finished" && job.run !== null ? await env.RESULTS.get(`${runPrefix(job.user_id, job.id, job.run)}${PROCESS_FILE}`) : null;
  return stored ? stored.json() : job.process;
}

/** The processing extension's record of how the results were made: the openEO process itself. */
const processingExpression = (process: unknown) => ({ "processing:expression": { format: "openeo", expression: process } });

function jobProperties(job: JobRecord, sign: Signer): Record<string, unknown> {
  return {
    ...(job.title ? { title: job.title } : {}),
    ...(job.description ? { description: job.description } : {}),
    created: job.created,
    updated: job.updated,
    expires: new Date(sign.expires * 1000).toISOString(),
    "openeo:status": resultStatus(job),
  };
}

/** A file's extent: from its raster facts or its cube's place. */
const fileExtent = (file: ResultFile | undefined) => itemExtent(file?.raster, file?.place);

/**
 * STAC wants every Item dated: one whose data has no date (a JSON value, a cube without time)
 * gets the time its results were made.
 */
function dated(extent: ItemExtent, job: JobRecord): Record<string, unknown> {
  const { properties } = extent;
  return properties.datetime === null && properties.start_datetime === undefined ? { ...properties, datetime: job.updated } : properties;
}

/**
 * An Item of `files`, located and dated by the raster among them (else by the place of their
 * cube); the whole result's Item records the `process`, an Item of a Collection leaves that to
 * the Collection (load_stac reads every Item).
 */
async function item(job: JobRecord, id: string, files: ResultFile[], sign: Signer, links: Record<string, unknown>[], process?: unknown): Promise<Record<string, unknown>> {
  const extent = fileExtent(files.find((file) => file.raster) ?? files.find((file) => file.place));
  const extensions = process === undefined ? extent.stac_extensions : [...extent.stac_extensions, STAC_EXTENSIONS.processing];
  return {
    stac_version: "1.0.0",
    ...(extensions.length > 0 ? { stac_extensions: extensions } : {}),
    type: "Feature",
    id,
    ...(extent.bbox ? { bbox: extent.bbox } : {}),
    geometry: extent.geometry,
    properties: { ...dated(extent, job), ...jobProperties(job, sign), ...(process === undefined ? {} : processingExpression(process)) },
    assets: await assetsOf(files, sign),
    links,
  };
}

/** The Collection's extent: the union of its rasters' boxes and times. */
function collectionExtent(files: ResultFile[]): Record<string, unknown> {
  const extents = files.map(fileExtent);
  const boxes = extents.flatMap((e) => (e.bbox ? [e.bbox] : []));
  const bbox = boxes.length === 0 ? [-180, -90, 180, 90] : [0, 1, 2, 3].map((i) => (i < 2 ? Math.min : Math.max)(...boxes.map((b) => b[i]!)));
  const times = extents.flatMap((e) => [e.properties.datetime, e.properties.start_datetime, e.properties.end_datetime]).filter((t): t is string => typeof t === "string").sort();
  return { spatial: { bbox: [bbox] }, temporal: { interval: [[times[0] ?? null, times.at(-1) ?? null]] } };
}

/** The document, with links valid for RESULT_LINK_TTL_SECONDS from `now`; a job that hasn't finished has no assets. */
export async function resultsDocument(env: Env, job: JobRecord, apiBase: string, now = Date.now()): Promise<Record<string, unknown>> {
  const sign = new Signer(env, job, apiBase, now);
  const data = dataFiles(finishedFiles(job));
  const process = await runProcess(env, job);
  const links = [
    { rel: "self", href: resultsUrl(apiBase, job.id), type: "application/json" },
    { rel: "canonical", href: await sign.document(), type: "application/json" },
  ];
  if (data.length <= 1) return item(job, job.id, data, sign, links, process);
  const itemLinks = await Promise.all(data.map(async (file) => ({ rel: "item", href: await sign.item(file.name), type: "application/geo+json", title: file.name })));
  return {
    stac_version: "1.0.0",
    stac_extensions: [STAC_EXTENSIONS.projection, STAC_EXTENSIONS.eo, STAC_EXTENSIONS.raster, STAC_EXTENSIONS.datacube, STAC_EXTENSIONS.processing],
    type: "Collection",
    id: job.id,
    title: job.title ?? `Results of batch job ${job.id}`,
    description: job.description ?? `The ${data.length} result files of batch job ${job.id}.`,
    license: "proprietary",
    extent: collectionExtent(data),
    ...collectionFields(data.flatMap((file) => (file.raster ? [file.raster] : []))),
    ...jobProperties(job, sign),
    ...processingExpression(process),
    assets: await assetsOf(data, sign),
    links: [...links, ...itemLinks],
  };
}

/** The Item of one data file of a Collection of results; null when the job has no such file (any more). */
export async function resultItem(env: Env, job: JobRecord, file: string, apiBase: string, now = Date.now()): Promise<Record<string, unknown> | null> {
  const found = dataFiles(finishedFiles(job)).find((f) => f.name === file);
  if (!found) return null;
  const sign = new Signer(env, job, apiBase, now);
  const collection = await sign.document();
  const links = [
    { rel: "self", href: await sign.item(found.name), type: "application/geo+json" },
    { rel: "collection", href: collection, type: "application/json" },
    { rel: "parent", href: collection, type: "application/json" },
  ];
  return item(job, found.name, [found], sign, links);
}
