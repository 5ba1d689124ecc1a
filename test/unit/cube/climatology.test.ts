import { describe, expect, it } from "vitest";
import type { DataAccess, ItemQuery, LazyCube, RasterCube } from "../../../src/cube";
import { labelsNamed, rasterCube } from "../../support/raster-cube";
import { errorCode as code, noData, runCubeProcess as run } from "../../support/run-process";

const GRID = { crs: "EPSG:32633", bbox: [100, 40, 120, 50] as [number, number, number, number], width: 2, height: 1 };

/** 2 x 1 px; times and bands as given; plane p holds [10 p, 10 p + 1]. */
function cube(times: string[], bands: string[] | null = null): RasterCube {
  const n = times.length * (bands?.length ?? 1);
  return rasterCube(GRID, times, bands, Array.from({ length: n }, (_, p) => Float32Array.of(10 * p, 10 * p + 1)));
}

const values = (c: unknown) => (c as RasterCube).planes.map((p) => Array.from(p));
/** The float32 mean of the valid numbers, as a pixel's normal is stored. */
const mean = (...xs: number[]) => {
  const valid = xs.filter((x) => !Number.isNaN(x));
  return valid.length ? Math.fround(valid.reduce((a, b) => a + b, 0) / valid.length) : NaN;
};
const at = (day: string) => `${day}T00:00:00Z`;

describe("climatological_normal", () => {
  it("averages each month over the years of the climatology period, leaving out no-data and later years", async () => {
    const data = cube([at("2020-01-10"), at("2020-01-20"), at("2020-02-05"), at("2021-01-15"), at("2021-07-01"), at("2022-01-01")]);
    data.planes[1]![1] = NaN;
    const result = (await run("climatological_normal", { data, period: "month", climatology_period: [2020, 2021] })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(["01", "02", "07"]);
    // January: planes 0, 1 and 3 (plane 1's second pixel is no-data); 2022 is outside the period.
    expect(values(result)).toEqual([[mean(0, 10, 30), mean(1, NaN, 31)], [20, 21], [40, 41]]);
    expect(result.grid).toEqual(GRID);
  });

  it("keeps the other dimensions, each averaged on its own", async () => {
    const result = (await run("climatological_normal", { data: cube([at("2020-03-01"), at("2021-03-02")], ["a", "b"]), period: "month", climatology_period: [2020, 2021] })) as RasterCube;
    expect(result.dims.map((d) => d.name)).toEqual(["t", "bands"]);
    // Planes (t outer): 2020 a=0 b=10, 2021 a=20 b=30.
    expect(values(result)).toEqual([[mean(0, 20), mean(1, 21)], [mean(10, 30), mean(11, 31)]]);
  });

  it("counts a winter in the year it ends in, the first only with its December, never the one the last year begins", async () => {
    const times = [at("2019-12-15"), at("2020-01-15"), at("2020-02-15"), at("2020-07-01"), at("2020-12-15")];
    const result = (await run("climatological_normal", { data: cube(times), period: "season", climatology_period: [2020, 2020] })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(["djf", "jja"]);
    expect(values(result)).toEqual([[mean(0, 10, 20), mean(1, 11, 21)], [30, 31]]);
    // Without December 2019 the first winter is incomplete and left out.
    const withoutDecember = (await run("climatological_normal", { data: cube(times.slice(1)), period: "season", climatology_period: [2020, 2020] })) as RasterCube;
    expect(labelsNamed(withoutDecember, "t")).toEqual(["jja"]);
    expect(values(withoutDecember)).toEqual([[20, 21]]);
  });

  it("splits tropical seasons at November and May", async () => {
    const times = [at("2019-11-10"), at("2020-03-10"), at("2020-05-10"), at("2020-11-10")];
    const result = (await run("climatological_normal", { data: cube(times), period: "tropical-season", climatology_period: [2020, 2020] })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(["ndjfma", "mjjaso"]);
    expect(values(result)).toEqual([[mean(0, 10), mean(1, 11)], [20, 21]]);
  });

  it("labels days with their day of the year, and the whole period with one label", async () => {
    // 2020 is a leap year: its 1 March is day 61, 2021's is day 60.
    const data = cube([at("2020-03-01"), at("2021-01-01"), at("2021-03-01")]);
    const days = (await run("climatological_normal", { data, period: "day", climatology_period: [2020, 2021] })) as RasterCube;
    expect(labelsNamed(days, "t")).toEqual(["001", "060", "061"]);
    expect(values(days)).toEqual([[10, 11], [20, 21], [0, 1]]);
    const whole = (await run("climatological_normal", { data, period: "climatology-period", climatology_period: [2020, 2021] })) as RasterCube;
    expect(labelsNamed(whole, "t")).toEqual(["climatology-period"]);
    expect(values(whole)).toEqual([[mean(0, 10, 20), mean(1, 11, 21)]]);
  });

  it("narrows a cube not read yet to the climatology period, with the December before for seasons", async () => {
    const queries: ItemQuery[] = [];
    const recording: DataAccess = { ...noData, items: async (_, query) => (queries.push(query), []) };
    const lazy: LazyCube = { kind: "lazy", collection: "c", bands: [{ name: "B04" }], spatial: null, temporal: null, properties: {} };
    expect(await code(run("climatological_normal", { data: lazy, period: "season", climatology_period: [2001, 2003] }, recording))).toBe("NoDataAvailable");
    expect(await code(run("climatological_normal", { data: lazy, period: "month" }, recording))).toBe("NoDataAvailable");
    expect(queries.map((q) => q.datetime)).toEqual([
      { start: "2000-12-01T00:00:00.000Z", end: "2004-01-01T00:00:00.000Z" },
      { start: "1981-01-01T00:00:00.000Z", end: "2011-01-01T00:00:00.000Z" },
    ]);
  });

  it("rejects a period without time steps (the default 1981 to 2010 here), reversed years and cubes without one temporal dimension", async () => {
    const data = cube([at("2020-01-10")]);
    expect(await code(run("climatological_normal", { data, period: "month" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("climatological_normal", { data, period: "month", climatology_period: [2021, 2020] }))).toBe("ProcessParameterInvalid");
    const twoTimes: RasterCube = { ...data, dims: [...data.dims, { name: "t2", type: "temporal", labels: [at("2020-01-10")] }] };
    expect(await code(run("climatological_normal", { data: twoTimes, period: "month", climatology_period: [2020, 2020] }))).toBe("ProcessParameterInvalid");
    expect(await code(run("climatological_normal", { data: rasterCube(GRID, null, ["a"], [Float32Array.of(1, 2)]), period: "month", climatology_period: [2020, 2020] }))).toBe("ProcessParameterInvalid");
  });
});

describe("anomaly", () => {
  const normals = (labels: string[], bands: string[] | null = null) =>
    rasterCube(GRID, labels, bands, Array.from({ length: labels.length * (bands?.length ?? 1) }, (_, p) => Float32Array.of(1000 * (p + 1), NaN)));

  it("subtracts from each time step the normal of its month, whether labelled by instant or by period", async () => {
    const data = cube([at("2020-01-10"), at("2020-02-10"), at("2021-01-05")]);
    const result = (await run("anomaly", { data, normals: normals(["01", "02"]), period: "month" })) as RasterCube;
    expect(labelsNamed(result, "t")).toEqual(labelsNamed(data, "t"));
    // Normals: January 1000, February 2000 (second pixel no-data, so its anomalies are too).
    expect(values(result)).toEqual([[0 - 1000, NaN], [10 - 2000, NaN], [20 - 1000, NaN]]);
    const periods = cube(["2020-01", "2020-02"]);
    expect(values(await run("anomaly", { data: periods, normals: normals(["01", "02"]), period: "month" }))).toEqual([[-1000, NaN], [10 - 2000, NaN]]);
  });

  it("matches seasons, days, years and hours by the labels climatological_normal and aggregate_temporal_period give", async () => {
    const one = async (label: string, normal: string, period: string) => values(await run("anomaly", { data: cube([label]), normals: normals([normal]), period }))[0]![0];
    expect(await one("2019-djf", "djf", "season")).toBe(-1000);
    expect(await one(at("2020-01-15"), "djf", "season")).toBe(-1000);
    expect(await one("2020-mjjaso", "mjjaso", "tropical-season")).toBe(-1000);
    expect(await one(at("2020-03-01"), "061", "day")).toBe(-1000);
    expect(await one("2020-061", "061", "day")).toBe(-1000);
    expect(await one(at("2020-06-01"), "2020", "year")).toBe(-1000);
    expect(await one("2020", "2020", "decade")).toBe(-1000);
    expect(await one("2020-01-15T07:30:00Z", "07", "hour")).toBe(-1000);
    expect(await one("2020-01-15-07", "07", "hour")).toBe(-1000);
    expect(await one(at("2020-01-02"), "01", "week")).toBe(-1000);
    expect(await one("2020-01-21T00:00:00Z", "03", "dekad")).toBe(-1000);
  });

  it("subtracts a single normal from every time step for climatology-period and single-period", async () => {
    const data = cube([at("2020-01-10"), at("2024-07-10")]);
    for (const period of ["climatology-period", "single-period"]) {
      expect(values(await run("anomaly", { data, normals: normals(["any"]), period }))).toEqual([[-1000, NaN], [10 - 1000, NaN]]);
    }
    expect(await code(run("anomaly", { data, normals: normals(["a", "b"]), period: "single-period" }))).toBe("ProcessParameterInvalid");
  });

  it("gives no-data where a time step has no normal, and fails where none has one", async () => {
    const data = cube([at("2020-01-10"), at("2020-03-10")]);
    expect(values(await run("anomaly", { data, normals: normals(["01"]), period: "month" }))).toEqual([[-1000, NaN], [NaN, NaN]]);
    expect(await code(run("anomaly", { data, normals: normals(["djf"]), period: "month" }))).toBe("ProcessParameterInvalid");
    expect(await code(run("anomaly", { data: cube(["2020-13-13"]), normals: normals(["01"]), period: "month" }))).toBe("ProcessParameterInvalid");
  });

  it("pairs the normals' bands with the data's wherever the temporal dimension lies", async () => {
    const data = cube([at("2020-01-10"), at("2020-02-10")], ["a", "b"]);
    // Normals with bands outermost: a/01 = 1000, a/02 = 2000, b/01 = 3000, b/02 = 4000.
    const n = normals(["01", "02"], ["a", "b"]);
    const swapped: RasterCube = { ...n, dims: [n.dims[1]!, n.dims[0]!] };
    const result = await run("anomaly", { data, normals: swapped, period: "month" });
    // Data planes (t outer): 01/a = 0, 01/b = 10, 02/a = 20, 02/b = 30.
    expect(values(result).map((p) => p[0])).toEqual([0 - 1000, 10 - 3000, 20 - 2000, 30 - 4000]);
  });

  it("refuses normals with other bands or another grid", async () => {
    const data = cube([at("2020-01-10")], ["a"]);
    expect(await code(run("anomaly", { data, normals: normals(["01"], ["b"]), period: "month" }))).toBe("ProcessParameterInvalid");
    const elsewhere = { ...normals(["01"], ["a"]), grid: { ...GRID, bbox: [0, 40, 20, 50] as [number, number, number, number] } };
    expect(await code(run("anomaly", { data, normals: elsewhere, period: "month" }))).toBe("ProcessParameterInvalid");
  });

  it("gives anomalies whose monthly means are zero from the normals of the same data", async () => {
    const data = cube([at("2020-01-10"), at("2020-02-10"), at("2021-01-05"), at("2021-02-20")], ["a"]);
    const monthly = await run("climatological_normal", { data, period: "month", climatology_period: [2020, 2021] });
    const result = values(await run("anomaly", { data, normals: monthly, period: "month" }));
    // January: planes 0 and 2 (0 and 20, normal 10); February: planes 1 and 3 (10 and 30, normal 20).
    expect(result).toEqual([[-10, -10], [-10, -10], [10, 10], [10, 10]]);
  });
});
