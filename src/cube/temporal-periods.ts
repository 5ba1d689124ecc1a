/**
 * Grouping the time steps of a temporal dimension: by left-closed intervals (aggregate_temporal),
 * either of instants or of times of the day, and by calendar periods (aggregate_temporal_period),
 * every period from the first time step's to the last one's. Time steps are instants in
 * milliseconds since the epoch; calendars are UTC.
 */
import { OpenEOError } from "../errors";
import type { TemporalExtent } from "./types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** [start, end) of instants (null: open), or of times of the day in seconds, wrapping past midnight when end <= start. */
export type TimeInterval = { kind: "instants"; start: number | null; end: number | null } | { kind: "times"; start: number; end: number };

const TIME = /^(\d{2}):(\d{2}):(\d{2})$/;

function invalid(process: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process, parameter: "intervals", reason });
}

function secondsOfDay(text: string, process: string): number {
  const [, h, m, s] = TIME.exec(text)!.map(Number);
  if (h! > 23 || m! > 59 || s! > 59) throw invalid(process, `'${text}' is not a time of the day`);
  return h! * 3600 + m! * 60 + s!;
}

function instant(text: string, process: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalid(process, `'${text}' is neither a date, a date-time nor a time (HH:MM:SS)`);
  return ms;
}

/** One interval argument [start, end]: both ends instants (dates, date-times) or both times of the day, null for open. */
export function parseInterval(pair: readonly unknown[], process: string): TimeInterval {
  const start = typeof pair[0] === "string" ? pair[0] : null;
  const end = typeof pair[1] === "string" ? pair[1] : null;
  const times = [start, end].flatMap((v) => (v === null ? [] : [TIME.test(v)]));
  if (times.includes(true) && times.includes(false)) throw invalid(process, `an interval can't mix a time of the day with a date: ${JSON.stringify(pair)}`);
  if (times.includes(true)) {
    // An open end of a time interval is the start or end of the day.
    return { kind: "times", start: start === null ? 0 : secondsOfDay(start, process), end: end === null ? 86_400 : secondsOfDay(end, process) };
  }
  const interval = { kind: "instants" as const, start: start === null ? null : instant(start, process), end: end === null ? null : instant(end, process) };
  if (interval.start !== null && interval.end !== null && interval.end <= interval.start) {
    throw OpenEOError.processException("TemporalExtentEmpty", `${process}: the interval ${JSON.stringify(pair)} is empty; its end must be later than its start.`);
  }
  return interval;
}

export function inInterval(interval: TimeInterval, ms: number): boolean {
  if (interval.kind === "instants") return (interval.start === null || ms >= interval.start) && (interval.end === null || ms < interval.end);
  const t = (((ms % DAY) + DAY) % DAY) / 1000;
  const { start, end } = interval;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** For each interval, the positions of the time steps inside it (intervals may overlap). */
export function intervalMembers(times: number[], intervals: TimeInterval[]): number[][] {
  return intervals.map((interval) => times.flatMap((ms, i) => (inInterval(interval, ms) ? [i] : [])));
}

/** The time covered by all intervals: times of the day recur every day, so they leave it open. */
export function intervalsSpan(intervals: TimeInterval[]): TemporalExtent {
  if (intervals.some((i) => i.kind === "times")) return { start: null, end: null };
  const instants = intervals as Extract<TimeInterval, { kind: "instants" }>[];
  const starts = instants.map((i) => i.start);
  const ends = instants.map((i) => i.end);
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    start: starts.includes(null) ? null : iso((starts as number[]).reduce((a, b) => Math.min(a, b))),
    end: ends.includes(null) ? null : iso((ends as number[]).reduce((a, b) => Math.max(a, b))),
  };
}

export const PERIODS = ["hour", "day", "week", "dekad", "month", "season", "tropical-season", "year", "decade", "decade-ad"] as const;
export type Period = (typeof PERIODS)[number];

const floorMod = (a: number, n: number) => ((a % n) + n) % n;
const pad = (n: number, width: number) => String(n).padStart(width, "0");
const year = (y: number) => (y < 0 ? `-${pad(-y, 4)}` : pad(y, 4));

/**
 * The number of the period an instant falls in: consecutive periods have consecutive numbers.
 * Seasons and tropical seasons count months shifted so that each starts a block (December and
 * November become the first month of the next year).
 */
export function periodIndex(ms: number, period: Period): number {
  const date = new Date(ms);
  const months = date.getUTCFullYear() * 12 + date.getUTCMonth();
  switch (period) {
    case "hour":
      return Math.floor(ms / HOUR);
    case "day":
      return Math.floor(ms / DAY);
    case "week":
      // ISO weeks start on Monday; day 0 (1970-01-01) is a Thursday, so week 0 runs from day -3.
      return Math.floor((Math.floor(ms / DAY) + 3) / 7);
    case "dekad":
      return months * 3 + Math.min(2, Math.floor((date.getUTCDate() - 1) / 10));
    case "month":
      return months;
    case "season":
      return Math.floor((months + 1) / 3);
    case "tropical-season":
      return Math.floor((months + 2) / 6);
    case "year":
      return date.getUTCFullYear();
    case "decade":
      return Math.floor(date.getUTCFullYear() / 10);
    case "decade-ad":
      return Math.floor((date.getUTCFullYear() - 1) / 10);
  }
}

/** The label of period number `index`, in the formats aggregate_temporal_period defines. */
export function periodLabel(index: number, period: Period): string {
  switch (period) {
    case "hour": {
      const iso = new Date(index * HOUR).toISOString();
      return `${iso.slice(0, 10)}-${iso.slice(11, 13)}`;
    }
    case "day": {
      const y = new Date(index * DAY).getUTCFullYear();
      return `${year(y)}-${pad(index - Date.UTC(y, 0, 1) / DAY + 1, 3)}`;
    }
    case "week": {
      // A week belongs to the ISO week-based year of its Thursday, day 7 * index.
      const thursday = index * 7;
      const y = new Date(thursday * DAY).getUTCFullYear();
      return `${year(y)}-${pad(Math.floor((thursday - Date.UTC(y, 0, 1) / DAY) / 7) + 1, 2)}`;
    }
    case "dekad": {
      const months = Math.floor(index / 3);
      return `${year(Math.floor(months / 12))}-${pad(floorMod(months, 12) * 3 + floorMod(index, 3) + 1, 2)}`;
    }
    case "month":
      return `${year(Math.floor(index / 12))}-${pad(floorMod(index, 12) + 1, 2)}`;
    case "season": {
      // A winter (djf) is labelled with the year of its December.
      const q = floorMod(index, 4);
      return `${year(Math.floor(index / 4) - (q === 0 ? 1 : 0))}-${["djf", "mam", "jja", "son"][q]}`;
    }
    case "tropical-season": {
      const q = floorMod(index, 2);
      return `${year(Math.floor(index / 2) - (q === 0 ? 1 : 0))}-${["ndjfma", "mjjaso"][q]}`;
    }
    case "year":
      return year(index);
    case "decade":
      return year(index * 10);
    case "decade-ad":
      return year(index * 10 + 1);
  }
}

/** The numbers of the earliest time step's period and of the periods from it to the latest one's (0 without time steps). */
export function periodRange(times: number[], period: Period): { first: number; count: number } {
  const indices = times.map((ms) => periodIndex(ms, period));
  if (indices.length === 0) return { first: 0, count: 0 };
  const first = indices.reduce((a, b) => Math.min(a, b));
  return { first, count: indices.reduce((a, b) => Math.max(a, b)) - first + 1 };
}

/** Every period from the earliest time step's to the latest one's, with the positions of the time steps in each. */
export function periodGroups(times: number[], period: Period): { labels: string[]; members: number[][] } {
  const { first, count } = periodRange(times, period);
  const members: number[][] = Array.from({ length: count }, () => []);
  times.forEach((ms, i) => members[periodIndex(ms, period) - first]!.push(i));
  return { labels: members.map((_, k) => periodLabel(first + k, period)), members };
}
