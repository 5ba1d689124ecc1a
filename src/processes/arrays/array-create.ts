import { budgetOf } from "../../budget";
import type { ProcessImplementation } from "../types";

export const arrayCreate: ProcessImplementation = {
  spec: {
    id: "array_create",
    summary: "Build an array",
    description:
      "Builds a new array from the elements of `data`, repeated `repeat` times one after the other; without arguments the array is empty. Handy to return an array from a child process, e.g. in apply_dimension.",
    categories: ["arrays"],
    parameters: [
      {
        name: "data",
        description: "The elements of the new array; empty by default.",
        schema: { type: "array", items: {} },
        optional: true,
        default: [],
      },
      {
        name: "repeat",
        description: "How many times `data` is put into the new array; once by default.",
        schema: { type: "integer", minimum: 1 },
        optional: true,
        default: 1,
      },
    ],
    returns: { description: "The new array.", schema: { type: "array", items: {} } },
  },
  run: (args, ctx) => {
    const data = args.data as unknown[];
    budgetOf(ctx).reserveElements(data.length * (args.repeat as number), "array_create's array");
    return Array.from({ length: args.repeat as number }, () => data).flat(1);
  },
};
