import { cumulative } from "../shared/cumulative";

export const cummin = cumulative(
  "cummin",
  "Running minima",
  "Each element of the result is the smallest of the element at the same position of `data` and all valid elements before it.",
  "The running minima.",
  (running, next) => Math.min(running, next),
);
