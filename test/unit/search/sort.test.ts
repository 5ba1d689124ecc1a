import { describe, expect, it } from "vitest";
import { parseSearchGet, parseSearchPost, searchItems, type SearchQuery, type StacItem } from "../../../src/catalog/search";
import { ITEMS, errorOf } from "./fixtures";

async function order(query: SearchQuery): Promise<string[]> {
  return (await searchItems(ITEMS, { ...query, limit: 10_000 })).features.map((feature) => feature.id!);
}

const byIdAsc = (a: StacItem, b: StacItem) => (a.id < b.id ? -1 : 1);
const time = (item: StacItem) => Date.parse((item.properties.datetime ?? item.properties.start_datetime)!);
const cloud = (item: StacItem) => item.properties["eo:cloud_cover"] as number | undefined;

describe("sortby", () => {
  it("defaults to datetime descending (ranges by their start), then id", async () => {
    const expected = [...ITEMS].sort((a, b) => time(b) - time(a) || byIdAsc(a, b)).map((item) => item.id);
    expect(await order(parseSearchGet(new URLSearchParams()))).toEqual(expected);
  });

  it("sorts on several keys, missing values last, with '+', '-' and a '+' decoded to a space", async () => {
    const expected = [...ITEMS]
      .sort((a, b) => {
        const [ca, cb] = [cloud(a), cloud(b)];
        if (ca !== cb) return ca === undefined ? 1 : cb === undefined ? -1 : cb - ca;
        return byIdAsc(a, b);
      })
      .map((item) => item.id);
    expect(await order(parseSearchGet(new URLSearchParams("sortby=-eo:cloud_cover,%2Bid")))).toEqual(expected);
    expect(await order(parseSearchGet(new URLSearchParams("sortby=-properties.eo:cloud_cover,+id")))).toEqual(expected);
  });

  it("takes POST {field, direction} objects", async () => {
    const query = parseSearchPost({
      sortby: [
        { field: "collection", direction: "asc" },
        { field: "properties.datetime", direction: "desc" },
      ],
    });
    const expected = [...ITEMS]
      .sort((a, b) => (a.collection! < b.collection! ? -1 : a.collection! > b.collection! ? 1 : time(b) - time(a)))
      .map((item) => item.id);
    expect(await order(query)).toEqual(expected);
  });

  it("breaks ties by id so equal keys still give one total order", async () => {
    const platform = (item: StacItem) => String(item.properties.platform);
    const expected = [...ITEMS]
      .sort((a, b) => (platform(a) < platform(b) ? -1 : platform(a) > platform(b) ? 1 : byIdAsc(a, b)))
      .map((item) => item.id);
    expect(await order(parseSearchGet(new URLSearchParams("sortby=platform")))).toEqual(expected);
  });

  it.each([
    ["sortby=geometry", "can't sort on 'geometry'"],
    ["sortby=id,,datetime", "every entry needs a field name"],
    ["sortby=-", "every entry needs a field name"],
  ])("rejects %s", async (params, reason) => {
    const error = await errorOf(() => parseSearchGet(new URLSearchParams(params)));
    expect(error.status).toBe(400);
    expect(error.message).toContain(reason);
  });

  it("rejects bad POST directions", async () => {
    const error = await errorOf(() => parseSearchPost({ sortby: [{ field: "id", direction: "up" }] }));
    expect(error.message).toBe("Invalid search parameter 'sortby': direction must be 'asc' or 'desc'");
  });
});
