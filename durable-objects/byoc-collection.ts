import { DurableObject } from "cloudflare:workers";
import type { ByocAggregates, ByocBand, ByocCollectionRecord, ByocItemPage, ByocItemQuery, ByocTileRecord, ByocTileRow } from "../src/catalog/byoc/records";
import type { Env } from "../src/env";
import { ByocTileTable } from "./byoc-tile-table";

const EMPTY_AGGREGATES: ByocAggregates = { count: 0, bbox: null, interval: [null, null], native: null, sample: null };

/**
 * One per BYOC collection (named by its UUID): the collection's record and its tiles' index in
 * SQLite. Searches of the collection (the catalogue, load_collection, the Process API) query it
 * by bbox, time and properties instead of reading every item. Answers null where the collection
 * does not exist (errors do not keep their type across RPC); the API checks the owner.
 */
export class ByocCollectionDO extends DurableObject<Env> {
  private readonly tiles: ByocTileTable;
  /** Described collections are asked for far more often than tiles change: kept until the next change. */
  private aggregatesCache: ByocAggregates | undefined;

  /** Whether the collection's tables exist: probing an id that names no collection must not create storage. */
  private created = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.tiles = new ByocTileTable(ctx.storage.sql);
  }

  create(record: ByocCollectionRecord): boolean {
    if (this.find()) return false;
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS collection (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    this.tiles.create();
    this.created = true;
    this.save(record);
    return true;
  }

  get(): ByocCollectionRecord | null {
    return this.find() ?? null;
  }

  /** The record with `patch` applied; null when the collection does not exist. */
  update(patch: Partial<Pick<ByocCollectionRecord, "name" | "s3Bucket" | "bands" | "noData">>): ByocCollectionRecord | null {
    const record = this.find();
    if (!record) return null;
    const updated = { ...record, ...patch };
    this.save(updated);
    return updated;
  }

  /** Forgets the collection and every tile. */
  async destroy(): Promise<void> {
    this.aggregatesCache = undefined;
    this.created = false;
    await this.ctx.storage.deleteAll();
  }

  tileCount(): number {
    return this.exists() ? this.tiles.count() : 0;
  }

  /** Stores tiles (new or changed), in one transaction; false when the collection does not exist. */
  putTiles(rows: ByocTileRow[]): boolean {
    if (!this.find()) return false;
    this.aggregatesCache = undefined;
    this.ctx.storage.transactionSync(() => rows.forEach((row) => this.tiles.put(row)));
    return true;
  }

  /**
   * Stores a checked tile in one step with the bands it was checked against: the first ingested
   * tile configures the collection's bands; a tile checked against other bands than those
   * configured meanwhile (another tile was first) is stored FAILED. Null when the collection is gone.
   */
  commitTile(row: ByocTileRow, bands: Record<string, ByocBand> | null): ByocTileRow | null {
    const record = this.find();
    if (!record) return null;
    let stored = row;
    if (row.tile.status === "INGESTED" && bands) {
      const configured = record.bands !== null && Object.values(record.bands).some((b) => b.sampleFormat !== undefined);
      if (!configured) this.save({ ...record, bands });
      else if (JSON.stringify(record.bands) !== JSON.stringify(bands)) {
        const cause = "the collection's bands were configured by another tile while this one was checked; register it again";
        stored = { tile: { ...row.tile, status: "FAILED", coverGeometry: undefined, additionalData: { failedIngestionCause: cause } }, item: null };
      }
    }
    this.aggregatesCache = undefined;
    this.tiles.put(stored);
    return stored;
  }

  tile(id: string): ByocTileRow | null {
    return this.exists() ? this.tiles.get(id) : null;
  }

  deleteTile(id: string): boolean {
    this.aggregatesCache = undefined;
    return this.exists() && this.tiles.delete(id);
  }

  listTiles(count: number, after: string | null): { tiles: ByocTileRecord[]; more: boolean } {
    return this.exists() ? this.tiles.list(count, after) : { tiles: [], more: false };
  }

  queryItems(query: ByocItemQuery): ByocItemPage {
    return this.exists() ? this.tiles.query(query) : { items: [], more: false };
  }

  aggregates(): ByocAggregates {
    return (this.aggregatesCache ??= this.exists() ? this.tiles.aggregates() : EMPTY_AGGREGATES);
  }

  private save(record: ByocCollectionRecord): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO collection (id, record) VALUES (?, ?)", record.id, JSON.stringify(record));
  }

  private exists(): boolean {
    if (this.created) return true;
    this.created = this.ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'collection'").toArray().length > 0;
    // A collection made before the spatial index and kept counts gets them on its object's first use.
    if (this.created) this.ctx.storage.transactionSync(() => this.tiles.upgrade());
    return this.created;
  }

  private find(): ByocCollectionRecord | undefined {
    if (!this.exists()) return undefined;
    const row = this.ctx.storage.sql.exec<{ record: string }>("SELECT record FROM collection").toArray()[0];
    return row ? (JSON.parse(row.record) as ByocCollectionRecord) : undefined;
  }
}
