import { describe, expect, it } from "vitest";
import { WorkBudget } from "../../../src/budget";
import { PROCESSES } from "../../../src/processes";
import { isLabeled, labeled, type LabeledArray } from "../../../src/processes/types";
import { errorCode, run } from "./run-process";

const bands = () => labeled([4, 5, 6], ["B01", "B02", "B03"]);

function entries(value: unknown): [string | number, unknown][] {
  expect(isLabeled(value)).toBe(true);
  const array = value as LabeledArray;
  return array.map((element, i) => [array.labels[i]!, element]);
}

describe("array_modify", () => {
  it("inserts, removes and replaces", async () => {
    expect(await run("array_modify", { data: [1, 2, 3], values: ["x", "y"], index: 1 })).toEqual([1, "x", "y", 2, 3]);
    expect(await run("array_modify", { data: [1, 2, 3], values: [], index: 0, length: 2 })).toEqual([3]);
    expect(await run("array_modify", { data: [1, 2, 3], values: [9], index: 2, length: 1 })).toEqual([1, 2, 9]);
    // At the end: index may equal the length; a length running past the end stops there.
    expect(await run("array_modify", { data: [1, 2], values: [3], index: 2 })).toEqual([1, 2, 3]);
    expect(await run("array_modify", { data: [1, 2, 3], values: [0], index: 1, length: 99 })).toEqual([1, 0]);
    expect(await run("array_modify", { data: [], values: [], index: 0 })).toEqual([]);
  });

  it("fails for an index beyond the end", async () => {
    expect(await errorCode(run("array_modify", { data: [1, 2], values: [3], index: 3 }))).toBe("ArrayElementNotAvailable");
  });

  it("keeps labels when both arrays are labeled or one is empty, else drops them", async () => {
    const both = await run("array_modify", { data: bands(), values: labeled([7, 8], ["X", "Y"]), index: 1, length: 1 });
    expect(entries(both)).toEqual([["B01", 4], ["X", 7], ["Y", 8], ["B03", 6]]);
    expect(entries(await run("array_modify", { data: bands(), values: [], index: 0, length: 2 }))).toEqual([["B03", 6]]);
    expect(entries(await run("array_modify", { data: [], values: bands(), index: 0 }))).toEqual(entries(bands()));
    const mixed = await run("array_modify", { data: bands(), values: [7], index: 3 });
    expect(isLabeled(mixed)).toBe(false);
    expect(mixed).toEqual([4, 5, 6, 7]);
    expect(isLabeled(await run("array_modify", { data: [1], values: bands(), index: 0 }))).toBe(false);
  });

  it("refuses a label present in both arrays, also one being replaced", async () => {
    const values = labeled([9], ["B02"]);
    expect(await errorCode(run("array_modify", { data: bands(), values, index: 0 }))).toBe("ArrayLabelConflict");
    expect(await errorCode(run("array_modify", { data: bands(), values, index: 1, length: 1 }))).toBe("ArrayLabelConflict");
  });

  it("leaves its inputs untouched and checks the result's size first", async () => {
    const data = bands();
    await run("array_modify", { data, values: [1], index: 0, length: 3 });
    expect(entries(data)).toEqual([["B01", 4], ["B02", 5], ["B03", 6]]);
    const ctx = { log: () => {}, budget: new WorkBudget({ maxValueBytes: 8 * 4, maxOperations: 1e6, maxMillis: 1e4 }) };
    const modify = PROCESSES.get("array_modify")!;
    // Three elements, one removed, two inserted: four fit, five don't.
    expect(modify.run({ data: [1, 2, 3], values: [8, 9], index: 0, length: 1 }, ctx)).toEqual([8, 9, 2, 3]);
    const grown = Promise.resolve().then(() => modify.run({ data: [1, 2, 3], values: [8, 9], index: 0, length: 0 }, ctx));
    expect(await errorCode(grown)).toBe("ProcessGraphComplexity");
  });
});

describe("array_create_labeled", () => {
  it("pairs values with labels", async () => {
    expect(entries(await run("array_create_labeled", { data: [true, null], labels: [1, "1"] }))).toEqual([[1, true], ["1", null]]);
    // A labeled array gets the new labels.
    expect(entries(await run("array_create_labeled", { data: bands(), labels: ["r", "g", "b"] }))).toEqual([["r", 4], ["g", 5], ["b", 6]]);
  });

  it("needs as many labels as values, distinct ones, and an array of values", async () => {
    expect(await errorCode(run("array_create_labeled", { data: [1, 2], labels: ["a"] }))).toBe("ArrayLengthMismatch");
    expect(await errorCode(run("array_create_labeled", { data: [1, 2], labels: ["a", "a"] }))).toBe("ProcessParameterInvalid");
    expect(await errorCode(run("array_create_labeled", { data: 5, labels: ["a"] }))).toBe("ProcessParameterInvalid");
  });
});

describe("array_find_label", () => {
  it("gives a label's position, matching its type exactly", async () => {
    const data = labeled(["x", "y", "z"], [1, "1", "B02"]);
    expect(await run("array_find_label", { data, label: "B02" })).toBe(2);
    expect(await run("array_find_label", { data, label: 1 })).toBe(0);
    expect(await run("array_find_label", { data, label: "1" })).toBe(1);
    expect(await run("array_find_label", { data, label: 2 })).toBeNull();
  });

  it("gives no-data for arrays without labels", async () => {
    expect(await run("array_find_label", { data: [1, 2], label: 0 })).toBeNull();
  });
});
