import { DurableObject } from "cloudflare:workers";
import type { ByocAggregates, ByocBand, ByocCollectionRecord, ByocItemPage, ByocItemQuery, ByocTileRecord, ByocTileRow } from "../src/catalog/byoc/records";
import type { Env } from "../src/env";
import { ByocTileTable } from "./byoc-tile-table";

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

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.tiles = new ByocTileTable(ctx.storage.sql);
    this.createTables();
  }

  private createTables(): void {
    this.aggregatesCache = undefined;
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS collection (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    this.tiles.create();
  }

  create(record: ByocCollectionRecord): boolean {
    if (this.find()) return false;
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
    await this.ctx.storage.deleteAll();
    this.createTables();
  }

  tileCount(): number {
    return this.tiles.count();
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
    return this.tiles.get(id);
  }

  deleteTile(id: string): boolean {
    this.aggregatesCache = undefined;
    return this.tiles.delete(id);
  }

  listTiles(count: number, after: string | null): { tiles: ByocTileRecord[]; more: boolean } {
    return this.tiles.list(count, after);
  }

  queryItems(query: ByocItemQuery): ByocItemPage {
    return this.tiles.query(query);
  }

  aggregates(): ByocAggregates {
    return (this.aggregatesCache ??= this.tiles.aggregates());
  }

  private save(record: ByocCollectionRecord): void {
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO collection (id, record) VALUES (?, ?)", record.id, JSON.stringify(record));
  }

  private find(): ByocCollectionRecord | undefined {
    const row = this.ctx.storage.sql.exec<{ record: string }>("SELECT record FROM collection").toArray()[0];
    return row ? (JSON.parse(row.record) as ByocCollectionRecord) : undefined;
  }
}
