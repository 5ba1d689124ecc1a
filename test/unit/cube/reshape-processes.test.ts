import { describe, expect, it } from "vitest";
import { dimensionsOf, type LabelDimension, type RasterCube } from "../../../src/cube";
import type { VectorCube } from "../../../src/cube/vector";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, runCubeProcess as run } from "../../support/run-process";

const GRID = { crs: "EPSG:32633", bbox: [100, 40, 120, 60] as [number, number, number, number], width: 2, height: 2 };
const other = (name: string, labels: (string | number)[]): LabelDimension => ({ name, type: "other", labels });

/** 1 x 1 px planes over `dims` whose value is `value(label positions)`, planes row-major over dims. */
function cubeOf(dims: LabelDimension[], value: (position: number[]) => number): RasterCube {
  const sizes = dims.map((d) => d.labels.length);
  const planes: Float32Array[] = [];
  const count = sizes.reduce((n, s) => n * s, 1);
  for (let p = 0; p < count; p++) {
    let rest = p;
    const position = sizes.map((_, i) => sizes.slice(i + 1).reduce((n, s) => n * s, 1)).map((stride) => {
      const at = Math.floor(rest / stride);
      rest %= stride;
      return at;
    });
    planes.push(Float32Array.of(value(position)));
  }
  return { kind: "raster", grid: { ...GRID, width: 1, height: 1 }, axes: { x: "x", y: "y" }, dims, planes };
}

const values = (c: unknown) => (c as RasterCube).planes.map((p) => p[0]);

describe("flatten_dimensions", () => {
  it("merges A and B as the definition's example does", async () => {
    const data = cubeOf([other("A", [2020, 2021]), other("B", ["B1", "B2"])], ([a, b]) => 2 * a! + b! + 1);
    const result = (await run("flatten_dimensions", { data, dimensions: ["A", "B"], target_dimension: "X" })) as RasterCube;
    expect(result.dims).toEqual([other("X", ["2020~B1", "2020~B2", "2021~B1", "2021~B2"])]);
    expect(values(result)).toEqual([1, 2, 3, 4]);
  });

  it("combines in the given order, puts the new dimension where the first flattened one was, and keeps the others", async () => {
    // A (2) x C (3) x B (2); the value names its labels: 100 a + 10 c + b.
    const data = cubeOf([other("A", ["a0", "a1"]), other("C", ["c0", "c1", "c2"]), other("B", ["b0", "b1"])], ([a, c, b]) => 100 * a! + 10 * c! + b!);
    const result = (await run("flatten_dimensions", { data, dimensions: ["B", "A"], target_dimension: "BA", label_separator: "/" })) as RasterCube;
    expect(result.dims.map((d) => d.name)).toEqual(["BA", "C"]);
    expect(labelsNamed(result, "BA")).toEqual(["b0/a0", "b0/a1", "b1/a0", "b1/a1"]);
    // Each plane (BA outer, C inner) holds the value of the labels it is under.
    const expected = ["b0/a0", "b0/a1", "b1/a0", "b1/a1"].flatMap((ba) => [0, 1, 2].map((c) => 100 * Number(ba[4]) + 10 * c + Number(ba[1])));
    expect(values(result)).toEqual(expected);
  });

  it("flattens time and bands, labels as text", async () => {
    const data = rasterCube(GRID, ["2020-01-01T00:00:00Z"], ["B04", "B08"], [new Float32Array(4).fill(1), new Float32Array(4).fill(2)]);
    const result = (await run("flatten_dimensions", { data, dimensions: ["t", "bands"], target_dimension: "tb" })) as RasterCube;
    expect(result.dims).toEqual([other("tb", ["2020-01-01T00:00:00Z~B04", "2020-01-01T00:00:00Z~B08"])]);
    expect(result.grid).toEqual(GRID);
    expect(result.planes.map((p) => Array.from(p))).toEqual([[1, 1, 1, 1], [2, 2, 2, 2]]);
  });

  it("throws the declared exceptions and refuses x, y and an empty list", async () => {
    const data = cubeOf([other("A", [1]), other("B", [2])], () => 0);
    expect(await code(run("flatten_dimensions", { data, dimensions: ["A", "Z"], target_dimension: "X" }))).toBe("DimensionNotAvailable");
    expect(await code(run("flatten_dimensions", { data, dimensions: ["A"], target_dimension: "B" }))).toBe("TargetDimensionExists");
    expect(await code(run("flatten_dimensions", { data, dimensions: ["A"], target_dimension: "x" }))).toBe("TargetDimensionExists");
    expect(await code(run("flatten_dimensions", { data, dimensions: ["x", "A"], target_dimension: "X" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("flatten_dimensions", { data, dimensions: [], target_dimension: "X" }))).toBe("ProcessParameterInvalid");
  });
});

describe("unflatten_dimension", () => {
  it("splits X as the definition's example does, undoing flatten_dimensions", async () => {
    const data = cubeOf([other("X", ["2020~B1", "2020~B2", "2021~B1", "2021~B2"])], ([x]) => x! + 1);
    const result = (await run("unflatten_dimension", { data, dimension: "X", target_dimensions: ["A", "B"] })) as RasterCube;
    expect(result.dims).toEqual([other("A", ["2020", "2021"]), other("B", ["B1", "B2"])]);
    expect(values(result)).toEqual([1, 2, 3, 4]);
    const again = (await run("flatten_dimensions", { data: result, dimensions: ["A", "B"], target_dimension: "X" })) as RasterCube;
    expect(again.dims).toEqual(data.dims);
    expect(values(again)).toEqual(values(data));
  });

  it("puts the new dimensions in place of the split one, fills missing combinations with no-data", async () => {
    // C (2) x X (3 labels, "p~q") x D (2); b1~a0 has no label.
    const labels = ["b0~a0", "b0~a1", "b1~a1"];
    const data = cubeOf([other("C", ["c0", "c1"]), other("X", labels), other("D", ["d0", "d1"])], ([c, x, d]) => 100 * c! + 10 * x! + d!);
    const result = (await run("unflatten_dimension", { data, dimension: "X", target_dimensions: ["P", "Q"] })) as RasterCube;
    expect(result.dims.map((d) => [d.name, d.labels])).toEqual([["C", ["c0", "c1"]], ["P", ["b0", "b1"]], ["Q", ["a0", "a1"]], ["D", ["d0", "d1"]]]);
    const expected = [0, 1].flatMap((c) =>
      ["b0", "b1"].flatMap((p) => ["a0", "a1"].flatMap((q) => [0, 1].map((d) => (labels.includes(`${p}~${q}`) ? 100 * c + 10 * labels.indexOf(`${p}~${q}`) + d : NaN)))),
    );
    expect(values(result)).toEqual(expected);
  });

  it("throws the declared exceptions and refuses labels that don't split evenly or occur twice", async () => {
    const data = cubeOf([other("X", ["a~b", "c~d"]), other("B", [1])], () => 0);
    expect(await code(run("unflatten_dimension", { data, dimension: "Z", target_dimensions: ["P", "Q"] }))).toBe("DimensionNotAvailable");
    expect(await code(run("unflatten_dimension", { data, dimension: "X", target_dimensions: ["P", "B"] }))).toBe("TargetDimensionExists");
    expect(await code(run("unflatten_dimension", { data, dimension: "X", target_dimensions: ["P", "Q", "R"] }))).toBe("ProcessParameterInvalid");
    expect(await code(run("unflatten_dimension", { data, dimension: "y", target_dimensions: ["P", "Q"] }))).toBe("ProcessParameterInvalid");
    // The number 1.5 and the text "1.5" both split into 1 and 5.
    const twice = cubeOf([other("X", [1.5, "1.5"])], () => 0);
    expect(await code(run("unflatten_dimension", { data: twice, dimension: "X", target_dimensions: ["P", "Q"], label_separator: "." }))).toBe("ProcessParameterInvalid");
  });
});

describe("reduce_spatial", () => {
  it("reduces every image to one value over the whole extent, no-data as null", async () => {
    const data = rasterCube(GRID, ["2020-01-01T00:00:00Z"], ["a", "b"], [Float32Array.of(1, 2, NaN, 4), Float32Array.of(10, 20, 30, 40)]);
    const seen: unknown[] = [];
    const sum = async ({ data: xs, context }: Record<string, unknown>) => {
      seen.push([[...(xs as (number | null)[])], context]);
      return (xs as (number | null)[]).reduce<number>((a, b) => a + (b ?? 0), 0);
    };
    const result = (await run("reduce_spatial", { data, reducer: sum, context: "ctx" })) as VectorCube;
    // The spatial dimensions are gone: a cube of the other dimensions, one value per label combination.
    expect(result).toEqual({ kind: "vector", crs: GRID.crs, geometries: null, dims: data.dims, values: [Float64Array.of(7), Float64Array.of(100)] });
    expect(Object.keys(dimensionsOf(result))).toEqual(["t", "bands"]);
    expect(seen).toEqual([[[1, 2, null, 4], "ctx"], [[10, 20, 30, 40], "ctx"]]);
  });

  it("keeps the reducer's value in double precision", async () => {
    const data = rasterCube(GRID, null, ["a"], [Float32Array.of(1, 2, 3, 4)]);
    const result = (await run("reduce_spatial", { data, reducer: async () => 0.1 })) as VectorCube;
    expect(result.values[0]![0]).toBe(0.1);
  });

  it("stores null as no-data, booleans as 1 and 0, and refuses other results", async () => {
    const data = rasterCube(GRID, null, ["a", "b"], [Float32Array.of(1, 2, 3, 4), Float32Array.of(5, 6, 7, 8)]);
    const answers = [null, true];
    const result = (await run("reduce_spatial", { data, reducer: async () => answers.shift() })) as VectorCube;
    expect(result.values).toEqual([Float64Array.of(NaN), Float64Array.of(1)]);
    expect(await code(run("reduce_spatial", { data, reducer: async () => "text" }))).toBe("ProcessParameterInvalid");
  });
});
