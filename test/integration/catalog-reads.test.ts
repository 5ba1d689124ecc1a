/**
 * A Catalog (one per request) reads an ingested collection's document once, however often the
 * request looks the collection up: resolving a name, describing it, searching it.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog";
import { searchCatalog } from "../../src/catalog/catalog-search";
import { parseSearchPost } from "../../src/catalog/search";
import { ingestedKeys } from "../../src/catalog/sources/ingested-source";
import { ingestFixture } from "../support/catalog-fixture";

/** The DATA bucket, counting gets by key. */
function countingBucket(): { bucket: R2Bucket; gets: Map<string, number> } {
  const gets = new Map<string, number>();
  const bucket = {
    get: (key: string, options?: R2GetOptions) => {
      gets.set(key, (gets.get(key) ?? 0) + 1);
      return env.DATA.get(key, options);
    },
    head: (key: string) => env.DATA.head(key),
    list: (options?: R2ListOptions) => env.DATA.list(options),
  } as unknown as R2Bucket;
  return { bucket, gets };
}

beforeAll(async () => {
  await ingestFixture(env.DATA, "once", [{ id: "O1", datetime: "2024-05-01T10:00:00Z", origin: [500000, 5000000], cloud: 5, platform: "sentinel-2a" }]);
});

describe("collection documents read once per Catalog", () => {
  it("resolves, describes and searches a collection with one read of its collection.json", async () => {
    const { bucket, gets } = countingBucket();
    const catalog = new Catalog(bucket, []);
    expect(await catalog.source("once")).toEqual({ kind: "ingested", id: "once" });
    expect((await catalog.collection("once")).id).toBe("once");
    const page = await searchCatalog(catalog, parseSearchPost({ collections: ["once"] }), (item) => item);
    expect(page.features.map((f) => f.id)).toEqual(["O1"]);
    expect(gets.get(ingestedKeys.collection("once"))).toBe(1);
    // Another request's Catalog reads it again, so a fresh ingest is seen at once.
    const { bucket: next, gets: nextGets } = countingBucket();
    await new Catalog(next, []).collection("once");
    expect(nextGets.get(ingestedKeys.collection("once"))).toBe(1);
  });
});
