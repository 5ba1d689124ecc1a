/**
 * A BYOC collection's index at scale: 200,000 items spread over the globe, queried by small boxes
 * and time through the grid cells' index (asserted on SQLite's query plan), paged by key, and its
 * aggregates kept right across inserts and deletes. Expected ids recomputed from the items' definition.
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import type { ByocItemQuery, ByocTileRow } from "../../src/catalog/byoc/records";
import type { StacItem } from "../../src/catalog/stac-types";
import { byocStub } from "../../src/catalog/sources/byoc-source";
import { ByocTileTable, CROSSING_SQL } from "../../durable-objects/byoc-tile-table";
import { loginAs, request } from "../support/http";

const N = 200_000;
const COLS = 3600;
const ORIGIN = Date.parse("2020-01-01T00:00:00Z");
const MAX_BYTES = 1 << 30;

/** Item i: a 0.05° box at column i % 3600 (every 0.1° from 180°W) and row i / 3600 (every 2° from 56°S), at minute i. */
function boxOf(i: number): [number, number, number, number] {
  const [w, s] = [-180 + (i % COLS) * 0.1, -56 + Math.floor(i / COLS) * 2];
  return [w, s, w + 0.05, s + 0.05];
}
/** Cloud cover i % 101 (absent for every 7th item), and a platform of two. */
const propertiesOf = (i: number) => ({ ...(i % 7 === 0 ? {} : { "eo:cloud_cover": i % 101 }), platform: i % 3 === 0 ? "sentinel-2a" : "sentinel-2b" });
const timeOf = (i: number) => ORIGIN + i * 60_000;
const idOf = (i: number) => `item-${String(i).padStart(6, "0")}`;

function rowOf(uuid: string, i: number): ByocTileRow {
  const bbox = boxOf(i);
  const datetime = new Date(timeOf(i)).toISOString();
  const item: StacItem = { type: "Feature", stac_version: "1.0.0", id: idOf(i), collection: `byoc-${uuid}`, bbox, geometry: null, properties: { datetime, ...propertiesOf(i) }, links: [], assets: {} };
  return { tile: { id: idOf(i), path: `p/${i}`, status: "INGESTED", sensingTime: datetime, created: "", ingestionStart: null, additionalData: {} }, item };
}

/** Ids of items meeting `bbox` (not across the antimeridian) in [start, end], newest first, recomputed from the definition. */
function expected(bbox: [number, number, number, number], start: number, end: number): string[] {
  const ids: string[] = [];
  for (let i = N - 1; i >= 0; i--) {
    const b = boxOf(i);
    if (b[2] >= bbox[0] && b[0] <= bbox[2] && b[3] >= bbox[1] && b[1] <= bbox[3] && timeOf(i) >= start && timeOf(i) <= end) ids.push(idOf(i));
  }
  return ids;
}

let uuid: string;
let alice: string;
let index: ReturnType<typeof byocStub>;
const ids = async (query: Omit<ByocItemQuery, "maxBytes">) => (await index.queryItems({ ...query, maxBytes: MAX_BYTES })).items.map((t) => (JSON.parse(t) as StacItem).id);

beforeAll(async () => {
  alice = await loginAs("alice");
  const res = await request("/api/v1/byoc/collections", { method: "POST", headers: { Authorization: alice, "Content-Type": "application/json" }, body: JSON.stringify({ name: "scale" }) });
  expect(res.status, await res.clone().text()).toBe(201);
  uuid = ((await res.json()) as { data: { id: string } }).data.id;
  index = byocStub(env.BYOC, uuid);
  const started = Date.now();
  for (let start = 0; start < N; start += 5000) expect(await index.putTiles(Array.from({ length: 5000 }, (_, k) => rowOf(uuid, start + k)))).toBe(true);
  console.log(`inserted ${N} items in ${Date.now() - started} ms`);
}, 120_000);

describe("a BYOC collection's index of 200,000 items", () => {
  it("answers small boxes with time ranges exactly, from the cells' index", async () => {
    expect(await index.tileCount()).toBe(N);
    const cases: [[number, number, number, number], number, number][] = [
      [[10.02, 40.01, 10.33, 40.04], ORIGIN, ORIGIN + N * 60_000],
      [[-30.5, -20, -29.5, 13], timeOf(20_000), timeOf(150_000)],
      [[179.9, -56, 180, 54], ORIGIN, ORIGIN + N * 60_000],
      [[0.01, 0.01, 0.02, 0.02], ORIGIN, ORIGIN + N * 60_000],
    ];
    for (const [bbox, start, end] of cases) {
      const want = expected(bbox, start, end);
      const started = performance.now();
      const got = await ids({ bbox, start, end, limit: 10_000 });
      console.log(`bbox ${bbox.join(",")}: ${got.length} items in ${(performance.now() - started).toFixed(1)} ms`);
      expect(got).toEqual(want);
    }
    expect(expected([10.02, 40.01, 10.33, 40.04], ORIGIN, ORIGIN + N * 60_000).length).toBeGreaterThan(0);
  });

  it("checks a filter's simple comparisons in SQL, and the catalogue's search still checks the whole filter", async () => {
    const bbox: [number, number, number, number] = [-100.5, -56, -97.5, 54];
    const cover = (i: number) => propertiesOf(i)["eo:cloud_cover"];
    const wanted = (test: (i: number) => boolean) => new Set(Array.from({ length: N }, (_, i) => i).filter(test).map(idOf));
    const inBox = new Set(expected(bbox, ORIGIN, ORIGIN + N * 60_000));
    const where = [
      { property: "eo:cloud_cover", op: "<=", value: 10 },
      { property: "platform", op: "=", value: "sentinel-2a" },
    ] as const;
    const got = await ids({ bbox, where: [...where], limit: 10_000 });
    const passing = wanted((i) => cover(i) !== undefined && cover(i)! <= 10 && i % 3 === 0);
    const want = [...inBox].filter((id) => passing.has(id));
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
    // A string on the other side of a number, and a number against a string property, match nothing (CQL2: unknown).
    expect(await ids({ bbox, where: [{ property: "eo:cloud_cover", op: "<>", value: "x" }], limit: 10 })).toEqual([]);
    expect(await ids({ bbox, where: [{ property: "platform", op: "<>", value: 1 }], limit: 10 })).toEqual([]);
    // Through the search: the OR is checked in memory on what the index's AND part answers.
    const filter = encodeURIComponent("eo:cloud_cover > 95 AND (platform = 'sentinel-2b' OR eo:cloud_cover = 100)");
    const res = await request(`/v1/search?collections=byoc-${uuid}&bbox=${bbox.join(",")}&filter=${filter}&limit=1000`, { headers: { Authorization: alice } });
    expect(res.status, await res.clone().text()).toBe(200);
    const features = ((await res.json()) as { features: { id: string }[] }).features.map((f) => f.id);
    const matching = wanted((i) => cover(i) !== undefined && cover(i)! > 95 && (i % 3 !== 0 || cover(i) === 100));
    const viaSearch = [...inBox].filter((id) => matching.has(id));
    expect(viaSearch.length).toBeGreaterThan(0);
    expect(features).toEqual(viaSearch);
  });

  it("answers a search for 150 ids (one bound parameter, past SQLite's 100), and a filter matching nothing in a few index calls", async () => {
    const wantedIds = Array.from({ length: 150 }, (_, k) => idOf(N - 1 - k * 997));
    const byIds = await request("/v1/search", { method: "POST", headers: { Authorization: alice, "Content-Type": "application/json" }, body: JSON.stringify({ collections: [`byoc-${uuid}`], ids: wantedIds, limit: 200 }) });
    expect(byIds.status, await byIds.clone().text()).toBe(200);
    expect(((await byIds.json()) as { features: { id: string }[] }).features.map((f) => f.id)).toEqual(wantedIds);
    // No item has a cloud cover over 100: every item the index answers is refused in memory.
    const calls = vi.spyOn(Catalog.prototype, "byocPage");
    const filter = encodeURIComponent("eo:cloud_cover > 100 OR platform = 'none'");
    const none = await request(`/v1/search?collections=byoc-${uuid}&filter=${filter}&limit=1`, { headers: { Authorization: alice } });
    expect(none.status, await none.clone().text()).toBe(200);
    expect(((await none.json()) as { features: unknown[] }).features).toEqual([]);
    expect(calls.mock.calls.length).toBeLessThanOrEqual(11);
    calls.mockRestore();
  });

  it("finds items across the antimeridian from both sides' cells", async () => {
    // Column 3599 starts at 179.9°E; column 0 at 180°W: a box from 179.95°E to 179.95°W meets both.
    const got = await ids({ bbox: [179.95, 0, -179.95, 1], limit: 100 });
    const want = Array.from({ length: N }, (_, i) => i).filter((i) => boxOf(i)[1] <= 1 && boxOf(i)[3] >= 0 && (i % COLS === 0 || i % COLS === COLS - 1)).reverse().map(idOf);
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });

  it("pages by key through a box's items, none twice and none left out", async () => {
    const bbox: [number, number, number, number] = [-100.5, -56, -97.5, 54];
    const want = expected(bbox, ORIGIN, ORIGIN + N * 60_000);
    const seen: string[] = [];
    let after: ByocItemQuery["after"];
    for (;;) {
      const page = await index.queryItems({ bbox, limit: 7, maxBytes: MAX_BYTES, ...(after ? { after } : {}) });
      const items = page.items.map((t) => JSON.parse(t) as StacItem);
      seen.push(...items.map((i) => i.id));
      if (!page.more) break;
      const last = items.at(-1)!;
      after = { datetime: Date.parse(last.properties.datetime!), id: last.id, inclusive: false };
    }
    expect(seen).toEqual(want);
  });

  it("seeks the cells' index for a small box and walks the time index for a large one", async () => {
    const plans = await runInDurableObject(env.BYOC.get(env.BYOC.idFromName(uuid)), (_, state) => {
      const table = new ByocTileTable(state.storage.sql);
      const plan = (query: ByocItemQuery) => {
        const { sql, args } = table.querySql(query);
        return state.storage.sql.exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ...args).toArray().map((r) => r.detail).join("\n");
      };
      const after = { datetime: timeOf(100_000), id: idOf(100_000), inclusive: false };
      return { small: plan({ bbox: [10, 40, 10.5, 40.5], start: ORIGIN, end: timeOf(150_000), after, limit: 10, maxBytes: MAX_BYTES }), large: plan({ bbox: [-120, -50, 120, 50], limit: 10, maxBytes: MAX_BYTES }) };
    });
    expect(plans.small).toMatch(/SEARCH c USING (COVERING )?INDEX item_cells_newest \(cell>\? AND cell<\?\)/);
    expect(plans.small).toMatch(/SEARCH t USING INDEX sqlite_autoindex_tiles_1 \(id=\?\)/);
    expect(plans.small).not.toMatch(/SCAN (t|tiles)\b/);
    expect(plans.large).toMatch(/tiles_newest/);
    // The aggregates read one end of an index each, never every tile.
    const extremes = await runInDurableObject(env.BYOC.get(env.BYOC.idFromName(uuid)), (_, state) =>
      ["west", "south", "east", "north", "datetime", "epsg", "nx0", "ny0", "nx1", "ny1", "step"].flatMap((column) =>
        ["MIN", "MAX"].map((fn) => state.storage.sql.exec<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT ${fn}(${column}) AS v FROM tiles WHERE status = 'INGESTED'`).toArray().map((r) => r.detail).join("\n")),
      ),
    );
    for (const plan of extremes) expect(plan).toMatch(/^SEARCH tiles USING (COVERING )?INDEX \w+/);
    const crossing = await runInDurableObject(env.BYOC.get(env.BYOC.idFromName(uuid)), (_, state) => state.storage.sql.exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${CROSSING_SQL}`).toArray().map((r) => r.detail).join("\n"));
    expect(crossing).toMatch(/SCAN tiles USING (COVERING )?INDEX tiles_crossing/);
  });

  it("keeps its aggregates right after inserts and deletes", async () => {
    const started = performance.now();
    const before = await index.aggregates();
    console.log(`aggregates of ${N} items in ${(performance.now() - started).toFixed(1)} ms`);
    expect(before.count).toBe(N);
    expect(before.bbox).toEqual([-180, -56, boxOf(COLS - 1)[2], boxOf(N - 1)[3]]);
    expect(before.interval).toEqual([new Date(ORIGIN).toISOString(), new Date(timeOf(N - 1)).toISOString()]);
    // The newest and the oldest item go: the interval shrinks by one minute at each end, and their cells forget them.
    expect(await index.deleteTile(idOf(N - 1))).toBe(true);
    expect(await index.deleteTile(idOf(0))).toBe(true);
    const after = await index.aggregates();
    expect(after.count).toBe(N - 2);
    expect(await index.tileCount()).toBe(N - 2);
    expect(after.interval).toEqual([new Date(timeOf(1)).toISOString(), new Date(timeOf(N - 2)).toISOString()]);
    // The last row's items end at column (N - 1) % 3600: without the deleted one, the northernmost box is its left neighbour's.
    expect(after.bbox).toEqual([-180, -56, boxOf(COLS - 1)[2], boxOf(N - 2)[3]]);
    expect(await ids({ bbox: boxOf(0), limit: 10 })).toEqual([]);
    await index.putTiles([rowOf(uuid, 0)]);
    expect((await index.aggregates()).interval[0]).toBe(new Date(ORIGIN).toISOString());
    expect(await ids({ bbox: boxOf(0), limit: 10 })).toEqual([idOf(0)]);
  });

  it("fills the cells and counts of a collection stored before them on its object's first use", async () => {
    const old = crypto.randomUUID();
    const stub = env.BYOC.get(env.BYOC.idFromName(old));
    // The tables as they were: the collection, and tiles with their time and space indexes only.
    await runInDurableObject(stub, (_, state) => {
      const sql = state.storage.sql;
      sql.exec("CREATE TABLE collection (id TEXT PRIMARY KEY, record TEXT NOT NULL)");
      sql.exec("INSERT INTO collection (id, record) VALUES (?, ?)", old, JSON.stringify({ id: old, owner: "alice", name: "old", s3Bucket: null, created: "", bands: null, noData: null }));
      sql.exec(`CREATE TABLE tiles (id TEXT PRIMARY KEY, status TEXT NOT NULL, record TEXT NOT NULL, item TEXT, west REAL, south REAL, east REAL, north REAL,
        datetime INTEGER, epsg INTEGER, nx0 REAL, ny0 REAL, nx1 REAL, ny1 REAL, step REAL)`);
      for (const i of [5, 6, 4000]) {
        const { tile, item } = rowOf(old, i);
        const [w, s, e, n] = boxOf(i);
        sql.exec("INSERT INTO tiles (id, status, record, item, west, south, east, north, datetime) VALUES (?, 'INGESTED', ?, ?, ?, ?, ?, ?, ?)", tile.id, JSON.stringify(tile), JSON.stringify(item), w, s, e, n, timeOf(i));
      }
    });
    const legacy = byocStub(env.BYOC, old);
    expect(await legacy.tileCount()).toBe(3);
    expect((await legacy.queryItems({ bbox: [-179.5, -56, -179.35, -55], limit: 10, maxBytes: MAX_BYTES })).items.map((t) => (JSON.parse(t) as StacItem).id)).toEqual([idOf(6), idOf(5)]);
    const tables = await runInDurableObject(stub, (_, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name IN ('item_cells', 'tile_counts')").toArray().length);
    expect(tables).toBe(2);
    expect((await legacy.aggregates()).count).toBe(3);
  });
});
