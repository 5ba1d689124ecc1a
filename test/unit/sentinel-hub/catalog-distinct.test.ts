import { describe, expect, it } from "vitest";
import type { StacItem } from "../../../src/catalog/stac-types";
import { distinctValues, MAX_DISTINCT_VALUES } from "../../../src/sentinel-hub/catalog/distinct";

const item = (id: string, properties: Record<string, unknown>): StacItem =>
  ({ type: "Feature", stac_version: "1.0.0", id, bbox: [0, 0, 1, 1], geometry: null, properties: { datetime: null, ...properties }, assets: {}, links: [] }) as StacItem;

const ITEMS = [
  item("a", { datetime: "2024-05-03T23:30:00-02:00", cloud: 10, flag: true, band: ["x"] }),
  item("b", { datetime: "2024-05-01T10:00:00Z", cloud: 2, flag: false, mode: "IW" }),
  item("c", { start_datetime: "2024-04-30T22:00:00Z", end_datetime: "2024-05-02T00:00:00Z", cloud: 10, mode: "EW" }),
  item("d", { datetime: "2024-05-01T18:00:00Z", cloud: "n/a", mode: "IW" }),
];

describe("distinct values (Sentinel Hub's extension)", () => {
  it("gives each UTC day once, ascending: offsets count, ranged items by their start", () => {
    // a is 01:30 UTC on the 4th; c starts on April 30th.
    expect(distinctValues(ITEMS, "date")).toEqual(["2024-04-30", "2024-05-01", "2024-05-04"]);
  });

  it("gives a property's scalar values once each, booleans, then numbers, then strings, skipping the rest", () => {
    expect(distinctValues(ITEMS, "cloud")).toEqual([2, 10, "n/a"]);
    expect(distinctValues(ITEMS, "properties.mode")).toEqual(["EW", "IW"]);
    expect(distinctValues(ITEMS, "flag")).toEqual([false, true]);
    expect(distinctValues(ITEMS, "band")).toEqual([]);
    expect(distinctValues(ITEMS, "id")).toEqual(["a", "b", "c", "d"]);
  });

  it("holds at most MAX_DISTINCT_VALUES values, refusing a broader search with 400 naming distinct", () => {
    const many = (count: number) => Array.from({ length: count }, (_, i) => item(`i${i}`, { n: i, same: 1 }));
    expect(distinctValues(many(MAX_DISTINCT_VALUES), "n")).toHaveLength(MAX_DISTINCT_VALUES);
    expect(() => distinctValues(many(MAX_DISTINCT_VALUES + 1), "n")).toThrow(expect.objectContaining({ code: "SearchParameterInvalid", status: 400, message: expect.stringContaining("narrow the search") }));
    expect(distinctValues(many(MAX_DISTINCT_VALUES + 1), "same")).toEqual([1]);
  });
});
