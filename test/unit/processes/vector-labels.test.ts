import { describe, expect, it } from "vitest";
import type { Feature } from "../../../src/cube/geojson";
import type { LabelDimension } from "../../../src/cube/types";
import type { VectorCube } from "../../../src/cube/vector";
import { rasterCube } from "../../support/raster-cube";
import { errorCode as code, runCubeProcess } from "../../support/run-process";

const T = ["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"];
const time = (labels = T): LabelDimension => ({ name: "t", type: "temporal", labels });
const bands = (...names: string[]): LabelDimension => ({ name: "bands", type: "bands", labels: names.map((name) => ({ name })) });
const point = (x: number, id: string): Feature => ({ type: "Feature", id, geometry: { type: "Point", coordinates: [x, 0] }, properties: { name: id } });
const FEATURES = [point(1, "a"), point(2, "b")];

/** A vector cube over `features` and `dims` whose value says where it is: 100 geometry + 10 (first label position) + second label position (+ `offset`). */
function vectorCube(dims: LabelDimension[], features: Feature[] | null = FEATURES, offset = 0): VectorCube {
  const sizes = dims.map((d) => d.labels.length);
  const count = sizes.reduce((n, s) => n * s, 1);
  const rows = features?.length ?? 1;
  const values = Array.from({ length: count }, (_, p) => {
    const [i = 0, j = 0] = sizes.length === 2 ? [Math.floor(p / sizes[1]!), p % sizes[1]!] : [p];
    return Float64Array.from({ length: rows }, (_, g) => 100 * g + 10 * i + j + offset);
  });
  return { kind: "vector", crs: "EPSG:4326", geometries: features, dims, values };
}

/** A cube of geometries only, as load_geojson makes without properties: no values at all. */
const geometriesOnly = (features = FEATURES): VectorCube => ({ kind: "vector", crs: "EPSG:4326", geometries: features, dims: [], values: [] });

const run = (id: string, args: Record<string, unknown>) => runCubeProcess(id, args) as Promise<VectorCube>;
const fails = (id: string, args: Record<string, unknown>) => code(Promise.resolve().then(() => runCubeProcess(id, args)));
const all = (cube: VectorCube) => cube.values.map((plane) => [...plane]);

describe("dimension_labels on vector cubes", () => {
  const cube = vectorCube([time(), bands("B04", "B08")]);

  it("answers the geometries' positions and the other dimensions' labels", async () => {
    expect(await run("dimension_labels", { data: cube, dimension: "geometry" })).toEqual([0, 1]);
    expect(await run("dimension_labels", { data: cube, dimension: "t" })).toEqual(T);
    expect(await run("dimension_labels", { data: cube, dimension: "bands" })).toEqual(["B04", "B08"]);
    expect(await fails("dimension_labels", { data: cube, dimension: "x" })).toBe("DimensionNotAvailable");
  });

  it("has no geometry, x or y dimension on a cube whose spatial dimensions were reduced", async () => {
    const reduced = vectorCube([time()], null);
    expect(await run("dimension_labels", { data: reduced, dimension: "t" })).toEqual(T);
    for (const dimension of ["geometry", "x", "y"]) expect(await fails("dimension_labels", { data: reduced, dimension })).toBe("DimensionNotAvailable");
  });
});

describe("filter_labels on vector cubes", () => {
  const cube = vectorCube([time(), bands("B04", "B08", "B11")]);

  it("keeps the accepted labels of a dimension with their values", async () => {
    const result = await run("filter_labels", { data: cube, dimension: "bands", condition: async ({ value }: { value: string }) => value !== "B08" });
    expect(result.dims).toEqual([time(), bands("B04", "B11")]);
    expect(all(result)).toEqual([[0, 100], [2, 102], [10, 110], [12, 112]]);
    expect(result.geometries).toBe(FEATURES);
  });

  it("keeps the geometries whose position is accepted, with their values", async () => {
    const result = await run("filter_labels", { data: cube, dimension: "geometry", condition: async ({ value }: { value: number }) => value === 1 });
    expect(result.geometries).toEqual([FEATURES[1]]);
    expect(all(result)).toEqual([[100], [101], [102], [110], [111], [112]]);
  });

  it("fails on a dimension the cube lacks", async () => {
    expect(await fails("filter_labels", { data: cube, dimension: "x", condition: async () => true })).toBe("DimensionNotAvailable");
  });
});

describe("rename_labels on vector cubes", () => {
  const cube = vectorCube([time(), bands("B04", "B08")]);

  it("renames labels, values unchanged", async () => {
    const result = await run("rename_labels", { data: cube, dimension: "bands", source: ["B08"], target: ["nir"] });
    expect(result.dims).toEqual([time(), bands("B04", "nir")]);
    expect(result.values).toBe(cube.values);
    expect(await fails("rename_labels", { data: cube, dimension: "bands", source: ["B04"], target: ["B08"] })).toBe("LabelExists");
  });

  it("refuses the geometry dimension, whose labels are geometries", async () => {
    expect(await fails("rename_labels", { data: cube, dimension: "geometry", source: [], target: ["x", "y"] })).toBe("ProcessParameterInvalid");
  });
});

describe("add_dimension and drop_dimension on vector cubes", () => {
  it("adds a dimension of one label outermost, values unchanged; a taken name fails", async () => {
    const cube = vectorCube([bands("B04", "B08")]);
    const result = await run("add_dimension", { data: cube, name: "run", label: "r1" });
    expect(result.dims).toEqual([{ name: "run", type: "other", labels: ["r1"] }, bands("B04", "B08")]);
    expect(result.values).toBe(cube.values);
    expect(await fails("add_dimension", { data: cube, name: "geometry", label: 1 })).toBe("DimensionExists");
    expect(await fails("add_dimension", { data: cube, name: "g", label: 1, type: "geometry" })).toBe("ProcessParameterInvalid");
  });

  it("gives a cube of geometries only one no-data value per geometry", async () => {
    const result = await run("add_dimension", { data: geometriesOnly(), name: "t", label: T[0], type: "temporal" });
    expect(all(result)).toEqual([[NaN, NaN]]);
    // A dimension filtered to no labels has no values, and gets none.
    const empty = await run("add_dimension", { data: vectorCube([bands()]), name: "t", label: T[0], type: "temporal" });
    expect([empty.dims.map((d) => d.labels.length), all(empty)]).toEqual([[1, 0], []]);
  });

  it("drops a dimension of one label; more labels fail", async () => {
    const cube = vectorCube([time([T[0]!]), bands("B04", "B08")]);
    const result = await run("drop_dimension", { data: cube, name: "t" });
    expect(result.dims).toEqual([bands("B04", "B08")]);
    expect(all(result)).toEqual(all(cube));
    expect(await fails("drop_dimension", { data: cube, name: "bands" })).toBe("DimensionLabelCountMismatch");
    expect(await fails("drop_dimension", { data: cube, name: "geometry" })).toBe("DimensionLabelCountMismatch");
    expect(await fails("drop_dimension", { data: cube, name: "x" })).toBe("DimensionNotAvailable");
  });

  it("drops the geometry dimension of one geometry, leaving a cube without geometries", async () => {
    const cube = vectorCube([bands("B04", "B08")], [FEATURES[0]!]);
    const result = await run("drop_dimension", { data: cube, name: "geometry" });
    expect(result).toEqual({ ...cube, geometries: null });
    expect(await fails("drop_dimension", { data: geometriesOnly([FEATURES[0]!]), name: "geometry" })).toBe("ProcessParameterInvalid");
  });
});

describe("merge_cubes on vector cubes", () => {
  it("joins the bands of two cubes over the same geometries", async () => {
    const a = vectorCube([time(), bands("B04")]);
    const b = vectorCube([time(), bands("B08")], FEATURES.map((f) => ({ ...f })), 1);
    const result = await run("merge_cubes", { cube1: a, cube2: b });
    expect(result.dims).toEqual([time(), bands("B04", "B08")]);
    // B04 from a (10 t + 100 g), B08 from b (10 t + 100 g + 1).
    expect(all(result)).toEqual([[0, 100], [1, 101], [10, 110], [11, 111]]);
    expect(result.geometries).toBe(FEATURES);
  });

  it("sorts the times of both and resolves overlapping values, or fails without a resolver", async () => {
    const later = ["2024-01-03T00:00:00Z"];
    const a = vectorCube([time([T[1]!]), bands("B04")]);
    const b = vectorCube([time([T[0]!, T[1]!, ...later]), bands("B04")], FEATURES, 0.5);
    expect(await fails("merge_cubes", { cube1: a, cube2: b })).toBe("OverlapResolverMissing");
    const result = await run("merge_cubes", { cube1: a, cube2: b, overlap_resolver: async ({ x, y }: { x: number; y: number }) => x - y });
    expect(result.dims).toEqual([time([...T, ...later]), bands("B04")]);
    // T0 only in b (position 0: 0.5), T1 in both (a: 0 minus b at position 1: 10.5), the later date only in b (20.5).
    expect(all(result)).toEqual([[0.5, 100.5], [-10.5, -10.5], [20.5, 120.5]]);
  });

  it("merges two cubes whose spatial dimensions were reduced", async () => {
    const result = await run("merge_cubes", { cube1: vectorCube([bands("B04")], null), cube2: vectorCube([bands("B08")], null, 7) });
    expect(result.geometries).toBeNull();
    expect(all(result)).toEqual([[0], [7]]);
  });

  it("merges two cubes of the same geometries only into that cube, without values", async () => {
    const result = await run("merge_cubes", { cube1: geometriesOnly(), cube2: geometriesOnly(FEATURES.map((f) => ({ ...f }))) });
    expect([result.geometries, result.dims, result.values]).toEqual([FEATURES, [], []]);
  });

  it("refuses other geometries, other geometry types, and vector with raster or reduced cubes", async () => {
    const a = vectorCube([bands("B04")]);
    const moved = vectorCube([bands("B08")], [point(1, "a"), point(3, "b")]);
    const lines = vectorCube([bands("B08")], FEATURES.map((f) => ({ ...f, geometry: { type: "LineString" as const, coordinates: [[0, 0], [1, 1]] } })));
    const raster = rasterCube({ crs: "EPSG:4326", bbox: [0, 0, 1, 1], width: 1, height: 1 }, null, ["B08"], [Float32Array.of(1)]);
    expect(await fails("merge_cubes", { cube1: a, cube2: moved })).toBe("ProcessParameterInvalid");
    expect(await fails("merge_cubes", { cube1: a, cube2: lines })).toBe("IncompatibleGeometryTypes");
    expect(await fails("merge_cubes", { cube1: a, cube2: raster })).toBe("ProcessParameterInvalid");
    expect(await fails("merge_cubes", { cube1: a, cube2: vectorCube([bands("B08")], null) })).toBe("ProcessParameterInvalid");
  });
});
