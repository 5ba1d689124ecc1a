/**
 * Sentinel Hub's Catalog API (/api/v1/catalog/1.0.0/) over collections ingested here
 * (byoc-<id>): every endpoint, search by each parameter, paging through every item by
 * `context.next`, fields, distinct, and bad input in Sentinel Hub's error shape. Expected ids
 * and values are recomputed from the fixture scenes below.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestFixture, sceneBBox, type FixtureScene } from "../support/catalog-fixture";
import { loginAs, ORIGIN, request } from "../support/http";

const ROOT = "/api/v1/catalog/1.0.0";
const A: [number, number] = [500000, 5000000];
const B: [number, number] = [700000, 5000000];
const SCENES: FixtureScene[] = [
  { id: "C1", datetime: "2024-05-01T10:00:00Z", origin: A, cloud: 90, platform: "sentinel-2a" },
  { id: "C2", datetime: "2024-05-03T10:00:00Z", origin: A, cloud: 10, platform: "sentinel-2b" },
  { id: "C3", datetime: "2024-05-03T10:05:00Z", origin: B, cloud: 30, platform: "sentinel-2a" },
  { id: "C4", datetime: "2024-05-06T10:00:00Z", origin: A, cloud: 0, platform: "sentinel-2b" },
  { id: "C5", datetime: "2024-05-08T10:00:00Z", origin: B, cloud: 55, platform: "sentinel-2a" },
  { id: "C6", datetime: "2024-05-11T10:00:00Z", origin: A, cloud: 5, platform: "sentinel-2b" },
  { id: "C7", datetime: "2024-05-13T10:00:00Z", origin: B, cloud: 70, platform: "sentinel-2a" },
];

/** Ids of scenes in the order searches answer them: newest first. */
const newestFirst = (scenes: FixtureScene[]) => [...scenes].sort((a, b) => Date.parse(b.datetime) - Date.parse(a.datetime)).map((s) => s.id);

type Link = { rel: string; href: string; method?: string; body?: Record<string, unknown>; merge?: boolean };
type Item = { id: string; collection: string; properties: Record<string, unknown>; links: Link[]; assets: Record<string, { href: string }>; geometry?: unknown };
type Page = { type: string; features: Item[]; links: Link[]; context: { next?: number; limit: number; returned: number } };
type ShError = { error: { status: number; reason: string; message: string; code: string } };

let auth: string;
const get = (path: string, headers: Record<string, string> = { Authorization: auth }) => request(path, { headers });
const post = (body: unknown, path = `${ROOT}/search`) =>
  request(path, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify(body) });
async function page(res: Response): Promise<Page> {
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get("Content-Type")).toContain("application/geo+json");
  return (await res.json()) as Page;
}
const ids = (p: Page) => p.features.map((f) => f.id);
const searchRaw = (body: Record<string, unknown>) => post({ collections: ["byoc-cat"], ...body });
const search = async (body: Record<string, unknown>) => page(await searchRaw(body));

async function expectShError(res: Response, status: number, code: string, message?: string): Promise<void> {
  const body = (await res.json()) as ShError;
  expect([res.status, body.error.status, body.error.code], JSON.stringify(body)).toEqual([status, status, code]);
  expect(body.error.reason).toMatch(/\w/);
  if (message) expect(body.error.message).toContain(message);
}

beforeAll(async () => {
  await ingestFixture(env.DATA, "cat", SCENES);
  await ingestFixture(env.DATA, "other", [{ ...SCENES[0]!, id: "O1" }]);
  // A half-finished ingest (files, no collection.json) is no collection: never listed, never a 404 for the lists.
  await env.DATA.put("collections/half/items/H1/B04.tif", new Uint8Array(8));
  auth = await loginAs("alice");
});

describe("landing page, conformance and collections", () => {
  it("serves the landing page and conformance without a token, linking every collection by its Sentinel Hub name (not a half-ingested one)", async () => {
    const res = await request(`${ROOT}/`);
    expect(res.status).toBe(200);
    const landing = (await res.json()) as { type: string; stac_version: string; conformsTo: string[]; links: Link[] };
    expect([landing.type, landing.stac_version]).toEqual(["Catalog", "1.0.0"]);
    const href = (rel: string) => landing.links.filter((l) => l.rel === rel).map((l) => l.href);
    expect(href("self")).toEqual([`${ORIGIN}${ROOT}/`]);
    expect(href("conformance")).toEqual([`${ORIGIN}${ROOT}/conformance`]);
    expect(href("data")).toEqual([`${ORIGIN}${ROOT}/collections`]);
    expect(href("http://www.opengis.net/def/rel/ogc/1.0/queryables")).toEqual([`${ORIGIN}${ROOT}/queryables`]);
    expect(landing.links.filter((l) => l.rel === "search").map((l) => [l.href, l.method])).toEqual([[`${ORIGIN}${ROOT}/search`, "GET"], [`${ORIGIN}${ROOT}/search`, "POST"]]);
    expect(href("child").sort()).toEqual(["byoc-cat", "byoc-other", "sentinel-2-l2a"].map((n) => `${ORIGIN}${ROOT}/collections/${n}`));
    expect(landing.conformsTo).toEqual(expect.arrayContaining(["https://api.stacspec.org/v1.0.0/item-search", "https://api.stacspec.org/v1.0.0/item-search#filter", "https://api.stacspec.org/v1.0.0/item-search#fields"]));
    const conformance = (await (await request(`${ROOT}/conformance`)).json()) as { conformsTo: string[] };
    expect(conformance.conformsTo).toEqual(landing.conformsTo);
  });

  it("wants a token for everything else, refusing in Sentinel Hub's shape", async () => {
    for (const path of ["/queryables", "/collections", "/collections/byoc-cat", "/collections/byoc-cat/items", "/collections/byoc-cat/items/C1", "/collections/byoc-cat/queryables", "/search?collections=byoc-cat"]) {
      await expectShError(await get(`${ROOT}${path}`, {}), 401, "COMMON_UNAUTHORIZED");
    }
    await expectShError(await request(`${ROOT}/search`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }), 401, "COMMON_UNAUTHORIZED");
  });

  it("lists collections as sentinel-2-l2a and byoc-<id> (not a half-ingested one), linked into the catalogue", async () => {
    const list = (await (await get(`${ROOT}/collections`)).json()) as { collections: { id: string; links: Link[] }[] };
    expect(list.collections.map((c) => c.id).sort()).toEqual(["byoc-cat", "byoc-other", "sentinel-2-l2a"]);
    const res = await get(`${ROOT}/collections/byoc-cat`);
    expect(res.status).toBe(200);
    const cat = (await res.json()) as { id: string; title: string; links: Link[] };
    expect([cat.id, cat.title]).toEqual(["byoc-cat", "Fixture scenes"]);
    const rel = Object.fromEntries(cat.links.map((l) => [l.rel, l.href]));
    expect([rel.self, rel.items]).toEqual([`${ORIGIN}${ROOT}/collections/byoc-cat`, `${ORIGIN}${ROOT}/collections/byoc-cat/items`]);
    const queryables = (await (await get(`${ROOT}/collections/byoc-cat/queryables`)).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(queryables.properties)).toContain("eo:cloud_cover");
  });

  it("serves the queryables of every collection, as the filter conformance class promises", async () => {
    const res = await get(`${ROOT}/queryables`);
    expect([res.status, res.headers.get("Content-Type")]).toEqual([200, "application/schema+json"]);
    const schema = (await res.json()) as { $id: string; type: string; properties: Record<string, unknown> };
    expect([schema.$id, schema.type]).toEqual([`${ORIGIN}${ROOT}/queryables`, "object"]);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["id", "collection", "geometry", "datetime"]));
  });

  it("names a collection only as Sentinel Hub does: 404 for an ingested id without byoc- or a remote one with it", async () => {
    for (const name of ["cat", "byoc-sentinel-2-l2a", "byoc-", "byoc-nope"]) {
      await expectShError(await get(`${ROOT}/collections/${name}`), 404, "COMMON_NOT_FOUND", name);
    }
    await expectShError(await post({ collections: ["cat"] }), 404, "COMMON_NOT_FOUND");
    await expectShError(await get(`${ROOT}/collections/${"x".repeat(257)}`), 404, "COMMON_NOT_FOUND");
    await expectShError(await get(`${ROOT}/collections/byoc-a%2Fb/items`), 404, "COMMON_NOT_FOUND");
    await expectShError(await post({ collections: [`byoc-${"x".repeat(2000)}`] }), 400, "COMMON_BAD_PAYLOAD", "collections");
    await expectShError(await post({ collections: ["byoc-a/b"] }), 400, "COMMON_BAD_PAYLOAD", "collections");
  });
});

describe("items", () => {
  it("serves one item under its Sentinel Hub collection, its files downloadable from the openEO API", async () => {
    const res = await get(`${ROOT}/collections/byoc-cat/items/C3`);
    expect(res.status).toBe(200);
    const item = (await res.json()) as Item;
    expect([item.id, item.collection, item.properties["eo:cloud_cover"], item.properties.datetime]).toEqual(["C3", "byoc-cat", 30, "2024-05-03T10:05:00Z"]);
    const rel = Object.fromEntries(item.links.map((l) => [l.rel, l.href]));
    expect([rel.self, rel.collection, rel.root]).toEqual([`${ORIGIN}${ROOT}/collections/byoc-cat/items/C3`, `${ORIGIN}${ROOT}/collections/byoc-cat`, `${ORIGIN}${ROOT}/`]);
    expect(item.assets.B04!.href).toBe(`${ORIGIN}/v1/collections/cat/items/C3/assets/B04`);
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => i * 3);
    await env.DATA.put("collections/cat/items/C3/B04.tif", bytes);
    const part = await request(new URL(item.assets.B04!.href).pathname, { headers: { Range: "bytes=4-7" } });
    expect([part.status, [...new Uint8Array(await part.arrayBuffer())]]).toEqual([206, [...bytes.slice(4, 8)]]);
    await expectShError(await get(`${ROOT}/collections/byoc-cat/items/nope`), 404, "COMMON_NOT_FOUND", "byoc-cat");
  });

  it("pages a collection's items (limit, then the next links) through every item, newest first, with context", async () => {
    let current = await page(await get(`${ROOT}/collections/byoc-cat/items?limit=3`));
    const seen: string[] = [];
    const contexts: Page["context"][] = [];
    for (;;) {
      seen.push(...ids(current));
      contexts.push(current.context);
      const next = current.links.find((l) => l.rel === "next");
      if (!next) break;
      expect(new URL(next.href).searchParams.get("next")).toBe(String(current.context.next));
      current = await page(await get(new URL(next.href).pathname + new URL(next.href).search));
    }
    expect(seen).toEqual(newestFirst(SCENES));
    expect(contexts).toEqual([{ next: 3, limit: 3, returned: 3 }, { next: 6, limit: 3, returned: 3 }, { limit: 3, returned: 1 }]);
  });

  it("filters a collection's items by bbox and datetime, 10 a page by default", async () => {
    const all = await page(await get(`${ROOT}/collections/byoc-cat/items`));
    expect([all.context.limit, all.features.length]).toEqual([10, SCENES.length]);
    const [w, s, e, n] = sceneBBox(SCENES[0]!);
    const inA = await page(await get(`${ROOT}/collections/byoc-cat/items?bbox=${[w + 0.001, s + 0.001, e - 0.001, n - 0.001].join(",")}`));
    expect(ids(inA)).toEqual(newestFirst(SCENES.filter((sc) => sc.origin === A)));
    const may = await page(await get(`${ROOT}/collections/byoc-cat/items?datetime=2024-05-03T00:00:00Z/2024-05-08T00:00:00Z`));
    const [from, to] = [Date.parse("2024-05-03T00:00:00Z"), Date.parse("2024-05-08T00:00:00Z")];
    expect(ids(may)).toEqual(newestFirst(SCENES.filter((sc) => Date.parse(sc.datetime) >= from && Date.parse(sc.datetime) <= to)));
  });
});

describe("search", () => {
  it("searches one collection by bbox, intersects, datetime and ids", async () => {
    const [w, s, e, n] = sceneBBox({ ...SCENES[0]!, origin: B });
    const inB = newestFirst(SCENES.filter((sc) => sc.origin === B));
    expect(ids(await search({ bbox: [w + 0.001, s + 0.001, e - 0.001, n - 0.001] }))).toEqual(inB);
    const point = { type: "Point", coordinates: [(w + e) / 2, (s + n) / 2] };
    expect(ids(await search({ intersects: point }))).toEqual(inB);
    const [from, to] = [Date.parse("2024-05-06T00:00:00Z"), Date.parse("2024-05-11T23:59:59Z")];
    const inTime = newestFirst(SCENES.filter((sc) => Date.parse(sc.datetime) >= from && Date.parse(sc.datetime) <= to));
    expect(ids(await search({ datetime: "2024-05-06T00:00:00Z/2024-05-11T23:59:59Z" }))).toEqual(inTime);
    expect(ids(await search({ datetime: "2024-05-06T00:00:00Z/2024-05-11T23:59:59Z", bbox: [w, s, e, n] }))).toEqual(inTime.filter((id) => inB.includes(id)));
    expect(ids(await search({ ids: ["C2", "C7", "O1"] }))).toEqual(["C7", "C2"]);
    expect(ids(await page(await post({ collections: ["byoc-other"], ids: ["C2", "O1"] })))).toEqual(["O1"]);
  });

  it("searches by GET with the same parameters", async () => {
    const res = await get(`${ROOT}/search?collections=byoc-cat&datetime=2024-05-01T00:00:00Z/2024-05-03T23:59:59Z&ids=C1,C3,C5`);
    expect(ids(await page(res))).toEqual(["C3", "C1"]);
  });

  it("pages a POST search through every item by context.next, as Sentinel Hub's clients do", async () => {
    const seen: string[] = [];
    let next: number | undefined;
    do {
      const current = await search({ limit: 2, ...(next === undefined ? {} : { next }) });
      seen.push(...ids(current));
      const link = current.links.find((l) => l.rel === "next");
      expect(link && [link.method, link.body, link.merge]).toEqual(current.context.next === undefined ? undefined : ["POST", { next: current.context.next }, true]);
      expect([current.context.limit, current.context.returned]).toEqual([2, current.features.length]);
      next = current.context.next;
    } while (next !== undefined);
    expect(seen).toEqual(newestFirst(SCENES));
  });

  it("filters with CQL2 text (GET and POST) and CQL2 JSON", async () => {
    const clear = newestFirst(SCENES.filter((s) => s.cloud < 20));
    const text = encodeURIComponent("eo:cloud_cover < 20");
    expect(ids(await page(await get(`${ROOT}/search?collections=byoc-cat&filter=${text}`)))).toEqual(clear);
    expect(ids(await search({ filter: "eo:cloud_cover < 20", "filter-lang": "cql2-text" }))).toEqual(clear);
    const json = { op: "and", args: [{ op: ">=", args: [{ property: "eo:cloud_cover" }, 30] }, { op: "=", args: [{ property: "platform" }, "sentinel-2a"] }] };
    const cloudyA = newestFirst(SCENES.filter((s) => s.cloud >= 30 && s.platform === "sentinel-2a"));
    expect(ids(await search({ filter: json, "filter-lang": "cql2-json" }))).toEqual(cloudyA);
    expect(ids(await search({ filter: json }))).toEqual(cloudyA);
  });

  it("shapes items with fields include and exclude (POST object, GET list)", async () => {
    const body = await search({ ids: ["C4"], fields: { include: ["id", "properties.eo:cloud_cover"], exclude: ["links"] } });
    expect(body.features).toEqual([{ id: "C4", properties: { "eo:cloud_cover": 0 } }]);
    const dropped = await search({ ids: ["C4"], fields: { exclude: ["geometry", "assets"] } });
    expect(Object.keys(dropped.features[0]!).sort()).not.toContain("geometry");
    expect(dropped.features[0]!.properties.platform).toBe("sentinel-2b");
    const res = await get(`${ROOT}/search?collections=byoc-cat&ids=C4&fields=id,type,-geometry,bbox,properties,-links,-assets`);
    const item = (await page(res)).features[0]! as unknown as Record<string, unknown>;
    expect(Object.keys(item).sort()).toEqual(["bbox", "id", "properties", "type"]);
  });

  it("answers distinct values of date and of a property, ascending, paged by context.next", async () => {
    const days = [...new Set(SCENES.map((s) => s.datetime.slice(0, 10)))].sort();
    const dates = await search({ distinct: "date" });
    expect([dates.features, dates.context]).toEqual([days, { limit: 10, returned: days.length }]);
    const platforms = await page(await get(`${ROOT}/search?collections=byoc-cat&distinct=platform`));
    expect(platforms.features).toEqual([...new Set(SCENES.map((s) => s.platform))].sort());
    const clouds = [...new Set(SCENES.filter((s) => s.origin === A).map((s) => s.cloud))].sort((a, b) => a - b);
    const [w, s, e, n] = sceneBBox(SCENES[0]!);
    const first = await search({ distinct: "eo:cloud_cover", bbox: [w + 0.001, s + 0.001, e - 0.001, n - 0.001], limit: 3 });
    expect([first.features, first.context]).toEqual([clouds.slice(0, 3), { next: 3, limit: 3, returned: 3 }]);
    const second = await search({ distinct: "eo:cloud_cover", bbox: [w + 0.001, s + 0.001, e - 0.001, n - 0.001], limit: 3, next: 3 });
    expect([second.features, second.context.next]).toEqual([clouds.slice(3), undefined]);
    const inMay = await search({ distinct: "date", datetime: "2024-05-03T00:00:00Z/2024-05-08T23:59:59Z" });
    expect(inMay.features).toEqual(days.filter((d) => d >= "2024-05-03" && d <= "2024-05-08"));
  });

  it("clamps limit to 100, as STAC API asks", async () => {
    const body = await search({ limit: 1000 });
    expect([body.context.limit, body.features.length]).toEqual([100, SCENES.length]);
  });
});

describe("bad input, in Sentinel Hub's error shape", () => {
  it("refuses bad parameters with 400 COMMON_BAD_PAYLOAD, naming them", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ limit: 0 }, "limit"],
      [{ limit: "ten" }, "limit"],
      [{ bbox: [10, 50, 5] }, "bbox"],
      [{ bbox: [0, 60, 10, 50] }, "bbox"],
      [{ bbox: [0, 0, 1, 1], intersects: { type: "Point", coordinates: [0, 0] } }, "intersects"],
      [{ intersects: { type: "Polygon", coordinates: [[[0, 0], [1, 0]]] } }, "intersects"],
      [{ datetime: "yesterday" }, "datetime"],
      [{ ids: [] }, "ids"],
      [{ ids: Array.from({ length: 1001 }, (_, i) => `x${i}`) }, "ids"],
      [{ filter: "eo:cloud_cover <" }, ""],
      [{ filter: { op: "nope", args: [] } }, ""],
      [{ "filter-lang": "sql", filter: "a = 1" }, "filter-lang"],
      [{ filter: "a = 1", "filter-crs": "http://www.opengis.net/def/crs/EPSG/0/3857" }, "filter-crs"],
      [{ filter: `eo:cloud_cover < 1${" OR eo:cloud_cover < 1".repeat(500)}` }, "10000"],
      [{ filter: `${"NOT (".repeat(30)}a = 1${")".repeat(30)}` }, "deep"],
      [{ fields: { include: [1] } }, "fields"],
      [{ fields: { include: Array.from({ length: 101 }, (_, i) => `p${i}`) } }, "fields"],
      [{ next: -1 }, "next"],
      [{ next: { offset: 3 } }, "next"],
      [{ next: "not-a-token" }, "next"],
      [{ next: "x".repeat(2049) }, "next"],
      [{ next: `remote.${btoa(JSON.stringify({ collections: ["other"], limit: 10000 }))}` }, "next"],
      [{ token: "abc" }, "page with next"],
      [{ token: `remote.${btoa(JSON.stringify({ token: "t" }))}` }, "page with next"],
      [{ distinct: "" }, "distinct"],
      [{ distinct: "x".repeat(257) }, "distinct"],
    ];
    for (const [body, named] of cases) await expectShError(await searchRaw(body), 400, "COMMON_BAD_PAYLOAD", named);
    const positions = Array.from({ length: 10_001 }, (_, i) => [i / 10_001, 0]);
    await expectShError(await searchRaw({ intersects: { type: "LineString", coordinates: positions } }), 400, "COMMON_BAD_PAYLOAD", "intersects");
  });

  it("wants exactly one collection", async () => {
    await expectShError(await post({ limit: 1 }), 400, "COMMON_BAD_PAYLOAD", "collections");
    await expectShError(await post({ collections: ["byoc-cat", "byoc-other"] }), 400, "COMMON_BAD_PAYLOAD", "exactly one");
    await expectShError(await get(`${ROOT}/search`), 400, "COMMON_BAD_PAYLOAD", "collections");
    await expectShError(await get(`${ROOT}/search?collections=byoc-cat&limit=1&limit=2`), 400, "COMMON_BAD_PAYLOAD", "limit");
    await expectShError(await get(`${ROOT}/search?collections=byoc-cat&token=abc`), 400, "COMMON_BAD_PAYLOAD", "page with next");
    await expectShError(await get(`${ROOT}/collections/byoc-cat/items?token=abc`), 400, "COMMON_BAD_PAYLOAD", "'token'");
  });

  it("refuses bodies that aren't JSON objects", async () => {
    const res = await request(`${ROOT}/search`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: "{not json" });
    await expectShError(res, 400, "COMMON_BAD_PAYLOAD");
    const array = await request(`${ROOT}/search`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: "[1]" });
    await expectShError(array, 400, "COMMON_BAD_PAYLOAD");
  });

  it("searches sentinel-2-l2a at its remote STAC API (502 naming the host when it can't be reached); distinct and offsets are refused there", async () => {
    const unreachable = await post({ collections: ["sentinel-2-l2a"], bbox: [15, 45, 16, 46] });
    expect(((await unreachable.clone().json()) as ShError).error.reason).toBe("Bad Gateway");
    await expectShError(unreachable, 502, "COMMON_EXCEPTION", "earth-search.aws.element84.com");
    await expectShError(await post({ collections: ["sentinel-2-l2a"], distinct: "date" }), 400, "COMMON_BAD_PAYLOAD", "distinct");
    await expectShError(await post({ collections: ["sentinel-2-l2a"], next: 10 }), 400, "COMMON_BAD_PAYLOAD", "next");
  });

  it("answers unknown paths and methods under the catalogue in Sentinel Hub's shape", async () => {
    await expectShError(await get(`${ROOT}/nope`), 404, "COMMON_NOT_FOUND");
    await expectShError(await request(`${ROOT}/collections`, { method: "DELETE", headers: { Authorization: auth } }), 405, "COMMON_METHOD_NOT_ALLOWED");
  });
});
