/** The Statistical API's intervals: calendar months and years, weeks and hours, the last interval's three behaviours, the count bound. */
import { describe, expect, it } from "vitest";
import { intervalsOf, parseDuration } from "../../../src/sentinel-hub/statistics/intervals";

const cut = (from: string, to: string, of: string, last: "SKIP" | "SHORTEN" | "EXTEND" = "SKIP", max = 100) => intervalsOf(from, to, parseDuration(of, "of"), last, max).map((i) => `${i.from}/${i.to}`);

describe("Statistical API intervals", () => {
  it("steps calendar months from the start, a day past a month's end becoming its last day", () => {
    expect(cut("2024-01-31T00:00:00Z", "2024-05-01T00:00:00Z", "P1M")).toEqual([
      "2024-01-31T00:00:00Z/2024-02-29T00:00:00Z",
      "2024-02-29T00:00:00Z/2024-03-31T00:00:00Z",
      "2024-03-31T00:00:00Z/2024-04-30T00:00:00Z",
    ]);
    expect(cut("2023-03-01T00:00:00Z", "2025-03-01T00:00:00Z", "P1Y")).toEqual(["2023-03-01T00:00:00Z/2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z/2025-03-01T00:00:00Z"]);
  });

  it("takes weeks, days with hours, and the last interval as asked", () => {
    expect(cut("2024-07-01T00:00:00Z", "2024-07-20T00:00:00Z", "P1W")).toEqual(["2024-07-01T00:00:00Z/2024-07-08T00:00:00Z", "2024-07-08T00:00:00Z/2024-07-15T00:00:00Z"]);
    expect(cut("2024-07-01T00:00:00Z", "2024-07-20T00:00:00Z", "P1W", "SHORTEN").at(-1)).toBe("2024-07-15T00:00:00Z/2024-07-20T00:00:00Z");
    expect(cut("2024-07-01T00:00:00Z", "2024-07-20T00:00:00Z", "P1W", "EXTEND").at(-1)).toBe("2024-07-15T00:00:00Z/2024-07-22T00:00:00Z");
    // The second of 30 hours would end past the range: skipped.
    expect(cut("2024-07-01T06:00:00Z", "2024-07-03T12:00:00Z", "P1DT6H")).toEqual(["2024-07-01T06:00:00Z/2024-07-02T12:00:00Z"]);
    expect(cut("2024-07-01T00:00:00Z", "2024-07-01T00:00:00Z", "P1D")).toEqual([]);
  });

  it("refuses durations that aren't ISO 8601 or are empty, and more intervals than allowed", () => {
    for (const bad of ["1D", "P", "PT", "P1.5D", "P-1D", "p1d"]) expect(() => parseDuration(bad, "of"), bad).toThrow(/ISO 8601/);
    expect(() => parseDuration("P0D", "of")).toThrow(/empty/);
    expect(cut("2024-01-01T00:00:00Z", "2024-04-10T00:00:00Z", "P1D", "SKIP", 100)).toHaveLength(100);
    expect(() => cut("2024-01-01T00:00:00Z", "2024-04-11T00:00:00Z", "P1D", "SKIP", 100)).toThrow(/more than 100 intervals/);
    expect(() => cut("2000-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "PT1S", "SKIP", 100)).toThrow(/more than 100 intervals/);
  });

  it("refuses durations past a century (digit strings past a double's range too) and intervals past the last date ISO 8601 writes", () => {
    expect(parseDuration("P100Y", "of")).toEqual({ months: 1200, millis: 0 });
    for (const long of ["P101Y", "P300000Y", "P1300M", "P40000D", "PT900000H", `PT${"9".repeat(400)}H`, `P${"9".repeat(400)}Y`]) {
      expect(() => parseDuration(long, "of"), long).toThrow(/longer than 100 years/);
    }
    expect(() => cut("+275700-01-01T00:00:00Z", "+275759-01-01T00:00:00Z", "P100Y", "EXTEND")).toThrow(/past the dates/);
  });
});
