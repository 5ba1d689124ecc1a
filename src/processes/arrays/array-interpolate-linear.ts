import { parseTemporal } from "../shared/dates";
import { labelsOf, withLabels } from "../shared/labels";
import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

/**
 * Positions on the x axis: numeric labels, or temporal labels as instants, when every label is
 * like that; the element positions otherwise (e.g. band names).
 */
function axisOf(data: unknown[]): number[] {
  const labels = labelsOf(data) ?? [];
  if (labels.length === data.length) {
    if (labels.every((label) => typeof label === "number")) return labels as number[];
    const instants = labels.map((label) => (typeof label === "string" ? parseTemporal(label)?.epochMs : undefined));
    if (instants.every((t) => t !== undefined)) return instants;
  }
  return [...data.keys()];
}

const isGap = (value: unknown) => isNodata(value) || Number.isNaN(value);

export const arrayInterpolateLinear: ProcessImplementation = {
  spec: {
    id: "array_interpolate_linear",
    summary: "Fill gaps by linear interpolation",
    description:
      "Replaces NaN and no-data elements that lie between two numbers by linear interpolation between their nearest numeric neighbours; gaps at the start and end stay. The x axis is given by the labels if they are numbers or dates (they must be in ascending order), otherwise by the positions. ±∞ counts as a number.",
    categories: ["arrays", "math", "math > interpolation"],
    parameters: [
      {
        name: "data",
        description: "Numbers with gaps (NaN or no-data); ±∞ is allowed. Labeled arrays need ascending numeric or temporal labels to be used as the x axis.",
        schema: { type: "array", items: { type: ["number", "null"] } },
      },
    ],
    returns: {
      description: "The array with inner gaps filled; unchanged if it has fewer than two numbers.",
      schema: { type: "array", items: { type: ["number", "null"] } },
    },
  },
  run: (args) => {
    const data = args.data as (number | null)[];
    const axis = axisOf(data);
    const result = [...data];
    let previous = -1; // position of the last number seen
    data.forEach((value, i) => {
      if (isGap(value)) return;
      if (previous >= 0 && i - previous > 1) {
        const [x0, x1, y0, y1] = [axis[previous]!, axis[i]!, data[previous]!, value as number];
        for (let k = previous + 1; k < i; k++) {
          const t = (axis[k]! - x0) / (x1 - x0);
          // Weighted form so that an infinite neighbour gives ±∞ rather than ∞ - ∞ = NaN.
          result[k] = (1 - t) * y0 + t * y1;
        }
      }
      previous = i;
    });
    return withLabels(result, labelsOf(data));
  },
};
