/**
 * The vector processes through POST /result: GeoJSON in (load_geojson), reprojected, buffered,
 * filtered and sampled, saved as GeoJSON and CSV, and fed to aggregate_spatial; expected
 * geometries recomputed here (areas, counts, coordinates).
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { pointTransform } from "../../src/raster/crs";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import type { Job } from "../support/jobs";
import { utmGrid } from "../support/raster-fixtures";

/** Parsed JSON bodies, read field by field. */
type Json = Job;

const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
const toUtm = pointTransform("EPSG:4326", "EPSG:32633");

/** A UTM 33N box (metres) as a WGS 84 Polygon. */
function lonLatBox(w: number, s: number, e: number, n: number): Json {
  return { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]].map(([x, y]) => toLonLat(x!, y!))] };
}

const FIELDS = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", id: "a", properties: { yield: 4.5, rank: [1, 2] }, geometry: lonLatBox(500020, 4999950, 500060, 4999970) },
    { type: "Feature", id: "b", properties: { yield: 2 }, geometry: lonLatBox(500200, 4999800, 500300, 4999900) },
    { type: "Feature", id: "c", properties: {}, geometry: { type: "Point", coordinates: toLonLat(500105, 4999895) } },
  ],
};

const load = (properties: string[] = []) => ({ process_id: "load_geojson", arguments: { data: FIELDS, properties } });
const utm = (from: string) => ({ process_id: "vector_reproject", arguments: { data: { from_node: from }, projection: 32633 } });
const save = (from: string, format = "GeoJSON") => ({ process_id: "save_result", arguments: { data: { from_node: from }, format }, result: true });

async function post(processGraph: Record<string, unknown>): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: processGraph } }) });
}

/** The features of the GeoJSON result (an array, read loosely). */
async function features(processGraph: Record<string, unknown>): Promise<Json> {
  const res = await post(processGraph);
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get("Content-Type")).toBe("application/geo+json");
  return ((await res.json()) as Json).features;
}

/** The area of a WGS 84 ring in UTM 33N square metres (shoelace, relative to its first corner). */
function utmArea(ring: [number, number][]): number {
  const points = ring.map(([lon, lat]) => toUtm(lon, lat));
  const [x0, y0] = points[0]!;
  return Math.abs(points.reduce((s, [x, y], i) => (i ? s + (points[i - 1]![0] - x0) * (y - y0) - (x - x0) * (points[i - 1]![1] - y0) : 0), 0)) / 2;
}

/** A 32-gon on a circle of radius r: how a disk is drawn. */
const disk = (r: number) => 16 * r * r * Math.sin(Math.PI / 16);

beforeAll(async () => {
  // One date, 40 x 40 px of 10 m (top-left 500000/5000000): red DN 1000 + x + 10 y.
  await ingestCubeScenes(env.DATA, "vector-process-scenes", [{ id: "VP1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(40, 40), cloud: 0, values: { B04: (x, y) => 1000 + x + 10 * y, B08: () => 3000 } }], [RED, NIR]);
});

describe("vector processes through POST /result", () => {
  it("load_geojson saved as GeoJSON gives the features back as they were, without values", async () => {
    const result = await features({ load: load(), save: save("load") });
    expect(result).toEqual(FIELDS.features);
  });

  it("load_geojson's properties become values, written as CSV rows per geometry and property", async () => {
    const res = await post({ load: load(["yield"]), save: save("load", "CSV") });
    expect(res.status, await res.clone().text()).toBe(200);
    const [header, ...rows] = (await res.text()).trimEnd().split("\r\n");
    expect(header).toBe("feature_index,properties,value,geometry");
    expect(rows.map((r) => r.split(",").slice(0, 3).join(","))).toEqual(["0,yield,4.5", "1,yield,2", "2,yield,"]);
  });

  it("vector_buffer in UTM: areas of the box grown by 10 m and of the point's disk", async () => {
    const result = await features({ load: load(), utm: utm("load"), buffer: { process_id: "vector_buffer", arguments: { geometries: { from_node: "utm" }, distance: 10 } }, save: save("buffer") });
    expect(result.map((f: Json) => [f.id, f.geometry.type])).toEqual([
      ["a", "Polygon"],
      ["b", "Polygon"],
      ["c", "Polygon"],
    ]);
    // A 40 x 20 box: its area, strips of 10 m along its 120 m outline, four quarter disks.
    expect(utmArea(result[0].geometry.coordinates[0])).toBeCloseTo(40 * 20 + 120 * 10 + disk(10), 3);
    expect(utmArea(result[1].geometry.coordinates[0])).toBeCloseTo(100 * 100 + 400 * 10 + disk(10), 3);
    expect(utmArea(result[2].geometry.coordinates[0])).toBeCloseTo(disk(10), 3);
    expect(result[0].properties).toEqual({ yield: 4.5, rank: [1, 2] });
  });

  it("vector_buffer refuses geometries in degrees with UnitMismatch", async () => {
    const body = await expectError(await post({ load: load(), buffer: { process_id: "vector_buffer", arguments: { geometries: { from_node: "load" }, distance: 10 } }, save: save("buffer") }), 400, "UnitMismatch");
    expect(body.message).toContain("EPSG:32633");
  });

  it("filter_vector keeps the geometries within another vector cube's", async () => {
    const area = { type: "Feature", properties: {}, geometry: lonLatBox(500000, 4999850, 500150, 5000000) };
    const result = await features({
      load: load(),
      zone: { process_id: "load_geojson", arguments: { data: { type: "FeatureCollection", features: [area] } } },
      filter: { process_id: "filter_vector", arguments: { data: { from_node: "load" }, geometries: { from_node: "zone" }, relation: "within" } },
      save: save("filter"),
    });
    expect(result.map((f: Json) => f.id)).toEqual(["a", "c"]);
  });

  it("vector_to_regular_points samples the boxes every 20 m; the points are the cell centres", async () => {
    const result = await features({
      load: load(),
      utm: utm("load"),
      points: { process_id: "vector_to_regular_points", arguments: { data: { from_node: "utm" }, distance: 20, group: true } },
      save: save("points"),
    });
    // Box a (40 x 20 m, reprojected so its edges are a hair off): 2 x 1 cells, centres 10 m in from its upper-left corner.
    const a = result[0].geometry.coordinates.map(([lon, lat]: [number, number]) => toUtm(lon, lat));
    expect(a).toHaveLength(2);
    [
      [500030, 4999960],
      [500050, 4999960],
    ].forEach(([x, y], i) => {
      expect(a[i][0]).toBeCloseTo(x!, 3);
      expect(a[i][1]).toBeCloseTo(y!, 3);
    });
    expect(result[1].geometry.coordinates).toHaveLength(25);
    expect(result[2].geometry.coordinates).toHaveLength(1);
  });

  it("vector_to_random_points with a seed answers the same points every time, inside the geometries", async () => {
    const graph = {
      load: load(),
      utm: utm("load"),
      points: { process_id: "vector_to_random_points", arguments: { data: { from_node: "utm" }, geometry_count: 4, seed: 42, group: false } },
      save: save("points"),
    };
    const first = await features(graph);
    expect(await features(graph)).toEqual(first);
    expect(first).toHaveLength(4 + 4 + 1);
    for (const f of first.slice(4, 8)) {
      const [x, y] = toUtm(f.geometry.coordinates[0], f.geometry.coordinates[1]);
      expect(x > 500200 - 1e-6 && x < 500300 + 1e-6 && y > 4999800 - 1e-6 && y < 4999900 + 1e-6).toBe(true);
    }
    await expectError(await post({ ...graph, points: { ...graph.points, arguments: { data: { from_node: "utm" }, total_count: 2 } } }), 400, "CountMismatch");
  });

  it("a vector cube from load_geojson feeds aggregate_spatial", async () => {
    const result = await features({
      cube: { process_id: "load_collection", arguments: { id: "vector-process-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04"] } },
      load: load(),
      stats: { process_id: "aggregate_spatial", arguments: { data: { from_node: "cube" }, geometries: { from_node: "load" }, reducer: { process_graph: { mean: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
      save: save("stats"),
    });
    // Box a covers the pixel centres x 2..5 (500025..500055), y 3..4 (4999965, 4999955): mean DN 1000 + 3.5 + 35.
    const key = "2024-07-01T00:00:00Z/B04";
    expect(result[0].properties[key]).toBeCloseTo(Math.fround((1000 + 3.5 + 35) * RED.scale + RED.offset), 5);
    // The point lies in pixel x 10, y 10.
    expect(result[2].properties[key]).toBeCloseTo(Math.fround((1000 + 10 + 100) * RED.scale + RED.offset), 5);
  });

  it("load_geojson refuses invalid GeoJSON before running", async () => {
    const res = await post({ load: { process_id: "load_geojson", arguments: { data: { type: "Polygon", coordinates: [[[0, 0], [1, 1]]] } } }, save: save("load") });
    await expectError(res, 400, "ProcessParameterInvalid");
  });
});
