import { OpenEO, type Connection } from "@openeo/js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";
import { listProcesses } from "../../src/processes";
import { writeCog } from "../../src/raster/cog-writer";
import { transformBBox } from "../../src/raster/crs";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { expectStatistics, fileStatistics, recomputed } from "../support/gdal-statistics";
import { MemoryByteSource } from "../support/memory-byte-source";
import { band, utmGrid } from "../support/raster-fixtures";

// The documented local demo login (.dev.vars).
const DEMO_USER = "demo";
const DEMO_PASSWORD = "openeo-demo";

// Two uint16 COGs on a 64 x 64 px UTM grid: red DN 1000 + x, nir DN 3000 + y (NDVI is the same on DN and reflectance).
const grid = utmGrid(64, 64);
const expectedNdvi = (x: number, y: number) => (3000 + y - (1000 + x)) / (3000 + y + 1000 + x);

/** The bytes of a computeResult answer (a Node stream). */
async function bytesOf(data: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of data as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Polls a started job until it ends: the local queue delivers within seconds, 60 polls of half a second bound the wait. */
async function ended(job: { status?: string | null; describeJob(): Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 60 && !["finished", "error", "canceled"].includes(job.status ?? ""); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await job.describeJob();
  }
}

describe("the openEO JavaScript client against wrangler dev", () => {
  let worker: LocalWorker;
  let connection: Connection;
  /** The STAC item of the uploaded files (written by the computeResult test). */
  let uploadedItem: Record<string, any>;
  /** NDVI of the uploaded files (written by the computeResult test), as GTiff. */
  const ndviGraph = () => ({
    load: { process_id: "load_stac", arguments: { url: `${connection.getBaseUrl()}/files/ndvi-input/item.json`, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  });

  beforeAll(async () => {
    worker = await startLocalWorker();
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("connects through /.well-known/openeo and reads the capabilities", async () => {
    connection = await OpenEO.connect(worker.url);
    expect(connection.getBaseUrl()).toBe(`${worker.url}/v1`);
    const capabilities = connection.capabilities();
    expect(capabilities.apiVersion()).toBe("1.2.0");
    expect(capabilities.backendVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(capabilities.hasFeature("describeAccount")).toBe(true);
    expect(capabilities.hasFeature("authenticateBasic")).toBe(true);
    expect(capabilities.hasFeature("listJobs")).toBe(true);
  });

  it("lists file formats and service types", async () => {
    const formats = await connection.listFileTypes();
    // The client keys formats in upper case.
    expect(Object.keys(formats.getInputTypes()).sort()).toEqual(["GEOJSON", "GTIFF", "STAC"]);
    expect(Object.keys(formats.getOutputTypes()).sort()).toEqual(["CSV", "GEOJSON", "GTIFF", "JSON", "NETCDF", "PNG"]);
    expect(Object.keys(await connection.listServiceTypes())).toEqual(["XYZ"]);
  });

  it("authenticates with HTTP Basic and describes the account", async () => {
    await connection.authenticateBasic(DEMO_USER, DEMO_PASSWORD);
    expect(connection.isAuthenticated()).toBe(true);
    const account = await connection.describeAccount();
    expect(account.user_id).toBe("basic.demo");
    expect(account.name).toBe("demo");
  });

  it("computes an NDVI GeoTIFF from uploaded files with computeResult", async () => {
    const cog = (value: (x: number, y: number) => number) => writeCog([band(grid, "uint16", value, 0)], { tileSize: 32, compression: "deflate", predictor: 2 });
    const [w, s, e, n] = transformBBox(grid.bbox, grid.crs, "EPSG:4326");
    const asset = (name: string, common: string) => ({ href: `${name}.tif`, type: "image/tiff; application=geotiff; profile=cloud-optimized", roles: ["data"], "eo:bands": [{ name, common_name: common }] });
    const item = {
      type: "Feature",
      stac_version: "1.0.0",
      id: "upload",
      bbox: [w, s, e, n],
      geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
      properties: { datetime: "2024-07-01T10:00:00Z" },
      assets: { B04: asset("B04", "red"), B08: asset("B08", "nir") },
      links: [],
    };
    uploadedItem = item;
    const folder = mkdtempSync(join(tmpdir(), "e2e-"));
    writeFileSync(join(folder, "B04.tif"), cog((x) => 1000 + x));
    writeFileSync(join(folder, "B08.tif"), cog((_, y) => 3000 + y));
    writeFileSync(join(folder, "item.json"), JSON.stringify(item));
    for (const name of ["B04.tif", "B08.tif", "item.json"]) await connection.uploadFile(join(folder, name), `ndvi-input/${name}`);

    const { data, type } = await connection.computeResult({ process_graph: ndviGraph() });
    expect(type).toBe("image/tiff; application=geotiff; profile=cloud-optimized");
    const tiff = await openCog(new MemoryByteSource(new Uint8Array(await bytesOf(data))));
    expect(tiff.header.grid).toEqual(grid);
    const values = await readWindow(tiff, 0, 0, { x: 10, y: 20, width: 1, height: 1 });
    expect(values[0]).toBeCloseTo(expectedNdvi(10, 20), 6);
  });

  it("lists the UDF runtimes and runs NDVI as a JavaScript UDF (a script uploaded to the user's files) with computeResult", async () => {
    const runtimes = (await connection.listUdfRuntimes()) as Record<string, { type: string; default: string }>;
    expect(runtimes.JavaScript).toMatchObject({ type: "language", default: "ES2023" });
    const folder = mkdtempSync(join(tmpdir(), "e2e-udf-"));
    writeFileSync(join(folder, "ndvi.js"), "export function udf(data) {\n  return (data[1] - data[0]) / (data[1] + data[0]);\n}\n");
    await connection.uploadFile(join(folder, "ndvi.js"), "udfs/ndvi.js");
    const { load, save } = ndviGraph();
    const udf = { process_id: "run_udf", arguments: { data: { from_parameter: "data" }, udf: "udfs/ndvi.js", runtime: "JavaScript" }, result: true };
    const graph = { load, ndvi: { process_id: "reduce_dimension", arguments: { data: { from_node: "load" }, dimension: "bands", reducer: { process_graph: { udf } } } }, save };
    const { data } = await connection.computeResult({ process_graph: graph });
    const tiff = await openCog(new MemoryByteSource(new Uint8Array(await bytesOf(data))));
    const values = await readWindow(tiff, 0, 0, { x: 10, y: 20, width: 1, height: 1 });
    expect(values[0]).toBeCloseTo(expectedNdvi(10, 20), 6);
  });

  it("builds with buildProcess over every listed process, as the Web Editor's process builder does", async () => {
    const ids = listProcesses().map((p) => p.id);
    const builder = await connection.buildProcess("ndvi_built");
    const callable = builder as unknown as Record<string, unknown>;
    for (const id of ids) {
      expect(builder.supports(id), id).toBe(true);
      expect(typeof callable[id], id).toBe("function");
    }
    // The NDVI graph, built with positional arguments in the order of each process's parameters.
    const call = (id: string, ...args: unknown[]) => (callable[id] as (...a: unknown[]) => unknown).apply(builder, args);
    const loaded = call("load_stac", `${connection.getBaseUrl()}/files/ndvi-input/item.json`, null, null, ["B04", "B08"]);
    const saved = call("save_result", call("ndvi", loaded), "GTiff");
    // The client flags the node it is given as the result, as the Web Editor passes it.
    const { data } = await connection.computeResult(saved as Parameters<Connection["computeResult"]>[0]);
    const tiff = await openCog(new MemoryByteSource(new Uint8Array(await bytesOf(data))));
    const values = await readWindow(tiff, 0, 0, { x: 7, y: 33, width: 1, height: 1 });
    expect(values[0]).toBeCloseTo(expectedNdvi(7, 33), 6);
  });

  it("downloads zonal statistics of the uploaded NDVI as GeoJSON and as CSV with computeResult", async () => {
    // Pixels x 10..13, y 20..22 of the upload, as a WGS 84 polygon with edges 2 m inside them.
    const toLonLat = (x: number, y: number) => transformBBox([x, y, x, y], grid.crs, "EPSG:4326").slice(0, 2);
    const [w, e, n, s] = [500000 + 10 * 10 + 2, 500000 + 10 * 14 - 2, 5000000 - 10 * 20 - 2, 5000000 - 10 * 23 + 2];
    const polygon = { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]].map(([x, y]) => toLonLat(x!, y!))] };
    let sum = 0;
    for (let y = 20; y < 23; y++) for (let x = 10; x < 14; x++) sum += Math.fround(expectedNdvi(x, y));
    const graph = (format: string) => ({
      ...ndviGraph(),
      zones: { process_id: "aggregate_spatial", arguments: { data: { from_node: "ndvi" }, geometries: polygon, reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
      save: { process_id: "save_result", arguments: { data: { from_node: "zones" }, format }, result: true },
    });
    const download = async (format: string) => {
      const { data, type } = await connection.computeResult({ process_graph: graph(format) });
      return { type, text: (await bytesOf(data)).toString("utf8") };
    };
    const geojson = await download("GeoJSON");
    expect(geojson.type).toBe("application/geo+json");
    const collection = JSON.parse(geojson.text);
    expect(collection.features).toHaveLength(1);
    expect(collection.features[0].properties["2024-07-01T00:00:00Z"]).toBeCloseTo(sum / 12, 6);
    const csv = await download("CSV");
    expect(csv.type).toBe("text/csv");
    const [header, row, end] = csv.text.split("\r\n");
    expect([header, end]).toEqual(["feature_index,t,value,geometry", ""]);
    const [index, day, value, wkt] = row!.split(/,(?![^"]*"$)/);
    expect([index, day]).toEqual(["0", "2024-07-01T00:00:00Z"]);
    expect(Number(value)).toBeCloseTo(sum / 12, 6);
    expect(wkt).toMatch(/^"POLYGON \(\(15\.\d+ 45\.\d+, /);
  });

  it("runs the same NDVI as a batch job: create, start, poll, STAC results, download, logs", async () => {
    const job = await connection.createJob({ process_graph: ndviGraph() }, "NDVI batch");
    expect(job.status).toBe("created");
    await job.startJob();
    await ended(job);
    expect(job.status).toBe("finished");

    const stac = await job.getResultsAsStac();
    // One data file, one asset (the Python client's download_file needs exactly one); the process is the processing extension's expression.
    expect(Object.keys(stac.assets)).toEqual(["result.tif"]);
    expect(stac.properties["processing:expression"]).toMatchObject({ format: "openeo", expression: { process_graph: ndviGraph() } });
    expect(stac.assets["result.tif"]).toMatchObject({ roles: ["data"], "raster:bands": [{ data_type: "float32", nodata: "nan" }] });
    // The uploaded grid in WGS84, as the item of the upload declares it.
    const bbox = transformBBox(grid.bbox, grid.crs, "EPSG:4326");
    (stac.bbox as number[]).forEach((value, i) => expect(value).toBeCloseTo(bbox[i]!, 9));
    expect(stac.properties).toMatchObject({ datetime: "2024-07-01T00:00:00.000Z", "proj:epsg": 32633, "proj:shape": [64, 64] });
    // The statistics a viewer stretches with, recomputed here from the float32 NDVI of every pixel.
    const ndvis = Array.from({ length: 64 * 64 }, (_, p) => Math.fround(expectedNdvi(p % 64, Math.floor(p / 64))));
    const mean = ndvis.reduce((a, b) => a + b, 0) / ndvis.length;
    const statistics = stac.assets["result.tif"]["raster:bands"][0].statistics;
    expect(statistics.minimum).toBeCloseTo(Math.min(...ndvis), 6);
    expect(statistics.maximum).toBeCloseTo(Math.max(...ndvis), 6);
    expect(statistics.mean).toBeCloseTo(mean, 6);
    expect(statistics.stddev).toBeCloseTo(Math.sqrt(ndvis.reduce((a, b) => a + (b - mean) ** 2, 0) / ndvis.length), 6);
    expect(statistics.valid_percent).toBe(100);

    const folder = mkdtempSync(join(tmpdir(), "e2e-job-"));
    await job.downloadResults(folder);
    expect(readdirSync(folder)).toEqual(["result.tif"]);
    const tiff = await openCog(new MemoryByteSource(new Uint8Array(readFileSync(join(folder, "result.tif")))));
    expect(tiff.header.grid).toEqual(grid);
    const values = await readWindow(tiff, 0, 0, { x: 40, y: 5, width: 1, height: 1 });
    expect(values[0]).toBeCloseTo(expectedNdvi(40, 5), 6);
    // The statistics a viewer stretches by: in the file and in the STAC, those of its pixels.
    const file = new Uint8Array(readFileSync(join(folder, "result.tif")));
    const pixels = recomputed(await readWindow(tiff, 0, 0, { x: 0, y: 0, width: 64, height: 64 }));
    expectStatistics(fileStatistics(file).get(0), pixels);
    expectStatistics(stac.assets["result.tif"]["raster:bands"][0].statistics, pixels);

    const logs = await job.debugJob().nextLogs();
    expect(logs[0]).toMatchObject({ level: "info", message: "Batch job started." });
    expect(logs.at(-1)).toMatchObject({ level: "info", message: "Batch job finished: result.tif, process.json." });
  });

  it("reads a multi-date batch job back with load_stac: the job's dates as t, its bands, its grid", async () => {
    // A second date of the upload, red DN 1500 + x, and both dates as one FeatureCollection of items.
    const cog = writeCog([band(grid, "uint16", (x) => 1500 + x, 0)], { tileSize: 32, compression: "deflate", predictor: 2 });
    const folder = mkdtempSync(join(tmpdir(), "e2e-series-"));
    writeFileSync(join(folder, "B04-b.tif"), cog);
    await connection.uploadFile(join(folder, "B04-b.tif"), "ndvi-input/B04-b.tif");
    const first = uploadedItem;
    const second = { ...first, id: "upload-b", properties: { datetime: "2024-07-02T10:00:00Z" }, assets: { ...first.assets, B04: { ...first.assets.B04, href: "B04-b.tif" } } };
    writeFileSync(join(folder, "series.json"), JSON.stringify({ type: "FeatureCollection", features: [first, second] }));
    await connection.uploadFile(join(folder, "series.json"), "ndvi-input/series.json");
    const series = { ...ndviGraph(), load: { process_id: "load_stac", arguments: { url: `${connection.getBaseUrl()}/files/ndvi-input/series.json`, bands: ["B04", "B08"] } } };

    const job = await connection.createJob({ process_graph: series }, "NDVI series");
    await job.startJob();
    await ended(job);
    expect(job.status).toBe("finished");
    const stac = await job.getResultsAsStac();
    expect(Object.keys(stac.assets).sort()).toEqual(["result-2024-07-01.tif", "result-2024-07-02.tif"]);
    const canonical = stac.links.find((link: { rel: string }) => link.rel === "canonical").href;

    const back = (save: object) => ({ load: { process_id: "load_stac", arguments: { url: canonical } }, ...save });
    const labels = async (dimension: string) => {
      const graph = back({ labels: { process_id: "dimension_labels", arguments: { data: { from_node: "load" }, dimension }, result: true } });
      const { data } = await connection.computeResult({ process_graph: graph });
      return JSON.parse((await bytesOf(data)).toString("utf8"));
    };
    expect(await labels("t")).toEqual(["2024-07-01T00:00:00Z", "2024-07-02T00:00:00Z"]);
    const { data } = await connection.computeResult({ process_graph: back({ save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true } }) });
    const tiff = await openCog(new MemoryByteSource(new Uint8Array(await bytesOf(data))));
    expect(tiff.header.grid).toEqual(grid);
    // One band per date: the second date's NDVI has red 1500 + x.
    expect((await readWindow(tiff, 0, 0, { x: 12, y: 30, width: 1, height: 1 }))[0]).toBeCloseTo(expectedNdvi(12, 30), 6);
    expect((await readWindow(tiff, 0, 1, { x: 12, y: 30, width: 1, height: 1 }))[0]).toBeCloseTo((3000 + 30 - 1512) / (3000 + 30 + 1512), 6);
  });

  it("publishes an XYZ service of the uploaded NDVI: createService, listServices, updateService, describeService, debugService, a tile, deleteService", async () => {
    const service = await connection.createService({ process_graph: ndviGraph() }, "xyz", "NDVI tiles", null, true, { colormap: "ndvi" });
    expect(service).toMatchObject({ type: "XYZ", title: "NDVI tiles", enabled: true });
    // The url names the service's version (a cached tile is then found without the service's record).
    expect(service.url).toMatch(/\/v1\/services\/[\w-]+\/tiles\/\{z\}\/\{x\}\/\{y\}\.png\?v=1$/);
    expect((await connection.listServices()).map((s: { id: string }) => s.id)).toContain(service.id);
    // The client's type asks for every field; the API takes any subset.
    await service.updateService({ title: "NDVI tiles, renamed" } as Parameters<typeof service.updateService>[0]);
    expect((await connection.getService(service.id)).title).toBe("NDVI tiles, renamed");
    await service.describeService();
    expect(service.configuration).toMatchObject({ tile_size: 256, colormap: "ndvi" });
    expect((service.attributes as { map_url: string }).map_url).toBe(service.url!.replace(/\/tiles\/\{z\}\/\{x\}\/\{y\}\.png\?v=\d+$/, "/map"));
    expect(await service.debugService().nextLogs()).toEqual([]);
    // The z0 tile covers the world: the upload is a few pixels of it, and the rest is transparent.
    const tile = await fetch(service.url!.replace("{z}/{x}/{y}", "0/0/0"));
    expect(tile.status).toBe(200);
    expect(tile.headers.get("Content-Type")).toBe("image/png");
    await service.deleteService();
    expect((await connection.listServices()).map((s: { id: string }) => s.id)).not.toContain(service.id);
  });

  it("reports a wrong password as the back-end's openEO error", async () => {
    const fresh = await OpenEO.connect(worker.url);
    await expect(fresh.authenticateBasic(DEMO_USER, "wrong")).rejects.toMatchObject({ code: "CredentialsInvalid", status: 403 });
  });
});
