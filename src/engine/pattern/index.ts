/**
 * JSON Schema `pattern`s, matched without a backtracking engine. Schemas of user-defined
 * processes' parameters are the user's, so their patterns are data: `^(a+)+$` must cost what
 * `^a+$` costs. The predefined processes' patterns go through the same matcher, so every
 * pattern means the same everywhere.
 */
import { parsePattern, UnsupportedPattern } from "./parse-pattern";
import { Program } from "./program";

export { MAX_PATTERN_LENGTH } from "./parse-pattern";
export { UnsupportedPattern };

/** Step visits one check may take: a few milliseconds, and ample for texts of 100,000 characters against small patterns. */
export const MAX_MATCH_WORK = 5_000_000;

const compiled = new Map<string, Program | UnsupportedPattern>();
/** Schemas repeat a few patterns across nodes and runs; the cache is bounded all the same. */
const MAX_CACHED = 256;

function program(source: string): Program {
  let found = compiled.get(source);
  if (!found) {
    try {
      found = Program.compile(parsePattern(source));
    } catch (error) {
      if (!(error instanceof UnsupportedPattern)) throw error;
      found = error;
    }
    if (compiled.size >= MAX_CACHED) compiled.clear();
    compiled.set(source, found);
  }
  if (found instanceof UnsupportedPattern) throw found;
  return found;
}

/** Why the pattern can't be used (outside the supported subset, too long, too large), or undefined when it can. */
export function patternProblem(source: string): string | undefined {
  try {
    program(source);
    return undefined;
  } catch (error) {
    if (error instanceof UnsupportedPattern) return error.message;
    throw error;
  }
}

/** Whether `text` matches `source` somewhere; throws UnsupportedPattern when it can't be decided within the budget. */
export function matchesPattern(source: string, text: string): boolean {
  return program(source).test(text, MAX_MATCH_WORK);
}
