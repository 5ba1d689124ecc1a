import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ingestedKeys } from "../../src/catalog/sources/ingested-source";
import { ingestFixture, SCENE_RES, SCENE_SIZE, sceneBBox, type FixtureScene } from "../support/catalog-fixture";
import { expectError, ORIGIN, request } from "../support/http";

const SCENES: FixtureScene[] = [
  { id: "S1", datetime: "2023-08-10T10:00:00Z", origin: [500000, 5000000], cloud: 96, platform: "sentinel-2b" },
  { id: "S2", datetime: "2023-08-15T10:00:00Z", origin: [501000, 5000000], cloud: 0.2, platform: "sentinel-2a" },
  { id: "S3", datetime: "2023-08-20T10:00:00Z", origin: [500000, 4999000], cloud: 2, platform: "sentinel-2b" },
];

beforeAll(async () => {
  await ingestFixture(env.DATA, "fixture-a", SCENES);
  await ingestFixture(env.DATA, "fixture-b", SCENES.slice(0, 1));
  // A half-finished ingest: files, but neither index nor collection.json.
  await env.DATA.put("collections/half/items/H1/B04.tif", new Uint8Array(8));
});

describe("collections", () => {
  it("lists the remote Sentinel-2 collection and the ingested ones, from configured metadata when offline", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await request("/v1/collections");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { collections: { id: string }[]; links: { rel: string }[] };
    expect(body.collections.map((c) => c.id)).toEqual(["sentinel-2-l2a", "fixture-a", "fixture-b"]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("sentinel-2-l2a answered from configured metadata"));
    warn.mockRestore();
  });

  it("skips a folder without collection.json (a half-finished ingest) in the list and in searches of every collection", async () => {
    const list = (await (await request("/v1/collections")).json()) as { collections: { id: string }[] };
    expect(list.collections.map((c) => c.id)).not.toContain("half");
    const res = await request("/v1/search?limit=100");
    expect(res.status, await res.clone().text()).toBe(200);
    const found = (await res.json()) as { features: { id: string; collection: string }[] };
    const expected = [...SCENES.map((s) => `fixture-a/${s.id}`), `fixture-b/${SCENES[0]!.id}`].sort();
    expect(found.features.map((f) => `${f.collection}/${f.id}`).sort()).toEqual(expected);
    await expectError(await request("/v1/collections/half"), 404, "CollectionNotFound");
  });

  it("lists all collections, up to 1,000, whatever a smaller limit asks", async () => {
    const all = (await (await request("/v1/collections")).json()) as { collections: { id: string }[] };
    const limited = (await (await request("/v1/collections?limit=2")).json()) as { collections: { id: string }[]; links: { rel: string }[] };
    expect(all.collections.length).toBeGreaterThan(2);
    expect(limited.collections.map((c) => c.id)).toEqual(all.collections.map((c) => c.id));
    expect(limited.links.map((l) => l.rel)).toEqual(["self", "root"]);
  });

  it("describes an ingested collection from its items: extent, cube:dimensions and summaries", async () => {
    const res = await request("/v1/collections/fixture-a");
    expect(res.status).toBe(200);
    const c = (await res.json()) as Record<string, any>;
    expect(c.stac_version).toBe("1.0.0");
    expect(c.extent.temporal.interval).toEqual([["2023-08-10T10:00:00Z", "2023-08-20T10:00:00Z"]]);
    const boxes = SCENES.map(sceneBBox);
    expect(c.extent.spatial.bbox).toEqual([[Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))]]);
    const extentOf = (axis: "x" | "y") => c["cube:dimensions"][axis].extent;
    // Union of the scenes' native footprints: x from 500000 to 501000 + 100 px * 10 m; y from 4999000 - 1000 m to 5000000.
    expect(extentOf("x")).toEqual([500000, 501000 + SCENE_SIZE * SCENE_RES]);
    expect(extentOf("y")).toEqual([4999000 - SCENE_SIZE * SCENE_RES, 5000000]);
    expect(c["cube:dimensions"].x).toMatchObject({ type: "spatial", reference_system: 32633, step: 10 });
    expect(c["cube:dimensions"].t).toEqual({ type: "temporal", extent: ["2023-08-10T10:00:00Z", "2023-08-20T10:00:00Z"], step: null });
    expect(c["cube:dimensions"].bands).toEqual({ type: "bands", values: ["B04", "B08"] });
    // The items' own eo:bands, with ESA's descriptions and Earth Search's asset keys as aliases (Sentinel-2 items).
    expect(c.summaries["eo:bands"]).toEqual([
      { name: "B04", common_name: "red", center_wavelength: 0.665, description: "Red (band 4)", aliases: ["red"] },
      { name: "B08", common_name: "nir", center_wavelength: 0.842, description: "Near infrared 1 (band 8)", aliases: ["nir"] },
    ]);
    // The override of `npm run ingest -- --offset 0` applied; the file's data type and nodata kept.
    expect(c.summaries["raster:bands"][0]).toEqual({ name: "B04", nodata: 0, data_type: "uint16", scale: 0.0001, offset: 0 });
    expect(c.summaries.platform).toEqual(["sentinel-2a", "sentinel-2b"]);
    expect(c.summaries["eo:cloud_cover"]).toEqual({ minimum: 0.2, maximum: 96 });
    expect(c.stac_extensions).toEqual(expect.arrayContaining([expect.stringContaining("/eo/"), expect.stringContaining("/raster/"), expect.stringContaining("/datacube/")]));
    const rels = Object.fromEntries(c.links.map((l: any) => [l.rel, l.href]));
    expect(rels).toMatchObject({
      root: `${ORIGIN}/v1/`,
      parent: `${ORIGIN}/v1/`,
      self: `${ORIGIN}/v1/collections/fixture-a`,
      items: `${ORIGIN}/v1/collections/fixture-a/items`,
    });
  });

  it("keeps only copied assets with hrefs to the ingested objects and projection from the files", async () => {
    const object = await env.DATA.get(ingestedKeys.index("fixture-a"));
    const items = (await object!.json()) as any[];
    const s2 = items.find((i) => i.id === "S2");
    expect(Object.keys(s2.assets)).toEqual(["B04", "B08"]);
    expect(s2.assets.B04.href).toBe("collections/fixture-a/items/S2/B04.tif");
    expect(s2.assets.B04["proj:transform"]).toEqual([10, 0, 501000, 0, -10, 5000000]);
    expect(s2.assets.B04["proj:shape"]).toEqual([SCENE_SIZE, SCENE_SIZE]);
    expect(s2.links.map((l: any) => l.rel)).toEqual(["license"]);
  });

  it("describes the remote Sentinel-2 collection with ESA's band names, Earth Search's asset keys as aliases", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const c = (await (await request("/v1/collections/sentinel-2-l2a")).json()) as Record<string, any>;
    warn.mockRestore();
    expect(c.license).toBe("proprietary");
    expect(c.links.some((l: any) => l.rel === "license")).toBe(true);
    expect(c["cube:dimensions"].bands.values).toEqual(["B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12", "SCL", "AOT", "WVP"]);
    const eo = Object.fromEntries(c.summaries["eo:bands"].map((b: any) => [b.name, b]));
    expect(eo.B08).toMatchObject({ common_name: "nir", center_wavelength: 0.842, full_width_half_max: 0.145, aliases: ["nir"] });
    expect(eo.B8A).toMatchObject({ common_name: "nir08", aliases: ["nir08"] });
    expect(eo.SCL).toEqual({ name: "SCL", description: "Scene classification map", aliases: ["scl"] });
    expect(c.summaries["raster:bands"].map((b: any) => b.name)).toEqual(c["cube:dimensions"].bands.values);
    expect(c.extent.temporal.interval[0][1]).toBeNull();
  });

  it("answers queryables as a JSON Schema", async () => {
    const res = await request("/v1/collections/fixture-a/queryables");
    expect(res.headers.get("Content-Type")).toContain("application/schema+json");
    const schema = (await res.json()) as Record<string, any>;
    expect(schema.properties["eo:cloud_cover"].type).toBe("number");
    expect(schema.properties.platform.enum).toEqual(["sentinel-2a", "sentinel-2b"]);
  });

  it("answers unknown collections with CollectionNotFound", async () => {
    await expectError(await request("/v1/collections/nope"), 404, "CollectionNotFound");
    await expectError(await request("/v1/collections/nope/queryables"), 404, "CollectionNotFound");
  });

  it("answers ids too long to be a bucket key with CollectionNotFound, not the bucket's error", async () => {
    const id = "a".repeat(1100);
    await expectError(await request(`/v1/collections/${id}`), 404, "CollectionNotFound");
    await expectError(await request(`/v1/collections/${id}/items`), 404, "CollectionNotFound");
  });

  it("rejects bad paging parameters", async () => {
    await expectError(await request("/v1/collections?limit=0"), 400, "RequestInvalid");
    await expectError(await request("/v1/collections?limit=abc"), 400, "RequestInvalid");
  });
});
