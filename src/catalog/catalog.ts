import { OpenEOError } from "../errors";
import { REMOTE_COLLECTIONS, type RemoteCollectionConfig } from "./remote-collections";
import { IngestedCatalog } from "./sources/ingested-source";
import { describeRemoteCollection, remoteItem } from "./sources/remote-source";
import type { StacCollection, StacItem } from "./stac-types";

export type CollectionSource = { kind: "remote"; config: RemoteCollectionConfig } | { kind: "ingested"; id: string };

/**
 * All collections the back-end serves: the configured remote ones first, then the ingested
 * ones by id. Ids are unique across both (ingestion refuses a configured remote id). One is made
 * per request (or run), so it reads each ingested collection document once, however often the
 * request looks the collection up.
 */
export class Catalog {
  private readonly ingested: IngestedCatalog;
  private readonly documents = new Map<string, Promise<StacCollection | null>>();

  constructor(data: R2Bucket, private readonly remotes: RemoteCollectionConfig[] = REMOTE_COLLECTIONS) {
    this.ingested = new IngestedCatalog(data);
  }

  async collectionIds(): Promise<string[]> {
    return [...this.remotes.map((r) => r.id), ...(await this.ingested.collectionIds())];
  }

  /** Every collection's source, listed without reading any collection document. */
  async sources(): Promise<CollectionSource[]> {
    const ingested = await this.ingested.collectionIds();
    return [...this.remotes.map((config) => ({ kind: "remote" as const, config })), ...ingested.map((id) => ({ kind: "ingested" as const, id }))];
  }

  async source(id: string): Promise<CollectionSource> {
    const config = this.remotes.find((r) => r.id === id);
    if (config) return { kind: "remote", config };
    if (await this.ingestedCollection(id)) return { kind: "ingested", id };
    throw new OpenEOError("CollectionNotFound", { identifier: id });
  }

  async collection(id: string): Promise<StacCollection> {
    const config = this.remotes.find((r) => r.id === id);
    if (config) return describeRemoteCollection(config);
    const collection = await this.ingestedCollection(id);
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

  async item(collectionId: string, itemId: string): Promise<StacItem> {
    const source = await this.source(collectionId);
    if (source.kind === "remote") return remoteItem(source.config, itemId);
    const item = (await this.ingested.items(collectionId)).find((i) => i.id === itemId);
    if (!item) throw new OpenEOError("ItemNotFound", { identifier: itemId, collection: collectionId });
    return item;
  }
}
