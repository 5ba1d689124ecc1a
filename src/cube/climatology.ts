/**
 * Climatology: which recurring period (the month of the year, the season, ...) a time step belongs
 * to, so that normals (climatological_normal) and anomalies (anomaly) agree on their labels. The
 * keys are aggregate_temporal_period's labels without their year: a time step of 2023-08-15 has
 * month key "08", day key "227"; the periods that don't recur (year, decades) keep the whole label.
 */
import { OpenEOError } from "../errors";
import { periodIndex, periodLabel, type Period } from "./temporal-periods";
import type { LabelDimension, RasterCube } from "./types";

/** The periods of normals: recurring ones, and a single one spanning the whole climatology period. */
export type NormalPeriod = Exclude<Period, "hour" | "week" | "dekad" | "year" | "decade" | "decade-ad"> | "climatology-period";

/** The one label of a normal over the whole climatology period. */
const WHOLE_PERIOD = "climatology-period";

/** Periods per year of the recurring normals; a day's position is its number (1 to 366). */
const CYCLE: Record<string, number> = { month: 12, season: 4, "tropical-season": 2 };

const floorMod = (a: number, n: number) => ((a % n) + n) % n;

/** Whether the period recurs every year (its key drops the year). */
function recurs(period: Period): boolean {
  return !["year", "decade", "decade-ad"].includes(period);
}

/** aggregate_temporal_period's label of the period an instant falls in, without the year where the period recurs. */
export function periodKey(ms: number, period: Period): string {
  const label = periodLabel(periodIndex(ms, period), period);
  // Labels of recurring periods end in "-<key>" (hours: "YYYY-MM-DD-HH").
  return recurs(period) ? label.slice(label.lastIndexOf("-") + 1) : label;
}

/** A normal's key and its place in the cycle (which orders the normals' labels). */
export function normalKey(ms: number, period: NormalPeriod): { key: string; position: number } {
  if (period === WHOLE_PERIOD) return { key: WHOLE_PERIOD, position: 0 };
  const key = periodKey(ms, period);
  return { key, position: period === "day" ? Number(key) : floorMod(periodIndex(ms, period), CYCLE[period]!) };
}

const YEAR = "-?\\d{4}";
/** aggregate_temporal_period's labels, the part a normal's label keeps captured. */
const PERIOD_LABELS: Record<Period, RegExp> = {
  hour: new RegExp(`^${YEAR}-\\d{2}-\\d{2}-(\\d{2})$`),
  day: new RegExp(`^${YEAR}-(\\d{3})$`),
  week: new RegExp(`^${YEAR}-(\\d{2})$`),
  dekad: new RegExp(`^${YEAR}-(\\d{2})$`),
  month: new RegExp(`^${YEAR}-(\\d{2})$`),
  season: new RegExp(`^${YEAR}-(djf|mam|jja|son)$`),
  "tropical-season": new RegExp(`^${YEAR}-(ndjfma|mjjaso)$`),
  year: new RegExp(`^(${YEAR})$`),
  decade: /^(-?\d{3}0)$/,
  "decade-ad": /^(-?\d{3}1)$/,
};

const INSTANT = /^-?\d{4}-\d{2}-\d{2}(T.+)?$/;

/** A label's instant in ms when it is an ISO 8601 date or date-time, else NaN (Date.parse alone takes "01" for 2001). */
export function instantOf(label: string): number {
  return INSTANT.test(label) ? Date.parse(label) : NaN;
}

/**
 * The key of a time step's label: a period label as aggregate_temporal_period makes them for
 * `period`, or an instant (a date or date-time), placed in its period. Undefined for anything else.
 */
export function labelKey(label: string, period: Period): string | undefined {
  const match = PERIOD_LABELS[period].exec(label);
  if (match) return match[1];
  const ms = instantOf(label);
  return Number.isNaN(ms) ? undefined : periodKey(ms, period);
}

/** The cube's only temporal dimension; none or several is a ProcessParameterInvalid of `parameter`. */
export function onlyTemporalDimension(cube: RasterCube, process: string, parameter: string): { index: number; dim: LabelDimension & { type: "temporal" } } {
  const temporal = cube.dims.flatMap((dim, index) => (dim.type === "temporal" ? [{ index, dim }] : []));
  if (temporal.length !== 1) {
    const reason = temporal.length === 0 ? "the data cube has no temporal dimension" : `the data cube must have exactly one temporal dimension, not ${temporal.length} (${temporal.map((t) => t.dim.name).join(", ")})`;
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason });
  }
  return temporal[0] as { index: number; dim: LabelDimension & { type: "temporal" } };
}
