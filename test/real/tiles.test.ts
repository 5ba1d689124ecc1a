/**
 * XYZ tiles of the real 29RKH scene (100 m, overviews of 200 and 400 m) through the Worker, against
 * GDAL's gdalwarp rendering the same tile from the same COG: with nearest and with bilinear
 * resampling, at zooms that read an overview, the full resolution, and upsample it. Pixels are
 * compared as grey levels at the same pixel centres (GDAL with its exact transform and unscaled
 * kernels: see gdalWarpTile). Measured at z9: nearest 99.6 % within one grey level, bilinear 99.99 %.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromFile } from "geotiff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { pointTransform } from "../../src/raster/crs";
import { tileGrid, WEB_MERCATOR_HALF, type TileAddress } from "../../src/tiles/tile-grid";
import { readPng, rgbaOf } from "../support/png-reader";
import { gdalWarpTile } from "./gdal-tools";
import { REFLECTANCE_SCALE } from "./raw-rasters";
import { DATA_DIR } from "./raw-stac";
import { demoBearer } from "./result-client";

const RKH = "s2-29RKH-2020-02-19";
const COLLECTION = "rkh-tiles";
const B04 = join(DATA_DIR, RKH, "B04.tif");
// Reflectance shown from black to white: the scene's red band (desert) lies mostly within it.
const [MIN, MAX] = [0.1, 0.5];

let worker: LocalWorker;
let bearer: string;
let scratch: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: RKH, collection: COLLECTION, args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-tiles-"));
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function createService(resampling: string): Promise<string> {
  const process = {
    process_graph: {
      load: { process_id: "load_collection", arguments: { id: COLLECTION, spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
      save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "PNG" }, result: true },
    },
  };
  const res = await fetch(`${worker.url}/v1/services`, {
    method: "POST",
    headers: { Authorization: bearer, "Content-Type": "application/json" },
    body: JSON.stringify({ type: "XYZ", process, configuration: { colormap: "greys", min: MIN, max: MAX, resampling } }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get("OpenEO-Identifier")!;
}

/** The tile at zoom z holding a longitude/latitude. */
function tileAt(z: number, lon: number, lat: number): TileAddress {
  const [mx, my] = pointTransform("EPSG:4326", "EPSG:3857")(lon, lat);
  const n = 2 ** z;
  return { z, x: Math.floor(((mx + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * n), y: Math.floor(((WEB_MERCATOR_HALF - my) / (2 * WEB_MERCATOR_HALF)) * n) };
}

/** Grey and alpha of every pixel of our tile. */
async function ourTile(service: string, tile: TileAddress): Promise<{ grey: number[]; alpha: number[] }> {
  const res = await fetch(`${worker.url}/v1/services/${service}/tiles/${tile.z}/${tile.x}/${tile.y}.png`);
  expect(res.status).toBe(200);
  const rgba = rgbaOf(readPng(new Uint8Array(await res.arrayBuffer())));
  const count = rgba.length / 4;
  return { grey: Array.from({ length: count }, (_, i) => rgba[i * 4]!), alpha: Array.from({ length: count }, (_, i) => rgba[i * 4 + 3]!) };
}

/** GDAL's tile as grey levels, scaled as the service scales reflectance. */
async function gdalTile(tile: TileAddress, resampling: "near" | "bilinear"): Promise<{ grey: number[]; alpha: number[] }> {
  const path = join(scratch, `${tile.z}-${tile.x}-${tile.y}-${resampling}.tif`);
  gdalWarpTile(B04, path, tileGrid(tile, 256).bbox, 256, resampling);
  const [values, alpha] = (await (await (await fromFile(path)).getImage()).readRasters()) as unknown as ArrayLike<number>[];
  const grey = Array.from(values!, (dn) => Math.round(Math.min(1, Math.max(0, (dn * REFLECTANCE_SCALE - MIN) / (MAX - MIN))) * 255));
  return { grey, alpha: Array.from(alpha!) };
}

// The scene's centre (11.42 W, 24.80 N): z9 pixels (about 276 m on the ground) read the 200 m
// overview, z10 (138 m) the full resolution, z12 (35 m) upsample it.
const CENTRE = [-11.42, 24.8] as const;

describe("XYZ tiles against GDAL (gdalwarp of the same COG)", () => {
  for (const [method, gdal] of [["nearest", "near"], ["bilinear", "bilinear"]] as const) {
    it(`${method}: at least 99 % of the pixels within one grey level of GDAL's, at an overview, the full resolution and upsampled`, async () => {
      const service = await createService(method);
      for (const z of [9, 10, 12]) {
        const tile = tileAt(z, ...CENTRE);
        const [ours, theirs] = [await ourTile(service, tile), await gdalTile(tile, gdal)];
        let [both, close, alphaAgrees] = [0, 0, 0];
        for (let i = 0; i < ours.grey.length; i++) {
          if ((ours.alpha[i]! > 0) === (theirs.alpha[i]! > 0)) alphaAgrees++;
          if (ours.alpha[i]! === 0 || theirs.alpha[i]! === 0) continue;
          both++;
          if (Math.abs(ours.grey[i]! - theirs.grey[i]!) <= 1) close++;
        }
        expect(both, `z${z}: pixels with data in both`).toBeGreaterThan(0.9 * ours.grey.length);
        expect(close / both, `z${z}: share within one grey level`).toBeGreaterThanOrEqual(0.99);
        expect(alphaAgrees / ours.grey.length, `z${z}: share with the same transparency`).toBeGreaterThanOrEqual(0.99);
      }
    });
  }
});
