import type { ProcessImplementation } from "../types";

export const e: ProcessImplementation = {
  spec: {
    id: "e",
    summary: "Euler's number",
    description: "The constant *e* ≈ 2.71828, the base of the natural logarithm.",
    categories: ["math > constants", "math > exponential & logarithmic"],
    parameters: [],
    returns: { description: "The value of *e*.", schema: { type: "number" } },
  },
  run: () => Math.E,
};
