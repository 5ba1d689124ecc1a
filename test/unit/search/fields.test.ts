import { describe, expect, it } from "vitest";
import { parseSearchGet, parseSearchPost, searchItems, type SearchQuery } from "../../../src/catalog/search";
import { ITEMS, byId, errorOf } from "./fixtures";

async function project(query: SearchQuery, id = "grid-01") {
  const result = await searchItems(ITEMS, { ...query, ids: [id] });
  return result.features[0]!;
}
const get = (fields: string, id?: string) => project(parseSearchGet(new URLSearchParams({ fields })), id);
const post = (fields: unknown, id?: string) => project(parseSearchPost({ fields }), id);

const DEFAULT_KEYS = ["assets", "bbox", "collection", "geometry", "id", "links", "properties", "stac_version", "type"];

describe("fields", () => {
  it("returns whole items without the parameter", async () => {
    expect(await project(parseSearchGet(new URLSearchParams()))).toEqual(byId("grid-01"));
  });

  it("returns only the included fields, with dotted and unprefixed property paths", async () => {
    expect(await get("id,properties.eo:cloud_cover")).toEqual({ id: "grid-01", properties: { "eo:cloud_cover": 37 } });
    expect(await get("id,eo:cloud_cover,platform")).toEqual({
      id: "grid-01",
      properties: { "eo:cloud_cover": 37, platform: "sentinel-2b" },
    });
    expect(await get("id,properties.missing")).toEqual({ id: "grid-01" });
  });

  it("returns the default fields for an empty value or empty include", async () => {
    for (const feature of [await get(""), await post({}), await post(null), await post({ include: [], exclude: null })]) {
      expect(Object.keys(feature).sort()).toEqual(DEFAULT_KEYS);
      expect(feature.properties).toEqual({ datetime: byId("grid-01").properties.datetime });
    }
  });

  it("adds start and end to the default fields of items without a datetime", async () => {
    expect((await get("", "range-winter")).properties).toEqual({
      datetime: null,
      start_datetime: "2020-12-20T00:00:00Z",
      end_datetime: "2021-01-05T00:00:00Z",
    });
  });

  it("excludes from the default fields (GET or empty include) but from everything when include is missing", async () => {
    const fromDefaults = await get("-geometry");
    expect(Object.keys(fromDefaults).sort()).toEqual(DEFAULT_KEYS.filter((key) => key !== "geometry"));
    expect(await post({ include: [], exclude: ["geometry"] })).toEqual(fromDefaults);
    const { geometry: _, ...rest } = byId("grid-01");
    expect(await post({ exclude: ["geometry"] })).toEqual(rest);
  });

  it("lets the most specific path win", async () => {
    const { datetime: _, ...otherProperties } = byId("grid-01").properties;
    expect(await post({ include: ["properties"], exclude: ["properties.datetime"] })).toEqual({ properties: otherProperties });
    expect(await post({ include: ["properties.datetime"], exclude: ["properties"] })).toEqual({
      properties: { datetime: byId("grid-01").properties.datetime },
    });
    expect(await post({ exclude: ["properties.platform", "assets.data"] })).toEqual({
      ...byId("grid-01"),
      assets: {},
      properties: { ...byId("grid-01").properties, platform: undefined },
    });
  });

  it("includes a field that is both included and excluded, as the extension specifies", async () => {
    expect(await post({ include: ["id", "assets"], exclude: ["assets"] })).toEqual({ id: "grid-01", assets: byId("grid-01").assets });
  });

  it("rejects malformed POST fields", async () => {
    expect((await errorOf(() => parseSearchPost({ fields: { include: "id" } }))).message).toBe(
      "Invalid search parameter 'fields': include must be an array of field names",
    );
    expect((await errorOf(() => parseSearchPost({ fields: ["id"] }))).code).toBe("SearchParameterInvalid");
  });
});
