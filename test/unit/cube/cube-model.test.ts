import { describe, expect, it } from "vitest";
import { dimensionsOf, filterSpatial, filterTime, reducePixels, selectBands, type LazyCube, type RasterCube } from "../../../src/cube";
import { chooseBands } from "../../../src/cube/bands";
import { propertyFilters, spatialExtent, temporalExtent } from "../../../src/cube/parameters";
import { dayLabel } from "../../../src/cube/plan";
import { itemsExtent, snappedGrid } from "../../../src/cube/target-grid";
import type { StacItem } from "../../../src/catalog/stac-types";
import { labelsNamed, rasterCube } from "../../support/raster-cube";

const lattice = { crs: "EPSG:32633", resolution: 10, origin: [500000, 5000000] as [number, number] };

/** 4 x 2 px, 2 dates x 2 bands; plane p holds 100 p + pixel index. */
function raster(): RasterCube {
  const planes = [0, 1, 2, 3].map((p) => Float32Array.from({ length: 8 }, (_, i) => 100 * p + i));
  return rasterCube({ crs: "EPSG:32633", bbox: [500000, 4999980, 500040, 5000000], width: 4, height: 2 }, ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"], ["a", "b"], planes);
}

/** An item whose band "b" covers `cols` x `rows` px of 10 m from (x0, y0) in `epsg`. */
function footprintItem(epsg: number, x0: number, y0: number, cols: number, rows: number): StacItem {
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id: `i${x0}`,
    bbox: [14, 45, 15, 46],
    geometry: null,
    properties: { datetime: "2024-01-01T00:00:00Z" },
    assets: { b: { href: "b.tif", type: "image/tiff; application=geotiff", roles: ["data"], "eo:bands": [{ name: "b" }], "proj:epsg": epsg, "proj:transform": [10, 0, x0, 0, -10, y0], "proj:shape": [rows, cols] } },
    links: [],
  } as StacItem;
}

describe("target grid", () => {
  it("covers exactly the items' native footprints when no extent is asked for", () => {
    const items = [footprintItem(32633, 500000, 5000000, 64, 32), footprintItem(32633, 500320, 5000100, 64, 64)];
    expect(itemsExtent(items, { name: "b" })).toEqual({ bbox: [500000, 4999460, 500960, 5000100], crs: "EPSG:32633" });
    // Items in different CRSs: their WGS84 boxes.
    expect(itemsExtent([items[0]!, footprintItem(32632, 500000, 5000000, 64, 64)], { name: "b" })).toEqual({ bbox: [14, 45, 15, 46], crs: "EPSG:4326" });
  });

  it("snaps the extent outwards to the native pixel lattice", () => {
    const grid = snappedGrid({ bbox: [500015, 4999901, 500031, 4999989.5], crs: "EPSG:32633" }, lattice);
    expect(grid).toEqual({ crs: "EPSG:32633", bbox: [500010, 4999900, 500040, 4999990], width: 3, height: 9 });
  });

  it("keeps an extent already on the lattice as it is despite rounding", () => {
    const grid = snappedGrid({ bbox: [500000.0000000001, 4999900, 500100, 4999999.9999999999], crs: "EPSG:32633" }, lattice);
    expect([grid.width, grid.height]).toEqual([10, 10]);
  });
});

describe("labels and arguments", () => {
  it("labels time steps by acquisition day (UTC)", () => {
    expect(dayLabel("2024-05-01T23:59:59+00:00")).toBe("2024-05-01T00:00:00Z");
    expect(dayLabel("2024-05-02T01:00:00+02:00")).toBe("2024-05-01T00:00:00Z");
  });

  it("reads bounding boxes, GeoJSON and temporal intervals", () => {
    expect(spatialExtent({ west: 1, south: 2, east: 3, north: 4 }, "p", "e")).toEqual({ bbox: [1, 2, 3, 4], crs: "EPSG:4326" });
    expect(spatialExtent({ type: "Polygon", coordinates: [[[1, 5], [3, 2], [2, 8], [1, 5]]] }, "p", "e")).toEqual({ bbox: [1, 2, 3, 8], crs: "EPSG:4326" });
    expect(() => spatialExtent({ west: 1, south: 2, east: 3, north: 4, crs: 999999 }, "p", "e")).toThrow(/CRS/);
    expect(temporalExtent(["2024-01-01", null], "p")).toEqual({ start: "2024-01-01T00:00:00Z", end: null });
    expect(() => temporalExtent(["2024-02-01", "2024-01-01"], "p")).toThrow(expect.objectContaining({ code: "TemporalExtentEmpty" }));
  });

  it("refuses a temporal extent that is no interval, such as another node's number", () => {
    // Validation lets a node returning number-or-null through where array-or-null is expected; its value arrives here.
    expect(() => temporalExtent(0.99, "load_collection", "temporal_extent")).toThrow(expect.objectContaining({ code: "ProcessParameterInvalid", message: expect.stringContaining("temporal_extent") }));
    expect(() => temporalExtent({ start: "2024-01-01" }, "filter_temporal", "extent")).toThrow(expect.objectContaining({ code: "ProcessParameterInvalid" }));
  });

  it("refuses bands and property filters that another node's result made something else", () => {
    const bands = [{ name: "red" }, { name: "nir" }];
    const fromNode = (value: unknown) => value as string[];
    expect(() => chooseBands(bands, fromNode(true), "load_collection", "the collection")).toThrow(expect.objectContaining({ code: "ProcessParameterInvalid", message: expect.stringContaining("bands") }));
    expect(() => chooseBands(bands, fromNode([1]), "load_collection", "the collection")).toThrow(expect.objectContaining({ code: "ProcessParameterInvalid" }));
    const check = async () => true;
    expect(propertyFilters({ platform: check }, "load_stac")).toEqual({ platform: check });
    expect(propertyFilters(null, "load_stac")).toEqual({});
    for (const value of [{ kind: "lazy" }, { platform: 3 }, [check], "x"]) {
      expect(() => propertyFilters(value, "load_stac")).toThrow(expect.objectContaining({ code: "ProcessParameterInvalid", message: expect.stringContaining("properties") }));
    }
  });
});

describe("filters", () => {
  it("narrows a lazy description without touching data", () => {
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "a" }], spatial: { bbox: [0, 0, 10, 10], crs: "EPSG:4326" }, temporal: { start: "2024-01-01T00:00:00Z", end: null }, properties: {} };
    const narrowed = filterTime(filterSpatial(lazy, { bbox: [5, -5, 20, 8], crs: "EPSG:4326" }), { start: null, end: "2024-02-01T00:00:00Z" }) as LazyCube;
    expect(narrowed.spatial).toEqual({ bbox: [5, 0, 10, 8], crs: "EPSG:4326" });
    expect(narrowed.temporal).toEqual({ start: "2024-01-01T00:00:00Z", end: "2024-02-01T00:00:00Z" });
  });

  it("crops, selects times and bands of a raster cube", () => {
    const cropped = filterSpatial(raster(), { bbox: [500012, 4999980, 500030, 4999990], crs: "EPSG:32633" }) as RasterCube;
    expect(cropped.grid).toEqual({ crs: "EPSG:32633", bbox: [500010, 4999980, 500030, 4999990], width: 2, height: 1 });
    expect(Array.from(cropped.planes[3]!)).toEqual([305, 306]);
    const later = filterTime(raster(), { start: "2024-01-02", end: null }) as RasterCube;
    expect(labelsNamed(later, "t")).toEqual(["2024-01-02T00:00:00Z"]);
    expect(later.planes.map((p) => p[0])).toEqual([200, 300]);
    expect(dimensionsOf(later)).toMatchObject({
      x: { type: "spatial", extent: [500000, 500040], step: 10, reference_system: "EPSG:32633" },
      t: { type: "temporal", values: ["2024-01-02T00:00:00Z"] },
      bands: { type: "bands", values: ["a", "b"] },
    });
    const swapped = selectBands(raster(), [{ name: "b" }]) as RasterCube;
    expect(swapped.planes.map((p) => p[1])).toEqual([101, 301]);
  });
});

describe("per-pixel reduction", () => {
  it("hands each pixel's values along the dimension, with labels and null for NaN", async () => {
    const cube = raster();
    cube.planes[0]![1] = NaN;
    const seen: unknown[] = [];
    const byBands = await reducePixels(cube, 1, async (values, labels) => {
      seen.push([values, labels]);
      const [a, b] = values;
      return a === null || a === undefined ? null : b! - a;
    });
    expect(labelsNamed(byBands, "bands")).toBeNull();
    expect(seen[1]).toEqual([[null, 101], ["a", "b"]]);
    expect(Array.from(byBands.planes[0]!)).toEqual([100, NaN, 100, 100, 100, 100, 100, 100]);
    const byTime = await reducePixels(raster(), 0, async (values) => Math.max(...(values as number[])));
    expect(labelsNamed(byTime, "t")).toBeNull();
    expect(Array.from(byTime.planes[1]!)).toEqual([300, 301, 302, 303, 304, 305, 306, 307]);
  });
});
