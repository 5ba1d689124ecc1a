import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { fromFile } from "geotiff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { HttpByteSource } from "../../src/raster/http-byte-source";
import { openCog } from "../../src/raster/open-cog";
import { readToGrid } from "../../src/raster/read-to-grid";
import { readWindow } from "../../src/raster/read-window";
import { pointTransform } from "../../src/raster/crs";
import { rawItems } from "./raw-stac";

const TWL = "s2-33TWL-2023-08";
const STATIC = "s2-static-catalog";

let worker: LocalWorker;
const api = (path: string) => fetch(`${worker.url}/v1${path}`).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

beforeAll(async () => {
  worker = await startLocalWorker({
    ingest: [
      { folder: TWL, collection: "twl", args: ["--offset", "0"] },
      { folder: "s2-29RKH-2020-02-19", collection: "rkh" },
      { folder: STATIC, collection: "static" },
    ],
  });
});
afterAll(async () => {
  await worker?.stop();
});

/** Time-ordered item ids, newest first, as the API sorts them. */
const newestFirst = (items: { id: string; properties: { datetime: string } }[]) =>
  [...items].sort((a, b) => Date.parse(b.properties.datetime) - Date.parse(a.properties.datetime)).map((i) => i.id);

describe("ingestion of ../shared/data", () => {
  it("copies the local COGs and reports the assets it could not copy", () => {
    const [twl, rkh, stat] = worker.reports;
    expect(twl).toContain("twl: 5 of 5 items");
    expect(rkh).toContain("rkh: 1 of 1 items");
    // 29RKH's hrefs point to the cloud bucket; its files sit beside the item under the same names.
    expect(rkh).toContain("bands B02, B03, B04, B08, SCL");
    expect(stat).toContain("static: 7 of 7 items");
    expect(stat).toMatch(/scl: not copied/);
    expect(`${twl}${rkh}${stat}`).not.toContain("REJECTED");
  });
});

describe("collections over real data", () => {
  it("computes the 33TWL extent from the items' dates and the files' footprint (the items describe the whole tile)", async () => {
    const raw = rawItems(TWL);
    const { body } = await api("/collections/twl");
    const times = raw.map((i) => i.properties.datetime).sort();
    expect(body.extent.temporal.interval).toEqual([[times[0], times.at(-1)]]);
    // Native extent from the file itself, read with geotiff.js rather than our reader.
    const image = await (await fromFile(join(raw[0]!.dir, "B04.tif"))).getImage();
    const [minX, minY, maxX, maxY] = image.getBoundingBox() as [number, number, number, number];
    // The window's corners in WGS84 (the edges between them bow by far less than 0.0005 degrees).
    const toWgs84 = pointTransform("EPSG:32633", "EPSG:4326");
    const corners = [toWgs84(minX, minY), toWgs84(minX, maxY), toWgs84(maxX, minY), toWgs84(maxX, maxY)];
    const expected = [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
    expected.forEach((value, i) => expect(body.extent.spatial.bbox[0][i]).toBeCloseTo(value, 3));
    expect(body.extent.spatial.bbox[0][2] - body.extent.spatial.bbox[0][0]).toBeLessThan(Math.max(...raw.map((r) => r.bbox[2]! - r.bbox[0]!)) / 2);
    expect(body["cube:dimensions"].x).toMatchObject({ extent: [minX, maxX], reference_system: 32633, step: 120 });
    expect(body["cube:dimensions"].y.extent).toEqual([minY, maxY]);
    expect(body["cube:dimensions"].bands.values).toEqual(["B04", "B08", "SCL"]);
    expect(body.summaries["raster:bands"].find((b: any) => b.name === "B04")).toMatchObject({ scale: 0.0001, offset: 0 });
    expect(body.summaries["eo:bands"].find((b: any) => b.name === "B08")).toMatchObject({ common_name: "nir", aliases: ["nir"] });
    // The source collection's description and providers.
    expect(body.title).toBe("Sentinel-2 Level 2A");
    expect(body.providers.map((p: any) => p.name)).toContain("ESA");
  });

  it("finds items by datetime, cloud cover filter and bbox as recomputed from the raw items", async () => {
    const raw = rawItems(TWL);
    const inRange = raw.filter((i) => i.properties.datetime >= "2023-08-13" && i.properties.datetime <= "2023-08-18T23:59:59Z");
    const byDate = await api("/collections/twl/items?datetime=2023-08-13T00:00:00Z/2023-08-18T23:59:59Z");
    expect(byDate.body.features.map((f: any) => f.id)).toEqual(newestFirst(inRange));
    const clear = raw.filter((i) => (i.properties["eo:cloud_cover"] as number) < 10);
    const filtered = await api(`/search?collections=twl&filter=${encodeURIComponent("eo:cloud_cover < 10")}`);
    expect(filtered.body.features.map((f: any) => f.id)).toEqual(newestFirst(clear));

    // A small box inside tile 33UXQ only (north-east of the static catalog).
    const box = [17.5, 49.3, 17.6, 49.4];
    const stat = rawItems(STATIC).filter((i) => i.bbox[0]! <= box[2]! && i.bbox[2]! >= box[0]! && i.bbox[1]! <= box[3]! && i.bbox[3]! >= box[1]!);
    const found = await api(`/search?collections=static&bbox=${box.join(",")}`);
    expect(found.body.features.map((f: any) => f.id)).toEqual(newestFirst(stat));
    expect(stat.map((i) => i.id).every((id) => id.includes("33UXQ"))).toBe(true);
  });
});

describe("pixel reads through the Worker's asset endpoint", () => {
  it("reads a window pixel-exactly, compared with geotiff.js on the raw file", async () => {
    const item = rawItems(TWL).find((i) => i.id === "S2A_33TWL_20230815_0_L2A")!;
    const source = new HttpByteSource(`${worker.url}/v1/collections/twl/items/${item.id}/assets/red`);
    const cog = await openCog(source);
    const window = { x: 100, y: 60, width: 40, height: 30 };
    const ours = await readWindow(cog, 0, 0, window);
    const image = await (await fromFile(join(item.dir, "B04.tif"))).getImage();
    const [reference] = (await image.readRasters({ window: [100, 60, 140, 90] })) as unknown as ArrayLike<number>[];
    expect(Array.from(ours)).toEqual(Array.from(reference!));
  });

  it("reprojects to EPSG:4326 with known pixels at the right coordinates", async () => {
    const item = rawItems(TWL).find((i) => i.id === "S2A_33TWL_20230815_0_L2A")!;
    const path = join(item.dir, "B08.tif");
    expect(existsSync(path)).toBe(true);
    const image = await (await fromFile(path)).getImage();
    const [originX, originY] = image.getOrigin();
    const [resX, resY] = image.getResolution();
    const [raw] = (await image.readRasters()) as unknown as ArrayLike<number>[];
    const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
    // A lon/lat grid of 0.0005 deg around the centre of source pixel (128, 128).
    const [lon, lat] = toLonLat(originX! + 128.5 * resX!, originY! + 128.5 * resY!);
    const step = 0.0005;
    const target = { crs: "EPSG:4326", bbox: [lon - 8 * step, lat - 8 * step, lon + 8 * step, lat + 8 * step] as [number, number, number, number], width: 16, height: 16 };
    const cog = await openCog(new HttpByteSource(`${worker.url}/v1/collections/twl/items/${item.id}/assets/nir`));
    const [out] = await readToGrid([{ cog, sample: 0 }], target, { resampling: "nearest" });
    const toUtm = pointTransform("EPSG:4326", "EPSG:32633");
    let checked = 0;
    for (let row = 0; row < 16; row += 5) {
      for (let col = 0; col < 16; col += 5) {
        // Recompute which source pixel this target pixel centre falls in, independently of the reader.
        const [x, y] = toUtm(target.bbox[0] + (col + 0.5) * step, target.bbox[3] - (row + 0.5) * step);
        const sx = Math.floor((x - originX!) / resX!);
        const sy = Math.floor((y - originY!) / resY!);
        expect(out!.data[row * 16 + col], `pixel ${col},${row}`).toBe(raw![sy * 256 + sx]);
        checked++;
      }
    }
    expect(checked).toBe(16);
    expect(basename(path)).toBe("B08.tif");
  });
});
