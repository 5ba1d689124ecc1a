import { describe, expect, it } from "vitest";
import { likeMatches } from "../../../src/catalog/search/cql2/like";

describe("CQL2 LIKE matcher", () => {
  it("anchors at both ends: without wildcards it is equality", () => {
    expect(likeMatches("abc", "abc")).toBe(true);
    expect(likeMatches("abcd", "abc")).toBe(false);
    expect(likeMatches("xabc", "abc")).toBe(false);
    expect(likeMatches("ab", "abc")).toBe(false);
  });

  it("treats the empty pattern as matching only the empty text", () => {
    expect(likeMatches("", "")).toBe(true);
    expect(likeMatches("a", "")).toBe(false);
    expect(likeMatches("", "%")).toBe(true);
    expect(likeMatches("", "_")).toBe(false);
  });

  it("matches % as any run, including none", () => {
    expect(likeMatches("sentinel-2a", "sentinel%")).toBe(true);
    expect(likeMatches("sentinel-2a", "%2a")).toBe(true);
    expect(likeMatches("sentinel-2a", "%nel%")).toBe(true);
    expect(likeMatches("sentinel-2a", "s%e%n%a")).toBe(true);
    expect(likeMatches("sentinel-2a", "sentinel-2a%")).toBe(true);
    expect(likeMatches("sentinel-2a", "%x%")).toBe(false);
    expect(likeMatches("aXbXc", "a%c")).toBe(true);
  });

  it("keeps the first and last segments from overlapping", () => {
    expect(likeMatches("aba", "ab%ba")).toBe(false);
    expect(likeMatches("abba", "ab%ba")).toBe(true);
    expect(likeMatches("a", "a%a")).toBe(false);
    expect(likeMatches("aa", "a%a")).toBe(true);
  });

  it("matches _ as exactly one code point, also beyond the BMP", () => {
    expect(likeMatches("abc", "a_c")).toBe(true);
    expect(likeMatches("ac", "a_c")).toBe(false);
    expect(likeMatches("abbc", "a_c")).toBe(false);
    expect(likeMatches("a😀c", "a_c")).toBe(true);
    expect(likeMatches("a😀c", "a__c")).toBe(false);
    expect(likeMatches("é", "_")).toBe(true);
    expect(likeMatches("line\nbreak", "line_break")).toBe(true);
  });

  it("reads a backslash as making the next character literal", () => {
    expect(likeMatches("100%", "100\\%")).toBe(true);
    expect(likeMatches("1000", "100\\%")).toBe(false);
    expect(likeMatches("a_b", "a\\_b")).toBe(true);
    expect(likeMatches("axb", "a\\_b")).toBe(false);
    expect(likeMatches("a\\b", "a\\\\b")).toBe(true);
    expect(likeMatches("ab", "\\a\\b")).toBe(true);
    expect(likeMatches("x\\", "x\\")).toBe(true);
    expect(likeMatches("x%y", "%\\%%")).toBe(true);
    expect(likeMatches("xy", "%\\%%")).toBe(false);
  });

  it("is case-sensitive and reads regular expression syntax literally", () => {
    expect(likeMatches("Sentinel", "sentinel")).toBe(false);
    expect(likeMatches("a.c", "a.c")).toBe(true);
    expect(likeMatches("abc", "a.c")).toBe(false);
    expect(likeMatches("(a+)+", "(a+)+")).toBe(true);
    expect(likeMatches("x", "[x]")).toBe(false);
  });

  it("takes middle segments at their leftmost fit and still finds later ones", () => {
    expect(likeMatches("xaxbxaxc", "%a_c")).toBe(true);
    expect(likeMatches("abcabd", "%ab_%d")).toBe(true);
    expect(likeMatches("abcab", "%ab_%d")).toBe(false);
  });

  it("answers long wildcard chains at once, where a backtracking engine would not", () => {
    const text = "S2B_OPER_MSI_L2A_DS_2BPS_20230810T120000_S20230810T100559_N05.09";
    const chain = (n: number) => "%_".repeat(n);
    expect(likeMatches(text, `${chain(7)}!`)).toBe(false);
    expect(likeMatches(text, `${chain(40)}!`)).toBe(false);
    expect(likeMatches(text, `${chain(40)}9`)).toBe(true);
    expect(likeMatches(text, `${chain(70)}`)).toBe(false);
    expect(likeMatches("a".repeat(20_000), `${"%a".repeat(500)}b`)).toBe(false);
  });
});
