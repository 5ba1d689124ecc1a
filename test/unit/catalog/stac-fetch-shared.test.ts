/**
 * STAC documents shared between runs (a service's tiles): a GET answered by the host is kept for
 * the next fetcher until it expires; POSTs and fetchers without the shared cache always ask.
 * The static catalog is the fake host of test/support/fake-stac-api.ts: it answers 404 for what
 * it doesn't hold, so a document it never served that still comes back came from the cache.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { StacFetcher, type FetchedJson } from "../../../src/catalog/stac-source/stac-fetch";
import { ExpiringCache } from "../../../src/expiring-cache";
import { STATIC_STAC } from "../../support/stac-scenes";

const COLLECTION = `${STATIC_STAC}/catalog/collection.json`;
const MISSING = `${STATIC_STAC}/missing/item.json`;

function setup() {
  const clock = { now: 0 };
  const shared = new ExpiringCache<FetchedJson>({ ttlMs: 60_000, maxSize: 1 << 20, now: () => clock.now });
  const fetcher = (withShared = true) => new StacFetcher({ files: env.FILES, apiBase: "https://openeo.example.test/v1", ...(withShared ? { shared } : {}) });
  return { clock, shared, fetcher };
}

describe("STAC documents shared between runs", () => {
  it("keep what a GET fetched, sized by its text, for the next fetcher", async () => {
    const { shared, fetcher } = setup();
    const fetched = await fetcher().get(COLLECTION);
    expect((fetched.json as { id: string }).id).toBe("static-scenes");
    expect(shared.get(COLLECTION)).toBe(fetched);
    expect(shared.size).toBe(JSON.stringify(fetched.json).length);
  });

  it("answer a kept document without asking the host, until it expires", async () => {
    const { clock, shared, fetcher } = setup();
    const kept = { url: MISSING, json: { type: "Feature", id: "kept" } };
    shared.set(MISSING, kept, 100);
    await expect(fetcher().get(MISSING)).resolves.toBe(kept);
    // Without the shared cache, and for a POST, the host is asked: it has no such document.
    await expect(fetcher(false).get(MISSING)).rejects.toMatchObject({ message: expect.stringContaining("404") });
    await expect(fetcher().get({ url: MISSING, method: "POST", body: {} })).rejects.toMatchObject({ message: expect.stringContaining("404") });
    clock.now = 60_000;
    await expect(fetcher().get(MISSING)).rejects.toMatchObject({ message: expect.stringContaining("404") });
  });
});
