import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { CogFacts } from "../../src/catalog/ingest/cog-facts";
import { parseProvider, withCollectionOptions } from "../../src/catalog/ingest/collection-options";
import { filesFootprint } from "../../src/catalog/ingest/file-footprint";
import { prepareItem } from "../../src/catalog/ingest/prepare-item";
import { storeCollection } from "../../src/catalog/ingest/store-collection";
import type { StacCollection } from "../../src/catalog/stac-types";
import { transformBBox } from "../../src/raster/crs";
import { request } from "../support/http";

// A 30 km window of a 110 km MGRS tile, as in the 33TWL data: 256 px of 120 m from (569100, 5076960).
const WINDOW: CogFacts = {
  epsg: 32633,
  width: 256,
  height: 256,
  transform: [120, 0, 569100, 0, -120, 5076960],
  dataType: "uint16",
  nodata: 0,
  tiled: true,
  compression: "DEFLATE",
  compressionSupported: true,
  overviewCount: 1,
  headerBytes: 800,
};
const WINDOW_BOX: [number, number, number, number] = [569100, 5076960 - 256 * 120, 569100 + 256 * 120, 5076960];
// The whole tile, as the source item says.
const TILE_BBOX = [14.99975, 45.05676, 16.41889, 46.05356];

function tileItem(id: string) {
  const [w, s, e, n] = TILE_BBOX;
  return {
    type: "Feature" as const,
    stac_version: "1.0.0",
    id,
    bbox: TILE_BBOX,
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: "2023-08-15T09:58:00Z", platform: "sentinel-2a", constellation: "sentinel-2" },
    assets: { red: { href: "B04.tif", type: "image/tiff; application=geotiff; profile=cloud-optimized", roles: ["data"] } },
    links: [],
  };
}

const SOURCE_COLLECTION = {
  id: "sentinel-2-l2a",
  title: "Sentinel-2 Level 2A",
  description: "Global Sentinel-2 data from the Multispectral Instrument (MSI) onboard Sentinel-2",
  keywords: ["sentinel", "earth observation", "esa"],
  license: "proprietary",
  providers: [{ name: "ESA", roles: ["producer"], url: "https://earth.esa.int/web/guest/home" }],
  links: [{ rel: "self", href: "https://example.test/collection.json" }],
} as Partial<StacCollection>;

beforeAll(async () => {
  const copied = new Map([["red", { file: "B04.tif", facts: WINDOW, size: 1000, sha256: "cd".repeat(32) }]]);
  await storeCollection(env.DATA, { ...SOURCE_COLLECTION, id: "window" }, [prepareItem(tileItem("W1"), "window", copied)]);
  const options = { title: "Sentinel-2 L2A over 29RKH", keywords: "sentinel-2, desert", license: "CC-BY-SA-3.0-IGO", licenseUrl: "https://example.test/legal", providers: ["ESA|producer,licensor|https://www.esa.int", "Element 84|processor"] };
  await storeCollection(env.DATA, withCollectionOptions({ id: "from-options" }, options), [prepareItem(tileItem("R1"), "from-options", copied)]);
  // Adding items later without options keeps the metadata.
  await storeCollection(env.DATA, { id: "from-options" }, [prepareItem(tileItem("R2"), "from-options", copied)]);
});

describe("ingested collections' metadata", () => {
  it("takes title, description, keywords, license and providers from the source collection", async () => {
    const c = (await (await request("/v1/collections/window")).json()) as Record<string, any>;
    expect(c).toMatchObject({ title: SOURCE_COLLECTION.title, description: SOURCE_COLLECTION.description, keywords: SOURCE_COLLECTION.keywords, license: "proprietary", providers: SOURCE_COLLECTION.providers });
  });

  it("takes them from ingest's options, kept when items are added later", async () => {
    const c = (await (await request("/v1/collections/from-options")).json()) as Record<string, any>;
    expect(c.title).toBe("Sentinel-2 L2A over 29RKH");
    expect(c.keywords).toEqual(["sentinel-2", "desert"]);
    expect(c.license).toBe("CC-BY-SA-3.0-IGO");
    expect(c.providers).toEqual([
      { name: "ESA", roles: ["producer", "licensor"], url: "https://www.esa.int" },
      { name: "Element 84", roles: ["processor"] },
    ]);
    expect(c.links.filter((l: any) => l.rel === "license")).toEqual([{ rel: "license", href: "https://example.test/legal", type: "text/html", title: "License" }]);
    const items = (await (await request("/v1/collections/from-options/items")).json()) as { features: { id: string }[] };
    expect(items.features.map((f) => f.id).sort()).toEqual(["R1", "R2"]);
  });

  it("refuses providers with unknown roles or urls", () => {
    expect(() => parseProvider("ESA|owner")).toThrow("provider role 'owner'");
    expect(() => parseProvider("ESA|host|ftp://x")).toThrow("is not http(s)");
    expect(() => parseProvider("|host")).toThrow("has no name");
  });
});

describe("ingested items' footprints", () => {
  it("are the files' when the item's geometry is the whole tile", async () => {
    const expected = transformBBox(WINDOW_BOX, "EPSG:32633", "EPSG:4326");
    const item = (await (await request("/v1/collections/window/items/W1")).json()) as Record<string, any>;
    expect(item.bbox).toEqual(expected);
    const ring = item.geometry.coordinates[0] as number[][];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    for (const [x, y] of ring) {
      expect(x).toBeGreaterThanOrEqual(expected[0] - 1e-9);
      expect(x).toBeLessThanOrEqual(expected[2] + 1e-9);
      expect(y).toBeGreaterThanOrEqual(expected[1] - 1e-9);
      expect(y).toBeLessThanOrEqual(expected[3] + 1e-9);
    }
    const c = (await (await request("/v1/collections/window")).json()) as Record<string, any>;
    expect(c.extent.spatial.bbox).toEqual([expected]);
  });

  it("keep searches from finding items where the tile has no pixels", async () => {
    const found = async (bbox: number[]) => ((await (await request(`/v1/collections/window/items?bbox=${bbox.join(",")}`)).json()) as { features: unknown[] }).features.length;
    // The tile's south-west part, away from the window in its east.
    expect(await found([15.1, 45.1, 15.3, 45.3])).toBe(0);
    const [w, s, e, n] = transformBBox(WINDOW_BOX, "EPSG:32633", "EPSG:4326");
    expect(await found([(w + e) / 2, (s + n) / 2, (w + e) / 2 + 0.01, (s + n) / 2 + 0.01])).toBe(1);
  });

  it("are left alone when the item lies within its files, and missing for files in several CRSs", () => {
    const footprint = filesFootprint([WINDOW])!;
    const copied = new Map([["red", { file: "B04.tif", facts: WINDOW, size: 1000, sha256: "cd".repeat(32) }]]);
    const [w, s, e, n] = footprint.bbox;
    const within = [w + 0.05, s + 0.05, e - 0.05, n - 0.05];
    expect(prepareItem({ ...tileItem("I1"), bbox: within }, "window", copied).bbox).toEqual(within);
    expect(footprint.geometry.type).toBe("Polygon");
    expect(filesFootprint([WINDOW, { ...WINDOW, epsg: 32632 }])).toBeNull();
  });
});
