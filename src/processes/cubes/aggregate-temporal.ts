import { dataAccess, type DataContext } from "../../cube/context";
import { lanes, withLanes } from "../../cube/dimensions";
import { filterTime } from "../../cube/filters";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { callbackReducer, reduceLane, type Reducer } from "../../cube/pixels";
import { DEFAULT_MAX_CUBE_BYTES } from "../../cube/plan";
import { intervalMembers, intervalsSpan, parseInterval } from "../../cube/temporal-periods";
import type { DataCube, LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { Callback, JsonSchema, ProcessContext, ProcessImplementation } from "../types";

export const TEMPORAL_CUBE: JsonSchema = { type: "object", subtype: "datacube", dimensions: [{ type: "temporal" }] };

/** The reducer of a temporal aggregation; `group` names what it reduces (an interval, a period). */
export function groupReducer(group: string): JsonSchema {
  return {
    type: "object",
    subtype: "process-graph",
    parameters: [
      { name: "data", description: `One pixel's values of the time steps in the ${group}, labeled with their instants; empty for a ${group} without time steps.`, schema: { type: "array", subtype: "labeled-array", items: { description: "Any data type." } } },
      { name: "context", description: "The `context` given to the aggregation.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: `The pixel's value for the ${group}.`, schema: { description: "Any data type." } },
  };
}

/**
 * The temporal dimension an aggregation works on: the one named `dimension`, or with null the
 * cube's only one (several: TooManyDimensions).
 */
export function temporalDimension(cube: RasterCube, dimension: string | null): { index: number; dim: LabelDimension } {
  const temporal = cube.dims.flatMap((dim, index) => (dim.type === "temporal" && (dimension === null || dim.name === dimension) ? [{ index, dim }] : []));
  if (temporal.length === 0) throw OpenEOError.processException("DimensionNotAvailable", dimension === null ? "The data cube has no temporal dimension." : `The data cube has no temporal dimension '${dimension}'.`);
  if (temporal.length > 1) throw OpenEOError.processException("TooManyDimensions", `The data cube has several temporal dimensions (${temporal.map((t) => t.dim.name).join(", ")}); name one in 'dimension'.`);
  return temporal[0]!;
}

/** A cube not read yet has one temporal dimension, t: checked before reading. */
export function checkLazyDimension(cube: DataCube, dimension: string | null): void {
  if (cube.kind === "lazy" && dimension !== null && dimension !== "t") throw OpenEOError.processException("DimensionNotAvailable", `The data cube has no temporal dimension '${dimension}'.`);
}

/** The time steps as milliseconds; labels that aren't instants (such as earlier period labels) can't be placed in time. */
export function timeSteps(dim: LabelDimension, process: string): number[] {
  return (dim.labels as string[]).map((label) => {
    const ms = Date.parse(label);
    if (Number.isNaN(ms)) throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "data", reason: `the temporal label '${label}' is not an instant` });
    return ms;
  });
}

/** Refuses results larger than a cube may be: `count` time steps along temporal dimension `index`. */
export function checkResultSize(cube: RasterCube, index: number, count: number, process: string, ctx: ProcessContext): void {
  const others = cube.dims.reduce((n, d, i) => (i === index ? n : n * d.labels.length), 1);
  const bytes = others * count * cube.grid.width * cube.grid.height * 4;
  const max = (ctx as DataContext).data?.maxBytes ?? DEFAULT_MAX_CUBE_BYTES;
  if (bytes > max) {
    throw new OpenEOError("ProcessGraphComplexity", {}, { message: `${process}: the result would need ${Math.ceil(bytes / 2 ** 20)} MiB (${count} time steps); at most ${Math.floor(max / 2 ** 20)} MiB fit. Aggregate a shorter time span or to fewer time steps.` });
  }
}

/**
 * Replaces temporal dimension `index` by one label per group: each group's time steps (positions
 * in `members`) reduced to one plane. The reducer sees an empty array for an empty group, the
 * same for every pixel, so it is asked once.
 */
export async function aggregateTimeSteps(cube: RasterCube, index: number, labels: string[], members: number[][], reducer: Reducer, process: string): Promise<RasterCube> {
  const dim = cube.dims[index]!;
  let emptyValue: number | undefined;
  const emptyPlane = async () => {
    // One pixel, whose values the wrapped reducer ignores, turns the reducer's answer into a cell value.
    emptyValue ??= (await reduceLane([new Float32Array(1)], [], () => reducer([], []), process))[0]!;
    return new Float32Array(cube.grid.width * cube.grid.height).fill(emptyValue);
  };
  const replaced: Float32Array[][] = [];
  for (const lane of lanes(cube, index)) {
    const planes: Float32Array[] = [];
    for (const group of members) {
      if (group.length === 0) planes.push(await emptyPlane());
      else planes.push(await reduceLane(group.map((i) => lane[i]!), group.map((i) => dim.labels[i] as string), reducer, process));
    }
    replaced.push(planes);
  }
  return withLanes(cube, index, { name: dim.name, type: "temporal", labels }, replaced);
}

/** Labels that name the same instant are the same label (2020-01-01 and 2020-01-01T00:00:00Z). */
function labelKey(label: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}(T|$)/.test(label) ? Date.parse(label) : NaN;
  return Number.isNaN(ms) ? label : `@${ms}`;
}

/** The given labels, or else the intervals' starts as written. */
function intervalLabels(intervals: unknown[][], given: (string | number)[]): string[] {
  let labels: string[];
  if (given.length > 0) {
    if (given.length !== intervals.length) throw new OpenEOError("ProcessParameterInvalid", { process: "aggregate_temporal", parameter: "labels", reason: `${given.length} labels for ${intervals.length} intervals` });
    labels = given.map(String);
  } else {
    labels = intervals.map((pair) => {
      if (typeof pair[0] !== "string") throw new OpenEOError("ProcessParameterInvalid", { process: "aggregate_temporal", parameter: "labels", reason: "an interval with an open start has no start to label it with: give `labels`" });
      return pair[0];
    });
  }
  const keys = labels.map(labelKey);
  const duplicate = labels.find((_, i) => keys.indexOf(keys[i]!) !== i);
  if (duplicate !== undefined) throw OpenEOError.processException("DistinctDimensionLabelsRequired", `The label '${duplicate}' would be given to several intervals; give distinct \`labels\`.`);
  return labels;
}

export const aggregateTemporal: ProcessImplementation = {
  spec: {
    id: "aggregate_temporal",
    summary: "Reduce the time steps within intervals",
    description:
      "Groups the time steps of a temporal dimension by intervals and reduces each group per pixel with `reducer` (such as mean), giving one time step per interval. Intervals are [start, end): the start is included, the end excluded; they may overlap (a time step then counts in each) and either end may be open (null). They are either dates (from midnight UTC) or date-times, compared as instants, or times of the day (HH:MM:SS, UTC), which select the time steps at those hours on every day and wrap past midnight when the end is not after the start (18:00:00 to 06:00:00 is the night). The new labels are `labels`, or else each interval's start as written. An interval without time steps still gets its label: the reducer then sees an empty array, which most reducers answer with no-data. The other dimensions are unchanged. A cube not read yet is first narrowed to the time the intervals cover, so nothing outside them is read (intervals of times of the day cover every day: the whole cube is read). The time steps must be instants (labels made by aggregate_temporal_period are not).",
    categories: ["cubes", "aggregate"],
    parameters: [
      { name: "data", description: "The data cube, with a temporal dimension.", schema: TEMPORAL_CUBE },
      {
        name: "intervals",
        description: "The intervals [start, end), each start included and end excluded: dates, date-times or times of the day, null for an open end. An end not after its start fails with `TemporalExtentEmpty`, except for times of the day, which then wrap past midnight.",
        schema: {
          type: "array",
          subtype: "temporal-intervals",
          minItems: 1,
          items: {
            type: "array",
            subtype: "temporal-interval",
            uniqueItems: true,
            minItems: 2,
            maxItems: 2,
            items: {
              anyOf: [
                { type: "string", format: "date-time", subtype: "date-time", description: "A date and time with time zone." },
                { type: "string", format: "date", subtype: "date", description: "A day (YYYY-MM-DD), from midnight UTC." },
                { type: "string", subtype: "time", pattern: "^\\d{2}:\\d{2}:\\d{2}$", description: "A time of the day (HH:MM:SS), UTC." },
                { type: "null" },
              ],
            },
          },
          examples: [
            [
              ["2020-01-01", "2020-07-01"],
              ["2020-07-01", "2021-01-01"],
            ],
            [
              ["06:00:00", "18:00:00"],
              ["18:00:00", "06:00:00"],
            ],
          ],
        },
      },
      { name: "reducer", description: "Computes one value from a pixel's values in an interval, e.g. mean or max.", schema: groupReducer("interval") },
      {
        name: "labels",
        description: "The labels of the new time steps, one per interval in the same order; distinct, or `DistinctDimensionLabelsRequired`. Empty (the default): each interval's start, which then must be distinct and not open.",
        schema: { type: "array", uniqueItems: true, items: { type: ["number", "string"] } },
        default: [],
        optional: true,
      },
      {
        name: "dimension",
        description: "The temporal dimension to aggregate. null (the default): the cube's only temporal dimension (`TooManyDimensions` if it has several). `DimensionNotAvailable` if there is no such temporal dimension.",
        schema: { type: ["string", "null"] },
        default: null,
        optional: true,
      },
      { name: "context", description: "Extra data handed to the reducer.", schema: { description: "Any data type." }, optional: true, default: null },
    ],
    returns: { description: "The data cube with one time step per interval in the aggregated dimension (same name); the other dimensions are unchanged.", schema: TEMPORAL_CUBE },
    exceptions: {
      TooManyDimensions: { message: "The data cube contains multiple temporal dimensions. The parameter `dimension` must be specified." },
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist or no temporal dimension is available." },
      DistinctDimensionLabelsRequired: { message: "The dimension labels have duplicate values. Distinct labels must be specified." },
      TemporalExtentEmpty: { message: "At least one of the intervals is empty. The second instant in time must always be greater/later than the first instant." },
    },
  },
  run: async (args, ctx) => {
    const process = "aggregate_temporal";
    const input = cubeArgument(args.data, process);
    const dimension = args.dimension as string | null;
    const pairs = args.intervals as unknown[][];
    const intervals = pairs.map((pair) => parseInterval(pair, process));
    const labels = intervalLabels(pairs, args.labels as (string | number)[]);
    checkLazyDimension(input, dimension);
    const cube = await materialize(input.kind === "lazy" ? filterTime(input, intervalsSpan(intervals)) : input, dataAccess(ctx));
    const { index, dim } = temporalDimension(cube, dimension);
    checkResultSize(cube, index, intervals.length, process, ctx);
    const members = intervalMembers(timeSteps(dim, process), intervals);
    return aggregateTimeSteps(cube, index, labels, members, callbackReducer(args.reducer as Callback, args.context), process);
  },
};
