import { OpenEOError } from "../../errors";
import { DATE, DATE_TIME } from "../shared/schemas";
import { parseTemporal } from "../shared/dates";
import { isNodata } from "../shared/values";
import type { JsonSchema, ProcessImplementation } from "../types";

const TIME_PATTERN = /^(\d{2}):(\d{2}):(\d{2})$/;
const TIME: JsonSchema = { type: "string", subtype: "time", pattern: "^\\d{2}:\\d{2}:\\d{2}$" };
const TEMPORAL: JsonSchema[] = [DATE_TIME, DATE, TIME];
const DAY_MS = 86_400_000;

/** A comparable number: ms since 1970, or ms since midnight UTC when `timeOfDay`. */
function position(text: string, timeOfDay: boolean): number {
  const time = TIME_PATTERN.exec(text);
  if (time) return ((Number(time[1]) * 60 + Number(time[2])) * 60 + Math.min(Number(time[3]), 59)) * 1000;
  const t = parseTemporal(text);
  if (t === null) {
    const message = `date_between: '${text}' is not a date, date-time or time.`;
    throw new OpenEOError("ProcessException", {}, { message });
  }
  return timeOfDay ? ((t.epochMs % DAY_MS) + DAY_MS) % DAY_MS : t.epochMs;
}

export const dateBetween: ProcessImplementation = {
  spec: {
    id: "date_between",
    summary: "Within a temporal range",
    description:
      "Checks whether the date, date-time or time `x` is not earlier than `min` and not later than `max` (or strictly earlier than `max` with `exclude_max`). Values are compared as points in time, dates meaning midnight UTC; as soon as one of the three is a time of day (HH:MM:SS, UTC), all are compared by their UTC time of day. A range with `min` after `max` contains nothing.",
    categories: ["comparison", "date & time"],
    parameters: [
      { name: "x", description: "The date, date-time or time to test.", schema: TEMPORAL },
      { name: "min", description: "Start of the range, always included.", schema: TEMPORAL },
      { name: "max", description: "End of the range, included unless `exclude_max` is set.", schema: TEMPORAL },
      {
        name: "exclude_max",
        description: "Set to `true` to leave `max` itself out of the range.",
        schema: { type: "boolean" },
        optional: true,
        default: false,
      },
    ],
    returns: { description: "`true` if `x` is within the range, otherwise `false`.", schema: { type: ["boolean", "null"] } },
  },
  run: (args) => {
    // Inside data cubes a label may be missing; no-data stays no-data.
    if (isNodata(args.x)) return null;
    const texts = [args.x, args.min, args.max].map(String);
    const timeOfDay = texts.some((text) => TIME_PATTERN.test(text));
    const [x, min, max] = texts.map((text) => position(text, timeOfDay)) as [number, number, number];
    return x >= min && (args.exclude_max ? x < max : x <= max);
  },
};
