import { budgetOf, type WorkBudget } from "../../budget";
import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";
import { TEXT_SEARCH_PARAMETERS } from "./text-match";

/** Characters (code points) among the first `end` UTF-16 code units of `text`: a surrogate pair counts once. */
function characters(text: string, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xdc00 || unit > 0xdfff || i === 0 || (text.charCodeAt(i - 1) & 0xfc00) !== 0xd800) count++;
  }
  return count;
}

/**
 * The text folded to lower case character by character, with the position in the original of the
 * character that begins at each UTF-16 offset of the folded text (-1 inside one). Folding the whole
 * text at once would lose the positions wherever a character folds to another length (İ to i + ◌̇).
 */
function folded(text: string, budget: WorkBudget): { text: string; starts: Int32Array } {
  let length = 0;
  for (const character of text) length += character.toLowerCase().length;
  budget.reserve(length * 6 + 4, () => `text_find's lower-case copy (${length.toLocaleString("en")} characters)`);
  const starts = new Int32Array(length + 1).fill(-1);
  let out = "";
  let position = 0;
  for (const character of text) {
    starts[out.length] = position++;
    out += character.toLowerCase();
  }
  starts[out.length] = position;
  return { text: out, starts };
}

function find(data: string, pattern: string): number | null {
  const offset = data.indexOf(pattern);
  return offset < 0 ? null : characters(data, offset);
}

function findIgnoringCase(data: string, pattern: string, budget: WorkBudget): number | null {
  const haystack = folded(data, budget);
  const needle = folded(pattern, budget).text;
  // A match must start where an original character starts, not inside one's folded form.
  for (let offset = haystack.text.indexOf(needle); offset >= 0; offset = haystack.text.indexOf(needle, offset + 1)) {
    const position = haystack.starts[offset]!;
    if (position >= 0) return position;
  }
  return null;
}

export const textFind: ProcessImplementation = {
  spec: {
    id: "text_find",
    summary: "Where a text first occurs in another",
    description:
      "Gives the zero-based position of the first occurrence of `pattern` in the text `data`, counted in characters (Unicode code points), or no-data if `pattern` does not occur. The pattern is plain text, not a regular expression; letter case matters unless `case_sensitive` is `false`. An empty pattern is found at position 0. No-data as `data` gives no-data.",
    categories: ["texts"],
    experimental: true,
    parameters: TEXT_SEARCH_PARAMETERS,
    returns: {
      description: "The position of the first match (0 or more), or no-data if there is none.",
      schema: { type: ["integer", "null"], minimum: 0 },
    },
  },
  run: (args, ctx) => {
    if (isNodata(args.data)) return null;
    const [data, pattern] = [args.data as string, args.pattern as string];
    return args.case_sensitive ? find(data, pattern) : findIgnoringCase(data, pattern, budgetOf(ctx));
  },
};
