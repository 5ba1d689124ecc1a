import { describe, expect, it } from "vitest";
import { paginate } from "../../../src/api/paging";

const URL_BASE = "https://openeo.test/v1/collections";
const items = Array.from({ length: 7 }, (_, i) => `c${i}`);

describe("paginate", () => {
  it("answers everything, unlinked, without a limit", () => {
    expect(paginate(items, {}, URL_BASE)).toEqual({ page: items, links: [] });
  });

  it("pages by limit with next/prev links that keep the other query parameters", () => {
    const second = paginate(items, { limit: 3, page: 3 }, `${URL_BASE}?q=x&limit=3&page=3`);
    expect(second.page).toEqual(["c3", "c4", "c5"]);
    expect(second.links.map((l) => [l.rel, l.href])).toEqual([
      ["next", `${URL_BASE}?q=x&limit=3&page=6`],
      ["prev", `${URL_BASE}?q=x&limit=3&page=0`],
    ]);
  });

  it("pages no finer than the minimum page, and links pages of that size", () => {
    const first = paginate(items, { limit: 2 }, `${URL_BASE}?limit=2`, 5);
    expect(first.page).toEqual(items.slice(0, 5));
    expect(first.links.map((l) => [l.rel, l.href])).toEqual([["next", `${URL_BASE}?limit=5&page=5`]]);
    expect(paginate(items, { limit: 2 }, URL_BASE, 10)).toEqual({ page: items, links: [] });
  });
});
