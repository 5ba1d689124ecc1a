import { describe, expect, it } from "vitest";
import { WorkBudget } from "../../../src/budget";
import { PROCESSES } from "../../../src/processes";
import { isLabeled, labeled, type LabeledArray } from "../../../src/processes/types";
import { errorCode, run } from "./run-process";

/** The running value recomputed the plain way: fold over the valid elements seen so far. */
function expected(data: (number | null)[], step: (a: number, b: number) => number, ignoreNodata = true): (number | null)[] {
  const out: (number | null)[] = [];
  for (let i = 0; i < data.length; i++) {
    const seen = data.slice(0, i + 1);
    if (data[i] === null || (!ignoreNodata && seen.includes(null))) out.push(null);
    else out.push(seen.filter((v): v is number => v !== null).reduce(step));
  }
  return out;
}

const STEPS: Record<string, (a: number, b: number) => number> = {
  cumsum: (a, b) => a + b,
  cumproduct: (a, b) => a * b,
  cummin: (a, b) => (b < a ? b : a),
  cummax: (a, b) => (b > a ? b : a),
};

describe("cumsum, cumproduct, cummin, cummax", () => {
  const data = [4, -2, null, 7, 0.5, null, 3];

  for (const [id, step] of Object.entries(STEPS)) {
    it(`${id} skips no-data, or stops at it with ignore_nodata: false`, async () => {
      expect(await run(id, { data })).toEqual(expected(data, step));
      expect(await run(id, { data, ignore_nodata: false })).toEqual(expected(data, step, false));
      expect(await run(id, { data: [] })).toEqual([]);
      expect(await run(id, { data: [null, 2] })).toEqual([null, 2]);
    });
  }

  it("keep the labels of a labeled array", async () => {
    const result = (await run("cumsum", { data: labeled([1, 2, 3], ["2020-01-01", "2020-02-01", "2020-03-01"]) })) as LabeledArray;
    expect(isLabeled(result)).toBe(true);
    expect(result.labels).toEqual(["2020-01-01", "2020-02-01", "2020-03-01"]);
    expect([...result]).toEqual([1, 3, 6]);
  });

  it("let a NaN running value stay NaN, as IEEE 754 arithmetic does", async () => {
    expect(await run("cumsum", { data: [Infinity, -Infinity, 5] })).toEqual([Infinity, NaN, NaN]);
    expect(await run("cumproduct", { data: [0, Infinity, 2] })).toEqual([0, NaN, NaN]);
  });

  it("refuse an array larger than one value may be", async () => {
    const ctx = { log: () => {}, budget: new WorkBudget({ maxValueBytes: 8 * 3, maxOperations: 1e6, maxMillis: 1e4 }) };
    const cumsum = PROCESSES.get("cumsum")!;
    expect(cumsum.run({ data: [1, 2, 3], ignore_nodata: true }, ctx)).toEqual([1, 3, 6]);
    expect(await errorCode(Promise.resolve().then(() => cumsum.run({ data: [1, 2, 3, 4], ignore_nodata: true }, ctx)))).toBe("ProcessGraphComplexity");
  });
});

describe("the lanes form (apply_dimension over many pixels)", () => {
  // Four positions along the dimension, eleven pixels; NaN is a cube's no-data.
  const pick = [3, NaN, -1, 0.5, 8, 2, NaN, -4, 6, 1, 9];
  const columns = [0, 1, 2, 3].map((k) => Float32Array.from(pick, (_, i) => pick[(i * 3 + k * 5) % pick.length]!));
  const labels = ["a", "b", "c", "d"];

  for (const id of Object.keys(STEPS)) {
    for (const ignore of [true, false]) {
      it(`${id} (ignore_nodata: ${ignore}) gives each pixel what run() gives it`, async () => {
        const implementation = PROCESSES.get(id)!;
        const lanes = await implementation.lanes!({ columns, labels }, { ignore_nodata: ignore }, pick.length, { log: () => {} });
        expect(lanes).toHaveLength(4);
        for (let i = 0; i < pick.length; i++) {
          const pixel = columns.map((c) => (Number.isNaN(c[i]!) ? null : c[i]!));
          const single = (await run(id, { data: pixel, ignore_nodata: ignore })) as (number | null)[];
          expect(lanes!.map((lane) => lane[i]), `pixel ${i}`).toEqual(single.map((v) => v ?? NaN));
        }
      });
    }
  }

  it("keeps a running NaN from ∞ - ∞ instead of starting over", async () => {
    const columns = [Float32Array.of(Infinity), Float32Array.of(-Infinity), Float32Array.of(5)];
    const lanes = await PROCESSES.get("cumsum")!.lanes!({ columns, labels: [0, 1, 2] }, { ignore_nodata: true }, 1, { log: () => {} });
    expect(lanes!.map((lane) => lane[0])).toEqual([Infinity, NaN, NaN]);
  });
});
