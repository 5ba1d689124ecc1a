import { isNodata } from "../shared/values";
import type { ParameterSpec, ProcessImplementation } from "../types";

/** The parameters of the processes that look for plain text in a text (text_begins, text_contains, text_ends, text_find). */
export const TEXT_SEARCH_PARAMETERS: ParameterSpec[] = [
  { name: "data", description: "The text to search in.", schema: { type: ["string", "null"] } },
  { name: "pattern", description: "The text to look for (no regular expressions).", schema: { type: "string" } },
  { name: "case_sensitive", description: "Set to `false` to ignore differences in letter case.", schema: { type: "boolean" }, optional: true, default: true },
];

/**
 * text_begins, text_contains and text_ends differ only in their id, wording and the string
 * test; the parameters and no-data handling are shared.
 */
export function textMatch(
  id: string,
  summary: string,
  description: string,
  relation: string,
  test: (data: string, pattern: string) => boolean,
): ProcessImplementation {
  return {
    spec: {
      id,
      summary,
      description,
      categories: ["texts", "comparison"],
      parameters: TEXT_SEARCH_PARAMETERS,
      returns: { description: `\`true\` if \`data\` ${relation} \`pattern\`, \`false\` otherwise.`, schema: { type: ["boolean", "null"] } },
    },
    run: (args) => {
      if (isNodata(args.data)) return null;
      const [data, pattern] = [args.data as string, args.pattern as string];
      return args.case_sensitive ? test(data, pattern) : test(data.toLowerCase(), pattern.toLowerCase());
    },
  };
}
