/** RFC 3339 dates (YYYY-MM-DD) and date-times, split into the fields date processes work on. */
export interface Temporal {
  year: number;
  /** 0-11 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** The offset as written ("Z", "+02:00"), or null for a date without time. */
  offset: string | null;
  /** Whether the input had fractional seconds. */
  fraction: boolean;
  /** The instant, with a leap second (:60) counted as :59. */
  epochMs: number;
}

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2}))?$/;

/** Milliseconds since 1970 of wall-clock fields read as UTC; safe for years below 100 too. */
export function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  return new Date(wallClockMs(year, month + 1, 0)).getUTCDate();
}

/**
 * The wall clock of `t` moved by whole months (milliseconds as wallClockMs gives them), time of
 * day kept; a day the target month lacks becomes its last day (31 January + 1 month is 28 or 29 February).
 */
export function shiftMonths(t: Temporal, months: number): number {
  const total = t.year * 12 + t.month + months;
  const [year, month] = [Math.floor(total / 12), ((total % 12) + 12) % 12];
  const day = Math.min(t.day, daysInMonth(year, month));
  return wallClockMs(year, month, day, t.hour, t.minute, t.second, t.millisecond);
}

function offsetMs(offset: string): number {
  if (offset === "Z" || offset === "z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
}

export function parseTemporal(text: string): Temporal | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  const [hour, minute] = [Number(m[4] ?? 0), Number(m[5] ?? 0)];
  // Leap seconds are accepted but treated as the last regular second of the minute.
  const second = Math.min(Number(m[6] ?? 0), 59);
  const millisecond = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const offset = m[8] === undefined ? null : m[8].toUpperCase();
  const local = wallClockMs(year, month, day, hour, minute, second, millisecond);
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    millisecond,
    offset,
    fraction: m[7] !== undefined,
    epochMs: local - (offset === null ? 0 : offsetMs(offset)),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** Formats wall-clock milliseconds (see wallClockMs) as a date, or as a date-time with `offset`. */
export function formatTemporal(wallMs: number, offset: string | null, fraction: boolean): string {
  const d = new Date(wallMs);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (offset === null) return date;
  const ms = d.getUTCMilliseconds();
  const seconds = fraction || ms !== 0 ? `${pad(d.getUTCSeconds())}.${pad(ms, 3)}` : pad(d.getUTCSeconds());
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${seconds}${offset}`;
}
