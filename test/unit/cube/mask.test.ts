import { describe, expect, it } from "vitest";
import type { DataAccess, LazyCube, RasterCube } from "../../../src/cube";
import type { VectorCube } from "../../../src/cube/vector";
import { pointTransform } from "../../../src/raster/crs";
import type { Grid } from "../../../src/raster/grid";
import { rasterCube } from "../../support/raster-cube";
import { errorCode as code, noData, runCubeProcess as run } from "../../support/run-process";

const values = (c: unknown) => (c as RasterCube).planes.map((p) => Array.from(p));
const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";

// 2 x 2 pixels of 10 m: index 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
const small: Grid = { crs: "EPSG:32633", bbox: [0, 0, 20, 20], width: 2, height: 2 };

describe("mask", () => {
  // t = T1 holds 1..4, t = T2 holds 5..8 (index 2 of T2 no-data).
  const data = rasterCube(small, [T1, T2], null, [Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, NaN, 8)]);

  it("replaces where the mask is non-zero, for every time step of a mask without t", async () => {
    const mask = rasterCube(small, null, null, [Float32Array.of(1, 0, 2.5, NaN)]);
    // Non-zero at 0 and 2; 0 and no-data (NaN) mask nothing. The no-data pixel of T2 under the mask stays no-data (the default replacement).
    expect(values(await run("mask", { data, mask }))).toEqual([[NaN, 2, NaN, 4], [NaN, 6, NaN, 8]]);
    expect(values(await run("mask", { data, mask, replacement: -1 }))).toEqual([[-1, 2, -1, 4], [-1, 6, -1, 8]]);
    expect(values(await run("mask", { data, mask, replacement: true }))).toEqual([[1, 2, 1, 4], [1, 6, 1, 8]]);
  });

  it("applies a mask with t label by label", async () => {
    const mask = rasterCube(small, [T1, T2], null, [Float32Array.of(1, 0, 0, 0), Float32Array.of(0, 0, 0, 1)]);
    expect(values(await run("mask", { data, mask, replacement: 0 }))).toEqual([[0, 2, 3, 4], [5, 6, NaN, 0]]);
  });

  it("aligns a mask on another grid by the mask pixel under each data pixel centre", async () => {
    // One 20 m mask pixel over the left half: data pixels 0 and 2 (centres at x = 5) fall in it, 1 and 3 (x = 15) outside.
    const mask = rasterCube({ crs: "EPSG:32633", bbox: [-10, 0, 10, 20], width: 1, height: 1 }, null, null, [Float32Array.of(1)]);
    expect(values(await run("mask", { data, mask, replacement: 0 }))).toEqual([[0, 2, 0, 4], [0, 6, 0, 8]]);
  });

  it("fails with IncompatibleDataCubes for dimensions or labels the data lacks", async () => {
    const extraDimension = rasterCube(small, null, ["a"], [Float32Array.of(1, 1, 1, 1)]);
    expect(await code(run("mask", { data, mask: extraDimension }))).toBe("IncompatibleDataCubes");
    const otherDates = rasterCube(small, [T1, "2024-02-01T00:00:00Z"], null, [Float32Array.of(1, 1, 1, 1), Float32Array.of(1, 1, 1, 1)]);
    expect(await code(run("mask", { data, mask: otherDates }))).toBe("IncompatibleDataCubes");
  });

  it("refuses text replacements and vector cubes", async () => {
    const mask = rasterCube(small, null, null, [Float32Array.of(1, 0, 0, 0)]);
    expect(await code(run("mask", { data, mask, replacement: "x" }))).toBe("ProcessParameterInvalid");
    const vector: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: [], dims: [], values: [new Float64Array(0)] };
    expect(await code(run("mask", { data: vector, mask }))).toBe("ProcessParameterInvalid");
    expect(await code(run("mask", { data, mask: vector }))).toBe("ProcessParameterInvalid");
  });
});

// 4 x 4 pixels of 1 degree: pixel (column i, row j) has its centre at (i + 0.5, 3.5 - j), index 4 j + i.
const degrees: Grid = { crs: "EPSG:4326", bbox: [0, 0, 4, 4], width: 4, height: 4 };
const indices = () => Float32Array.from({ length: 16 }, (_, i) => i);
const square = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
// Centres (0.5, 0.5) to (1.5, 1.5): indices 8, 9, 12, 13.
const lowerLeft = { type: "Polygon", coordinates: [square(0.2, 0.2, 1.8, 1.8)] };

describe("mask_polygon", () => {
  it("replaces the pixels outside the polygons, or inside with inside: true; no-data stays", async () => {
    const input = indices();
    input[0] = NaN;
    const data = rasterCube(degrees, null, null, [input]);
    const outside = values(await run("mask_polygon", { data, mask: lowerLeft, replacement: -1 }))[0]!;
    expect(outside).toEqual([NaN, -1, -1, -1, -1, -1, -1, -1, 8, 9, -1, -1, 12, 13, -1, -1]);
    const inside = values(await run("mask_polygon", { data, mask: { type: "Feature", geometry: lowerLeft, properties: {} }, inside: true }))[0]!;
    expect(inside).toEqual([NaN, 1, 2, 3, 4, 5, 6, 7, NaN, NaN, 10, 11, NaN, NaN, 14, 15]);
  });

  it("keeps the extent and masks every label alike", async () => {
    const data = rasterCube(degrees, [T1, T2], null, [indices(), indices()]);
    const masked = (await run("mask_polygon", { data, mask: { type: "MultiPolygon", coordinates: [lowerLeft.coordinates] } })) as RasterCube;
    expect(masked.grid).toEqual(degrees);
    expect(values(masked)[1]!.flatMap((v, i) => (Number.isNaN(v) ? [] : [i]))).toEqual([8, 9, 12, 13]);
  });

  it("reprojects the polygons to the cube's CRS", async () => {
    // 4 x 4 pixels of 10 m in UTM 33N; the polygon is the UTM box x 8..28, y 8..28 (from the corner) given in WGS 84,
    // holding the centres x, y in {15, 25}: columns 1 and 2 of rows 1 and 2.
    const [x0, y0] = [500000, 5000000];
    const utm: Grid = { crs: "EPSG:32633", bbox: [x0, y0, x0 + 40, y0 + 40], width: 4, height: 4 };
    const toWgs84 = pointTransform("EPSG:32633", "EPSG:4326");
    const ring = square(x0 + 8, y0 + 8, x0 + 28, y0 + 28).map(([x, y]) => toWgs84(x!, y!));
    const masked = await run("mask_polygon", { data: rasterCube(utm, null, null, [indices()]), mask: { type: "Polygon", coordinates: [ring] } });
    expect(values(masked)[0]!.flatMap((v, i) => (Number.isNaN(v) ? [] : [i]))).toEqual([5, 6, 9, 10]);
  });

  it("takes the polygons of a vector cube", async () => {
    const vector: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: [{ type: "Feature", geometry: lowerLeft as never, properties: {} }], dims: [], values: [Float64Array.of(1)] };
    const masked = await run("mask_polygon", { data: rasterCube(degrees, null, null, [indices()]), mask: vector, inside: true });
    expect(values(masked)[0]!.flatMap((v, i) => (Number.isNaN(v) ? [i] : []))).toEqual([8, 9, 12, 13]);
  });

  it("refuses geometries that aren't polygons, invalid GeoJSON and text replacements", async () => {
    const data = rasterCube(degrees, null, null, [indices()]);
    expect(await code(run("mask_polygon", { data, mask: { type: "Point", coordinates: [1, 1] } }))).toBe("ProcessParameterInvalid");
    expect(await code(run("mask_polygon", { data, mask: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1]]] } }))).toBe("ProcessParameterInvalid");
    expect(await code(run("mask_polygon", { data, mask: lowerLeft, replacement: "x" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("mask_polygon", { data, mask: data }))).toBe("ProcessParameterInvalid");
  });
});

describe("filter_spatial", () => {
  const data = rasterCube(degrees, null, null, [indices()]);

  it("cuts to the geometries' bounding box and makes what they don't cover no-data", async () => {
    // Triangle x + y <= 3.1: centres (0.5, 0.5), (1.5, 0.5), (2.5, 0.5), (0.5, 1.5), (1.5, 1.5), (0.5, 2.5).
    // Its box (0.2 to 2.9) holds columns 0-2 of rows 1-3.
    const triangle = { type: "Polygon", coordinates: [[[0.2, 0.2], [2.9, 0.2], [0.2, 2.9], [0.2, 0.2]]] };
    const filtered = (await run("filter_spatial", { data, geometries: triangle })) as RasterCube;
    expect(filtered.grid).toEqual({ crs: "EPSG:4326", bbox: [0, 0, 3, 3], width: 3, height: 3 });
    expect(values(filtered)).toEqual([[4, NaN, NaN, 8, 9, NaN, 12, 13, 14]]);
  });

  it("narrows what a lazy cube reads to the geometries' bounding box", async () => {
    let asked: unknown;
    const recording: DataAccess = { ...noData, items: (_, query) => ((asked = query.bbox), Promise.reject(new Error("read"))) };
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
    await expect(run("filter_spatial", { data: lazy, geometries: { type: "Polygon", coordinates: [square(0.2, 0.3, 2.9, 2.8)] } }, recording)).rejects.toThrow("read");
    expect(asked).toEqual([0.2, 0.3, 2.9, 2.8]);
  });

  it("keeps the pixel a point falls in", async () => {
    const filtered = (await run("filter_spatial", { data, geometries: { type: "FeatureCollection", features: [{ type: "Feature", geometry: { type: "Point", coordinates: [2.2, 3.7] }, properties: {} }] } })) as RasterCube;
    expect(filtered.grid).toEqual({ crs: "EPSG:4326", bbox: [2, 3, 3, 4], width: 1, height: 1 });
    expect(values(filtered)).toEqual([[2]]);
  });

  it("leaves no pixels for geometries beside the cube and refuses only empty geometries", async () => {
    const beside = (await run("filter_spatial", { data, geometries: { type: "Polygon", coordinates: [square(10, 10, 11, 11)] } })) as RasterCube;
    expect([beside.grid.width, beside.grid.height]).toEqual([0, 0]);
    expect(await code(run("filter_spatial", { data, geometries: { type: "Feature", geometry: null, properties: {} } }))).toBe("ProcessParameterInvalid");
  });
});
