import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestFixture, type FixtureScene } from "../support/catalog-fixture";
import { expectError, ORIGIN, request } from "../support/http";

const SCENES: FixtureScene[] = [
  { id: "A1", datetime: "2023-08-10T10:00:00Z", origin: [500000, 5000000], cloud: 96, platform: "sentinel-2b" },
  { id: "A2", datetime: "2023-08-13T10:00:00Z", origin: [500000, 5000000], cloud: 8, platform: "sentinel-2b" },
  { id: "A3", datetime: "2023-08-15T10:00:00Z", origin: [500000, 5000000], cloud: 0, platform: "sentinel-2a" },
  { id: "A4", datetime: "2023-08-18T10:00:00Z", origin: [500000, 5000000], cloud: 62, platform: "sentinel-2a" },
  { id: "A5", datetime: "2023-08-20T10:00:00Z", origin: [500000, 5000000], cloud: 2, platform: "sentinel-2b" },
];

type ItemCollection = { type: string; features: { id: string; links: { rel: string; href: string }[]; assets: Record<string, { href: string }> }[]; numberMatched: number; links: { rel: string; href: string; method?: string; body?: unknown }[] };

const ids = (body: ItemCollection) => body.features.map((f) => f.id);
const get = async (path: string) => (await request(path)).json() as Promise<ItemCollection>;
const post = async (body: unknown) =>
  (await request("/v1/search", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })).json() as Promise<ItemCollection>;

beforeAll(async () => {
  await ingestFixture(env.DATA, "series", SCENES);
  await ingestFixture(env.DATA, "other", [{ ...SCENES[0]!, id: "B1" }]);
});

describe("items of a collection", () => {
  it("lists items newest first as a FeatureCollection, pages with next links", async () => {
    const res = await request("/v1/collections/series/items?limit=2");
    expect(res.headers.get("Content-Type")).toContain("application/geo+json");
    const first = (await res.json()) as ItemCollection;
    expect(first.type).toBe("FeatureCollection");
    expect(ids(first)).toEqual(["A5", "A4"]);
    expect(first.numberMatched).toBe(5);
    const seen = [...ids(first)];
    let next = first.links.find((l) => l.rel === "next");
    while (next) {
      const page = await get(new URL(next.href).pathname + new URL(next.href).search);
      seen.push(...ids(page));
      next = page.links.find((l) => l.rel === "next");
    }
    expect(seen).toEqual(["A5", "A4", "A3", "A2", "A1"]);
  });

  it("filters by datetime and bbox", async () => {
    expect(ids(await get("/v1/collections/series/items?datetime=2023-08-13T00:00:00Z/2023-08-18T23:59:59Z"))).toEqual(["A4", "A3", "A2"]);
    expect(ids(await get("/v1/collections/series/items?datetime=../2023-08-12T00:00:00Z"))).toEqual(["A1"]);
    // Plain dates, as the openEO Python client sends them, are whole UTC days (A4 is at 10:00 of the 18th).
    expect(ids(await get("/v1/collections/series/items?datetime=2023-08-13/2023-08-18"))).toEqual(["A4", "A3", "A2"]);
    expect(ids(await get("/v1/collections/series/items?datetime=2023-08-15"))).toEqual(["A3"]);
    expect(ids(await get("/v1/search?collections=series&datetime=2023-08-10/2023-08-13"))).toEqual(["A2", "A1"]);
    expect(ids(await post({ collections: ["series"], datetime: "2023-08-18/2023-08-21" }))).toEqual(["A5", "A4"]);
    expect(ids(await get("/v1/collections/series/items?bbox=0,0,1,1"))).toEqual([]);
    expect(ids(await get("/v1/collections/series/items?bbox=15,45.1,15.05,45.15&limit=1"))).toEqual(["A5"]);
  });

  it("serves one item with links into this API and downloadable assets with ranges", async () => {
    const res = await request("/v1/collections/series/items/A3");
    expect(res.status).toBe(200);
    const item = (await res.json()) as ItemCollection["features"][number];
    const rels = Object.fromEntries(item.links.map((l) => [l.rel, l.href]));
    expect(rels.self).toBe(`${ORIGIN}/v1/collections/series/items/A3`);
    expect(rels.collection).toBe(`${ORIGIN}/v1/collections/series`);
    expect(item.assets.B04!.href).toBe(`${ORIGIN}/v1/collections/series/items/A3/assets/B04`);
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    await env.DATA.put("collections/series/items/A3/B04.tif", bytes);
    const part = await request("/v1/collections/series/items/A3/assets/B04", { headers: { Range: "bytes=10-19" } });
    expect(part.status).toBe(206);
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([...bytes.slice(10, 20)]);
    await expectError(await request("/v1/collections/series/items/A3/assets/thumbnail"), 404, "NotFound");
  });

  it("answers unknown collections and items with 404", async () => {
    await expectError(await request("/v1/collections/nope/items"), 404, "CollectionNotFound");
    await expectError(await request("/v1/collections/series/items/nope"), 404, "ItemNotFound");
  });
});

describe("item search", () => {
  it("searches all ingested collections by default, or the named ones", async () => {
    expect(ids(await get("/v1/search?ids=A1,B1"))).toEqual(["A1", "B1"]);
    expect(ids(await get("/v1/search?ids=A1,B1&collections=other"))).toEqual(["B1"]);
  });

  it("filters with CQL2 text and JSON, GET and POST alike", async () => {
    const clear = SCENES.filter((s) => s.cloud < 10).map((s) => s.id).reverse();
    const text = encodeURIComponent("eo:cloud_cover < 10 AND platform IN ('sentinel-2a', 'sentinel-2b')");
    expect(ids(await get(`/v1/search?collections=series&filter=${text}&filter-lang=cql2-text`))).toEqual(clear);
    const json = { op: "<", args: [{ property: "eo:cloud_cover" }, 10] };
    expect(ids(await post({ collections: ["series"], filter: json, "filter-lang": "cql2-json" }))).toEqual(clear);
    const between = await post({ collections: ["series"], filter: "eo:cloud_cover BETWEEN 1 AND 70", sortby: [{ field: "eo:cloud_cover", direction: "asc" }] });
    expect(ids(between)).toEqual(["A5", "A2", "A4"]);
  });

  it("pages POST searches with a merge link carrying the token", async () => {
    const first = await post({ collections: ["series"], limit: 3 });
    const next = first.links.find((l) => l.rel === "next")!;
    expect(next.method).toBe("POST");
    const second = await post({ collections: ["series"], limit: 3, ...(next.body as object) });
    expect([...ids(first), ...ids(second)]).toEqual(["A5", "A4", "A3", "A2", "A1"]);
  });

  it("projects fields", async () => {
    const body = (await post({ ids: ["A3"], fields: { include: ["id", "properties.eo:cloud_cover"], exclude: ["assets", "links"] } })) as any;
    expect(body.features[0].properties).toEqual({ "eo:cloud_cover": 0 });
    expect(body.features[0].assets).toBeUndefined();
  });

  it("rejects bad parameters with 400", async () => {
    await expectError(await request("/v1/search?bbox=10,50,5"), 400, "SearchParameterInvalid");
    await expectError(await request("/v1/search?bbox=0,60,10,50"), 400, "SearchParameterInvalid");
    await expectError(await request("/v1/search?datetime=yesterday"), 400, "SearchParameterInvalid");
    await expectError(await request(`/v1/search?filter=${encodeURIComponent("eo:cloud_cover <")}`), 400, "FilterInvalid");
    const bothShapes = { bbox: [0, 0, 1, 1], intersects: { type: "Point", coordinates: [0, 0] } };
    const res = await request("/v1/search", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(bothShapes) });
    await expectError(res, 400, "SearchParameterInvalid");
    await expectError(await request("/v1/search?collections=nope"), 404, "CollectionNotFound");
  });

  it("searches a remote collection at its API, naming the host when it can't be reached", async () => {
    const body = await expectError(await request("/v1/search?collections=sentinel-2-l2a&bbox=15,45,16,46"), 502, "DataSourceUnavailable");
    expect(body.message).toContain("earth-search.aws.element84.com");
    await expectError(await request("/v1/search?collections=sentinel-2-l2a,series"), 400, "SearchParameterInvalid");
  });

  it("links GET and POST search from the landing page and serves queryables", async () => {
    const caps = (await (await request("/v1/")).json()) as { links: { rel: string; method?: string }[]; conformsTo: string[] };
    expect(caps.links.filter((l) => l.rel === "search").map((l) => l.method)).toEqual(["GET", "POST"]);
    expect(caps.conformsTo).toContain("https://api.stacspec.org/v1.0.0/item-search#filter");
    const q = (await (await request("/v1/queryables")).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(q.properties)).toEqual(["id", "collection", "geometry", "datetime"]);
  });
});
