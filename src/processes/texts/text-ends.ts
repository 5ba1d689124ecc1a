import { textMatch } from "./text-match";

export const textEnds = textMatch(
  "text_ends",
  "Text ends with",
  "Checks whether the text `data` ends with `pattern`. The pattern is plain text, not a regular expression; letter case matters unless `case_sensitive` is `false`. No-data values are returned unchanged.",
  "ends with",
  (data, pattern) => data.endsWith(pattern),
);
