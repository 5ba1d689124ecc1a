import { describe, expect, it } from "vitest";
import type { LazyCube, RasterCube } from "../../../src/cube";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, runCubeProcess as run } from "../../support/run-process";

/** 2 x 1 px of 10 m from x=100, y=50 down to 40; times and bands as given; plane p holds [10 p, 10 p + 1]. */
function cube(times: string[] | null, bands: string[] | null): RasterCube {
  const n = (times?.length ?? 1) * (bands?.length ?? 1);
  const planes = Array.from({ length: n }, (_, p) => Float32Array.of(10 * p, 10 * p + 1));
  return rasterCube({ crs: "EPSG:32633", bbox: [100, 40, 120, 50], width: 2, height: 1 }, times, bands, planes);
}

const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }, { name: "B08" }], spatial: null, temporal: null, properties: {} };
const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";
const T3 = "2024-01-03T00:00:00Z";
const values = (c: unknown) => (c as RasterCube).planes.map((p) => Array.from(p));

describe("dimension_labels", () => {
  it("answers pixel centres, instants and band names", async () => {
    const c = cube([T1, T2], ["a", "b"]);
    expect(await run("dimension_labels", { data: c, dimension: "x" })).toEqual([105, 115]);
    expect(await run("dimension_labels", { data: c, dimension: "y" })).toEqual([45]);
    expect(await run("dimension_labels", { data: c, dimension: "t" })).toEqual([T1, T2]);
    expect(await run("dimension_labels", { data: c, dimension: "bands" })).toEqual(["a", "b"]);
  });

  it("knows the bands of a lazy cube without reading and rejects unknown dimensions", async () => {
    expect(await run("dimension_labels", { data: lazy, dimension: "bands" })).toEqual(["B04", "B08"]);
    expect(await code(run("dimension_labels", { data: lazy, dimension: "foo" }))).toBe("DimensionNotAvailable");
    expect(await code(run("dimension_labels", { data: cube(null, ["a"]), dimension: "t" }))).toBe("DimensionNotAvailable");
  });
});

describe("drop_dimension", () => {
  it("drops a dimension with one label and keeps the values", async () => {
    const dropped = (await run("drop_dimension", { data: cube([T1, T2], ["a"]), name: "bands" })) as RasterCube;
    expect(labelsNamed(dropped, "bands")).toBeNull();
    expect(labelsNamed(dropped, "t")).toEqual([T1, T2]);
    expect(values(dropped)).toEqual([[0, 1], [10, 11]]);
  });

  it("refuses dimensions with several labels, unknown ones, and x/y", async () => {
    expect(await code(run("drop_dimension", { data: cube([T1, T2], ["a"]), name: "t" }))).toBe("DimensionLabelCountMismatch");
    expect(await code(run("drop_dimension", { data: cube([T1], ["a"]), name: "foo" }))).toBe("DimensionNotAvailable");
    expect(await code(run("drop_dimension", { data: cube([T1], ["a"]), name: "x" }))).toBe("DimensionLabelCountMismatch");
    expect(await code(run("drop_dimension", { data: cube([T1], ["a"]), name: "y" }))).toBe("ProcessParameterInvalid");
  });
});

describe("rename_labels", () => {
  it("renames a subset of bands by source, keeping order and values", async () => {
    const renamed = (await run("rename_labels", { data: cube(null, ["red", "green", "blue"]), dimension: "bands", source: ["blue", "green"], target: ["B3", "B2"] })) as RasterCube;
    expect(labelsNamed(renamed, "bands")).toEqual(["red", "B2", "B3"]);
    expect(values(renamed)).toEqual([[0, 1], [10, 11], [20, 21]]);
  });

  it("renames enumerated labels by position when no source is given", async () => {
    const renamed = (await run("rename_labels", { data: cube(null, ["0", "1", "2"]), dimension: "bands", target: ["red"] })) as RasterCube;
    expect(labelsNamed(renamed, "bands")).toEqual(["red", "1", "2"]);
  });

  it("renames time steps to other instants", async () => {
    const renamed = (await run("rename_labels", { data: cube([T1, T2], null), dimension: "t", source: [T2], target: [T3] })) as RasterCube;
    expect(labelsNamed(renamed, "t")).toEqual([T1, T3]);
  });

  it("turns t into a dimension of type other when a new label is not an instant", async () => {
    const renamed = (await run("rename_labels", { data: cube([T1, T2], null), dimension: "t", target: ["early", 7], source: [T1, T2] })) as RasterCube;
    expect(renamed.dims).toEqual([{ name: "t", type: "other", labels: ["early", 7] }]);
    expect(values(renamed)).toEqual([[0, 1], [10, 11]]);
    const partly = (await run("rename_labels", { data: cube([T1, T2], null), dimension: "t", source: [T2], target: ["noon"] })) as RasterCube;
    expect(partly.dims).toEqual([{ name: "t", type: "other", labels: [T1, "noon"] }]);
  });

  it("throws the declared exceptions", async () => {
    const c = cube(null, ["red", "green", "blue"]);
    expect(await code(run("rename_labels", { data: c, dimension: "bands", target: ["B1"] }))).toBe("LabelsNotEnumerated");
    expect(await code(run("rename_labels", { data: c, dimension: "bands", source: ["red", "green"], target: ["B1"] }))).toBe("LabelMismatch");
    expect(await code(run("rename_labels", { data: c, dimension: "bands", source: ["foo"], target: ["bar"] }))).toBe("LabelNotAvailable");
    expect(await code(run("rename_labels", { data: c, dimension: "bands", source: ["green"], target: ["blue"] }))).toBe("LabelExists");
    // Swapping two labels leaves no clash.
    const swapped = (await run("rename_labels", { data: c, dimension: "bands", source: ["red", "blue"], target: ["blue", "red"] })) as RasterCube;
    expect(labelsNamed(swapped, "bands")).toEqual(["blue", "green", "red"]);
  });
});

describe("filter_labels", () => {
  const after = (limit: string) => async ({ value }: Record<string, unknown>) => Date.parse(String(value)) > Date.parse(limit);

  it("keeps the time steps the condition accepts, with their planes", async () => {
    const filtered = (await run("filter_labels", { data: cube([T1, T2, T3], ["a", "b"]), dimension: "t", condition: after(T1) })) as RasterCube;
    expect(labelsNamed(filtered, "t")).toEqual([T2, T3]);
    // Planes 2..5 (t = 1, 2 by 2 bands).
    expect(values(filtered)).toEqual([[20, 21], [30, 31], [40, 41], [50, 51]]);
  });

  it("keeps bands, on a lazy cube without reading", async () => {
    const isB08 = async ({ value }: Record<string, unknown>) => value === "B08";
    expect(((await run("filter_labels", { data: lazy, dimension: "bands", condition: isB08 })) as LazyCube).bands).toEqual([{ name: "B08" }]);
    const filtered = (await run("filter_labels", { data: cube([T1, T2], ["a", "b"]), dimension: "bands", condition: async ({ value, context }: Record<string, unknown>) => value === context, context: "b" })) as RasterCube;
    expect(labelsNamed(filtered, "bands")).toEqual(["b"]);
    expect(values(filtered)).toEqual([[10, 11], [30, 31]]);
  });

  it("rejects unknown dimensions", async () => {
    expect(await code(run("filter_labels", { data: cube([T1], null), dimension: "bands", condition: after(T1) }))).toBe("DimensionNotAvailable");
  });
});

describe("merge_cubes", () => {
  it("appends the other cube's bands without a resolver", async () => {
    const merged = (await run("merge_cubes", { cube1: cube([T1], ["a", "b"]), cube2: cube([T1], ["c"]) })) as RasterCube;
    expect(labelsNamed(merged, "bands")).toEqual(["a", "b", "c"]);
    expect(values(merged)).toEqual([[0, 1], [10, 11], [0, 1]]);
  });

  it("sorts the union of time steps and resolves overlaps per cell, no-data as null", async () => {
    const first = cube([T1, T2], null);
    first.planes[1]![1] = NaN;
    const second = cube([T3, T2], null);
    const seen: unknown[] = [];
    const sum = async ({ x, y }: Record<string, unknown>) => {
      seen.push([x, y]);
      return x === null || y === null ? null : (x as number) + (y as number);
    };
    const merged = (await run("merge_cubes", { cube1: first, cube2: second, overlap_resolver: sum })) as RasterCube;
    expect(labelsNamed(merged, "t")).toEqual([T1, T2, T3]);
    // T2: cube1 plane 1 [10, NaN] with cube2 plane 1 [10, 11]; T3 is cube2's plane 0.
    expect(values(merged)).toEqual([[0, 1], [20, NaN], [0, 1]]);
    expect(seen).toEqual([[10, 10], [null, 11]]);
  });

  it("applies a cube without time steps to every time step of the other", async () => {
    const merged = (await run("merge_cubes", { cube1: cube([T1, T2], null), cube2: cube(null, null), overlap_resolver: async ({ x, y }: Record<string, unknown>) => (x as number) * 100 + (y as number) })) as RasterCube;
    expect(values(merged)).toEqual([[0, 101], [1000, 1101]]);
  });

  it("needs a resolver for overlaps and the same grid", async () => {
    expect(await code(run("merge_cubes", { cube1: cube([T1], ["a"]), cube2: cube([T1], ["a"]) }))).toBe("OverlapResolverMissing");
    const shifted = { ...cube([T1], ["b"]), grid: { crs: "EPSG:32633", bbox: [110, 40, 130, 50] as [number, number, number, number], width: 2, height: 1 } };
    expect(await code(run("merge_cubes", { cube1: cube([T1], ["a"]), cube2: shifted }))).toBe("ProcessParameterInvalid");
  });
});
