import { describe, expect, it } from "vitest";
import { parseSearchGet } from "../../../src/catalog/search";
import { parseDateTime, parseFullDate } from "../../../src/catalog/search/datetime";
import { errorOf, expectedIds, getIds, postIds, timeRange } from "./fixtures";

/** Fixtures whose instant or [start, end] range overlaps [from, to] (null = open). */
function overlapping(from: string | null, to: string | null) {
  const [a, b] = [from ? Date.parse(from) : -Infinity, to ? Date.parse(to) : Infinity];
  return expectedIds((entry) => {
    const range = timeRange(entry);
    return range !== undefined && range[0] <= b && range[1] >= a;
  });
}

describe("RFC 3339 parsing", () => {
  it("handles offsets, fractions, leap days and seconds, and years below 100", () => {
    expect(parseDateTime("2020-02-29T23:59:59.9999-01:30")).toBe(Date.parse("2020-03-01T01:29:59.999Z"));
    expect(parseDateTime("2016-12-31T23:59:60Z")).toBe(Date.parse("2017-01-01T00:00:00Z"));
    expect(parseDateTime("0050-06-01T00:00:00Z")).toBe(Date.parse("0050-06-01T00:00:00Z"));
    expect(parseFullDate("1900-02-29")).toBeUndefined();
    expect(parseFullDate("2000-02-29")).toBe(Date.parse("2000-02-29T00:00:00Z"));
  });
});

describe("datetime", () => {
  it("matches an instant exactly, in any offset and case", async () => {
    expect(await getIds("datetime=2021-01-11T10:00:00Z")).toEqual(["grid-01"]);
    expect(await getIds("datetime=2021-01-11T12:00:00%2B02:00")).toEqual(["grid-01"]);
    expect(await getIds("datetime=2021-01-11t10:00:00.000z")).toEqual(["grid-01"]);
  });

  it("matches an instant inside a start/end range", async () => {
    expect(await getIds("datetime=2021-07-01T00:00:00Z")).toEqual(["range-summer"]);
  });

  it("matches a closed interval, inclusive at both ends, overlapping ranges", async () => {
    const ids = await getIds("datetime=2021-01-01T10:00:00Z/2021-02-10T10:00:00Z");
    expect(ids).toEqual(overlapping("2021-01-01T10:00:00Z", "2021-02-10T10:00:00Z"));
    expect(ids).toEqual(expect.arrayContaining(["grid-00", "grid-04", "range-winter"]));
    expect(await postIds({ datetime: "2021-01-01T10:00:00Z/2021-02-10T10:00:00Z" })).toEqual(ids);
  });

  it("matches intervals open at the start ('..' or empty)", async () => {
    const expected = overlapping(null, "2021-01-15T00:00:00Z");
    expect(expected).toEqual(["grid-00", "grid-01", "range-winter"]);
    expect(await getIds("datetime=../2021-01-15T00:00:00Z")).toEqual(expected);
    expect(await getIds("datetime=/2021-01-15T00:00:00Z")).toEqual(expected);
  });

  it("matches intervals open at the end ('..' or empty)", async () => {
    const expected = overlapping("2021-08-01T00:00:00Z", null);
    expect(expected).toContain("range-summer");
    expect(await getIds("datetime=2021-08-01T00:00:00Z/..")).toEqual(expected);
    expect(await getIds("datetime=2021-08-01T00:00:00Z/")).toEqual(expected);
  });

  it("reads plain dates as whole UTC days, alone or as the ends of an interval", async () => {
    expect(parseSearchGet(new URLSearchParams({ datetime: "2023-08-10/2023-08-21" })).datetime).toEqual({ start: Date.parse("2023-08-10T00:00:00Z"), end: Date.parse("2023-08-21T23:59:59.999Z") });
    expect(parseSearchGet(new URLSearchParams({ datetime: "2023-08-10" })).datetime).toEqual({ start: Date.parse("2023-08-10T00:00:00Z"), end: Date.parse("2023-08-10T23:59:59.999Z") });
    expect(parseSearchGet(new URLSearchParams({ datetime: "../2023-08-10" })).datetime).toEqual({ start: null, end: Date.parse("2023-08-10T23:59:59.999Z") });
    expect(parseSearchGet(new URLSearchParams({ datetime: "2023-08-10T12:00:00Z/2023-08-11" })).datetime).toEqual({ start: Date.parse("2023-08-10T12:00:00Z"), end: Date.parse("2023-08-11T23:59:59.999Z") });
    expect(await getIds("datetime=2021-01-11")).toEqual(overlapping("2021-01-11T00:00:00Z", "2021-01-11T23:59:59.999Z"));
  });

  it("never matches items without any time", async () => {
    expect(await getIds("datetime=../2100-01-01T00:00:00Z")).toEqual(overlapping(null, null));
  });

  it.each([
    ["yesterday", "neither an RFC 3339 date-time nor a date"],
    ["2021-02-30", "neither an RFC 3339 date-time nor a date"],
    ["2021-1-01", "neither an RFC 3339 date-time nor a date"],
    ["2021-13-01T00:00:00Z", "neither an RFC 3339 date-time nor a date"],
    ["2021-02-29T00:00:00Z", "neither an RFC 3339 date-time nor a date"],
    ["2021-01-01T24:00:00Z", "neither an RFC 3339 date-time nor a date"],
    ["2021-01-01T00:00:00", "neither an RFC 3339 date-time nor a date"],
    ["2021-01-01T00:00:00+0100", "neither an RFC 3339 date-time nor a date"],
    ["..", "an instant can't be open"],
    ["../..", "only one end of an interval may be open"],
    ["/", "only one end of an interval may be open"],
    ["2021-01-01T00:00:00Z/2021-02-01T00:00:00Z/2021-03-01T00:00:00Z", "expected an instant or an interval"],
    ["2021-02-01T00:00:00Z/2021-01-01T00:00:00Z", "ends before it starts"],
  ])("rejects datetime=%s", async (datetime, reason) => {
    const error = await errorOf(() => parseSearchGet(new URLSearchParams({ datetime })));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Invalid search parameter 'datetime': /);
    expect(error.message).toContain(reason);
  });
});
