/**
 * How fit_curve and predict_curve turn a label into the model's `x`. Numbers are used as they are;
 * dates and date-times become seconds since 1970-01-01T00:00:00Z (a date is midnight UTC), the
 * convention openEO back-ends use for seasonal models, so that `2 * pi / 31557600 * x` turns once a
 * year (31,557,600 s is a Julian year of 365.25 days).
 */
import { OpenEOError } from "../../../errors";
import { parseTemporal } from "../dates";

export function curveX(label: string | number, process: string, parameter: string): number {
  if (typeof label === "number") return label;
  const temporal = parseTemporal(label);
  if (temporal) return temporal.epochMs / 1000;
  throw new OpenEOError("ProcessParameterInvalid", {
    process,
    parameter,
    reason: `the label ${JSON.stringify(label)} is neither a number nor a date or date-time, so it can't be the model's x`,
  });
}

/** The x of every label (indices 0, 1, ... for an array without labels). */
export function curveXs(labels: readonly (string | number)[] | null, length: number, process: string, parameter: string): Float64Array {
  return labels === null ? Float64Array.from({ length }, (_, i) => i) : Float64Array.from(labels, (label) => curveX(label, process, parameter));
}
