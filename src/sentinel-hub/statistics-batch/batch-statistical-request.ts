/**
 * A request of Sentinel Hub's Batch Statistical API: the Statistical API's `aggregation` and
 * `calculations` over each feature of `input.features` (a GeoJSON FeatureCollection in the
 * caller's files at `s3.url`, or given as `geojson`), each result written to
 * `<output.s3.url>/<feature id>.json`. A feature's result is the Statistical API's answer to the
 * same request with `input.bounds.geometry` the feature's geometry: the request is built so and
 * parsed by the Statistical API's own parser.
 */
import type { DataAccess } from "../../cube/context";
import { OpenEOError } from "../../errors";
import { MAX_PATH_BYTES } from "../../files/path";
import { badRequest, bounds, object, size } from "../process-request";
import { checkedSetup } from "../run-process-request";
import { filesFolderOf } from "../s3-folder";
import { evaluatedPixels, MAX_EVALUATED_PIXELS, parseStatisticalRequest, type StatisticalRequest } from "../statistics/request";
import { checkStatisticalSetup } from "../statistics/run-statistics";
import { MAX_ID_LENGTH, type BatchFeature, type BatchFeatures } from "./features";

export interface BatchStatisticalRequest {
  /**
   * The features: a file's path in the caller's files, the FeatureCollection given inline, or,
   * for a request accepted with features inline, the job that keeps them (load-features.ts).
   */
  features: { path: string } | { geojson: unknown } | { job: string };
  /** The files folder the results go into ("" for the files area's root). */
  folder: string;
}

/** Pixels evaluated over every feature and interval: a run's work, bounded before it is queued. */
export const MAX_BATCH_EVALUATED_PIXELS = 2 ** 33;
/**
 * A chunk (one queue message) holds at most this many features, at most this many of their
 * intervals (each a scene search and an evaluation of its own) and at most one Statistical API
 * request's pixels (MAX_EVALUATED_PIXELS, which no feature exceeds alone).
 */
export const MAX_CHUNK_FEATURES = 50;
export const MAX_CHUNK_INTERVALS = 1000;

const s3Of = (parent: Record<string, unknown>, at: string) => (parent.s3 === undefined ? undefined : object(parent.s3, `${at}.s3`));

/** The request's body as given, or, with `job`, as that job keeps it (storedBatchStatisticalBody). */
export function parseBatchStatisticalRequest(body: Record<string, unknown>, job?: string): BatchStatisticalRequest {
  const input = object(body.input, "input");
  const given = object(input.features, "input.features");
  const s3 = s3Of(given, "input.features");
  const folder = outputFolder(body);
  if (job !== undefined && given[STORED_GEOJSON] === true) return { features: { job }, folder };
  if (STORED_GEOJSON in given) throw badRequest(`input.features.${STORED_GEOJSON} is the back-end's own mark; give s3.url or geojson.`);
  if (!s3 === (given.geojson === undefined)) throw badRequest("input.features must have either s3.url (a GeoJSON FeatureCollection in your files: s3://<bucket>/<path>) or geojson (the FeatureCollection itself).");
  const path = s3 ? filesFolderOf(s3.url, "input.features.s3.url") : null;
  if (path === "") throw badRequest("input.features.s3.url must name a file: s3://<bucket>/<path>.");
  return { features: path === null ? { geojson: given.geojson } : { path }, folder };
}

function outputFolder(body: Record<string, unknown>): string {
  const output = object(body.output, "output");
  const target = s3Of(output, "output");
  if (!target) throw badRequest("output.s3.url must say where the results go: s3://<bucket>/<prefix> (your files under <prefix>).");
  const folder = filesFolderOf(target.url, "output.s3.url");
  // Room for every result's name under it, so that no write fails late for its path's length.
  if (new TextEncoder().encode(`${folder}/${"x".repeat(MAX_ID_LENGTH)}.json`).byteLength > MAX_PATH_BYTES) {
    throw badRequest(`output.s3.url's prefix is too long: with a feature's name (up to ${MAX_ID_LENGTH} characters) and '.json' it must fit ${MAX_PATH_BYTES} bytes.`);
  }
  return folder;
}

/** What a kept body has in place of inline features, which are kept in R2 beside the job. */
export const STORED_GEOJSON = "storedGeojson";

/**
 * The body as kept with the request: S3 credentials (never ours to use) left out, and inline
 * features replaced by STORED_GEOJSON, so that the job's Durable Object row stays small.
 */
export function storedBatchStatisticalBody(body: Record<string, unknown>): Record<string, unknown> {
  const input = body.input as Record<string, unknown>;
  const features = input.features as Record<string, unknown>;
  const urlOnly = (s3: unknown) => ({ url: (s3 as Record<string, unknown>).url });
  const output = body.output as Record<string, unknown>;
  return {
    ...body,
    input: { ...input, features: features.s3 === undefined ? { [STORED_GEOJSON]: true } : { s3: urlOnly(features.s3) } },
    output: { ...output, s3: urlOnly(output.s3) },
  };
}

/** The Statistical API request of one feature: the batch request's data, aggregation and calculations over the feature's geometry. */
export function featureBody(body: Record<string, unknown>, crs: string, feature: BatchFeature): Record<string, unknown> {
  const input = body.input as Record<string, unknown>;
  return {
    input: { bounds: { geometry: feature.geometry, properties: { crs } }, data: input.data },
    aggregation: body.aggregation,
    ...(body.calculations === undefined ? {} : { calculations: body.calculations }),
  };
}

/** Runs `check`, its request errors naming the feature. */
function named<T>(feature: BatchFeature, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof OpenEOError) || error.status >= 500) throw error;
    throw badRequest(`Feature '${feature.id}': ${error.message}`);
  }
}

/** A feature's Statistical API request, parsed; its errors name the feature. */
export function featureRequest(body: Record<string, unknown>, crs: string, feature: BatchFeature): StatisticalRequest {
  return named(feature, () => parseStatisticalRequest(featureBody(body, crs, feature)));
}

/**
 * A feature's work (intervals x its grid's pixels), checked as parseStatisticalRequest checks what
 * depends on the feature: its bounds, its grid and the pixel budget. The rest (data, aggregation,
 * intervals, calculations) is the same for every feature and checked once, with the first: cutting
 * the intervals again for each of 10,000 features would take seconds.
 */
function featureWork(body: Record<string, unknown>, crs: string, feature: BatchFeature, intervals: number): number {
  return named(feature, () => {
    const box = bounds({ bounds: { geometry: feature.geometry, properties: { crs } } });
    return evaluatedPixels(intervals, size(body.aggregation as Record<string, unknown>, box.bbox, "aggregation"));
  });
}

/** Every feature's request checked, and the features cut into chunks of consecutive features (`[first, end)`) within the chunk's bounds above. */
export function featureChunks(body: Record<string, unknown>, { crs, features }: BatchFeatures): [number, number][] {
  const intervals = featureRequest(body, crs, features[0]!).intervals.length;
  const perChunk = Math.min(MAX_CHUNK_FEATURES, Math.max(1, Math.floor(MAX_CHUNK_INTERVALS / intervals)));
  const chunks: [number, number][] = [];
  let total = 0;
  let pixels = 0;
  for (const [index, feature] of features.entries()) {
    const cost = featureWork(body, crs, feature, intervals);
    total += cost;
    if (total > MAX_BATCH_EVALUATED_PIXELS) {
      throw badRequest(`The features' intervals and grids add up to more than the ${MAX_BATCH_EVALUATED_PIXELS.toLocaleString("en")} pixels one batch statistical request may evaluate; ask for fewer intervals, a coarser grid or fewer features.`);
    }
    const last = chunks.at(-1);
    if (last && last[1] - last[0] < perChunk && pixels + cost <= MAX_EVALUATED_PIXELS) {
      last[1] = index + 1;
      pixels += cost;
    } else {
      chunks.push([index, index + 1]);
      pixels = cost;
    }
  }
  return chunks;
}

/** The evalscript's setup() run once, and its outputs checked as the Statistical API does (masks, calculations, response size): the same for every feature. */
export async function checkScript(body: Record<string, unknown>, { crs, features }: BatchFeatures, data: DataAccess): Promise<void> {
  const request = featureRequest(body, crs, features[0]!);
  checkStatisticalSetup(request, (await checkedSetup(request.process, data, "FLOAT32")).outputs);
}
