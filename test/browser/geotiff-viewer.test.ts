/**
 * A result GeoTIFF opened the way a web viewer opens it (the openEO Web Editor's viewer, OpenLayers'
 * GeoTIFF source): geotiff.js in headless Chromium reads the file, takes the display range from the
 * GDAL statistics in the file (GDAL_METADATA's STATISTICS_MINIMUM/MAXIMUM) and stretches the values
 * onto a canvas. Without statistics such a viewer stretches 0..255, and an NDVI (-1..1) draws black.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COLLECTION, twlSession } from "./twl-session";
import { demoBearer } from "../real/result-client";

const NDVI_GRAPH = {
  load: {
    process_id: "load_collection",
    arguments: {
      id: COLLECTION,
      spatial_extent: { west: 575000, south: 5050000, east: 590000, north: 5065000, crs: 32633 },
      temporal_extent: ["2023-08-15", "2023-08-16"],
      bands: ["B04", "B08"],
    },
  },
  ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
  save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
};

interface ViewerReport {
  metadata: Record<string, string> | null;
  width: number;
  height: number;
  values: number[];
  nodata: number | null;
  canvas: number[];
}

const session = twlSession();

/** In the page: read band 1 and its GDAL metadata, stretch min..max from the metadata (0..255 without) to grey. */
async function openInViewer(tiff: Uint8Array): Promise<ViewerReport> {
  const page = await session.browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.setContent("<!doctype html><html><body><canvas id='view'></canvas></body></html>");
  // The browser bundle isn't an export of the package: found in its folder, beside the entry point.
  const entry = createRequire(import.meta.url).resolve("geotiff");
  const bundle = join(entry.slice(0, entry.lastIndexOf("/geotiff/") + "/geotiff/".length), "dist-browser", "geotiff.js");
  await page.addScriptTag({ content: readFileSync(bundle, "utf8") });
  const report = await page.evaluate(async (base64: string): Promise<ViewerReport> => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const tiff = await (globalThis as any).GeoTIFF.fromArrayBuffer(bytes.buffer);
    const image = await tiff.getImage();
    const metadata = await image.getGDALMetadata(0);
    const [band] = await image.readRasters();
    const nodata = image.getGDALNoData();
    const min = metadata?.STATISTICS_MINIMUM !== undefined ? Number(metadata.STATISTICS_MINIMUM) : 0;
    const max = metadata?.STATISTICS_MAXIMUM !== undefined ? Number(metadata.STATISTICS_MAXIMUM) : 255;
    const canvas = document.getElementById("view") as HTMLCanvasElement;
    canvas.width = image.getWidth();
    canvas.height = image.getHeight();
    const context = canvas.getContext("2d")!;
    const picture = context.createImageData(canvas.width, canvas.height);
    for (let i = 0; i < band.length; i++) {
      const value = band[i];
      const valid = Number.isFinite(value) && value !== nodata;
      const grey = valid ? Math.round(Math.min(1, Math.max(0, (value - min) / (max - min))) * 255) : 0;
      picture.data.set([grey, grey, grey, valid ? 255 : 0], i * 4);
    }
    context.putImageData(picture, 0, 0);
    const drawn = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const canvasGreys: number[] = [];
    for (let i = 0; i < drawn.length; i += 4) if (drawn[i + 3] === 255) canvasGreys.push(drawn[i]!);
    return { metadata, width: canvas.width, height: canvas.height, values: Array.from(band as ArrayLike<number>), nodata, canvas: canvasGreys };
  }, Buffer.from(tiff).toString("base64"));
  await page.close();
  expect(errors).toEqual([]);
  return report;
}

describe("a result GeoTIFF in a viewer (geotiff.js in headless Chromium)", () => {
  it("finds GDAL statistics equal to the file's own values and draws a stretched, non-black picture", async () => {
    const headers = { Authorization: await demoBearer(session.worker.url), "Content-Type": "application/json" };
    const response = await fetch(`${session.worker.url}/v1/result`, { method: "POST", headers, body: JSON.stringify({ process: { process_graph: NDVI_GRAPH } }) });
    expect(response.status, await response.clone().text()).toBe(200);
    const report = await openInViewer(new Uint8Array(await response.arrayBuffer()));

    expect(report.metadata).not.toBeNull();
    const valid = report.values.filter((value) => Number.isFinite(value) && value !== report.nodata);
    expect(valid.length).toBeGreaterThan(0.5 * report.width * report.height);
    const mean = valid.reduce((sum, value) => sum + value, 0) / valid.length;
    const stddev = Math.sqrt(valid.reduce((sum, value) => sum + (value - mean) ** 2, 0) / valid.length);
    const statistics = report.metadata!;
    expect(Number(statistics.STATISTICS_MINIMUM)).toBeCloseTo(Math.min(...valid), 5);
    expect(Number(statistics.STATISTICS_MAXIMUM)).toBeCloseTo(Math.max(...valid), 5);
    expect(Number(statistics.STATISTICS_MEAN)).toBeCloseTo(mean, 4);
    expect(Number(statistics.STATISTICS_STDDEV)).toBeCloseTo(stddev, 4);

    // Stretched over the statistics, the NDVI spans the grey ramp: the darkest pixel is black, the
    // brightest white, and most pixels sit in between rather than all at 0.
    const greys = report.canvas;
    expect(Math.min(...greys)).toBe(0);
    expect(Math.max(...greys)).toBe(255);
    expect(new Set(greys).size).toBeGreaterThan(100);
    expect(greys.filter((grey) => grey > 0).length).toBeGreaterThan(0.9 * greys.length);
  });
});
