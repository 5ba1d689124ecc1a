/**
 * The work budget: graphs that pass validation but would exhaust memory or CPU end in
 * ProcessGraphComplexity naming the node, before the value is built or once the operations are
 * spent, and a long evaluation lets other work of the isolate run meanwhile.
 */
import { describe, expect, it } from "vitest";
import { BudgetExceeded, CALL_COST, RUN_LIMITS, WorkBudget, type BudgetLimits } from "../../../src/budget";
import type { DataAccess } from "../../../src/cube";
import { runProcess, type EngineEnv, type UserProcess } from "../../../src/engine";
import { OpenEOError } from "../../../src/errors";
import { PROCESSES } from "../../../src/processes";
import { rasterCube } from "../../support/raster-cube";
import { silentCtx } from "./test-processes";

const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result } : {}) });
const graph = (process_graph: unknown, parameters?: unknown[]) => ({ process_graph, ...(parameters ? { parameters } : {}) });

async function failure(process: unknown, limits: Partial<BudgetLimits> = {}, extra: Partial<EngineEnv> = {}, parameters?: Record<string, unknown>): Promise<OpenEOError> {
  const budget = new WorkBudget({ ...RUN_LIMITS, ...limits });
  try {
    // Cubes come as parameters, already read: their processes need no data access beyond its presence.
    const ctx = { ...silentCtx, data: {} as DataAccess };
    const value = await runProcess(process, { processes: PROCESSES, budget, ...extra }, { ctx, ...(parameters ? { parameters } : {}) });
    throw new Error(`expected an error, got ${JSON.stringify(value)?.slice(0, 100)}`);
  } catch (error) {
    if (!(error instanceof OpenEOError)) throw error;
    return error;
  }
}

function expectOverBudget(error: OpenEOError, node: string, process: string, detail: RegExp): void {
  expect(error).toBeInstanceOf(BudgetExceeded);
  expect(error.code).toBe("ProcessGraphComplexity");
  expect(error.status).toBe(400);
  expect(error.message).toMatch(new RegExp(`^Node '${node}' \\(${process}\\): `));
  expect(error.message).toMatch(detail);
}

describe("values larger than one may be are refused before they are built", () => {
  it("quantiles with q = 100,000,000", async () => {
    const error = await failure(graph({ q: node("quantiles", { data: [1, 2, 3], q: 100_000_000 }, true) }));
    expectOverBudget(error, "q", "quantiles", /99,999,999 elements\) would take 763 MiB, more than the 64 MiB/);
  });

  it("array_create repeating 50,000,000 and 3,000,000,000 times", async () => {
    for (const repeat of [50_000_000, 3_000_000_000]) {
      const error = await failure(graph({ a: node("array_create", { data: [1], repeat }, true) }));
      expectOverBudget(error, "a", "array_create", new RegExp(`${repeat.toLocaleString("en")} elements`));
    }
  });

  it("text_concat of 200 texts of 1 MB", async () => {
    const text = "x".repeat(1_000_000);
    const error = await failure(
      graph({
        texts: node("array_create", { data: [text], repeat: 200 }),
        t: node("text_concat", { data: { from_node: "texts" } }, true),
      }),
    );
    expectOverBudget(error, "t", "text_concat", /200,000,000 characters\) would take 381 MiB/);
  });

  it("an array doubled by array_concat again and again", async () => {
    const nodes: Record<string, unknown> = { a0: node("array_create", { data: [1, 2, 3, 4], repeat: 1000 }) };
    for (let i = 1; i <= 30; i++) nodes[`a${i}`] = node("array_concat", { array1: { from_node: `a${i - 1}` }, array2: { from_node: `a${i - 1}` } }, i === 30);
    // a11 holds 4,000 x 2^11 = 8,192,000 elements (62.5 MiB); a12 would hold twice as many.
    expectOverBudget(await failure(graph(nodes)), "a12", "array_concat", /16,384,000 elements\) would take 125 MiB/);
  });

  const image = (width: number, height: number, bands: string[]) =>
    rasterCube({ crs: "EPSG:32633", bbox: [0, 0, width * 10, height * 10], width, height }, null, bands, bands.map(() => new Float32Array(width * height).fill(1)));

  it("apply_kernel with a 1 x 1,000,001 kernel", async () => {
    const kernel = [Array.from({ length: 1_000_001 }, () => 1)];
    const error = await failure(graph({ k: node("apply_kernel", { data: { from_parameter: "cube" }, kernel }, true) }), {}, {}, { cube: image(64, 64, ["B04"]) });
    expectOverBudget(error, "k", "apply_kernel", /the image padded for a 1000001 x 1 kernel/);
  });

  it("apply_kernel whose weights times pixels are more operations than a run may spend", async () => {
    const kernel = Array.from({ length: 101 }, () => Array.from({ length: 101 }, () => 1));
    const error = await failure(graph({ k: node("apply_kernel", { data: { from_parameter: "cube" }, kernel }, true) }), {}, {}, { cube: image(256, 256, ["B04", "B08"]) });
    // 256 x 256 px x 101 x 101 weights x 2 images: 1.3 billion.
    expectOverBudget(error, "k", "apply_kernel", /operations one run may spend \(a 101 x 101 kernel over 2 images of 256 x 256 px went over\)/);
  });

  it("apply_dimension answering 500 values per pixel", async () => {
    const child = graph({ r: node("array_create", { data: [1], repeat: 500 }, true) });
    const error = await failure(
      graph({ d: node("apply_dimension", { data: { from_parameter: "cube" }, process: child, dimension: "bands" }, true) }),
      {},
      {},
      { cube: image(256, 256, ["B04"]) },
    );
    // 500 planes of 256 x 256 float32: 125 MiB, refused after the first pixel's answer.
    expectOverBudget(error, "d", "apply_dimension", /apply_dimension's result of 500 values per pixel would take 125 MiB/);
  });
});

describe("runaway evaluation ends once the operations are spent", () => {
  /** `depth` levels of array_apply over two elements: 2^depth calls of the innermost callback. */
  function nestedCallbacks(depth: number) {
    let inner: Record<string, unknown> = { r: node("absolute", { x: { from_parameter: "x" } }, true) };
    for (let i = 0; i < depth; i++) inner = { r: node("array_apply", { data: [-1, -2], process: { process_graph: inner } }, true) };
    return graph(inner);
  }

  it("callbacks nested 45 deep", async () => {
    const error = await failure(nestedCallbacks(45), { maxOperations: 2_000_000 });
    expect(error.code).toBe("ProcessGraphComplexity");
    expect(error.message).toMatch(/^Node 'r' \((absolute|array_apply)\): the process needs more than the 2,000,000 operations one run may spend/);
  });

  it("array_apply over 10,000 items each summing 10,000 numbers", async () => {
    const child = graph({ s: node("sum", { data: { from_parameter: "context" } }, true) });
    const data = Array.from({ length: 10_000 }, (_, i) => i);
    const error = await failure(graph({ a: node("array_apply", { data, context: data, process: child }, true) }), { maxOperations: 10_000_000 });
    // Each sum handles 10,000 elements: the budget runs out after about 1,000 of them.
    expectOverBudget(error, "s", "sum", /10,000,000 operations/);
  });

  it("a stored process that calls itself twice per level", async () => {
    const twice: UserProcess = {
      id: "twice",
      parameters: [{ name: "n", description: "levels left", schema: { type: "number" } }],
      process_graph: {
        more: node("gt", { x: { from_parameter: "n" }, y: 0 }),
        next: node("subtract", { x: { from_parameter: "n" }, y: 1 }),
        left: node("twice", { n: { from_node: "next" } }),
        right: node("twice", { n: { from_node: "next" } }),
        both: node("add", { x: { from_node: "left" }, y: { from_node: "right" } }),
        r: node("if", { value: { from_node: "more" }, accept: { from_node: "both" }, reject: 1 }, true),
      },
    };
    const userProcesses = (id: string) => (id === "twice" ? twice : undefined);
    // 2^30 calls, and add starts both of its arguments together: the branches are all under way at
    // once, each holding its frame, long before the operations run out.
    const error = await failure(graph({ t: node("twice", { n: 30 }, true) }), {}, { userProcesses });
    expect(error.code).toBe("ProcessGraphComplexity");
    expect(error.message).toMatch(/more than 20,000 process calls would be under way at once/);
    // With fewer operations than that takes, the operations end it first.
    const spent = await failure(graph({ t: node("twice", { n: 30 }, true) }), { maxOperations: 1_000_000 }, { userProcesses });
    expect(spent.message).toMatch(/operations one run may spend/);
  });

  it("stays within budget for the same graphs made small", async () => {
    const budget = new WorkBudget({ ...RUN_LIMITS, maxOperations: 2_000_000 });
    const child = graph({ s: node("sum", { data: { from_parameter: "context" } }, true) });
    const data = Array.from({ length: 100 }, (_, i) => i);
    const value = await runProcess(graph({ a: node("array_apply", { data, context: data, process: child }, true) }), { processes: PROCESSES, budget }, { ctx: silentCtx });
    expect(value).toEqual(data.map(() => 4950));
    // 100 calls of sum over 100 elements, plus array_apply's own call over its two arrays.
    expect(budget.operations).toBe(100 * (CALL_COST + 100) + CALL_COST + 200);
  });
});

describe("pausing", () => {
  it("ends a run that took longer than its time where it pauses", async () => {
    const budget = new WorkBudget({ ...RUN_LIMITS, maxMillis: 50 });
    budget.spend(5_000_000);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(budget.checkpoint()).rejects.toThrow("the run took longer than the 0.05 s it may take.");
    // Without enough work since the last pause, a checkpoint neither waits nor looks at the clock.
    await expect(budget.checkpoint()).resolves.toBeUndefined();
  });

  it("lets a timer of the isolate run while a long evaluation goes on", async () => {
    const events: string[] = [];
    setTimeout(() => events.push("timer"), 0);
    let inner: Record<string, unknown> = { r: node("absolute", { x: { from_parameter: "x" } }, true) };
    for (let i = 0; i < 14; i++) inner = { r: node("array_apply", { data: [-1, -2], process: { process_graph: inner } }, true) };
    // 2^14 callbacks, several million operations: promises alone would never give the timer its turn before the end.
    await runProcess(graph(inner), { processes: PROCESSES }, { ctx: silentCtx });
    events.push("evaluated");
    expect(events).toEqual(["timer", "evaluated"]);
  });
});
