import { describe, expect, it } from "vitest";
import { errorCode, run } from "./run-process";

describe("math processes", () => {
  it("pass no-data through every numeric process", async () => {
    const unary = ["absolute", "sqrt", "ln", "sgn", "floor", "ceil", "round", "int", "sin", "arcosh", "artanh"];
    for (const id of unary) expect(await run(id, { x: null }), id).toBeNull();
    expect(await run("exp", { p: null })).toBeNull();
    for (const id of ["add", "subtract", "multiply", "divide", "mod"]) {
      expect(await run(id, { x: 1, y: null }), id).toBeNull();
      expect(await run(id, { x: null, y: 1 }), id).toBeNull();
    }
    expect(await run("power", { base: null, p: 2 })).toBeNull();
    expect(await run("log", { x: 10, base: null })).toBeNull();
    expect(await run("arctan2", { y: null, x: 1 })).toBeNull();
    expect(await run("clip", { x: null, min: 0, max: 1 })).toBeNull();
    expect(await run("linear_scale_range", { x: null, inputMin: 0, inputMax: 1 })).toBeNull();
  });

  it("follow IEEE 754 for infinities and NaN", async () => {
    expect(await run("divide", { x: 1, y: 0 })).toBe(Infinity);
    expect(await run("divide", { x: -1, y: 0 })).toBe(-Infinity);
    expect(await run("divide", { x: 0, y: 0 })).toBeNaN();
    expect(await run("add", { x: Infinity, y: -Infinity })).toBeNaN();
    expect(await run("ln", { x: 0 })).toBe(-Infinity);
    expect(await run("sqrt", { x: -4 })).toBeNaN();
    expect(await run("artanh", { x: 1 })).toBe(Infinity);
    // pow(1, y) is 1 for every y in IEEE 754, unlike JavaScript's 1 ** Infinity.
    expect(await run("power", { base: 1, p: Infinity })).toBe(1);
    expect(await run("power", { base: -2, p: 3 })).toBe(-8);
  });

  it("mod takes the divisor's sign", async () => {
    expect(await run("mod", { x: 27, y: 5 })).toBe(2);
    expect(await run("mod", { x: -27, y: 5 })).toBe(3); // -27 = -6 * 5 + 3
    expect(await run("mod", { x: 27, y: -5 })).toBe(-3); // 27 = -6 * -5 - 3
    expect(await run("mod", { x: -27, y: -5 })).toBe(-2);
    expect(await run("mod", { x: 3.14, y: -2 })).toBeCloseTo(-0.86, 12);
    expect(await run("mod", { x: 2, y: 0 })).toBe(Infinity);
    expect(await run("mod", { x: 0, y: 0 })).toBeNaN();
    expect(await run("mod", { x: 2, y: -Infinity })).toBe(2);
  });

  it("log uses the given base", async () => {
    expect(await run("log", { x: 1000, base: 10 })).toBe(3);
    expect(await run("log", { x: 8, base: 2 })).toBe(3);
    expect(await run("log", { x: 81, base: 3 })).toBeCloseTo(4, 12);
    expect(await run("log", { x: -1, base: 10 })).toBeNaN();
  });

  it("round rounds halves to even, at decimal precision", async () => {
    expect(await run("round", { x: 2.5 })).toBe(2);
    expect(await run("round", { x: 3.5 })).toBe(4);
    expect(await run("round", { x: -2.5 })).toBe(-2);
    expect(await run("round", { x: -3.5 })).toBe(-4);
    expect(await run("round", { x: 0.25, p: 1 })).toBe(0.2);
    // 0.35 is stored as 0.34999…, but as a decimal it is a half and goes to the even 0.4.
    expect(await run("round", { x: 0.35, p: 1 })).toBe(0.4);
    expect(await run("round", { x: 1250, p: -2 })).toBe(1200);
    expect(await run("round", { x: 1350, p: -2 })).toBe(1400);
    expect(Object.is(await run("round", { x: -0.4 }), 0)).toBe(true);
    expect(await run("round", { x: NaN })).toBeNaN();
  });

  it("distinguishes floor, ceil and int for negative numbers", async () => {
    expect(await run("floor", { x: -1.5 })).toBe(-2);
    expect(await run("ceil", { x: -1.5 })).toBe(-1);
    expect(await run("int", { x: -1.5 })).toBe(-1);
    expect(Object.is(await run("ceil", { x: -0.5 }), 0)).toBe(true);
    expect(await run("floor", { x: NaN })).toBeNaN();
    // int's result type is integer-or-null, so NaN has no integer part and becomes no-data.
    expect(await run("int", { x: NaN })).toBeNull();
    expect(await run("int", { x: -Infinity })).toBe(-Infinity);
  });

  it("sgn gives -1, 0 or 1", async () => {
    expect(await run("sgn", { x: -0.1 })).toBe(-1);
    expect(await run("sgn", { x: 0 })).toBe(0);
    expect(await run("sgn", { x: Infinity })).toBe(1);
    expect(await run("sgn", { x: NaN })).toBeNaN();
  });

  it("clip limits to the range and rejects swapped bounds", async () => {
    expect(await run("clip", { x: 20, min: -10, max: 10 })).toBe(10);
    expect(await run("clip", { x: -20, min: -10, max: 10 })).toBe(-10);
    expect(await run("clip", { x: 3, min: -10, max: 10 })).toBe(3);
    expect(await run("clip", { x: NaN, min: -10, max: 10 })).toBeNaN();
    expect(await errorCode(run("clip", { x: 1, min: 2, max: 1 }))).toBe("MinMaxSwapped");
  });

  it("linear_scale_range maps between ranges after clipping", async () => {
    // (0.3 - -1) / (1 - -1) * 255 = 0.65 * 255
    expect(await run("linear_scale_range", { x: 0.3, inputMin: -1, inputMax: 1, outputMin: 0, outputMax: 255 })).toBeCloseTo(
      165.75,
      10,
    );
    expect(await run("linear_scale_range", { x: 25.5, inputMin: 0, inputMax: 255 })).toBeCloseTo(0.1, 12);
    expect(await run("linear_scale_range", { x: 300, inputMin: 0, inputMax: 255 })).toBe(1);
    // A descending input range: 10 is 90 % of the way from 100 to 0.
    expect(await run("linear_scale_range", { x: 10, inputMin: 100, inputMax: 0 })).toBeCloseTo(0.9, 12);
  });

  it("normalized_difference computes (x - y) / (x + y)", async () => {
    expect(await run("normalized_difference", { x: 2, y: 1 })).toBeCloseTo(1 / 3, 12);
    expect(await run("normalized_difference", { x: 0.5, y: 0.5 })).toBe(0);
    expect(await run("normalized_difference", { x: null, y: 1 })).toBeNull();
  });

  it("trigonometry works in radians", async () => {
    expect(await run("sin", { x: Math.PI / 2 })).toBe(1);
    expect(await run("cos", { x: 0 })).toBe(1);
    expect(await run("tan", { x: Math.PI / 4 })).toBeCloseTo(1, 12);
    expect(await run("arcsin", { x: 1 })).toBeCloseTo(Math.PI / 2, 12);
    expect(await run("arccos", { x: -1 })).toBeCloseTo(Math.PI, 12);
    expect(await run("arccos", { x: 2 })).toBeNaN();
    expect(await run("arctan", { x: 1 })).toBeCloseTo(Math.PI / 4, 12);
    // Quadrant from both signs: the point (-1, 1) lies at 135°.
    expect(await run("arctan2", { y: 1, x: -1 })).toBeCloseTo((3 * Math.PI) / 4, 12);
    // cosh(1) = (e + 1/e) / 2
    expect(await run("cosh", { x: 1 })).toBeCloseTo((Math.E + 1 / Math.E) / 2, 12);
    expect(await run("sinh", { x: 1 })).toBeCloseTo((Math.E - 1 / Math.E) / 2, 12);
    expect(await run("tanh", { x: Infinity })).toBe(1);
    expect(await run("arsinh", { x: (Math.E - 1 / Math.E) / 2 })).toBeCloseTo(1, 12);
    expect(await run("arcosh", { x: 0.5 })).toBeNaN();
    expect(await run("artanh", { x: 0.5 })).toBeCloseTo(0.5 * Math.log(3), 12);
  });

  it("gives the constants and passes any value through constant", async () => {
    expect(await run("e")).toBe(Math.E);
    expect(await run("pi")).toBe(Math.PI);
    expect(await run("exp", { p: 1 })).toBe(Math.E);
    const value = { a: [1, 2] };
    expect(await run("constant", { x: value })).toBe(value);
    expect(await run("constant", { x: null })).toBeNull();
  });
});
