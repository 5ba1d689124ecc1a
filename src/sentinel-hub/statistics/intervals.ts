/**
 * The Statistical API's time intervals: aggregation.timeRange cut by aggregationInterval.of, an
 * ISO 8601 duration (P1D, P10D, P1M, P1Y, P2W, PT12H ...), from its start. The last interval, when
 * the range doesn't divide, is skipped (SKIP, the default), ends at the range's end (SHORTEN) or
 * keeps its full length beyond it (EXTEND).
 */
import { badRequest } from "../process-request";

export interface Interval {
  from: string;
  to: string;
}

export type LastIntervalBehavior = "SKIP" | "SHORTEN" | "EXTEND";
export const LAST_INTERVAL_BEHAVIORS: readonly LastIntervalBehavior[] = ["SKIP", "SHORTEN", "EXTEND"];

interface Duration {
  months: number;
  millis: number;
}

/** The longest interval a duration may make: a century, far beyond any sensible aggregation, far inside what dates can hold. */
const MAX_DURATION_YEARS = 100;
const MAX_DURATION_MILLIS = MAX_DURATION_YEARS * 366 * 86_400_000;

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseDuration(text: string, at: string): Duration {
  const m = DURATION.exec(text);
  if (!m) throw badRequest(`${at} '${text}' is not an ISO 8601 duration such as P1D, P10D, P1M or P1Y.`);
  const [years, months, weeks, days, hours, minutes, seconds] = m.slice(1).map((v) => Number(v ?? 0)) as number[];
  const duration = { months: 12 * years! + months!, millis: (((7 * weeks! + days!) * 24 + hours!) * 60 + minutes!) * 60_000 + seconds! * 1000 };
  if (duration.months === 0 && duration.millis === 0) throw badRequest(`${at} '${text}' is empty.`);
  // Written so that digit strings past a double's range (Infinity, NaN) are refused too.
  if (!((duration.months / 12) * 366 * 86_400_000 + duration.millis <= MAX_DURATION_MILLIS)) {
    throw badRequest(`${at} '${text}' is longer than ${MAX_DURATION_YEARS} years.`);
  }
  return duration;
}

/** `start` plus `k` times the duration; months are calendar months, a day past a month's end becomes its last day. */
function step(start: Date, duration: Duration, k: number): number {
  const months = start.getUTCMonth() + duration.months * k;
  const year = start.getUTCFullYear() + Math.floor(months / 12);
  const month = ((months % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay), start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
  return shifted + duration.millis * k;
}

/** ISO 8601 as Sentinel Hub writes it: whole seconds without a fraction. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/** The intervals, at most `max` of them (refused, before any is made, when there would be more). */
export function intervalsOf(from: string, to: string, duration: Duration, last: LastIntervalBehavior, max: number): Interval[] {
  const start = new Date(from);
  const end = Date.parse(to);
  // The shortest an interval can be (a month at least 28 days) bounds how many there are.
  const shortest = duration.months * 28 * 86_400_000 + duration.millis;
  if ((end - start.getTime()) / shortest > max + 1) throw badRequest(`aggregation.timeRange cut by aggregation.aggregationInterval.of makes more than ${max} intervals; ask for a shorter range or longer intervals.`);
  const intervals: Interval[] = [];
  for (let k = 0; ; k++) {
    const a = step(start, duration, k);
    if (a >= end) break;
    const b = step(start, duration, k + 1);
    // Dates end at ±8.64e15 ms (year 275760): an interval reaching past them has no ISO form.
    if (!(Math.abs(b) <= 8.64e15)) throw badRequest("aggregation.timeRange cut by aggregation.aggregationInterval.of reaches past the dates ISO 8601 can write.");
    if (b > end && last === "SKIP") break;
    intervals.push({ from: isoInstant(a), to: isoInstant(b > end && last === "SHORTEN" ? end : b) });
    if (b >= end) break;
  }
  if (intervals.length > max) throw badRequest(`aggregation.timeRange cut by aggregation.aggregationInterval.of makes more than ${max} intervals; ask for a shorter range or longer intervals.`);
  return intervals;
}
