import { cumulative } from "../shared/cumulative";

export const cummax = cumulative(
  "cummax",
  "Running maxima",
  "Each element of the result is the largest of the element at the same position of `data` and all valid elements before it.",
  "The running maxima.",
  (running, next) => Math.max(running, next),
);
