/**
 * load_uploaded_files of GeoTIFFs that GDAL wrote from the real B04 and B08 of two dates: the
 * bands take GDAL's band descriptions as names, each file its date (an ACQUISITIONDATETIME or a
 * DATETIME item of its metadata; the TIFF DateTime tag, when it was written, is no date); the result's bands are named by them and hold the raw numbers.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { gdalStackDescribed } from "./gdal-tools";
import { saveResult } from "./graphs";
import { readItemBand } from "./raw-rasters";
import { expectSameRaster } from "./raster-compare";
import { itemsOldestFirst } from "./raw-stac";
import { demoBearer, expectSuccess, postResult, readResultCog } from "./result-client";

const TWL = "s2-33TWL-2023-08";

let worker: LocalWorker;
let bearer: string;
const dir = mkdtempSync(join(tmpdir(), "file-band-names-"));

beforeAll(async () => {
  worker = await startLocalWorker({});
  bearer = await demoBearer(worker.url);
});
afterAll(async () => {
  await worker?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("load_uploaded_files of GDAL's GeoTIFFs", () => {
  it("names the bands by GDAL's band descriptions and places each file at its own date", async () => {
    const [first, second] = itemsOldestFirst(TWL).filter((item) => ["2023-08-15", "2023-08-18"].includes(item.properties.datetime.slice(0, 10)));
    const files: { item: NonNullable<typeof first>; path: string; metadata: Record<string, string> }[] = [
      { item: first!, path: "real/described-0815.tif", metadata: { ACQUISITIONDATETIME: "2023-08-15T10:00:00Z", TIFFTAG_DATETIME: "2020:01:01 00:00:00" } },
      { item: second!, path: "real/described-0818.tif", metadata: { DATETIME: "2023-08-18T10:00:00Z" } },
    ];
    for (const [i, file] of files.entries()) {
      const target = join(dir, `${i}.tif`);
      gdalStackDescribed(["B04.tif", "B08.tif"].map((band) => join(file.item.dir, band)), ["red", "nir"], file.metadata, target);
      const bytes = readFileSync(target);
      const put = await fetch(`${worker.url}/v1/files/${file.path}`, { method: "PUT", headers: { Authorization: bearer, "Content-Length": String(bytes.length) }, body: bytes });
      expect(put.status).toBe(200);
    }
    const res = expectSuccess(
      await postResult(worker.url, bearer, {
        files: { process_id: "load_uploaded_files", arguments: { paths: files.map((f) => f.path), format: "GTiff" } },
        save: saveResult("files", "GTiff"),
      }),
    );
    const { cog, bands } = await readResultCog(res.bytes);
    expect(cog.header.descriptions).toEqual(["2023-08-15T00:00:00Z/red", "2023-08-15T00:00:00Z/nir", "2023-08-18T00:00:00Z/red", "2023-08-18T00:00:00Z/nir"]);
    // Each date holds its own file's raw digital numbers.
    for (const [d, file] of files.entries()) {
      expectSameRaster(bands[2 * d]!, (await readItemBand(file.item, "B04.tif")).values, cog.header.grid.width, 0);
      expectSameRaster(bands[2 * d + 1]!, (await readItemBand(file.item, "B08.tif")).values, cog.header.grid.width, 0);
    }
  });
});
