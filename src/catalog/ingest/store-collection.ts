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
  if (REMOTE_COLLECTIONS.some((r) => r.id === id)) {
    throw new Error(`collection id '${id}' is taken by a configured remote collection; choose another with --collection`);
  }
}

/**
 * Registers items in an ingested collection: items with an id already there are replaced,
 * and the collection document is recomputed from all items, so its extent stays exact.
 */
export async function storeCollection(
  bucket: IngestBucket,
  template: Partial<StacCollection> & { id: string },
  items: StacItem[],
): Promise<StacCollection> {
  checkCollectionId(template.id);
  const existing = (await (await bucket.get(ingestedKeys.index(template.id)))?.json<StacItem[]>()) ?? [];
  const byId = new Map(existing.map((item) => [item.id, item]));
  for (const item of items) byId.set(item.id, item);
  const all = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  const collection = describeCollection(template, all);
  const json = { httpMetadata: { contentType: "application/json" } };
  await bucket.put(ingestedKeys.index(template.id), JSON.stringify(all), json);
  // Written last: a collection becomes visible only once its index exists.
  await bucket.put(ingestedKeys.collection(template.id), JSON.stringify(collection), json);
  return collection;
}
