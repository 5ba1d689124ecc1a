/**
 * load_stac of this back-end's own batch job results: read from the JobDO and R2 (a Worker can't
 * fetch its own URLs), through the signed links anyone holding them may use, or the owner's plain
 * results URL.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, ORIGIN, request } from "../support/http";
import { call, finishedJob, pathOf, until, type Job, type User } from "../support/jobs";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";

const grid = utmGrid(24, 20);
const NDVI_JOB = {
  process_graph: {
    load: { process_id: "load_collection", arguments: { id: "results-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  },
};

async function pixels(bytes: Uint8Array): Promise<number[]> {
  const cog = await openCog(new MemoryByteSource(bytes));
  return [...(await readWindow(cog, 0, 0, { x: 0, y: 0, width: grid.width, height: grid.height }))];
}

/** POST /result of load_stac(url) saved as GTiff, by `user`. */
async function loadStac(url: string, user: User = "alice"): Promise<Response> {
  const graph = {
    load: { process_id: "load_stac", arguments: { url } },
    save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
  };
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs(user), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}

/** The GTiff of a successful answer; the openEO error otherwise. */
async function resultPixels(res: Response): Promise<number[]> {
  if (res.status !== 200) throw new Error(`POST /result answered ${res.status}: ${await res.text()}`);
  return pixels(new Uint8Array(await res.arrayBuffer()));
}

let jobId: string;
let results: Job;
let expected: number[];

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "results-scenes", [{ id: "R1", datetime: "2024-07-01T10:00:00Z", grid, cloud: 0, values: { B04: (x, y) => 1000 + 7 * x + y, B08: (x, y) => 3000 + x * y } }], [RED, NIR]);
  jobId = await finishedJob(NDVI_JOB);
  results = (await (await call("GET", `/jobs/${jobId}/results`, { user: "alice" })).json()) as Job;
  expected = await pixels(new Uint8Array(await (await request(pathOf(results.assets["result.tif"].href))).arrayBuffer()));
});

describe("load_stac of a batch job's results on this back-end", () => {
  it("reads the result through the signed canonical link, pixel for pixel", async () => {
    expect(await resultPixels(await loadStac(results.links.find((l: Job) => l.rel === "canonical").href))).toEqual(expected);
    expect(expected.some((v) => !Number.isNaN(v))).toBe(true);
  });

  it("reads the owner's plain results URL, and nobody else's", async () => {
    const url = `${ORIGIN}/v1/jobs/${jobId}/results`;
    expect(await resultPixels(await loadStac(url))).toEqual(expected);
    await expectError(await loadStac(url, "bob"), 404, "JobNotFound");
  });

  it("holds a signed link to anyone who has it, and refuses an altered one", async () => {
    const canonical = new URL(results.links.find((l: Job) => l.rel === "canonical").href);
    expect(await resultPixels(await loadStac(canonical.href, "bob"))).toEqual(expected);
    canonical.searchParams.set("token", `${canonical.searchParams.get("token")!.slice(0, -2)}xx`);
    await expectError(await loadStac(canonical.href), 403, "PermissionsInsufficient");
  });

  it("refuses a signed link of an earlier run once the job ran again, and reads the new run's", async () => {
    const id = await finishedJob(NDVI_JOB);
    const canonicalOf = async () => ((await (await call("GET", `/jobs/${id}/results`, { user: "alice" })).json()) as Job).links.find((l: Job) => l.rel === "canonical").href as string;
    const before = await canonicalOf();
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("finished");
    await expectError(await loadStac(before), 410, "ResultLinkExpired");
    expect(await resultPixels(await loadStac(await canonicalOf()))).toEqual(expected);
  });

  it("gives a job's results of several dates back as its time series: its bands, its dates as t, its exact grid", async () => {
    const days = ["2024-07-01", "2024-07-11", "2024-07-21"];
    const red = (i: number) => (x: number, y: number) => 1000 + 100 * i + x + 3 * y;
    await ingestCubeScenes(env.DATA, "results-series", days.map((day, i) => ({ id: `S${i}`, datetime: `${day}T10:00:00Z`, grid, cloud: 0, values: { B04: red(i), B08: () => 3000 } })), [RED, NIR]);
    // A 9 x 7 px window inside the scenes' grid, so a grid taken from the items' WGS84 boxes would be wider.
    const extent = { west: 500020, south: grid.bbox[3] - 90, east: 500110, north: grid.bbox[3] - 20, crs: 32633 };
    const series = await finishedJob({
      process_graph: {
        load: { process_id: "load_collection", arguments: { id: "results-series", spatial_extent: extent, temporal_extent: null, bands: ["B04"] } },
        save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
      },
    });
    const document = (await (await call("GET", `/jobs/${series}/results`, { user: "alice" })).json()) as Job;
    // One single-band file per date, its band named after the cube's band.
    expect(Object.keys(document.assets).sort()).toEqual(days.map((day) => `result-${day}.tif`));
    for (const asset of Object.values(document.assets) as Job[]) expect(asset["eo:bands"]).toEqual([{ name: "B04" }]);
    const canonical = document.links.find((l: Job) => l.rel === "canonical").href;
    const load = { process_id: "load_stac", arguments: { url: canonical } };
    const labels = async (dimension: string) => {
      const asked = { load, labels: { process_id: "dimension_labels", arguments: { data: { from_node: "load" }, dimension }, result: true } };
      const res = await request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: asked } }) });
      expect(res.status, await res.clone().text()).toBe(200);
      return res.json();
    };
    expect(await labels("t")).toEqual(days.map((day) => `${day}T00:00:00Z`));
    expect(await labels("bands")).toEqual(["B04"]);
    // Every date's file read back onto the job's grid, pixel for pixel: 9 x 7 px from (500020, top - 20).
    const cog = await openCog(new MemoryByteSource(new Uint8Array(await (await loadStac(canonical)).arrayBuffer())));
    expect(cog.header.grid).toEqual({ crs: "EPSG:32633", bbox: [500020, grid.bbox[3] - 90, 500110, grid.bbox[3] - 20], width: 9, height: 7 });
    for (const [i] of days.entries()) {
      const values = await readWindow(cog, 0, i, { x: 0, y: 0, width: 9, height: 7 });
      // Band i is date i; load_collection read pixel (x + 2, y + 2) of the scene there.
      expect(Array.from(values)).toEqual(Array.from({ length: 63 }, (_, p) => red(i)((p % 9) + 2, Math.floor(p / 9) + 2)));
    }
  });

  it("gives an NDVI series (no bands dimension) of the whole scenes back on the job's exact grid", async () => {
    const days = ["2024-08-01", "2024-08-02"];
    await ingestCubeScenes(env.DATA, "results-ndvi-series", days.map((day, i) => ({ id: `N${i}`, datetime: `${day}T10:00:00Z`, grid, cloud: 0, values: { B04: (x) => 1000 + 50 * i + x, B08: (_, y) => 3000 + y } })), [RED, NIR]);
    const series = await finishedJob({
      process_graph: {
        load: { process_id: "load_collection", arguments: { id: "results-ndvi-series", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
        ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
        save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
      },
    });
    const document = (await (await call("GET", `/jobs/${series}/results`, { user: "alice" })).json()) as Job;
    expect(Object.keys(document.assets).sort()).toEqual(days.map((day) => `result-${day}.tif`));
    const canonical = document.links.find((l: Job) => l.rel === "canonical").href;
    const cog = await openCog(new MemoryByteSource(new Uint8Array(await (await loadStac(canonical)).arrayBuffer())));
    expect(cog.header.grid).toEqual(grid);
    // The second date at (5, 9): reflectances are DN x scale + offset.
    const [red, nir] = [(1000 + 50 + 5) * RED.scale + RED.offset, (3000 + 9) * NIR.scale + NIR.offset];
    const values = await readWindow(cog, 0, 1, { x: 5, y: 9, width: 1, height: 1 });
    expect(values[0]).toBeCloseTo((nir - red) / (nir + red), 6);
  });
});
