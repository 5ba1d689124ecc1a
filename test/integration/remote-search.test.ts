import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { matchIngested, searchCatalog } from "../../src/catalog/catalog-search";
import { REMOTE_COLLECTIONS, type RemoteCollectionConfig } from "../../src/catalog/remote-collections";
import { parseSearchPost } from "../../src/catalog/search";
import { servedItem } from "../../src/catalog/served-item";
import { ingestFixture } from "../support/catalog-fixture";
import { FAKE_STAC_API } from "../support/fake-stac-api";

const REMOTE: RemoteCollectionConfig = { ...REMOTE_COLLECTIONS[0]!, id: "s2", api: FAKE_STAC_API, remoteId: "remote-s2" };
const catalog = new Catalog(env.DATA, [REMOTE]);
const serve = (item: Parameters<typeof servedItem>[0]) => servedItem(item, item.collection ?? "", "https://openeo.example.test/v1");

describe("a remote collection searched at its STAC API", () => {
  it("forwards the normalised query with the remote collection id and maps the items to ours", async () => {
    const query = parseSearchPost({
      collections: ["s2"],
      bbox: [15, 45, 16, 46],
      datetime: "2023-08-01T00:00:00Z/..",
      filter: "eo:cloud_cover < 20",
      limit: 1,
    });
    const page = await searchCatalog(catalog, query, serve);
    expect(page.features).toHaveLength(1);
    const [item] = page.features;
    expect(item!.collection).toBe("s2");
    expect(item!.links!.find((l) => l.rel === "self")!.href).toBe("https://openeo.example.test/v1/collections/s2/items/remote-item-1");
    // Remote assets keep their own hrefs: they are read there with range requests.
    expect(item!.assets!.red!.href).toBe("https://cogs.example.test/red.tif");
    const received = JSON.parse(item!.properties!.received as string);
    expect(received).toEqual({
      collections: ["remote-s2"],
      limit: 1,
      bbox: [15, 45, 16, 46],
      datetime: "2023-08-01T00:00:00.000Z/..",
      filter: { op: "<", args: [{ property: "eo:cloud_cover" }, 20] },
      "filter-lang": "cql2-json",
    });
    expect(page.numberMatched).toBe(2);
    expect(page.next).toBeDefined();

    const second = await searchCatalog(catalog, { ...query, token: page.next }, serve);
    expect(second.features.map((f) => f.id)).toEqual(["remote-item-2"]);
    expect(JSON.parse(second.features[0]!.properties!.received as string).token).toBe("page-2");
    expect(second.next).toBeUndefined();
  });

  it("projects fields itself, and pages only by the remote's tokens (no offsets)", async () => {
    const query = parseSearchPost({ collections: ["s2"], fields: { include: ["id", "collection"] } });
    expect((await searchCatalog(catalog, query, serve)).features).toEqual([{ id: "remote-item-1", collection: "s2" }]);
    await expect(searchCatalog(catalog, { ...query, offset: 1 }, serve)).rejects.toMatchObject({ code: "SearchParameterInvalid" });
  });

  it("describes the collection with the temporal extent the API reports", async () => {
    const collection = await catalog.collection("s2");
    expect(collection.extent.temporal.interval).toEqual([["2017-03-28T00:00:00Z", null]]);
  });

  it("forwards only the paging members of a token: a crafted one can't change the remote collection or page size", async () => {
    const token = (members: unknown) => `remote.${btoa(JSON.stringify(members))}`;
    const crafted = [
      { collections: ["other"], limit: 10000 },
      { token: "page-2", collections: ["other"] },
      { token: "page-2", limit: 10000 },
      { token: "x".repeat(1025) },
      { page: -1 },
      { page: 1.5 },
      { next: { nested: true } },
      {},
      ["token", "page-2"],
    ];
    for (const members of crafted) {
      const query = parseSearchPost({ collections: ["s2"], limit: 1, token: token(members) });
      await expect(searchCatalog(catalog, query, serve), JSON.stringify(members)).rejects.toMatchObject({ code: "SearchParameterInvalid", status: 400 });
    }
    const tooLong = parseSearchPost({ collections: ["s2"], token: `remote.${"A".repeat(2048)}` });
    await expect(searchCatalog(catalog, tooLong, serve)).rejects.toMatchObject({ code: "SearchParameterInvalid" });
    const paged = await searchCatalog(catalog, parseSearchPost({ collections: ["s2"], limit: 1, token: token({ token: "page-2", page: 2 }) }), serve);
    const received = JSON.parse(paged.features[0]!.properties!.received as string);
    expect(received).toEqual({ collections: ["remote-s2"], limit: 1, token: "page-2", page: 2 });
  });

  it("rejects a token that is not one of its own", async () => {
    for (const token of ["abc", "remote.%%%", `remote.${btoa("{not json")}`]) {
      const query = parseSearchPost({ collections: ["s2"], token });
      await expect(searchCatalog(catalog, query, serve)).rejects.toMatchObject({ code: "SearchParameterInvalid" });
    }
  });

  it("leaves remote collections out of aggregates over every collection, and refuses them only when named", async () => {
    await ingestFixture(env.DATA, "local", [{ id: "L1", datetime: "2024-05-01T10:00:00Z", origin: [500000, 5000000], cloud: 5, platform: "sentinel-2a" }]);
    const everything = await matchIngested(catalog, parseSearchPost({}), "distinct");
    expect(everything.map((item) => `${item.collection}/${item.id}`)).toEqual(["local/L1"]);
    await expect(matchIngested(catalog, parseSearchPost({ collections: ["s2"] }), "distinct")).rejects.toMatchObject({ code: "SearchParameterInvalid" });
  });
});
