import { describe, expect, it } from "vitest";
import { buildQueryables, CORE_QUERYABLES, CQL2_CONFORMANCE, ITEM_SEARCH_CONFORMANCE } from "../../../src/catalog/search";

describe("queryables", () => {
  it("builds a JSON Schema document from property definitions", () => {
    const document = buildQueryables(
      [
        ...CORE_QUERYABLES,
        { name: "eo:cloud_cover", title: "Cloud cover", type: "number", minimum: 0, maximum: 100 },
        { name: "platform", type: "string", enum: ["sentinel-2a", "sentinel-2b"] },
        { name: "created", type: "timestamp" },
        { name: "footprint", type: "geometry" },
      ],
      { id: "https://example.com/queryables", title: "Queryables" },
    );
    expect(document).toMatchObject({
      $schema: "https://json-schema.org/draft/2019-09/schema",
      $id: "https://example.com/queryables",
      type: "object",
      title: "Queryables",
      additionalProperties: true,
    });
    expect(Object.keys(document.properties)).toEqual(["id", "collection", "geometry", "datetime", "eo:cloud_cover", "platform", "created", "footprint"]);
    expect(document.properties["datetime"]).toEqual({
      description: "Acquisition time",
      $ref: "https://schemas.stacspec.org/v1.0.0/item-spec/json-schema/datetime.json#/properties/datetime",
    });
    expect(document.properties["eo:cloud_cover"]).toEqual({ title: "Cloud cover", type: "number", minimum: 0, maximum: 100 });
    expect(document.properties["created"]).toEqual({ type: "string", format: "date-time" });
    expect(document.properties["footprint"]).toEqual({ $ref: "https://geojson.org/schema/Geometry.json" });
  });

  it("refuses duplicate names and definitions without a type or $ref", () => {
    expect(() => buildQueryables([{ name: "a", type: "string" }, { name: "a", type: "number" }], { id: "x" })).toThrow("defined twice");
    expect(() => buildQueryables([{ name: "a" }], { id: "x" })).toThrow("needs either a type or a $ref");
  });
});

describe("conformance", () => {
  it("lists item search, its extensions and the CQL2 classes implemented", () => {
    expect(ITEM_SEARCH_CONFORMANCE).toEqual(
      expect.arrayContaining([
        "https://api.stacspec.org/v1.0.0/item-search",
        "https://api.stacspec.org/v1.0.0/item-search#filter",
        "https://api.stacspec.org/v1.0.0/item-search#sort",
        "https://api.stacspec.org/v1.0.0/item-search#fields",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        ...CQL2_CONFORMANCE,
      ]),
    );
    expect(CQL2_CONFORMANCE).not.toContain("http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions");
  });
});
