import type { ByocAggregates, ByocItemPage, ByocItemQuery, ByocTileRecord, ByocTileRow } from "../src/catalog/byoc/records";
import { itemCells, queryCellRanges } from "../src/catalog/byoc/cells";
import { isIndexableProperty, type PropertyCondition } from "../src/catalog/byoc/property-conditions";
import { gridBox } from "../src/catalog/ingest/file-footprint";
import type { StacItem } from "../src/catalog/stac-types";

type Row = Record<string, SqlStorageValue>;

/** Where an item's files lie in their own CRS: its assets share one (ingestion checks it). */
function nativeBox(item: StacItem): { epsg: number | null; box: number[] | null; step: number | null } {
  const asset = Object.values(item.assets).find((a) => Array.isArray(a["proj:transform"]) && Array.isArray(a["proj:shape"]));
  const epsg = (asset?.["proj:epsg"] as number | undefined) ?? null;
  if (!asset) return { epsg, box: null, step: null };
  const transform = asset["proj:transform"] as number[];
  const [height, width] = asset["proj:shape"] as [number, number];
  return { epsg, box: gridBox(transform, width, height), step: Math.abs(transform[0]!) };
}

/**
 * A BYOC collection's tiles in SQLite: one row a tile, with the item it became in columns the
 * searches use (bbox, time, native extent). A small box seeks its grid cells' entries in
 * item_cells; other queries walk the time index, which holds the box columns too.
 */
export class ByocTileTable {
  constructor(private readonly sql: SqlStorage) {}

  create(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS tiles (
      id TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL, item TEXT,
      west REAL, south REAL, east REAL, north REAL, datetime INTEGER,
      epsg INTEGER, nx0 REAL, ny0 REAL, nx1 REAL, ny1 REAL, step REAL)`);
    // Pages are read newest first (the catalogue's order), so the time index is walked downwards from a page's last key.
    this.sql.exec("CREATE INDEX IF NOT EXISTS tiles_newest ON tiles (datetime DESC, id, west, east, south, north) WHERE status = 'INGESTED'");
    this.sql.exec("CREATE INDEX IF NOT EXISTS tiles_space ON tiles (west, east, south, north) WHERE status = 'INGESTED'");
    this.upgrade();
  }

  /**
   * The spatial index: one row per grid cell an ingested item is filed under (src/catalog/byoc/cells.ts),
   * keyed so that a cell's items are read newest first. The counts kept as tiles change, and an
   * index on each column the aggregates take a minimum or maximum of, so describing a collection
   * reads a few index entries, not every tile. Collections made before these get them filled from
   * their tiles once, when their object first starts.
   */
  upgrade(): void {
    const had = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'item_cells'").toArray().length > 0;
    if (had) return;
    this.sql.exec("CREATE TABLE item_cells (id TEXT NOT NULL, cell INTEGER NOT NULL, datetime INTEGER, PRIMARY KEY (id, cell)) WITHOUT ROWID");
    this.sql.exec("CREATE INDEX item_cells_newest ON item_cells (cell, datetime DESC, id)");
    for (const column of EXTREME_COLUMNS) this.sql.exec(`CREATE INDEX tiles_${column} ON tiles (${column}) WHERE status = 'INGESTED'`);
    this.sql.exec("CREATE INDEX tiles_crossing ON tiles (id) WHERE status = 'INGESTED' AND west > east");
    this.sql.exec(`CREATE TABLE tile_counts (k INTEGER PRIMARY KEY CHECK (k = 1), total INTEGER NOT NULL, ingested INTEGER NOT NULL, coded INTEGER NOT NULL)`);
    this.sql.exec(`INSERT INTO tile_counts (k, total, ingested, coded) SELECT 1, COUNT(*), COUNT(*) FILTER (WHERE status = 'INGESTED'),
      COUNT(*) FILTER (WHERE status = 'INGESTED' AND epsg IS NOT NULL) FROM tiles`);
    const rows = this.sql.exec<Row>("SELECT id, west, south, east, north, datetime FROM tiles WHERE status = 'INGESTED' AND west IS NOT NULL").toArray();
    for (const r of rows) this.fileCells(r.id as string, [r.west, r.south, r.east, r.north] as number[], r.datetime as number | null);
  }

  private fileCells(id: string, bbox: number[], datetime: number | null): void {
    for (const cell of itemCells(bbox as [number, number, number, number])) this.sql.exec("INSERT INTO item_cells (id, cell, datetime) VALUES (?, ?, ?)", id, cell, datetime);
  }

  count(): number {
    return this.sql.exec<{ n: number }>("SELECT total AS n FROM tile_counts").one().n;
  }

  /** Keeps tile_counts right as a tile goes (`sign` -1) or comes (+1). */
  private tally(sign: number, status: string, epsg: SqlStorageValue): void {
    const ingested = status === "INGESTED" ? sign : 0;
    this.sql.exec("UPDATE tile_counts SET total = total + ?, ingested = ingested + ?, coded = coded + ?", sign, ingested, epsg === null ? 0 : ingested);
  }

  private forget(id: string): boolean {
    const old = this.sql.exec<Row>("SELECT status, epsg FROM tiles WHERE id = ?", id).toArray()[0];
    if (old) this.tally(-1, old.status as string, old.epsg!);
    this.sql.exec("DELETE FROM item_cells WHERE id = ?", id);
    return old !== undefined;
  }

  put(row: ByocTileRow): void {
    const { tile, item } = row;
    const bbox = item?.bbox;
    const [west, south, east, north] = bbox ? (bbox.length === 6 ? [bbox[0], bbox[1], bbox[3], bbox[4]] : bbox) : [];
    const datetime = item?.properties.datetime ? Date.parse(item.properties.datetime) : null;
    const native = item ? nativeBox(item) : { epsg: null, box: null, step: null };
    this.forget(tile.id);
    this.tally(1, tile.status, native.epsg);
    this.sql.exec(
      `INSERT OR REPLACE INTO tiles (id, status, record, item, west, south, east, north, datetime, epsg, nx0, ny0, nx1, ny1, step)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      tile.id,
      tile.status,
      JSON.stringify(tile),
      item ? JSON.stringify(item) : null,
      west ?? null,
      south ?? null,
      east ?? null,
      north ?? null,
      datetime,
      native.epsg,
      native.box?.[0] ?? null,
      native.box?.[1] ?? null,
      native.box?.[2] ?? null,
      native.box?.[3] ?? null,
      native.step,
    );
    if (tile.status === "INGESTED" && west !== undefined) this.fileCells(tile.id, [west, south!, east!, north!], datetime);
  }

  get(id: string): ByocTileRow | null {
    const row = this.sql.exec<Row>("SELECT record, item FROM tiles WHERE id = ?", id).toArray()[0];
    return row ? toRow(row) : null;
  }

  delete(id: string): boolean {
    if (!this.forget(id)) return false;
    this.sql.exec("DELETE FROM tiles WHERE id = ?", id);
    return true;
  }

  /** A page of tiles by id, after the id `after`; `count + 1` are read to know whether more follow. */
  list(count: number, after: string | null): { tiles: ByocTileRecord[]; more: boolean } {
    const rows = this.sql.exec<Row>("SELECT record FROM tiles WHERE id > ? ORDER BY id LIMIT ?", after ?? "", count + 1).toArray();
    return { tiles: rows.slice(0, count).map((r) => JSON.parse(r.record as string) as ByocTileRecord), more: rows.length > count };
  }

  /**
   * Ingested items matching the query's bbox, time and ids, newest first (then by id), after the
   * key `after`: at most `limit`, and no more than `maxBytes` of JSON (an RPC answer has a size
   * limit). The items stay JSON text; `more` says that matches were left out.
   */
  query(query: ByocItemQuery): ByocItemPage {
    const { sql, args } = this.querySql(query);
    const cursor = this.sql.exec<Row>(sql, ...args);
    const items: string[] = [];
    let bytes = 0;
    for (const row of cursor) {
      const item = row.item as string;
      if (items.length === query.limit || (items.length > 0 && bytes + item.length > query.maxBytes)) return { items, more: true };
      items.push(item);
      bytes += item.length;
    }
    return { items, more: false };
  }

  /**
   * The query's SQL: a small bbox seeks its grid cells' index entries (time and page key applied
   * there too), other queries walk the time index; the exact bbox, ids and property comparisons are
   * checked on the tiles.
   */
  querySql(query: ByocItemQuery): { sql: string; args: SqlStorageValue[] } {
    const ranges = query.bbox ? queryCellRanges(query.bbox) : null;
    const time = ranges ? "c" : "t";
    const keyWhere: string[] = [];
    const keyArgs: SqlStorageValue[] = [];
    const key = (clause: string, ...values: SqlStorageValue[]) => {
      keyWhere.push(clause);
      keyArgs.push(...values);
    };
    if (query.start !== undefined && query.start !== null) key(`${time}.datetime >= ?`, query.start);
    if (query.end !== undefined && query.end !== null) key(`${time}.datetime <= ?`, query.end);
    if (query.after) {
      const { datetime, id, inclusive } = query.after;
      // The plain bound lets SQLite seek in the index to the key instead of walking to it.
      key(`${time}.datetime <= ? AND (${time}.datetime < ? OR (${time}.datetime = ? AND ${time}.id ${inclusive ? ">=" : ">"} ?))`, datetime, datetime, datetime, id);
    }
    const where = ["t.status = 'INGESTED'"];
    const args: SqlStorageValue[] = [];
    if (query.bbox) {
      const [w, s, e, n] = query.bbox;
      where.push("t.north >= ? AND t.south <= ?", longitudes(w, e));
      args.push(s, n, w, e, ...(w <= e ? [w, e] : []));
    }
    if (query.ids) {
      // One parameter for all ids: Durable Objects' SQLite binds at most 100 in a statement.
      where.push("t.id IN (SELECT value FROM json_each(?))");
      args.push(JSON.stringify(query.ids));
    }
    for (const c of (query.where ?? []).filter((c) => isIndexableProperty(c.property) && OPS.has(c.op))) {
      const [clause, ...values] = propertyClause(c);
      where.push(clause);
      args.push(...values);
    }
    if (!ranges) {
      return { sql: `SELECT t.item FROM tiles AS t WHERE ${[...where, ...keyWhere].join(" AND ")} ORDER BY t.datetime DESC, t.id`, args: [...args, ...keyArgs] };
    }
    const cells = ranges.map(() => "c.cell BETWEEN ? AND ?").join(" OR ");
    // CROSS JOIN keeps SQLite from walking the tiles first and probing the cells.
    const sql = `SELECT t.item FROM (SELECT DISTINCT c.id, c.datetime FROM item_cells AS c WHERE (${cells})${keyWhere.map((k) => ` AND ${k}`).join("")}) AS c
      CROSS JOIN tiles AS t ON t.id = c.id WHERE ${where.join(" AND ")} ORDER BY c.datetime DESC, c.id`;
    return { sql, args: [...ranges.flat(), ...keyArgs, ...args] };
  }

  /** Each minimum or maximum from its own index (a few entries read), the counts from tile_counts. */
  aggregates(): ByocAggregates {
    const extreme = (fn: "MIN" | "MAX", column: string) => this.sql.exec<Row>(`SELECT ${fn}(${column}) AS v FROM tiles WHERE status = 'INGESTED'`).one().v ?? null;
    const counts = this.sql.exec<Row>("SELECT ingested, coded FROM tile_counts").one();
    const a: Record<string, SqlStorageValue> = {
      n: counts.ingested!,
      coded: counts.coded!,
      w: extreme("MIN", "west"),
      s: extreme("MIN", "south"),
      e: extreme("MAX", "east"),
      nn: extreme("MAX", "north"),
      t0: extreme("MIN", "datetime"),
      t1: extreme("MAX", "datetime"),
      epsg: extreme("MIN", "epsg"),
      x0: extreme("MIN", "nx0"),
      y0: extreme("MIN", "ny0"),
      x1: extreme("MAX", "nx1"),
      y1: extreme("MAX", "ny1"),
      step: extreme("MIN", "step"),
      crossing: this.sql.exec<Row>(CROSSING_SQL).one().v!,
    };
    // One CRS: the smallest and largest code are the same, and every item has one.
    a.codes = a.epsg !== null && a.epsg === extreme("MAX", "epsg") ? 1 : 2;
    const count = a.n as number;
    const iso = (ms: SqlStorageValue) => (ms === null ? null : new Date(ms as number).toISOString());
    const sample = this.sql.exec<Row>("SELECT item FROM tiles WHERE status = 'INGESTED' LIMIT 1").toArray()[0];
    const oneCrs = count > 0 && a.codes === 1 && a.coded === count && a.x0 !== null;
    return {
      count,
      // A box across the antimeridian has no single west and east among the others': the extent is then all longitudes.
      bbox: count ? [a.crossing ? -180 : (a.w as number), a.s as number, a.crossing ? 180 : (a.e as number), a.nn as number] : null,
      interval: [iso(a.t0!), iso(a.t1!)],
      native: oneCrs ? { epsg: a.epsg as number, extent: [a.x0 as number, a.y0 as number, a.x1 as number, a.y1 as number], step: a.step as number } : null,
      sample: sample ? (JSON.parse(sample.item as string) as StacItem) : null,
    };
  }
}

/**
 * Boxes that reach the query's longitudes [w, e] (bound as w, e, and again w, e when w <= e): a
 * stored box with west > east, and a query with w > e, cross the antimeridian and are two ranges each.
 */
function longitudes(w: number, e: number): string {
  if (w <= e) return "((t.west <= t.east AND t.east >= ? AND t.west <= ?) OR (t.west > t.east AND (t.east >= ? OR t.west <= ?)))";
  return "(t.west > t.east OR t.east >= ? OR t.west <= ?)";
}

/** Columns whose minimum or maximum the aggregates take; each has its own index (datetime's and west's lead others). */
const EXTREME_COLUMNS = ["south", "east", "north", "epsg", "nx0", "ny0", "nx1", "ny1", "step"];

/** Whether a box crosses the antimeridian: named index, as SQLite would otherwise walk tiles_space to its end when none does. */
export const CROSSING_SQL = "SELECT EXISTS (SELECT 1 FROM tiles INDEXED BY tiles_crossing WHERE status = 'INGESTED' AND west > east) AS v";

const OPS = new Set(["=", "<>", "<", "<=", ">", ">="]);

/**
 * A property comparison as SQL with bound values (the op is one of OPS): it holds only where the
 * property has the literal's JSON type, as CQL2's comparison of other types is unknown. Numbers
 * compare as doubles, as JavaScript reads them.
 */
function propertyClause(c: PropertyCondition): [string, ...SqlStorageValue[]] {
  const path = `$.properties."${c.property}"`;
  if (typeof c.value === "number") return [`json_type(t.item, ?) IN ('integer', 'real') AND CAST(json_extract(t.item, ?) AS REAL) ${c.op} ?`, path, path, c.value];
  return [`json_type(t.item, ?) = 'text' AND json_extract(t.item, ?) ${c.op} ?`, path, path, c.value];
}

function toRow(row: Row): ByocTileRow {
  return { tile: JSON.parse(row.record as string) as ByocTileRecord, item: row.item === null ? null : (JSON.parse(row.item as string) as StacItem) };
}
