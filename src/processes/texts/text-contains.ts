import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const textContains: ProcessImplementation = {
  spec: {
    id: "text_contains",
    summary: "Text contains",
    description:
      "Checks whether `pattern` occurs anywhere in the text `data`. The pattern is plain text, not a regular expression; letter case matters unless `case_sensitive` is `false`. No-data values are returned unchanged.",
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
    returns: { description: "`true` if `data` contains `pattern`, `false` otherwise.", schema: { type: ["boolean", "null"] } },
  },
  run: (args) => {
    if (isNodata(args.data)) return null;
    const [data, pattern] = [args.data as string, args.pattern as string];
    return args.case_sensitive ? data.includes(pattern) : data.toLowerCase().includes(pattern.toLowerCase());
  },
};
