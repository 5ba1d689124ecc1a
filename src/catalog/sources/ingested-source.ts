import { withServedBandNames } from "../band-names";
import type { StacCollection, StacItem } from "../stac-types";

/**
 * Ingested collections in the DATA bucket:
 *   collections/<id>/collection.json   the collection document (extent and summaries from its items)
 *   collections/<id>/items.json        the item index: every item, searched in memory
 *   collections/<id>/items/<item>/<f>  the COGs, read with ranged gets
 * The index answers searches with one ranged-free get (a conditional get when cached).
 */
export const COLLECTIONS_PREFIX = "collections/";

export const ingestedKeys = {
  collection: (id: string) => `${COLLECTIONS_PREFIX}${id}/collection.json`,
  index: (id: string) => `${COLLECTIONS_PREFIX}${id}/items.json`,
  asset: (id: string, itemId: string, file: string) => `${COLLECTIONS_PREFIX}${id}/items/${itemId}/${file}`,
};

interface CachedJson {
  etag: string;
  value: unknown;
}

/** Per isolate, revalidated with a conditional get so a fresh ingest is seen at once. */
const jsonCache = new Map<string, CachedJson>();
const MAX_CACHED_DOCUMENTS = 64;
/** R2's limit on key length: a longer key (from a long collection id) names no object, and R2 would throw. */
const MAX_KEY_BYTES = 1024;

async function readJson<T>(bucket: R2Bucket, key: string): Promise<T | null> {
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) return null;
  const cached = jsonCache.get(key);
  const object = await bucket.get(key, cached ? { onlyIf: { etagDoesNotMatch: cached.etag } } : undefined);
  if (!object) {
    jsonCache.delete(key);
    return null;
  }
  if (!("body" in object)) return cached!.value as T;
  const value = await object.json<T>();
  jsonCache.delete(key);
  jsonCache.set(key, { etag: object.etag, value });
  if (jsonCache.size > MAX_CACHED_DOCUMENTS) jsonCache.delete(jsonCache.keys().next().value!);
  return value;
}

export class IngestedCatalog {
  constructor(private readonly bucket: R2Bucket) {}

  /**
   * Collections whose collection.json exists: a folder with only files (an ingest that stopped
   * before its last write, or files put there by hand) is no collection yet.
   */
  async collectionIds(): Promise<string[]> {
    const folders: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.bucket.list({ prefix: COLLECTIONS_PREFIX, delimiter: "/", cursor });
      folders.push(...page.delimitedPrefixes.map((p) => p.slice(COLLECTIONS_PREFIX.length, -1)));
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    const present = await Promise.all(folders.map((id) => this.hasCollection(id)));
    return folders.filter((_, i) => present[i]).sort();
  }

  private async hasCollection(id: string): Promise<boolean> {
    const key = ingestedKeys.collection(id);
    return new TextEncoder().encode(key).length <= MAX_KEY_BYTES && (await this.bucket.head(key)) !== null;
  }

  /** Sentinel-2 collections stored before bands had ESA's names are served with them. */
  async collection(id: string): Promise<StacCollection | null> {
    const stored = await readJson<StacCollection>(this.bucket, ingestedKeys.collection(id));
    return stored && withServedBandNames(stored);
  }

  async items(id: string): Promise<StacItem[]> {
    return (await readJson<StacItem[]>(this.bucket, ingestedKeys.index(id))) ?? [];
  }
}
