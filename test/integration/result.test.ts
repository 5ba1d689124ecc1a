import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { expectStatistics, fileStatistics, recomputed } from "../support/gdal-statistics";
import { MemoryByteSource } from "../support/memory-byte-source";
import { utmGrid } from "../support/raster-fixtures";

const f = Math.fround;
const scaled = (dn: number) => f(dn * 0.0001 - 0.1);

// One date, 32 x 32 px (UTM 33N, 10 m, top-left 500000/5000000); red DN 1000 + x + 10 y, nir 3000 + 3x.
const red = (x: number, y: number) => 1000 + x + 10 * y;
const nir = (x: number) => 3000 + 3 * x;
const SCENES = [{ id: "R1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(32, 32), cloud: 0, values: { B04: red, B08: nir } }];

const load = { process_id: "load_collection", arguments: { id: "result-scenes", spatial_extent: { west: 500000, south: 4999840, east: 500080, north: 5000000, crs: 32633 }, temporal_extent: null, bands: ["B04", "B08"] } };
const ndviGraph = (save?: Record<string, unknown>) => ({
  load,
  ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, ...(save ? {} : { result: true }) },
  ...(save ? { save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, ...save }, result: true } } : {}),
});

async function post(body: unknown, user: "alice" | "bob" = "alice"): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs(user), "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "result-scenes", SCENES, [RED, NIR]);
});

describe("POST /result", () => {
  it("answers the NDVI of the extent as a COG with the headers of a synchronous result", async () => {
    // The free plan, as clients name it, is accepted.
    const res = await post({ process: { process_graph: ndviGraph({ format: "GTiff" }) }, plan: "free" });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/tiff; application=geotiff; profile=cloud-optimized");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="result.tif"');
    expect(Number(res.headers.get("OpenEO-Costs"))).toBeGreaterThanOrEqual(0);
    expect(res.headers.get("Link")).toMatch(/^<https:\/\/openeo\.example\.test\/v1\/logs\/[\w-]+>; rel="monitor"$/);
    headerCache.clear();
    const bytes = new Uint8Array(await res.arrayBuffer());
    const cog = await openCog(new MemoryByteSource(bytes));
    // The extent covers 8 x 16 px from the top-left corner.
    expect(cog.header.grid).toEqual({ crs: "EPSG:32633", bbox: [500000, 4999840, 500080, 5000000], width: 8, height: 16 });
    const values = await readWindow(cog, 0, 0, { x: 0, y: 0, width: 8, height: 16 });
    for (const [x, y] of [[0, 0], [7, 0], [3, 15]] as const) {
      const n = scaled(nir(x));
      const r = scaled(red(x, y));
      expect(values[y * 8 + x]).toBeCloseTo((n - r) / (n + r), 6);
    }
    // GDAL's statistics, which viewers stretch by, are those of the pixels.
    expectStatistics(fileStatistics(bytes).get(0), recomputed(values));
  });

  it("writes values the graph didn't change in their source's type, with its scale and offset", async () => {
    const res = await post({ process: { process_graph: { load, save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true } } } });
    const bytes = new Uint8Array(await res.arrayBuffer());
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(bytes));
    expect([cog.header.dataType, cog.header.nodata]).toEqual(["uint16", 0]);
    // Band 0 is B04 (red DN), band 1 B08 (nir DN), as stored in the source files.
    expect(Array.from(await readWindow(cog, 0, 0, { x: 0, y: 3, width: 3, height: 1 }))).toEqual([red(0, 3), red(1, 3), red(2, 3)]);
    expect(Array.from(await readWindow(cog, 0, 1, { x: 5, y: 0, width: 1, height: 1 }))).toEqual([nir(5)]);
    const metadata = new TextDecoder().decode(bytes.subarray(0, 4096));
    expect(metadata).toContain('<Item name="OFFSET" sample="1" role="offset">-0.1</Item><Item name="SCALE" sample="1" role="scale">0.0001</Item>');
    // Statistics of the stored numbers, without the nodata value, as gdalinfo -stats computes them.
    for (const b of [0, 1]) expectStatistics(fileStatistics(bytes).get(b), recomputed(await readWindow(cog, 0, b, { x: 0, y: 0, width: 8, height: 16 }), 0));
  });

  it("sends a PNG while it is encoded, without a Content-Length", async () => {
    const res = await post({ process: { process_graph: ndviGraph({ format: "PNG", options: { min: -1, max: 1 } }) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    expect(res.headers.get("Content-Length")).toBeNull();
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(new TextDecoder().decode(bytes.subarray(bytes.length - 8, bytes.length - 4))).toBe("IEND");
  });

  it("keeps the run's log behind the monitor link, for its user only, stored by the time the result has arrived", async () => {
    const res = await post({ process: { process_graph: ndviGraph() }, log_level: "info" });
    expect(res.status).toBe(200);
    // The log is stored while the result is sent: whoever has the whole result can read it.
    await res.arrayBuffer();
    const link = /^<https:\/\/openeo\.example\.test(\/v1\/logs\/[\w-]+)>/.exec(res.headers.get("Link")!)![1]!;
    const own = await request(link, { headers: { Authorization: await loginAs("alice") } });
    const body = (await own.json()) as { level: string; logs: { level: string; message: string }[] };
    expect(body.level).toBe("info");
    expect(body.logs.at(-1)!.message).toMatch(/^Result: result\.tif, \d+ bytes; \d+ bytes of source data read/);
    await expectError(await request(link, { headers: { Authorization: await loginAs("bob") } }), 404, "LogNotFound");
  });

  it("finds no log for an id that is not one (too long for a storage key, or of other characters)", async () => {
    for (const id of ["a".repeat(1100), "not-a-log-id", crypto.randomUUID().toUpperCase()]) {
      await expectError(await request(`/v1/logs/${id}`, { headers: { Authorization: await loginAs("alice") } }), 404, "LogNotFound");
    }
  });

  it("delivers a cube without save_result as GTiff and other values as JSON", async () => {
    const cube = await post({ process: { process_graph: ndviGraph() } });
    expect(cube.headers.get("Content-Type")).toMatch(/^image\/tiff/);
    const labels = await post({ process: { process_graph: { l: { process_id: "dimension_labels", arguments: { data: { from_node: "load" }, dimension: "bands" } }, load, } } });
    expect(labels.status).toBe(400); // No result node: the graph is invalid.
    const json = await post({ process: { process_graph: { load, l: { process_id: "dimension_labels", arguments: { data: { from_node: "load" }, dimension: "bands" }, result: true } } } });
    expect(json.headers.get("Content-Type")).toBe("application/json");
    expect(await json.json()).toEqual(["B04", "B08"]);
  });

  it("renames the dates of t to labels that are not dates, as rename_labels allows", async () => {
    const graph = {
      load,
      rename: { process_id: "rename_labels", arguments: { data: { from_node: "load" }, dimension: "t", source: ["2024-07-01T00:00:00Z"], target: ["summer"] } },
      labels: { process_id: "dimension_labels", arguments: { data: { from_node: "rename" }, dimension: "t" }, result: true },
    };
    const res = await post({ process: { process_graph: graph } });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual(["summer"]);
  });

  it("packs several save_result files into a tar archive with a STAC Item", async () => {
    const graph = { ...ndviGraph({ format: "GTiff" }), json: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "JSON" } } };
    const res = await post({ process: { process_graph: graph } });
    expect(res.headers.get("Content-Type")).toBe("application/x-tar");
    const tar = new Uint8Array(await res.arrayBuffer());
    const names: string[] = [];
    for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
      const name = new TextDecoder().decode(tar.subarray(at, at + 100)).replace(/\0.*$/s, "");
      const size = parseInt(new TextDecoder().decode(tar.subarray(at + 124, at + 135)), 8);
      names.push(name);
      if (name === "item.json") {
        const item = JSON.parse(new TextDecoder().decode(tar.subarray(at + 512, at + 512 + size)));
        expect(Object.keys(item.assets).sort()).toEqual(["result.json", "result.tif"]);
      }
      at += 512 + Math.ceil(size / 512) * 512;
    }
    expect(names).toEqual(["result.tif", "result.json", "item.json"]);
  });

  it("answers bad requests with openEO errors", async () => {
    await expectError(await request("/v1/result", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }), 401, "AuthenticationRequired");
    await expectError(await post({ process: {} }), 400, "ProcessGraphMissing");
    await expectError(await post({ process: { process_graph: ndviGraph({ format: "BMP" }) } }), 400, "ProcessParameterInvalid");
    await expectError(await post({ process: { process_graph: ndviGraph() }, plan: "gold" }), 400, "BillingPlanInvalid");
    await expectError(await post({ process: { process_graph: { ...ndviGraph(), ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true }, load: { ...load, arguments: { ...load.arguments, id: "nope" } } } } }), 404, "CollectionNotFound");
    const outside = { ...load, arguments: { ...load.arguments, temporal_extent: ["2020-01-01", "2020-02-01"] } };
    await expectError(await post({ process: { process_graph: { ...ndviGraph(), load: outside } } }), 400, "NoDataAvailable");
  });
});
