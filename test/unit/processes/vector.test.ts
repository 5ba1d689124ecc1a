/** The vector cube processes called directly: load_geojson's properties, reprojection, buffers, filters, sampling, and their refusals. */
import { describe, expect, it } from "vitest";
import { WorkBudget } from "../../../src/budget";
import type { Feature } from "../../../src/cube/geojson";
import type { GeometryCube } from "../../../src/cube/vector";
import { PROCESSES } from "../../../src/processes";
import { pointTransform } from "../../../src/raster/crs";
import { errorCode, run } from "./run-process";

const feature = (geometry: unknown, properties: Record<string, unknown> | null = {}, id?: string) => ({ type: "Feature", geometry, properties, ...(id ? { id } : {}) });
const collection = (...features: unknown[]) => ({ type: "FeatureCollection", features });
const point = (x: number, y: number) => ({ type: "Point", coordinates: [x, y] });
const box = (w: number, s: number, e: number, n: number) => ({ type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

/** A vector cube in UTM 33N (metres), made as load_geojson and vector_reproject would. */
function utmCube(features: Feature[], values: Float64Array[] = []): GeometryCube {
  return { kind: "vector", crs: "EPSG:32633", geometries: features, dims: values.length ? [{ name: "properties", type: "other", labels: values.map((_, k) => `p${k}`) }] : [], values };
}

describe("load_geojson", () => {
  const data = collection(
    feature(point(10, 50), { a: 1, b: true, list: [1, 2, 3], name: "x" }, "f1"),
    feature(point(11, 51), { a: null, b: false, list: [4] }),
    feature(null, { a: 3 }),
  );

  it("keeps the features as the geometry dimension, in WGS 84, without values when no properties are named", async () => {
    const cube = (await run("load_geojson", { data })) as GeometryCube;
    expect(cube).toMatchObject({ kind: "vector", crs: "EPSG:4326", dims: [], values: [] });
    expect(cube.geometries.map((f) => f.id)).toEqual(["f1", undefined, undefined]);
    expect(cube.geometries[2]!.geometry).toBeNull();
    const bare = (await run("load_geojson", { data: point(1, 2) })) as GeometryCube;
    expect(bare.geometries).toEqual([{ type: "Feature", geometry: point(1, 2), properties: {} }]);
  });

  it("makes a properties dimension: one label per property, numbers as they are, booleans 1/0, missing and null no-data", async () => {
    const cube = (await run("load_geojson", { data, properties: ["a", "b"] })) as GeometryCube;
    expect(cube.dims).toEqual([{ name: "properties", type: "other", labels: ["a", "b"] }]);
    expect([...cube.values[0]!]).toEqual([1, NaN, 3]);
    expect([...cube.values[1]!]).toEqual([1, 0, NaN]);
  });

  it("makes one label per index of a single array property, up to the longest array", async () => {
    const cube = (await run("load_geojson", { data, properties: ["list"] })) as GeometryCube;
    expect(cube.dims[0]!.labels).toEqual([0, 1, 2]);
    expect(cube.values.map((plane) => [...plane])).toEqual([
      [1, 4, NaN],
      [2, NaN, NaN],
      [3, NaN, NaN],
    ]);
  });

  it("refuses text values, arrays among several properties and GeometryCollections", async () => {
    expect(await errorCode(Promise.resolve().then(() => run("load_geojson", { data, properties: ["name"] })))).toBe("ProcessParameterInvalid");
    expect(await errorCode(Promise.resolve().then(() => run("load_geojson", { data, properties: ["a", "list"] })))).toBe("ProcessParameterInvalid");
    const geometries = { type: "GeometryCollection", geometries: [point(0, 0)] };
    expect(await errorCode(Promise.resolve().then(() => run("load_geojson", { data: geometries })))).toBe("ProcessParameterInvalid");
  });
});

describe("vector_reproject", () => {
  it("transforms every position, keeping values and properties", async () => {
    const cube = (await run("load_geojson", { data: collection(feature(point(15, 45), { a: 2 })), properties: ["a"] })) as GeometryCube;
    const utm = (await run("vector_reproject", { data: cube, projection: 32633 })) as GeometryCube;
    expect(utm.crs).toBe("EPSG:32633");
    const [x, y] = pointTransform("EPSG:4326", "EPSG:32633")(15, 45);
    expect(utm.geometries[0]!.geometry).toEqual({ type: "Point", coordinates: [x, y] });
    expect(utm.values).toBe(cube.values);
    expect(utm.geometries[0]!.properties).toEqual({ a: 2 });
  });

  it("refuses another dimension and an unknown CRS", async () => {
    const cube = utmCube([feature(point(500000, 5000000)) as Feature]);
    expect(await errorCode(Promise.resolve().then(() => run("vector_reproject", { data: cube, projection: 4326, dimension: "properties" })))).toBe("DimensionNotAvailable");
    expect(await errorCode(Promise.resolve().then(() => run("vector_reproject", { data: cube, projection: 999999 })))).toBe("ProcessParameterInvalid");
  });
});

describe("vector_buffer", () => {
  it("refuses degrees with UnitMismatch, naming the UTM zone to reproject to", async () => {
    const cube = await run("load_geojson", { data: point(15.2, 47.1) });
    const error = await run("vector_buffer", { geometries: cube, distance: 10 }).catch((e: Error & { code: string }) => e);
    expect((error as { code: string }).code).toBe("UnitMismatch");
    expect((error as Error).message).toContain("EPSG:32633");
  });

  it("buffers in metres, keeping ids and values, empty geometries passed through", async () => {
    const values = [Float64Array.from([7, 8])];
    const cube = utmCube([feature(point(500000, 5000000), { n: 1 }, "p") as Feature, feature(null) as Feature], values);
    const result = (await run("vector_buffer", { geometries: cube, distance: 5 })) as GeometryCube;
    expect(result.geometries[0]!.id).toBe("p");
    expect(result.geometries[0]!.geometry!.type).toBe("Polygon");
    expect(result.geometries[1]!.geometry).toBeNull();
    expect(result.values).toBe(values);
  });

  it("checks the edges against the budget before buffering", async () => {
    const cube = utmCube([feature({ type: "MultiPoint", coordinates: Array.from({ length: 2000 }, (_, i) => [500000 + i, 5000000]) }) as Feature]);
    const small = new WorkBudget({ maxValueBytes: 2 ** 20, maxOperations: 1e9, maxMillis: 10_000 });
    await expect(Promise.resolve().then(() => PROCESSES.get("vector_buffer")!.run({ geometries: cube, distance: 1 }, { log: () => {}, budget: small }))).rejects.toThrow(/buffers' edges/);
  });
});

describe("filter_vector", () => {
  const candidates = utmCube(
    [feature(box(0, 0, 10, 10), {}, "inside") as Feature, feature(box(90, 0, 110, 10), {}, "across") as Feature, feature(box(200, 0, 210, 10), {}, "outside") as Feature, feature(null, {}, "empty") as Feature],
    [Float64Array.from([1, 2, 3, 4])],
  );
  const base = utmCube([feature(box(-5, -5, 100, 50)) as Feature]);

  it.each([
    ["intersects", ["inside", "across"], [1, 2]],
    ["within", ["inside"], [1]],
    ["overlaps", ["across"], [2]],
    ["disjoint", ["outside"], [3]],
  ])("%s keeps the candidates that have the relation to the base, with their values", async (relation, ids, values) => {
    const result = (await run("filter_vector", { data: candidates, geometries: base, relation })) as GeometryCube;
    expect(result.geometries.map((f) => f.id)).toEqual(ids);
    expect([...result.values[0]!]).toEqual(values);
  });

  it("transforms the base to the candidates' CRS", async () => {
    const toLonLat = pointTransform("EPSG:32633", "EPSG:4326");
    const [w, s] = toLonLat(499000, 4999000);
    const [e, n] = toLonLat(501000, 5001000);
    const wgs84 = await run("load_geojson", { data: box(w, s, e, n) });
    const data = utmCube([feature(point(500000, 5000000)) as Feature, feature(point(510000, 5000000)) as Feature]);
    const result = (await run("filter_vector", { data, geometries: wgs84 })) as GeometryCube;
    expect(result.geometries).toHaveLength(1);
  });

  it("refuses GeoJSON and empty bases", async () => {
    expect(await errorCode(Promise.resolve().then(() => run("filter_vector", { data: candidates, geometries: box(0, 0, 1, 1) })))).toBe("ProcessParameterInvalid");
    expect(await errorCode(Promise.resolve().then(() => run("filter_vector", { data: candidates, geometries: utmCube([feature(null) as Feature]) })))).toBe("ProcessParameterInvalid");
  });
});

describe("sampling points", () => {
  const cube = utmCube([feature(box(0, 0, 25, 25), { k: 1 }, "sq") as Feature, feature(null, {}, "none") as Feature], [Float64Array.from([5, 6])]);

  it("vector_to_regular_points groups a MultiPoint per geometry, or gives a Point per sample with its geometry's values", async () => {
    const grouped = (await run("vector_to_regular_points", { data: cube, distance: 10 })) as GeometryCube;
    expect(grouped.geometries[0]).toMatchObject({ id: "sq", properties: { k: 1 }, geometry: { type: "MultiPoint" } });
    expect((grouped.geometries[0]!.geometry as { coordinates: unknown[] }).coordinates).toHaveLength(9);
    expect(grouped.geometries[1]!.geometry).toBeNull();
    const single = (await run("vector_to_regular_points", { data: cube, distance: 10, group: false })) as GeometryCube;
    expect(single.geometries).toHaveLength(10);
    expect(single.geometries[0]).toEqual({ type: "Feature", geometry: { type: "Point", coordinates: [5, 20] }, properties: { k: 1 } });
    expect([...single.values[0]!]).toEqual([...Array<number>(9).fill(5), 6]);
  });

  it("vector_to_regular_points checks the number of points against the budget first", async () => {
    const huge = utmCube([feature(box(0, 0, 1e6, 1e6)) as Feature]);
    expect(await errorCode(Promise.resolve().then(() => run("vector_to_regular_points", { data: huge, distance: 0.01 })))).toBe("ProcessGraphComplexity");
  });

  it("vector_to_random_points: seeded, counted per geometry or overall, CountMismatch below one per geometry", async () => {
    const two = utmCube([feature(box(0, 0, 10, 10)) as Feature, feature(box(100, 0, 110, 10)) as Feature]);
    const count = (c: GeometryCube) => c.geometries.map((f) => (f.geometry as { coordinates: unknown[] }).coordinates.length);
    const first = (await run("vector_to_random_points", { data: two, seed: 5, geometry_count: 3 })) as GeometryCube;
    expect(count(first)).toEqual([3, 3]);
    expect(await run("vector_to_random_points", { data: two, seed: 5, geometry_count: 3 })).toEqual(first);
    expect(await run("vector_to_random_points", { data: two, seed: 6, geometry_count: 3 })).not.toEqual(first);
    expect(count((await run("vector_to_random_points", { data: two, seed: 1 })) as GeometryCube)).toEqual([1, 1]);
    expect(count((await run("vector_to_random_points", { data: two, seed: 1, total_count: 5 })) as GeometryCube)).toEqual([3, 2]);
    expect(count((await run("vector_to_random_points", { data: two, seed: 1, total_count: 9, geometry_count: 2 })) as GeometryCube)).toEqual([2, 2]);
    expect(await errorCode(Promise.resolve().then(() => run("vector_to_random_points", { data: two, total_count: 1 })))).toBe("CountMismatch");
    const ungrouped = (await run("vector_to_random_points", { data: two, seed: 2, geometry_count: 2, group: false })) as GeometryCube;
    expect(ungrouped.geometries.map((f) => f.geometry!.type)).toEqual(["Point", "Point", "Point", "Point"]);
    expect(await errorCode(Promise.resolve().then(() => run("vector_to_random_points", { data: two, geometry_count: 1e9 })))).toBe("ProcessGraphComplexity");
  });
});
