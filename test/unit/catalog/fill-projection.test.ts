import { describe, expect, it } from "vitest";
import { fillProjection, MAX_PROJECTION_READS } from "../../../src/catalog/stac-source/fill-projection";
import type { StacAsset, StacItem } from "../../../src/catalog/stac-types";
import type { Cog } from "../../../src/raster/cog-header";

/** An item without projection metadata, one data asset, its box `x` degrees east. */
const item = (id: string, x: number): StacItem =>
  ({ type: "Feature", id, bbox: [x, 45, x + 0.1, 45.1], geometry: null, properties: { datetime: "2024-07-01T00:00:00Z" }, assets: { B04: { href: `${id}.tif`, type: "image/tiff; application=geotiff", roles: ["data"] } }, links: [] }) as unknown as StacItem;

/** A header answering per file: origin x from the file name's number. */
function opener(): { open: (asset: StacAsset) => Promise<Cog>; opened: string[] } {
  const opened: string[] = [];
  const open = async (asset: StacAsset) => {
    opened.push(asset.href);
    const x = 500000 + 1000 * Number(/\d+/.exec(asset.href)![0]);
    return { header: { epsg: 32633, transform: { pixelWidth: 10, pixelHeight: 10, originX: x, originY: 5000000 }, grid: { width: 64, height: 32 } } } as unknown as Cog;
  };
  return { open, opened };
}

describe("fillProjection", () => {
  it("reads one header for the items at one place (dates of a tile), and one per other place", async () => {
    const { open, opened } = opener();
    const items = await fillProjection([item("t1", 15), item("t2", 15), item("t3", 16)], open);
    expect(opened).toEqual(["t1.tif", "t3.tif"]);
    expect(items.map((i) => i.assets.B04!["proj:transform"])).toEqual([
      [10, 0, 501000, 0, -10, 5000000],
      [10, 0, 501000, 0, -10, 5000000],
      [10, 0, 503000, 0, -10, 5000000],
    ]);
    expect(items[2]!.assets.B04).toMatchObject({ "proj:epsg": 32633, "proj:shape": [32, 64] });
  });

  it("reads at most MAX_PROJECTION_READS headers: items at further places stay without projection", async () => {
    const { open, opened } = opener();
    const many = Array.from({ length: MAX_PROJECTION_READS + 5 }, (_, i) => item(`m${i}`, i));
    const items = await fillProjection(many, open);
    expect(opened).toHaveLength(MAX_PROJECTION_READS);
    expect(items.filter((i) => i.assets.B04!["proj:transform"] === undefined)).toHaveLength(5);
  });
});
