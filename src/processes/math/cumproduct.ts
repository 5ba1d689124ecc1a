import { cumulative } from "../shared/cumulative";

export const cumproduct = cumulative(
  "cumproduct",
  "Running products",
  "Each element of the result is the product of the element at the same position of `data` and all valid elements before it.",
  "The running products.",
  (running, next) => running * next,
);
