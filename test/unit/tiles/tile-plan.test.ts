/**
 * How a lazy cube is planned under a map tile (DataAccess.tile): read onto the whole tile, whatever
 * the load's extent or resampling, searching only the part of the tile inside the extent.
 */
import { describe, expect, it } from "vitest";
import type { StacItem } from "../../../src/catalog/stac-types";
import type { DataAccess, ItemQuery } from "../../../src/cube/context";
import { planRead } from "../../../src/cube/plan";
import type { LazyCube, SpatialExtent } from "../../../src/cube/types";
import { transformBBox } from "../../../src/raster/crs";
import { tileGrid, WEB_MERCATOR_HALF } from "../../../src/tiles/tile-grid";

const item: StacItem = { type: "Feature", stac_version: "1.0.0", id: "a", bbox: [-180, -90, 180, 90], geometry: null, properties: { datetime: "2024-07-01T10:00:00Z" }, assets: {}, links: [] };

function plan(cube: Partial<LazyCube>, tile = tileGrid({ z: 1, x: 1, y: 0 }, 256)) {
  const queries: ItemQuery[] = [];
  const data: DataAccess = {
    collection: () => Promise.reject(new Error("not needed")),
    items: async (_, query) => (queries.push(query), [item]),
    openAsset: () => Promise.reject(new Error("planning reads no pixels")),
    tile,
  };
  const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {}, ...cube };
  return { tile, queries, result: planRead(lazy, data) };
}

const geographic = (bbox: [number, number, number, number]): SpatialExtent => ({ bbox, crs: "EPSG:4326" });

describe("a lazy cube under a map tile", () => {
  it("is read onto the tile, searched under the tile, and no resampling moves it", async () => {
    const { tile, queries, result } = plan({ target: { crs: "EPSG:32633", resolution: 10 } });
    const read = await result;
    expect(read.grid).toEqual(tile);
    expect(read.part).toBeUndefined();
    expect(read.dates.map((d) => d.label)).toEqual(["2024-07-01T00:00:00Z"]);
    expect(queries[0]!.bbox).toEqual(transformBBox(tile.bbox, "EPSG:3857", "EPSG:4326"));
  });

  it("reads only the part inside the load's extent, on the tile's pixels, and searches only there", async () => {
    // z1 x1 y0 is the north-east quarter: 0..180 E, 0..85.05 N; the extent covers 0..90 E of it.
    const { tile, queries, result } = plan({ spatial: geographic([-30, 0, 90, 10]) });
    const read = await result;
    expect(read.grid).toEqual(tile);
    expect(read.part).toMatchObject({ crs: "EPSG:3857", width: 128 });
    const [west, south, east, north] = read.part!.bbox;
    expect([west, east, south]).toEqual([0, WEB_MERCATOR_HALF / 2, 0]);
    // 10 N in Web Mercator (1118890 m) rounded to the nearest of the tile's pixel edges (78272 m apart): the 14th.
    expect(north).toBeCloseTo(14 * (WEB_MERCATOR_HALF / 256), 3);
    expect(queries[0]!.bbox![2]).toBeCloseTo(90, 9);
  });

  it("takes an extent reaching the poles as all of the tile's latitudes", async () => {
    const { result } = plan({ spatial: geographic([-180, -90, 180, 90]) }, tileGrid({ z: 0, x: 0, y: 0 }, 256));
    expect((await result).part).toBeUndefined();
  });

  it("has no data where the load's extent misses the tile", async () => {
    await expect(plan({ spatial: geographic([-30, -10, -20, 10]) }).result).rejects.toMatchObject({ code: "NoDataAvailable" });
    // South of the north-east quarter: its latitudes are cut away entirely.
    await expect(plan({ spatial: geographic([10, -89, 20, -80]) }).result).rejects.toMatchObject({ code: "NoDataAvailable" });
  });
});
