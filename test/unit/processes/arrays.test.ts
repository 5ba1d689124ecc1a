import { describe, expect, it } from "vitest";
import { isLabeled, labeled, type LabeledArray } from "../../../src/processes/types";
import { callbackOf, errorCode, run } from "./run-process";

const bands = () => labeled([4, 5, 6], ["B01", "B02", "B03"]);

function entries(value: unknown): [string | number, unknown][] {
  expect(isLabeled(value)).toBe(true);
  const array = value as LabeledArray;
  return array.map((element, i) => [array.labels[i]!, element]);
}

describe("array_element", () => {
  it("picks by index or by label", async () => {
    expect(await run("array_element", { data: [9, 8, 7], index: 2 })).toBe(7);
    expect(await run("array_element", { data: bands(), label: "B02" })).toBe(5);
  });

  it("reports missing elements unless no-data is asked for", async () => {
    expect(await errorCode(run("array_element", { data: [1, 2], index: 2 }))).toBe("ArrayElementNotAvailable");
    expect(await errorCode(run("array_element", { data: bands(), label: "B04" }))).toBe("ArrayElementNotAvailable");
    expect(await run("array_element", { data: [1, 2], index: 2, return_nodata: true })).toBeNull();
    expect(await run("array_element", { data: bands(), label: "B04", return_nodata: true })).toBeNull();
  });

  it("needs exactly one of index and label, and labels for label", async () => {
    expect(await errorCode(run("array_element", { data: [1] }))).toBe("ArrayElementParameterMissing");
    expect(await errorCode(run("array_element", { data: bands(), index: 0, label: "B01" }))).toBe(
      "ArrayElementParameterConflict",
    );
    expect(await errorCode(run("array_element", { data: [1], label: 0 }))).toBe("ArrayNotLabeled");
  });
});

describe("building arrays", () => {
  it("array_create repeats the data", async () => {
    expect(await run("array_create")).toEqual([]);
    expect(await run("array_create", { data: [1, 2], repeat: 3 })).toEqual([1, 2, 1, 2, 1, 2]);
  });

  it("array_concat keeps labels only when both arrays have them", async () => {
    expect(await run("array_concat", { array1: [1], array2: [2, 3] })).toEqual([1, 2, 3]);
    const mixed = await run("array_concat", { array1: [1, 2], array2: bands() });
    expect(isLabeled(mixed)).toBe(false);
    expect(mixed).toEqual([1, 2, 4, 5, 6]);
    const both = await run("array_concat", { array1: labeled([1], ["A"]), array2: labeled([2], ["B"]) });
    expect(entries(both)).toEqual([["A", 1], ["B", 2]]);
    expect(await errorCode(run("array_concat", { array1: bands(), array2: labeled([7], ["B02"]) }))).toBe(
      "ArrayLabelConflict",
    );
  });

  it("array_append adds a value, labeled by position unless a label is given", async () => {
    expect(await run("array_append", { data: [1, 2], value: null })).toEqual([1, 2, null]);
    expect(entries(await run("array_append", { data: bands(), value: 7, label: "B04" })).at(-1)).toEqual(["B04", 7]);
    expect(entries(await run("array_append", { data: labeled([1.5], ["B01"]), value: 2 }))).toEqual([
      ["B01", 1.5],
      [1, 2],
    ]);
    expect(await errorCode(run("array_append", { data: bands(), value: 7, label: "B01" }))).toBe("LabelExists");
    expect(await errorCode(run("array_append", { data: [1], value: 2, label: "B01" }))).toBe("ArrayNotLabeled");
  });

  it("leave their inputs untouched", async () => {
    const data = bands();
    await run("array_append", { data, value: 7 });
    await run("sort", { data, asc: false });
    expect(entries(data)).toEqual([["B01", 4], ["B02", 5], ["B03", 6]]);
  });
});

describe("searching arrays", () => {
  it("array_contains and array_find compare like eq", async () => {
    expect(await run("array_contains", { data: [1, 2, 3], value: 2 })).toBe(true);
    expect(await run("array_contains", { data: [1, 2, 3], value: "2" })).toBe(false);
    expect(await run("array_contains", { data: [1, null], value: null })).toBe(false);
    expect(await run("array_contains", { data: [[1, 2]], value: 2 })).toBe(false);
    expect(await run("array_find", { data: [1, 2, 3, 2], value: 2 })).toBe(1);
    expect(await run("array_find", { data: [1, 2, 3, 2], value: 2, reverse: true })).toBe(3);
    expect(await run("array_find", { data: ["A", "B"], value: "b" })).toBeNull();
    expect(await run("array_find", { data: [1, null], value: null })).toBeNull();
    expect(await run("array_find", { data: [[1, 2]], value: [1, 2] })).toBeNull();
  });

  it("array_labels gives labels or positions", async () => {
    expect(await run("array_labels", { data: bands() })).toEqual(["B01", "B02", "B03"]);
    expect(await run("array_labels", { data: ["a", "b", null] })).toEqual([0, 1, 2]);
  });

  it("first and last skip no-data by default", async () => {
    expect(await run("first", { data: [null, "A", "B"] })).toBe("A");
    expect(await run("first", { data: [null, 2], ignore_nodata: false })).toBeNull();
    expect(await run("last", { data: ["A", "B", null] })).toBe("B");
    expect(await run("last", { data: [1, NaN] })).toBeNaN();
    expect(await run("last", { data: [] })).toBeNull();
  });

  it("count counts valid elements, all elements or matches", async () => {
    const data = [0, 1, NaN, 3, null, "x"];
    expect(await run("count", { data })).toBe(4); // NaN and no-data are not valid
    expect(await run("count", { data, condition: true })).toBe(6);
    const above = callbackOf(({ x, context }) => typeof x === "number" && x > (context as number));
    expect(await run("count", { data, condition: above, context: 0 })).toBe(2);
  });
});

describe("callbacks over arrays", () => {
  it("array_apply passes value, index, label and context", async () => {
    const seen: unknown[] = [];
    const process = callbackOf((parameters) => {
      seen.push(parameters);
      return (parameters.x as number) * (parameters.context as number);
    });
    const result = await run("array_apply", { data: labeled([1, 2], ["a", "b"]), process, context: 10 });
    expect(entries(result)).toEqual([["a", 10], ["b", 20]]);
    expect(seen).toEqual([
      { x: 1, index: 0, label: "a", context: 10 },
      { x: 2, index: 1, label: "b", context: 10 },
    ]);
    const plain = await run("array_apply", { data: [1], process: callbackOf(({ label }) => label) });
    expect(plain).toEqual([null]);
  });

  it("array_filter keeps elements whose condition is exactly true", async () => {
    const positive = callbackOf(({ x }) => (x as number) > 0);
    expect(await run("array_filter", { data: [1, -2, 3.5, NaN], condition: positive })).toEqual([1, 3.5]);
    const byLabel = callbackOf(({ label }) => label === "B02");
    expect(entries(await run("array_filter", { data: bands(), condition: byLabel }))).toEqual([["B02", 5]]);
    // A truthy number is not `true`.
    expect(await run("array_filter", { data: [1, 2], condition: callbackOf(({ x }) => x) })).toEqual([]);
  });
});

describe("array_interpolate_linear", () => {
  it("fills inner gaps and leaves the ends", async () => {
    // Between 1 (index 1) and 6 (index 3): 3.5; between 6 and -8: -1.
    expect(await run("array_interpolate_linear", { data: [null, 1, null, 6, NaN, -8, null] })).toEqual([
      null, 1, 3.5, 6, -1, -8, null,
    ]);
    expect(await run("array_interpolate_linear", { data: [-Infinity, NaN, 0.5] })).toEqual([-Infinity, -Infinity, 0.5]);
  });

  it("uses numeric and temporal labels as the x axis", async () => {
    // x = 3 lies two thirds of the way from (1, 1) to (4, 4).
    expect(entries(await run("array_interpolate_linear", { data: labeled([1, null, 4], [1, 3, 4]) }))).toEqual([
      [1, 1],
      [3, 3],
      [4, 4],
    ]);
    const days = ["2020-01-01", "2020-01-02", "2020-01-05"];
    // Jan 2 is one quarter of the way from Jan 1 (0) to Jan 5 (8).
    expect(entries(await run("array_interpolate_linear", { data: labeled([0, null, 8], days) }))[1]).toEqual([
      "2020-01-02",
      2,
    ]);
  });
});

describe("sorting", () => {
  const data = [6, -1, 2, null, 7, 4, null, 8, 3, 9, 9];

  it("order gives stable positions and places no-data as asked", async () => {
    expect(await run("order", { data })).toEqual([1, 2, 8, 5, 0, 4, 7, 9, 10]);
    expect(await run("order", { data, nodata: true })).toEqual([1, 2, 8, 5, 0, 4, 7, 9, 10, 3, 6]);
    expect(await run("order", { data, asc: false, nodata: false })).toEqual([3, 6, 9, 10, 7, 4, 0, 5, 8, 2, 1]);
  });

  it("sort compares dates as instants", async () => {
    expect(await run("sort", { data, asc: false, nodata: true })).toEqual([9, 9, 8, 7, 6, 4, 3, 2, -1, null, null]);
    const dates = ["2020-01-01T01:00:00+02:00", "2020-01-01", "2019-12-31T22:30:00Z"];
    // 01:00+02:00 is 23:00 UTC on Dec 31, after 22:30 UTC and before Jan 1 00:00 UTC.
    expect(await run("sort", { data: dates })).toEqual([dates[2], dates[0], dates[1]]);
  });

  it("rearrange picks positions in the given order", async () => {
    expect(await run("rearrange", { data: [5, 4, 3, 2], order: [1, 3] })).toEqual([4, 2]);
    expect(entries(await run("rearrange", { data: bands(), order: [2, 0] }))).toEqual([["B03", 6], ["B01", 4]]);
    expect(await errorCode(run("rearrange", { data: [1], order: [1] }))).toBe("ProcessException");
  });
});
