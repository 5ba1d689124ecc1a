import { describe, expect, it } from "vitest";
import { MAX_PATTERN_LENGTH, matchesPattern, patternProblem } from "../../../src/engine/pattern";
import { SELF_CHECKED_SUBTYPES } from "../../../src/engine/subtypes";
import { PROCESSES } from "../../../src/processes";

/** Patterns inside the subset with texts that exercise them; JavaScript's RegExp (u flag) gives the expected answers. */
const AGREES: Array<[string, string[]]> = [
  ["abc", ["abc", "xabcx", "ab", "", "ABC"]],
  ["^abc$", ["abc", "abcd", "xabc"]],
  ["^$", ["", "a"]],
  ["a.c", ["abc", "a\nc", "a😀c", "ac"]],
  ["^.$", ["😀", "\u{10FFFF}", "\r", "\u2028", "ab"]],
  ["^a*$", ["", "aaaa", "aab"]],
  ["^a+b?c{2,3}$", ["acc", "abccc", "abcccc", "ac", "aabcc"]],
  ["^(ab|cd)+$", ["ab", "abcdab", "abc", ""]],
  ["^(?:a|b)*c", ["c", "ababc", "abx"]],
  ["^(?<year>\\d{4})-(\\d{2})$", ["2024-07", "24-07", "2024-7"]],
  ["^[a-z_][\\w.-]*$", ["load_collection", "_x.y-z", "9abc", "a b"]],
  ["^[^0-9\\s]+$", ["abc", "ab1", "a c", "äöü"]],
  ["^[\\d\\-]+$", ["12-3", "1a"]],
  ["^[\\D]$", ["a", "1"]],
  ["\\bcat\\b", ["a cat!", "concat", "cat", "cats"]],
  ["\\Bcat", ["concat", "cat"]],
  ["^\\x41\\u0042\\u{1F600}\\t$", ["AB😀\t", "AB😀 "]],
  ["^\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\\\\\/$", ["^$.*+?()[]{}|\\/", "x"]],
  ["^a{0}b{1}c{2,}$", ["bcc", "bccccc", "abcc", "bc"]],
  ["^(a|ab)(c|bcd)(d*)$", ["abcd", "abcdd", "abc"]],
  ["^(a*)*b$", ["aaab", "b", "aaa"]],
  ["^\\s*\\S+\\s*$", ["  x  ", "x y", "\u00a0x\ufeff"]],
  ["^https?://", ["https://example.test", "ftp://x", "http:/"]],
  ["colou?r", ["color", "colour", "colouur"]],
  ["^[\\b]$", ["\b", "b"]],
  ["^\\cJ$", ["\n", "J"]],
  ["^\\0$", ["\0", "0"]],
  ["^a+?$", ["aaa", "b"]],
];

describe("user patterns (a linear-time subset of ECMAScript regular expressions)", () => {
  it.each(AGREES)("%s answers as RegExp does", (pattern, texts) => {
    const regexp = new RegExp(pattern, "u");
    for (const text of texts) expect(matchesPattern(pattern, text), JSON.stringify(text)).toBe(regexp.test(text));
  });

  it("runs patterns that make a backtracking engine exponential at once", () => {
    const text = `${"a".repeat(5000)}!`;
    expect(matchesPattern("^(a+)+$", text)).toBe(false);
    expect(matchesPattern("^(a|a)*$", text)).toBe(false);
    expect(matchesPattern("^(a|aa)+$", text)).toBe(false);
    expect(matchesPattern("^(.*a){12}$", text)).toBe(false);
    expect(matchesPattern("^(a+)+$", "a".repeat(5000))).toBe(true);
  });

  it("refuses what needs backtracking or lies outside the subset, saying why", () => {
    expect(patternProblem("^(a)\\1$")).toBe("back-references are not supported at position 5");
    expect(patternProblem("^(?<x>a)\\k<x>$")).toContain("back-references are not supported");
    expect(patternProblem("a(?=b)")).toContain("look-ahead and look-behind are not supported");
    expect(patternProblem("(?<!a)b")).toContain("look-ahead and look-behind are not supported");
    expect(patternProblem("\\p{L}")).toContain("Unicode property escapes are not supported");
    expect(patternProblem("(?i)a")).toContain("an unsupported group");
  });

  it("refuses what JavaScript refuses with the u flag", () => {
    for (const invalid of ["(a", "a)", "[a", "a{", "a}", "]", "*a", "a**", "^*", "\\q", "[z-a]", "[\\d-z]", "a{3,2}", "\\"]) {
      expect(() => new RegExp(invalid, "u"), invalid).toThrow();
      expect(patternProblem(invalid), invalid).toBeTypeOf("string");
    }
  });

  it("takes punctuation escaped without need as itself, as RegExp does without the u flag (the official run_udf schema's '\\:')", () => {
    const pattern = "^[^\r\n\\:'\"]+$";
    for (const text of ["udfs/ndvi.js", "a:b", "x\ny", "c\\d"]) expect(matchesPattern(pattern, text), JSON.stringify(text)).toBe(new RegExp(pattern).test(text));
    expect(matchesPattern("^a\\:b\\-c\\@$", "a:b-c@")).toBe(true);
  });

  it("bounds the pattern's length, its repetition counts and their expansion", () => {
    expect(patternProblem("a".repeat(MAX_PATTERN_LENGTH))).toBeUndefined();
    expect(patternProblem("a".repeat(MAX_PATTERN_LENGTH + 1))).toBe(`it is longer than ${MAX_PATTERN_LENGTH} characters`);
    expect(patternProblem("a{1001}")).toContain("a repetition count above 1000");
    expect(patternProblem("((a{1000}){1000}){1000}")).toContain("expand to more than");
    expect(patternProblem("(".repeat(40) + "a" + ")".repeat(40))).toContain("groups nested more than 32 deep");
  });

  it("can run every pattern of the predefined processes (but those of subtypes checked in full without them)", () => {
    const patterns: string[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === "object" && value !== null) {
        const { pattern, subtype } = value as { pattern?: unknown; subtype?: unknown };
        if (typeof pattern === "string" && !SELF_CHECKED_SUBTYPES.has(subtype as string)) patterns.push(pattern);
        Object.values(value).forEach(collect);
      }
    };
    for (const process of PROCESSES.values()) collect(process.spec);
    expect(patterns.length).toBeGreaterThan(0);
    for (const pattern of patterns) expect(patternProblem(pattern), pattern).toBeUndefined();
  });
});
