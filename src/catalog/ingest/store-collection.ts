import { isSentinel2, recordedNaming, SENTINEL_2_NAMING, type BandNaming } from "../band-names";
import { BYOC_ID } from "../byoc/describe";
import { describeCollection } from "../collection-metadata";
import { REMOTE_COLLECTIONS } from "../remote-collections";
import { ingestedKeys } from "../sources/ingested-source";
import type { StacCollection, StacItem } from "../stac-types";

/** The part of an R2 bucket ingestion needs; wrangler's local proxy and the Worker binding both fit. */
export interface IngestBucket {
  get(key: string): Promise<{ json<T>(): Promise<T> } | null>;
  put(key: string, value: string | ArrayBuffer | Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
}

const COLLECTION_ID = /^[\w\-.]{1,100}$/;

export function checkCollectionId(id: string): void {
  if (!COLLECTION_ID.test(id)) throw new Error(`collection id '${id}' must be 1-100 letters, digits, '_', '-' or '.'`);
  if (BYOC_ID.test(id)) throw new Error(`collection id '${id}' has the form of a BYOC collection's (byoc-<uuid>); choose another`);
  if (REMOTE_COLLECTIONS.some((r) => r.id === id)) {
    throw new Error(`collection id '${id}' is taken by a configured remote collection; choose another with --collection`);
  }
}

/**
 * The band names a collection serves: Sentinel-2's when its items are Sentinel-2, those an
 * earlier ingest recorded, and `given` above all.
 */
function bandNaming(items: StacItem[], stored: StacCollection | null, given: BandNaming): BandNaming {
  const sentinel2 = isSentinel2(items.flatMap((i) => [i.properties.platform, i.properties.constellation]));
  return { ...(sentinel2 ? SENTINEL_2_NAMING : {}), ...recordedNaming(stored), ...given };
}

const DESCRIPTIVE = ["title", "description", "keywords", "license", "providers", "links"] as const;

/** The template, with what an earlier ingest said where it says nothing (adding items keeps the title). */
function withStoredMetadata(template: Partial<StacCollection> & { id: string }, stored: StacCollection | null): Partial<StacCollection> & { id: string } {
  if (!stored) return template;
  const kept = Object.fromEntries(DESCRIPTIVE.filter((key) => template[key] === undefined && stored[key] !== undefined).map((key) => [key, stored[key]]));
  return { ...kept, ...template };
}

/**
 * Registers items in an ingested collection: items with an id already there are replaced,
 * and the collection document is recomputed from all items, so its extent stays exact.
 * `naming` renames bands (source name → served name; see band-names.ts).
 */
export async function storeCollection(
  bucket: IngestBucket,
  template: Partial<StacCollection> & { id: string },
  items: StacItem[],
  naming: BandNaming = {},
): Promise<StacCollection> {
  checkCollectionId(template.id);
  const existing = (await (await bucket.get(ingestedKeys.index(template.id)))?.json<StacItem[]>()) ?? [];
  const stored = (await (await bucket.get(ingestedKeys.collection(template.id)))?.json<StacCollection>()) ?? null;
  const byId = new Map(existing.map((item) => [item.id, item]));
  for (const item of items) byId.set(item.id, item);
  const all = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const collection = describeCollection(withStoredMetadata(template, stored), all, bandNaming(all, stored, naming));
  const json = { httpMetadata: { contentType: "application/json" } };
  await bucket.put(ingestedKeys.index(template.id), JSON.stringify(all), json);
  // Written last: a collection becomes visible only once its index exists.
  await bucket.put(ingestedKeys.collection(template.id), JSON.stringify(collection), json);
  return collection;
}
