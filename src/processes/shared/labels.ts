import { isLabeled, labeled } from "../types";

/** The labels of a labeled array, or null for a plain array. */
export function labelsOf(data: unknown[]): (string | number)[] | null {
  return isLabeled(data) ? data.labels : null;
}

/** `values` as a labeled array when there are labels, as a plain array otherwise. */
export function withLabels<T>(values: T[], labels: (string | number)[] | null): T[] {
  return labels === null ? values : labeled(values, labels);
}
