/**
 * Partial zonal statistics: what aggregate_spatial answers for one strip of a batch job's cube when
 * the job runs in chunks (src/execution/partials.ts merges them).
 */
import type { Feature } from "./geojson";
import type { QuantileSummary } from "./quantile-summary";
import type { LabelDimension } from "./types";
import type { VectorCube } from "./vector";

/** Per label combination (as a vector cube's values), per geometry. */
export interface PartialAggregation {
  crs: string;
  geometries: Feature[];
  dims: LabelDimension[];
  /** The name aggregate_spatial's target_dimension gave the statistics, or null. */
  target: string | null;
  sum: number[][];
  /** The squared deviations from the strip's own mean, summed (merged as Chan et al. do, for sd and variance). */
  m2: number[][];
  /** null where the geometry has no pixel with a value in the strip (JSON has no infinities). */
  min: (number | null)[][];
  max: (number | null)[][];
  /** Pixels with a value, and all pixels covered. */
  valid: number[][];
  total: number[][];
  /** For median and quantiles: the valid values, summarised (exactly while few). */
  quantiles?: QuantileSummary[][];
}

/** A vector cube that aggregate_spatial answers in a chunk: partial statistics instead of values. */
export interface PartialVectorCube extends VectorCube {
  partial: PartialAggregation;
}

export const isPartial = (value: unknown): value is PartialVectorCube => typeof value === "object" && value !== null && "partial" in value;
