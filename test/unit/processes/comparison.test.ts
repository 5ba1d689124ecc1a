import { describe, expect, it } from "vitest";
import { run } from "./run-process";

describe("comparison processes", () => {
  it("eq and neq compare types strictly", async () => {
    expect(await run("eq", { x: 1, y: 1.0 })).toBe(true);
    expect(await run("eq", { x: 1, y: "1" })).toBe(false);
    expect(await run("eq", { x: 0, y: false })).toBe(false);
    expect(await run("eq", { x: true, y: true })).toBe(true);
    expect(await run("neq", { x: 1, y: "1" })).toBe(true);
    expect(await run("neq", { x: "a", y: "a" })).toBe(false);
  });

  it("eq and neq give no-data for no-data and treat NaN as unequal", async () => {
    expect(await run("eq", { x: 1, y: null })).toBeNull();
    expect(await run("neq", { x: null, y: null })).toBeNull();
    expect(await run("eq", { x: NaN, y: NaN })).toBe(false);
    expect(await run("neq", { x: NaN, y: NaN })).toBe(true);
    expect(await run("eq", { x: Infinity, y: Infinity })).toBe(true);
  });

  it("eq applies delta to numbers and case folding to strings", async () => {
    expect(await run("eq", { x: 1.02, y: 1, delta: 0.01 })).toBe(false);
    expect(await run("eq", { x: -1, y: -1.001, delta: 0.01 })).toBe(true);
    expect(await run("neq", { x: 115, y: 110, delta: 10 })).toBe(false);
    expect(await run("eq", { x: "Test", y: "test" })).toBe(false);
    expect(await run("eq", { x: "Ä", y: "ä", case_sensitive: false })).toBe(true);
    // Temporal strings are plain text: the same instant written twice is not equal.
    expect(await run("eq", { x: "2018-01-01T00:00:00Z", y: "2018-01-01T00:00:00+00:00" })).toBe(false);
  });

  it("gt and lt compare numbers only", async () => {
    expect(await run("gt", { x: 2, y: 1 })).toBe(true);
    expect(await run("gt", { x: 1, y: 1 })).toBe(false);
    expect(await run("gt", { x: "b", y: "a" })).toBe(false);
    expect(await run("gt", { x: true, y: false })).toBe(false);
    expect(await run("lt", { x: -Infinity, y: Infinity })).toBe(true);
    expect(await run("lt", { x: NaN, y: 5 })).toBe(false);
    expect(await run("lt", { x: 1, y: null })).toBeNull();
  });

  it("gte and lte are also true for equal non-numbers", async () => {
    expect(await run("gte", { x: 1, y: 1 })).toBe(true);
    expect(await run("lte", { x: 1, y: 2 })).toBe(true);
    expect(await run("lte", { x: "a", y: "b" })).toBe(false);
    expect(await run("lte", { x: "a", y: "a" })).toBe(true);
    expect(await run("gte", { x: true, y: true })).toBe(true);
    expect(await run("gte", { x: "1", y: 1 })).toBe(false);
    expect(await run("gte", { x: NaN, y: NaN })).toBe(false);
    expect(await run("lte", { x: null, y: 1 })).toBeNull();
  });

  it("between checks the range, optionally without its maximum", async () => {
    expect(await run("between", { x: 1, min: 0, max: 1 })).toBe(true);
    expect(await run("between", { x: 1, min: 0, max: 1, exclude_max: true })).toBe(false);
    expect(await run("between", { x: 0, min: 0, max: 1, exclude_max: true })).toBe(true);
    expect(await run("between", { x: 0.5, min: 1, max: 0 })).toBe(false);
    expect(await run("between", { x: "0.5", min: 0, max: 1 })).toBe(false);
    expect(await run("between", { x: null, min: 0, max: 1 })).toBeNull();
  });

  it("is_nan, is_nodata and is_valid tell NaN, no-data and valid values apart", async () => {
    const cases: [unknown, boolean, boolean, boolean][] = [
      // x, is_nan, is_nodata, is_valid
      [NaN, true, false, false],
      [null, false, true, false],
      [Infinity, false, false, false],
      [0, false, false, true],
      ["NaN", false, false, true],
      [[null, null], false, false, true],
      [{}, false, false, true],
    ];
    for (const [x, nan, nodata, valid] of cases) {
      expect(await run("is_nan", { x }), `is_nan(${String(x)})`).toBe(nan);
      expect(await run("is_nodata", { x }), `is_nodata(${String(x)})`).toBe(nodata);
      expect(await run("is_valid", { x }), `is_valid(${String(x)})`).toBe(valid);
    }
  });
});
