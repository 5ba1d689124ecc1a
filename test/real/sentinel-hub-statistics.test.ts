/**
 * Sentinel Hub's Statistical API over the real 33TWL scenes of ../shared/data (ingested, used as
 * byoc-twl): cloud-masked NDVI statistics per day and per ten days, percentiles and a histogram,
 * every value recomputed here from the raw B04, B08 and SCL files (geotiff.js).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { pixelBoxExtent } from "./graphs";
import { readItemBand, S2_NODATA, SCL_CLOUD_CLASSES, valueAtPoint, type RawRaster } from "./raw-rasters";
import { expectedOnGrid } from "./raster-compare";
import { itemsOldestFirst, type RawItem } from "./raw-stac";
import { demoBearer } from "./result-client";

const TWL = "s2-33TWL-2023-08";
const SIDE = 128;

let worker: LocalWorker;
let bearer: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: TWL, collection: "twl", args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
});
afterAll(async () => {
  await worker?.stop();
});

const SCRIPT = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: [{ bands: ['B04', 'B08', 'SCL', 'dataMask'] }], output: [{ id: 'ndvi', bands: 1 }, { id: 'dataMask', bands: 1 }] };",
  "}",
  "function evaluatePixel(s) {",
  "  const clear = s.dataMask === 1 && ![3, 8, 9, 10].includes(s.SCL);",
  "  return { ndvi: [(s.B08 - s.B04) / (s.B08 + s.B04)], dataMask: [clear ? 1 : 0] };",
  "}",
].join("\n");

interface Scene {
  item: RawItem;
  red: RawRaster;
  nir: RawRaster;
  scl: RawRaster;
}
interface Stats {
  min: number;
  max: number;
  mean: number;
  stDev: number;
  sampleCount: number;
  noDataCount: number;
  percentiles: Record<string, number>;
}

const f32 = Math.fround;
const reflectance = (dn: number) => f32(dn * 0.0001);

/** Clear NDVI of a scene at a map point, as the evalscript computes it and float32 keeps it; undefined where masked. */
function clearNdvi(scene: Scene, x: number, y: number): number | undefined {
  const [r, n, c] = [valueAtPoint(scene.red, x, y), valueAtPoint(scene.nir, x, y), valueAtPoint(scene.scl, x, y)];
  if (r === undefined || n === undefined || c === undefined || r === S2_NODATA || n === S2_NODATA || c === S2_NODATA || SCL_CLOUD_CLASSES.includes(c)) return undefined;
  return f32((reflectance(n) - reflectance(r)) / (reflectance(n) + reflectance(r)));
}

describe("Statistical API over real Sentinel-2 data", () => {
  it("cloud-masked NDVI per day: min, max, mean, sample stDev, counts, percentiles and a histogram equal the raw files'", async () => {
    const scenes: Scene[] = await Promise.all(
      itemsOldestFirst(TWL).map(async (item) => ({ item, red: await readItemBand(item, "B04.tif"), nir: await readItemBand(item, "B08.tif"), scl: await readItemBand(item, "SCL.tif") })),
    );
    const extent = pixelBoxExtent(scenes[0]!.red, 128, 128, 128 + SIDE, 128 + SIDE);
    const bbox = [extent.west, extent.south, extent.east, extent.north];
    const body = (of: string) => ({
      input: { bounds: { bbox, properties: { crs: `http://www.opengis.net/def/crs/EPSG/0/${extent.crs}` } }, data: [{ type: "byoc-twl" }] },
      aggregation: { timeRange: { from: "2023-08-01T00:00:00Z", to: "2023-09-01T00:00:00Z" }, aggregationInterval: { of }, width: SIDE, height: SIDE, evalscript: SCRIPT },
      calculations: { ndvi: { statistics: { default: { percentiles: { k: [10, 50, 90] } } }, histograms: { default: { nBins: 5, lowEdge: -0.2, highEdge: 0.8 } } } },
    });
    const res = await fetch(`${worker.url}/api/v1/statistics`, { method: "POST", headers: { Authorization: bearer, "Content-Type": "application/json" }, body: JSON.stringify(body("P1D")) });
    const text = await res.text();
    expect(res.status, text.slice(0, 2000)).toBe(200);
    const json = JSON.parse(text) as { data: { interval: { from: string }; outputs: { ndvi: { bands: { B0: { stats: Stats; histogram: { bins: { count: number }[]; underflowCount: number; overflowCount: number } } } } } }[]; status: string };
    expect(json.status).toBe("OK");
    expect(json.data.map((e) => e.interval.from.slice(0, 10))).toEqual(scenes.map((s) => s.item.properties.datetime.slice(0, 10)));
    const grid = { bbox, width: SIDE, height: SIDE };
    type Entry = (typeof json.data)[number];
    /** One entry's statistics against the clear NDVI of a pixel function over the grid; whether part of the grid was masked. */
    const expectClear = (entry: Entry, ndviAt: (x: number, y: number) => number | undefined): boolean => {
      const values = Array.from(expectedOnGrid(grid, (x, y) => ndviAt(x, y) ?? NaN)).filter((v) => !Number.isNaN(v));
      const { stats, histogram } = entry.outputs.ndvi.bands.B0;
      expect([stats.sampleCount, stats.noDataCount]).toEqual([SIDE * SIDE, SIDE * SIDE - values.length]);
      if (values.length === 0) {
        expect(stats.mean as unknown).toBe("NaN");
        return false;
      }
      const n = values.length;
      const mean = values.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
      expect([stats.min, stats.max]).toEqual([Math.min(...values), Math.max(...values)]);
      expect(stats.mean).toBeCloseTo(mean, 10);
      if (n > 1) expect(stats.stDev).toBeCloseTo(sd, 10);
      const sorted = [...values].sort((a, b) => a - b);
      expect(stats.percentiles).toEqual(Object.fromEntries([10, 50, 90].map((k) => [`${k}.0`, sorted[Math.ceil((k / 100) * (n - 1))]])));
      // Five bins of (0.8 - -0.2) / 5 from -0.2, the last edge 0.8 itself.
      const edges = Array.from({ length: 6 }, (_, j) => (j === 5 ? 0.8 : -0.2 + j * 0.2));
      expect(histogram.bins.map((b) => b.count)).toEqual(edges.slice(0, -1).map((low, j) => values.filter((v) => v >= low && (j === 4 ? v <= edges[5]! : v < edges[j + 1]!)).length));
      expect([histogram.underflowCount, histogram.overflowCount]).toEqual([values.filter((v) => v < -0.2).length, values.filter((v) => v > 0.8).length]);
      return values.length < SIDE * SIDE;
    };
    let partlyClear = 0;
    for (const [i, scene] of scenes.entries()) if (expectClear(json.data[i]!, (x, y) => clearNdvi(scene, x, y))) partlyClear++;
    // Clouds mask part of the window on some days: the mask is exercised.
    expect(partlyClear).toBeGreaterThan(0);

    // Ten days from the 1st: each interval mosaics its scenes, the most recent first.
    const tens = await fetch(`${worker.url}/api/v1/statistics`, { method: "POST", headers: { Authorization: bearer, "Content-Type": "application/json" }, body: JSON.stringify(body("P10D")) });
    const dekads = (await tens.json()) as typeof json;
    const starts = ["2023-08-01", "2023-08-11", "2023-08-21"].filter((from) => scenes.some((s) => s.item.properties.datetime.slice(0, 10) >= from && Date.parse(s.item.properties.datetime) < Date.parse(from) + 10 * 86_400_000));
    expect(dekads.data.map((e) => e.interval.from.slice(0, 10))).toEqual(starts);
    // SIMPLE mosaicking: at each pixel the most recent scene of the interval with data in every band (dataMask 1), then its cloud mask.
    const hasData = (scene: Scene, x: number, y: number) => [scene.red, scene.nir, scene.scl].every((raster) => ![undefined, S2_NODATA].includes(valueAtPoint(raster, x, y)));
    for (const [i, from] of starts.entries()) {
      const inside = scenes.filter((s) => s.item.properties.datetime.slice(0, 10) >= from && Date.parse(s.item.properties.datetime) < Date.parse(from) + 10 * 86_400_000).reverse();
      expectClear(dekads.data[i]!, (x, y) => {
        const first = inside.find((scene) => hasData(scene, x, y));
        return first && clearNdvi(first, x, y);
      });
    }
  });
});
