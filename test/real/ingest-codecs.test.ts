/**
 * `npm run ingest` over COGs of every codec the reader decodes, written by GDAL: each folder (one
 * STAC Item and its file) is ingested into a collection of its own, then read through
 * load_collection and POST /result, and every pixel equals GDAL's decoding of the file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { writeCog } from "../../src/raster/cog-writer";
import { transformBBox } from "../../src/raster/crs";
import { band, pattern, utmGrid } from "../support/raster-fixtures";
import { gdalPixels, gdalTranslateToCog } from "./gdal-tools";
import { demoBearer, expectSuccess, postResult, readResultCog } from "./result-client";

const GRID = utmGrid(300, 200);
/** Codec, creation options and the source (1 band of uint16 or 3 of uint8); JPEG and WEBP need 8-bit imagery. */
const CODECS: { codec: string; options: Record<string, string>; rgb: boolean }[] = [
  { codec: "ZSTD", options: { COMPRESS: "ZSTD", PREDICTOR: "YES" }, rgb: false },
  { codec: "LERC_ZSTD", options: { COMPRESS: "LERC_ZSTD", MAX_Z_ERROR: "0" }, rgb: false },
  { codec: "JPEG", options: { COMPRESS: "JPEG" }, rgb: true },
  { codec: "WEBP", options: { COMPRESS: "WEBP" }, rgb: true },
];

let worker: LocalWorker;
let bearer: string;
let scratch: string;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-ingest-codecs-"));
  writeFileSync(join(scratch, "gray.tif"), writeCog([band(GRID, "uint16", pattern("uint16", 0))], { tileSize: 256, compression: "none" }));
  writeFileSync(join(scratch, "rgb.tif"), writeCog([0, 1, 2].map((b) => band(GRID, "uint8", pattern("uint8", b))), { tileSize: 256, compression: "none" }));
  for (const { codec, options, rgb } of CODECS) {
    const folder = join(scratch, codec.toLowerCase());
    mkdirSync(folder);
    gdalTranslateToCog(join(scratch, rgb ? "rgb.tif" : "gray.tif"), join(folder, "data.tif"), { BLOCKSIZE: "256", ...options });
    writeFileSync(join(folder, "item.json"), item(`item-${codec.toLowerCase()}`, rgb ? 3 : 1));
  }
  worker = await startLocalWorker({ ingest: CODECS.map(({ codec }) => ({ folder: join(scratch, codec.toLowerCase()), collection: `codec-${codec.toLowerCase()}` })) });
  bearer = await demoBearer(worker.url);
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function item(id: string, bands: number): string {
  const [w, s, e, n] = transformBBox(GRID.bbox, GRID.crs, "EPSG:4326");
  return JSON.stringify({
    type: "Feature",
    stac_version: "1.0.0",
    id,
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: "2024-05-01T10:00:00Z" },
    assets: { data: { href: "./data.tif", type: "image/tiff; application=geotiff; profile=cloud-optimized", roles: ["data"], ...(bands > 1 ? { "eo:bands": [{ name: "red" }, { name: "green" }, { name: "blue" }] } : {}) } },
    links: [],
  });
}

describe("npm run ingest accepts COGs of every codec the reader decodes", () => {
  it("ingests each file without rejecting it", () => {
    CODECS.forEach(({ codec }, i) => {
      expect(worker.reports[i], codec).toContain(`codec-${codec.toLowerCase()}: 1 of 1 items`);
      expect(worker.reports[i], codec).not.toContain("REJECTED");
    });
  });

  for (const { codec } of CODECS) {
    it(`reads the ingested ${codec} file through load_collection as GDAL decodes it`, async () => {
      const id = `codec-${codec.toLowerCase()}`;
      const load = { process_id: "load_collection", arguments: { id, spatial_extent: null, temporal_extent: null } };
      const save = { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true };
      const { cog, bands } = await readResultCog(expectSuccess(await postResult(worker.url, bearer, { load, save })).bytes);
      expect(cog.header.grid).toEqual(GRID);
      const want = gdalPixels(join(scratch, codec.toLowerCase(), "data.tif"));
      expect(bands).toHaveLength(want.length);
      const wrong: string[] = [];
      want.forEach((gdal, b) => {
        for (let i = 0; i < gdal.length && wrong.length < 3; i++) if (bands[b]![i] !== gdal[i]) wrong.push(`band ${b + 1} pixel ${i}: ${bands[b]![i]}, GDAL ${gdal[i]}`);
      });
      expect(wrong).toEqual([]);
    });
  }
});
