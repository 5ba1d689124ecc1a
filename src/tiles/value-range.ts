/**
 * The values a service's tiles stretch over when its configuration leaves `min` or `max` out and
 * its colour map has no range of its own (greys, viridis, and RGB): estimated once per service
 * version from a coarse read of the whole extent, so every tile of the version uses the same one.
 */
import type { XyzConfiguration } from "./configuration";

/** An estimate as stored with the service: the version it was made for, and why there is none when it failed. */
export interface EstimatedRange {
  version: number;
  min: number | null;
  max: number | null;
  /** Why min and max are null. */
  reason?: string;
}

/** The range the tiles of a version use, as the service document shows it. */
export interface ShownRange {
  min: number;
  max: number;
  /** configuration: both given; estimated: from the data (with any end given); colormap: the colour map's own range. */
  source: "configuration" | "estimated" | "colormap";
}

/** The lower and upper percentile of the values an estimate keeps: a few outliers don't flatten the rest. */
const LOW_PERCENTILE = 0.02;
const HIGH_PERCENTILE = 0.98;

/** Whether tiles need an estimate: a colour map with no range of its own and an end left out. */
export function needsEstimate(configuration: XyzConfiguration): boolean {
  const { colormap, min, max } = configuration;
  return (colormap === "greys" || colormap === "viridis") && (min === null || max === null);
}

/** The 2nd and 98th percentiles of the finite values of `planes`, or null when there are none. */
export function percentileRange(planes: Float32Array[]): { min: number; max: number } | null {
  const count = planes.reduce((n, plane) => n + plane.reduce((k, v) => (Number.isFinite(v) ? k + 1 : k), 0), 0);
  if (count === 0) return null;
  const values = new Float32Array(count);
  let at = 0;
  for (const plane of planes) for (const v of plane) if (Number.isFinite(v)) values[at++] = v;
  values.sort();
  const pick = (p: number) => values[Math.min(count - 1, Math.round(p * (count - 1)))]!;
  const [min, max] = [pick(LOW_PERCENTILE), pick(HIGH_PERCENTILE)];
  // A flat field still needs a span: its value is shown mid-way.
  return min < max ? { min, max } : { min: min - 0.5, max: max + 0.5 };
}

/** The colour map's own range, when the configuration gives no end. */
function colormapRange(configuration: XyzConfiguration): { min: number; max: number } {
  const { colormap } = configuration;
  if (Array.isArray(colormap)) return { min: colormap[0]!.value, max: colormap.at(-1)!.value };
  return colormap === "ndvi" ? { min: -1, max: 1 } : { min: 0, max: 255 };
}

/**
 * The range tiles use: the configured ends, the estimate for an end left out (when it keeps min
 * below max), else the colour map's own range.
 */
export function shownRange(configuration: XyzConfiguration, estimate: EstimatedRange | undefined): ShownRange {
  const own = colormapRange(configuration);
  if (configuration.min !== null && configuration.max !== null) return { min: configuration.min, max: configuration.max, source: "configuration" };
  if (needsEstimate(configuration) && estimate?.min != null && estimate.max != null) {
    const min = configuration.min ?? estimate.min;
    const max = configuration.max ?? estimate.max;
    if (min < max) return { min, max, source: "estimated" };
  }
  return { min: configuration.min ?? own.min, max: configuration.max ?? own.max, source: "colormap" };
}
