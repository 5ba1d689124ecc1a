/**
 * Values from other nodes reach processes checked for their kind (the fuzzer's 500s: a number where
 * a text belongs, null where an array belongs, a number where a callback belongs).
 */
import { describe, expect, it } from "vitest";
import { runProcess } from "../../../src/engine";
import { OpenEOError } from "../../../src/errors";
import { PROCESSES } from "../../../src/processes";
import type { SavedResult } from "../../../src/processes/types";
import { silentCtx } from "./test-processes";

const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result } : {}) });

async function failure(process_graph: Record<string, unknown>, parameters?: Record<string, unknown>): Promise<OpenEOError> {
  const outcome = await runProcess({ process_graph }, { processes: PROCESSES }, { ctx: silentCtx, ...(parameters ? { parameters } : {}) }).catch((error: unknown) => error);
  if (!(outcome instanceof OpenEOError)) throw new Error(`expected an OpenEOError, got ${String(outcome)}`);
  return outcome;
}

describe("values from references", () => {
  it("of the wrong kind are ProcessParameterInvalid naming the process and parameter", async () => {
    const number = await failure({ n: node("add", { x: 1, y: 2 }), t: node("text_begins", { data: { from_node: "n" }, pattern: "a" }, true) });
    expect(number).toMatchObject({ code: "ProcessParameterInvalid", status: 400 });
    expect(number.message).toBe("The value passed for parameter 'data' in process 'text_begins' is invalid: it received a value of type number, but it takes string or null");

    const nothing = await failure({ n: node("constant", { x: null }), l: node("array_labels", { data: { from_node: "n" } }, true) });
    expect(nothing.message).toContain("parameter 'data' in process 'array_labels' is invalid: it received a value of type null, but it takes array");

    const condition = await failure({ f: node("array_filter", { data: [1, 2], condition: { from_parameter: "c" } }, true) }, { c: 5 });
    expect(condition.message).toContain("parameter 'condition' in process 'array_filter' is invalid: it received a value of type number, but it takes object");
  });

  it("of a fitting kind pass, no-data included where numbers go", async () => {
    expect(await runProcess({ process_graph: { n: node("constant", { x: null }), d: node("normalized_difference", { x: { from_node: "n" }, y: 1 }, true) } }, { processes: PROCESSES }, { ctx: silentCtx })).toBeNull();
    expect(await runProcess({ process_graph: { t: node("text_concat", { data: ["a", "b"] }), b: node("text_begins", { data: { from_node: "t" }, pattern: "a" }, true) } }, { processes: PROCESSES }, { ctx: silentCtx })).toBe(true);
    // save_result's data is declared a data cube, but any value is delivered (as JSON).
    const saved: SavedResult[] = [];
    await runProcess({ process_graph: { n: node("constant", { x: 1 }), s: node("save_result", { data: { from_node: "n" }, format: "JSON" }, true) } }, { processes: PROCESSES }, { ctx: { ...silentCtx, saveResult: (r) => saved.push(r) } });
    expect(saved.map((r) => r.data)).toEqual([1]);
  });
});
