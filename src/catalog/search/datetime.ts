/**
 * RFC 3339 instants and the `datetime` parameter (instant, closed or half-open interval), as
 * recommended by the STAC API implementation notes, plus plain dates as whole UTC days. Instants become epoch milliseconds, so
 * sub-millisecond fractions are truncated.
 */
import { parameterError } from "./search-errors";
import type { StacItem, TimeInterval } from "./types";

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/i;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type DateTimeParts = [year: number, month: number, day: number, hour: number, minute: number, second: number];

/** Like Date.UTC, but without its mapping of years 0–99 to 1900–1999. */
function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.setUTCHours(hour, minute, second);
}

function validDate(year: number, month: number, day: number): boolean {
  const daysInMonth = new Date(utc(year, month + 1, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
}

/** Epoch ms of an RFC 3339 date-time (any offset, `T`/`Z` in either case), or undefined. */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as DateTimeParts;
  // Second 60 is RFC 3339's leap second; it rolls into the next minute.
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 60) return undefined;
  let offsetMinutes = 0;
  if (m[9] !== undefined && m[10] !== undefined) {
    const [offsetHours, offsetMins] = [Number(m[9]), Number(m[10])];
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[8]!.startsWith("-") ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  return utc(year, month, day, hour, minute, second) + fraction - offsetMinutes * 60_000;
}

/** Epoch ms of midnight UTC of an RFC 3339 full-date, or undefined. */
export function parseFullDate(text: string): number | undefined {
  const m = FULL_DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return validDate(year, month, day) ? utc(year, month, day) : undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One end of the interval in epoch ms, null when open. A plain date (as the openEO Python client
 * sends) stands for its whole UTC day: a start is its first millisecond, an end its last.
 */
function parseBound(text: string, parameter: string, end: "start" | "end"): number | null {
  if (text === "" || text === "..") return null;
  const instant = parseDateTime(text);
  if (instant !== undefined) return instant;
  const day = parseFullDate(text);
  if (day === undefined) throw parameterError(parameter, `'${text}' is neither an RFC 3339 date-time nor a date`);
  return end === "start" ? day : day + DAY_MS - 1;
}

/** Parses `instant`, `a/b`, `../b`, `a/..`, `/b` or `a/`; a plain date is a whole UTC day. Only one end may be open. */
export function parseDatetimeParameter(value: string, parameter = "datetime"): TimeInterval {
  const parts = value.trim().split("/");
  if (parts.length > 2) throw parameterError(parameter, "expected an instant or an interval 'start/end'");
  if (parts.length === 1) {
    const start = parseBound(parts[0]!, parameter, "start");
    if (start === null) throw parameterError(parameter, "an instant can't be open");
    return { start, end: parseBound(parts[0]!, parameter, "end") };
  }
  const start = parseBound(parts[0]!, parameter, "start");
  const end = parseBound(parts[1]!, parameter, "end");
  if (start === null && end === null) throw parameterError(parameter, "only one end of an interval may be open");
  if (start !== null && end !== null && start > end) {
    throw parameterError(parameter, "the interval ends before it starts");
  }
  return { start, end };
}

function instantOf(value: unknown): number | undefined {
  return typeof value === "string" ? parseDateTime(value) : undefined;
}

/**
 * The item's temporal extent: `start_datetime`/`end_datetime` when either is present (a missing
 * end stays open), else the instant `datetime`; undefined when the item has neither.
 */
export function itemTimeRange(item: StacItem): TimeInterval | undefined {
  const { datetime, start_datetime, end_datetime } = item.properties;
  const start = instantOf(start_datetime);
  const end = instantOf(end_datetime);
  if (start !== undefined || end !== undefined) return { start: start ?? null, end: end ?? null };
  const instant = instantOf(datetime);
  return instant === undefined ? undefined : { start: instant, end: instant };
}

/** Closed-interval overlap with open (`null`) ends treated as infinite. */
export function intervalsIntersect(a: TimeInterval, b: TimeInterval): boolean {
  const startsBeforeBEnds = a.start === null || b.end === null || a.start <= b.end;
  const bStartsBeforeAEnds = b.start === null || a.end === null || b.start <= a.end;
  return startsBeforeBEnds && bStartsBeforeAEnds;
}
