import { describe, expect, it } from "vitest";
import { matchItems, parseSearchGet, parseSearchPost, searchItems, type SearchQuery } from "../../../src/catalog/search";
import { ITEMS, errorOf } from "./fixtures";

async function* asyncItems() {
  for (const item of ITEMS) yield item;
}

describe("paging", () => {
  it("visits every match exactly once with limit + next tokens, and prev goes back", async () => {
    const seen: string[] = [];
    const pages: SearchQuery[] = [];
    let query: SearchQuery = parseSearchGet(new URLSearchParams("limit=7"));
    for (;;) {
      pages.push(query);
      const result = await searchItems(ITEMS, query);
      expect(result.numberMatched).toBe(ITEMS.length);
      expect(result.numberReturned).toBe(result.features.length);
      expect(result.features.length).toBeLessThanOrEqual(7);
      seen.push(...result.features.map((feature) => feature.id!));
      if (!result.next) break;
      query = parseSearchGet(new URLSearchParams({ limit: "7", token: result.next }));
    }
    expect(pages).toHaveLength(Math.ceil(ITEMS.length / 7));
    expect(new Set(seen).size).toBe(ITEMS.length);
    expect([...seen].sort()).toEqual(ITEMS.map((item) => item.id).sort());

    const last = await searchItems(ITEMS, pages[pages.length - 1]!);
    const previous = await searchItems(ITEMS, { ...pages[0]!, token: last.prev });
    const secondToLast = await searchItems(ITEMS, pages[pages.length - 2]!);
    expect(previous.features).toEqual(secondToLast.features);
    expect((await searchItems(ITEMS, pages[0]!)).prev).toBeUndefined();
  });

  it("pages filtered async sources, with tokens valid for GET and POST alike", async () => {
    const get = parseSearchGet(new URLSearchParams("collections=sentinel-2&limit=4"));
    const first = await searchItems(asyncItems(), get);
    expect(first.numberMatched).toBe(ITEMS.filter((item) => item.collection === "sentinel-2").length);
    const post = parseSearchPost({ collections: ["sentinel-2"], limit: 4, token: first.next });
    const second = await searchItems(asyncItems(), post);
    expect(second.features.map((f) => f.id)).not.toContain(first.features[0]!.id);
  });

  it("matches without sorting when asked (aggregates): the same items, in the order they came", async () => {
    const query = parseSearchGet(new URLSearchParams("collections=sentinel-2"));
    const unsorted = (await matchItems(ITEMS, query, { sorted: false })).map((item) => item.id);
    expect(unsorted).toEqual(ITEMS.filter((item) => item.collection === "sentinel-2").map((item) => item.id));
    expect([...unsorted].sort()).toEqual((await matchItems(ITEMS, query)).map((item) => item.id).sort());
  });

  it("pages by plain offsets too (nextOffset), the same pages as the tokens give, slices of matchItems", async () => {
    const query = parseSearchGet(new URLSearchParams("collections=sentinel-2&limit=4"));
    const all = (await matchItems(ITEMS, query)).map((item) => item.id);
    expect(all).toHaveLength(ITEMS.filter((item) => item.collection === "sentinel-2").length);
    const seen: string[] = [];
    let offset: number | undefined = 0;
    while (offset !== undefined) {
      const result: Awaited<ReturnType<typeof searchItems>> = await searchItems(ITEMS, { ...query, offset });
      const byToken = offset === 0 ? result : await searchItems(ITEMS, { ...query, token: (await searchItems(ITEMS, { ...query, offset: offset - 4 })).next });
      expect(byToken.features).toEqual(result.features);
      seen.push(...result.features.map((feature) => feature.id!));
      expect(result.nextOffset).toBe(offset + 4 < all.length ? offset + 4 : undefined);
      offset = result.nextOffset;
    }
    expect(seen).toEqual(all);
  });

  it("rejects tokens from another query and malformed tokens", async () => {
    const first = await searchItems(ITEMS, parseSearchGet(new URLSearchParams("limit=2")));
    const other = parseSearchGet(new URLSearchParams({ limit: "2", collections: "aerial", token: first.next! }));
    const error = await errorOf(() => searchItems(ITEMS, other));
    expect(error.status).toBe(400);
    expect(error.message).toContain("'token': belongs to a different search");
    for (const token of ["!!!", "e30", btoa(JSON.stringify({ o: -1, q: "x" }))]) {
      const malformed = parseSearchGet(new URLSearchParams({ token }));
      expect((await errorOf(() => searchItems(ITEMS, malformed))).message).toContain("'token'");
    }
  });

  it("applies prepare before projecting fields", async () => {
    const query = parseSearchPost({ ids: ["grid-01"], fields: { include: ["id", "links"] } });
    const result = await searchItems(ITEMS, query, {
      prepare: (item) => ({ ...item, links: [{ rel: "self", href: `https://x/${item.id}` }] }),
    });
    expect(result.features).toEqual([{ id: "grid-01", links: [{ rel: "self", href: "https://x/grid-01" }] }]);
  });
});
