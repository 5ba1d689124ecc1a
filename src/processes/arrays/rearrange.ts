import { OpenEOError } from "../../errors";
import { labelsOf, withLabels } from "../shared/labels";
import type { ProcessImplementation } from "../types";

export const rearrange: ProcessImplementation = {
  spec: {
    id: "rearrange",
    summary: "Reorder an array by positions",
    description:
      "Builds a new array from the elements of `data` at the zero-based positions listed in `order` (for example a permutation computed by order); positions may be left out. Labels move with their elements.",
    categories: ["arrays", "sorting"],
    parameters: [
      { name: "data", description: "The array to reorder.", schema: { type: "array", items: {} } },
      { name: "order", description: "Positions of `data`, in the wanted order.", schema: { type: "array", items: { type: "integer", minimum: 0 } } },
    ],
    returns: { description: "The reordered array.", schema: { type: "array", items: {} } },
  },
  run: (args) => {
    const data = args.data as unknown[];
    const positions = args.order as number[];
    const outside = positions.find((i) => !(i >= 0 && i < data.length));
    if (outside !== undefined) {
      // No exception is declared for this; a generic process error names the bad position.
      const message = `rearrange: position ${outside} is outside the array of length ${data.length}.`;
      throw new OpenEOError("ProcessException", {}, { message });
    }
    const labels = labelsOf(data);
    return withLabels(
      positions.map((i) => data[i]),
      labels && positions.map((i) => labels[i]!),
    );
  },
};
