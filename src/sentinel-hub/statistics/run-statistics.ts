/**
 * A Statistical API request run on the Process API's parts: the items of the whole time range
 * planned once onto the request's grid; then, interval by interval, the scenes of the items taken
 * inside it go through the evalscript (preProcessScenes, updateOutput, evaluatePixel in strips of rows) and
 * each output band's valid samples (where the dataMask output, or the output's own band named
 * dataMask, is not 0, inside the geometry, and finite) are reduced to statistics. An interval
 * without scenes (or whose scenes preProcessScenes drops) is left out; one whose script fails
 * reports its error in its entry.
 */
import { budgetOf, type WorkBudget } from "../../budget";
import type { DataAccess } from "../../cube/context";
import { inInterval, itemTime, type DateGroup } from "../../cube/plan";
import { OpenEOError } from "../../errors";
import { storeSamples } from "../encode-response";
import { badRequest } from "../process-request";
import { evaluateStrips, prepareRun, scenesOf, type PreparedRun } from "../run-process-request";
import { bandStatistics, HistogramTooLarge, type BandStatistics } from "./band-statistics";
import { bandCalculation, type Calculations } from "./calculations";
import type { Interval } from "./intervals";
import { bandNames, DATA_MASK, type Output } from "./outputs";
import type { StatisticalRequest } from "./request";
import { checkResponseValues, intervalValues } from "./response-size";

export type IntervalEntry =
  | { interval: Interval; outputs: Record<string, { bands: Record<string, BandStatistics> }> }
  | { interval: Interval; error: { type: "BAD_REQUEST" | "EXECUTION_ERROR"; message: string } };

export interface StatisticalResponse {
  data: IntervalEntry[];
  status: "OK" | "PARTIAL" | "FAILED";
}

/** Every reported output is masked, as Sentinel Hub requires: by the dataMask output, or by a band of its own named dataMask. */
function checkMasks(outputs: Output[]): void {
  if (outputs.some((o) => o.id === DATA_MASK)) return;
  const unmasked = outputs.filter((o) => !bandNames(o).includes(DATA_MASK)).map((o) => o.id);
  if (unmasked.length) {
    throw badRequest(`The evalscript's setup() must declare an output 'dataMask' (or a band named dataMask in each output; ${unmasked.join(", ")} ${unmasked.length > 1 ? "have" : "has"} none): the Statistical API counts only the pixels it marks as valid.`);
  }
}

/** Each calculation names an output of the script (or `default`), and a band of it (or `default`). */
function checkCalculations(calculations: Calculations, outputs: Output[]): void {
  for (const [id, spec] of calculations) {
    if (id === "default") continue;
    const output = outputs.find((o) => o.id === id && o.id !== DATA_MASK);
    if (!output) throw badRequest(`calculations names the output '${id}', which the evalscript's setup() doesn't declare (outputs: ${outputs.map((o) => o.id).filter((o) => o !== DATA_MASK).join(", ")}).`);
    const names = bandNames(output);
    for (const band of [...spec.statistics.keys(), ...spec.histograms.keys()]) {
      if (band !== "default" && !names.includes(band)) throw badRequest(`calculations.${id} names the band '${band}', which the output doesn't have (bands: ${names.join(", ")}).`);
    }
  }
}

/**
 * The dates of `dates` as an interval sees them: only the items taken inside it, which matters
 * where intervals are shorter than a day (PT12H); dates left without items are dropped.
 */
function datesWithin(dates: DateGroup[], interval: Interval): DateGroup[] {
  const extent = { start: interval.from, end: interval.to };
  return dates.flatMap((date) => {
    const items = date.items.filter((item) => inInterval(itemTime(item) ?? date.label, extent));
    return items.length ? [{ ...date, items }] : [];
  });
}

/** The interval's statistics per output and band; null where preProcessScenes keeps none of its scenes. */
async function intervalOutputs(run: PreparedRun, dates: DateGroup[], request: StatisticalRequest, report: (outputs: Output[]) => void): Promise<Extract<IntervalEntry, { outputs: unknown }>["outputs"] | null> {
  const chosen = await scenesOf(run, dates, request.process.mosaickingOrder);
  if (chosen.scenes.length === 0) return null;
  report(chosen.outputs);
  const { grid } = run.reads;
  const pixels = grid.width * grid.height;
  const bands = chosen.outputs.reduce((n, o) => n + o.bands, 0);
  const budget = budgetOf(run.ctx);
  // Held at once while a strip is evaluated: the output planes over the grid, the scratch of one
  // band's valid samples (float32, as evaluatePixel's answers are kept), the strip's cube and the
  // strip's outputs.
  const rows = run.reads.rows(chosen.dates);
  const bytes = (bands + 1) * pixels * 4 + rows * (run.reads.rowBytes(chosen.dates) + bands * grid.width * 4);
  budget.reserve(bytes, () => `an interval's ${bands} output planes over the grid, with a strip of ${rows} rows of its ${chosen.dates.length} dates`);
  const planes = Array.from({ length: bands }, () => new Float32Array(pixels));
  await evaluateStrips(run, chosen, (strip, offset) => {
    let band = 0;
    // Stored as the output's sampleType keeps them (FLOAT32, the default here, as they are), straight into the plane.
    for (const output of chosen.outputs) for (let k = 0; k < output.bands; k++, band++) storeSamples(strip[band]!, output.sampleType, planes[band]!, offset, null);
  });
  // Each output's first plane: they follow one another, band by band.
  const first = new Map<string, number>();
  let next = 0;
  for (const output of chosen.outputs) {
    first.set(output.id, next);
    next += output.bands;
  }
  const shared = first.has(DATA_MASK) ? planes[first.get(DATA_MASK)!]! : null;
  const inside = run.inside;
  // Entries made into objects by Object.fromEntries: names are the script's, `__proto__` one of them.
  const result: [string, { bands: Record<string, BandStatistics> }][] = [];
  const scratch = new Float32Array(pixels);
  for (const output of chosen.outputs) {
    if (output.id === DATA_MASK) continue;
    const names = bandNames(output);
    const at = first.get(output.id)!;
    const own = names.indexOf(DATA_MASK);
    const mask = own >= 0 ? planes[at + own]! : shared;
    const reported: [string, BandStatistics][] = [];
    for (const [k, name] of names.entries()) {
      if (k === own) continue;
      const values = planes[at + k]!;
      let n = 0;
      for (let i = 0; i < pixels; i++) {
        const v = values[i]!;
        if ((!mask || mask[i] !== 0) && (!inside || inside[i]) && Number.isFinite(v)) scratch[n++] = v;
      }
      const calculation = bandCalculation(request.calculations, output.id, name);
      // Percentiles and histograms sort the valid samples.
      const sorting = calculation.percentiles || calculation.histogram ? Math.ceil(n * Math.log2(Math.max(2, n))) : 0;
      budget.spend(pixels + sorting, "the statistics of an output band");
      reported.push([name, bandStatistics(scratch.subarray(0, n), pixels, calculation)]);
    }
    result.push([output.id, { bands: Object.fromEntries(reported) }]);
  }
  return Object.fromEntries(result);
}

/** Errors an interval reports in its entry; anything else fails the request. */
function intervalError(error: unknown): Extract<IntervalEntry, { error: unknown }>["error"] | null {
  if (error instanceof HistogramTooLarge) return { type: "BAD_REQUEST", message: error.message };
  if (error instanceof OpenEOError && error.code === "UdfFailed") return { type: "EXECUTION_ERROR", message: error.message };
  return null;
}

/** What setup()'s outputs must allow: every output masked, the calculations naming them, a response within its size. */
export function checkStatisticalSetup(request: StatisticalRequest, outputs: Output[]): void {
  checkMasks(outputs);
  checkCalculations(request.calculations, outputs);
  checkResponseValues(request.intervals.length * intervalValues(outputs, request.calculations));
}

export async function runStatisticalRequest(request: StatisticalRequest, data: DataAccess, budget?: WorkBudget): Promise<StatisticalResponse> {
  const checkSetup = ({ outputs }: { outputs: Output[] }) => checkStatisticalSetup(request, outputs);
  const run = await prepareRun(request.process, data, budget, { sampleTypeDefault: "FLOAT32", checkSetup });
  const entries: IntervalEntry[] = [];
  // updateOutput may give an interval more bands (or other names) than setup() declared: what is reported is checked too.
  let values = 0;
  const report = (outputs: Output[]) => {
    checkMasks(outputs);
    values += intervalValues(outputs, request.calculations);
    checkResponseValues(values);
  };
  for (const interval of request.intervals) {
    const dates = datesWithin(run.reads.dates, interval);
    if (dates.length === 0) continue;
    try {
      const outputs = await intervalOutputs(run, dates, request, report);
      // Left out like an interval without data.
      if (outputs) entries.push({ interval, outputs });
    } catch (error) {
      const reported = intervalError(error);
      if (!reported) throw error;
      entries.push({ interval, error: reported });
    }
  }
  const failed = entries.filter((e) => "error" in e).length;
  return { data: entries, status: failed === 0 ? "OK" : failed === entries.length ? "FAILED" : "PARTIAL" };
}
