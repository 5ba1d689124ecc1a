/**
 * How many numbers a Statistical API response holds, bounded before the work that makes them:
 * every interval reports every band of every output (dataMask aside) with its basic statistics
 * (min, max, mean, stDev, sampleCount, noDataCount), its percentiles and its histogram's bins
 * (lowEdge, highEdge, count each).
 */
import { badRequest } from "../process-request";
import { bandCalculation, MAX_BINS, type Calculations, type HistogramSpec } from "./calculations";
import { bandNames, DATA_MASK, type Output } from "./outputs";

/** About 20 MB of JSON. */
export const MAX_RESPONSE_VALUES = 1_000_000;

const BASIC_STATISTICS = 6;
const VALUES_PER_BIN = 3;

/** Bins a histogram makes: known from nBins or edges, or from binWidth where both edges are given; else the most binWidth may make over the data. */
function bins(spec: HistogramSpec | undefined): number {
  if (!spec) return 0;
  if ("edges" in spec) return spec.edges.length - 1;
  if (spec.nBins !== undefined) return spec.nBins;
  if (spec.lowEdge !== undefined && spec.highEdge !== undefined) return Math.ceil((spec.highEdge - spec.lowEdge) / spec.binWidth!);
  return MAX_BINS;
}

/** The numbers one interval reports for `outputs`. */
export function intervalValues(outputs: Output[], calculations: Calculations): number {
  let values = 0;
  for (const output of outputs) {
    if (output.id === DATA_MASK) continue;
    for (const name of bandNames(output)) {
      if (name === DATA_MASK) continue;
      const { percentiles, histogram } = bandCalculation(calculations, output.id, name);
      values += BASIC_STATISTICS + (percentiles?.k.length ?? 0) + VALUES_PER_BIN * bins(histogram);
    }
  }
  return values;
}

/** Refuses a response of `values` numbers past the bound. */
export function checkResponseValues(values: number): void {
  if (values > MAX_RESPONSE_VALUES) {
    throw badRequest(
      `The response would hold ${values.toLocaleString("en")} values (every interval's statistics, percentiles and histogram bins of every output band), more than the ${MAX_RESPONSE_VALUES.toLocaleString("en")} one request may answer; ask for fewer intervals, outputs, bands, percentiles or bins.`,
    );
  }
}
