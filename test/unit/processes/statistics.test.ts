import { describe, expect, it } from "vitest";
import { errorCode, run } from "./run-process";

const REDUCERS = ["sum", "product", "mean", "median", "min", "max", "sd", "variance"];

describe("statistics reducers", () => {
  it("skip no-data by default and give no-data for nothing left", async () => {
    for (const id of REDUCERS) {
      expect(await run(id, { data: [] }), id).toBeNull();
      expect(await run(id, { data: [null, null] }), id).toBeNull();
      expect(await run(id, { data: [1, null, 3], ignore_nodata: false }), id).toBeNull();
    }
    expect(await run("sum", { data: [null, -2, -2, 0] })).toBe(-4);
  });

  it("compute the plain formulas", async () => {
    const data = [2, 4, 4, 4, 5, 5, 7, 9]; // mean 5, squared deviations sum to 32
    expect(await run("sum", { data })).toBe(40);
    expect(await run("product", { data: [-2, 4, 2.5] })).toBe(-20);
    expect(await run("mean", { data })).toBe(5);
    expect(await run("median", { data })).toBe(4.5);
    expect(await run("median", { data: [3, 1, 2] })).toBe(2);
    expect(await run("min", { data })).toBe(2);
    expect(await run("max", { data })).toBe(9);
    expect(await run("variance", { data })).toBeCloseTo(32 / 7, 12);
    expect(await run("sd", { data })).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it("propagate NaN and infinities as IEEE 754 does", async () => {
    for (const id of REDUCERS) expect(await run(id, { data: [NaN, 1, 2] }), id).toBeNaN();
    expect(await run("sum", { data: [1, Infinity] })).toBe(Infinity);
    expect(await run("mean", { data: [-Infinity, Infinity] })).toBeNaN();
    expect(await run("product", { data: [-1, Infinity, 2] })).toBe(-Infinity);
    expect(await run("median", { data: [-Infinity, 3, 3, 5, Infinity] })).toBe(3);
    expect(await run("variance", { data: [1, Infinity] })).toBeNaN();
    expect(await run("min", { data: [1, -Infinity] })).toBe(-Infinity);
  });

  it("extrema gives both ends at once", async () => {
    expect(await run("extrema", { data: [5, 2.5, null, -0.7] })).toEqual([-0.7, 5]);
    expect(await run("extrema", { data: [1, null], ignore_nodata: false })).toEqual([null, null]);
    expect(await run("extrema", { data: [] })).toEqual([null, null]);
    expect(await run("extrema", { data: [1, NaN] })).toEqual([NaN, NaN]);
  });
});

describe("quantiles", () => {
  const data = [2, 4, 4, 4, 5, 5, 7, 9];

  it("interpolates linearly between order statistics (type 7)", async () => {
    // h = (n - 1) p = 7 * 0.1 = 0.7: 2 + 0.7 * (4 - 2) = 3.4
    expect(await run("quantiles", { data, probabilities: [0.1, 0.5, 1] })).toEqual([
      expect.closeTo(3.4, 12),
      4.5,
      9,
    ]);
    // q = 4: p = 0.25 (h = 1.75 → 4), 0.5 (4.5), 0.75 (h = 5.25 → 5 + 0.25 * 2 = 5.5)
    expect(await run("quantiles", { data, probabilities: 4 })).toEqual([4, 4.5, 5.5]);
    expect(await run("quantiles", { data, q: 4 })).toEqual([4, 4.5, 5.5]);
  });

  it("keeps infinite neighbours infinite", async () => {
    // sorted [-∞, -1.25, 1.5, 5.75]; p = 0.25 → h = 0.75 between -∞ and -1.25
    expect(await run("quantiles", { data: [1.5, -Infinity, 5.75, -1.25], probabilities: [0.25] })).toEqual([-Infinity]);
  });

  it("handles no-data, NaN and empty input", async () => {
    expect(await run("quantiles", { data: [-1, -0.5, null, 1], probabilities: 2 })).toEqual([-0.5]);
    expect(await run("quantiles", { data: [1, null], probabilities: 4, ignore_nodata: false })).toEqual([
      null,
      null,
      null,
    ]);
    expect(await run("quantiles", { data: [1, NaN], probabilities: 2 })).toEqual([NaN]);
    expect(await run("quantiles", { data: [], probabilities: [0.1, 0.5] })).toEqual([null, null]);
  });

  it("checks its parameters", async () => {
    expect(await errorCode(run("quantiles", { data }))).toBe("QuantilesParameterMissing");
    expect(await errorCode(run("quantiles", { data, probabilities: 2, q: 2 }))).toBe("QuantilesParameterConflict");
    expect(await errorCode(run("quantiles", { data, probabilities: [0.5, 0.1] }))).toBe(
      "AscendingProbabilitiesRequired",
    );
  });
});
