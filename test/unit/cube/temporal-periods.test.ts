import { describe, expect, it } from "vitest";
import { inInterval, intervalMembers, intervalsSpan, parseInterval, periodGroups, periodIndex, periodLabel, PERIODS, periodRange, type Period } from "../../../src/cube/temporal-periods";

const ms = (iso: string) => Date.parse(iso);
const label = (iso: string, period: Period) => periodLabel(periodIndex(ms(iso), period), period);

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("parseInterval", () => {
  it("reads dates and date-times as instants, null as an open end", () => {
    expect(parseInterval(["2020-01-01", "2020-01-02T12:00:00+02:00"], "p")).toEqual({ kind: "instants", start: ms("2020-01-01T00:00:00Z"), end: ms("2020-01-02T10:00:00Z") });
    expect(parseInterval([null, "2020-01-01"], "p")).toEqual({ kind: "instants", start: null, end: ms("2020-01-01T00:00:00Z") });
  });

  it("reads times of the day as seconds, an open end as the start or end of the day", () => {
    expect(parseInterval(["06:00:00", "18:30:15"], "p")).toEqual({ kind: "times", start: 6 * 3600, end: 18 * 3600 + 30 * 60 + 15 });
    expect(parseInterval(["18:00:00", null], "p")).toEqual({ kind: "times", start: 18 * 3600, end: 86_400 });
    // An end before the start wraps past midnight: no error for times.
    expect(parseInterval(["18:00:00", "06:00:00"], "p")).toEqual({ kind: "times", start: 18 * 3600, end: 6 * 3600 });
  });

  it("rejects empty intervals of instants, mixed kinds and nonsense", () => {
    expect(code(() => parseInterval(["2017-01-01", "2016-01-01"], "p"))).toBe("TemporalExtentEmpty");
    expect(code(() => parseInterval(["2016-01-01", "2016-01-01T00:00:00Z"], "p"))).toBe("TemporalExtentEmpty");
    expect(code(() => parseInterval(["2016-01-01", "06:00:00"], "p"))).toBe("ProcessParameterInvalid");
    expect(code(() => parseInterval(["25:00:00", "06:00:00"], "p"))).toBe("ProcessParameterInvalid");
    expect(code(() => parseInterval(["soon", null], "p"))).toBe("ProcessParameterInvalid");
  });
});

describe("interval membership", () => {
  it("includes the start and excludes the end; intervals may overlap", () => {
    const times = ["2020-01-01T00:00:00Z", "2020-01-05T00:00:00Z", "2020-01-10T00:00:00Z"].map(ms);
    const intervals = [parseInterval(["2020-01-01", "2020-01-10"], "p"), parseInterval(["2020-01-05", null], "p"), parseInterval(["2021-01-01", "2022-01-01"], "p")];
    expect(intervalMembers(times, intervals)).toEqual([[0, 1], [1, 2], []]);
  });

  it("matches times of the day on every day, wrapping past midnight", () => {
    const night = parseInterval(["18:00:00", "06:00:00"], "p");
    const day = parseInterval(["06:00:00", "18:00:00"], "p");
    for (const [iso, isNight] of [["2020-06-01T00:00:00Z", true], ["2020-06-01T05:59:59Z", true], ["2020-06-01T06:00:00Z", false], ["2020-06-09T17:59:59Z", false], ["1960-06-01T18:00:00Z", true]] as const) {
      expect(inInterval(night, ms(iso))).toBe(isNight);
      expect(inInterval(day, ms(iso))).toBe(!isNight);
    }
  });

  it("spans the intervals' earliest start and latest end; open ends and times leave it open", () => {
    const a = parseInterval(["2020-03-01", "2020-04-01"], "p");
    const b = parseInterval(["2020-01-01", "2020-02-01"], "p");
    expect(intervalsSpan([a, b])).toEqual({ start: "2020-01-01T00:00:00.000Z", end: "2020-04-01T00:00:00.000Z" });
    expect(intervalsSpan([a, parseInterval([null, "2020-02-01"], "p")])).toEqual({ start: null, end: "2020-04-01T00:00:00.000Z" });
    expect(intervalsSpan([a, parseInterval(["06:00:00", "07:00:00"], "p")])).toEqual({ start: null, end: null });
  });
});

describe("period labels", () => {
  it("labels hours, days of the year and months", () => {
    expect(label("2020-06-01T13:59:59Z", "hour")).toBe("2020-06-01-13");
    expect(label("2020-06-01T00:00:00+02:00", "hour")).toBe("2020-05-31-22");
    expect(label("2020-01-01T23:00:00Z", "day")).toBe("2020-001");
    expect(label("2020-06-01T12:00:00Z", "day")).toBe("2020-153"); // 31+29+31+30+31 days before June
    expect(label("2020-12-31T00:00:00Z", "day")).toBe("2020-366");
    expect(label("2021-12-31T00:00:00Z", "day")).toBe("2021-365");
    expect(label("2024-02-29T00:00:00Z", "month")).toBe("2024-02");
  });

  it("labels ISO weeks with their week-based year", () => {
    expect(label("2022-12-06T12:00:00Z", "week")).toBe("2022-49");
    expect(label("2023-01-01T12:00:00Z", "week")).toBe("2022-52"); // a Sunday
    expect(label("2021-01-03T00:00:00Z", "week")).toBe("2020-53"); // 2020 has 53 weeks
    expect(label("2024-12-30T00:00:00Z", "week")).toBe("2025-01"); // a Monday in week 1 of 2025
    expect(label("1970-01-01T00:00:00Z", "week")).toBe("1970-01");
    expect(label("1969-12-28T23:59:59Z", "week")).toBe("1969-52");
  });

  it("numbers weeks as an independent ISO 8601 computation does, every day 1999-2030", () => {
    for (let day = ms("1999-01-01T00:00:00Z"); day < ms("2031-01-01T00:00:00Z"); day += 86_400_000) {
      const date = new Date(day);
      // The week's Thursday decides its year; its week is the number of Thursdays of that year so far.
      const thursday = new Date(day + (3 - ((date.getUTCDay() + 6) % 7)) * 86_400_000);
      const week = Math.ceil(((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / 86_400_000 + 1) / 7);
      expect(periodLabel(periodIndex(day, "week"), "week")).toBe(`${thursday.getUTCFullYear()}-${String(week).padStart(2, "0")}`);
    }
  });

  it("labels dekads 01 to 36, the last of a month running to its end", () => {
    expect(label("2024-01-10T23:59:59Z", "dekad")).toBe("2024-01");
    expect(label("2024-01-11T00:00:00Z", "dekad")).toBe("2024-02");
    expect(label("2024-01-31T00:00:00Z", "dekad")).toBe("2024-03");
    expect(label("2024-02-29T00:00:00Z", "dekad")).toBe("2024-06");
    expect(label("2024-12-31T00:00:00Z", "dekad")).toBe("2024-36");
  });

  it("labels seasons and tropical seasons with the year they start in", () => {
    expect(label("2023-12-28T00:00:00Z", "season")).toBe("2023-djf");
    expect(label("2024-02-29T00:00:00Z", "season")).toBe("2023-djf");
    expect(label("2024-03-01T00:00:00Z", "season")).toBe("2024-mam");
    expect(label("2024-08-31T00:00:00Z", "season")).toBe("2024-jja");
    expect(label("2024-11-30T00:00:00Z", "season")).toBe("2024-son");
    expect(label("2023-11-01T00:00:00Z", "tropical-season")).toBe("2023-ndjfma");
    expect(label("2024-04-30T00:00:00Z", "tropical-season")).toBe("2023-ndjfma");
    expect(label("2024-05-01T00:00:00Z", "tropical-season")).toBe("2024-mjjaso");
    expect(label("2024-10-31T23:59:59Z", "tropical-season")).toBe("2024-mjjaso");
  });

  it("labels years and both kinds of decades by their first year", () => {
    expect(label("0099-07-01T00:00:00Z", "year")).toBe("0099");
    expect(label("2029-12-31T23:59:59Z", "decade")).toBe("2020");
    expect(label("2030-01-01T00:00:00Z", "decade")).toBe("2030");
    expect(label("2020-12-31T00:00:00Z", "decade-ad")).toBe("2011");
    expect(label("2021-01-01T00:00:00Z", "decade-ad")).toBe("2021");
    expect(label("2030-12-31T23:48:59Z", "decade-ad")).toBe("2021");
  });

  it("numbers consecutive periods consecutively, each with its own label", () => {
    // Every hour of 2023-2024 steps each period's number by 0 or 1; a new number means a new label.
    for (const period of PERIODS) {
      const seen = new Map<number, string>();
      const steps = new Set<number>();
      let previous = periodIndex(ms("2023-01-01T00:00:00Z"), period);
      for (let t = ms("2023-01-01T00:00:00Z"); t < ms("2025-01-01T00:00:00Z"); t += 3_600_000) {
        const index = periodIndex(t, period);
        steps.add(index - previous);
        previous = index;
        if (!seen.has(index)) seen.set(index, periodLabel(index, period));
      }
      expect([...steps].filter((step) => step !== 0 && step !== 1)).toEqual([]);
      expect(new Set(seen.values()).size).toBe(seen.size);
    }
  });
});

describe("periodGroups", () => {
  it("lists every period from the earliest time step's to the latest's, empty ones included", () => {
    // Out of order on purpose: 2024-04-15 (April), 2024-01-28 and 2024-01-31 (January), 2024-02-10 (February).
    const times = ["2024-04-15T00:00:00Z", "2024-01-28T00:00:00Z", "2024-02-10T00:00:00Z", "2024-01-31T00:00:00Z"].map(ms);
    expect(periodGroups(times, "month")).toEqual({ labels: ["2024-01", "2024-02", "2024-03", "2024-04"], members: [[1, 3], [2], [], [0]] });
    expect(periodRange(times, "month").count).toBe(4);
  });

  it("gives one period for one time step and none for none", () => {
    expect(periodGroups([ms("2020-01-05T00:00:00Z")], "day")).toEqual({ labels: ["2020-005"], members: [[0]] });
    expect(periodGroups([], "year")).toEqual({ labels: [], members: [] });
  });
});
