import { budgetOf } from "../../budget";
import { normalKey, onlyTemporalDimension, type NormalPeriod } from "../../cube/climatology";
import { dataAccess } from "../../cube/context";
import { lanes, withLanes } from "../../cube/dimensions";
import { filterTime } from "../../cube/filters";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { periodIndex } from "../../cube/temporal-periods";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { TEMPORAL_CUBE, timeSteps } from "./aggregate-temporal";

const PROCESS = "climatological_normal";

/** Seasons per year of the periods that can span a new year (December to February, November to April). */
const SEASONS_PER_YEAR: Partial<Record<NormalPeriod, number>> = { season: 4, "tropical-season": 2 };

/** The first instant of month `month` (0-based) of `year`, also for years below 100 (which Date.UTC shifts). */
function monthStart(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 1);
  return date.getTime();
}

/** The time a lazy cube must cover: from the season that ends in the first year (it may start the year before) to the last year's end. */
function coveredTime(period: NormalPeriod, first: number, last: number): { start: string; end: string } {
  const start = period === "season" ? monthStart(first - 1, 11) : period === "tropical-season" ? monthStart(first - 1, 10) : monthStart(first, 0);
  return { start: new Date(start).toISOString(), end: new Date(monthStart(last + 1, 0)).toISOString() };
}

/**
 * Whether each time step counts for the normals of the years first to last. A season counts in
 * the year it ends in; the first one, which may begin the year before, counts only when the cube
 * has time steps of that part (otherwise it would stand for fewer months than the others).
 */
function counted(times: number[], period: NormalPeriod, first: number, last: number): boolean[] {
  const perYear = SEASONS_PER_YEAR[period];
  if (!perYear) return times.map((ms) => new Date(ms).getUTCFullYear() >= first && new Date(ms).getUTCFullYear() <= last);
  const season = (ms: number) => periodIndex(ms, period as "season" | "tropical-season");
  const firstSeason = first * perYear; // December (November) of the year before to February (April).
  const firstSeasonWhole = times.some((ms) => season(ms) === firstSeason && new Date(ms).getUTCFullYear() === first - 1);
  return times.map((ms) => {
    const s = season(ms);
    const endYear = Math.floor(s / perYear);
    return endYear >= first && endYear <= last && (s !== firstSeason || firstSeasonWhole);
  });
}

/** Per pixel, the mean of the planes' valid values (NaN where none is valid). */
function meanOf(planes: Float32Array[]): Float32Array {
  const length = planes[0]!.length;
  const sum = new Float64Array(length);
  const count = new Uint32Array(length);
  for (const plane of planes) {
    for (let i = 0; i < length; i++) {
      const v = plane[i]!;
      if (!Number.isNaN(v)) {
        sum[i] = sum[i]! + v;
        count[i] = count[i]! + 1;
      }
    }
  }
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = count[i] ? sum[i]! / count[i]! : NaN;
  return out;
}

export const climatologicalNormal: ProcessImplementation = {
  spec: {
    id: PROCESS,
    summary: "Average each period of the year over many years",
    description:
      "Computes normals: per pixel, the mean of the valid values of every time step of the climatology period (whole years, both ends included) that falls in the same period of the year, such as every January. These normals are the baseline that anomaly() compares data with. The temporal dimension keeps its name; its labels become the periods of the year that have time steps, in calendar order: `day` the day of the year `001` to `366` (as aggregate_temporal_period counts it, so in leap years the days from March on are one number higher), `month` `01` to `12`, `season` `djf`, `mam`, `jja`, `son`, `tropical-season` `ndjfma`, `mjjaso`, and `climatology-period` a single label `climatology-period`. A winter (December to February, or November to April) counts for the year it ends in: the one ending in the first year counts only if the cube has time steps of its months in the year before, and the one beginning in the last year never does. No-data values are left out; a pixel without any valid value gets no-data. A cube not read yet is first narrowed to the climatology period, so nothing outside it is read. The cube must have exactly one temporal dimension, whose labels are instants; a period without any time step fails.",
    categories: ["cubes", "climatology"],
    parameters: [
      {
        name: "data",
        description: "The data cube, with exactly one temporal dimension, covering the climatology period (and, for seasons, the months of the first winter in the year before).",
        schema: TEMPORAL_CUBE,
      },
      {
        name: "period",
        description: "The periods of the year to average separately: `day` (of the year), `month`, `season` (December to February, March to May, June to August, September to November), `tropical-season` (November to April, May to October), or `climatology-period` for one mean over the whole climatology period.",
        schema: { type: "string", enum: ["day", "month", "season", "tropical-season", "climatology-period"] },
      },
      {
        name: "climatology_period",
        description: "The first and the last year of the climatology period, both included; they must differ (the data may cover less). The default, 1981 to 2010, is the customary 30-year baseline, and may change with the customs: give the years to keep a result reproducible.",
        schema: { type: "array", uniqueItems: true, minItems: 2, maxItems: 2, items: { type: "integer", subtype: "year" } },
        default: [1981, 2010],
        optional: true,
      },
    ],
    returns: {
      description: "The data cube with one label per period of the year in the temporal dimension (labels as described); the other dimensions, the grid and the reference system are unchanged.",
      schema: TEMPORAL_CUBE,
    },
    links: [{ rel: "about", href: "https://en.wikipedia.org/wiki/Climatological_normal", title: "Climatological normal (Wikipedia)" }],
  },
  // Each pixel's normals come from that pixel's values along time alone.
  worksInStrips: () => true,
  run: async (args, ctx) => {
    const period = args.period as NormalPeriod;
    const [first, last] = args.climatology_period as [number, number];
    if (!(first <= last)) throw new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter: "climatology_period", reason: `the first year (${first}) must not be after the last (${last})` });
    const input = cubeArgument(args.data, PROCESS);
    const cube = await materialize(input.kind === "lazy" ? filterTime(input, coveredTime(period, first, last)) : input, dataAccess(ctx));
    const { index, dim } = onlyTemporalDimension(cube, PROCESS, "data");
    const times = timeSteps(dim, PROCESS);
    const counts = counted(times, period, first, last);

    const groups = new Map<string, { position: number; members: number[] }>();
    times.forEach((ms, i) => {
      if (!counts[i]) return;
      const { key, position } = normalKey(ms, period);
      const group = groups.get(key) ?? { position, members: [] };
      group.members.push(i);
      groups.set(key, group);
    });
    if (groups.size === 0) {
      throw new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter: "climatology_period", reason: `none of the cube's ${times.length} time steps counts for the years ${first} to ${last}; give the years the data covers` });
    }
    const ordered = [...groups].sort(([, a], [, b]) => a.position - b.position);

    const pixels = cube.grid.width * cube.grid.height;
    const lanesOf = lanes(cube, index);
    const budget = budgetOf(ctx);
    budget.reserve(lanesOf.length * ordered.length * pixels * 4, () => `${PROCESS}'s ${ordered.length} normals`);
    budget.spend(lanesOf.length * counts.filter(Boolean).length * pixels, PROCESS);
    const normals = lanesOf.map((lane) => ordered.map(([, group]) => meanOf(group.members.map((i) => lane[i]!))));
    return withLanes(cube, index, { name: dim.name, type: "temporal", labels: ordered.map(([key]) => key) }, normals);
  },
};
