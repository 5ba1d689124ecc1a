/**
 * The features of a batch statistical request, read where the request says: from the caller's
 * files (its size checked before the body is read), the request itself, or, for a request
 * accepted with features inline, where its job keeps them.
 */
import type { Env } from "../../env";
import { OpenEOError } from "../../errors";
import { userFileKey } from "../../files/keys";
import { jobPrefix } from "../../jobs/job-store";
import { badRequest } from "../process-request";
import { underFolder } from "../s3-folder";
import type { BatchStatisticalRequest } from "./batch-statistical-request";
import { MAX_FEATURES_BYTES, parseFeatures, type BatchFeatures } from "./features";

const tooLarge = (path: string, size: number) =>
  badRequest(`input.features.s3.url: '${path}' has ${size} bytes; a features file may have at most ${MAX_FEATURES_BYTES} (${MAX_FEATURES_BYTES / 2 ** 20} MiB).`);

/** Where a request given its features inline keeps them, beside its job's runs (deleted with the job). */
export const storedFeaturesKey = (userId: string, jobId: string) => `${jobPrefix(userId, jobId)}features.json`;

export async function loadFeatures(env: Env, userId: string, request: BatchStatisticalRequest): Promise<BatchFeatures> {
  if ("geojson" in request.features) return parseFeatures(request.features.geojson);
  if ("job" in request.features) {
    const kept = await env.RESULTS.get(storedFeaturesKey(userId, request.features.job));
    if (!kept) throw new OpenEOError("Internal", { message: "the request's features are missing" });
    return parseFeatures(await kept.json());
  }
  const { path } = request.features;
  const key = userFileKey(userId, path);
  // Measured before a byte is read (and again, should it have been replaced meanwhile).
  const head = await env.FILES.head(key);
  if (head && head.size > MAX_FEATURES_BYTES) throw tooLarge(path, head.size);
  const file = head ? await env.FILES.get(key) : null;
  if (!file) throw badRequest(`input.features.s3.url: there is no file '${path}' in your files.`);
  if (file.size > MAX_FEATURES_BYTES) {
    await file.body.cancel();
    throw tooLarge(path, file.size);
  }
  let value: unknown;
  try {
    value = JSON.parse(await file.text());
  } catch {
    throw badRequest(`input.features.s3.url: '${path}' is not JSON (a GeoJSON FeatureCollection; GeoPackages are not read here).`);
  }
  return notOverwritten(parseFeatures(value), path, request.folder);
}

/** The features, unless a feature's result would be written over the file they are read from. */
function notOverwritten(features: BatchFeatures, path: string, folder: string): BatchFeatures {
  const over = features.features.find((feature) => underFolder(folder, `${feature.id}.json`) === path);
  if (over) throw badRequest(`output.s3.url: feature '${over.id}''s result would be written over the features file '${path}'; write the results into another folder.`);
  return features;
}
