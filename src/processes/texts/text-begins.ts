import { textMatch } from "./text-match";

export const textBegins = textMatch(
  "text_begins",
  "Text starts with",
  "Checks whether the text `data` starts with `pattern`. The pattern is plain text, not a regular expression; letter case matters unless `case_sensitive` is `false`. No-data values are returned unchanged.",
  "starts with",
  (data, pattern) => data.startsWith(pattern),
);
