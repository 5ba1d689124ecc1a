/**
 * A Statistical API request (POST /api/v1/statistics), checked and reduced: the Process API's
 * input (bounds, one data source with its filters), the aggregation (time range, intervals, grid,
 * evalscript) and the calculations. Sizes are bounded before anything is read.
 */
import { badRequest, bounds, data, object, size, type ProcessRequest } from "../process-request";
import { parseCalculations, type Calculations } from "./calculations";
import { intervalsOf, LAST_INTERVAL_BEHAVIORS, parseDuration, type Interval, type LastIntervalBehavior } from "./intervals";

export interface StatisticalRequest {
  /** The run over the whole time range (the last interval's end, where EXTEND takes it further). */
  process: ProcessRequest;
  intervals: Interval[];
  calculations: Calculations;
}

/** Intervals one request may ask for. */
export const MAX_INTERVALS = 400;
/** Pixels evaluated in all (intervals x grid): the intervals' work, bounded before any is done. */
export const MAX_EVALUATED_PIXELS = 2 ** 26;

/** The pixels `intervals` intervals of `grid` evaluate, refused over MAX_EVALUATED_PIXELS. */
export function evaluatedPixels(intervals: number, grid: { width: number; height: number }): number {
  const pixels = intervals * grid.width * grid.height;
  if (pixels > MAX_EVALUATED_PIXELS) {
    throw badRequest(`${intervals} intervals of ${grid.width} x ${grid.height} pixels are more than the ${MAX_EVALUATED_PIXELS.toLocaleString("en")} pixels one request may evaluate; ask for fewer intervals or a coarser grid.`);
  }
  return pixels;
}

export function parseStatisticalRequest(body: unknown): StatisticalRequest {
  const request = object(body, "The request body");
  const input = object(request.input, "input");
  const aggregation = object(request.aggregation, "aggregation");
  if (typeof aggregation.evalscript !== "string" || aggregation.evalscript === "") throw badRequest("aggregation.evalscript must be the evalscript's source.");
  const box = bounds(input);
  const source = data(input, { value: aggregation.timeRange, at: "aggregation.timeRange" });
  if (aggregation.width === undefined && aggregation.height === undefined && aggregation.resx === undefined && aggregation.resy === undefined) {
    throw badRequest("aggregation must give the grid: width and height, or resx and resy.");
  }
  const grid = size(aggregation, box.bbox, "aggregation");
  const every = object(aggregation.aggregationInterval, "aggregation.aggregationInterval");
  if (typeof every.of !== "string") throw badRequest("aggregation.aggregationInterval.of must be an ISO 8601 duration such as P1D.");
  const last = every.lastIntervalBehavior ?? "SKIP";
  if (!LAST_INTERVAL_BEHAVIORS.includes(last as LastIntervalBehavior)) throw badRequest(`aggregation.aggregationInterval.lastIntervalBehavior '${String(last)}' is not one of ${LAST_INTERVAL_BEHAVIORS.join(", ")}.`);
  const intervals = intervalsOf(source.from, source.to, parseDuration(every.of, "aggregation.aggregationInterval.of"), last as LastIntervalBehavior, MAX_INTERVALS);
  evaluatedPixels(intervals.length, grid);
  const calculations = parseCalculations(request.calculations);
  const to = intervals.at(-1)?.to ?? source.to;
  return {
    process: { ...box, ...source, ...grid, to: Date.parse(to) > Date.parse(source.to) ? to : source.to, responses: [], evalscript: aggregation.evalscript },
    intervals,
    calculations,
  };
}
