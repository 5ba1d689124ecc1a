import { describe, expect, it } from "vitest";
import { run } from "./run-process";

const T = true;
const F = false;
const N = null;

describe("logic processes", () => {
  it("and, or and xor follow their three-valued truth tables", async () => {
    // [x, y, and, or, xor]
    const table: [boolean | null, boolean | null, boolean | null, boolean | null, boolean | null][] = [
      [T, T, T, T, F],
      [T, F, F, T, T],
      [F, F, F, F, F],
      [T, N, N, T, N],
      [F, N, F, N, N],
      [N, T, N, T, N],
      [N, F, F, N, N],
      [N, N, N, N, N],
    ];
    for (const [x, y, and, or, xor] of table) {
      expect(await run("and", { x, y }), `and(${x}, ${y})`).toBe(and);
      expect(await run("or", { x, y }), `or(${x}, ${y})`).toBe(or);
      expect(await run("xor", { x, y }), `xor(${x}, ${y})`).toBe(xor);
    }
  });

  it("not negates and passes no-data through", async () => {
    expect(await run("not", { x: true })).toBe(false);
    expect(await run("not", { x: false })).toBe(true);
    expect(await run("not", { x: null })).toBeNull();
  });

  it("if picks accept only for true", async () => {
    expect(await run("if", { value: true, accept: "A", reject: "B" })).toBe("A");
    expect(await run("if", { value: false, accept: "A", reject: "B" })).toBe("B");
    expect(await run("if", { value: null, accept: "A", reject: "B" })).toBe("B");
    expect(await run("if", { value: false, accept: 1 })).toBeNull();
  });

  it("all and any skip no-data by default", async () => {
    expect(await run("all", { data: [] })).toBe(true);
    expect(await run("any", { data: [] })).toBe(false);
    expect(await run("all", { data: [true, null] })).toBe(true);
    expect(await run("any", { data: [false, null] })).toBe(false);
    expect(await run("all", { data: [true, false, true] })).toBe(false);
    expect(await run("any", { data: [false, true] })).toBe(true);
  });

  it("all and any combine no-data pairwise when it is not ignored", async () => {
    expect(await run("all", { data: [true, null], ignore_nodata: false })).toBeNull();
    expect(await run("all", { data: [false, null], ignore_nodata: false })).toBe(false);
    expect(await run("any", { data: [false, null], ignore_nodata: false })).toBeNull();
    expect(await run("any", { data: [true, null], ignore_nodata: false })).toBe(true);
    expect(await run("all", { data: [null, null], ignore_nodata: false })).toBeNull();
    // A single no-data value has nothing to be combined with (as the official vectors expect).
    expect(await run("all", { data: [null], ignore_nodata: false })).toBe(true);
    expect(await run("any", { data: [null], ignore_nodata: false })).toBe(false);
  });
});
