/**
 * COGs written by GDAL (gdal_translate -of COG) in the data types imagery comes in, with 128, 256
 * and 512 px tiles, DEFLATE, LZW and ZSTD, and every predictor, LERC (bare, in DEFLATE, in ZSTD),
 * and tiled GeoTIFFs in PackBits (which GDAL's COG driver doesn't write), read by the Worker. The
 * lossy codecs (JPEG, WebP) are written from 8-bit imagery and must read as GDAL decodes them.: each is uploaded
 * (PUT /v1/files) with a STAC Item, read by load_stac through POST /result, and every pixel of the
 * answer equals the formula the input was written from. (Tiles of 41-122 KiB once failed in
 * workerd's inflate while Node read them.)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { writeCog } from "../../src/raster/cog-writer";
import { transformBBox } from "../../src/raster/crs";
import type { DataType } from "../../src/raster/grid";
import { band, pattern, utmGrid } from "../support/raster-fixtures";
import { gdalInfo, gdalPixels, gdalTranslateToCog, gdalTranslateToTiledGeoTiff } from "./gdal-tools";
import { demoBearer, expectSuccess, postResult, readResultCog } from "./result-client";

// 600 x 600 px: partial edge tiles at every tile size; GDAL adds overviews, the read takes full resolution.
const GRID = utmGrid(600, 600);
const TYPES: { type: DataType; gdal: string }[] = [
  { type: "uint8", gdal: "Byte" },
  { type: "uint16", gdal: "UInt16" },
  { type: "int16", gdal: "Int16" },
  { type: "float32", gdal: "Float32" },
];
const SIZES = [128, 256, 512];
const CODECS = ["DEFLATE", "LZW", "ZSTD"];
const PREDICTORS: Record<string, string> = { 1: "NO", 2: "STANDARD", 3: "FLOATING_POINT" };

let worker: LocalWorker;
let bearer: string;
let scratch: string;

beforeAll(async () => {
  worker = await startLocalWorker();
  bearer = await demoBearer(worker.url);
  scratch = mkdtempSync(join(tmpdir(), "openeo-real-gdal-cogs-"));
  // The inputs, by our writer (uncompressed), with the values the tests expect.
  for (const { type } of TYPES) writeFileSync(join(scratch, `${type}.tif`), writeCog([band(GRID, type, pattern(type, 0))], { tileSize: 256, compression: "none" }));
  // Imagery for the lossy codecs: 8-bit RGB and RGBA, one band of a saw-tooth, one of noise, one of edges.
  let seed = 7;
  const noise = Array.from({ length: GRID.width * GRID.height }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
  const rgba = [pattern("uint8", 0), (x: number, y: number) => noise[y * GRID.width + x]!, (x: number, y: number) => ((x >> 4) + (y >> 4)) % 2 ? 230 : 20, (x: number) => x % 256];
  writeFileSync(join(scratch, "rgb.tif"), writeCog(rgba.slice(0, 3).map((f) => band(GRID, "uint8", f)), { tileSize: 256, compression: "none" }));
  writeFileSync(join(scratch, "rgba.tif"), writeCog(rgba.map((f) => band(GRID, "uint8", f)), { tileSize: 256, compression: "none" }));
});
afterAll(async () => {
  await worker?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function upload(path: string, body: Uint8Array | string): Promise<void> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : new Uint8Array(body);
  const res = await fetch(`${worker.url}/v1/files/${path}`, { method: "PUT", headers: { Authorization: bearer, "Content-Length": String(bytes.length) }, body: bytes });
  if (res.status !== 200) throw new Error(`PUT /v1/files/${path} answered ${res.status}: ${await res.text()}`);
}

/** A STAC Item as a user writes it by hand: one data asset (of `bands` named bands), no projection metadata. */
function item(id: string, href: string, bands = 1): string {
  const [w, s, e, n] = transformBBox(GRID.bbox, GRID.crs, "EPSG:4326");
  return JSON.stringify({
    type: "Feature",
    stac_version: "1.0.0",
    id,
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: "2024-05-01T10:00:00Z" },
    assets: { data: { href, roles: ["data"], ...(bands > 1 ? { "eo:bands": Array.from({ length: bands }, (_, b) => ({ name: `b${b + 1}` })) } : {}) } },
    links: [],
  });
}

/** Uploads the GDAL-written file at `path` with an Item, reads it through load_stac and POST /result, and checks every pixel against the pattern it was written from. */
async function expectReadExactly(name: string, path: string, type: DataType): Promise<void> {
  await upload(`gdal-cogs/${name}.tif`, readFileSync(path));
  await upload(`gdal-cogs/${name}.json`, item(name, `./${name}.tif`));
  const load = { process_id: "load_stac", arguments: { url: `${worker.url}/v1/files/gdal-cogs/${name}.json` } };
  const save = { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true };
  const { cog, bands } = await readResultCog(expectSuccess(await postResult(worker.url, bearer, { load, save })).bytes);
  expect(cog.header.grid, name).toEqual(GRID);
  const value = pattern(type, 0);
  const wrong: string[] = [];
  for (let i = 0; i < bands[0]!.length && wrong.length < 3; i++) {
    const x = i % GRID.width;
    const y = Math.floor(i / GRID.width);
    const want = type === "float32" ? Math.fround(value(x, y)) : value(x, y);
    if (bands[0]![i] !== want) wrong.push(`(${x}, ${y}) = ${bands[0]![i]}, not ${want}`);
  }
  expect(wrong, name).toEqual([]);
}

/** Uploads the GDAL-written file at `path` with an Item, reads every band through load_stac and POST /result, and checks every pixel against GDAL's decoding of the file. */
async function expectReadAsGdal(name: string, path: string): Promise<void> {
  const want = gdalPixels(path);
  await upload(`gdal-cogs/${name}.tif`, readFileSync(path));
  await upload(`gdal-cogs/${name}.json`, item(name, `./${name}.tif`, want.length));
  const load = { process_id: "load_stac", arguments: { url: `${worker.url}/v1/files/gdal-cogs/${name}.json` } };
  const save = { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true };
  const { cog, bands } = await readResultCog(expectSuccess(await postResult(worker.url, bearer, { load, save })).bytes);
  expect(cog.header.grid, name).toEqual(GRID);
  expect(bands, name).toHaveLength(want.length);
  const wrong: string[] = [];
  want.forEach((gdal, b) => {
    for (let i = 0; i < gdal.length && wrong.length < 3; i++) {
      if (bands[b]![i] !== gdal[i]) wrong.push(`band ${b + 1} (${i % GRID.width}, ${Math.floor(i / GRID.width)}) = ${bands[b]![i]}, GDAL ${gdal[i]}`);
    }
  });
  expect(wrong, name).toEqual([]);
}

describe("GDAL-written COGs read pixel for pixel through POST /result", () => {
  for (const { type, gdal } of TYPES) {
    for (const size of SIZES) {
      for (const codec of CODECS) {
        const predictors = type === "float32" ? [1, 2, 3] : [1, 2];
        it(`${gdal}, ${size} px tiles, ${codec}, predictors ${predictors.join(", ")}`, async () => {
          for (const predictor of predictors) {
            const name = `${type}-${size}-${codec}-${predictor}`.toLowerCase();
            const path = join(scratch, `${name}.tif`);
            gdalTranslateToCog(join(scratch, `${type}.tif`), path, { BLOCKSIZE: String(size), COMPRESS: codec, PREDICTOR: PREDICTORS[predictor]! });
            expect(gdalInfo(path).bands[0]!.type).toBe(gdal);
            await expectReadExactly(name, path, type);
          }
        });
      }
    }
  }

  for (const { type, gdal } of TYPES) {
    it(`${gdal}, 256 px tiles, PackBits (a tiled GeoTIFF)`, async () => {
      const name = `${type}-256-packbits`;
      const path = join(scratch, `${name}.tif`);
      gdalTranslateToTiledGeoTiff(join(scratch, `${type}.tif`), path, { BLOCKXSIZE: "256", BLOCKYSIZE: "256", COMPRESS: "PACKBITS" });
      expect(gdalInfo(path).metadata?.IMAGE_STRUCTURE?.COMPRESSION).toBe("PACKBITS");
      await expectReadExactly(name, path, type);
    });
  }

  for (const { type, gdal } of TYPES) {
    it(`${gdal}, 256 px tiles, LERC, LERC_DEFLATE and LERC_ZSTD (lossless)`, async () => {
      for (const codec of ["LERC", "LERC_DEFLATE", "LERC_ZSTD"]) {
        const name = `${type}-256-${codec}`.toLowerCase();
        const path = join(scratch, `${name}.tif`);
        gdalTranslateToCog(join(scratch, `${type}.tif`), path, { BLOCKSIZE: "256", COMPRESS: codec, MAX_Z_ERROR: "0" });
        expect(gdalInfo(path).metadata?.IMAGE_STRUCTURE?.COMPRESSION).toBe(codec);
        await expectReadExactly(name, path, type);
      }
    });
  }

  // JPEG is lossy: "exact" is GDAL's own decoding of the same file (libjpeg's islow IDCT, fancy upsampling, YCbCr -> RGB).
  const JPEGS: { name: string; source: string; options: Record<string, string>; tiled?: boolean; compression: string }[] = [
    { name: "grey", source: "uint8", options: { COMPRESS: "JPEG" }, compression: "JPEG" },
    { name: "rgb-ycbcr", source: "rgb", options: { COMPRESS: "JPEG", QUALITY: "90" }, compression: "YCbCr JPEG" },
    { name: "rgb-ycbcr-q30-128", source: "rgb", options: { COMPRESS: "JPEG", QUALITY: "30", BLOCKSIZE: "128" }, compression: "YCbCr JPEG" },
    { name: "rgb-photometric-rgb", source: "rgb", options: { COMPRESS: "JPEG", PHOTOMETRIC: "RGB", BLOCKXSIZE: "256", BLOCKYSIZE: "256" }, tiled: true, compression: "JPEG" },
    { name: "rgba-band-interleaved", source: "rgba", options: { COMPRESS: "JPEG", INTERLEAVE: "BAND", BLOCKXSIZE: "256", BLOCKYSIZE: "256" }, tiled: true, compression: "JPEG" },
  ];
  for (const jpeg of JPEGS) {
    it(`JPEG, ${jpeg.name} (${jpeg.tiled ? "a tiled GeoTIFF" : "a COG"}), as GDAL decodes it`, async () => {
      const name = `jpeg-${jpeg.name}`;
      const path = join(scratch, `${name}.tif`);
      const source = join(scratch, `${jpeg.source}.tif`);
      if (jpeg.tiled) gdalTranslateToTiledGeoTiff(source, path, jpeg.options);
      else gdalTranslateToCog(source, path, jpeg.options);
      expect(gdalInfo(path).metadata?.IMAGE_STRUCTURE?.COMPRESSION).toBe(jpeg.compression);
      await expectReadAsGdal(name, path);
    });
  }

  // WebP: 8-bit RGB or RGBA only (GDAL's rule); QUALITY=100 makes GDAL's COG driver write it lossless.
  const WEBPS: { name: string; source: string; options: Record<string, string> }[] = [
    { name: "rgb-lossy", source: "rgb", options: { COMPRESS: "WEBP" } },
    { name: "rgb-lossless", source: "rgb", options: { COMPRESS: "WEBP", QUALITY: "100" } },
    { name: "rgba-lossy-256", source: "rgba", options: { COMPRESS: "WEBP", QUALITY: "60", BLOCKSIZE: "256" } },
  ];
  for (const webp of WEBPS) {
    it(`WEBP, ${webp.name} (a COG), as GDAL decodes it`, async () => {
      const name = `webp-${webp.name}`;
      const path = join(scratch, `${name}.tif`);
      gdalTranslateToCog(join(scratch, `${webp.source}.tif`), path, webp.options);
      expect(gdalInfo(path).metadata?.IMAGE_STRUCTURE?.COMPRESSION).toBe("WEBP");
      await expectReadAsGdal(name, path);
    });
  }
});
