import { describe, expect, it } from "vitest";
import type { DataAccess, ItemQuery, LazyCube, RasterCube } from "../../../src/cube";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, noData, runCubeProcess as run } from "../../support/run-process";

const GRID = { crs: "EPSG:32633", bbox: [100, 40, 130, 50] as [number, number, number, number], width: 3, height: 1 };

/** 3 x 1 px; plane p holds [10 p, 10 p + 1, 10 p + 2]. */
function cube(times: string[], bands: string[] | null = null): RasterCube {
  const n = times.length * (bands?.length ?? 1);
  return rasterCube(GRID, times, bands, Array.from({ length: n }, (_, p) => Float32Array.of(10 * p, 10 * p + 1, 10 * p + 2)));
}

const values = (c: unknown) => (c as RasterCube).planes.map((p) => Array.from(p));
const at = (day: string) => `${day}T00:00:00Z`;
const JAN1 = at("2020-01-01");
const JAN5 = at("2020-01-05");
const JAN9 = at("2020-01-09");

describe("resample_cube_temporal", () => {
  it("gives each target time step the nearest one of the data, the earlier on a tie, no-data included", async () => {
    const data = cube([JAN1, JAN5, JAN9], ["a"]);
    data.planes[0]![1] = NaN;
    const targets = [at("2020-01-03"), at("2020-01-08"), at("2019-12-01"), "2020-01-07T00:00:01Z"];
    const result = (await run("resample_cube_temporal", { data, target: cube(targets) })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(targets);
    expect(labelsNamed(result, "bands")).toEqual(["a"]);
    // Jan 3 lies between Jan 1 and Jan 5 (tie: Jan 1, with its no-data); Jan 8 -> Jan 9; Dec 1 -> Jan 1; Jan 7 and a second -> Jan 9.
    expect(values(result)).toEqual([[0, NaN, 2], [20, 21, 22], [0, NaN, 2], [20, 21, 22]]);
  });

  it("with valid_within, takes per pixel the nearest valid value within that many days, else no-data", async () => {
    const data = cube([JAN1, JAN5, JAN9]);
    data.planes[1]![0] = NaN; // Jan 5, pixel 0
    data.planes[1]![1] = Infinity; // not valid either
    data.planes[0]![2] = NaN; // Jan 1, pixel 2
    const result = await run("resample_cube_temporal", { data, target: cube([at("2020-01-04"), at("2020-01-12")]), valid_within: 3 });
    // Jan 4: Jan 5 is nearest; pixels 0 and 1 fall back to Jan 1 (3 days, included), pixel 2 has Jan 5.
    // Jan 12: only Jan 9 lies within 3 days.
    expect(values(result)).toEqual([[0, 1, 12], [20, 21, 22]]);
    const narrow = await run("resample_cube_temporal", { data, target: cube([at("2020-01-04")]), valid_within: 0.5 });
    expect(values(narrow)).toEqual([[NaN, NaN, NaN]]);
  });

  it("resamples the named dimension only, and every temporal dimension the target shares by default", async () => {
    const data: RasterCube = { ...cube([JAN1, JAN9]), dims: [{ name: "t", type: "temporal", labels: [JAN1, JAN9] }, { name: "t2", type: "temporal", labels: [JAN5] }] };
    const target: RasterCube = { ...cube([JAN9]), dims: [{ name: "t", type: "temporal", labels: [JAN9] }, { name: "t2", type: "temporal", labels: [JAN1, JAN9] }] };
    const named = (await run("resample_cube_temporal", { data, target, dimension: "t" })) as RasterCube;
    expect(named.dims.map((d) => d.labels)).toEqual([[JAN9], [JAN5]]);
    expect(values(named)).toEqual([[10, 11, 12]]);
    const both = (await run("resample_cube_temporal", { data, target })) as RasterCube;
    expect(both.dims.map((d) => d.labels)).toEqual([[JAN9], [JAN1, JAN9]]);
    expect(values(both)).toEqual([[10, 11, 12], [10, 11, 12]]);
  });

  it("narrows a data cube not read yet to the target's time steps with valid_within, a day more on either side", async () => {
    const queries: ItemQuery[] = [];
    const recording: DataAccess = { ...noData, items: async (_, query) => (queries.push(query), []) };
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
    expect(await code(run("resample_cube_temporal", { data: lazy, target: cube([JAN5, JAN9]), valid_within: 2 }, recording))).toBe("NoDataAvailable");
    expect(queries.map((q) => q.datetime)).toEqual([{ start: "2020-01-02T00:00:00.000Z", end: "2020-01-12T00:00:00.000Z" }]);
  });

  it("throws the declared exceptions", async () => {
    const data = cube([JAN1], ["a"]);
    expect(await code(run("resample_cube_temporal", { data, target: cube([JAN5]), dimension: "time" }))).toBe("DimensionNotAvailable");
    expect(await code(run("resample_cube_temporal", { data, target: cube([JAN5]), dimension: "bands" }))).toBe("DimensionNotAvailable");
    expect(await code(run("resample_cube_temporal", { data, target: cube([JAN5], ["a"]), dimension: "bands" }))).toBe("DimensionMismatch");
    const otherName: RasterCube = { ...cube([JAN5]), dims: [{ name: "when", type: "temporal", labels: [JAN5] }] };
    expect(await code(run("resample_cube_temporal", { data, target: otherName }))).toBe("DimensionMismatch");
  });

  it("rejects labels that aren't instants and a negative valid_within", async () => {
    expect(await code(run("resample_cube_temporal", { data: cube(["2020-djf"]), target: cube([JAN5]) }))).toBe("ProcessParameterInvalid");
    // Labels of normals: "01" is no instant, though Date.parse reads it as 2001.
    expect(await code(run("resample_cube_temporal", { data: cube([JAN1]), target: cube(["01"]) }))).toBe("ProcessParameterInvalid");
    expect(await code(run("resample_cube_temporal", { data: cube([JAN1]), target: cube([JAN5]), valid_within: -1 }))).toBe("ProcessParameterInvalid");
  });
});
