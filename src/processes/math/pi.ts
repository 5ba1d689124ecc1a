import type { ProcessImplementation } from "../types";

export const pi: ProcessImplementation = {
  spec: {
    id: "pi",
    summary: "Number π",
    description: "The constant π ≈ 3.14159, the ratio of a circle's circumference to its diameter.",
    categories: ["math > constants", "math > trigonometric"],
    parameters: [],
    returns: { description: "The value of π.", schema: { type: "number" } },
  },
  run: () => Math.PI,
};
