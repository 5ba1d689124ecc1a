import { describe, expect, it } from "vitest";
import type { DataAccess, ItemQuery, LazyCube, RasterCube } from "../../../src/cube";
import type { LabeledArray } from "../../../src/processes/types";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, noData, runCubeProcess as run } from "../../support/run-process";

/** 2 x 1 px; times and bands as given; plane p holds [10 p, 10 p + 1]. */
function cube(times: string[] | null, bands: string[] | null): RasterCube {
  const n = (times?.length ?? 1) * (bands?.length ?? 1);
  const planes = Array.from({ length: n }, (_, p) => Float32Array.of(10 * p, 10 * p + 1));
  return rasterCube({ crs: "EPSG:32633", bbox: [100, 40, 120, 50], width: 2, height: 1 }, times, bands, planes);
}

/** The reducer callbacks get `data` as a labeled array with null for no-data. */
const sum = async ({ data }: Record<string, unknown>) => {
  const values = (data as number[]).filter((v) => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
};
const count = async ({ data }: Record<string, unknown>) => (data as unknown[]).length;
const values = (c: unknown) => (c as RasterCube).planes.map((p) => Array.from(p));

const JAN1 = "2020-01-01T00:00:00Z";
const JAN5 = "2020-01-05T00:00:00Z";
const JAN9 = "2020-01-09T12:00:00Z";
const MAR1 = "2020-03-01T00:00:00Z";

describe("aggregate_temporal", () => {
  it("reduces the time steps of each interval, start included and end excluded, per band", async () => {
    // Planes (t outer, bands inner): JAN1 a=0 b=10, JAN5 a=20 b=30, JAN9 a=40 b=50, MAR1 a=60 b=70 (+1 in the second pixel).
    const intervals = [["2020-01-01", "2020-01-09T12:00:00Z"], ["2020-01-05", "2020-02-01"], ["2020-02-01", MAR1]];
    const result = (await run("aggregate_temporal", { data: cube([JAN1, JAN5, JAN9, MAR1], ["a", "b"]), intervals, reducer: sum })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(["2020-01-01", "2020-01-05", "2020-02-01"]);
    expect(labelsNamed(result, "bands")).toEqual(["a", "b"]);
    // [JAN1, JAN9): JAN1 + JAN5; [JAN5, Feb): JAN5 + JAN9 (overlapping); [Feb, MAR1): nothing, so no-data.
    expect(values(result)).toEqual([[20, 22], [40, 42], [60, 62], [80, 82], [NaN, NaN], [NaN, NaN]]);
  });

  it("hands the reducer the labeled values of an interval, an empty array for an empty one, and the context", async () => {
    const seen: unknown[] = [];
    const record = async ({ data, context }: Record<string, unknown>) => {
      seen.push([[...(data as unknown[])], (data as LabeledArray).labels, context]);
      return (data as unknown[]).length;
    };
    const data = cube([JAN1, JAN5], null);
    data.planes[1]![0] = NaN;
    const result = await run("aggregate_temporal", { data, intervals: [["2020-01-01", "2020-01-06"], ["2021-01-01", "2022-01-01"]], reducer: record, context: "ctx" });
    // The empty interval's answer (0 values) is asked once and fills its whole plane.
    expect(values(result)).toEqual([[2, 2], [0, 0]]);
    expect(seen).toEqual([[[0, null], [JAN1, JAN5], "ctx"], [[1, 11], [JAN1, JAN5], "ctx"], [[], [], "ctx"]]);
  });

  it("uses the given labels, numbers as strings", async () => {
    const result = (await run("aggregate_temporal", { data: cube([JAN1, JAN5], null), intervals: [[null, "2020-01-05"], ["2020-01-05", null]], labels: ["before", 2], reducer: count })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(["before", "2"]);
    expect(values(result)).toEqual([[1, 1], [1, 1]]);
  });

  it("groups by times of the day, wrapping past midnight", async () => {
    const times = ["2020-01-01T03:00:00Z", "2020-01-01T12:00:00Z", "2020-01-02T20:00:00Z"];
    const result = (await run("aggregate_temporal", { data: cube(times, null), intervals: [["06:00:00", "18:00:00"], ["18:00:00", "06:00:00"]], reducer: sum })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(["06:00:00", "18:00:00"]);
    // Day: 12:00 (plane 1); night: 03:00 and 20:00 (planes 0 and 2).
    expect(values(result)).toEqual([[10, 11], [20, 22]]);
  });

  it("aggregates the named temporal dimension of a cube with another one", async () => {
    const data: RasterCube = { ...cube([JAN1, JAN5], ["a"]), dims: [{ name: "t", type: "temporal", labels: [JAN1, JAN5] }, { name: "season", type: "temporal", labels: [MAR1] }] };
    const result = (await run("aggregate_temporal", { data, intervals: [["2020-01-01", "2020-02-01"]], reducer: sum, dimension: "t" })) as RasterCube;
    expect(result.dims.map((d) => [d.name, d.type, d.labels])).toEqual([["t", "temporal", ["2020-01-01"]], ["season", "temporal", [MAR1]]]);
    expect(values(result)).toEqual([[10, 12]]);
  });

  it("narrows a cube not read yet to the intervals' time span before reading", async () => {
    const queries: ItemQuery[] = [];
    const recording: DataAccess = { ...noData, items: async (_, query) => (queries.push(query), []) };
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: { start: "2019-06-01T00:00:00Z", end: "2020-02-15T00:00:00Z" }, properties: {} };
    const intervals = [["2020-01-01", "2020-02-01"], ["2019-12-01", "2020-03-01"]];
    // No items: reading fails, after the query showed what would be read.
    expect(await code(run("aggregate_temporal", { data: lazy, intervals, reducer: sum }, recording))).toBe("NoDataAvailable");
    expect(queries.map((q) => q.datetime)).toEqual([{ start: "2019-12-01T00:00:00.000Z", end: "2020-02-15T00:00:00Z" }]);
    expect(await code(run("aggregate_temporal", { data: lazy, intervals, reducer: sum, dimension: "time" }, recording))).toBe("DimensionNotAvailable");
    expect(queries).toHaveLength(1);
  });

  it("throws the declared exceptions", async () => {
    const one = [["2020-01-01", "2020-02-01"]];
    const twoTimes: RasterCube = { ...cube([JAN1], null), dims: [{ name: "t", type: "temporal", labels: [JAN1] }, { name: "t2", type: "temporal", labels: [JAN5] }] };
    expect(await code(run("aggregate_temporal", { data: twoTimes, intervals: one, reducer: sum }))).toBe("TooManyDimensions");
    expect(await code(run("aggregate_temporal", { data: cube(null, ["a"]), intervals: one, reducer: sum }))).toBe("DimensionNotAvailable");
    expect(await code(run("aggregate_temporal", { data: cube([JAN1], ["a"]), intervals: one, reducer: sum, dimension: "time" }))).toBe("DimensionNotAvailable");
    expect(await code(run("aggregate_temporal", { data: cube([JAN1], ["a"]), intervals: one, reducer: sum, dimension: "bands" }))).toBe("DimensionNotAvailable");
    expect(await code(run("aggregate_temporal", { data: cube([JAN1], null), intervals: [["2020-02-01", "2020-01-01"]], reducer: sum }))).toBe("TemporalExtentEmpty");
    // The same start written two ways is the same label.
    const sameStart = [["2020-01-01", "2020-02-01"], ["2020-01-01T00:00:00Z", "2020-03-01"]];
    expect(await code(run("aggregate_temporal", { data: cube([JAN1], null), intervals: sameStart, reducer: sum }))).toBe("DistinctDimensionLabelsRequired");
    expect(await code(run("aggregate_temporal", { data: cube([JAN1], null), intervals: sameStart, labels: [1, "1"], reducer: sum }))).toBe("DistinctDimensionLabelsRequired");
  });

  it("rejects labels that don't fit the intervals, time steps that aren't instants and oversized results", async () => {
    const data = cube([JAN1], null);
    expect(await code(run("aggregate_temporal", { data, intervals: [["2020-01-01", "2020-02-01"]], labels: ["a", "b"], reducer: sum }))).toBe("ProcessParameterInvalid");
    expect(await code(run("aggregate_temporal", { data, intervals: [[null, "2020-02-01"]], reducer: sum }))).toBe("ProcessParameterInvalid");
    expect(await code(run("aggregate_temporal", { data: cube(["2020-49"], null), intervals: [["2020-01-01", "2020-02-01"]], reducer: sum }))).toBe("ProcessParameterInvalid");
    // 3 intervals of 2 px (24 bytes) don't fit in 16 bytes.
    const small: DataAccess = { ...noData, maxBytes: 16 };
    const three = [["2020-01-01", "2020-02-01"], ["2020-02-01", "2020-03-01"], ["2020-03-01", "2020-04-01"]];
    expect(await code(run("aggregate_temporal", { data, intervals: three, reducer: sum }, small))).toBe("ProcessGraphComplexity");
  });
});

describe("aggregate_temporal_period", () => {
  it("reduces per month, listing the empty months in between, and keeps the dimension's name", async () => {
    const times = ["2024-01-28T00:00:00Z", "2024-01-31T00:00:00Z", "2024-02-10T00:00:00Z", "2024-04-15T00:00:00Z"];
    const data: RasterCube = { ...cube(times, ["a", "b"]), dims: [{ name: "when", type: "temporal", labels: times }, { name: "bands", type: "bands", labels: [{ name: "a" }, { name: "b" }] }] };
    const result = (await run("aggregate_temporal_period", { data, period: "month", reducer: sum })) as RasterCube;
    expect(labelsNamed(result, "when")).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    // January: planes 0+2 (a), 1+3 (b); February: planes 4 and 5; March empty; April: planes 6 and 7.
    expect(values(result)).toEqual([[20, 22], [40, 42], [40, 41], [50, 51], [NaN, NaN], [NaN, NaN], [60, 61], [70, 71]]);
  });

  it("labels each period kind as defined", async () => {
    const data = cube(["2023-12-28T00:00:00Z", "2024-02-29T12:00:00Z"], null);
    const labels = async (period: string) => labelsNamed((await run("aggregate_temporal_period", { data, period, reducer: count })) as RasterCube, "t");
    expect(await labels("season")).toEqual(["2023-djf"]);
    expect(await labels("tropical-season")).toEqual(["2023-ndjfma"]);
    expect(await labels("dekad")).toEqual(["2023-36", "2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]);
    expect(await labels("year")).toEqual(["2023", "2024"]);
    expect(await labels("decade")).toEqual(["2020"]);
    expect(await labels("decade-ad")).toEqual(["2021"]);
    expect((await labels("week"))?.slice(0, 2)).toEqual(["2023-52", "2024-01"]);
    expect((await labels("day"))?.at(-1)).toBe("2024-060");
    expect((await labels("hour"))?.length).toBe(63 * 24 + 13); // 2023-12-28 00h to 2024-02-29 12h: 4 + 31 + 28 days and 13 hours
  });

  it("throws the declared exceptions", async () => {
    const twoTimes: RasterCube = { ...cube([JAN1], null), dims: [{ name: "t", type: "temporal", labels: [JAN1] }, { name: "t2", type: "temporal", labels: [JAN5] }] };
    expect(await code(run("aggregate_temporal_period", { data: twoTimes, period: "day", reducer: sum }))).toBe("TooManyDimensions");
    expect((await run("aggregate_temporal_period", { data: twoTimes, period: "day", reducer: sum, dimension: "t2" })) as RasterCube).toMatchObject({ dims: [{ name: "t" }, { name: "t2", labels: ["2020-005"] }] });
    expect(await code(run("aggregate_temporal_period", { data: cube(null, ["a"]), period: "day", reducer: sum }))).toBe("DimensionNotAvailable");
    expect(await code(run("aggregate_temporal_period", { data: cube([JAN1], null), period: "day", reducer: sum, dimension: "time" }))).toBe("DimensionNotAvailable");
  });

  it("rejects time steps that aren't instants and too many periods", async () => {
    expect(await code(run("aggregate_temporal_period", { data: cube(["2020-djf"], null), period: "year", reducer: sum }))).toBe("ProcessParameterInvalid");
    // A century of hours on 2 px would be about 7 MiB: more than 1 KiB allows.
    const century = cube(["1920-01-01T00:00:00Z", "2020-01-01T00:00:00Z"], null);
    expect(await code(run("aggregate_temporal_period", { data: century, period: "hour", reducer: sum }, { ...noData, maxBytes: 1024 }))).toBe("ProcessGraphComplexity");
  });
});
