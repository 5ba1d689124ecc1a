import { describe, expect, it } from "vitest";
import { callbackApplier, callbackReducer } from "../../../src/cube/pixels";
import { runProcess, type UserProcess } from "../../../src/engine";
import { PROCESSES } from "../../../src/processes";
import type { Callback, ProcessImplementation } from "../../../src/processes/types";
import { silentCtx } from "./test-processes";

const node = (process_id: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ process_id, arguments: args, ...extra });
const result = { result: true };
const data = { from_parameter: "data" };
const x = { from_parameter: "x" };
const element = (label: string) => node("array_element", { data, label });

/** Hands back the compiled callback, so the test can call it both ways. */
const capture: ProcessImplementation = {
  spec: {
    id: "capture",
    summary: "capture",
    description: "capture",
    categories: ["test"],
    parameters: [
      {
        name: "callback",
        description: "callback",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "data", description: "data", schema: {}, optional: true, default: null },
            { name: "x", description: "x", schema: {}, optional: true, default: null },
            { name: "context", description: "context", schema: {}, optional: true, default: null },
          ],
        },
      },
    ],
    returns: { description: "callback", schema: {} },
  },
  run: (args) => args.callback,
};

async function compile(graph: Record<string, unknown>, userProcesses: UserProcess[] = []): Promise<Callback> {
  const env = {
    processes: new Map([...PROCESSES, ["capture", capture]]),
    userProcesses: (id: string) => userProcesses.find((p) => p.id === id),
  };
  return (await runProcess({ process_graph: { c: node("capture", { callback: { process_graph: graph } }, result) } }, env, { ctx: silentCtx })) as Callback;
}

const LABELS = ["B04", "B08", "SCL"];

/** Columns with every kind of value a plane holds: ordinary numbers, zeros, negatives and no-data (NaN). */
function columns(length: number): Float32Array[] {
  const pick = [0, 1, -2.5, 3, NaN, 0.25, 8, 9, NaN, 4000];
  return LABELS.map((_, k) => Float32Array.from({ length }, (_, i) => pick[(i * (k + 3) + k) % pick.length]!));
}

/** What the per-pixel call gives, as a cell (NaN for no-data, booleans as 1/0). */
async function perPixel(reducer: (values: (number | null)[], labels: string[]) => Promise<unknown>, inputs: Float32Array[], length: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const r = await reducer(inputs.map((c) => (Number.isNaN(c[i]!) ? null : c[i]!)), LABELS);
    out.push(r === null ? NaN : typeof r === "boolean" ? Number(r) : (r as number));
  }
  return out;
}

const REDUCERS: Record<string, Record<string, unknown>> = {
  ndvi: {
    r: element("B04"),
    n: element("B08"),
    d: node("subtract", { x: { from_node: "n" }, y: { from_node: "r" } }),
    s: node("add", { x: { from_node: "n" }, y: { from_node: "r" } }),
    q: node("divide", { x: { from_node: "d" }, y: { from_node: "s" } }, result),
  },
  "mean ignoring no-data": { m: node("mean", { data }, result) },
  "max not ignoring no-data": { m: node("max", { data, ignore_nodata: false }, result) },
  "cloud mask with if, or and eq": {
    scl: node("array_element", { data, index: 2 }),
    c8: node("eq", { x: { from_node: "scl" }, y: 8 }),
    c9: node("eq", { x: { from_node: "scl" }, y: 9 }),
    cloudy: node("or", { x: { from_node: "c8" }, y: { from_node: "c9" } }),
    red: element("B04"),
    out: node("if", { value: { from_node: "cloudy" }, accept: null, reject: { from_node: "red" } }, result),
  },
  "comparison to booleans": { b: element("B08"), g: node("gt", { x: { from_node: "b" }, y: 1 }, result) },
  "three-valued and, not and neq": {
    r: element("B04"),
    n: element("B08"),
    big: node("gt", { x: { from_node: "r" }, y: 1 }),
    small: node("not", { x: { from_node: "big" } }),
    other: node("neq", { x: { from_node: "n" }, y: 8 }),
    both: node("and", { x: { from_node: "small" }, y: { from_node: "other" } }, result),
  },
  "count and a constant": { c: node("count", { data }), k: node("multiply", { x: { from_node: "c" }, y: { from_parameter: "context" } }, result) },
  "a constant result": { k: node("pi", {}, result) },
  "is_infinite of a ratio (zeros give ±∞)": {
    r: element("B04"),
    n: element("B08"),
    q: node("divide", { x: { from_node: "n" }, y: { from_node: "r" } }),
    i: node("is_infinite", { x: { from_node: "q" } }, result),
  },
};

describe("evaluating callbacks by columns", () => {
  for (const [name, graph] of Object.entries(REDUCERS)) {
    it(`gives the per-pixel results: ${name}`, async () => {
      const length = 97;
      const inputs = columns(length);
      const reducer = callbackReducer(await compile(graph), 10);
      const fast = await reducer.columns!(inputs, LABELS, length);
      expect(fast).toBeInstanceOf(Float64Array);
      const slow = await perPixel(reducer as never, inputs, length);
      expect(Array.from(fast!)).toEqual(slow);
    });
  }

  it("applies a function to single values", async () => {
    const graph = { l: node("linear_scale_range", { x, inputMin: 0, inputMax: 10, outputMin: 0, outputMax: 255 }), r: node("round", { x: { from_node: "l" } }, result) };
    const applier = callbackApplier(await compile(graph), null);
    const values = Float32Array.of(-1, 0, 2.5, NaN, 10, 11);
    const fast = await applier.columns!(values, values.length);
    // Clipped to [0, 10], scaled by 25.5 and rounded half to even: 63.75 -> 64.
    expect(Array.from(fast!)).toEqual([0, 0, 64, NaN, 255, 255]);
  });

  it("gives up on what columns can't express, so the caller calls per pixel", async () => {
    const inputs = columns(4);
    const arrayResult = callbackReducer(await compile({ s: node("sort", { data }, result) }), null);
    expect(await arrayResult.columns!(inputs, LABELS, 4)).toBeUndefined();
    const missing = callbackReducer(await compile({ e: node("array_element", { data, index: 7 }, result) }), null);
    expect(await missing.columns!(inputs, LABELS, 4)).toBeUndefined();
    await expect(missing([1, 2, 3], LABELS)).rejects.toMatchObject({ code: "ArrayElementNotAvailable" });
    const twice: UserProcess = { id: "twice", parameters: [{ name: "v", description: "v", schema: {} }], process_graph: { m: node("multiply", { x: { from_parameter: "v" }, y: 2 }, result) } };
    const user = callbackReducer(await compile({ e: node("twice", { v: 1 }, result) }, [twice]), null);
    expect(await user.columns!(inputs, LABELS, 4)).toBeUndefined();
    expect(await user([1], LABELS)).toBe(2);
  });
});
