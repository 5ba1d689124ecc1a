import { textMatch } from "./text-match";

export const textContains = textMatch(
  "text_contains",
  "Text contains",
  "Checks whether `pattern` occurs anywhere in the text `data`. The pattern is plain text, not a regular expression; letter case matters unless `case_sensitive` is `false`. No-data values are returned unchanged.",
  "contains",
  (data, pattern) => data.includes(pattern),
);
