import { OpenEOError } from "../../errors";
import { DATE, DATE_TIME } from "../shared/schemas";
import { parseTemporal, shiftMonths, wallClockMs, type Temporal } from "../shared/dates";
import type { ProcessImplementation } from "../types";

const FIXED_MS: Record<string, number> = {
  millisecond: 1,
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** A month has no fixed length: 30.436875 days (the Gregorian year / 12) only guesses the step count. */
const AVERAGE_MONTH_MS = 2_629_746_000;

function parsed(value: unknown, parameter: string): Temporal {
  const t = parseTemporal(String(value));
  // The engine validates the format first; this only guards against calls that skipped it.
  if (t === null) throw new OpenEOError("ProcessParameterInvalid", { process: "date_difference", parameter, reason: `'${String(value)}' is not an RFC 3339 date or date-time` });
  return t;
}

/**
 * How many steps of `months` months lead from `start` to the instant `target`, counted as date_shift
 * steps (on `start`'s wall clock, last day of the month where the day is missing): the whole steps
 * towards the target plus the fraction of the next step still to go. So shifting by n steps and
 * measuring gives exactly n back.
 */
function calendarSteps(start: Temporal, target: number, months: number): number {
  const offset = wallClockMs(start.year, start.month, start.day, start.hour, start.minute, start.second, start.millisecond) - start.epochMs;
  const at = (steps: number) => shiftMonths(start, steps * months) - offset;
  const diff = target - start.epochMs;
  let n = Math.trunc(diff / (AVERAGE_MONTH_MS * months));
  if (diff >= 0) {
    // The last step at or before the target.
    while (n > 0 && at(n) > target) n--;
    while (at(n + 1) <= target) n++;
    return n + (target - at(n)) / (at(n + 1) - at(n));
  }
  // The last step at or after the target, going back in time.
  while (n < 0 && at(n) < target) n++;
  while (at(n - 1) >= target) n--;
  return n - (at(n) - target) / (at(n) - at(n - 1));
}

export const dateDifference: ProcessImplementation = {
  spec: {
    id: "date_difference",
    summary: "Time between two dates",
    description:
      "Gives how much time lies between `date1` and `date2` in `unit` (seconds by default): positive when `date2` is later, negative when earlier, with a fractional part where needed. Dates without time are taken as midnight UTC, missing milliseconds as 0, and offsets such as +01:00 are applied, so only instants count; there is no daylight saving time. Leap seconds are ignored (23:59:60 counts as 23:59:59).\n\n" +
      "Milliseconds to weeks have fixed lengths (a day is 86,400 s, a week 7 days). Months and years don't, so they are counted as date_shift counts them: the number of whole months (years) date_shift adds to `date1` without passing `date2`, plus the fraction of the next month (year) step that remains, measured in time. One month from 15 January to 15 February is 1, as is 31 January to 29 February 2020 (date_shift's last day of a shorter month); 1 to 16 April 2021 is 0.5 (15 of the 30 days).",
    categories: ["comparison", "date & time"],
    experimental: true,
    parameters: [
      { name: "date1", description: "The date (or date-time) to measure from.", schema: [DATE_TIME, DATE] },
      { name: "date2", description: "The date (or date-time) to measure to.", schema: [DATE_TIME, DATE] },
      {
        name: "unit",
        description: "The unit of the result; seconds by default. Months and years are calendar steps, as described above.",
        schema: { type: "string", enum: ["millisecond", "second", "minute", "hour", "day", "week", "month", "year"] },
        optional: true,
        default: "second",
      },
    ],
    returns: {
      description: "`date2` minus `date1` in `unit`: positive if `date2` is later, 0 for the same instant, negative if it is earlier.",
      schema: { type: "number" },
    },
  },
  run: (args) => {
    const [date1, date2] = [parsed(args.date1, "date1"), parsed(args.date2, "date2")];
    const unit = args.unit as string;
    if (unit in FIXED_MS) return (date2.epochMs - date1.epochMs) / FIXED_MS[unit]!;
    return calendarSteps(date1, date2.epochMs, unit === "year" ? 12 : 1);
  },
};
