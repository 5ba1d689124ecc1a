import { cumulative } from "../shared/cumulative";

export const cumsum = cumulative(
  "cumsum",
  "Running sums",
  "Each element of the result is the sum of the element at the same position of `data` and all valid elements before it.",
  "The running sums.",
  (running, next) => running + next,
);
