import type { ByocCollectionDO } from "../../../durable-objects/byoc-collection";
import { OpenEOError } from "../../errors";
import { byocCollectionId, byocUuid, describeByocCollection } from "../byoc/describe";
import type { ByocCollectionRecord, ByocItemQuery } from "../byoc/records";
import { propertyConditions } from "../byoc/property-conditions";
import type { SearchQuery } from "../search";
import { MAX_ITEMS } from "../search/budgets";
import type { StacCollection, StacItem } from "../stac-types";

/** A user's BYOC collections are listed from markers in the DATA bucket: byoc/<user>/<uuid>. */
const MARKERS_PREFIX = "byoc/";
/** Collections one user may have: their listing reads every marker. */
export const MAX_BYOC_COLLECTIONS = 100;
/** Characters of item JSON one answer of a collection's object holds: RPC answers are limited to 32 MiB. */
export const MAX_ANSWER_CHARS = 8 * 1024 * 1024;

export const byocMarkerKey = (userId: string, uuid: string) => `${MARKERS_PREFIX}${userId}/${uuid}`;

/** A user's collection UUIDs, sorted (R2 lists keys in order). */
export async function byocCollectionUuids(data: R2Bucket, userId: string): Promise<string[]> {
  const prefix = byocMarkerKey(userId, "");
  const page = await data.list({ prefix, limit: MAX_BYOC_COLLECTIONS });
  return page.objects.map((o) => o.key.slice(prefix.length));
}

/** What of a search the index narrows by itself; the caller checks the whole query on its answer. */
export function indexNarrowing(query: SearchQuery): Pick<ByocItemQuery, "bbox" | "start" | "end" | "ids" | "where"> {
  const b = query.bbox;
  const where = propertyConditions(query.filter);
  return {
    ...(b ? { bbox: [b.west, b.south, b.east, b.north] as [number, number, number, number] } : {}),
    ...(query.datetime ? { start: query.datetime.start, end: query.datetime.end } : {}),
    ...(query.ids ? { ids: query.ids } : {}),
    ...(where.length ? { where } : {}),
  };
}

type IndexMethods = "create" | "get" | "update" | "destroy" | "tileCount" | "putTiles" | "commitTile" | "tile" | "deleteTile" | "listTiles" | "queryItems" | "aggregates";

/** The collection's object as its callers see it: RPC's own inference gives up on STAC's recursive JSON types. */
export type ByocIndex = {
  [K in IndexMethods]: (...args: Parameters<ByocCollectionDO[K]>) => Promise<Awaited<ReturnType<ByocCollectionDO[K]>>>;
};

export function byocStub(namespace: DurableObjectNamespace<ByocCollectionDO>, uuid: string): ByocIndex {
  return namespace.get(namespace.idFromName(uuid)) as unknown as ByocIndex;
}

/**
 * BYOC collections (Sentinel Hub's Bring Your Own COG) as the catalogue sees them: private to
 * their owner, so only a request of that user finds them; anyone else is told they don't exist.
 */
export class ByocCatalog {
  constructor(
    private readonly namespace: DurableObjectNamespace<ByocCollectionDO>,
    private readonly data: R2Bucket,
    private readonly userId: string | undefined,
  ) {}

  /** The user's collections, as `byoc-<uuid>` ids. */
  async collectionIds(): Promise<string[]> {
    return this.userId ? (await byocCollectionUuids(this.data, this.userId)).map(byocCollectionId) : [];
  }

  /** Records asked for in this catalogue's life (one request or run): a load asks for its collection's several times. */
  private readonly records = new Map<string, Promise<ByocCollectionRecord | null>>();

  /** The record of a collection of this user; null for any other id. */
  record(id: string): Promise<ByocCollectionRecord | null> {
    const uuid = byocUuid(id);
    if (!uuid || !this.userId) return Promise.resolve(null);
    let record = this.records.get(uuid);
    if (!record) {
      const owner = this.userId;
      record = byocStub(this.namespace, uuid)
        .get()
        .then((found) => (found && found.owner === owner ? found : null));
      this.records.set(uuid, record);
    }
    return record;
  }

  async collection(id: string): Promise<StacCollection | null> {
    const record = await this.record(id);
    return record && describeByocCollection(record, await byocStub(this.namespace, record.id).aggregates());
  }

  /** One answer of the index: at most `limit` items, and no more than fit one RPC answer. */
  async page(id: string, query: Omit<ByocItemQuery, "maxBytes">): Promise<{ items: StacItem[]; more: boolean }> {
    const record = await this.record(id);
    if (!record) throw new OpenEOError("CollectionNotFound", { identifier: id });
    const page = await byocStub(this.namespace, record.id).queryItems({ ...query, maxBytes: MAX_ANSWER_CHARS });
    return { items: page.items.map((text) => JSON.parse(text) as StacItem), more: page.more };
  }

  /** Every item the index finds for the query's bbox, time, ids and property comparisons, for searches in memory; more than MAX_ITEMS (or one answer) is refused. */
  async items(id: string, query: SearchQuery): Promise<StacItem[]> {
    const page = await this.page(id, { ...indexNarrowing(query), limit: MAX_ITEMS });
    if (page.more) throw new OpenEOError("ProcessGraphComplexity", {}, { message: `More than ${page.items.length} items of '${id}' match; narrow the extents.` });
    return page.items;
  }

  async item(id: string, itemId: string): Promise<StacItem> {
    const record = await this.record(id);
    if (!record) throw new OpenEOError("CollectionNotFound", { identifier: id });
    const row = await byocStub(this.namespace, record.id).tile(itemId);
    if (!row?.item) throw new OpenEOError("ItemNotFound", { identifier: itemId, collection: id });
    return row.item;
  }
}
