/**
 * Hostile process graphs: each must end in an openEO error or a correct result, never a JS
 * RangeError, a hang, or a silently different meaning. Uses the real process registry.
 */
import { describe, expect, it } from "vitest";
import { checkProcess, runProcess, type EngineEnv, type UserProcess } from "../../../src/engine";
import { MAX_NESTING } from "../../../src/engine/parse-arguments";
import { OpenEOError } from "../../../src/errors";
import { PROCESSES } from "../../../src/processes";
import type { ProcessImplementation } from "../../../src/processes/types";
import { silentCtx } from "./test-processes";

const env: EngineEnv = { processes: PROCESSES };
const SLOW = 60_000; // generous: these build large inputs, and no test asserts on time

type Outcome = { value: unknown } | { code: string; message: string };

async function outcome(process: unknown, engineEnv: EngineEnv = env, parameters?: Record<string, unknown>): Promise<Outcome> {
  try {
    return { value: await runProcess(process, engineEnv, { ctx: silentCtx, parameters }) };
  } catch (error) {
    // Anything but an OpenEOError (RangeError, TypeError) fails the test here.
    if (!(error instanceof OpenEOError)) throw error;
    return { code: error.code, message: error.message };
  }
}

async function codeOf(process: unknown, engineEnv: EngineEnv = env): Promise<string> {
  const result = await outcome(process, engineEnv);
  if ("value" in result) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.code;
}

const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result } : {}) });
const graph = (process_graph: unknown) => ({ process_graph });

describe("cycles", () => {
  it("rejects a node referring to itself", async () => {
    const result = await outcome(graph({ a: node("add", { x: { from_node: "a" }, y: 1 }, true) }));
    expect(result).toMatchObject({ code: "ProcessGraphInvalid", message: expect.stringContaining("cycle") });
  });

  it("rejects a cycle through 10,000 nodes", { timeout: SLOW }, async () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) nodes[`n${i}`] = node("add", { x: { from_node: `n${(i + 1) % 10_000}` }, y: 1 }, i === 0);
    const { issues } = await checkProcess(graph(nodes), env);
    expect(issues.map((i) => i.code)).toEqual(["ProcessGraphInvalid"]);
    expect(issues[0]!.message).toContain("cycle");
  });

  it("rejects a cycle inside a child process graph", async () => {
    const child = { a: node("add", { x: { from_node: "b" }, y: 1 }), b: node("add", { x: { from_node: "a" }, y: 1 }, true) };
    const result = await outcome(graph({ r: node("array_apply", { data: [1], process: { process_graph: child } }, true) }));
    expect(result).toMatchObject({ code: "ProcessGraphInvalid", message: expect.stringContaining("cycle") });
  });
});

describe("size", () => {
  it("evaluates a chain of 10,000 nodes", { timeout: SLOW }, async () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) nodes[`n${i}`] = node("add", { x: i === 0 ? 0 : { from_node: `n${i - 1}` }, y: 1 }, i === 9_999);
    expect(await outcome(graph(nodes))).toEqual({ value: 10_000 });
  });

  it("evaluates 10,000 nodes fanning into one", { timeout: SLOW }, async () => {
    const nodes: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) nodes[`n${i}`] = node("add", { x: i, y: 1 });
    nodes.total = node("sum", { data: Array.from({ length: 10_000 }, (_, i) => ({ from_node: `n${i}` })) }, true);
    expect(await outcome(graph(nodes))).toEqual({ value: (10_000 * 10_001) / 2 });
  });

  it("validates and sums a 1,000,000-element literal array", { timeout: SLOW }, async () => {
    const data = Array.from({ length: 1_000_000 }, (_, i) => i % 7);
    const expected = data.reduce((a, b) => a + b, 0);
    expect(await outcome(graph({ s: node("sum", { data }, true) }))).toEqual({ value: expected });
  });

  it("finds the one wrong element of a 1,000,000-element array", { timeout: SLOW }, async () => {
    const data: unknown[] = Array.from({ length: 1_000_000 }, () => 1);
    data[999_999] = "1";
    const result = await outcome(graph({ s: node("sum", { data }, true) }));
    expect(result).toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("element 999999") });
  });
});

/** [[...[v]...]]: `depth` levels of one-element arrays around v. */
function nestedArray(depth: number, v: unknown = 7): unknown {
  let value = v;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe("nesting", () => {
  /** `depth` levels of array_apply, each a callback of the one outside, around absolute(x). */
  function nestedCallbacks(depth: number) {
    let inner: Record<string, unknown> = { r: node("absolute", { x: { from_parameter: "x" } }, true) };
    for (let i = 0; i < depth; i++) inner = { r: node("array_apply", { data: [-2], process: { process_graph: inner } }, true) };
    return graph(inner);
  }

  it("evaluates callbacks nested as deeply as allowed", { timeout: SLOW }, async () => {
    // Each array_apply level wraps the inner result in one more array: absolute(-2) is 2.
    expect(await outcome(nestedCallbacks(MAX_NESTING - 1))).toEqual({ value: nestedArray(MAX_NESTING - 1, 2) });
  });

  it("rejects callbacks nested 1,000 deep with ProcessGraphInvalid", { timeout: SLOW }, async () => {
    const result = await outcome(nestedCallbacks(1_000));
    expect(result).toMatchObject({ code: "ProcessGraphInvalid", message: expect.stringContaining("nested too deeply") });
  });

  it("passes arrays and objects nested as deeply as allowed, and rejects deeper ones", { timeout: SLOW }, async () => {
    expect(await outcome(graph({ c: node("constant", { x: nestedArray(MAX_NESTING) }, true) }))).toEqual({ value: nestedArray(MAX_NESTING) });
    for (const depth of [MAX_NESTING + 1, 100_000]) {
      let object: unknown = 1;
      for (let i = 0; i < depth; i++) object = { k: object };
      for (const x of [nestedArray(depth), object]) {
        expect(await outcome(graph({ c: node("constant", { x }, true) }))).toMatchObject({ code: "ProcessGraphInvalid", message: expect.stringContaining("nested too deeply") });
      }
    }
  });
});

describe("malformed graphs", () => {
  it.each([
    ["no process", "ProcessGraphMissing", null],
    ["no process_graph", "ProcessGraphMissing", { id: "x" }],
    ["a process_graph that is an array", "ProcessGraphInvalid", graph([])],
    ["a process_graph that is a string", "ProcessGraphInvalid", graph("a")],
    ["an empty process_graph", "ProcessGraphInvalid", graph({})],
    ["a node that is null", "ProcessGraphInvalid", graph({ a: null })],
    ["a node that is a number", "ProcessGraphInvalid", graph({ a: 5 })],
    ["a node that is an array", "ProcessGraphInvalid", graph({ a: [node("add", { x: 1, y: 1 }, true)] })],
    ["a process_id that is a number", "ProcessGraphInvalid", graph({ a: { process_id: 5, arguments: {}, result: true } })],
    ["a process_id with a dash", "ProcessGraphInvalid", graph({ a: { process_id: "a-b", arguments: {}, result: true } })],
    ["arguments that are an array", "ProcessGraphInvalid", graph({ a: { process_id: "add", arguments: [1, 2], result: true } })],
    ["no arguments", "ProcessGraphInvalid", graph({ a: { process_id: "pi", result: true } })],
    ["a result flag that is a string", "ProcessGraphInvalid", graph({ a: { process_id: "pi", arguments: {}, result: "true" } })],
    ["a namespace that is a number", "ProcessGraphInvalid", graph({ a: { process_id: "pi", namespace: 5, arguments: {}, result: true } })],
    ["no result node", "ProcessGraphInvalid", graph({ a: node("pi", {}) })],
    ["two result nodes", "ProcessGraphInvalid", graph({ a: node("pi", {}, true), b: node("e", {}, true) })],
    ["no result node in a callback", "ProcessGraphInvalid", graph({ r: node("array_apply", { data: [1], process: { process_graph: { a: node("absolute", { x: { from_parameter: "x" } }) } } }, true) })],
    ["a from_node to a missing node", "ProcessGraphInvalid", graph({ a: node("absolute", { x: { from_node: "nowhere" } }, true) })],
    ["a from_node that is a number", "ProcessGraphInvalid", graph({ a: node("absolute", { x: { from_node: 1 } }, true) })],
    ["a from_node with another key", "ProcessGraphInvalid", graph({ a: node("pi", {}), b: node("absolute", { x: { from_node: "a", extra: 1 } }, true) })],
    ["from_node and from_parameter at once", "ProcessGraphInvalid", graph({ a: node("pi", {}), b: node("absolute", { x: { from_node: "a", from_parameter: "p" } }, true) })],
    ["a non-finite number", "ProcessGraphInvalid", graph({ a: node("absolute", { x: Number.POSITIVE_INFINITY }, true) })],
    ["a value JSON doesn't have", "ProcessGraphInvalid", graph({ a: node("constant", { x: 10n }, true) })],
    ["an unknown process", "ProcessUnsupported", graph({ a: node("no_such_process", {}, true) })],
    ["an unknown namespace", "ProcessUnsupported", graph({ a: { process_id: "pi", namespace: "elsewhere", arguments: {}, result: true } })],
    ["an unknown process in a callback", "ProcessUnsupported", graph({ r: node("array_apply", { data: [1], process: { process_graph: { a: node("nope", {}, true) } } }, true) })],
    ["a missing required argument", "ProcessParameterRequired", graph({ a: node("add", { x: 1 }, true) })],
    ["an unknown argument", "ProcessParameterUnsupported", graph({ a: node("add", { x: 1, y: 2, z: 3 }, true) })],
    ["a string for a number", "ProcessParameterInvalid", graph({ a: node("add", { x: "1", y: 2 }, true) })],
    ["an object for an array", "ProcessParameterInvalid", graph({ a: node("sum", { data: { 0: 1 } }, true) })],
    ["a callback for a number", "ProcessParameterInvalid", graph({ a: node("absolute", { x: { process_graph: { p: node("pi", {}, true) } } }, true) })],
    ["an array result for a number", "ProcessParameterInvalid", graph({ a: node("array_create", { data: [1] }), b: node("absolute", { x: { from_node: "a" } }, true) })],
    ["an unresolvable parameter", "ProcessParameterMissing", graph({ a: node("absolute", { x: { from_parameter: "nobody" } }, true) })],
  ])("answers %s with %s", async (_, code, process) => {
    expect(await codeOf(process)).toBe(code);
  });
});

describe("keys named like Object.prototype members", () => {
  // Request bodies come from JSON.parse, which makes "__proto__" an ordinary own key.
  const json = (text: string) => JSON.parse(text) as unknown;

  it("accepts __proto__, constructor and toString as node ids", async () => {
    const process = json(`{"process_graph": {
      "__proto__": {"process_id": "add", "arguments": {"x": 1, "y": 2}},
      "constructor": {"process_id": "add", "arguments": {"x": {"from_node": "__proto__"}, "y": 10}},
      "toString": {"process_id": "multiply", "arguments": {"x": {"from_node": "constructor"}, "y": 2}, "result": true}}}`);
    expect(await outcome(process)).toEqual({ value: 26 });
  });

  it.each(["constructor", "toString", "hasOwnProperty", "__proto__"])("rejects a from_node to the absent node '%s'", async (id) => {
    const result = await outcome(graph({ a: node("absolute", { x: { from_node: id } }, true) }));
    expect(result).toMatchObject({ code: "ProcessGraphInvalid", message: expect.stringContaining(`refers to node '${id}'`) });
  });

  it.each(["__proto__", "constructor"])("rejects '%s' as an argument name", async (name) => {
    const result = await outcome(json(`{"process_graph": {"a": {"process_id": "add", "arguments": {"x": 1, "y": 2, "${name}": {"x": 1}}, "result": true}}}`));
    expect(result).toMatchObject({ code: "ProcessParameterUnsupported", message: expect.stringContaining(`'${name}'`) });
  });

  it("keeps __proto__ keys of object arguments as data, polluting nothing", async () => {
    const process = json(`{"process_graph": {"a": {"process_id": "constant", "arguments": {"x": {"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}}}, "result": true}}}`);
    const result = await outcome(process);
    expect(JSON.stringify((result as { value: unknown }).value)).toBe('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(["__proto__", "constructor", "toString"])("answers ProcessParameterMissing for the undefined parameter '%s'", async (name) => {
    expect(await codeOf(graph({ a: node("absolute", { x: { from_parameter: name } }, true) }))).toBe("ProcessParameterMissing");
  });

  it("requires a user-defined process's parameter named constructor", async () => {
    const userProcess: UserProcess = {
      id: "twice",
      parameters: [{ name: "constructor", description: "a number", schema: { type: "number" } }],
      process_graph: { m: node("multiply", { x: { from_parameter: "constructor" }, y: 2 }, true) },
    };
    const withUser: EngineEnv = { processes: PROCESSES, userProcesses: (id) => (id === "twice" ? userProcess : undefined) };
    expect(await codeOf(graph({ t: node("twice", {}, true) }), withUser)).toBe("ProcessParameterRequired");
    expect(await outcome(graph({ t: node("twice", { constructor: 4 }, true) }), withUser)).toEqual({ value: 8 });
  });

  it("rejects a property named constructor where a schema allows only listed properties", async () => {
    const strict: ProcessImplementation = {
      spec: {
        id: "strict",
        summary: "strict",
        description: "strict",
        categories: [],
        parameters: [{ name: "options", description: "options", schema: { type: "object", properties: { a: { type: "number" }, toString: { type: "number" } }, additionalProperties: false, required: ["toString"] } }],
        returns: { description: "options", schema: {} },
      },
      run: (args) => args.options,
    };
    const strictEnv: EngineEnv = { processes: new Map([["strict", strict]]) };
    const withKey = (options: unknown) => outcome(graph({ s: node("strict", { options }, true) }), strictEnv);
    expect(await withKey({ a: 1 })).toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("'toString' is required") });
    expect(await withKey({ toString: 1, constructor: 1 })).toMatchObject({ code: "ProcessParameterInvalid", message: expect.stringContaining("'constructor' is not allowed") });
  });
});
