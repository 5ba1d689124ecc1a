/**
 * BYOC collections of one user: each a ByocCollectionDO by its UUID, listed from a marker in the
 * DATA bucket. Someone else's collection answers as one that does not exist.
 */
import type { ByocBand, ByocCollectionRecord, ByocSampleFormat } from "../../catalog/byoc/records";
import { byocCollectionUuids, byocMarkerKey, byocStub, MAX_BYOC_COLLECTIONS, type ByocIndex } from "../../catalog/sources/byoc-source";
import type { Env } from "../../env";
import { OpenEOError } from "../../errors";
import { badRequest } from "../process-request";
import { BYOC_LIMITS } from "./limits";
import { BAND_NAME, BAND_SOURCE } from "./tile-path";

export type ByocEnv = Pick<Env, "DATA" | "BYOC">;

export function collectionNotFound(uuid: string): OpenEOError {
  return new OpenEOError("NotFound", {}, { message: `Collection ${uuid} not found.` });
}

/** The user's collection and its object; 404 for anyone else's or none. */
export async function ownedCollection(env: ByocEnv, userId: string, uuid: string): Promise<{ record: ByocCollectionRecord; index: ByocIndex }> {
  const index = byocStub(env.BYOC, uuid);
  const record = await index.get();
  if (!record || record.owner !== userId) throw collectionNotFound(uuid);
  return { record, index };
}

type DeclaredBand = { source?: string | undefined; noData?: unknown; sampleFormat?: unknown; bitDepth?: unknown };

const SAMPLE_FORMATS = new Set(["UINT", "INT", "FLOAT"]);

/** One declared band: its source, and the no-data value and sample format Sentinel Hub lets one declare. */
function declaredBand(name: string, band: DeclaredBand): ByocBand {
  if (!BAND_NAME.test(name) || (band.source !== undefined && !BAND_SOURCE.test(band.source))) {
    throw badRequest(`band '${name.slice(0, 64)}': names are JavaScript identifiers of 1 to 64 letters, digits or '_' (not first a digit); sources 1 to 64 letters, digits, '_' or '-'.`);
  }
  if (band.noData !== undefined && band.noData !== null && !Number.isFinite(band.noData)) throw badRequest(`band '${name}': noData must be a number.`);
  const format = band.sampleFormat !== undefined || band.bitDepth !== undefined;
  if (format && (!SAMPLE_FORMATS.has(band.sampleFormat as string) || ![8, 16, 32, 64].includes(band.bitDepth as number))) {
    throw badRequest(`band '${name}': sampleFormat (UINT, INT or FLOAT) and bitDepth (8, 16, 32 or 64) are declared together.`);
  }
  return {
    source: band.source ?? name,
    bandIndex: 1,
    ...(format ? { sampleFormat: band.sampleFormat as ByocSampleFormat, bitDepth: band.bitDepth as number } : {}),
    ...(typeof band.noData === "number" ? { noData: band.noData } : {}),
  };
}

/** Declared bands, checked: names and sources as Sentinel Hub allows, at most maxBands. */
export function declaredBands(bands: Record<string, DeclaredBand> | undefined): Record<string, ByocBand> | null {
  if (!bands) return null;
  const entries = Object.entries(bands);
  if (entries.length === 0 || entries.length > BYOC_LIMITS.maxBands) throw badRequest(`additionalData.bands must name 1 to ${BYOC_LIMITS.maxBands} bands.`);
  return Object.fromEntries(entries.map(([name, band]) => [name, declaredBand(name, band)]));
}

export async function createCollection(env: ByocEnv, record: ByocCollectionRecord): Promise<void> {
  if ((await byocCollectionUuids(env.DATA, record.owner)).length >= MAX_BYOC_COLLECTIONS) {
    throw badRequest(`You have ${MAX_BYOC_COLLECTIONS} BYOC collections, the most one user may have; delete one first.`);
  }
  if (!(await byocStub(env.BYOC, record.id).create(record))) throw new Error(`BYOC collection ${record.id} exists already`);
  // Written last: the collection is listed once it exists.
  await env.DATA.put(byocMarkerKey(record.owner, record.id), "");
}

export async function deleteCollection(env: ByocEnv, record: ByocCollectionRecord, index: ByocIndex): Promise<void> {
  // The marker first: a collection half-deleted is no longer listed.
  await env.DATA.delete(byocMarkerKey(record.owner, record.id));
  await index.destroy();
}
