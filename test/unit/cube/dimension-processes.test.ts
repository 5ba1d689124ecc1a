import { describe, expect, it } from "vitest";
import { dimensionsOf, type LazyCube, type RasterCube } from "../../../src/cube";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, runCubeProcess as run } from "../../support/run-process";

/** 2 x 1 px of 10 m from x=100, y=50 down to 40; times and bands as given; plane p holds [10 p, 10 p + 1]. */
function cube(times: string[] | null, bands: string[] | null): RasterCube {
  const n = (times?.length ?? 1) * (bands?.length ?? 1);
  const planes = Array.from({ length: n }, (_, p) => Float32Array.of(10 * p, 10 * p + 1));
  return rasterCube({ crs: "EPSG:32633", bbox: [100, 40, 120, 50], width: 2, height: 1 }, times, bands, planes);
}

const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
const T0 = "2023-12-31T00:00:00Z";
const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";
const T3 = "2024-01-03T00:00:00Z";
const values = (c: unknown) => (c as RasterCube).planes.map((p) => Array.from(p));
const types = (c: unknown) => (c as RasterCube).dims.map((d) => `${d.name}:${d.type}`);

describe("add_dimension", () => {
  it("adds a bands dimension with one label outermost, leaving the values alone", async () => {
    const added = (await run("add_dimension", { data: cube([T1, T2], null), name: "b", label: "B1", type: "bands" })) as RasterCube;
    expect(types(added)).toEqual(["b:bands", "t:temporal"]);
    expect(labelsNamed(added, "b")).toEqual(["B1"]);
    expect(values(added)).toEqual([[0, 1], [10, 11]]);
  });

  it("adds temporal dimensions and `other` ones (the default type), whose labels keep their type", async () => {
    const second = await run("add_dimension", { data: cube([T1], null), name: "t2", label: "2010-01-01T00:00:00.0Z", type: "temporal" });
    expect(types(second)).toEqual(["t2:temporal", "t:temporal"]);
    const other = await run("add_dimension", { data: cube(null, ["a"]), name: "var", label: 1 });
    expect(types(other)).toEqual(["var:other", "bands:bands"]);
    expect(labelsNamed(other as RasterCube, "var")).toEqual([1]);
    // A number as band label becomes the band's name.
    expect(labelsNamed((await run("add_dimension", { data: cube(null, null), name: "b", label: 8, type: "bands" })) as RasterCube, "b")).toEqual(["8"]);
  });

  it("refuses names in use, spatial and geometry types, and temporal labels that are not dates", async () => {
    expect(await code(run("add_dimension", { data: cube([T1], null), name: "t", label: T2, type: "temporal" }))).toBe("DimensionExists");
    expect(await code(run("add_dimension", { data: cube([T1], null), name: "x", label: 1 }))).toBe("DimensionExists");
    expect(await code(run("add_dimension", { data: cube([T1], null), name: "z", label: 1, type: "spatial" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("add_dimension", { data: cube([T1], null), name: "g", label: 1, type: "geometry" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("add_dimension", { data: cube(null, null), name: "t", label: "noon", type: "temporal" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("add_dimension", { data: cube(null, null), name: "t", label: 2024, type: "temporal" }))).toBe("ProcessParameterInvalid");
  });

  it("reads a lazy cube first", async () => {
    await expect(run("add_dimension", { data: lazy, name: "var", label: 1 })).rejects.toThrow("read");
  });
});

describe("rename_dimension", () => {
  it("renames a label dimension, keeping its type, labels and values", async () => {
    const renamed = (await run("rename_dimension", { data: cube([T1, T2], ["a"]), source: "t", target: "time" })) as RasterCube;
    expect(types(renamed)).toEqual(["time:temporal", "bands:bands"]);
    expect(labelsNamed(renamed, "time")).toEqual([T1, T2]);
    expect(values(renamed)).toEqual([[0, 1], [10, 11]]);
    expect(await code(run("dimension_labels", { data: renamed, dimension: "t" }))).toBe("DimensionNotAvailable");
  });

  it("renames the spatial axes, whose coordinates stay", async () => {
    const renamed = (await run("rename_dimension", { data: cube([T1], null), source: "x", target: "lon" })) as RasterCube;
    expect(renamed.axes).toEqual({ x: "lon", y: "y" });
    expect(await run("dimension_labels", { data: renamed, dimension: "lon" })).toEqual([105, 115]);
    expect(Object.keys(dimensionsOf(renamed))).toEqual(["lon", "y", "t"]);
  });

  it("throws DimensionNotAvailable and DimensionExists", async () => {
    expect(await code(run("rename_dimension", { data: cube([T1], ["a"]), source: "foo", target: "bar" }))).toBe("DimensionNotAvailable");
    expect(await code(run("rename_dimension", { data: cube([T1], ["a"]), source: "t", target: "x" }))).toBe("DimensionExists");
    expect(await code(run("rename_dimension", { data: cube([T1], ["a"]), source: "y", target: "bands" }))).toBe("DimensionExists");
  });
});

describe("create_data_cube", () => {
  it("answers a cube without values to which label dimensions can be added", async () => {
    const empty = (await run("create_data_cube", {})) as RasterCube;
    expect(empty.dims).toEqual([]);
    expect(empty.grid.width * empty.grid.height).toBe(0);
    const withBands = (await run("add_dimension", { data: empty, name: "bands", label: "B1", type: "bands" })) as RasterCube;
    expect(labelsNamed(withBands, "bands")).toEqual(["B1"]);
    expect(values(withBands)).toEqual([[]]);
  });
});

describe("trim_cube", () => {
  /**
   * 4 x 3 px of 10 m (x 0..40, y 30 down to 0) over t [T0, T1, T2, T3] and bands [a, b, c], all
   * no-data but pixel (column 1, row 1) of (T1, a) = 1 and pixel (column 2, row 1) of (T3, c) = 2.
   */
  function sparse(): RasterCube {
    const planes = Array.from({ length: 12 }, () => new Float32Array(12).fill(NaN));
    planes[1 * 3 + 0]![1 * 4 + 1] = 1;
    planes[3 * 3 + 2]![1 * 4 + 2] = 2;
    return rasterCube({ crs: "EPSG:32633", bbox: [0, 0, 40, 30], width: 4, height: 3 }, [T0, T1, T2, T3], ["a", "b", "c"], planes);
  }

  it("cuts empty outer rows, columns and time steps, and empty bands anywhere", async () => {
    const trimmed = (await run("trim_cube", { data: sparse() })) as RasterCube;
    // T0 goes (an end), T2 stays (between T1 and T3 with values); band b goes (a category).
    expect(labelsNamed(trimmed, "t")).toEqual([T1, T2, T3]);
    expect(labelsNamed(trimmed, "bands")).toEqual(["a", "c"]);
    // Columns 1..2 (x 10..30) and row 1 (y 20 down to 10) remain.
    expect(trimmed.grid).toEqual({ crs: "EPSG:32633", bbox: [10, 10, 30, 20], width: 2, height: 1 });
    expect(values(trimmed)).toEqual([[1, NaN], [NaN, NaN], [NaN, NaN], [NaN, NaN], [NaN, NaN], [NaN, 2]]);
  });

  it("removes empty textual `other` labels anywhere but numbered ones only at the ends", async () => {
    const grid = { crs: "EPSG:32633", bbox: [0, 0, 10, 10] as [number, number, number, number], width: 1, height: 1 };
    const planes = [Float32Array.of(1), Float32Array.of(NaN), Float32Array.of(3), Float32Array.of(NaN)];
    const other = (labels: (string | number)[]): RasterCube => ({ kind: "raster", grid, axes: { x: "x", y: "y" }, dims: [{ name: "o", type: "other", labels }], planes });
    expect(labelsNamed((await run("trim_cube", { data: other(["p", "q", "r", "s"]) })) as RasterCube, "o")).toEqual(["p", "r"]);
    expect(labelsNamed((await run("trim_cube", { data: other([0, 1, 2, 3]) })) as RasterCube, "o")).toEqual([0, 1, 2]);
  });

  it("keeps a cube without empty labels as it is and empties one without values", async () => {
    const full = cube([T1, T2], ["a"]);
    expect(await run("trim_cube", { data: full })).toEqual(full);
    const nothing = rasterCube({ crs: "EPSG:32633", bbox: [0, 0, 20, 10], width: 2, height: 1 }, [T1], ["a", "b"], [Float32Array.of(NaN, NaN), Float32Array.of(NaN, NaN)]);
    const trimmed = (await run("trim_cube", { data: nothing })) as RasterCube;
    expect([trimmed.grid.width, trimmed.grid.height, labelsNamed(trimmed, "t"), labelsNamed(trimmed, "bands"), trimmed.planes]).toEqual([0, 0, [], [], []]);
  });

  it("reads a lazy cube first", async () => {
    await expect(run("trim_cube", { data: lazy })).rejects.toThrow("read");
  });
});
