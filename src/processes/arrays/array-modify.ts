import { budgetOf } from "../../budget";
import { OpenEOError } from "../../errors";
import { labelsOf } from "../shared/labels";
import { labeled, type ProcessImplementation } from "../types";

/**
 * The result's labels: those of both arrays when each is labeled or empty (an empty array adds
 * no labels, so it can't make the other lose its own), otherwise none.
 */
function resultLabels(data: unknown[], values: unknown[], index: number, removed: number): (string | number)[] | null {
  const [dataLabels, valueLabels] = [labelsOf(data), labelsOf(values)];
  if ((dataLabels === null && data.length > 0) || (valueLabels === null && values.length > 0)) return null;
  if (dataLabels === null && valueLabels === null) return null;
  const [kept, inserted] = [dataLabels ?? [], valueLabels ?? []];
  // The definition names a label present in both arrays a conflict, even one that is being replaced.
  const shared = inserted.find((label) => kept.includes(label));
  if (shared !== undefined) {
    throw OpenEOError.processException("ArrayLabelConflict", `The label ${JSON.stringify(shared)} is in both \`data\` and \`values\`.`);
  }
  return [...kept.slice(0, index), ...inserted, ...kept.slice(index + removed)];
}

export const arrayModify: ProcessImplementation = {
  spec: {
    id: "array_modify",
    summary: "Insert, remove or replace array elements",
    description:
      "Gives a copy of `data` in which `length` elements starting at position `index` are removed and the elements of `values` are put in their place: with `length` 0 (the default) `values` is inserted before `index`, with empty `values` elements are only removed. `index` may equal the length of `data` (to add at the end) but not exceed it (ArrayElementNotAvailable); a `length` running past the end removes up to the end.\n\n" +
      "Labels are kept when `data` and `values` are both labeled, or when one of them is empty; otherwise the result has no labels. A label found in both arrays fails with ArrayLabelConflict, even if its element in `data` is among those removed.",
    categories: ["arrays"],
    experimental: true,
    parameters: [
      { name: "data", description: "The array to change.", schema: { type: "array", items: {} } },
      { name: "values", description: "The elements to put in at `index`; may be empty.", schema: { type: "array", items: {} } },
      {
        name: "index",
        description: "Zero-based position in `data` where elements are removed and `values` go; at most the length of `data`. Use count with `condition: true` to get that length.",
        schema: { type: "integer", minimum: 0 },
      },
      {
        name: "length",
        description: "How many elements of `data` to remove from `index` on; 0 (the default) removes none.",
        schema: { type: "integer", minimum: 0 },
        optional: true,
        default: 0,
      },
    ],
    returns: { description: "The changed array.", schema: { type: "array", items: {} } },
    exceptions: {
      ArrayElementNotAvailable: { message: "`index` lies beyond the end of `data`." },
      ArrayLabelConflict: { message: "A label occurs in both `data` and `values`." },
    },
  },
  run: (args, ctx) => {
    const [data, values] = [args.data as unknown[], args.values as unknown[]];
    const index = args.index as number;
    if (index > data.length) {
      const message = `\`index\` ${index} lies beyond the end of \`data\`, which has ${data.length} elements.`;
      throw OpenEOError.processException("ArrayElementNotAvailable", message);
    }
    const removed = Math.min(args.length as number, data.length - index);
    budgetOf(ctx).reserveElements(data.length - removed + values.length, "the changed array");
    const elements = [...data.slice(0, index), ...values, ...data.slice(index + removed)];
    const labels = resultLabels(data, values, index, removed);
    return labels === null ? elements : labeled(elements, labels);
  },
};
