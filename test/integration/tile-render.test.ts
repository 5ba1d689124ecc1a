/**
 * XYZ tiles rendered from an ingested collection (COGs with overviews, written by our writer):
 * pixels against NDVI recomputed here from the source values at each tile pixel's centre, graphs
 * that load with the tile's extent parameters or an extent of their own, the data's edge
 * transparent, tiles outside the data, and the overview level a far zoom reads.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { RunLog } from "../../src/execution/run-log";
import { runEnvironment } from "../../src/execution/sync";
import { pointTransform, transformBBox } from "../../src/raster/crs";
import { headerCache } from "../../src/raster/header-cache";
import { parseXyzConfiguration } from "../../src/tiles/configuration";
import { renderTile, transparentTile } from "../../src/tiles/render-tile";
import { tileGrid, WEB_MERCATOR_HALF, type TileAddress } from "../../src/tiles/tile-grid";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { readPngRgba } from "../support/png-reader";
import { utmGrid } from "../support/raster-fixtures";

// 512 x 512 px of 10 m in UTM 33N from (500000, 5000000), 64 px tiles, with overviews of 2, 4 and 8.
const grid = utmGrid(512, 512);
// Values that vary from pixel to pixel and compress badly, so that a full-resolution read is large.
function noise(x: number, y: number, seed: number): number {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263) + seed;
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return ((h ^ (h >>> 16)) >>> 0) % 2000;
}
const red = (x: number, y: number) => 1000 + noise(x, y, 1);
const nir = (x: number, y: number) => 3000 + noise(x, y, 2);
const reflectance = (dn: number) => dn * 0.0001 - 0.1;
const ndviAt = (x: number, y: number) => (reflectance(nir(x, y)) - reflectance(red(x, y))) / (reflectance(nir(x, y)) + reflectance(red(x, y)));
/** Black at -1 to white at 1, so that expected colours need none of the back-end's colour maps. */
const GREY_STOPS = parseXyzConfiguration({ colormap: [{ value: -1, color: "#000000" }, { value: 1, color: "#ffffff" }] });
/** A single band is drawn in 255 levels from min to max (PALETTE_LEVELS): the nearest level's grey. */
const grey = (ndvi: number) => Math.round((Math.round(Math.min(1, Math.max(0, (ndvi + 1) / 2)) * 254) / 254) * 255);

const NDVI = {
  process_graph: {
    load: { process_id: "load_collection", arguments: { id: "tile-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "PNG" }, result: true },
  },
};

const toMercator = pointTransform("EPSG:32633", "EPSG:3857");
const toUtm = pointTransform("EPSG:3857", "EPSG:32633");

/** The tile of zoom `z` under a UTM point. */
function tileAt(z: number, easting: number, northing: number): TileAddress {
  const [mx, my] = toMercator(easting, northing);
  const n = 2 ** z;
  return { z, x: Math.floor(((mx + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * n), y: Math.floor(((WEB_MERCATOR_HALF - my) / (2 * WEB_MERCATOR_HALF)) * n) };
}

async function render(tile: TileAddress, configuration = GREY_STOPS, process: Record<string, unknown> = NDVI) {
  headerCache.clear();
  const { engineEnv, data, stats } = runEnvironment({ env, userId: "basic.alice", apiBase: "https://openeo.example.test/v1" });
  const png = readPngRgba(await renderTile(process, configuration, tile, engineEnv, data, new RunLog("info")));
  return { png, bytesRead: stats.bytes };
}

/** A plane rising 20 DN a column and 10 a row: bilinear resampling reproduces it exactly between pixel centres. */
const ramp = (x: number, y: number) => 1000 + 20 * x + 10 * y;

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "tile-scenes", [{ id: "T1", datetime: "2024-07-01T10:00:00Z", grid, cloud: 0, values: { B04: red, B08: nir } }], [RED, NIR], 64, [2, 4, 8]);
  await ingestCubeScenes(env.DATA, "tile-ramp", [{ id: "R1", datetime: "2024-07-01T10:00:00Z", grid, cloud: 0, values: { B04: ramp } }], [RED], 64, [2, 4, 8]);
});

describe("XYZ tiles", () => {
  it("show NDVI recomputed at each tile pixel's centre from the source pixel under it", async () => {
    const tile = tileAt(15, 502560, 4997440);
    const { png } = await render(tile);
    // A grey colour map on a tile the data covers: plain greyscale, one byte a pixel.
    expect([png.width, png.height, png.colourType]).toEqual([256, 256, 0]);
    const box = tileGrid(tile, 256);
    const px = (box.bbox[2] - box.bbox[0]) / 256;
    let checked = 0;
    for (let row = 3; row < 256; row += 17) {
      for (let col = 5; col < 256; col += 19) {
        const [e, n] = toUtm(box.bbox[0] + (col + 0.5) * px, box.bbox[3] - (row + 0.5) * px);
        const [sx, sy] = [(e - 500000) / 10, (5000000 - n) / 10];
        // Centres near a source pixel's edge could go either way.
        if (Math.abs(sx - Math.round(sx)) < 0.1 || Math.abs(sy - Math.round(sy)) < 0.1) continue;
        const i = (row * 256 + col) * 4;
        const expected = grey(ndviAt(Math.floor(sx), Math.floor(sy)));
        expect([...png.pixels.subarray(i, i + 4)], `tile pixel (${col}, ${row})`).toEqual([expected, expected, expected, 255]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("fill in the tile's extent for graphs that load with it, and keep a load's own extent (the rest of the tile transparent)", async () => {
    const tile = tileAt(15, 502560, 4997440);
    const plain = (await render(tile)).png.pixels;
    const load = NDVI.process_graph.load;
    const withExtent = (spatial_extent: Record<string, unknown>) => ({ process_graph: { ...NDVI.process_graph, load: { ...load, arguments: { ...load.arguments, spatial_extent } } } });
    const fromParameters = Object.fromEntries(["west", "south", "east", "north", "crs"].map((side) => [side, { from_parameter: `spatial_extent_${side}` }]));
    expect((await render(tile, GREY_STOPS, withExtent(fromParameters))).png.pixels).toEqual(plain);

    // An extent whose north-west corner is the point the tile was chosen under: only its part of the tile has pixels.
    const extent = { west: 502560, south: 4990000, east: 504000, north: 4997440, crs: 32633 };
    const clipped = (await render(tile, GREY_STOPS, withExtent(extent))).png.pixels;
    const box = tileGrid(tile, 256);
    const px = (box.bbox[2] - box.bbox[0]) / 256;
    const [west, south, east, north] = transformBBox([extent.west, extent.south, extent.east, extent.north], "EPSG:32633", "EPSG:3857");
    const counts = { inside: 0, outside: 0 };
    for (let row = 0; row < 256; row += 5) {
      for (let col = 0; col < 256; col += 5) {
        const [x, y] = [box.bbox[0] + (col + 0.5) * px, box.bbox[3] - (row + 0.5) * px];
        // The extent's box in Web Mercator, rounded to the tile's pixel edges: a pixel's width either side may go either way.
        const margin = Math.min(x - west, east - x, y - south, north - y) / px;
        if (Math.abs(margin) < 1) continue;
        const i = (row * 256 + col) * 4;
        const pixel = [...clipped.subarray(i, i + 4)];
        if (margin > 0) expect(pixel, `inside (${col}, ${row})`).toEqual([...plain.subarray(i, i + 4)]);
        else expect(pixel, `outside (${col}, ${row})`).toEqual([0, 0, 0, 0]);
        counts[margin > 0 ? "inside" : "outside"]++;
      }
    }
    expect(counts.inside).toBeGreaterThan(200);
    expect(counts.outside).toBeGreaterThan(200);
  });

  it("are transparent beyond the data's edge, and 512 px when configured so", async () => {
    // The tile under the scene's north-west corner: the data covers its south-east part only.
    const tile = tileAt(14, 500005, 4999995);
    const { png } = await render(tile, { ...GREY_STOPS, tile_size: 512 });
    expect([png.width, png.height]).toEqual([512, 512]);
    const alpha = (col: number, row: number) => png.pixels[(row * 512 + col) * 4 + 3];
    const box = tileGrid(tile, 512);
    const [cornerX, cornerY] = toMercator(500000, 5000000);
    const [col, row] = [(cornerX - box.bbox[0]) / ((box.bbox[2] - box.bbox[0]) / 512), (box.bbox[3] - cornerY) / ((box.bbox[3] - box.bbox[1]) / 512)];
    expect(alpha(Math.floor(col) - 3, Math.floor(row) - 3)).toBe(0);
    expect(alpha(Math.ceil(col) + 3, Math.ceil(row) + 3)).toBe(255);
    expect(alpha(0, 0)).toBe(0);
  });

  it("outside the collection have no data", async () => {
    await expect(render(tileAt(14, 600000, 5100000))).rejects.toMatchObject({ code: "NoDataAvailable" });
    expect(readPngRgba(transparentTile(256)).pixels.every((v) => v === 0)).toBe(true);
  });

  it("far out read the overview that matches their resolution, not the full resolution", async () => {
    const files = await Promise.all(["B04", "B08"].map(async (band) => (await env.DATA.head(`collections/tile-scenes/items/T1/${band}.tif`))!.size));
    // z9 pixels are about 215 m on the ground here: the 80 m overview, 64 x 64 px, one 64 px tile per band.
    const far = await render(tileAt(9, 502560, 4997440));
    expect(far.png.pixels.some((v, i) => i % 4 === 3 && v === 255)).toBe(true);
    expect(far.bytesRead).toBeLessThan((files[0]! + files[1]!) / 8);
    // z13 pixels (about 13 m) need the full resolution of the part of the scene the tile covers.
    const near = await render(tileAt(13, 502560, 4997440));
    expect(near.bytesRead).toBeGreaterThan(2 * far.bytesRead);
  });

  it("resample with the service's method: bilinear weighs the four source pixels around a tile pixel's centre, nearest takes the one under it", async () => {
    // z17 pixels are about 0.85 m here: some 12 tile pixels a 10 m source pixel, so the methods differ everywhere but at centres.
    const tile = tileAt(17, 502560, 4997440);
    const box = tileGrid(tile, 256);
    const px = (box.bbox[2] - box.bbox[0]) / 256;
    const sourceAt = (col: number, row: number) => {
      const [e, n] = toUtm(box.bbox[0] + (col + 0.5) * px, box.bbox[3] - (row + 0.5) * px);
      return [(e - 500000) / 10, (5000000 - n) / 10] as const;
    };
    // Source pixel (i, j) has its centre at (i + 0.5, j + 0.5): bilinear between centres is the plane itself there.
    const bilinear = (sx: number, sy: number) => ramp(sx - 0.5, sy - 0.5);
    const nearest = (sx: number, sy: number) => ramp(Math.floor(sx), Math.floor(sy));
    const corners = [sourceAt(0, 0), sourceAt(255, 255)];
    const [low, high] = [ramp(corners[0]![0] - 1, corners[0]![1] - 1), ramp(corners[1]![0] + 1, corners[1]![1] + 1)];
    // Grey levels over the tile's own range of reflectance: about 2 DN each, much finer than the methods' differences.
    const configuration = (resampling: string) =>
      parseXyzConfiguration({ colormap: [{ value: reflectance(low), color: "#000000" }, { value: reflectance(high), color: "#ffffff" }], resampling });
    const process = { process_graph: { load: { ...NDVI.process_graph.load, arguments: { ...NDVI.process_graph.load.arguments, id: "tile-ramp", bands: ["B04"] } }, save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "PNG" }, result: true } } };
    const greyOf = (dn: number) => Math.round(Math.min(1, Math.max(0, (reflectance(dn) - reflectance(low)) / (reflectance(high) - reflectance(low)))) * 255);
    for (const [method, expectedAt] of [["bilinear", bilinear], ["nearest", nearest]] as const) {
      const { png } = await render(tile, configuration(method), process);
      let [checked, off] = [0, 0];
      for (let row = 0; row < 256; row += 3) {
        for (let col = 0; col < 256; col += 3) {
          const [sx, sy] = sourceAt(col, row);
          // Nearest is ambiguous where a centre lies on a source pixel's edge.
          if (method === "nearest" && (Math.abs(sx - Math.round(sx)) < 0.05 || Math.abs(sy - Math.round(sy)) < 0.05)) continue;
          const got = png.pixels[(row * 256 + col) * png.channels]!;
          if (Math.abs(got - greyOf(expectedAt(sx, sy))) > 1) off++;
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(5000);
      expect(off, `${method}: ${off} of ${checked} pixels more than one grey level off`).toBe(0);
    }
    // The two methods really differ on this tile: in a good share of its pixels, by more than two grey levels.
    const [a, b] = [(await render(tile, configuration("bilinear"), process)).png, (await render(tile, configuration("nearest"), process)).png];
    const differing = Array.from({ length: 256 * 256 }, (_, i) => Math.abs(a.pixels[i * a.channels]! - b.pixels[i * b.channels]!) > 2).filter(Boolean).length;
    expect(differing).toBeGreaterThan(256 * 256 * 0.2);
  });
});
