/**
 * Sentinel Hub's Batch Processing API: tiling grids; a request over a fixture that spans four
 * tiles of the 10 km UTM grid, analysed, started on the real queue, its tiles' COGs read back from
 * the caller's files and assembled, equal pixel for pixel to the same request computed at once by
 * the Process API, and both equal to NDVI recomputed from the fixture's digital numbers; the STAC
 * Collection and Items; cancel through a queue played by the test; bad requests.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { jobStub, readJob } from "../../src/jobs/job-store";
import { queueRun } from "../../src/jobs/queue-run";
import type { BatchMessage } from "../../src/jobs/messages";
import { pointTransform } from "../../src/raster/crs";
import { headerCache } from "../../src/raster/header-cache";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { request } from "../support/http";
import { call, expectShError, json } from "../support/sentinel-hub-http";
import { MemoryByteSource } from "../support/memory-byte-source";
import { API_BASE, playedQueue } from "../support/played-queue";

const band = (key: string, common: string, wavelength: number): FixtureBand => ({ key, common, wavelength, scale: 0.0001, offset: 0 });
const BANDS = [band("B04", "red", 0.665), band("B08", "nir", 0.842)];
/** 64 x 64 px of 25 m around the corner of four 10 km tiles (x 500 km, y 5000 km in UTM 33N)... */
const FIXTURE: [number, number, number, number] = [499200, 4999200, 500800, 5000800];
/** ...and the request's area within it, 200 m in from each side: the data around it must not reach the tiles. */
const AREA: [number, number, number, number] = [499400, 4999400, 500600, 5000600];
const SIDE = 64;
const dn = (key: string, x: number, y: number) => ({ B04: 900, B08: 2600 }[key]! + (key === "B04" ? 7 * x + 3 * y : 5 * x + 11 * y));
const SCENE = { id: "B1", datetime: "2024-07-01T10:00:00Z", grid: { crs: "EPSG:32633", bbox: FIXTURE, width: SIDE, height: SIDE }, cloud: 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, x, y)])) };

const EVALSCRIPT = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08'], output: [{ id: 'ndvi', bands: 1, sampleType: 'FLOAT32' }, { id: 'red', bands: 1, sampleType: 'UINT16' }] };",
  "}",
  "function evaluatePixel(s) {",
  "  return { ndvi: [(s.B08 - s.B04) / (s.B08 + s.B04)], red: [s.B04 * 10000] };",
  "}",
].join("\n");

const CRS = { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" };
const processRequest = (responses: unknown[] = [{ identifier: "ndvi", format: { type: "image/tiff" } }, { identifier: "red", format: { type: "image/tiff" } }]) => ({
  input: { bounds: { bbox: AREA, properties: CRS }, data: [{ type: "byoc-sh-batch", dataFilter: { timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-01T23:59:59Z" } } }] },
  output: { responses },
  evalscript: EVALSCRIPT,
});
const batchBody = (overrides: Record<string, unknown> = {}) => ({
  processRequest: processRequest(),
  tilingGrid: { id: 1, resolution: 50 },
  output: { defaultTilePath: "s3://my-bucket/batch/<requestId>/<tileName>/<outputId>.<format>" },
  description: "NDVI over the corner",
  ...overrides,
});


async function cog(bytes: ArrayBuffer, width: number) {
  headerCache.clear();
  const file = await openCog(new MemoryByteSource(new Uint8Array(bytes)));
  return { grid: file.header.grid, values: await readWindow(file, 0, 0, { x: 0, y: 0, width, height: file.header.grid.height }) };
}

async function until(id: string, statuses: string[]): Promise<Record<string, any>> {
  for (let i = 0; i < 300; i++) {
    const view = await json(await call("GET", `/api/v1/batch/process/${id}`));
    if (statuses.includes(view.status)) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`batch request ${id} did not reach ${statuses.join(" or ")}`);
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "sh-batch", [SCENE], BANDS);
});

describe("GET /api/v1/batch/tilinggrids", () => {
  it("lists the grids in Sentinel Hub's shape, pages them, and answers one by id", async () => {
    const all = await json<{ data: { id: number; name: string; properties: Record<string, unknown> }[]; links: Record<string, unknown> }>(await call("GET", "/api/v1/batch/tilinggrids"));
    expect(all.data.map((g) => g.id)).toEqual([0, 1, 2, 3]);
    expect(all.data[1]).toEqual({ id: 1, name: "10km grid", properties: { tileWidth: 10000, tileHeight: 10000, resolutions: [10, 20, 50], unit: "METRE" } });
    expect(all.data[3]!.properties.unit).toBe("DEGREE");
    const first = await json<{ data: unknown[]; links: { nextToken: string; next: string } }>(await call("GET", "/api/v1/batch/tilinggrids?count=3"));
    expect(first.data).toHaveLength(3);
    const rest = await json<{ data: { id: number }[]; links: Record<string, unknown> }>(await call("GET", new URL(first.links.next).pathname + new URL(first.links.next).search));
    expect([rest.data.map((g) => g.id), rest.links.nextToken]).toEqual([[3], undefined]);
    expect(await json(await call("GET", "/api/v1/batch/tilinggrids/2"))).toMatchObject({ id: 2, properties: { tileWidth: 100080, resolutions: [60, 120, 240, 360] } });
    await expectShError(await call("GET", "/api/v1/batch/tilinggrids/9"), 404, /tiling grid '9'/);
    await expectShError(await request("/api/v1/batch/tilinggrids"), 401, /./);
  });
});

describe("POST /api/v1/batch/process", () => {
  it("analyses, processes every tile on the queue, and writes COGs equal to the same request computed at once, and a STAC collection", async () => {
    const created = await json(await call("POST", "/api/v1/batch/process", batchBody()), 201);
    const id = created.id as string;
    expect(created).toMatchObject({ status: "CREATED", userAction: "NONE", tilingGrid: { id: 1, resolution: 50, bufferX: 0, bufferY: 0 }, description: "NDVI over the corner", processRequest: processRequest() });
    expect(created.tileCount).toBeUndefined();
    const tilesBefore = await json(await call("GET", `/api/v1/batch/process/${id}/tiles`));
    expect(tilesBefore.data.map((t: { tileName: string; status: string }) => [t.tileName, t.status])).toEqual([["33N_49_499", "PENDING"], ["33N_50_499", "PENDING"], ["33N_49_500", "PENDING"], ["33N_50_500", "PENDING"]]);
    expect(tilesBefore.data[3]).toMatchObject({ requestId: id, origin: { type: "Point", coordinates: [500000, 5000000], crs: { properties: { name: "urn:ogc:def:crs:EPSG::32633" } } } });

    expect((await call("POST", `/api/v1/batch/process/${id}/analyse`)).status).toBe(204);
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ status: "ANALYSIS_DONE", userAction: "ANALYSE", tileCount: 4, tileWidthPx: 200, tileHeightPx: 200 });
    expect((await call("POST", `/api/v1/batch/process/${id}/start`)).status).toBe(204);
    const done = await until(id, ["DONE", "FAILED"]);
    expect(done, JSON.stringify(done)).toMatchObject({ status: "DONE", userAction: "START" });
    const tiles = await json(await call("GET", `/api/v1/batch/process/${id}/tiles?status=PROCESSED`));
    expect(tiles.data).toHaveLength(4);
    await expectShError(await call("POST", `/api/v1/batch/process/${id}/start`), 400, /DONE/);
    await expectShError(await call("POST", `/api/v1/batch/process/${id}/cancel`), 400, /DONE/);

    // The four tiles side by side: 400 x 400 px of 50 m from (490 km, 5010 km).
    const mosaic = { ndvi: new Float32Array(400 * 400), red: new Uint16Array(400 * 400) };
    for (const [i, j] of [[49, 499], [50, 499], [49, 500], [50, 500]] as const) {
      for (const output of ["ndvi", "red"] as const) {
        const res = await call("GET", `/v1/files/batch/${id}/33N_${i}_${j}/${output}.tif`);
        expect(res.status).toBe(200);
        const tile = await cog(await res.arrayBuffer(), 200);
        expect(tile.grid).toEqual({ crs: "EPSG:32633", bbox: [i * 10000, j * 10000, (i + 1) * 10000, (j + 1) * 10000], width: 200, height: 200 });
        const [left, top] = [(i - 49) * 200, (500 - j) * 200];
        for (let y = 0; y < 200; y++) mosaic[output].set(tile.values.subarray(y * 200, (y + 1) * 200) as never, (top + y) * 400 + left);
      }
    }
    // The same request at once: the area at 50 m, 24 x 24 px, lies at columns and rows 188-211 of the mosaic.
    const sync = await call("POST", "/api/v1/process", { ...processRequest([{ identifier: "ndvi", format: { type: "image/tiff" } }]), output: { resx: 50, resy: 50, responses: [{ identifier: "ndvi", format: { type: "image/tiff" } }] } });
    expect(sync.status).toBe(200);
    const whole = await cog(await sync.arrayBuffer(), 24);
    expect(whole.grid.bbox).toEqual(AREA);
    const f32 = Math.fround;
    for (let y = 0; y < 400; y++) {
      for (let x = 0; x < 400; x++) {
        const inside = x >= 188 && x < 212 && y >= 188 && y < 212;
        const value = mosaic.ndvi[y * 400 + x]!;
        if (!inside) {
          expect(value, `(${x}, ${y}) outside the area`).toBeNaN();
          continue;
        }
        expect(Object.is(value, whole.values[(y - 188) * 24 + (x - 188)]), `(${x}, ${y}) as at once`).toBe(true);
        // Nearest: the 25 m source pixel under the 50 m pixel's centre.
        const [sx, sy] = [Math.floor((490000 + x * 50 + 25 - FIXTURE[0]) / 25), Math.floor((FIXTURE[3] - (5010000 - y * 50 - 25)) / 25)];
        const [r, n] = [f32(dn("B04", sx, sy) * 0.0001), f32(dn("B08", sx, sy) * 0.0001)];
        expect(value).toBeCloseTo((n - r) / (n + r), 6);
        expect(mosaic.red[y * 400 + x]).toBe(dn("B04", sx, sy));
      }
    }

    const collection = await json(await call("GET", `/v1/files/batch/${id}/collection.json`));
    expect(collection).toMatchObject({ type: "Collection", id, description: "NDVI over the corner", extent: { temporal: { interval: [["2024-07-01T00:00:00Z", "2024-07-01T23:59:59Z"]] } } });
    expect(collection.links.filter((l: { rel: string }) => l.rel === "item").map((l: { href: string }) => l.href)).toEqual(["./items/33N_49_499.json", "./items/33N_50_499.json", "./items/33N_49_500.json", "./items/33N_50_500.json"]);
    const item = await json(await call("GET", `/v1/files/batch/${id}/items/33N_50_500.json`));
    expect(item).toMatchObject({ type: "Feature", id: "33N_50_500", collection: id, properties: { "proj:code": "EPSG:32633", "proj:bbox": [500000, 5000000, 510000, 5010000], "proj:shape": [200, 200] } });
    expect(item.assets.ndvi.href).toBe(`https://openeo.example.test/v1/files/batch/${id}/33N_50_500/ndvi.tif`);

    const listed = await json(await call("GET", "/api/v1/batch/process"));
    expect(listed.data.map((r: { id: string }) => r.id)).toContain(id);
    expect((await json(await call("GET", "/api/v1/batch/process", undefined, "bob"))).data.map((r: { id: string }) => r.id)).not.toContain(id);
  });

  it("writes WGS84 1-degree cells reprojected from the UTM data, each pixel in the area the source pixel under its centre", async () => {
    const body = batchBody({ processRequest: processRequest([{ identifier: "ndvi", format: { type: "image/tiff" } }]), tilingGrid: { id: 3, resolution: 0.002 }, output: { defaultTilePath: "s3://b/wgs84/<tileName>.tif" } });
    const { id } = await json(await call("POST", "/api/v1/batch/process", body), 201);
    expect((await call("POST", `/api/v1/batch/process/${id}/start`)).status).toBe(204);
    expect((await until(id, ["DONE", "FAILED"])).status).toBe("DONE");
    // Easting 500 km of zone 33 is its central meridian, 15°E: the area lies in two cells.
    const tiles = await json(await call("GET", `/api/v1/batch/process/${id}/tiles`));
    expect(tiles.data.map((t: { tileName: string }) => t.tileName)).toEqual(["N45E014", "N45E015"]);
    const toUtm = pointTransform("EPSG:4326", "EPSG:32633");
    const f32 = Math.fround;
    let inside = 0;
    for (const west of [14, 15]) {
      const res = await call("GET", `/v1/files/wgs84/N45E0${west}.tif`);
      expect(res.status).toBe(200);
      const tile = await cog(await res.arrayBuffer(), 500);
      expect(tile.grid).toEqual({ crs: "EPSG:4326", bbox: [west, 45, west + 1, 46], width: 500, height: 500 });
      for (let row = 0; row < 500; row++) {
        for (let col = 0; col < 500; col++) {
          const [x, y] = toUtm(west + (col + 0.5) * 0.002, 46 - (row + 0.5) * 0.002);
          const value = tile.values[row * 500 + col]!;
          // Centres within a metre of the area's edges could fall either way: the clip's edges are densified, not curved.
          const margin = Math.min(x - AREA[0], AREA[2] - x, y - AREA[1], AREA[3] - y);
          if (Math.abs(margin) < 1) continue;
          if (margin < 0) {
            expect(value, `(${col}, ${row}) outside the area`).toBeNaN();
            continue;
          }
          // The warp maps centres with GDAL's approximate transform (within 0.125 source pixels): centres that close to a source pixel's edge could fall either way.
          const [fx, fy] = [(x - FIXTURE[0]) / 25, (FIXTURE[3] - y) / 25];
          if ([fx, fy].some((f) => Math.abs(f - Math.round(f)) < 0.13)) continue;
          inside++;
          const [sx, sy] = [Math.floor(fx), Math.floor(fy)];
          const [r, n] = [f32(dn("B04", sx, sy) * 0.0001), f32(dn("B08", sx, sy) * 0.0001)];
          expect(value, `(${col}, ${row}) of N45E0${west}`).toBeCloseTo((n - r) / (n + r), 6);
        }
      }
    }
    // 1.2 km x 1.2 km in cells of about 157 x 222 m at 45°N: about 40 centres, a dozen clear of the source pixels' edges
    // (0.002° of latitude is nearly 9 source rows, so whole rows of centres stay close to an edge).
    expect(inside).toBeGreaterThanOrEqual(10);
  });

  it("cancels a request being processed: tiles in stay processed, the rest are dropped when their messages come", async () => {
    const { id } = await json(await call("POST", "/api/v1/batch/process", batchBody({ bucketName: "b", output: undefined })), 201);
    const { deliver, take } = playedQueue();
    const started = await jobStub(env, id).start();
    expect((await call("GET", `/api/v1/batch/process/${id}`)).status).toBe(200);
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const chunks = take() as Extract<BatchMessage, { kind: "job.chunk" }>[];
    expect(chunks.map((m) => [m.kind, m.index, m.window?.width])).toEqual([0, 1, 2, 3].map((i) => ["job.chunk", i, 200]));
    expect(await deliver(chunks[3]!)).toBe("ack");
    expect((await json(await call("GET", `/api/v1/batch/process/${id}`))).status).toBe("PROCESSING");
    expect((await call("POST", `/api/v1/batch/process/${id}/cancel`)).status).toBe(204);
    expect(await deliver(chunks[0]!)).toBe("ack");
    expect(take()).toEqual([]);
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ status: "CANCELED", userAction: "CANCEL" });
    const tiles = await json(await call("GET", `/api/v1/batch/process/${id}/tiles`));
    expect(tiles.data.map((t: { status: string }) => t.status)).toEqual(["PENDING", "PENDING", "PENDING", "PROCESSED"]);
    // bucketName: <requestId>/<tileName>/<outputId>.<format> at the bucket's root.
    expect((await call("GET", `/v1/files/${id}/33N_50_500/ndvi.tif`)).status).toBe(200);
    expect((await call("GET", `/v1/files/${id}/33N_49_499/ndvi.tif`)).status).toBe(404);
    const one = await json(await call("GET", `/api/v1/batch/process/${id}/tiles/${tiles.data[3].id}`));
    expect(one).toMatchObject({ tileName: "33N_50_500", status: "PROCESSED" });
    await expectShError(await call("GET", `/api/v1/batch/process/${id}/tiles/12345`), 404, /no tile/);
    await expectShError(await call("DELETE", `/api/v1/batch/process/${id}`), 400, /processed tiles/);
  });

  it("keeps openEO's job endpoints from creating, changing, starting, canceling or deleting batch requests, and lists a request whose body no longer parses", async () => {
    const openeo = (method: string, path: string, body?: unknown) => call(method, `/v1/jobs${path}`, body);
    const process = { process_graph: { a: { process_id: "add", arguments: { x: 1, y: 2 }, result: true } } };
    const forged = await openeo("POST", "", { title: "Sentinel Hub batch request", process, sentinel_hub: { api: "batch", body: batchBody() } });
    expect([forged.status, ((await forged.json()) as { code: string }).code]).toEqual([400, "RequestInvalid"]);

    const { id } = await json(await call("POST", "/api/v1/batch/process", batchBody()), 201);
    for (const [method, path, body] of [["PATCH", `/${id}`, { title: "renamed" }], ["POST", `/${id}/results`], ["DELETE", `/${id}/results`], ["DELETE", `/${id}`]] as const) {
      const res = await openeo(method, path, body);
      expect([method, path, res.status], await res.clone().text()).toEqual([method, path, 400]);
      expect(((await res.json()) as { message: string }).message).toMatch(/\/api\/v1\/batch\/process/);
    }
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ status: "CREATED", userAction: "NONE" });
    expect((await json(await call("GET", "/api/v1/batch/process"))).data.map((r: { id: string }) => r.id)).toContain(id);

    // A body accepted once and refused by a later check is shown as stored, with the reason, and can be deleted.
    const stub = jobStub(env, id);
    const stored = (await readJob(stub))!.extra.sentinel_hub;
    expect(await stub.update({ extra: { sentinel_hub: { ...stored, body: { ...stored.body, tilingGrid: { id: 9, resolution: 1 } } } } })).toBe("updated");
    const listed = await json(await call("GET", "/api/v1/batch/process"));
    expect(listed.data.find((r: { id: string }) => r.id === id)).toMatchObject({ status: "CREATED", tilingGrid: { id: 9, resolution: 1 }, error: expect.stringMatching(/tilingGrid\.id/) });
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ error: expect.stringMatching(/no longer valid/) });
    expect((await call("DELETE", `/api/v1/batch/process/${id}`)).status).toBe(204);
  });

  it("a tile whose script fails fails alone: the request ends PARTIAL, FAILED when every tile failed, and tiles never run stay PENDING", async () => {
    // Throws where the fixture's pixel (recovered from its digital numbers) lies east and south of (500 km, 5000 km): tile 33N_50_499 only.
    const failing = (condition: string) => EVALSCRIPT.replace("function evaluatePixel(s) {", `function evaluatePixel(s) {\n  const a = Math.round(s.B04 * 10000) - 900, b = Math.round(s.B08 * 10000) - 2600;\n  if (${condition}) throw new Error('a bad pixel');`);
    const withScript = (evalscript: string) => batchBody({ processRequest: { ...processRequest(), evalscript } });
    const partial = await json(await call("POST", "/api/v1/batch/process", withScript(failing("(11 * a - 3 * b) / 62 >= 32 && (7 * b - 5 * a) / 62 >= 32"))), 201);
    expect((await call("POST", `/api/v1/batch/process/${partial.id}/start`)).status).toBe(204);
    expect((await until(partial.id, ["DONE", "PARTIAL", "FAILED"])).status).toBe("PARTIAL");
    const tiles = await json(await call("GET", `/api/v1/batch/process/${partial.id}/tiles`));
    expect(tiles.data.map((t: { tileName: string; status: string }) => [t.tileName, t.status])).toEqual([["33N_49_499", "PROCESSED"], ["33N_50_499", "FAILED"], ["33N_49_500", "PROCESSED"], ["33N_50_500", "PROCESSED"]]);
    const collection = await json(await call("GET", `/v1/files/batch/${partial.id}/collection.json`));
    expect(collection.links.filter((l: { rel: string }) => l.rel === "item").map((l: { href: string }) => l.href)).toEqual(["./items/33N_49_499.json", "./items/33N_49_500.json", "./items/33N_50_500.json"]);
    const logs = (await json(await call("GET", `/v1/jobs/${partial.id}/logs?level=error`))).logs as { message: string }[];
    expect(logs.map((l) => l.message)).toEqual([expect.stringMatching(/^Tile 33N_50_499 failed: .*a bad pixel/)]);

    const all = await json(await call("POST", "/api/v1/batch/process", withScript(failing("a > -10000"))), 201);
    expect((await call("POST", `/api/v1/batch/process/${all.id}/start`)).status).toBe(204);
    expect(await until(all.id, ["DONE", "PARTIAL", "FAILED"])).toMatchObject({ status: "FAILED", error: expect.stringMatching(/Every tile failed \(4\)/) });
    expect((await json(await call("GET", `/api/v1/batch/process/${all.id}/tiles`))).data.map((t: { status: string }) => t.status)).toEqual(["FAILED", "FAILED", "FAILED", "FAILED"]);

    // A request that failed as a whole (a tile's message given up) before its other tiles ran: those stay PENDING.
    const { id } = await json(await call("POST", "/api/v1/batch/process", withScript(failing("(11 * a - 3 * b) / 62 >= 32 && (7 * b - 5 * a) / 62 >= 32"))), 201);
    const { deliver, take } = playedQueue();
    const started = await jobStub(env, id).start();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    const chunks = take() as Extract<BatchMessage, { kind: "job.chunk" }>[];
    expect(await deliver(chunks[1]!)).toBe("ack");
    expect(await deliver(chunks[0]!, 4, "openeo-batch-dlq")).toBe("ack");
    expect((await json(await call("GET", `/api/v1/batch/process/${id}`))).status).toBe("FAILED");
    expect((await json(await call("GET", `/api/v1/batch/process/${id}/tiles`))).data.map((t: { status: string }) => t.status)).toEqual(["PENDING", "FAILED", "PENDING", "PENDING"]);
  });

  it("a start whose queue message can't be sent leaves the request as it was, and it can be started again", async () => {
    const { id } = await json(await call("POST", "/api/v1/batch/process", batchBody()), 201);
    const failing = { ...env, BATCH_QUEUE: { send: async () => Promise.reject(new Error("queue unavailable")) } } as unknown as typeof env;
    await expect(queueRun(failing, { id, user_id: "basic.alice" }, API_BASE)).rejects.toThrow(/queue unavailable/);
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ status: "CREATED", userAction: "NONE" });
    const { deliver } = playedQueue();
    expect(await queueRun({ ...env, BATCH_QUEUE: { send: async (body: BatchMessage) => void (await deliver(body)) } } as unknown as typeof env, { id, user_id: "basic.alice" }, API_BASE)).toBe(true);
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ status: "PROCESSING", tileCount: 4 });
  });

  it("two concurrent starts queue one run: the other is refused", async () => {
    const { id } = await json(await call("POST", "/api/v1/batch/process", batchBody()), 201);
    const starts = await Promise.all([0, 1].map(() => call("POST", `/api/v1/batch/process/${id}/start`)));
    expect(starts.map((r) => r.status).sort()).toEqual([204, 400]);
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ userAction: "START" });
    expect((await until(id, ["DONE", "FAILED", "PARTIAL"])).status).toBe("DONE");
  });

  it("ignores processRequest.output's size and resolution: each tile's come from the grid", async () => {
    // 0.1 m over the 1.2 km area would be 12,000 px a side, beyond what one Process API request may have.
    const sized = { ...processRequest(), output: { ...processRequest().output, resx: 0.1, resy: 0.1 } };
    const { id } = await json(await call("POST", "/api/v1/batch/process", batchBody({ processRequest: sized })), 201);
    expect((await call("POST", `/api/v1/batch/process/${id}/analyse`)).status).toBe(204);
    expect(await json(await call("GET", `/api/v1/batch/process/${id}`))).toMatchObject({ processRequest: sized, tileCount: 4, tileWidthPx: 200 });
    // The analysis is recorded, so that views don't list the tiles again.
    expect((await readJob(jobStub(env, id)))!.extra.sentinel_hub).toMatchObject({ analysed: true, tileCount: 4, userAction: "ANALYSE" });
    expect((await call("POST", "/api/v1/batch/process", batchBody({ processRequest: { ...processRequest(), output: { ...processRequest().output, width: 100000, height: 3 } } }))).status).toBe(201);
  });

  it("refuses bad requests before accepting them, in Sentinel Hub's error shape", async () => {
    const post = (body: unknown) => call("POST", "/api/v1/batch/process", body);
    await expectShError(await post(batchBody({ tilingGrid: { id: 7, resolution: 10 } })), 400, /tilingGrid\.id/);
    await expectShError(await post(batchBody({ tilingGrid: { id: 1, resolution: 60 } })), 400, /10, 20, 50/);
    await expectShError(await post(batchBody({ tilingGrid: { id: 1, resolution: 10, bufferX: 1000 } })), 400, /bufferX/);
    await expectShError(await post(batchBody({ tilingGrid: { id: 3, resolution: 0.001 }, processRequest: { ...processRequest(), input: { ...processRequest().input, bounds: { bbox: [0, 0, 30, 30] } } } })), 400, /900 tiles/);
    await expectShError(await post(batchBody({ output: undefined })), 400, /defaultTilePath or bucketName/);
    await expectShError(await post(batchBody({ output: { defaultTilePath: "s3://b/out.tif" } })), 400, /<tileName>/);
    await expectShError(await post(batchBody({ processRequest: processRequest([{ identifier: "ndvi", format: { type: "image/png" } }]) })), 400, /image\/tiff/);
    await expectShError(await post(batchBody({ processRequest: processRequest([{ identifier: "nope", format: { type: "image/tiff" } }]) })), 400, /'nope'/);
    await expectShError(await post(batchBody({ zarrOutput: {} })), 400, /zarrOutput/);
    const path = batchBody().output.defaultTilePath;
    await expectShError(await post(batchBody({ output: { defaultTilePath: path, skipExisting: true } })), 400, /skipExisting/);
    await expectShError(await post(batchBody({ output: { defaultTilePath: path, overwrite: false } })), 400, /overwrite/);
    expect((await post(batchBody({ output: { defaultTilePath: path, overwrite: true, skipExisting: false } }))).status).toBe(201);
    // Paths are checked as the tiles would be written, with the responses' identifiers and the tiles' names.
    await expectShError(await post(batchBody({ output: { defaultTilePath: "s3://b/out/<tileName>/<outputId>/" } })), 400, /trailing '\/'/);
    await expectShError(await post(batchBody({ processRequest: processRequest([{ identifier: "../../etc", format: { type: "image/tiff" } }]) })), 400, /'\.\.\/\.\.\/etc'.*'\.\.' are not allowed/);
    await expectShError(await post(batchBody({ output: { defaultTilePath: "s3://b/<requestId>/items/<tileName>-<outputId>.<format>" } })), 400, /STAC Collection/);
    await expectShError(await post(batchBody({ output: { defaultTilePath: `s3://b/${"d".repeat(250)}<tileName>/<outputId>.<format>` } })), 400, /longer than 255 bytes/);
    await expectShError(await post(batchBody({ description: "x".repeat(2000) })), 400, /description/);
    await expectShError(await request("/api/v1/batch/process", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(batchBody()) }), 401, /./);
    for (const [method, path] of [["GET", ""], ["DELETE", ""], ["POST", "/analyse"], ["POST", "/start"], ["POST", "/cancel"], ["GET", "/tiles"]]) {
      await expectShError(await call(method!, `/api/v1/batch/process/00000000-0000-0000-0000-000000000000${path}`), 404, /./);
    }
    const { id } = await json(await post(batchBody()), 201);
    await expectShError(await call("GET", `/api/v1/batch/process/${id}`, undefined, "bob"), 404, /./);
    await expectShError(await call("POST", `/api/v1/batch/process/${id}/cancel`), 400, /CREATED/);
    await expectShError(await call("GET", `/api/v1/batch/process/${id}/tiles?viewtoken=x`), 400, /viewtoken/);
    const backwards = btoa(JSON.stringify({ before: "x" })).replace(/=+$/, "");
    await expectShError(await call("GET", `/api/v1/batch/process?viewtoken=${backwards}`), 400, /viewtoken/);
    expect((await call("DELETE", `/api/v1/batch/process/${id}`)).status).toBe(204);
    await expectShError(await call("GET", `/api/v1/batch/process/${id}`), 404, /./);
  });
});
