import { describe, expect, it } from "vitest";
import { run } from "./run-process";

const find = (data: string | null, pattern: string, case_sensitive?: boolean) =>
  run("text_find", { data, pattern, ...(case_sensitive === undefined ? {} : { case_sensitive }) });

describe("text_find", () => {
  it("gives the first position of plain text, or no-data", async () => {
    expect(await find("abcabc", "bc")).toBe(1);
    expect(await find("abc", "")).toBe(0);
    expect(await find("a.c", ".")).toBe(1);
    expect(await find("abc", "x")).toBeNull();
    expect(await find("abc", "B")).toBeNull();
    expect(await find(null, "x")).toBeNull();
  });

  it("counts characters, not UTF-16 code units", async () => {
    // 🌍 is two code units.
    expect(await find("🌍 ok", "ok")).toBe(2);
    expect(await find("🌍🌍x", "x", false)).toBe(2);
  });

  it("ignores case on request, with positions in the original text", async () => {
    expect(await find("Lorem IPSUM", "ipsum", false)).toBe(6);
    // İ lower-cases to two code units (i + combining dot): "stan" still starts at character 1.
    expect(await find("İstanbul", "STAN", false)).toBe(1);
    // A match inside one character's lower-case form does not count: "̇" alone is not at a character start.
    expect(await find("İx", "\u0307x", false)).toBeNull();
    expect(await find("xİ", "İ", false)).toBe(1);
  });
});
