import { describe, expect, it } from "vitest";
import { run } from "./run-process";

const shift = (date: string, value: number, unit: string) => run("date_shift", { date, value, unit });

describe("date_shift", () => {
  it("keeps the form and offset of its input", async () => {
    expect(await shift("2020-02-01T17:22:45Z", 6, "month")).toBe("2020-08-01T17:22:45Z");
    expect(await shift("2021-03-31T00:00:00+02:00", -7, "day")).toBe("2021-03-24T00:00:00+02:00");
    expect(await shift("2020-01-31", 1, "month")).toBe("2020-02-29");
    expect(await shift("2020-01-01", 2, "week")).toBe("2020-01-15");
  });

  it("snaps month and year steps to the last day of a shorter month", async () => {
    expect(await shift("2019-01-31", 1, "month")).toBe("2019-02-28");
    expect(await shift("2020-02-29T17:22:45Z", 1, "year")).toBe("2021-02-28T17:22:45Z");
    expect(await shift("2020-03-31T10:00:00Z", -1, "month")).toBe("2020-02-29T10:00:00Z");
    // 29 Feb + 1 month is 29 Mar: the snapping does not carry over.
    expect(await shift("2020-02-29", 1, "month")).toBe("2020-03-29");
    expect(await shift("2020-01-15", -13, "month")).toBe("2018-12-15");
  });

  it("adds clock units across day and year boundaries", async () => {
    expect(await shift("2016-12-31T23:59:59Z", 1, "second")).toBe("2017-01-01T00:00:00Z");
    expect(await shift("2018-12-31T17:22:45Z", 1150, "millisecond")).toBe("2018-12-31T17:22:46.150Z");
    expect(await shift("2020-06-01T23:30:00-05:00", 90, "minute")).toBe("2020-06-02T01:00:00-05:00");
    // Dates stay dates: 25 hours after midnight is the next day.
    expect(await shift("2018-01-01", 25, "hour")).toBe("2018-01-02");
    expect(await shift("2018-01-01", -1, "hour")).toBe("2017-12-31");
  });

  it("treats a leap second as the last regular second", async () => {
    expect(await shift("2016-12-31T23:59:60Z", 1, "minute")).toBe("2017-01-01T00:00:59Z");
  });
});

describe("date_between", () => {
  it("compares dates and date-times as instants", async () => {
    expect(await run("date_between", { x: "2020-01-01", min: "2021-01-01", max: "2022-01-01" })).toBe(false);
    expect(await run("date_between", { x: "2021-06-01", min: "2021-01-01", max: "2022-01-01" })).toBe(true);
    // 01:00+02:00 is 23:00 UTC the day before, so it is before the minimum.
    expect(
      await run("date_between", { x: "2021-01-01T01:00:00+02:00", min: "2021-01-01", max: "2021-01-02" }),
    ).toBe(false);
  });

  it("includes max unless exclude_max is set, and rejects swapped bounds", async () => {
    const args = { x: "2022-01-01", min: "2021-01-01", max: "2022-01-01T00:00:00Z" };
    expect(await run("date_between", args)).toBe(true);
    expect(await run("date_between", { ...args, exclude_max: true })).toBe(false);
    expect(await run("date_between", { x: "2021-06-01", min: "2022-01-01", max: "2021-01-01" })).toBe(false);
  });

  it("compares times of day", async () => {
    expect(await run("date_between", { x: "12:00:00", min: "08:00:00", max: "17:00:00" })).toBe(true);
    expect(await run("date_between", { x: "2020-05-05T18:00:00Z", min: "08:00:00", max: "17:00:00" })).toBe(false);
  });
});
