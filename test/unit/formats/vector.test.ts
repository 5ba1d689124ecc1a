import { describe, expect, it } from "vitest";
import { combinationNames } from "../../../src/cube/dimensions";
import type { Feature } from "../../../src/cube/geojson";
import type { VectorCube } from "../../../src/cube/vector";
import { findOutputFormat } from "../../../src/formats";
import { MAX_VECTOR_FILE_BYTES } from "../../../src/formats/vector-features";
import { wkt } from "../../../src/formats/wkt";
import { pointTransform } from "../../../src/raster/crs";
import { rasterCube } from "../../support/raster-cube";

const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";
const square: Feature = { type: "Feature", id: "sq", geometry: { type: "Polygon", coordinates: [[[10, 50], [10.5, 50], [10.5, 50.5], [10, 50]]] }, properties: { name: "a, \"b\"" } };
const point: Feature = { type: "Feature", geometry: { type: "Point", coordinates: [11.25, 48.5] }, properties: null };
const none: Feature = { type: "Feature", geometry: null, properties: { name: "empty" } };

/** Geometries x (t x bands) values: value(g, k) = 10 g + k, with geometry 1's second combination no-data. */
function vectorCube(geometries: Feature[], crs = "EPSG:4326"): VectorCube {
  const dims: VectorCube["dims"] = [{ name: "t", type: "temporal", labels: [T1, T2] }, { name: "bands", type: "bands", labels: [{ name: "B04" }, { name: "B08" }] }];
  const values = Array.from({ length: 4 }, (_, k) => Float64Array.from(geometries, (_, g) => (g === 1 && k === 1 ? NaN : 10 * g + k + 0.5)));
  return { kind: "vector", crs, geometries, dims, values };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("GeoJSON", () => {
  const format = findOutputFormat("geojson")!;

  it("writes one Feature per geometry with its id and properties, and a property per date x band", async () => {
    const cube = vectorCube([square, point, none]);
    const [file] = await format.encode(cube, {});
    expect([file!.name, file!.mediaType]).toEqual(["result.geojson", "application/geo+json"]);
    const written = JSON.parse(text(file!.bytes));
    expect(written.type).toBe("FeatureCollection");
    expect(written.features).toHaveLength(3);
    const names = [`${T1}/B04`, `${T1}/B08`, `${T2}/B04`, `${T2}/B08`];
    expect(combinationNames(cube.dims)).toEqual(names);
    const valuesOf = (g: number) => Object.fromEntries(names.map((n, k) => [n, Number.isNaN(cube.values[k]![g]!) ? null : cube.values[k]![g]!]));
    expect(written.features[0]).toEqual({ type: "Feature", id: "sq", geometry: square.geometry, properties: { name: 'a, "b"', ...valuesOf(0) } });
    expect(written.features[1]).toEqual({ type: "Feature", geometry: point.geometry, properties: valuesOf(1) });
    expect(written.features[1].properties[`${T1}/B08`]).toBeNull();
    expect(written.features[2]).toEqual({ type: "Feature", geometry: null, properties: { name: "empty", ...valuesOf(2) } });
  });

  it("writes longitude and latitude whatever the cube's CRS, and 'value' for a cube without other dimensions", async () => {
    const toUtm = pointTransform("EPSG:4326", "EPSG:32632");
    const cube: VectorCube = { kind: "vector", crs: "EPSG:32632", geometries: [{ type: "Feature", geometry: { type: "Point", coordinates: toUtm(9.5, 47.25) }, properties: {} }], dims: [], values: [Float64Array.of(3)] };
    const written = JSON.parse(text((await format.encode(cube, {}))[0]!.bytes));
    const [lon, lat] = written.features[0].geometry.coordinates;
    expect(lon).toBeCloseTo(9.5, 7);
    expect(lat).toBeCloseTo(47.25, 7);
    expect(written.features[0].properties).toEqual({ value: 3 });
  });

  it("is what JSON writes for a vector cube", async () => {
    const cube = vectorCube([square, point]);
    expect(text((await findOutputFormat("JSON")!.encode(cube, {}))[0]!.bytes)).toBe(text((await format.encode(cube, {}))[0]!.bytes));
  });

  it("refuses raster cubes and plain values, and files over the size bound before writing", () => {
    expect(format.unsuitable(vectorCube([square]))).toBeUndefined();
    expect(format.unsuitable(rasterCube({ crs: "EPSG:32633", bbox: [0, 0, 10, 10], width: 1, height: 1 }, null, null, [Float32Array.of(1)]))).toMatch(/vector data cubes.*GTiff/);
    expect(format.unsuitable(42)).toMatch(/vector data cubes/);
    // A ring of 500,000 positions could take more than 32 MiB as text.
    const ring = Array.from({ length: 500_000 }, (_, i) => [10 + Math.cos((i / 250_000) * Math.PI) / 10, 50 + Math.sin((i / 250_000) * Math.PI) / 10] as [number, number]);
    ring.push(ring[0]!);
    const big = vectorCube([{ type: "Feature", geometry: { type: "Polygon", coordinates: [ring] }, properties: {} }]);
    expect(format.unsuitable(big)).toMatch(new RegExp(`up to \\d+ MiB .*more than the ${MAX_VECTOR_FILE_BYTES / 2 ** 20} MiB`));
  });
});

describe("CSV", () => {
  const format = findOutputFormat("csv")!;

  it("writes a row per geometry and date x band: index, labels, value, WKT", async () => {
    const cube = vectorCube([square, point, none]);
    const [file] = await format.encode(cube, { geometry: true });
    expect([file!.name, file!.mediaType]).toEqual(["result.csv", "text/csv"]);
    const lines = text(file!.bytes).split("\r\n");
    expect(lines.pop()).toBe("");
    expect(lines[0]).toBe("feature_index,t,bands,value,geometry");
    // Only WKT with commas is quoted.
    const shapes = ['"POLYGON ((10 50, 10.5 50, 10.5 50.5, 10 50))"', "POINT (11.25 48.5)", ""];
    const combinations = [[T1, "B04"], [T1, "B08"], [T2, "B04"], [T2, "B08"]];
    const expected = [0, 1, 2].flatMap((g) =>
      combinations.map(([t, band], k) => {
        const value = cube.values[k]![g]!;
        return [String(g), t, band, Number.isNaN(value) ? "" : String(value), shapes[g]].join(",");
      }),
    );
    expect(lines.slice(1)).toEqual(expected);
    expect(lines[6]).toBe(`1,${T1},B08,,POINT (11.25 48.5)`);
  });

  it("leaves the geometry column out on request", async () => {
    const cube = vectorCube([point]);
    const lines = text((await format.encode(cube, { geometry: false }))[0]!.bytes).split("\r\n");
    expect(lines.slice(0, 2)).toEqual(["feature_index,t,bands,value", `0,${T1},B04,${cube.values[0]![0]}`]);
  });

  it("quotes fields with separators or quotes", async () => {
    const cube: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: [point], dims: [{ name: "zone", type: "other", labels: ['north, "upper"'] }], values: [Float64Array.of(1)] };
    const lines = text((await format.encode(cube, { geometry: false }))[0]!.bytes).split("\r\n");
    expect(lines[1]).toBe('0,"north, ""upper""",1');
  });

  it("refuses raster cubes, and bounds the size with the geometry column only when it is written", () => {
    expect(format.unsuitable(rasterCube({ crs: "EPSG:32633", bbox: [0, 0, 10, 10], width: 1, height: 1 }, null, null, [Float32Array.of(1)]))).toMatch(/vector data cubes/);
    // 120,000 positions repeated on 4 rows could exceed 32 MiB; without the geometry, 4 short rows can't.
    const ring = Array.from({ length: 120_000 }, (_, i) => [10 + i / 1e6, 50 + (i % 2) / 1e3] as [number, number]);
    ring.push(ring[0]!);
    const big = vectorCube([{ type: "Feature", geometry: { type: "Polygon", coordinates: [ring] }, properties: {} }]);
    expect(format.unsuitable(big, { geometry: true })).toMatch(/more than the 32 MiB/);
    expect(format.unsuitable(big, { geometry: false })).toBeUndefined();
  });
});

describe("WKT", () => {
  it("writes every geometry type, empty ones as EMPTY, altitudes left out", () => {
    expect(wkt({ type: "Point", coordinates: [1, 2] })).toBe("POINT (1 2)");
    expect(wkt({ type: "Point", coordinates: [] })).toBe("POINT EMPTY");
    expect(wkt({ type: "MultiPoint", coordinates: [[1, 2], [3, 4]] })).toBe("MULTIPOINT ((1 2), (3 4))");
    expect(wkt({ type: "LineString", coordinates: [[1, 2], [3, 4, 5] as unknown as [number, number]] })).toBe("LINESTRING (1 2, 3 4)");
    expect(wkt({ type: "MultiLineString", coordinates: [[[1, 2], [3, 4]], []] })).toBe("MULTILINESTRING ((1 2, 3 4), EMPTY)");
    expect(wkt({ type: "Polygon", coordinates: [[[0, 0], [4, 0], [4, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 1]]] })).toBe("POLYGON ((0 0, 4 0, 4 4, 0 0), (1 1, 2 1, 2 2, 1 1))");
    expect(wkt({ type: "MultiPolygon", coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] })).toBe("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))");
    expect(wkt({ type: "MultiPolygon", coordinates: [] })).toBe("MULTIPOLYGON EMPTY");
    expect(wkt(null)).toBe("");
  });
});

describe("a vector cube of geometries only (load_geojson without properties)", () => {
  const cube: VectorCube = { kind: "vector", crs: "EPSG:4326", geometries: [square, point], dims: [], values: [] };

  it("is GeoJSON with the features' own properties, no value added", async () => {
    const [file] = await findOutputFormat("geojson")!.encode(cube, {});
    expect(JSON.parse(text(file!.bytes)).features.map((f: Feature) => f.properties)).toEqual([{ name: 'a, "b"' }, {}]);
  });

  it("is CSV with a row per geometry and an empty value", async () => {
    const [file] = await findOutputFormat("csv")!.encode(cube, { geometry: false });
    expect(text(file!.bytes)).toBe("feature_index,value\r\n0,\r\n1,\r\n");
  });
});
