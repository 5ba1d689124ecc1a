/**
 * The Statistical API's `calculations`: per output id (or `default`, for every output not named),
 * per band name (or `default`), which percentiles and which histogram to compute beside the basic
 * statistics. Sizes are bounded here, before anything is read.
 */
import { badRequest, object } from "../process-request";

export type Interpolation = "higher" | "lower" | "nearest" | "midpoint" | "linear";
export const INTERPOLATIONS: readonly Interpolation[] = ["higher", "lower", "nearest", "midpoint", "linear"];

export interface Percentiles {
  /** Percentiles from 0 to 100. */
  k: number[];
  interpolation: Interpolation;
}

/** Explicit edges, or a range (the data's minimum and maximum where an edge isn't given) cut into nBins or bins of binWidth. */
export type HistogramSpec = { edges: number[] } | { nBins?: number; binWidth?: number; lowEdge?: number; highEdge?: number };

export interface BandCalculation {
  percentiles?: Percentiles;
  histogram?: HistogramSpec;
}

/**
 * output id -> band name -> what to compute; `default` at either level for the rest. Maps, as
 * names are the caller's (an output named `constructor` must not find Object's).
 */
export type Calculations = Map<string, { statistics: Map<string, Percentiles | undefined>; histograms: Map<string, HistogramSpec> }>;

export const MAX_PERCENTILES = 100;
export const MAX_BINS = 1000;
/** Entries (outputs, and bands in each) a request may name. */
const MAX_ENTRIES = 64;

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function entries(value: unknown, at: string): [string, unknown][] {
  const list = Object.entries(object(value, at));
  if (list.length > MAX_ENTRIES) throw badRequest(`${at} names more than ${MAX_ENTRIES} entries.`);
  return list;
}

function percentiles(value: unknown, at: string): Percentiles | undefined {
  const spec = object(value, at);
  if (spec.percentiles === undefined) return undefined;
  const p = object(spec.percentiles, `${at}.percentiles`);
  const { k, interpolation = "higher" } = p;
  if (!Array.isArray(k) || k.length === 0 || k.length > MAX_PERCENTILES || k.some((v) => !finite(v) || v < 0 || v > 100)) {
    throw badRequest(`${at}.percentiles.k must list 1 to ${MAX_PERCENTILES} percentiles from 0 to 100.`);
  }
  if (!INTERPOLATIONS.includes(interpolation as Interpolation)) throw badRequest(`${at}.percentiles.interpolation '${String(interpolation)}' is not one of ${INTERPOLATIONS.join(", ")}.`);
  return { k: k as number[], interpolation: interpolation as Interpolation };
}

function histogram(value: unknown, at: string): HistogramSpec {
  const spec = object(value, at);
  const { bins, nBins, binWidth, lowEdge, highEdge } = spec;
  if (bins !== undefined) {
    if (!Array.isArray(bins) || bins.length < 2 || bins.length > MAX_BINS + 1 || bins.some((v) => !finite(v)) || bins.some((v, i) => i > 0 && !(v > bins[i - 1]))) {
      throw badRequest(`${at}.bins must list 2 to ${MAX_BINS + 1} increasing edges.`);
    }
    return { edges: bins as number[] };
  }
  for (const [name, v] of [["lowEdge", lowEdge], ["highEdge", highEdge]] as const) if (v !== undefined && !finite(v)) throw badRequest(`${at}.${name} must be a number.`);
  if (finite(lowEdge) && finite(highEdge) && !(highEdge > lowEdge)) throw badRequest(`${at}.highEdge must be above its lowEdge.`);
  if ((nBins === undefined) === (binWidth === undefined)) throw badRequest(`${at} needs either nBins or binWidth (or the edges as bins).`);
  if (nBins !== undefined && (!Number.isInteger(nBins) || (nBins as number) < 1 || (nBins as number) > MAX_BINS)) throw badRequest(`${at}.nBins must be a whole number from 1 to ${MAX_BINS}.`);
  if (binWidth !== undefined) {
    if (!finite(binWidth) || binWidth <= 0) throw badRequest(`${at}.binWidth must be a positive number.`);
    if (finite(lowEdge) && finite(highEdge) && (highEdge - lowEdge) / binWidth > MAX_BINS) throw badRequest(`${at}.binWidth makes more than ${MAX_BINS} bins.`);
  }
  return { ...(nBins === undefined ? {} : { nBins: nBins as number }), ...(binWidth === undefined ? {} : { binWidth: binWidth as number }), ...(finite(lowEdge) ? { lowEdge } : {}), ...(finite(highEdge) ? { highEdge } : {}) };
}

export function parseCalculations(value: unknown): Calculations {
  const out: Calculations = new Map();
  if (value === undefined) return out;
  for (const [id, spec] of entries(value, "calculations")) {
    const at = `calculations.${id}`;
    const o = object(spec, at);
    const statistics = new Map(o.statistics === undefined ? [] : entries(o.statistics, `${at}.statistics`).map(([band, s]) => [band, percentiles(s, `${at}.statistics.${band}`)]));
    const histograms = new Map(o.histograms === undefined ? [] : entries(o.histograms, `${at}.histograms`).map(([band, h]) => [band, histogram(h, `${at}.histograms.${band}`)]));
    out.set(id, { statistics, histograms });
  }
  return out;
}

/** What to compute for one band of one output: its own entry, else the output's `default`, else the request's `default` output. */
export function bandCalculation(calculations: Calculations, output: string, band: string): BandCalculation {
  const spec = calculations.get(output) ?? calculations.get("default");
  if (!spec) return {};
  const percentiles = spec.statistics.has(band) ? spec.statistics.get(band) : spec.statistics.get("default");
  const histogram = spec.histograms.get(band) ?? spec.histograms.get("default");
  return { ...(percentiles ? { percentiles } : {}), ...(histogram ? { histogram } : {}) };
}
