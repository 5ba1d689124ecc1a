/**
 * Sentinel Hub's Process API over the real Sentinel-2 data of ../shared/data (ingested, used as
 * byoc-<collection>), with evalscripts in the style of Sentinel Hub's public custom scripts: true
 * colour, NDVI, a scene classification mask and a cloud-free multi-temporal maximum with
 * preProcessScenes. Every expected value is recomputed here from the raw files (geotiff.js).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { readPngRgba } from "../support/png-reader";
import { gdalPixels, gdalWarpGrid } from "./gdal-tools";
import { pixelBoxExtent } from "./graphs";
import { ndviFromDigitalNumbers, readItemBand, S2_NODATA, SCL_CLOUD_CLASSES, valueAtPoint, type RawRaster } from "./raw-rasters";
import { expectedOnGrid, expectSameRaster, FLOAT32_TOLERANCE } from "./raster-compare";
import { itemsOldestFirst, rawItems } from "./raw-stac";
import { demoBearer, readResultCog } from "./result-client";
import { untar } from "../support/tar-reader";

const TWL = "s2-33TWL-2023-08";
const RKH = "s2-29RKH-2020-02-19";

let worker: LocalWorker;
let bearer: string;

beforeAll(async () => {
  worker = await startLocalWorker({
    ingest: [
      { folder: TWL, collection: "twl", args: ["--offset", "0"] },
      { folder: RKH, collection: "rkh", args: ["--offset", "0"] },
    ],
  });
  bearer = await demoBearer(worker.url);
});
afterAll(async () => {
  await worker?.stop();
});

type Extent = ReturnType<typeof pixelBoxExtent>;

/** A Process API request over a box of raw pixels, on their own grid (width and height in those pixels). */
function processRequest(collection: string, extent: Extent, pixels: number, timeRange: [string, string], evalscript: string, responses: unknown[]) {
  return {
    input: {
      bounds: { bbox: [extent.west, extent.south, extent.east, extent.north], properties: { crs: `http://www.opengis.net/def/crs/EPSG/0/${extent.crs}` } },
      data: [{ type: `byoc-${collection}`, dataFilter: { timeRange: { from: timeRange[0], to: timeRange[1] } } }],
    },
    output: { width: pixels, height: pixels, responses },
    evalscript,
  };
}

async function post(body: unknown): Promise<Uint8Array> {
  const res = await fetch(`${worker.url}/api/v1/process`, { method: "POST", headers: { Authorization: bearer, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`POST /api/v1/process answered ${res.status}: ${new TextDecoder().decode(bytes).slice(0, 2000)}`);
  return bytes;
}

const grid = (extent: Extent, pixels: number) => ({ bbox: [extent.west, extent.south, extent.east, extent.north], width: pixels, height: pixels });
const f32 = Math.fround;
/** The cube's value of a digital number: reflectance, as float32. */
const reflectance = (dn: number) => f32(dn * 0.0001);

describe("Process API over real Sentinel-2 data", () => {
  it("true colour (AUTO, PNG with dataMask as alpha) equals 2.5 x reflectance of the raw B04, B03, B02 scaled to 0..255", async () => {
    const [item] = rawItems(RKH);
    const [red, green, blue] = await Promise.all(["B04.tif", "B03.tif", "B02.tif"].map((name) => readItemBand(item!, name)));
    const extent = pixelBoxExtent(red!, 300, 300, 428, 428);
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B02', 'B03', 'B04', 'dataMask'], output: { bands: 4 } };",
      "}",
      "function evaluatePixel(sample) {",
      "  return [2.5 * sample.B04, 2.5 * sample.B03, 2.5 * sample.B02, sample.dataMask];",
      "}",
    ].join("\n");
    const png = readPngRgba(await post(processRequest("rkh", extent, 128, ["2020-02-19T00:00:00Z", "2020-02-19T23:59:59Z"], script, [{ identifier: "default", format: { type: "image/png" } }])));
    expect([png.width, png.height]).toEqual([128, 128]);
    // evaluatePixel's answer is stored as float32, then AUTO maps 0..1 to 0..255 (rounded, clamped).
    const byte = (dn: number) => Math.min(255, Math.max(0, Math.round(f32(2.5 * reflectance(dn)) * 255)));
    const bands: RawRaster[] = [red!, green!, blue!];
    for (let channel = 0; channel < 4; channel++) {
      const expected = expectedOnGrid(grid(extent, 128), (x, y) => {
        const dns = bands.map((band) => valueAtPoint(band, x, y)!);
        const valid = dns.every((dn) => dn !== S2_NODATA);
        return channel === 3 ? (valid ? 255 : 0) : valid ? byte(dns[channel]!) : 0;
      });
      const actual = Array.from({ length: 128 * 128 }, (_, i) => png.pixels[i * 4 + channel]!);
      expectSameRaster(actual, expected, 128, 0);
    }
  });

  it("NDVI (FLOAT32 GeoTIFF) and a scene classification mask (UINT8) equal the raw B04, B08 and SCL of one date", async () => {
    const item = rawItems(TWL).find((i) => i.id === "S2A_33TWL_20230818_0_L2A")!;
    const [red, nir, scl] = await Promise.all(["B04.tif", "B08.tif", "SCL.tif"].map((name) => readItemBand(item, name)));
    const extent = pixelBoxExtent(red!, 64, 64, 192, 192);
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: [{ bands: ['B04', 'B08', 'SCL', 'dataMask'] }], output: [{ id: 'ndvi', bands: 1, sampleType: 'FLOAT32' }, { id: 'clouds', bands: 2, sampleType: 'UINT8' }] };",
      "}",
      "function evaluatePixel(s) {",
      "  const cloudy = [3, 8, 9, 10].includes(s.SCL);",
      "  return { ndvi: [s.dataMask ? (s.B08 - s.B04) / (s.B08 + s.B04) : NaN], clouds: [cloudy ? 1 : 0, s.dataMask] };",
      "}",
    ].join("\n");
    const responses = [{ identifier: "ndvi", format: { type: "image/tiff" } }, { identifier: "clouds", format: { type: "image/tiff" } }];
    const files = untar(await post(processRequest("twl", extent, 128, ["2023-08-18T00:00:00Z", "2023-08-18T23:59:59Z"], script, responses)));
    const ndvi = await readResultCog(files.get("ndvi.tif")!);
    expect(ndvi.cog.header.grid).toEqual({ crs: "EPSG:32633", ...grid(extent, 128) });
    expectSameRaster(ndvi.bands[0]!, expectedOnGrid(grid(extent, 128), (x, y) => ndviFromDigitalNumbers(valueAtPoint(red!, x, y), valueAtPoint(nir!, x, y))), 128, FLOAT32_TOLERANCE);
    const clouds = await readResultCog(files.get("clouds.tif")!);
    const sclAt = (x: number, y: number) => valueAtPoint(scl!, x, y)!;
    const validAt = (x: number, y: number) => [red!, nir!, scl!].every((band) => valueAtPoint(band, x, y) !== S2_NODATA);
    const expectedClouds = expectedOnGrid(grid(extent, 128), (x, y) => (validAt(x, y) && SCL_CLOUD_CLASSES.includes(sclAt(x, y)) ? 1 : 0));
    // The date is 62 % cloudy over the window: the mask has both classes.
    expect(new Set(expectedClouds)).toEqual(new Set([0, 1]));
    expectSameRaster(clouds.bands[0]!, expectedClouds, 128, 0);
    expectSameRaster(clouds.bands[1]!, expectedOnGrid(grid(extent, 128), (x, y) => (validAt(x, y) ? 1 : 0)), 128, 0);
  });

  it("BICUBIC up- and downsampling equal gdalwarp -r cubic over the raw B04", async () => {
    const [item] = rawItems(RKH);
    const red = await readItemBand(item!, "B04.tif");
    const extent = pixelBoxExtent(red, 400, 400, 464, 464);
    const bbox = [extent.west, extent.south, extent.east, extent.north];
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: ['B04'], output: { bands: 1, sampleType: 'FLOAT32' } };",
      "}",
      "function evaluatePixel(s) {",
      "  return [s.B04 * 10000];",
      "}",
    ].join("\n");
    const scratch = mkdtempSync(join(tmpdir(), "openeo-real-sh-"));
    try {
      // 64 source pixels onto 160 (2.5x smaller pixels) and onto 25 (2.56x larger ones).
      for (const [side, processing] of [[160, { upsampling: "BICUBIC" }], [25, { downsampling: "BICUBIC" }]] as const) {
        const request = processRequest("rkh", extent, side, ["2020-02-19T00:00:00Z", "2020-02-19T23:59:59Z"], script, [{ identifier: "default", format: { type: "image/tiff" } }]);
        (request.input.data[0] as Record<string, unknown>).processing = processing;
        const ours = (await readResultCog(await post(request))).bands[0]!;
        const gdal = join(scratch, `cubic-${side}.tif`);
        gdalWarpGrid(join(item!.dir, "B04.tif"), gdal, bbox, side, side, "cubic");
        const [theirs] = gdalPixels(gdal);
        // Inside the raster on every side, the kernel has all its neighbours: the two agree to float32 precision.
        expectSameRaster(ours, theirs!, side, 0.01);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("a cloud-free maximum NDVI over the scenes preProcessScenes keeps (ORBIT), with their dates as userData", async () => {
    const items = itemsOldestFirst(TWL);
    const scenes = await Promise.all(items.map(async (item) => ({ item, red: await readItemBand(item, "B04.tif"), nir: await readItemBand(item, "B08.tif"), scl: await readItemBand(item, "SCL.tif") })));
    const extent = pixelBoxExtent(scenes[0]!.red, 128, 128, 256, 256);
    const script = [
      "//VERSION=3",
      "function setup() {",
      "  return { input: [{ bands: ['B04', 'B08', 'SCL', 'dataMask'] }], output: { bands: 1, sampleType: 'FLOAT32' }, mosaicking: 'ORBIT' };",
      "}",
      "function preProcessScenes(collections) {",
      "  collections.scenes.orbits = collections.scenes.orbits.filter((orbit) => orbit.cloudCoverage < 40);",
      "  return collections;",
      "}",
      "function evaluatePixel(samples) {",
      "  let max = NaN;",
      "  for (const s of samples) {",
      "    if (!s.dataMask || [3, 8, 9, 10].includes(s.SCL)) continue;",
      "    const ndvi = (s.B08 - s.B04) / (s.B08 + s.B04);",
      "    if (!(ndvi <= max)) max = ndvi;",
      "  }",
      "  return [max];",
      "}",
      "function updateOutputMetadata(scenes, inputMetadata, outputMetadata) {",
      "  outputMetadata.userData = { dates: scenes.orbits.map((orbit) => orbit.dateFrom.slice(0, 10)) };",
      "}",
    ].join("\n");
    const responses = [{ identifier: "default", format: { type: "image/tiff" } }, { identifier: "userdata", format: { type: "application/json" } }];
    const files = untar(await post(processRequest("twl", extent, 128, ["2023-08-01T00:00:00Z", "2023-08-31T23:59:59Z"], script, responses)));
    // The items' own cloud cover decides (69, 2, 0.2, 46 and 8 %), the most recent first.
    const kept = scenes.filter((s) => (s.item.properties["eo:cloud_cover"] as number) < 40).reverse();
    expect(kept.map((s) => s.item.properties.datetime.slice(0, 10))).toEqual(["2023-08-20", "2023-08-15", "2023-08-13"]);
    expect(JSON.parse(new TextDecoder().decode(files.get("userdata.json")))).toEqual({ dates: kept.map((s) => s.item.properties.datetime.slice(0, 10)) });
    const clearNdviAt = (x: number, y: number, scene: (typeof scenes)[number]) => {
      const [r, n, c] = [valueAtPoint(scene.red, x, y), valueAtPoint(scene.nir, x, y), valueAtPoint(scene.scl, x, y)];
      if (r === S2_NODATA || n === S2_NODATA || c === S2_NODATA || SCL_CLOUD_CLASSES.includes(c!)) return NaN;
      return (reflectance(n!) - reflectance(r!)) / (reflectance(n!) + reflectance(r!));
    };
    const expected = expectedOnGrid(grid(extent, 128), (x, y) => {
      const valid = kept.map((scene) => clearNdviAt(x, y, scene)).filter((v) => !Number.isNaN(v));
      return valid.length ? Math.max(...valid) : NaN;
    });
    const { bands } = await readResultCog(files.get("default.tif")!);
    expectSameRaster(bands[0]!, expected, 128, FLOAT32_TOLERANCE);
  });
});
