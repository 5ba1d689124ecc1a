import { describe, expect, it } from "vitest";
import type { RasterCube } from "../../../src/cube";
import { applyLanes, type CallbackSource } from "../../../src/cube/apply-lanes";
import { isLabeled } from "../../../src/processes/types";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, runCubeProcess } from "../../support/run-process";

const run = async (args: Record<string, unknown>) => (await runCubeProcess("apply_dimension", args)) as RasterCube;

/** 2 x 1 px of 10 m; times and bands as given; plane p holds [10 p, 10 p + 1]. */
function cube(times: string[] | null, bands: string[] | null): RasterCube {
  const n = (times?.length ?? 1) * (bands?.length ?? 1);
  const planes = Array.from({ length: n }, (_, p) => Float32Array.of(10 * p, 10 * p + 1));
  return rasterCube({ crs: "EPSG:32633", bbox: [100, 40, 120, 50], width: 2, height: 1 }, times, bands, planes);
}

const T1 = "2024-01-01T00:00:00Z";
const T2 = "2024-01-02T00:00:00Z";
const values = (c: RasterCube) => c.planes.map((p) => Array.from(p));
const types = (c: RasterCube) => c.dims.map((d) => `${d.name}:${d.type}`);
const source: CallbackSource = { process: "apply_dimension", parameter: "process" };
const numbers = (data: unknown) => data as (number | null)[];

describe("applyLanes", () => {
  it("turns each pixel's values into new planes, null in for no-data and NaN out for null", async () => {
    const seen: unknown[] = [];
    const lane = [Float32Array.of(1, NaN), Float32Array.of(2, 5)];
    // [sum of the valid values, whether any is no-data, null].
    const { lanes, count } = await applyLanes([lane], ["a", "b"], async (pixel, labels) => {
      seen.push([pixel, labels]);
      return [pixel.reduce<number>((s, v) => s + (v ?? 0), 0), pixel.includes(null), null];
    }, source);
    expect(seen).toEqual([[[1, 2], ["a", "b"]], [[null, 5], ["a", "b"]]]);
    expect(count).toBe(3);
    expect(lanes.map((planes) => planes.map((p) => Array.from(p)))).toEqual([[[3, 5], [0, 1], [NaN, NaN]]]);
  });

  it("rejects results that are not non-empty arrays of one length with numbers, booleans or nulls", async () => {
    const lane = [Float32Array.of(1, 2)];
    const answering = (results: unknown[]) => {
      let call = 0;
      return applyLanes([lane], ["a"], async () => results[call++], source);
    };
    expect(await code(answering([1, 2]))).toBe("ProcessParameterInvalid");
    expect(await code(answering([[], []]))).toBe("ProcessParameterInvalid");
    expect(await code(answering([[1], [1, 2]]))).toBe("ProcessParameterInvalid");
    expect(await code(answering([["x"], ["y"]]))).toBe("ProcessParameterInvalid");
  });

  it("keeps the number of labels of a cube without pixels, without calling back", async () => {
    const { lanes, count } = await applyLanes([[new Float32Array(0), new Float32Array(0)]], ["a", "b"], () => Promise.reject(new Error("called")), source);
    expect(count).toBe(2);
    expect(lanes.map((planes) => planes.length)).toEqual([2]);
  });
});

describe("apply_dimension", () => {
  it("keeps the labels when the number of values stays, along an outer dimension", async () => {
    // Per pixel and band, the two time steps [v1, v2] become [v1 + v2, v2 - v1]. Planes (t, band):
    // (T1, a) [0, 1], (T1, b) [10, 11], (T2, a) [20, 21], (T2, b) [30, 31].
    const applied = await run({ data: cube([T1, T2], ["a", "b"]), dimension: "t", process: async ({ data }: Record<string, unknown>) => {
      const [v1, v2] = numbers(data) as number[];
      return [v1! + v2!, v2! - v1!];
    } });
    expect(types(applied)).toEqual(["t:temporal", "bands:bands"]);
    expect(labelsNamed(applied, "t")).toEqual([T1, T2]);
    expect(values(applied)).toEqual([[20, 22], [40, 42], [20, 20], [20, 20]]);
  });

  it("hands over a labeled array and the context", async () => {
    const seen: unknown[] = [];
    await run({ data: cube(null, ["a", "b"]), dimension: "bands", context: "ctx", process: async ({ data, context }: Record<string, unknown>) => {
      seen.push([isLabeled(data) && data.labels, context]);
      return data;
    } });
    expect(seen).toEqual([[["a", "b"], "ctx"], [["a", "b"], "ctx"]]);
  });

  it("numbers the labels when the number of values changes: bands stay bands, time becomes `other`", async () => {
    // Bands [a, b] of pixel 0: [0, 10], pixel 1: [1, 11]; the result is [a, b, a + b].
    const bands = await run({ data: cube(null, ["a", "b"]), dimension: "bands", process: async ({ data }: Record<string, unknown>) => [...numbers(data), numbers(data).reduce<number>((s, v) => s + v!, 0)] });
    expect(types(bands)).toEqual(["bands:bands"]);
    expect(labelsNamed(bands, "bands")).toEqual(["0", "1", "2"]);
    expect(values(bands)).toEqual([[0, 1], [10, 11], [10, 12]]);
    const time = await run({ data: cube([T1, T2], null), dimension: "t", process: async ({ data }: Record<string, unknown>) => [Math.max(...(numbers(data) as number[]))] });
    expect(types(time)).toEqual(["t:other"]);
    expect(labelsNamed(time, "t")).toEqual([0]);
    expect(values(time)).toEqual([[10, 11]]);
  });

  it("replaces the source by a new target dimension of type `other` with numbered labels", async () => {
    const identity = async ({ data }: Record<string, unknown>) => [...numbers(data)];
    const applied = await run({ data: cube([T1, T2], ["a", "b"]), dimension: "bands", target_dimension: "stats", process: identity });
    expect(types(applied)).toEqual(["t:temporal", "stats:other"]);
    expect(labelsNamed(applied, "stats")).toEqual([0, 1]);
    expect(values(applied)).toEqual([[0, 1], [10, 11], [20, 21], [30, 31]]);
  });

  it("fills an existing single-label target dimension, dropping the source", async () => {
    const identity = async ({ data }: Record<string, unknown>) => [...numbers(data)];
    // t [T1, T2] goes into bands ["a"]: bands "0" holds T1's values, "1" T2's.
    const applied = await run({ data: cube([T1, T2], ["a"]), dimension: "t", target_dimension: "bands", process: identity });
    expect(types(applied)).toEqual(["bands:bands"]);
    expect(labelsNamed(applied, "bands")).toEqual(["0", "1"]);
    expect(values(applied)).toEqual([[0, 1], [10, 11]]);
  });

  it("throws DimensionNotAvailable and rejects spatial dimensions, crowded targets and bad results", async () => {
    const identity = async ({ data }: Record<string, unknown>) => [...numbers(data)];
    const c = cube([T1, T2], ["a", "b"]);
    expect(await code(run({ data: c, dimension: "foo", process: identity }))).toBe("DimensionNotAvailable");
    expect(await code(run({ data: c, dimension: "x", process: identity }))).toBe("ProcessParameterInvalid");
    expect(await code(run({ data: c, dimension: "t", target_dimension: "y", process: identity }))).toBe("ProcessParameterInvalid");
    expect(await code(run({ data: c, dimension: "t", target_dimension: "bands", process: identity }))).toBe("ProcessParameterInvalid");
    expect(await code(run({ data: c, dimension: "t", process: async () => 1 }))).toBe("ProcessParameterInvalid");
  });

  it("reads a lazy cube first", async () => {
    const lazy = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
    await expect(run({ data: lazy, dimension: "t", process: async () => [1] })).rejects.toThrow("read");
  });
});
