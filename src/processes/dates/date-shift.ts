import { OpenEOError } from "../../errors";
import { DATE, DATE_TIME } from "../shared/schemas";
import { formatTemporal, parseTemporal, shiftMonths, wallClockMs } from "../shared/dates";
import type { ProcessImplementation } from "../types";

const FIXED_MS: Record<string, number> = { millisecond: 1, second: 1_000, minute: 60_000, hour: 3_600_000 };

export const dateShift: ProcessImplementation = {
  spec: {
    id: "date_shift",
    summary: "Move a date by a period",
    description:
      "Adds `value` units (negative values subtract) to a date or date-time and gives the result in the same form and with the same time-zone offset. Dates without time are taken as midnight UTC and stay dates. Days, weeks, months and years keep the time of day; when a month or year step lands on a day the month does not have (31 January + 1 month), the last day of that month is used. Leap seconds in the input count as the last regular second and are never produced.",
    categories: ["date & time"],
    parameters: [
      {
        name: "date",
        description: "The date or date-time to move; a missing time means 00:00:00 UTC and missing milliseconds are 0.",
        schema: [DATE_TIME, DATE],
      },
      { name: "value", description: "How many units to add; negative values go back in time.", schema: { type: "integer" } },
      {
        name: "unit",
        description: "The unit of `value`; a week is 7 days, and seconds ignore leap seconds.",
        schema: { type: "string", enum: ["millisecond", "second", "minute", "hour", "day", "week", "month", "year"] },
      },
    ],
    returns: { description: "The moved date, with time if the input had one.", schema: [DATE_TIME, DATE] },
  },
  run: (args) => {
    const date = String(args.date);
    const t = parseTemporal(date);
    // The engine validates the format first; this only guards against calls that skipped it.
    if (t === null) {
      const message = `date_shift: '${date}' is not an RFC 3339 date or date-time.`;
      throw new OpenEOError("ProcessException", {}, { message });
    }
    const value = args.value as number;
    const unit = args.unit as string;
    // All arithmetic happens on the wall clock of the given offset (fixed offsets have no DST).
    let wall: number;
    if (unit in FIXED_MS) {
      wall = wallClockMs(t.year, t.month, t.day, t.hour, t.minute, t.second, t.millisecond) + value * FIXED_MS[unit]!;
    } else if (unit === "day" || unit === "week") {
      const days = unit === "week" ? value * 7 : value;
      wall = wallClockMs(t.year, t.month, t.day + days, t.hour, t.minute, t.second, t.millisecond);
    } else {
      wall = shiftMonths(t, unit === "year" ? value * 12 : value);
    }
    return formatTemporal(wall, t.offset, t.fraction);
  },
};
