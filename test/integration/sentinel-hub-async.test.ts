/**
 * Sentinel Hub's Asynchronous Processing API on the real batch queue: a request's responses
 * delivered into the caller's files (read back and compared with NDVI recomputed from the
 * fixture's digital numbers), its status while it runs and 404 after, and bad requests in
 * Sentinel Hub's error shape.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { jobStub, readJob } from "../../src/jobs/job-store";
import { headerCache } from "../../src/raster/header-cache";
import { storedAsyncBody } from "../../src/sentinel-hub/async/async-request";
import { createRequestJob } from "../../src/sentinel-hub/queued-request";
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import { ingestCubeScenes, type FixtureBand } from "../support/cube-fixture";
import { loginAs, request } from "../support/http";
import { until } from "../support/jobs";
import { MemoryByteSource } from "../support/memory-byte-source";
import { API_BASE, playedQueue } from "../support/played-queue";
import { utmGrid } from "../support/raster-fixtures";

const band = (key: string, common: string, wavelength: number): FixtureBand => ({ key, common, wavelength, scale: 0.0001, offset: 0 });
const BANDS = [band("B04", "red", 0.665), band("B08", "nir", 0.842)];
const SIDE = 16;
const dn = (key: string, x: number, y: number) => ({ B04: 900, B08: 2600 }[key]! + 11 * x + 5 * y);
const SCENES = [{ id: "A1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(SIDE, SIDE), cloud: 5, values: Object.fromEntries(BANDS.map((b) => [b.key, (x: number, y: number) => dn(b.key, x, y)])) }];

const NDVI = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08'], output: [{ id: 'ndvi', bands: 1, sampleType: 'FLOAT32' }, { id: 'red', bands: 1, sampleType: 'AUTO' }] };",
  "}",
  "function evaluatePixel(s) {",
  "  if (s.B04 > 0.1 && s.B04 < 0.09) throw new Error('never');",
  "  return { ndvi: [(s.B08 - s.B04) / (s.B08 + s.B04)], red: [s.B04] };",
  "}",
].join("\n");

function body(overrides: { url?: unknown; responses?: unknown[]; evalscript?: string; delivery?: unknown } = {}) {
  return {
    input: {
      bounds: { bbox: [500000, 4999840, 500160, 5000000], properties: { crs: "http://www.opengis.net/def/crs/EPSG/0/32633" } },
      data: [{ type: "byoc-sh-async", dataFilter: { timeRange: { from: "2024-07-01T00:00:00Z", to: "2024-07-01T23:59:59Z" } } }],
    },
    output: {
      width: SIDE,
      height: SIDE,
      responses: overrides.responses ?? [{ identifier: "ndvi", format: { type: "image/tiff" } }, { identifier: "red", format: { type: "image/png" } }],
      delivery: overrides.delivery ?? { s3: { url: overrides.url ?? "s3://my-bucket/deliveries/ndvi", accessKey: "ignored", secretAccessKey: "ignored" } },
    },
    evalscript: overrides.evalscript ?? NDVI,
  };
}

const post = async (json: unknown, user: "alice" | "bob" = "alice") =>
  request("/api/v1/async/process", { method: "POST", headers: { Authorization: await loginAs(user), "Content-Type": "application/json" }, body: JSON.stringify(json) });
const status = async (id: string, user: "alice" | "bob" = "alice") => request(`/api/v1/async/process/${id}`, { headers: { Authorization: await loginAs(user) } });
const file = async (path: string) => request(`/v1/files/${path}`, { headers: { Authorization: await loginAs("alice") } });

async function expectShError(res: Response, status: number, code: string, text: RegExp) {
  const json = (await res.json()) as { error: { status: number; code: string; message: string } };
  expect([res.status, json.error.code], JSON.stringify(json)).toEqual([status, code]);
  expect(json.error.message).toMatch(text);
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "sh-async", SCENES, BANDS);
});

describe("POST /api/v1/async/process", () => {
  it("answers {id, status: RUNNING}, runs on the batch queue, delivers each response into the caller's files, then answers 404", async () => {
    const res = await post(body());
    expect(res.status, await res.clone().text()).toBe(200);
    const { id, status: state } = (await res.json()) as { id: string; status: string };
    expect(state).toBe("RUNNING");
    // Another user doesn't see it.
    await expectShError(await status(id, "bob"), 404, "COMMON_NOT_FOUND", /./);

    const job = await until(id, ["finished", "error"]);
    expect(job.status).toBe("finished");
    // The delivery's credentials are not kept.
    expect(job.sentinel_hub.body.output.delivery).toEqual({ s3: { url: "s3://my-bucket/deliveries/ndvi" } });
    await expectShError(await status(id), 404, "COMMON_NOT_FOUND", /not running/);

    const tif = await file(`deliveries/ndvi/${id}/ndvi.tif`);
    expect(tif.status).toBe(200);
    headerCache.clear();
    const cog = await openCog(new MemoryByteSource(new Uint8Array(await tif.arrayBuffer())));
    expect(cog.header.grid).toEqual(utmGrid(SIDE, SIDE));
    const ndvi = (await readWindow(cog, 0, 0, { x: 0, y: 0, width: SIDE, height: SIDE })) as Float32Array;
    const f32 = Math.fround;
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const [r, n] = [f32(dn("B04", x, y) * 0.0001), f32(dn("B08", x, y) * 0.0001)];
        expect(ndvi[y * SIDE + x], `(${x}, ${y})`).toBeCloseTo((n - r) / (n + r), 6);
      }
    }
    const png = await file(`deliveries/ndvi/${id}/red.png`);
    expect([png.status, png.headers.get("Content-Type")]).toEqual([200, "image/png"]);

    const logs = (await (await request(`/v1/jobs/${id}/logs`, { headers: { Authorization: await loginAs("alice") } })).json()) as { logs: { message: string }[] };
    expect(logs.logs.map((l) => l.message)).toContain("Batch job finished.");
    // openEO's endpoints don't start it again; once it ended, its record may be deleted there.
    const openeo = async (method: string, path: string) => request(`/v1/jobs/${id}${path}`, { method, headers: { Authorization: await loginAs("alice") } });
    const restart = await openeo("POST", "/results");
    expect([restart.status, ((await restart.json()) as { message: string }).message]).toEqual([400, expect.stringMatching(/\/api\/v1\/async\/process/)]);
    expect((await openeo("DELETE", "")).status).toBe(204);
  });

  it("answers RUNNING while its run message waits and while it runs, and 404 once it finished", async () => {
    // The request's job as POST creates it, started without its message reaching the real queue: the test delivers it.
    const id = await createRequestJob(env, "basic.alice", "async", storedAsyncBody(body({ url: "s3://b/held" })));
    const started = await jobStub(env, id).start();
    expect(await (await status(id)).json()).toEqual({ id, status: "RUNNING" });
    const { deliver } = playedQueue();
    expect(await deliver({ kind: "job.run", job_id: id, user_id: "basic.alice", run_id: started!.run, api_base: API_BASE })).toBe("ack");
    expect((await readJob(jobStub(env, id)))!.status).toBe("finished");
    await expectShError(await status(id), 404, "COMMON_NOT_FOUND", /not running/);
    expect((await file(`held/${id}/ndvi.tif`)).status).toBe(200);
  });

  it("delivers to the files' root for a bucket without a prefix", async () => {
    const { id } = (await (await post(body({ url: "s3://bucket-only", responses: [{ identifier: "ndvi", format: { type: "image/tiff" } }] }))).json()) as { id: string };
    expect((await until(id, ["finished", "error"])).status).toBe("finished");
    expect((await file(`${id}/ndvi.tif`)).status).toBe(200);
  });

  it("a request that fails while it runs answers 404 too, and delivers nothing", async () => {
    const failing = NDVI.replace("s.B04 > 0.1 && s.B04 < 0.09", "true");
    const { id } = (await (await post(body({ evalscript: failing, url: "s3://b/failing" }))).json()) as { id: string };
    expect((await until(id, ["finished", "error"])).status).toBe("error");
    await expectShError(await status(id), 404, "COMMON_NOT_FOUND", /not running/);
    expect((await file(`failing/${id}/ndvi.tif`)).status).toBe(404);
  });

  it("refuses bad requests before queueing them, in Sentinel Hub's error shape", async () => {
    await expectShError(await post(body({ delivery: {} })), 400, "COMMON_BAD_PAYLOAD", /output\.delivery\.s3\.url/);
    await expectShError(await post(body({ url: "https://example.com/x" })), 400, "COMMON_BAD_PAYLOAD", /S3 URL/);
    await expectShError(await post(body({ url: "s3://b/a/../b" })), 400, "COMMON_BAD_PAYLOAD", /'\.'/);
    await expectShError(await post(body({ responses: [{ identifier: "nope", format: { type: "image/tiff" } }] })), 400, "COMMON_BAD_PAYLOAD", /'nope'/);
    await expectShError(await post(body({ responses: [{ identifier: "../../etc", format: { type: "image/tiff" } }] })), 400, "COMMON_BAD_PAYLOAD", /'\.\.' are not allowed/);
    await expectShError(await post({ ...body(), evalscriptReference: { s3: { url: "s3://b/e.js" } } }), 400, "COMMON_BAD_PAYLOAD", /evalscriptReference/);
    // Kept in the job's record: at most what a stored process may be.
    await expectShError(await post({ ...body(), note: "x".repeat(1_000_000) }), 413, "COMMON_BAD_PAYLOAD", /900000/);
    await expectShError(await request("/api/v1/async/process", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body()) }), 401, "COMMON_UNAUTHORIZED", /./);
    await expectShError(await status("00000000-0000-0000-0000-000000000000"), 404, "COMMON_NOT_FOUND", /./);
    // An openEO job is not an asynchronous request.
    const job = await request("/v1/jobs", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: { a: { process_id: "add", arguments: { x: 1, y: 2 }, result: true } } } }) });
    await expectShError(await status(job.headers.get("OpenEO-Identifier")!), 404, "COMMON_NOT_FOUND", /./);
  });
});
