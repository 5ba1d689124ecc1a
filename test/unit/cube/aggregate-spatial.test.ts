import { describe, expect, it } from "vitest";
import { dimensionsOf, isDataCube, type DataAccess, type LazyCube } from "../../../src/cube";
import { cubeArgument } from "../../../src/cube/parameters";
import type { VectorCube } from "../../../src/cube/vector";
import type { Grid } from "../../../src/raster/grid";
import { rasterCube } from "../../support/raster-cube";
import { errorCode as code, noData, runCubeProcess } from "../../support/run-process";

const run = (args: Record<string, unknown>, access = noData) => runCubeProcess("aggregate_spatial", args, access);

const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";
// 4 x 4 pixels of 1 degree: pixel (column i, row j) has its centre at (i + 0.5, 3.5 - j), index 4 j + i.
const grid: Grid = { crs: "EPSG:4326", bbox: [0, 0, 4, 4], width: 4, height: 4 };
// At T1 every pixel holds its index, at T2 its index + 100, pixel 9 no-data.
const later = Float32Array.from({ length: 16 }, (_, i) => (i === 9 ? NaN : i + 100));
const data = rasterCube(grid, [T1, T2], ["a"], [Float32Array.from({ length: 16 }, (_, i) => i), later]);

const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const geometries = {
  type: "FeatureCollection",
  features: [
    // Centres (0.5, 0.5) to (1.5, 1.5): pixels 8, 9, 12, 13.
    { type: "Feature", geometry: { type: "Polygon", coordinates: [square(0.2, 0.2, 1.8, 1.8)] }, properties: { name: "A" } },
    // Pixel 3.
    { type: "Feature", geometry: { type: "Point", coordinates: [3.5, 3.5] }, properties: { name: "B" } },
    { type: "Feature", geometry: null, properties: { name: "empty" } },
    { type: "Feature", geometry: { type: "Polygon", coordinates: [square(10, 10, 11, 11)] }, properties: { name: "beside" } },
  ],
};

const received: (number | null)[][] = [];
const sum = async ({ data: values }: Record<string, unknown>) => {
  received.push([...(values as (number | null)[])].sort((a, b) => (a ?? Infinity) - (b ?? Infinity)));
  return (values as (number | null)[]).reduce<number>((s, v) => s + (v ?? 0), 0);
};

describe("aggregate_spatial", () => {
  it("computes one value per geometry and label combination, no-data for geometries without pixels", async () => {
    received.length = 0;
    const result = (await run({ data, geometries, reducer: sum })) as VectorCube;
    expect(result.kind).toBe("vector");
    expect(result.crs).toBe("EPSG:4326");
    expect(result.geometries).toEqual(geometries.features);
    expect(result.dims.map((d) => d.name)).toEqual(["t", "bands"]);
    // T1: A = 8 + 9 + 12 + 13, B = 3; T2: A = 108 + 112 + 113 (109 is no-data), B = 103.
    expect(result.values.map((v) => Array.from(v))).toEqual([[42, 3, NaN, NaN], [333, 103, NaN, NaN]]);
    // The reducer sees no-data as null and is not called for the empty geometry or the one beside the cube.
    expect(received).toEqual([[8, 9, 12, 13], [3], [108, 112, 113, null], [103]]);
  });

  it("reads only the geometries' bounding box of a lazy cube", async () => {
    let asked: unknown;
    const recording: DataAccess = { ...noData, items: (_, query) => ((asked = query.bbox), Promise.reject(new Error("read"))) };
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
    await expect(run({ data: lazy, geometries, reducer: sum }, recording)).rejects.toThrow("read");
    // The box of A, B and the polygon beside the cube (the empty geometry has none).
    expect(asked).toEqual([0.2, 0.2, 11, 11]);
  });

  it("adds the pixel counts in target_dimension", async () => {
    const result = (await run({ data, geometries, reducer: sum, target_dimension: "stats" })) as VectorCube;
    expect(result.dims.at(-1)).toEqual({ name: "stats", type: "other", labels: ["value", "total_count", "valid_count"] });
    expect(result.values.map((v) => Array.from(v))).toEqual([
      [42, 3, NaN, NaN],
      [4, 1, 0, 0],
      [4, 1, 0, 0],
      [333, 103, NaN, NaN],
      [4, 1, 0, 0],
      [3, 1, 0, 0],
    ]);
  });

  it("takes the geometries of a vector cube and hands the reducer its context", async () => {
    const first = (await run({ data, geometries, reducer: sum })) as VectorCube;
    const scaled = (await run({ data, geometries: first, reducer: async ({ data: v, context }: Record<string, unknown>) => (v as number[]).length * (context as number), context: 10 })) as VectorCube;
    expect(scaled.geometries).toBe(first.geometries);
    expect(Array.from(scaled.values[0]!)).toEqual([40, 10, NaN, NaN]);
  });

  it("is a data cube with a geometry dimension, which raster-only processes refuse", async () => {
    const result = (await run({ data, geometries, reducer: sum })) as VectorCube;
    expect(isDataCube(result)).toBe(true);
    expect(dimensionsOf(result)).toEqual({
      geometry: { type: "geometry", axes: ["x", "y"], bbox: [0.2, 0.2, 11, 11], geometry_types: ["Polygon", "Point"], reference_system: "EPSG:4326" },
      t: { type: "temporal", extent: [T1, T2], values: [T1, T2] },
      bands: { type: "bands", values: ["a"] },
    });
    expect(() => cubeArgument(result, "reduce_dimension")).toThrow("expected a raster data cube");
    expect(await code(run({ data: result, geometries, reducer: sum }))).toBe("ProcessParameterInvalid");
  });

  it("puts a reducer's array answers along a dimension `index` (labels 0, 1, ...) before target_dimension's", async () => {
    // The smallest value and the count of values: A at T2 has 108, 112, 113 (and no-data).
    const lowestAndCount = async ({ data: v }: Record<string, unknown>) => {
      const values = (v as (number | null)[]).filter((x) => x !== null);
      return values.length ? [Math.min(...values), values.length] : [null, null];
    };
    const result = (await run({ data, geometries, reducer: lowestAndCount, target_dimension: "stats" })) as VectorCube;
    expect(result.dims.map((d) => [d.name, d.labels])).toEqual([["t", [T1, T2]], ["bands", [{ name: "a" }]], ["index", [0, 1]], ["stats", ["value", "total_count", "valid_count"]]]);
    const [t1, t2] = [result.values.slice(0, 6), result.values.slice(6)].map((plane) => plane.map((v) => Array.from(v)));
    expect(t1).toEqual([[8, 3, NaN, NaN], [4, 1, 0, 0], [4, 1, 0, 0], [4, 1, NaN, NaN], [4, 1, 0, 0], [4, 1, 0, 0]]);
    expect(t2).toEqual([[108, 103, NaN, NaN], [4, 1, 0, 0], [3, 1, 0, 0], [3, 1, NaN, NaN], [4, 1, 0, 0], [3, 1, 0, 0]]);
  });

  it("learns the shape of the answers from the reducer's answer to no pixels when no geometry covers any", async () => {
    const beside = { type: "Polygon", coordinates: [square(10, 10, 11, 11)] };
    const pair = async () => [1, 2];
    const result = (await run({ data, geometries: beside, reducer: pair })) as VectorCube;
    expect(result.dims.map((d) => d.name)).toEqual(["t", "bands", "index"]);
    expect(result.values.map((v) => Array.from(v))).toEqual([[NaN], [NaN], [NaN], [NaN]]);
  });

  it("fails for answers of different shapes, and for arrays where the cube has a dimension `index`", async () => {
    let calls = 0;
    expect(await code(run({ data, geometries, reducer: async () => (calls++ === 0 ? [1, 2] : 3) }))).toBe("ProcessParameterInvalid");
    calls = 0;
    expect(await code(run({ data, geometries, reducer: async () => (calls++ === 0 ? [1, 2] : [3]) }))).toBe("ProcessParameterInvalid");
    expect(await code(run({ data, geometries, reducer: async () => [1], target_dimension: "index" }))).toBe("ProcessParameterInvalid");
  });

  it("fails for an existing target dimension, bad reducer results and unusable geometries", async () => {
    expect(await code(run({ data, geometries, reducer: sum, target_dimension: "t" }))).toBe("TargetDimensionExists");
    expect(await code(run({ data, geometries, reducer: sum, target_dimension: "geometry" }))).toBe("TargetDimensionExists");
    expect(await code(run({ data, geometries, reducer: async () => "text" }))).toBe("ProcessParameterInvalid");
    expect(await code(run({ data, geometries: data, reducer: sum }))).toBe("ProcessParameterInvalid");
    expect(await code(run({ data, geometries: { type: "Feature", geometry: null, properties: {} }, reducer: sum }))).toBe("ProcessParameterInvalid");
  });
});
