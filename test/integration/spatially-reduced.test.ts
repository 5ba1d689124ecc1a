/**
 * reduce_spatial's cubes without spatial dimensions through POST /result: as JSON (the default),
 * netCDF and CSV, processed further by label processes, refused by GTiff; and the label processes
 * on aggregate_spatial's vector cubes. Expected values are recomputed here from the fixture's
 * digital numbers.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { pointTransform } from "../../src/raster/crs";
import { ingestCubeScenes, NIR, RED } from "../support/cube-fixture";
import { expectError, loginAs, request } from "../support/http";
import { readNetcdf, values, variable } from "../support/netcdf-reader";
import { utmGrid } from "../support/raster-fixtures";

const SIDE = 12;
const DAYS = [1, 2, 3];
const DATES = DAYS.map((d) => `2024-05-0${d}T00:00:00Z`);
const dn = (band: string, d: number, x: number, y: number) => (band === "B04" ? 1000 + 10 * x + 3 * y + 50 * d : 3000 - 5 * x + 7 * y + 100 * d);
const value = (band: string, d: number, x: number, y: number) => Math.fround(dn(band, d, x, y) * 0.0001 - 0.1);
/** The mean of a band's pixels in columns [c0, c1) and rows [r0, r1) on day d (the whole grid by default). */
function mean(band: string, d: number, [c0, r0, c1, r1] = [0, 0, SIDE, SIDE]): number {
  let sum = 0;
  for (let y = r0!; y < r1!; y++) for (let x = c0!; x < c1!; x++) sum += value(band, d, x, y);
  return sum / ((c1! - c0!) * (r1! - r0!));
}

const callback = (process_id: string, args: Record<string, unknown>) => ({ process_graph: { r: { process_id, arguments: args, result: true } } });
const load = { process_id: "load_collection", arguments: { id: "spatially-reduced", spatial_extent: null, temporal_extent: null, bands: ["B04", "B08"] } };
const reduce = { process_id: "reduce_spatial", arguments: { data: { from_node: "load" }, reducer: callback("mean", { data: { from_parameter: "data" } }) } };
const save = (from: string, format: string) => ({ process_id: "save_result", arguments: { data: { from_node: from }, format }, result: true });

beforeAll(async () => {
  const scenes = DAYS.map((d) => ({ id: `R${d}`, datetime: `2024-05-0${d}T10:00:00Z`, grid: utmGrid(SIDE, SIDE), cloud: 0, values: { B04: (x: number, y: number) => dn("B04", d, x, y), B08: (x: number, y: number) => dn("B08", d, x, y) } }));
  await ingestCubeScenes(env.DATA, "spatially-reduced", scenes, [RED, NIR]);
});

async function post(graph: Record<string, unknown>): Promise<Response> {
  return request("/v1/result", { method: "POST", headers: { Authorization: await loginAs("alice"), "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}
async function ok(res: Response): Promise<Response> {
  if (res.status !== 200) expect(res.status, await res.text()).toBe(200);
  return res;
}

interface CubeJson {
  type: string;
  order: string[];
  dimensions: Record<string, { type: string; values: unknown[] }>;
  data: unknown;
}

describe("reduce_spatial's result", () => {
  it("is JSON over t and bands by default: each date's and band's mean over the extent", async () => {
    const res = await ok(await post({ load, reduce: { ...reduce, result: true } }));
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const cube = (await res.json()) as CubeJson;
    expect([cube.type, cube.order, cube.dimensions]).toEqual(["datacube", ["t", "bands"], { t: { type: "temporal", values: DATES }, bands: { type: "bands", values: ["B04", "B08"] } }]);
    const data = cube.data as number[][];
    for (const [i, d] of DAYS.entries()) for (const [b, band] of ["B04", "B08"].entries()) expect(data[i]![b]!, `${d} ${band}`).toBeCloseTo(mean(band, d), 10);
  });

  it("is netCDF with a double variable per band over t, and no x, y or grid mapping", async () => {
    const res = await ok(await post({ load, reduce, save: save("reduce", "netCDF") }));
    const file = readNetcdf(new Uint8Array(await res.arrayBuffer()));
    expect(file.dimensions).toEqual([{ name: "t", length: 3 }]);
    expect(file.variables.map((v) => v.name)).toEqual(["t", "B04", "B08"]);
    expect(values(file, "t")).toEqual(DATES.map((date) => Date.parse(date) / 86400000));
    for (const band of ["B04", "B08"]) {
      expect(variable(file, band).dimensions).toEqual(["t"]);
      values(file, band).forEach((v, i) => expect(v, `${band} ${i}`).toBeCloseTo(mean(band, DAYS[i]!), 10));
    }
  });

  it("is CSV with a row per date and band", async () => {
    const text = await (await ok(await post({ load, reduce, save: save("reduce", "CSV") }))).text();
    const rows = text.trim().split("\r\n").map((line) => line.split(","));
    expect(rows[0]).toEqual(["t", "bands", "value"]);
    expect(rows.slice(1).map(([t, band]) => [t, band])).toEqual(DATES.flatMap((date) => [[date, "B04"], [date, "B08"]]));
    rows.slice(1).forEach(([, band, v], k) => expect(Number(v), `row ${k}`).toBeCloseTo(mean(band!, DAYS[Math.floor(k / 2)]!), 10));
  });

  it("goes on to reduce_dimension over t, apply and filter_labels, per label combination", async () => {
    const latest = { process_id: "reduce_dimension", arguments: { data: { from_node: "reduce" }, dimension: "t", reducer: callback("max", { data: { from_parameter: "data" } }) } };
    const scaled = { process_id: "apply", arguments: { data: { from_node: "latest" }, process: callback("multiply", { x: { from_parameter: "x" }, y: 100 }) } };
    const nir = { process_id: "filter_labels", arguments: { data: { from_node: "scaled" }, dimension: "bands", condition: callback("eq", { x: { from_parameter: "value" }, y: "B08" }) } };
    const cube = (await (await ok(await post({ load, reduce, latest, scaled, nir, save: save("nir", "JSON") }))).json()) as CubeJson;
    expect([cube.order, cube.dimensions]).toEqual([["bands"], { bands: { type: "bands", values: ["B08"] } }]);
    // B08 grows by 100 DN a day: the last day's mean is the largest.
    expect((cube.data as number[])[0]!).toBeCloseTo(100 * mean("B08", 3), 8);
  });

  it("goes on to filter_temporal, filter_bands, rename_dimension and ndvi, which only move or combine its values", async () => {
    const later = { process_id: "filter_temporal", arguments: { data: { from_node: "reduce" }, extent: [DATES[1], "2024-05-04"] } };
    const index = { process_id: "ndvi", arguments: { data: { from_node: "later" }, target_band: "NDVI" } };
    const bands = { process_id: "filter_bands", arguments: { data: { from_node: "index" }, bands: ["NDVI", "B04"] } };
    const renamed = { process_id: "rename_dimension", arguments: { data: { from_node: "bands" }, source: "t", target: "time" } };
    const cube = (await (await ok(await post({ load, reduce, later, index, bands, renamed, save: save("renamed", "JSON") }))).json()) as CubeJson;
    expect([cube.order, cube.dimensions]).toEqual([["time", "bands"], { time: { type: "temporal", values: DATES.slice(1) }, bands: { type: "bands", values: ["NDVI", "B04"] } }]);
    const data = cube.data as number[][];
    for (const [i, d] of DAYS.slice(1).entries()) {
      const [red, nir] = [mean("B04", d), mean("B08", d)];
      expect(data[i]![0]!, `NDVI ${d}`).toBeCloseTo((nir - red) / (nir + red), 6);
      expect(data[i]![1]!, `B04 ${d}`).toBeCloseTo(red, 10);
    }
  });

  it("goes on to apply_dimension over t and bands, and aggregate_temporal_period", async () => {
    const running = { process_id: "apply_dimension", arguments: { data: { from_node: "reduce" }, dimension: "t", process: callback("cumsum", { data: { from_parameter: "data" } }) } };
    const sorted = { process_id: "apply_dimension", arguments: { data: { from_node: "running" }, dimension: "bands", process: callback("sort", { data: { from_parameter: "data" }, asc: false }) } };
    const cube = (await (await ok(await post({ load, reduce, running, sorted, save: save("sorted", "JSON") }))).json()) as CubeJson;
    expect(cube.order).toEqual(["t", "bands"]);
    // apply_dimension's callbacks answer float32, as for a raster's pixels.
    const data = cube.data as number[][];
    for (const [i] of DAYS.entries()) {
      const sums = ["B04", "B08"].map((band) => DAYS.slice(0, i + 1).reduce((n, d) => n + mean(band, d), 0)).sort((a, b) => b - a);
      expect(data[i]![0]!, `day ${i} first`).toBeCloseTo(sums[0]!, 6);
      expect(data[i]![1]!, `day ${i} second`).toBeCloseTo(sums[1]!, 6);
    }
    const monthly = { process_id: "aggregate_temporal_period", arguments: { data: { from_node: "reduce" }, period: "month", reducer: callback("mean", { data: { from_parameter: "data" } }) } };
    const month = (await (await ok(await post({ load, reduce, monthly, save: save("monthly", "JSON") }))).json()) as CubeJson;
    expect([month.order, month.dimensions.t!.values]).toEqual([["t", "bands"], ["2024-05"]]);
    for (const [b, band] of ["B04", "B08"].entries()) expect((month.data as number[][])[0]![b]!).toBeCloseTo(DAYS.reduce((n, d) => n + mean(band, d), 0) / DAYS.length, 6);
  });

  it("is refused by processes that need x and y, naming reduce_spatial", async () => {
    const kernel = { process_id: "apply_kernel", arguments: { data: { from_node: "reduce" }, kernel: [[1]] }, result: true };
    const error = await expectError(await post({ load, reduce, kernel }), 400, "ProcessParameterInvalid");
    expect(error.message).toMatch(/reduce_spatial removed this cube's spatial dimensions/);
  });

  it("has no x: dimension_labels fails as for any missing dimension, and t's labels remain", async () => {
    const labels = (dimension: string) => ({ process_id: "dimension_labels", arguments: { data: { from_node: "reduce" }, dimension }, result: true });
    await expectError(await post({ load, reduce, labels: labels("x") }), 400, "DimensionNotAvailable");
    expect(await (await ok(await post({ load, reduce, labels: labels("t") }))).json()).toEqual(DATES);
  });

  it("is refused by GTiff and GeoJSON, saying which formats take it", async () => {
    for (const format of ["GTiff", "GeoJSON"]) {
      const error = await expectError(await post({ load, reduce, save: save("reduce", format) }), 400, "FormatUnsuitable");
      expect(error.message).toMatch(/JSON, CSV or netCDF/);
    }
  });
});

describe("label processes on aggregate_spatial's vector cubes", () => {
  const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
  const BOXES = [[1, 1, 5, 4], [6, 6, 11, 12]] as const;
  const polygon = ([c0, r0, c1, r1]: readonly number[]) => ({ type: "Polygon", coordinates: [[[c0, r0], [c1, r0], [c1, r1], [c0, r1], [c0, r0]].map(([c, r]) => toLonLat(500000 + 10 * c!, 5000000 - 10 * r!))] });
  const geometries = { type: "FeatureCollection", features: BOXES.map((b, g) => ({ type: "Feature", properties: { zone: g }, geometry: polygon(b) })) };
  const loadBands = (bands: string[]) => ({ process_id: "load_collection", arguments: { ...load.arguments, bands } });
  const zones = (from: string) => ({ process_id: "aggregate_spatial", arguments: { data: { from_node: from }, geometries, reducer: callback("mean", { data: { from_parameter: "data" } }) } });
  const zonesOf = (bands: string[]) => ({ load: loadBands(bands), zones: zones("load") });
  const properties = async (res: Response) => ((await (await ok(res)).json()) as { features: { properties: Record<string, unknown> }[] }).features.map((f) => f.properties);

  it("filter_labels over t and the geometries, then rename_labels of the bands", async () => {
    const early = { process_id: "filter_labels", arguments: { data: { from_node: "zones" }, dimension: "t", condition: callback("eq", { x: { from_parameter: "value" }, y: DATES[0] }) } };
    const second = { process_id: "filter_labels", arguments: { data: { from_node: "early" }, dimension: "geometry", condition: callback("eq", { x: { from_parameter: "value" }, y: 1 }) } };
    const renamed = { process_id: "rename_labels", arguments: { data: { from_node: "second" }, dimension: "bands", source: ["B04", "B08"], target: ["red", "nir"] } };
    const found = await properties(await post({ ...zonesOf(["B04", "B08"]), early, second, renamed, save: save("renamed", "GeoJSON") }));
    expect(found.map((p) => Object.keys(p))).toEqual([["zone", `${DATES[0]}/red`, `${DATES[0]}/nir`]]);
    expect(found[0]!.zone).toBe(1);
    expect(found[0]![`${DATES[0]}/red`] as number).toBeCloseTo(mean("B04", 1, [...BOXES[1]]), 10);
    expect(found[0]![`${DATES[0]}/nir`] as number).toBeCloseTo(mean("B08", 1, [...BOXES[1]]), 10);
  });

  it("merge_cubes of the zonal means of two bands computed apart, with an overlap resolver where both have a band", async () => {
    const graph = {
      loadRed: loadBands(["B04"]),
      loadBoth: loadBands(["B04", "B08"]),
      red: zones("loadRed"),
      both: zones("loadBoth"),
      merged: { process_id: "merge_cubes", arguments: { cube1: { from_node: "red" }, cube2: { from_node: "both" }, overlap_resolver: callback("add", { x: { from_parameter: "x" }, y: { from_parameter: "y" } }) } },
      last: { process_id: "filter_labels", arguments: { data: { from_node: "merged" }, dimension: "t", condition: callback("eq", { x: { from_parameter: "value" }, y: DATES[2] }) } },
      flat: { process_id: "drop_dimension", arguments: { data: { from_node: "last" }, name: "t" } },
      save: save("flat", "GeoJSON"),
    };
    const found = await properties(await post(graph));
    for (const [g, b] of BOXES.entries()) {
      // B04 is in both cubes: the resolver adds the two (equal) means; B08 only in the second.
      expect(found[g]!.B04 as number, `${g}`).toBeCloseTo(2 * mean("B04", 3, [...b]), 10);
      expect(found[g]!.B08 as number, `${g}`).toBeCloseTo(mean("B08", 3, [...b]), 10);
    }
    const unresolved = { ...graph, merged: { process_id: "merge_cubes", arguments: { cube1: { from_node: "red" }, cube2: { from_node: "both" } } } };
    await expectError(await post(unresolved), 400, "OverlapResolverMissing");
  });

  it("dimension_labels of the geometries and add_dimension", async () => {
    const labels = { process_id: "dimension_labels", arguments: { data: { from_node: "zones" }, dimension: "geometry" }, result: true };
    expect(await (await ok(await post({ ...zonesOf(["B04"]), labels }))).json()).toEqual([0, 1]);
    const added = { process_id: "add_dimension", arguments: { data: { from_node: "zones" }, name: "run", label: "r1" } };
    const found = await properties(await post({ ...zonesOf(["B04"]), added, save: save("added", "GeoJSON") }));
    expect(Object.keys(found[0]!)).toEqual(["zone", ...DATES.map((date) => `r1/${date}/B04`)]);
  });
});
