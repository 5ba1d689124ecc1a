/**
 * Sentinel Hub's Batch Processing API over the real 29RKH file of ../shared/data: a request over
 * 3 x 3 km around the corner of four tiles of the 10 km UTM grid (zone 29N) at 50 m, run on the
 * local Worker's queue, its tiles read back from the user's files and assembled, equal to the same
 * request computed at once by the Process API and to NDVI recomputed from the raw B04 and B08.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { ndviFromDigitalNumbers, readItemBand, valueAtPoint } from "./raw-rasters";
import { expectSameRaster, FLOAT32_TOLERANCE } from "./raster-compare";
import { rawItems } from "./raw-stac";
import { demoBearer, readResultCog } from "./result-client";

const RKH = "s2-29RKH-2020-02-19";
/** Around (300 km, 2750 km) in UTM 29N, inside the 29RKH granule. */
const AREA = [298500, 2748500, 301500, 2751500];
const RES = 50;

let worker: LocalWorker;
let bearer: string;

beforeAll(async () => {
  worker = await startLocalWorker({ ingest: [{ folder: RKH, collection: "rkh-batch", args: ["--offset", "0"] }] });
  bearer = await demoBearer(worker.url);
});
afterAll(async () => {
  await worker?.stop();
});

const NDVI = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08', 'dataMask'], output: { id: 'ndvi', bands: 1, sampleType: 'FLOAT32' } };",
  "}",
  "function evaluatePixel(s) {",
  "  return [s.dataMask ? (s.B08 - s.B04) / (s.B08 + s.B04) : NaN];",
  "}",
].join("\n");

const processRequest = {
  input: {
    bounds: { bbox: AREA, properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32629" } },
    data: [{ type: "byoc-rkh-batch", dataFilter: { timeRange: { from: "2020-02-19T00:00:00Z", to: "2020-02-19T23:59:59Z" } } }],
  },
  output: { responses: [{ identifier: "ndvi", format: { type: "image/tiff" } }] },
  evalscript: NDVI,
};

async function call(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Authorization: bearer, ...(body === undefined ? {} : { "Content-Type": "application/json" }) };
  const res = await fetch(`${worker.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res;
}

describe("Batch Processing API over real Sentinel-2 data", () => {
  it("four 10 km tiles at 50 m, assembled, equal the Process API's result and NDVI of the raw B04 and B08", async () => {
    const created = (await (await call("POST", "/api/v1/batch/process", { processRequest, tilingGrid: { id: 1, resolution: RES }, bucketName: "any" })).json()) as { id: string };
    await call("POST", `/api/v1/batch/process/${created.id}/start`);
    let status = "";
    for (let i = 0; i < 600 && !["DONE", "FAILED"].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = ((await (await call("GET", `/api/v1/batch/process/${created.id}`)).json()) as { status: string; error?: string }).status;
    }
    expect(status).toBe("DONE");
    const tiles = ((await (await call("GET", `/api/v1/batch/process/${created.id}/tiles`)).json()) as { data: { tileName: string; status: string }[] }).data;
    expect(tiles.map((t) => [t.tileName, t.status])).toEqual([["29N_29_274", "PROCESSED"], ["29N_30_274", "PROCESSED"], ["29N_29_275", "PROCESSED"], ["29N_30_275", "PROCESSED"]]);

    // The area's pixels, 60 x 60 of 50 m, cut out of the four tiles of 200 x 200 px.
    const side = (AREA[2]! - AREA[0]!) / RES;
    const assembled = new Float32Array(side * side);
    for (const [i, j] of [[29, 274], [30, 274], [29, 275], [30, 275]] as const) {
      const { cog, bands } = await readResultCog(new Uint8Array(await (await call("GET", `/v1/files/${created.id}/29N_${i}_${j}/ndvi.tif`)).arrayBuffer()));
      expect(cog.header.grid).toEqual({ crs: "EPSG:32629", bbox: [i * 10000, j * 10000, (i + 1) * 10000, (j + 1) * 10000], width: 200, height: 200 });
      for (let row = 0; row < 200; row++) {
        for (let col = 0; col < 200; col++) {
          const [x, y] = [i * 10000 + (col + 0.5) * RES, (j + 1) * 10000 - (row + 0.5) * RES];
          const value = bands[0]![row * 200 + col]!;
          if (x < AREA[0]! || x > AREA[2]! || y < AREA[1]! || y > AREA[3]!) expect(value).toBeNaN();
          else assembled[Math.floor((AREA[3]! - y) / RES) * side + Math.floor((x - AREA[0]!) / RES)] = value;
        }
      }
    }

    const sync = await call("POST", "/api/v1/process", { ...processRequest, output: { ...processRequest.output, resx: RES, resy: RES } });
    const whole = await readResultCog(new Uint8Array(await sync.arrayBuffer()));
    expect(whole.cog.header.grid).toEqual({ crs: "EPSG:32629", bbox: AREA, width: side, height: side });
    expectSameRaster(assembled, whole.bands[0]!, side, 0);

    const [item] = rawItems(RKH);
    const [red, nir] = await Promise.all(["B04.tif", "B08.tif"].map((name) => readItemBand(item!, name)));
    const expected = Array.from({ length: side * side }, (_, k) => {
      const [x, y] = [AREA[0]! + ((k % side) + 0.5) * RES, AREA[3]! - (Math.floor(k / side) + 0.5) * RES];
      return ndviFromDigitalNumbers(valueAtPoint(red!, x, y), valueAtPoint(nir!, x, y));
    });
    expect(expected.filter((v) => !Number.isNaN(v)).length).toBe(side * side);
    expectSameRaster(assembled, expected, side, FLOAT32_TOLERANCE);
  });
});
