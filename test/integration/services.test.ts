/** Secondary web services: /services CRUD and logs, and the public XYZ tiles they serve. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { pointTransform } from "../../src/raster/crs";
import { graphChecks } from "../../src/execution/compute";
import { forgetService, serviceReads, serviceStub } from "../../src/services/service-store";
import { WEB_MERCATOR_HALF } from "../../src/tiles/tile-grid";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, request } from "../support/http";
import { call, finishedJob, pathOf, type Job as Json, type User } from "../support/jobs";
import { userStub } from "../../src/api/user-store";
import { readPngRgba } from "../support/png-reader";
import { utmGrid } from "../support/raster-fixtures";

const grid = utmGrid(256, 256);
const load = { process_id: "load_collection", arguments: { id: "service-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } };
const NDVI = {
  process_graph: {
    load,
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true },
  },
};
// Valid, but two bands can't be drawn: every tile over the data fails.
const TWO_BANDS = { process_graph: { load: { ...load, result: true } } };

// The z14 tile under the middle of the scene.
const [mx, my] = pointTransform("EPSG:32633", "EPSG:3857")(501280, 4998720);
const TILE = { z: 14, x: Math.floor(((mx + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * 2 ** 14), y: Math.floor(((WEB_MERCATOR_HALF - my) / (2 * WEB_MERCATOR_HALF)) * 2 ** 14) };

async function createService(body: Record<string, unknown>, user: User = "alice"): Promise<string> {
  const res = await call("POST", "/services", { user, body });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(res.headers.get("Location")).toMatch(/\/v1\/services\/[\w-]+$/);
  return res.headers.get("OpenEO-Identifier")!;
}

const tilePath = (id: string, { z, x, y }: { z: number | string; x: number | string; y: number | string } = TILE) => `/v1/services/${id}/tiles/${z}/${x}/${y}.png`;

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "service-scenes", [{ id: "V1", datetime: "2024-07-01T10:00:00Z", grid, cloud: 0, values: { B04: (x) => 1000 + x, B08: (_, y) => 3000 + y } }], [RED, NIR], 64, [2, 4]);
});

describe("GET /service_types", () => {
  it("lists XYZ with its configuration and process parameters", async () => {
    const types = (await (await request("/v1/service_types")).json()) as Json;
    expect(Object.keys(types)).toEqual(["XYZ"]);
    expect(Object.keys(types.XYZ.configuration)).toEqual(["tile_size", "colormap", "min", "max", "resampling", "format"]);
    expect(types.XYZ.process_parameters.map((p: Json) => p.name)).toEqual(["spatial_extent_west", "spatial_extent_south", "spatial_extent_east", "spatial_extent_north", "spatial_extent_crs", "tile_size"]);
    for (const described of [...Object.values(types.XYZ.configuration), ...types.XYZ.process_parameters] as Json[]) {
      expect(described.title).toEqual(expect.any(String));
      expect(described.description).toEqual(expect.any(String));
    }
  });
});

describe("/services", () => {
  it("create, get, list with paging, update, logs and delete", async () => {
    const id = await createService({ type: "xyz", title: "NDVI", process: NDVI, configuration: { colormap: "ndvi" }, "edge:note": "kept" });
    const service = (await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json;
    expect(service).toMatchObject({ id, type: "XYZ", title: "NDVI", enabled: true, process: NDVI, "edge:note": "kept", plan: "free", configuration: { tile_size: 256, colormap: "ndvi", min: null, max: null, format: "png" } });
    // The url names the service's version, so a cached tile is found without the service's record.
    expect(service.url).toBe(`https://openeo.example.test/v1/services/${id}/tiles/{z}/{x}/{y}.png?v=1`);
    expect(service.attributes.map_url).toBe(`https://openeo.example.test/v1/services/${id}/map`);

    const second = await createService({ type: "XYZ", process: NDVI });
    const page = (await (await call("GET", "/services?limit=1", { user: "alice" })).json()) as Json;
    expect(page.services).toHaveLength(1);
    const next = page.links.find((l: Json) => l.rel === "next");
    const rest = (await (await call("GET", new URL(next.href).pathname.slice(3) + new URL(next.href).search, { user: "alice" })).json()) as Json;
    expect([...page.services, ...rest.services].map((s: Json) => s.id)).toEqual(expect.arrayContaining([id, second]));
    expect(rest.links.map((l: Json) => l.rel)).toEqual(["prev"]);
    const prev = new URL(rest.links[0].href);
    const back = (await (await call("GET", prev.pathname.slice(3) + prev.search, { user: "alice" })).json()) as Json;
    expect(back.services).toEqual(page.services);

    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { title: "NDVI 2", configuration: { colormap: "viridis", min: -1, max: 1 } } })).status).toBe(204);
    expect(await (await call("GET", `/services/${id}`, { user: "alice" })).json()).toMatchObject({ title: "NDVI 2", configuration: { colormap: "viridis", min: -1, max: 1 } });
    const logs = (await (await call("GET", `/services/${id}/logs`, { user: "alice" })).json()) as Json;
    expect(logs).toMatchObject({ level: "info", logs: [], links: [] });

    expect((await call("DELETE", `/services/${id}`, { user: "alice" })).status).toBe(204);
    await expectError(await call("GET", `/services/${id}`, { user: "alice" }), 404, "ServiceNotFound");
    await expectError(await request(tilePath(id)), 404, "ServiceNotFound");
    const listed = (await (await call("GET", "/services", { user: "alice" })).json()) as Json;
    expect(listed.services.map((s: Json) => s.id)).not.toContain(id);
  });

  it("refuse unknown types, bad configurations and invalid processes with openEO errors", async () => {
    await expectError(await call("POST", "/services", { user: "alice", body: { type: "WMTS", process: NDVI } }), 400, "ServiceUnsupported");
    await expectError(await call("POST", "/services", { user: "alice", body: { type: "XYZ", process: NDVI, configuration: { tile_size: 100 } } }), 400, "ServiceConfigInvalid");
    await expectError(await call("POST", "/services", { user: "alice", body: { type: "XYZ", process: NDVI, configuration: { opacity: 1 } } }), 400, "ServiceConfigUnsupported");
    await expectError(await call("POST", "/services", { user: "alice", body: { type: "XYZ", process: { process_graph: { x: { process_id: "nope", arguments: {}, result: true } } } } }), 400, "ProcessUnsupported");
    await expectError(await call("POST", "/services", { user: "alice", body: { type: "XYZ", process: {} } }), 400, "ProcessGraphMissing");
    const id = await createService({ type: "XYZ", process: NDVI });
    await expectError(await call("PATCH", `/services/${id}`, { user: "alice", body: { configuration: { colormap: "rainbow" } } }), 400, "ServiceConfigInvalid");
    await expectError(await call("PATCH", `/services/${id}`, { user: "alice", body: { configuration: { opacity: 1 } } }), 400, "ServiceConfigUnsupported");
    await expectError(await call("PATCH", `/services/${id}`, { user: "alice", body: { process: { process_graph: { x: { process_id: "nope", arguments: {}, result: true } } } } }), 400, "ProcessUnsupported");
    await expectError(await call("POST", "/services", { user: "alice", body: { type: "XYZ", process: NDVI, plan: "gold" } }), 400, "BillingPlanInvalid");
    await expectError(await call("PATCH", `/services/${id}`, { user: "alice", body: { plan: "gold" } }), 400, "BillingPlanInvalid");
    await expectError(await call("PATCH", `/services/${id}`, { user: "alice" }), 400, "RequestInvalid");
    await expectError(await call("POST", "/services", { user: "alice" }), 400, "RequestInvalid");
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { plan: "Free" } })).status).toBe(204);
    const named = await createService({ type: "XYZ", process: NDVI, plan: "free" });
    expect(await (await call("GET", `/services/${named}`, { user: "alice" })).json()).toMatchObject({ plan: "free" });
    // Nothing of the refused changes was applied.
    expect(await (await call("GET", `/services/${id}`, { user: "alice" })).json()).toMatchObject({ process: NDVI, configuration: { colormap: "greys" }, plan: "free" });
  });

  it("keep a log at the service's level, each repeat once a minute, the newest 1000 entries, paged by offset", async () => {
    const id = await createService({ type: "XYZ", process: NDVI, log_level: "warning" });
    const stub = serviceStub(env, id);
    await stub.log({ level: "info", message: "below the service's level" }, { level: "warning", message: "slow" }, { level: "error", code: "X", message: "failed" }, { level: "warning", message: "slow" });
    const logs = async (query = "") => (await (await call("GET", `/services/${id}/logs${query}`, { user: "alice" })).json()) as Json;
    expect(await logs()).toMatchObject({ level: "warning", logs: [{ level: "warning", message: "slow" }, { level: "error", code: "X", message: "failed" }], links: [] });
    expect(await logs("?level=error")).toMatchObject({ level: "error", logs: [{ message: "failed" }] });
    // Entries below the kept level don't exist: asking for them answers the kept level.
    expect((await logs("?level=debug")).level).toBe("warning");

    await stub.log(...Array.from({ length: 1100 }, (_, i) => ({ level: "error" as const, message: `tile ${i}` })));
    const all = await logs();
    expect(all.logs).toHaveLength(1000);
    expect(all.logs.at(-1).message).toBe("tile 1099");
    const first = await logs("?limit=600");
    expect(first.logs).toHaveLength(600);
    const next = new URL(first.links.find((l: Json) => l.rel === "next").href);
    expect(next.searchParams.get("offset")).toBe(first.logs.at(-1).id);
    const rest = await logs(next.search);
    expect([...first.logs, ...rest.logs]).toEqual(all.logs);
    expect(rest.links).toEqual([]);
  });

  it("hide another user's service on every endpoint", async () => {
    const id = await createService({ type: "XYZ", process: NDVI });
    for (const [method, path] of [["GET", `/services/${id}`], ["PATCH", `/services/${id}`], ["DELETE", `/services/${id}`], ["GET", `/services/${id}/logs`]] as const) {
      await expectError(await call(method, path, { user: "bob", ...(method === "PATCH" ? { body: { title: "x" } } : {}) }), 404, "ServiceNotFound");
    }
  });
});

describe("the owner's listing", () => {
  it("does not bring back a deleted service when a summary sent before the deletion arrives after it", async () => {
    const index = userStub(env, "index-test");
    const summary = { id: "s1", type: "XYZ", title: null, description: null, enabled: true, created: "2026-01-01T00:00:00Z", updated: "2026-01-01T00:00:00Z", costs: null };
    await index.putService(summary, 2);
    await index.removeService("s1");
    await index.putService({ ...summary, title: "late" }, 3);
    expect((await index.listServices({})).entries).toEqual([]);
    expect(await index.listServices({ limit: 1 })).toMatchObject({ entries: [], hasNext: false, hasPrev: false });
  });
});

describe("XYZ tiles", () => {
  it("are PNGs with an ETag, answered 304 when unchanged, cached, and renewed when the service changes", async () => {
    const id = await createService({ type: "XYZ", process: NDVI, configuration: { colormap: "ndvi" } });
    const before = serviceReads.count;
    const first = await request(tilePath(id));
    expect(first.status).toBe(200);
    // The record was read once, for the first tile; this isolate keeps it for the next.
    expect(serviceReads.count).toBe(before + 1);
    expect(first.headers.get("Content-Type")).toBe("image/png");
    expect(first.headers.get("Cache-Control")).toBe("public, max-age=300");
    const etag = first.headers.get("ETag")!;
    expect(first.headers.get("Server-Timing")).toMatch(/^render;dur=\d+;desc="[1-9]\d* bytes in [1-9]\d* reads, [1-9]\d* round trips"$/);
    const bytes = new Uint8Array(await first.arrayBuffer());
    const png = readPngRgba(bytes);
    expect(png.pixels.filter((v, i) => i % 4 === 3 && v === 255).length).toBeGreaterThan(1000);

    expect((await request(tilePath(id), { headers: { "If-None-Match": etag } })).status).toBe(304);
    const reads = serviceReads.count;
    const lookups = vi.spyOn(caches.default, "match");
    const again = await request(tilePath(id));
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    // From this isolate's recent tiles: nothing was rendered or read for it, not the service's
    // record, not even the Cache API; with the same headers (but no timing: nothing was rendered).
    expect(again.headers.get("Server-Timing")).toBeNull();
    // A copy is answered with the seconds it has left of 300.
    expect([again.headers.get("ETag"), again.headers.get("Content-Type")]).toEqual([etag, "image/png"]);
    expect(again.headers.get("Cache-Control")).toMatch(/^public, max-age=(2\d\d|300)$/);
    expect(serviceReads.count).toBe(reads);
    expect(lookups).not.toHaveBeenCalled();
    lookups.mockRestore();

    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { configuration: { colormap: "greys", min: -1, max: 1 } } })).status).toBe(204);
    const changed = await request(tilePath(id), { headers: { "If-None-Match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("ETag")).not.toBe(etag);
    const grey = readPngRgba(new Uint8Array(await changed.arrayBuffer()));
    const opaque = [...Array(grey.width * grey.height).keys()].filter((p) => grey.pixels[p * 4 + 3] === 255);
    expect(opaque.every((p) => grey.pixels[p * 4] === grey.pixels[p * 4 + 1] && grey.pixels[p * 4 + 1] === grey.pixels[p * 4 + 2])).toBe(true);
  });

  it("named by the url's version are answered from the Cache API without the service's record; another version's url is sent to the current one", async () => {
    const id = await createService({ type: "XYZ", process: NDVI, configuration: { min: -1, max: 1 } });
    const template = ((await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json).url as string;
    expect(template).toBe(`https://openeo.example.test${tilePath(id, { z: "{z}", x: "{x}", y: "{y}" })}?v=1`);
    const first = await request(`${tilePath(id)}?v=1`);
    expect(first.status).toBe(200);
    const bytes = new Uint8Array(await first.arrayBuffer());
    // The same tile without a version is the same tile (one cache key per version).
    expect(new Uint8Array(await (await request(tilePath(id))).arrayBuffer())).toEqual(bytes);

    // An isolate that holds neither the record nor the tile (as a new one): the Cache API answers,
    // and the record is not read. A failed tile shows it, as it is kept in the Cache API only.
    const failing = await createService({ type: "XYZ", process: TWO_BANDS });
    const failed = await request(`${tilePath(failing)}?v=1`);
    expect([failed.status, failed.headers.get("Server-Timing") !== null]).toEqual([400, true]);
    await failed.arrayBuffer();
    // The store waits a timer's turn after the answer.
    await new Promise((resolve) => setTimeout(resolve, 50));
    forgetService(failing);
    const reads = serviceReads.count;
    const lookups = vi.spyOn(caches.default, "match");
    const cached = await request(`${tilePath(failing)}?v=1`);
    expect([cached.status, cached.headers.get("OpenEO-Error-Code"), cached.headers.get("Server-Timing")]).toEqual([400, "ProcessGraphInvalid", null]);
    // A copy is answered with the seconds it has left of the failed tile's 30.
    expect(cached.headers.get("Cache-Control")).toMatch(/^public, max-age=(29|30)$/);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect(serviceReads.count).toBe(reads);
    lookups.mockRestore();
    // Without the version, the record comes first.
    await request(tilePath(failing));
    expect(serviceReads.count).toBe(reads + 1);

    // Changed through another isolate (this one holds version 1 still): a url naming version 2 has
    // the record read again instead of being sent back to version 1.
    expect(await serviceStub(env, id).update({ title: "elsewhere" })).toBe(true);
    const newer = { ...TILE, x: TILE.x - 1 };
    expect((await request(`${tilePath(id, newer)}?v=2`, { redirect: "manual" })).status).toBe(200);

    // After a change, a tile the old version's url names that was never cached, a version never made
    // and one that is no number send the map to the current tile; the current version's url renders
    // it. A cached tile of the old version stays what its url names until it expires, as it does in
    // browsers' caches.
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { title: "renamed" } })).status).toBe(204);
    const other = { ...TILE, x: TILE.x + 1 };
    const readsBefore = serviceReads.count;
    for (const v of ["1", "2", "99", "latest", "100", "101"]) {
      const res = await request(`${tilePath(id, other)}?v=${v}`, { redirect: "manual" });
      expect([res.status, res.headers.get("Location"), res.headers.get("Cache-Control")]).toEqual([302, `https://openeo.example.test${tilePath(id, other)}?v=3`, "no-store"]);
    }
    // One read after the PATCH (which made this isolate forget its copy), and one more at most for
    // the versions to come (99, 100, 101): once a second.
    expect(serviceReads.count - readsBefore).toBeLessThanOrEqual(2);
    expect((await request(`${tilePath(id, other)}?v=3`)).status).toBe(200);
    expect(new Uint8Array(await (await request(`${tilePath(id)}?v=1`)).arrayBuffer())).toEqual(bytes);
    // An id no service can have (not a random UUID) costs no cache lookup.
    const spied = vi.spyOn(caches.default, "match");
    await expectError(await request(`${tilePath("a".repeat(5000))}?v=1`), 404, "ServiceNotFound");
    expect(spied).not.toHaveBeenCalled();
    spied.mockRestore();

    // A url naming a version to come more than a second later has the record read again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const readsLater = serviceReads.count;
    expect((await request(`${tilePath(id, other)}?v=500`, { redirect: "manual" })).status).toBe(302);
    expect(serviceReads.count).toBe(readsLater + 1);

    // Disabled: a tile of its version 3 that the caches hold stays what its url names until it
    // expires (answered with the seconds it has left, so no cache keeps it longer); no other tile
    // is rendered, and a browser's copy of one the caches don't hold is not confirmed (no 304).
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { enabled: false } })).status).toBe(204);
    const kept = await request(`${tilePath(id, other)}?v=3`);
    expect(kept.status).toBe(200);
    // Rendered more than a second ago: fewer than 300 seconds left.
    expect(Number(/^public, max-age=(\d+)$/.exec(kept.headers.get("Cache-Control")!)![1])).toBeLessThanOrEqual(299);
    const keptEtag = kept.headers.get("ETag")!;
    expect((await request(`${tilePath(id, other)}?v=3`, { headers: { "If-None-Match": keptEtag } })).status).toBe(304);
    const uncached = { ...TILE, y: TILE.y + 1 };
    for (const v of ["3", "4"]) await expectError(await request(`${tilePath(id, uncached)}?v=${v}`), 404, "ServiceNotFound");
    const guessedEtag = keptEtag.replace(`-${other.x}-${other.y}"`, `-${uncached.x}-${uncached.y}"`);
    await expectError(await request(`${tilePath(id, uncached)}?v=3`, { headers: { "If-None-Match": guessedEtag } }), 404, "ServiceNotFound");
  });

  it("read the service's record and check its process once for the tiles a map asks for at once, and again after a change", async () => {
    const id = await createService({ type: "XYZ", process: NDVI, configuration: { min: -1, max: 1 } });
    const [checks, reads] = [graphChecks.count, serviceReads.count];
    const neighbours = [TILE, { ...TILE, x: TILE.x + 1 }, { ...TILE, y: TILE.y + 1 }];
    const tiles = await Promise.all(neighbours.map((tile) => request(tilePath(id, tile))));
    expect(tiles.map((tile) => tile.status)).toEqual([200, 200, 200]);
    expect([graphChecks.count, serviceReads.count]).toEqual([checks + 1, reads + 1]);
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { title: "renamed" } })).status).toBe(204);
    expect((await request(tilePath(id, { ...TILE, x: TILE.x - 1 }))).status).toBe(200);
    expect(graphChecks.count).toBe(checks + 2);
  });

  it("without min and max stretch over the value range estimated once per version from the data, shown in the service", async () => {
    // The fixture's NDVI at full resolution: red 1000 + x and nir 3000 + y, scale 0.0001, offset -0.1.
    const ndvi: number[] = [];
    for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) {
      const [red, nir] = [(1000 + x) * 0.0001 - 0.1, (3000 + y) * 0.0001 - 0.1];
      ndvi.push((nir - red) / (nir + red));
    }
    ndvi.sort((a, b) => a - b);
    const [p2, p98] = [ndvi[Math.round(0.02 * (ndvi.length - 1))]!, ndvi[Math.round(0.98 * (ndvi.length - 1))]!];

    const id = await createService({ type: "XYZ", process: NDVI });
    const tile = await request(tilePath(id));
    expect(tile.status).toBe(200);
    // Stored for version 1, from the coarse read (an overview level): close to the full resolution's percentiles.
    const stored = (await serviceStub(env, id).get())!.value_range!;
    expect(stored.version).toBe(1);
    expect(stored.min!).toBeCloseTo(p2, 1);
    expect(stored.max!).toBeCloseTo(p98, 1);
    const service = (await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json;
    expect(service.attributes.value_range).toEqual({ min: stored.min, max: stored.max, source: "estimated" });
    expect(service.configuration).toMatchObject({ min: null, max: null });

    // Greys over the estimate, not 0..255 (where all of it would be black): the tile's greys spread far.
    const png = readPngRgba(new Uint8Array(await tile.arrayBuffer()));
    const greys = [...Array(png.width * png.height).keys()].filter((p) => png.pixels[p * 4 + 3] === 255).map((p) => png.pixels[p * 4]!);
    expect(greys.length).toBeGreaterThan(1000);
    expect(Math.max(...greys) - Math.min(...greys)).toBeGreaterThan(100);

    // An end given wins; the other still comes from the estimate, made anew for the new version.
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { configuration: { min: 0.5 } } })).status).toBe(204);
    const patched = (await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json;
    expect(patched.attributes.value_range).toEqual({ min: 0.5, max: stored.max, source: "estimated" });
    expect((await serviceStub(env, id).get())!.value_range!.version).toBe(2);
    // Both ends given, or a colour map with a range of its own: no estimate.
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { configuration: { min: -1, max: 1 } } })).status).toBe(204);
    expect(((await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json).attributes.value_range).toEqual({ min: -1, max: 1, source: "configuration" });
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { configuration: { colormap: "ndvi" } } })).status).toBe(204);
    expect(((await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json).attributes.value_range).toEqual({ min: -1, max: 1, source: "colormap" });
    expect((await serviceStub(env, id).get())!.value_range!.version).toBe(2);
  });

  it("say why no range was estimated when there is nothing to read", async () => {
    const id = await createService({ type: "XYZ", process: { process_graph: { c: { process_id: "constant", arguments: { x: 1 }, result: true } } } });
    const service = (await (await call("GET", `/services/${id}`, { user: "alice" })).json()) as Json;
    expect(service.attributes.value_range).toEqual({ min: 0, max: 255, source: "colormap", estimate_failed: "the service's process loads no collection with a known extent" });
  });

  it("outside the data are transparent; outside the zoom's range, of a disabled service, or of none, are 404", async () => {
    const id = await createService({ type: "XYZ", process: NDVI });
    const empty = await request(tilePath(id, { z: 14, x: 0, y: 0 }));
    expect(empty.status).toBe(200);
    expect(readPngRgba(new Uint8Array(await empty.arrayBuffer())).pixels.every((v) => v === 0)).toBe(true);
    await expectError(await request(tilePath(id, { z: 3, x: 8, y: 0 })), 404, "TileNotFound");
    await expectError(await request(`/v1/services/${id}/tiles/3/1/1.jpg`), 404, "TileNotFound");
    await expectError(await request(tilePath(id, { z: 25, x: 0, y: 0 })), 404, "TileNotFound");
    await expectError(await request(tilePath("no-such-service")), 404, "ServiceNotFound");
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { enabled: false } })).status).toBe(204);
    await expectError(await request(tilePath(id)), 404, "ServiceNotFound");
  });

  it("of a graph that fails are transparent with the error's status, cached briefly, and the reason goes to the service's log once", async () => {
    const id = await createService({ type: "XYZ", process: TWO_BANDS });
    const rendered: boolean[] = [];
    for (const tile of [TILE, { ...TILE, x: TILE.x + 1 }, TILE]) {
      const res = await request(tilePath(id, tile));
      expect(res.status).toBe(400);
      expect(res.headers.get("Content-Type")).toBe("image/png");
      expect(res.headers.get("OpenEO-Error-Code")).toBe("ProcessGraphInvalid");
      // 30 s, or what is left of them for the copy.
      expect(res.headers.get("Cache-Control")).toMatch(/^public, max-age=(2\d|30)$/);
      expect(readPngRgba(new Uint8Array(await res.arrayBuffer())).pixels.every((v) => v === 0)).toBe(true);
      rendered.push(res.headers.get("Server-Timing") !== null);
    }
    // The repeated failing tile comes from the Cache API: not evaluated again.
    expect(rendered).toEqual([true, true, false]);
    let logs: Json[] = [];
    for (let i = 0; i < 50 && logs.length < 2; i++) {
      logs = ((await (await call("GET", `/services/${id}/logs`, { user: "alice" })).json()) as Json).logs;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Two distinct tiles, each logged once although the first failed twice.
    expect(logs.map((l) => l.message)).toEqual([
      `Tile ${TILE.z}/${TILE.x}/${TILE.y}: The service's result can't be shown as a map tile: it has 2 bands; pick 1 (colour-mapped) or 3 (RGB) with filter_bands.`,
      `Tile ${TILE.z}/${TILE.x + 1}/${TILE.y}: The service's result can't be shown as a map tile: it has 2 bands; pick 1 (colour-mapped) or 3 (RGB) with filter_bands.`,
    ]);
    expect(logs[0]).toMatchObject({ level: "error", code: "ProcessGraphInvalid" });
    const limited = (await (await call("GET", `/services/${id}/logs?limit=1`, { user: "alice" })).json()) as Json;
    expect(limited.logs).toHaveLength(1);
    expect(limited.links[0].href).toContain(`offset=${logs[0]!.id}`);
  });

  it("of a service that loads a finished batch job's results through its signed link show that result", async () => {
    const jobId = await finishedJob({ process_graph: { load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } }, save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true } } });
    const results = (await (await call("GET", `/jobs/${jobId}/results`, { user: "alice" })).json()) as Json;
    const canonical = results.links.find((l: Json) => l.rel === "canonical").href;
    const fromJob = await createService({ type: "XYZ", process: { process_graph: { load: { process_id: "load_stac", arguments: { url: canonical }, result: true } } }, configuration: { colormap: "ndvi" } });
    const direct = await createService({ type: "XYZ", process: NDVI, configuration: { colormap: "ndvi" } });
    const [a, b] = await Promise.all([request(tilePath(fromJob)), request(tilePath(direct))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [jobTile, directTile] = [readPngRgba(new Uint8Array(await a.arrayBuffer())), readPngRgba(new Uint8Array(await b.arrayBuffer()))];
    // The job's float32 NDVI, drawn like the NDVI computed on the fly.
    expect(jobTile.pixels.filter((v, i) => i % 4 === 3 && v === 255).length).toBeGreaterThan(1000);
    expect(jobTile.pixels).toEqual(directTile.pixels);
    expect(pathOf(canonical)).toContain("/results/signed?token=");
  });
});
