import { OpenEOError } from "../errors";
import { REMOTE_COLLECTIONS, type RemoteCollectionConfig } from "./remote-collections";
import type { ByocItemQuery } from "./byoc/records";
import type { ByocCatalog } from "./sources/byoc-source";
import { IngestedCatalog } from "./sources/ingested-source";
import { describeRemoteCollection, remoteItem } from "./sources/remote-source";
import type { SearchQuery } from "./search";
import type { StacCollection, StacItem } from "./stac-types";

export type CollectionSource = { kind: "remote"; config: RemoteCollectionConfig } | { kind: "ingested"; id: string } | { kind: "byoc"; id: string };

/**
 * All collections the back-end serves: the configured remote ones first, then the ingested
 * ones by id, then the requesting user's BYOC collections (`byoc-<uuid>`, when `byoc` is given).
 * Ids are unique across all (ingestion refuses a configured remote id and the BYOC form). One is
 * made per request (or run), so it reads each ingested collection document once, however often
 * the request looks the collection up.
 */
export class Catalog {
  private readonly ingested: IngestedCatalog;
  private readonly documents = new Map<string, Promise<StacCollection | null>>();

  constructor(data: R2Bucket, private readonly remotes: RemoteCollectionConfig[] = REMOTE_COLLECTIONS, private readonly byoc?: ByocCatalog) {
    this.ingested = new IngestedCatalog(data);
  }

  async collectionIds(): Promise<string[]> {
    return [...this.remotes.map((r) => r.id), ...(await this.ingested.collectionIds()), ...((await this.byoc?.collectionIds()) ?? [])];
  }

  /** Every collection's source, listed without reading any collection document. */
  async sources(): Promise<CollectionSource[]> {
    const [ingested, byoc] = await Promise.all([this.ingested.collectionIds(), this.byoc?.collectionIds() ?? []]);
    return [
      ...this.remotes.map((config) => ({ kind: "remote" as const, config })),
      ...ingested.map((id) => ({ kind: "ingested" as const, id })),
      ...byoc.map((id) => ({ kind: "byoc" as const, id })),
    ];
  }

  async source(id: string): Promise<CollectionSource> {
    const config = this.remotes.find((r) => r.id === id);
    if (config) return { kind: "remote", config };
    if (await this.byoc?.record(id)) return { kind: "byoc", id };
    if (await this.ingestedCollection(id)) return { kind: "ingested", id };
    throw new OpenEOError("CollectionNotFound", { identifier: id });
  }

  async collection(id: string): Promise<StacCollection> {
    const config = this.remotes.find((r) => r.id === id);
    if (config) return describeRemoteCollection(config);
    const collection = (await this.byoc?.collection(id)) ?? (await this.ingestedCollection(id));
    if (!collection) throw new OpenEOError("CollectionNotFound", { identifier: id });
    return collection;
  }

  private ingestedCollection(id: string): Promise<StacCollection | null> {
    let document = this.documents.get(id);
    if (!document) {
      document = this.ingested.collection(id);
      this.documents.set(id, document);
    }
    return document;
  }

  /** Every item of an ingested collection (for searching in memory). */
  ingestedItems(id: string): Promise<StacItem[]> {
    return this.ingested.items(id);
  }

  /** The items of a BYOC collection its index finds for the query's bbox and time (a superset of the matches). */
  byocItems(id: string, query: SearchQuery): Promise<StacItem[]> {
    if (!this.byoc) throw new OpenEOError("CollectionNotFound", { identifier: id });
    return this.byoc.items(id, query);
  }

  /** One answer of a BYOC collection's index (keyset-search.ts pages with it). */
  byocPage(id: string, query: Omit<ByocItemQuery, "maxBytes">): Promise<{ items: StacItem[]; more: boolean }> {
    if (!this.byoc) throw new OpenEOError("CollectionNotFound", { identifier: id });
    return this.byoc.page(id, query);
  }

  async item(collectionId: string, itemId: string): Promise<StacItem> {
    const source = await this.source(collectionId);
    if (source.kind === "remote") return remoteItem(source.config, itemId);
    if (source.kind === "byoc") return this.byoc!.item(collectionId, itemId);
    const item = (await this.ingested.items(collectionId)).find((i) => i.id === itemId);
    if (!item) throw new OpenEOError("ItemNotFound", { identifier: itemId, collection: collectionId });
    return item;
  }
}
