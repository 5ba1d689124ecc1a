import { env } from "cloudflare:workers";
import { decodeJwt, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { jobPrefix, jobStub } from "../../src/jobs/job-store";
import { signResultLink } from "../../src/jobs/result-links";
import { transformBBox } from "../../src/raster/crs";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectStatistics, fileStatistics, recomputed } from "../support/gdal-statistics";
import { expectError, loginAs, request } from "../support/http";
import { call, createJob, finishedJob, pathOf, until, type Job } from "../support/jobs";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";
import { TEST_TOKEN_SECRET } from "../support/settings";

// One date, 32 x 32 px; the load covers 8 x 16 px of it.
const SCENES = [{ id: "J1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(32, 32), cloud: 0, values: { B04: (x: number, y: number) => 1000 + x + 10 * y, B08: (x: number) => 3000 + 3 * x } }];
const load = { process_id: "load_collection", arguments: { id: "job-scenes", spatial_extent: { west: 500000, south: 4999840, east: 500080, north: 5000000, crs: 32633 }, temporal_extent: null, bands: ["B04", "B08"] } };
const NDVI_GTIFF = {
  process_graph: {
    load,
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  },
};
const CONSTANT = { process_graph: { one: { process_id: "constant", arguments: { x: 42 }, result: true } } };
// Two dates of the same 8 x 8 px, saved as loaded (uint16 with the sources' nodata, scale and offset).
const SERIES = [
  { id: "S1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(8, 8), cloud: 0, values: { B04: () => 1000, B08: () => 3000 } },
  { id: "S2", datetime: "2024-07-11T10:00:00Z", grid: utmGrid(8, 8), cloud: 0, values: { B04: () => 1100, B08: () => 3100 } },
];
const SERIES_GTIFF = {
  process_graph: {
    load: { process_id: "load_collection", arguments: { id: "job-series", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
    save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
  },
};

const SERIES_MEAN = {
  process_graph: {
    load: SERIES_GTIFF.process_graph.load,
    mean: { process_id: "reduce_dimension", arguments: { data: { from_node: "load" }, dimension: "t", reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "mean" }, format: "GTiff" }, result: true },
  },
};

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "job-scenes", SCENES, [RED, NIR]);
  await ingestCubeScenes(env.DATA, "job-series", SERIES, [RED, NIR]);
});

describe("batch jobs", () => {
  it("go through their whole lifecycle on the real queue: create, start, poll, results, download, logs, delete", async () => {
    const created = await call("POST", "/jobs", { user: "alice", body: { title: "NDVI", description: "A small NDVI.", process: NDVI_GTIFF, log_level: "debug", "edge:note": "kept" } });
    expect(created.status).toBe(201);
    const id = created.headers.get("OpenEO-Identifier")!;
    expect(id).toMatch(/^[\w\-.~]+$/);
    expect(created.headers.get("Location")).toBe(`https://openeo.example.test/v1/jobs/${id}`);

    const listed = (await (await call("GET", "/jobs", { user: "alice" })).json()) as { jobs: Job[]; links: unknown[] };
    expect(listed.jobs.find((j) => j.id === id)).toMatchObject({ id, title: "NDVI", description: "A small NDVI.", status: "created", progress: 0, costs: null });
    expect(listed.jobs.find((j) => j.id === id)).not.toHaveProperty("process");
    const described = (await (await call("GET", `/jobs/${id}`, { user: "alice" })).json()) as Job;
    expect(described).toMatchObject({ id, title: "NDVI", status: "created", process: NDVI_GTIFF, log_level: "debug", plan: "free", budget: null, "edge:note": "kept" });

    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    const finished = await until(id, ["finished", "error"]);
    expect(finished).toMatchObject({ status: "finished", progress: 100 });
    expect(finished.costs).toBeGreaterThanOrEqual(0);
    expect(finished.usage.duration.unit).toBe("seconds");
    expect(finished.usage.network.value).toBeGreaterThan(0);
    expect(finished.links.map((l: { rel: string }) => l.rel)).toEqual(["monitor", "result"]);

    const results = await call("GET", `/jobs/${id}/results`, { user: "alice" });
    expect(results.status).toBe(200);
    expect(results.headers.get("OpenEO-Costs")).toBe("0");
    const item = (await results.json()) as Job;
    expect(item).toMatchObject({ stac_version: "1.0.0", type: "Feature", id, properties: { "openeo:status": "finished", title: "NDVI" } });
    expect(Date.parse(item.properties.expires)).toBeGreaterThan(Date.now());
    // Only the data file is an asset (clients download every asset); the process is recorded as the processing extension says.
    expect(Object.keys(item.assets)).toEqual(["result.tif"]);
    expect(item.properties["processing:expression"]).toEqual({ format: "openeo", expression: NDVI_GTIFF });
    expect(item.stac_extensions).toContain("https://stac-extensions.github.io/processing/v1.2.0/schema.json");
    const asset = item.assets["result.tif"];
    expect(asset).toMatchObject({ type: "image/tiff; application=geotiff; profile=cloud-optimized", roles: ["data"] });
    expect(typeof asset.title).toBe("string");

    // No Bearer token: the link itself is the authorization.
    const whole = await request(new URL(asset.href).pathname + new URL(asset.href).search);
    expect(whole.status).toBe(200);
    const bytes = new Uint8Array(await whole.arrayBuffer());
    const part = await request(new URL(asset.href).pathname + new URL(asset.href).search, { headers: { Range: "bytes=0-3" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("Content-Range")).toBe(`bytes 0-3/${bytes.length}`);
    expect(Array.from(new Uint8Array(await part.arrayBuffer()))).toEqual(Array.from(bytes.subarray(0, 4)));

    const logs = (await (await call("GET", `/jobs/${id}/logs`, { user: "alice" })).json()) as { level: string; logs: Job[]; links: unknown[] };
    expect(logs.level).toBe("debug");
    expect(logs.logs[0]).toMatchObject({ id: expect.any(String), level: "info", message: "Batch job started.", time: expect.any(String), path: [] });
    expect(logs.logs.at(-1)!.message).toBe("Batch job finished: result.tif, process.json.");
    const first = (await (await call("GET", `/jobs/${id}/logs?limit=1`, { user: "alice" })).json()) as { logs: Job[]; links: { rel: string; href: string }[] };
    expect(first.logs).toHaveLength(1);
    const next = new URL(first.links.find((l) => l.rel === "next")!.href);
    const second = (await (await call("GET", `${next.pathname.slice(3)}${next.search}`, { user: "alice" })).json()) as { logs: Job[] };
    expect(second.logs[0]!.id).toBe(logs.logs[1]!.id);
    const errorsOnly = (await (await call("GET", `/jobs/${id}/logs?level=error`, { user: "alice" })).json()) as { level: string; logs: Job[] };
    expect(errorsOnly).toMatchObject({ level: "error", logs: [] });

    expect((await call("DELETE", `/jobs/${id}`, { user: "alice" })).status).toBe(204);
    await expectError(await call("GET", `/jobs/${id}`, { user: "alice" }), 404, "JobNotFound");
    expect((await env.RESULTS.list({ prefix: jobPrefix("basic.alice", id) })).objects).toEqual([]);
    const remaining = (await (await call("GET", "/jobs", { user: "alice" })).json()) as { jobs: Job[] };
    expect(remaining.jobs.map((j) => j.id)).not.toContain(id);
  });

  it("describe a raster result as a STAC Item: extent, date, projection and bands", async () => {
    const item = (await (await call("GET", `/jobs/${await finishedJob(NDVI_GTIFF)}/results`, { user: "alice" })).json()) as Job;
    // The load's extent, 8 x 16 px of 10 m from the grid's top-left corner (500000, 5000000).
    const [w, s, e, n] = transformBBox([500000, 4999840, 500080, 5000000], "EPSG:32633", "EPSG:4326");
    expect(item.bbox).toEqual([w, s, e, n]);
    // Easting 500000 is the central meridian of UTM zone 33, 15 degrees east.
    expect(item.bbox[0]).toBeCloseTo(15, 9);
    expect(item.geometry).toEqual({ type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });
    // Cubes label dates by day (the scene was taken at 10:00).
    expect(item.properties).toMatchObject({ datetime: "2024-07-01T00:00:00.000Z", "proj:epsg": 32633, "proj:shape": [16, 8], "proj:transform": [10, 0, 500000, 0, -10, 5000000] });
    expect(item.properties).not.toHaveProperty("start_datetime");
    expect(item.stac_extensions).toEqual(expect.arrayContaining([expect.stringContaining("/projection/"), expect.stringContaining("/eo/"), expect.stringContaining("/raster/")]));
    // ndvi reduced the bands: one float32 band, NaN where there is no data; its date is the Item's, no band label is left to name it.
    expect(item.assets["result.tif"]["eo:bands"]).toEqual([{ name: "value" }]);
    expect(item.assets["result.tif"]["raster:bands"]).toEqual([{ data_type: "float32", nodata: "nan", statistics: expect.any(Object) }]);
    // The statistics written into the file, and those of its pixels.
    const tiff = new Uint8Array(await (await request(pathOf(item.assets["result.tif"].href))).arrayBuffer());
    headerCache.clear();
    const ndvi = await readWindow(await openCog(new MemoryByteSource(tiff)), 0, 0, { x: 0, y: 0, width: 8, height: 16 });
    expect(item.assets["result.tif"]["raster:bands"][0].statistics).toEqual(fileStatistics(tiff).get(0));
    expectStatistics(item.assets["result.tif"]["raster:bands"][0].statistics, recomputed(ndvi));
    const canonical = new URL(item.links.find((l: Job) => l.rel === "canonical").href);
    expect(await (await request(canonical.pathname + canonical.search)).json()).toMatchObject({ type: "Feature", bbox: item.bbox, assets: { "result.tif": { type: item.assets["result.tif"].type } } });

    // Two dates: one file per date, each its own Item of a Collection spanning both.
    const series = (await (await call("GET", `/jobs/${await finishedJob(SERIES_GTIFF)}/results`, { user: "alice" })).json()) as Job;
    expect(series).toMatchObject({ type: "Collection", extent: { temporal: { interval: [["2024-07-01T00:00:00.000Z", "2024-07-11T00:00:00.000Z"]] } } });
    expect(Object.keys(series.assets).sort()).toEqual(["result-2024-07-01.tif", "result-2024-07-11.tif"]);
    for (const day of ["2024-07-01", "2024-07-11"]) {
      const file = `result-${day}.tif`;
      // Each file holds one date: its bands are named as the cube's bands.
      expect(series.assets[file]["eo:bands"].map((b: { name: string }) => b.name)).toEqual(["B04", "B08"]);
      // Values as loaded keep the sources' type and scaling (cube-fixture's RED and NIR).
      expect(series.assets[file]["raster:bands"]).toEqual(Array(2).fill({ data_type: "uint16", nodata: 0, scale: 0.0001, offset: -0.1, statistics: expect.any(Object) }));
      const link = series.links.find((l: Job) => l.rel === "item" && l.title === file);
      const dated = (await (await request(new URL(link.href).pathname + new URL(link.href).search)).json()) as Job;
      expect(dated.properties).toMatchObject({ datetime: `${day}T00:00:00.000Z`, "proj:shape": [8, 8] });
    }

    // The Collection describes its Items' projection and, as they share a grid, the cube they make up.
    expect(series.summaries).toEqual({ "proj:epsg": [32633], "proj:shape": [[8, 8]], "proj:transform": [[10, 0, 500000, 0, -10, 5000000]], "eo:bands": [{ name: "B04" }, { name: "B08" }] });
    expect(series["cube:dimensions"]).toEqual({
      x: { type: "spatial", axis: "x", extent: [500000, 500080], step: 10, reference_system: 32633 },
      y: { type: "spatial", axis: "y", extent: [4999920, 5000000], step: 10, reference_system: 32633 },
      t: { type: "temporal", extent: ["2024-07-01T00:00:00.000Z", "2024-07-11T00:00:00.000Z"], values: ["2024-07-01T00:00:00.000Z", "2024-07-11T00:00:00.000Z"] },
      bands: { type: "bands", values: ["B04", "B08"] },
    });

    // A composite (t reduced) covers the dates it was made of: STAC's start and end, datetime null.
    const composite = (await (await call("GET", `/jobs/${await finishedJob(SERIES_MEAN)}/results`, { user: "alice" })).json()) as Job;
    expect(composite.properties).toMatchObject({ datetime: null, start_datetime: "2024-07-01T00:00:00.000Z", end_datetime: "2024-07-11T00:00:00.000Z" });
    expect(composite.assets["result.tif"]["eo:bands"]).toEqual([{ name: "B04" }, { name: "B08" }]);

    // A JSON value has no location; STAC wants a date, so it is dated when its results were made.
    const constantJob = await finishedJob(CONSTANT);
    const json = (await (await call("GET", `/jobs/${constantJob}/results`, { user: "alice" })).json()) as Job;
    const finished = (await (await call("GET", `/jobs/${constantJob}`, { user: "alice" })).json()) as Job;
    expect(json).toMatchObject({ geometry: null, properties: { datetime: finished.updated } });
    expect(json).not.toHaveProperty("bbox");
    expect(json.stac_extensions).toEqual(["https://stac-extensions.github.io/processing/v1.2.0/schema.json"]);
  });

  it("a result of several files is a STAC Collection: every asset at its level, one signed Item per data file, a signed canonical link", async () => {
    const process = {
      process_graph: {
        load,
        ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
        saveNdvi: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" } },
        saveBands: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "netCDF" }, result: true },
      },
    };
    const id = await finishedJob(process);
    const collection = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Job;
    const [w, s, e, n] = transformBBox([500000, 4999840, 500080, 5000000], "EPSG:32633", "EPSG:4326");
    expect(collection).toMatchObject({ type: "Collection", stac_version: "1.0.0", id, license: "proprietary", "openeo:status": "finished" });
    expect(collection.extent.spatial.bbox[0]).toEqual([w, s, e, n]);
    expect(Object.keys(collection.assets).sort()).toEqual(["result.nc", "result.tif"]);
    expect(collection["processing:expression"]).toEqual({ format: "openeo", expression: process });
    const items = collection.links.filter((l: Job) => l.rel === "item");
    expect(items.map((l: Job) => l.title).sort()).toEqual(["result.nc", "result.tif"]);
    // Signed: no Bearer token needed.
    const tiffItemLink = new URL(items.find((l: Job) => l.title === "result.tif").href);
    const item = (await (await request(tiffItemLink.pathname + tiffItemLink.search)).json()) as Job;
    expect(item).toMatchObject({ type: "Feature", id: "result.tif", bbox: [w, s, e, n], properties: { datetime: "2024-07-01T00:00:00.000Z", "proj:shape": [16, 8] } });
    expect(Object.keys(item.assets)).toEqual(["result.tif"]);
    // The process is the Collection's: not read again for each of its Items.
    expect(item.properties).not.toHaveProperty("processing:expression");
    const tiff = new URL(item.assets["result.tif"].href);
    const download = await request(tiff.pathname + tiff.search);
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x49, 0x49]));
    const canonical = new URL(collection.links.find((l: Job) => l.rel === "canonical").href);
    const again = (await (await request(canonical.pathname + canonical.search)).json()) as Job;
    expect(again).toMatchObject({ type: "Collection", id });
    expect(Object.keys(again.assets).sort()).toEqual(Object.keys(collection.assets).sort());
    // A document link does not open an item, and an altered one opens nothing.
    await expectError(await request(`${tiffItemLink.pathname}?${canonical.searchParams}`), 403, "PermissionsInsufficient");
    await expectError(await request(`${canonical.pathname}?token=${canonical.searchParams.get("token")!.slice(0, -2)}xx`), 403, "PermissionsInsufficient");
  });

  it("run 4 jobs at once on the real queue, each to its own result", async () => {
    const processes = [1, 2, 3, 4].map((i) => ({ process_graph: { sum: { process_id: "add", arguments: { x: 1000, y: i }, result: true } } }));
    const ids = await Promise.all(processes.map((process) => createJob({ process })));
    const starts = await Promise.all(ids.map((id) => call("POST", `/jobs/${id}/results`, { user: "alice" })));
    expect(starts.map((res) => res.status)).toEqual([202, 202, 202, 202]);
    const jobs = await Promise.all(ids.map((id) => until(id, ["finished", "error"])));
    expect(jobs.map((job) => job.status)).toEqual(["finished", "finished", "finished", "finished"]);
    for (const [i, id] of ids.entries()) {
      const item = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Job;
      const download = async (file: string) => {
        const href = new URL(item.assets[file].href);
        return (await request(href.pathname + href.search)).json();
      };
      expect(await download("result.json")).toBe(1000 + i + 1);
      expect(item.properties["processing:expression"].expression).toEqual(processes[i]);
      // One run per job, each started and finished once.
      const { logs } = (await (await call("GET", `/jobs/${id}/logs`, { user: "alice" })).json()) as { logs: Job[] };
      expect(logs.filter((l) => l.message === "Batch job started.")).toHaveLength(1);
      expect(logs.filter((l) => l.message.startsWith("Batch job finished"))).toHaveLength(1);
    }
  });

  it("cancel right after the start: the job ends canceled whether or not its run had begun, and nothing is listed", async () => {
    const id = await createJob({ process: NDVI_GTIFF });
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await call("DELETE", `/jobs/${id}/results`, { user: "alice" })).status).toBe(204);
    // A job started after it finishes once the queue has delivered the canceled job's earlier message too.
    await finishedJob(CONSTANT);
    expect(await (await call("GET", `/jobs/${id}`, { user: "alice" })).json()).toMatchObject({ status: "canceled" });
    const { logs } = (await (await call("GET", `/jobs/${id}/logs`, { user: "alice" })).json()) as { logs: Job[] };
    expect(logs.filter((l) => l.message.startsWith("Batch job finished"))).toEqual([]);
    await expectError(await call("GET", `/jobs/${id}/results`, { user: "alice" }), 400, "JobNotFinished");
    const partial = (await (await call("GET", `/jobs/${id}/results?partial=true`, { user: "alice" })).json()) as Job;
    expect(partial).toMatchObject({ assets: {}, properties: { "openeo:status": "canceled" } });
    expect((await env.RESULTS.list({ prefix: jobPrefix("basic.alice", id) })).objects).toEqual([]);
  });

  it("lists jobs page by page with next and prev links", async () => {
    const ids = [await createJob({ process: CONSTANT }, "bob"), await createJob({ process: CONSTANT }, "bob"), await createJob({ process: CONSTANT }, "bob")];
    const page1 = (await (await call("GET", "/jobs?limit=2", { user: "bob" })).json()) as { jobs: Job[]; links: { rel: string; href: string }[] };
    expect(page1.jobs.map((j) => j.id)).toEqual(ids.slice(0, 2));
    const next = new URL(page1.links.find((l) => l.rel === "next")!.href);
    const page2 = (await (await call("GET", `/jobs${next.search}`, { user: "bob" })).json()) as { jobs: Job[]; links: { rel: string; href: string }[] };
    expect(page2.jobs.map((j) => j.id)).toEqual(ids.slice(2));
    expect(page2.links.map((l) => l.rel)).toEqual(["prev"]);
    await expectError(await call("GET", "/jobs?page=nonsense", { user: "bob" }), 400, "RequestInvalid");
  });

  it("ends a job whose process fails in error, and GET results answers 424 with the error", async () => {
    const outside = { ...load, arguments: { ...load.arguments, temporal_extent: ["2020-01-01", "2020-02-01"] } };
    const id = await createJob({ process: { process_graph: { ...NDVI_GTIFF.process_graph, load: outside } } });
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("error");
    const res = await call("GET", `/jobs/${id}/results`, { user: "alice" });
    expect(res.status).toBe(424);
    expect(await res.json()).toMatchObject({ level: "error", code: "NoDataAvailable", message: "There is no data available for the given extents." });
    // A failed job may be started again.
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
  });

  it("keeps what a failed run logged before its error", async () => {
    // inspect logs the array, then array_element fails on it: both entries must reach the job's log, in that order.
    const process = {
      process_graph: {
        look: { process_id: "inspect", arguments: { data: [1, 2], message: "Looked at the array.", level: "warning" } },
        pick: { process_id: "array_element", arguments: { data: { from_node: "look" }, index: 5 }, result: true },
      },
    };
    const id = await createJob({ process });
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("error");
    const { logs } = (await (await call("GET", `/jobs/${id}/logs`, { user: "alice" })).json()) as { logs: Job[] };
    expect(logs.map((l) => [l.level, l.code ?? null, l.message])).toEqual([
      ["info", null, "Batch job started."],
      ["warning", null, "Looked at the array."],
      ["error", "ArrayElementNotAvailable", "The array has no element with index 5."],
    ]);
  });

  it("can be modified unless queued or running (JobLocked), and canceled", async () => {
    const id = await createJob({ process: CONSTANT, title: "before" });
    expect((await call("PATCH", `/jobs/${id}`, { user: "alice", body: { title: "after", log_level: "warning", budget: 3 } })).status).toBe(204);
    expect(await (await call("GET", `/jobs/${id}`, { user: "alice" })).json()).toMatchObject({ title: "after", log_level: "warning", budget: 3, status: "created" });
    await expectError(await call("PATCH", `/jobs/${id}`, { user: "alice", body: { process: { process_graph: { x: { process_id: "nope", arguments: {}, result: true } } } } }), 400, "ProcessUnsupported");
    await expectError(await call("PATCH", `/jobs/${id}`, { user: "alice", body: { plan: "gold" } }), 400, "BillingPlanInvalid");
    // A PATCH needs a body: none, an empty one or broken JSON change nothing.
    await expectError(await call("PATCH", `/jobs/${id}`, { user: "alice" }), 400, "RequestInvalid");
    await expectError(await call("PATCH", `/jobs/${id}`, { user: "alice", headers: { "Content-Type": "application/json" } }), 400, "JsonInvalid");
    await expectError(await request(`/v1/jobs/${id}`, { method: "PATCH", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: '{"title": ' }), 400, "JsonInvalid");
    await expectError(await request(`/v1/jobs/${id}`, { method: "PATCH", headers: { Authorization: await loginAs("alice") }, body: '{"title": "x"}' }), 400, "ContentTypeInvalid");
    expect(await (await call("GET", `/jobs/${id}`, { user: "alice" })).json()).toMatchObject({ title: "after" });
    expect((await call("PATCH", `/jobs/${id}`, { user: "alice", body: { plan: "Free" } })).status).toBe(204);

    // Queued without a message, so that no consumer races the assertions.
    expect(await jobStub(env, id).start()).not.toBeNull();
    await expectError(await call("PATCH", `/jobs/${id}`, { user: "alice", body: { title: "locked" } }), 400, "JobLocked");
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202); // a no-op while queued
    expect((await call("DELETE", `/jobs/${id}/results`, { user: "alice" })).status).toBe(204);
    expect(await (await call("GET", `/jobs/${id}`, { user: "alice" })).json()).toMatchObject({ status: "canceled", title: "after" });
    await expectError(await call("GET", `/jobs/${id}/results`, { user: "alice" }), 400, "JobNotFinished");
    expect((await call("PATCH", `/jobs/${id}`, { user: "alice", body: { title: "unlocked" } })).status).toBe(204);
  });

  it("run under the free plan, named in any case or left out, also when stored before plans existed", async () => {
    const named = await createJob({ process: CONSTANT, plan: "FREE" });
    expect(await (await call("GET", `/jobs/${named}`, { user: "alice" })).json()).toMatchObject({ plan: "free" });
    const unnamed = await createJob({ process: CONSTANT, plan: null });
    expect(await (await call("GET", `/jobs/${unnamed}`, { user: "alice" })).json()).toMatchObject({ plan: "free" });
    const old = crypto.randomUUID();
    const user = (await (await call("GET", "/me", { user: "alice" })).json()) as { user_id: string };
    await jobStub(env, old).create({ id: old, user_id: user.user_id, process: CONSTANT });
    expect((await jobStub(env, old).get())?.plan).toBeNull();
    expect(await (await call("GET", `/jobs/${old}`, { user: "alice" })).json()).toMatchObject({ id: old, plan: "free" });
  });

  it("answers JobNotFound for another user's job on every endpoint", async () => {
    const id = await createJob({ process: CONSTANT });
    for (const [method, path] of [
      ["GET", ""], ["PATCH", ""], ["DELETE", ""], ["GET", "/logs"], ["GET", "/estimate"],
      ["GET", "/results"], ["POST", "/results"], ["DELETE", "/results"],
    ] as const) {
      await expectError(await call(method, `/jobs/${id}${path}`, { user: "bob", ...(method === "PATCH" ? { body: { title: "mine" } } : {}) }), 404, "JobNotFound");
    }
    expect(await (await call("GET", `/jobs/${id}`, { user: "alice" })).json()).toMatchObject({ status: "created" });
  });

  it("refuses bad requests with openEO errors", async () => {
    await expectError(await call("POST", "/jobs", { body: { process: CONSTANT } }), 401, "AuthenticationRequired");
    await expectError(await call("POST", "/jobs", { user: "alice", body: { title: "no process" } }), 400, "RequestInvalid");
    await expectError(await call("POST", "/jobs", { user: "alice", body: { process: {} } }), 400, "ProcessGraphMissing");
    await expectError(await call("POST", "/jobs", { user: "alice", body: { process: { process_graph: { x: { process_id: "nope", arguments: {}, result: true } } } } }), 400, "ProcessUnsupported");
    await expectError(await call("POST", "/jobs", { user: "alice", body: { process: CONSTANT, plan: "gold" } }), 400, "BillingPlanInvalid");
    await expectError(await call("POST", "/jobs", { user: "alice", body: { process: CONSTANT, log_level: "verbose" } }), 400, "RequestInvalid");
    await expectError(await call("GET", "/jobs/no-such-job", { user: "alice" }), 404, "JobNotFound");
    const id = await createJob({ process: CONSTANT });
    await expectError(await call("GET", `/jobs/${id}/results`, { user: "alice" }), 400, "JobNotFinished");
    const partial = await call("GET", `/jobs/${id}/results?partial=true`, { user: "alice" });
    expect(await partial.json()).toMatchObject({ assets: {}, properties: { "openeo:status": "running" } });
  });

  it("serves result files only through genuine, unexpired links", async () => {
    const id = await finishedJob(CONSTANT);
    const item = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Job;
    const href = new URL(item.assets["result.json"].href);
    expect(await (await request(href.pathname + href.search)).json()).toBe(42);

    const token = href.searchParams.get("token")!;
    const { run } = decodeJwt(token) as { run: string };
    const expired = await signResultLink(env, { jobId: id, run, userId: "basic.alice", file: "result.json" }, Math.floor(Date.now() / 1000) - 60);
    await expectError(await request(`${href.pathname}?token=${expired}`), 410, "ResultLinkExpired");
    // Genuinely signed, but without an expiry: never valid.
    const endless = await new SignJWT({ job: id, run, file: "result.json" })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer("openeo-edge/results")
      .setSubject("basic.alice")
      .sign(new TextEncoder().encode(TEST_TOKEN_SECRET));
    await expectError(await request(`${href.pathname}?token=${endless}`), 403, "PermissionsInsufficient");
    const [header, payload, signature] = token.split(".");
    const forged = btoa(JSON.stringify({ ...JSON.parse(atob(payload!.replace(/-/g, "+").replace(/_/g, "/"))), file: "process.json" })).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    await expectError(await request(`${href.pathname.replace("result.json", "process.json")}?token=${header}.${forged}.${signature}`), 403, "PermissionsInsufficient");
    await expectError(await request(`${href.pathname}?token=${token.slice(0, -2)}xx`), 403, "PermissionsInsufficient");
    // A genuine link names one file of one job.
    await expectError(await request(`${href.pathname.replace("result.json", "process.json")}?token=${token}`), 403, "PermissionsInsufficient");
    await expectError(await request(href.pathname), 400, "RequestInvalid");
  });

  it("expires the links of a run once the job runs again, though the new run's files bear the same names", async () => {
    const twoFiles = (x: number) => ({
      process_graph: {
        n: { process_id: "constant", arguments: { x } },
        a: { process_id: "save_result", arguments: { data: { from_node: "n" }, format: "JSON" } },
        b: { process_id: "save_result", arguments: { data: { from_node: "n" }, format: "JSON" }, result: true },
      },
    });
    const links = async (id: string) => {
      const collection = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Job;
      const item = collection.links.find((l: Job) => l.rel === "item");
      const file = item.title as string;
      return { file, asset: pathOf(collection.assets[file].href), item: pathOf(item.href), canonical: pathOf(collection.links.find((l: Job) => l.rel === "canonical").href) };
    };
    const id = await finishedJob(twoFiles(1));
    const first = await links(id);
    expect(await (await request(first.asset)).json()).toBe(1);
    expect((await call("PATCH", `/jobs/${id}`, { user: "alice", body: { process: twoFiles(2) } })).status).toBe(204);
    // The results record the process their run computed, not the one the job has since.
    const patched = (await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Job;
    expect(patched["processing:expression"]).toEqual({ format: "openeo", expression: twoFiles(1) });
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("finished");
    const second = await links(id);
    expect(second.file).toBe(first.file);
    await expectError(await request(first.asset), 410, "ResultLinkExpired");
    await expectError(await request(first.item), 410, "ResultLinkExpired");
    await expectError(await request(first.canonical), 410, "ResultLinkExpired");
    expect(await (await request(second.asset)).json()).toBe(2);
    expect(((await (await request(second.item)).json()) as Job).id).toBe(second.file);
    expect(((await (await request(second.canonical)).json()) as Job).type).toBe("Collection");
  });

  it("estimates the costs and size from the read plan, or answers EstimateComplexity", async () => {
    const id = await createJob({ process: NDVI_GTIFF });
    const res = await call("GET", `/jobs/${id}/estimate`, { user: "alice" });
    expect(res.status).toBe(200);
    const estimate = (await res.json()) as Job;
    // 8 x 16 px, 2 bands, 1 date, as float32.
    // A kilobyte reads in no time: the estimate is the queue's start, rounded up to a minute.
    expect(estimate).toMatchObject({ size: 8 * 16 * 2 * 4, duration: "PT1M", downloads_included: null });
    expect(estimate.costs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(estimate.expires)).toBeGreaterThan(Date.now());

    const extent = { process_id: "constant", arguments: { x: load.arguments.spatial_extent } };
    const computed = await createJob({ process: { process_graph: { extent, ...NDVI_GTIFF.process_graph, load: { ...load, arguments: { ...load.arguments, spatial_extent: { from_node: "extent" } } } } } });
    await expectError(await call("GET", `/jobs/${computed}/estimate`, { user: "alice" }), 500, "EstimateComplexity");
  });
});
