import { isValid } from "../comparison/is-valid";
import type { Callback, ProcessContext, ProcessImplementation } from "../types";

export const count: ProcessImplementation = {
  spec: {
    id: "count",
    summary: "Count elements",
    description:
      "Counts the elements of `data` that satisfy `condition`. Without a condition it counts the valid elements (see is_valid: no no-data, no NaN, no ±∞); with `condition` set to `true` it counts all elements; with a child process it counts the elements for which that returns `true`.",
    categories: ["arrays", "math > statistics", "reducer"],
    parameters: [
      { name: "data", description: "An array of any values.", schema: { type: "array", items: {} } },
      {
        name: "condition",
        description: "What to count: a test returning a boolean, `true` for all elements, or no-data for the valid ones.",
        schema: [
          {
            title: "Test",
            type: "object",
            subtype: "process-graph",
            parameters: [
              { name: "x", description: "The element's value.", schema: {} },
              { name: "context", description: "The `context` given to count.", schema: {}, optional: true, default: null },
            ],
            returns: { description: "`true` to count the element.", schema: { type: "boolean" } },
          },
          { title: "Every element", type: "boolean", const: true },
          { title: "Valid elements only", type: "null" },
        ],
        optional: true,
        default: null,
      },
      { name: "context", description: "Extra data handed to `condition`.", schema: {}, optional: true, default: null },
    ],
    returns: { description: "The number of counted elements.", schema: { type: "number" } },
  },
  // Synchronous unless there is a condition to call, so the engine can count pixels by columns.
  run: (args, ctx: ProcessContext) => {
    const data = args.data as unknown[];
    const condition = args.condition as Callback | true | null;
    if (condition === true) return data.length;
    if (condition === null) return data.filter((x) => isValid.run({ x }, ctx) === true).length;
    return countWhere(data, condition, args.context);
  },
};

async function countWhere(data: unknown[], condition: Callback, context: unknown): Promise<number> {
  let counted = 0;
  for (const x of data) if ((await condition({ x, context })) === true) counted++;
  return counted;
}
