/** A service's map page (Leaflet, served by the Worker itself) and the Leaflet files it loads. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { StacItem } from "../../src/catalog/stac-types";
import { transformBBox } from "../../src/raster/crs";
import { ingestCubeScenes } from "../support/cube-fixture";
import { expectError, request } from "../support/http";
import { call } from "../support/jobs";
import { utmGrid } from "../support/raster-fixtures";

const load = (spatial_extent: unknown) => ({ process_id: "load_collection", arguments: { id: "map-scenes", spatial_extent, temporal_extent: null, bands: ["B04", "B08"] } });
const ndvi = (spatial_extent: unknown = null) => ({
  process_graph: {
    load: load(spatial_extent),
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true },
  },
});

interface MapConfig {
  tiles: string;
  bounds: [number, number, number, number];
  layer: { tileSize: number; zoomOffset: number; minZoom: number; maxZoom: number };
}

let items: StacItem[];

beforeAll(async () => {
  const values = { B04: (x: number) => 1000 + x, B08: (_: number, y: number) => 3000 + y };
  items = await ingestCubeScenes(env.DATA, "map-scenes", [{ id: "M1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(64, 64), cloud: 0, values }]);
});

async function createService(body: Record<string, unknown>): Promise<string> {
  const res = await call("POST", "/services", { user: "alice", body: { type: "XYZ", ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get("OpenEO-Identifier")!;
}

const unescapeHtml = (text: string) => text.replace(/&(quot|#39|lt|gt|amp);/g, (_, entity: string) => ({ quot: '"', "#39": "'", lt: "<", gt: ">", amp: "&" })[entity]!);

/** The page's HTML and the map configuration its script reads from data-config. */
async function mapPage(id: string): Promise<{ html: string; config: MapConfig }> {
  const res = await request(`/v1/services/${id}/map`);
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("text/html; charset=UTF-8");
  const html = await res.text();
  const attribute = /<div id="map" data-config="([^"]*)">/.exec(html)?.[1];
  expect(attribute, html).toBeDefined();
  return { html, config: JSON.parse(unescapeHtml(attribute!)) as MapConfig };
}

function expectBounds(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(4);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 9));
}

describe("GET /services/{id}/map", () => {
  it("shows the service's tiles on a Leaflet map fitted to its collection's extent, without authentication", async () => {
    const id = await createService({ title: "NDVI", process: ndvi(), configuration: { colormap: "ndvi" } });
    const { html, config } = await mapPage(id);
    expect(config.tiles).toBe(`/v1/services/${id}/tiles/{z}/{x}/{y}.png?v=1`);
    expectBounds(config.bounds, items[0]!.bbox!);
    expect(config.layer).toEqual({ tileSize: 256, zoomOffset: 0, minZoom: 0, maxZoom: 24 });
    expect(html).toContain("<title>NDVI</title>");
    expect(html).toMatch(/<script src="\/v1\/map\/leaflet\.js\?v=1\.9\.4"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/v1\/map\/leaflet\.css\?v=1\.9\.4">/);
  });

  it("fits a literal spatial extent (in WGS84 whatever its CRS), and asks 512-pixel tiles one zoom level up", async () => {
    const extent = { west: 500100, south: 4999500, east: 500400, north: 4999900, crs: 32633 };
    const id = await createService({ title: "<NDVI> & co", process: ndvi(extent), configuration: { tile_size: 512 } });
    const { html, config } = await mapPage(id);
    expectBounds(config.bounds, transformBBox([extent.west, extent.south, extent.east, extent.north], "EPSG:32633", "EPSG:4326"));
    expect(config.layer).toEqual({ tileSize: 512, zoomOffset: -1, minZoom: 1, maxZoom: 25 });
    expect(html).toContain("<title>&lt;NDVI&gt; &amp; co</title>");
    expect(html).not.toContain("<NDVI>");
  });

  it("falls back to the collection's extent for an extent given by the tile's parameters, and to the world without load_collection", async () => {
    const fromTile = Object.fromEntries(["west", "south", "east", "north"].map((side) => [side, { from_parameter: `spatial_extent_${side}` }]));
    const tiled = await createService({ process: ndvi({ ...fromTile, crs: 3857 }) });
    const page = await mapPage(tiled);
    expectBounds(page.config.bounds, items[0]!.bbox!);
    expect(page.html).toContain(`<title>Service ${tiled}</title>`);

    const constant = await createService({ process: { process_graph: { c: { process_id: "constant", arguments: { x: 1 }, result: true } } } });
    expect((await mapPage(constant)).config.bounds).toEqual([-180, -90, 180, 90]);
  });

  it("is 404 ServiceNotFound for an unknown, disabled or deleted service", async () => {
    await expectError(await request("/v1/services/no-such-service/map"), 404, "ServiceNotFound");
    const id = await createService({ process: ndvi() });
    expect((await call("PATCH", `/services/${id}`, { user: "alice", body: { enabled: false } })).status).toBe(204);
    await expectError(await request(`/v1/services/${id}/map`), 404, "ServiceNotFound");
    expect((await call("DELETE", `/services/${id}`, { user: "alice" })).status).toBe(204);
    await expectError(await request(`/v1/services/${id}/map`), 404, "ServiceNotFound");
  });
});

describe("Leaflet, served by the Worker", () => {
  it("is its built script and style sheet, with their content types and a long cache lifetime", async () => {
    const script = await request("/v1/map/leaflet.js?v=1.9.4");
    expect(script.status).toBe(200);
    expect(script.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(script.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const code = await script.text();
    // The banner of Leaflet's build, and where it sets L.version.
    expect(code.startsWith("/* @preserve\n * Leaflet 1.9.4, a JS library for interactive maps.")).toBe(true);
    expect(code).toContain('.version="1.9.4"');

    const style = await request("/v1/map/leaflet.css");
    expect(style.status).toBe(200);
    expect(style.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(style.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await style.text()).toContain(".leaflet-container");
  });
});
