/** Vector data cubes (aggregate_spatial's zonal statistics) delivered as GeoJSON and CSV, synchronously and as batch job results. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { pointTransform } from "../../src/raster/crs";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { call, finishedJob, pathOf, type Job } from "../support/jobs";
import { utmGrid } from "../support/raster-fixtures";

// One date, 32 x 32 px of 10 m (UTM 33N, top-left 500000/5000000); red DN 1000 + x + 10 y, nir 3000 + 3x.
const red = (x: number, y: number) => 1000 + x + 10 * y;
const nir = (x: number) => 3000 + 3 * x;
const SCENES = [{ id: "V1", datetime: "2024-07-01T10:00:00Z", grid: utmGrid(32, 32), cloud: 0, values: { B04: red, B08: nir } }];
const DAY = "2024-07-01T00:00:00Z";
const scaled = (dn: number) => Math.fround(dn * RED.scale - 0.1);

const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
/** Pixels x0..x1-1, y0..y1-1 as a WGS 84 polygon whose edges lie 2 m inside them (centres are 5 m inside). */
function pixelBox(x0: number, y0: number, x1: number, y1: number): [number, number][][] {
  const [w, e, n, s] = [500000 + 10 * x0 + 2, 500000 + 10 * x1 - 2, 5000000 - 10 * y0 - 2, 5000000 - 10 * y1 + 2];
  return [[[w, s], [e, s], [e, n], [w, n], [w, s]].map(([x, y]) => toLonLat(x!, y!))];
}
const BOX = { x0: 2, y0: 3, x1: 6, y1: 5 };
const POINT = { x: 20, y: 10 };
const GEOMETRIES = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", id: "box", properties: { name: "box" }, geometry: { type: "Polygon", coordinates: pixelBox(BOX.x0, BOX.y0, BOX.x1, BOX.y1) } },
    { type: "Feature", properties: { name: "point" }, geometry: { type: "Point", coordinates: toLonLat(500000 + 10 * POINT.x + 5, 5000000 - 10 * POINT.y - 5) } },
  ],
};

/** The mean of each band over each geometry's pixels, recomputed from the scenes' DNs in the same order (rows, then columns): [geometry][band]. */
function expectedMeans(): [number, number][] {
  const boxPixels: [number, number][] = [];
  for (let y = BOX.y0; y < BOX.y1; y++) for (let x = BOX.x0; x < BOX.x1; x++) boxPixels.push([x, y]);
  const mean = (pixels: [number, number][], band: (x: number, y: number) => number) => pixels.reduce((s, [x, y]) => s + band(x, y), 0) / pixels.length;
  const bands = [(x: number, y: number) => scaled(red(x, y)), (x: number) => scaled(nir(x))];
  return [boxPixels, [[POINT.x, POINT.y]] as [number, number][]].map((pixels) => bands.map((band) => mean(pixels, band)) as [number, number]);
}

const graph = (save?: { format: string; options?: Record<string, unknown> }, data = "zones") => ({
  load: { process_id: "load_collection", arguments: { id: "vector-scenes", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } },
  zones: {
    process_id: "aggregate_spatial",
    arguments: { data: { from_node: "load" }, geometries: GEOMETRIES, reducer: { process_graph: { mean: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } },
    ...(save ? {} : { result: true }),
  },
  ...(save ? { save: { process_id: "save_result", arguments: { data: { from_node: data }, ...save }, result: true } } : {}),
});

async function post(processGraph: Record<string, unknown>): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: processGraph } }) });
}

function expectFeatures(collection: Job): void {
  expect(collection.type).toBe("FeatureCollection");
  expect(collection.features.map((f: Job) => f.properties.name)).toEqual(["box", "point"]);
  expect(collection.features[0].id).toBe("box");
  expect(collection.features[0].geometry).toEqual(GEOMETRIES.features[0]!.geometry);
  expectedMeans().forEach(([b04, b08], g) => {
    const properties = collection.features[g].properties;
    expect(Object.keys(properties).sort()).toEqual([`${DAY}/B04`, `${DAY}/B08`, "name"]);
    expect(properties[`${DAY}/B04`]).toBeCloseTo(b04, 6);
    expect(properties[`${DAY}/B08`]).toBeCloseTo(b08, 6);
  });
}

beforeAll(async () => {
  await ingestCubeScenes(env.DATA, "vector-scenes", SCENES, [RED, NIR]);
});

describe("vector results", () => {
  it("POST /result writes zonal statistics as GeoJSON: a Feature per geometry, a property per date and band", async () => {
    const res = await post(graph({ format: "GeoJSON" }));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/geo+json");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="result.geojson"');
    expectFeatures(await res.json());
  });

  it("without save_result, a vector cube is GeoJSON (a raster cube stays GTiff)", async () => {
    const res = await post(graph());
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/geo+json");
    expectFeatures(await res.json());
    const raster = await post({ load: { ...graph().load, result: true } });
    expect(raster.headers.get("Content-Type")).toMatch(/^image\/tiff/);
  });

  it("POST /result writes zonal statistics as CSV: a row per geometry and label combination, with WKT", async () => {
    const res = await post(graph({ format: "csv" }));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv");
    const [header, ...rows] = (await res.text()).trimEnd().split("\r\n");
    expect(header).toBe("feature_index,t,bands,value,geometry");
    expect(rows).toHaveLength(4);
    const means = expectedMeans();
    rows.forEach((row, r) => {
      const [g, band] = [Math.floor(r / 2), r % 2];
      const fields = row.match(/^(\d+),([^,]+),([^,]+),([^,]+),(.*)$/)!;
      expect(fields.slice(1, 4)).toEqual([String(g), DAY, ["B04", "B08"][band]]);
      expect(Number(fields[4])).toBeCloseTo(means[g]![band]!, 6);
      expect(fields[5]).toMatch(g === 0 ? /^"POLYGON \(\(15\.\d+ 45\.\d+, / : /^POINT \(15\.\d+ 45\.\d+\)$/);
    });
    const [lon, lat] = GEOMETRIES.features[1]!.geometry.coordinates as unknown as number[];
    expect(rows[2]).toContain(`POINT (${lon} ${lat})`);
  });

  it("a format for the other kind of cube is FormatUnsuitable", async () => {
    await expectError(await post(graph({ format: "GTiff" })), 400, "FormatUnsuitable");
    await expectError(await post(graph({ format: "GeoJSON" }, "load")), 400, "FormatUnsuitable");
    await expectError(await post(graph({ format: "CSV" }, "load")), 400, "FormatUnsuitable");
    await expectError(await post(graph({ format: "CSV", options: { geometry: "no" } })), 400, "ProcessParameterInvalid");
  });

  it("a batch job's vector result is one data asset of its media type", async () => {
    for (const [process, name, type] of [
      [{ process_graph: graph({ format: "CSV", options: { geometry: false } }) }, "result.csv", "text/csv"],
      [{ process_graph: graph() }, "result.geojson", "application/geo+json"],
    ] as const) {
      const results = (await (await call("GET", `/jobs/${await finishedJob(process)}/results`, { user: "alice" })).json()) as Job;
      // The Item lies around the geometries and is dated by the cube's one date.
      const positions = [...pixelBox(BOX.x0, BOX.y0, BOX.x1, BOX.y1)[0]!, GEOMETRIES.features[1]!.geometry.coordinates as [number, number]];
      const around = [Math.min(...positions.map((p) => p[0]!)), Math.min(...positions.map((p) => p[1]!)), Math.max(...positions.map((p) => p[0]!)), Math.max(...positions.map((p) => p[1]!))];
      (results.bbox as number[]).forEach((value, i) => expect(value).toBeCloseTo(around[i]!, 9));
      expect(results.geometry.type).toBe("Polygon");
      expect(results.properties.datetime).toBe(new Date(DAY).toISOString());
      const data = Object.entries(results.assets as Record<string, Job>).filter(([, asset]) => asset.roles.includes("data"));
      expect(data.map(([key, asset]) => [key, asset.type])).toEqual([[name, type]]);
      const download = await request(pathOf(data[0]![1].href));
      expect(download.status).toBe(200);
      expect(download.headers.get("Content-Type")).toBe(type);
      if (name === "result.geojson") expectFeatures(await download.json());
      else expect((await download.text()).split("\r\n").slice(0, 2)).toEqual(["feature_index,t,bands,value", `0,${DAY},B04,${expectedMeans()[0]![0]}`]);
    }
  });
});
