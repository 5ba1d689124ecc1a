import { describe, expect, it } from "vitest";
import { run } from "./run-process";

describe("text processes", () => {
  const data = "Lorem ipsum dolor";

  it("find patterns at the start, the end or anywhere", async () => {
    expect(await run("text_begins", { data, pattern: "Lorem" })).toBe(true);
    expect(await run("text_begins", { data, pattern: "ipsum" })).toBe(false);
    expect(await run("text_ends", { data, pattern: "dolor" })).toBe(true);
    expect(await run("text_ends", { data, pattern: "Lorem" })).toBe(false);
    expect(await run("text_contains", { data, pattern: "m d" })).toBe(true);
    expect(await run("text_contains", { data, pattern: "openEO" })).toBe(false);
  });

  it("match case-sensitively unless told otherwise", async () => {
    expect(await run("text_begins", { data, pattern: "lorem" })).toBe(false);
    expect(await run("text_begins", { data, pattern: "lorem", case_sensitive: false })).toBe(true);
    expect(await run("text_ends", { data: "Ä", pattern: "ä", case_sensitive: false })).toBe(true);
    expect(await run("text_contains", { data: "ÄÖÜ", pattern: "ö", case_sensitive: false })).toBe(true);
  });

  it("treat patterns as plain text and pass no-data through", async () => {
    expect(await run("text_contains", { data: "a.c", pattern: "." })).toBe(true);
    expect(await run("text_contains", { data: "abc", pattern: "." })).toBe(false);
    for (const id of ["text_begins", "text_ends", "text_contains"]) {
      expect(await run(id, { data: null, pattern: "null" }), id).toBeNull();
    }
  });

  it("text_concat writes scalars as text between separators", async () => {
    expect(await run("text_concat", { data: ["Hello", "World"], separator: " " })).toBe("Hello World");
    expect(await run("text_concat", { data: [null, true, false, 1, -1.5, "ß"], separator: "\n" })).toBe(
      "null\ntrue\nfalse\n1\n-1.5\nß",
    );
    expect(await run("text_concat", { data: [2, 0], separator: 1 })).toBe("210");
    expect(await run("text_concat", { data: [] })).toBe("");
  });
});
