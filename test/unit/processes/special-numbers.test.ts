import { describe, expect, it } from "vitest";
import { run } from "./run-process";

describe("is_infinite and nan", () => {
  it("is_infinite is true for ±∞ only", async () => {
    for (const x of [Infinity, -Infinity]) expect(await run("is_infinite", { x })).toBe(true);
    for (const x of [0, Number.MAX_VALUE, NaN, null, "Infinity", [Infinity], { x: Infinity }, true]) {
      expect(await run("is_infinite", { x }), JSON.stringify(x)).toBe(false);
    }
  });

  it("nan gives NaN, which is_nan recognises and is_infinite does not", async () => {
    const value = await run("nan");
    expect(Number.isNaN(value)).toBe(true);
    expect(await run("is_nan", { x: value })).toBe(true);
    expect(await run("is_infinite", { x: value })).toBe(false);
  });
});
