import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const textEnds: ProcessImplementation = {
  spec: {
    id: "text_ends",
    summary: "Text ends with",
    description:
      "Checks whether the text `data` ends with `pattern`. The pattern is plain text, not a regular expression; letter case matters unless `case_sensitive` is `false`. No-data values are returned unchanged.",
    categories: ["texts", "comparison"],
    parameters: [
      { name: "data", description: "The text to search in.", schema: { type: ["string", "null"] } },
      { name: "pattern", description: "The text to look for (no regular expressions).", schema: { type: "string" } },
      {
        name: "case_sensitive",
        description: "Set to `false` to ignore differences in letter case.",
        schema: { type: "boolean" },
        optional: true,
        default: true,
      },
    ],
    returns: { description: "`true` if `data` ends with `pattern`, `false` otherwise.", schema: { type: ["boolean", "null"] } },
  },
  run: (args) => {
    if (isNodata(args.data)) return null;
    const [data, pattern] = [args.data as string, args.pattern as string];
    return args.case_sensitive ? data.endsWith(pattern) : data.toLowerCase().endsWith(pattern.toLowerCase());
  },
};
