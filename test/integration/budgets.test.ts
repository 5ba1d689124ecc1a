/**
 * Work budgets through the HTTP API: memory and CPU bombs in POST /result and in a service's tiles
 * end in 400 ProcessGraphComplexity naming the node, and the Worker answers other requests while
 * one runs. The tests' budgets are vitest.config.ts's RUN_/TILE_MAX_OPERATIONS.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { pointTransform } from "../../src/raster/crs";
import { WEB_MERCATOR_HALF } from "../../src/tiles/tile-grid";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { call, createJob, until } from "../support/jobs";
import { utmGrid } from "../support/raster-fixtures";

const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result } : {}) });

async function post(process_graph: unknown): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph } }) });
}

/** `depth` levels of array_apply over two elements: 2^depth calls of the innermost callback. */
function nestedCallbacks(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { r: node("absolute", { x: { from_parameter: "x" } }, true) };
  for (let i = 0; i < depth; i++) inner = { r: node("array_apply", { data: [-1, -2], process: { process_graph: inner } }, true) };
  return inner;
}

beforeAll(async () => {
  const scene = { id: "B1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(256, 256), cloud: 0, values: { B04: (x: number) => 1000 + x, B08: (_: number, y: number) => 3000 + y } };
  await ingestCubeScenes(env.DATA, "budget-scenes", [scene], [RED, NIR], 64, [2, 4]);
});

describe("POST /result", () => {
  it("refuses quantiles with q = 100,000,000 (a 132-byte request) before building them", async () => {
    const body = await expectError(await post({ q: node("quantiles", { data: [1, 2, 3], q: 100_000_000 }, true) }), 400, "ProcessGraphComplexity");
    expect(body.message).toMatch(/^Node 'q' \(quantiles\): the quantiles \(99,999,999 elements\) would take 763 MiB/);
  });

  it("ends callbacks nested 45 deep once the run's operations are spent, answering other requests meanwhile", async () => {
    const order: string[] = [];
    const bomb = post(nestedCallbacks(45)).then((res) => (order.push("bomb"), res));
    // Give the bomb's evaluation a head start, then ask for the capabilities.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const capabilities = await request("/v1/");
    order.push("capabilities");
    expect(capabilities.status).toBe(200);
    const body = await expectError(await bomb, 400, "ProcessGraphComplexity");
    expect(body.message).toMatch(/the process needs more than the 50,000,000 operations one run may spend/);
    // Not the advice for cubes too large to read: a batch job has the same budget.
    expect(body.message).not.toMatch(/batch job/);
    expect(order).toEqual(["capabilities", "bomb"]);
  });
});

describe("batch jobs", () => {
  it("end a run over budget in error, with the node and size as the log entry", async () => {
    const id = await createJob({ process: { process_graph: { q: node("quantiles", { data: [1, 2, 3], q: 100_000_000 }, true) } } });
    expect((await call("POST", `/jobs/${id}/results`, { user: "alice" })).status).toBe(202);
    expect((await until(id, ["finished", "error"])).status).toBe("error");
    const res = await call("GET", `/jobs/${id}/results`, { user: "alice" });
    expect(res.status).toBe(424);
    const entry = (await res.json()) as { code: string; message: string };
    expect(entry.code).toBe("ProcessGraphComplexity");
    expect(entry.message).toMatch(/^Node 'q' \(quantiles\): the quantiles \(99,999,999 elements\) would take 763 MiB/);
  });
});

describe("XYZ tiles", () => {
  it("of a graph that goes over the tile budget fail with ProcessGraphComplexity", async () => {
    const load = node("load_collection", { id: "budget-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04"] });
    // Each pixel asks for 100,000 quantiles: within a run's value size, but not a tile's operations.
    const perPixel = {
      process_graph: {
        q: node("quantiles", { data: [{ from_parameter: "x" }, 1, 2], q: 100_000 }),
        first: node("array_element", { data: { from_node: "q" }, index: 0 }),
        r: node("add", { x: { from_parameter: "x" }, y: { from_node: "first" } }, true),
      },
    };
    const process = { process_graph: { load, apply: node("apply", { data: { from_node: "load" }, process: perPixel }, true) } };
    const created = await call("POST", "/services", { user: "alice", body: { type: "XYZ", process } });
    expect(created.status).toBe(201);
    const id = created.headers.get("OpenEO-Identifier")!;
    // The z14 tile over the scene's middle, whose 65,536 pixels would each make 100,000 quantiles.
    const [mx, my] = pointTransform("EPSG:32633", "EPSG:3857")(501280, 4998720);
    const [x, y] = [mx, -my].map((m) => Math.floor(((m + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * 2 ** 14));
    const res = await request(`/v1/services/${id}/tiles/14/${x}/${y}.png`);
    expect(res.headers.get("OpenEO-Error-Code")).toBe("ProcessGraphComplexity");
    expect(res.status).toBe(400);
  });
});
