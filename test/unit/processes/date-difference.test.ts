import { describe, expect, it } from "vitest";
import { run } from "./run-process";

const diff = (date1: string, date2: string, unit?: string) => run("date_difference", { date1, date2, ...(unit ? { unit } : {}) });
const DAY = 86_400_000;

describe("date_difference", () => {
  it("measures fixed units between instants, offsets applied", async () => {
    expect(await diff("2020-01-01T00:00:00Z", "2020-01-01T00:01:30.250Z")).toBe(90.25);
    expect(await diff("2020-01-01T12:00:00+02:00", "2020-01-01T10:00:00Z", "hour")).toBe(0);
    expect(await diff("2020-01-01T00:00:00-05:00", "2020-01-01", "minute")).toBe(-300);
    expect(await diff("2020-01-01", "2020-01-15T12:00:00Z", "week")).toBe(2 + 0.5 / 7);
    expect(await diff("2020-03-01", "2020-02-28", "millisecond")).toBe(-2 * DAY);
    // A leap second counts as the last regular second of its minute.
    expect(await diff("2016-12-31T23:59:60Z", "2017-01-01T00:00:00Z")).toBe(1);
  });

  it("counts months as date_shift steps plus the fraction of the next step", async () => {
    expect(await diff("2020-01-15", "2020-02-15", "month")).toBe(1);
    // date_shift takes 31 January one month on to 29 February.
    expect(await diff("2020-01-31", "2020-02-29", "month")).toBe(1);
    expect(await diff("2020-01-31", "2020-03-31", "month")).toBe(2);
    // April has 30 days: 15 of them are half a month.
    expect(await diff("2021-04-01", "2021-04-16", "month")).toBe(0.5);
    // 1 March + 1 month is 1 April (31 days), 12 hours into that step.
    expect(await diff("2021-03-01T00:00:00Z", "2021-03-01T12:00:00Z", "month")).toBeCloseTo(0.5 / 31, 15);
    expect(await diff("2020-03-31", "2020-02-29", "month")).toBe(-1);
    // Backwards from 15 March: 15 February is -1, and 30 January lies 16 of the 31 days on towards 15 January.
    expect(await diff("2021-03-15", "2021-01-30", "month")).toBe(-1 - 16 / 31);
  });

  it("counts years the same way, leap days included", async () => {
    expect(await diff("2020-02-29", "2021-02-28", "year")).toBe(1);
    // From 1 July 2019 the next year step (to 1 July 2020) has 366 days; 1 January 2020 is 184 of them in.
    expect(await diff("2019-07-01", "2020-01-01", "year")).toBe(184 / 366);
    expect(await diff("2024-06-01T00:00:00Z", "2014-06-01T00:00:00Z", "year")).toBe(-10);
  });

  it("gives back what date_shift added, for any number of months", async () => {
    for (const start of ["2020-01-31", "2019-08-30T23:30:00+05:30", "2021-02-28T00:00:00.500Z"]) {
      for (const n of [-25, -13, -1, 0, 1, 2, 11, 37]) {
        const shifted = (await run("date_shift", { date: start, value: n, unit: "month" })) as string;
        expect(await diff(start, shifted, "month"), `${start} + ${n}`).toBe(n);
        const years = (await run("date_shift", { date: start, value: n, unit: "year" })) as string;
        expect(await diff(start, years, "year"), `${start} + ${n} years`).toBe(n);
      }
    }
  });
});
