import { describe, expect, it } from "vitest";
import { checkProcess, evaluateGraph, runProcess, type UserProcess } from "../../../src/engine";
import { OpenEOError } from "../../../src/errors";
import { envWith, silentCtx } from "./test-processes";

const node = (process_id: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ process_id, arguments: args, ...extra });
const result = { result: true };

function run(process: Record<string, unknown>, env = envWith(), parameters?: Record<string, unknown>) {
  return runProcess(process, env, { ctx: silentCtx, parameters });
}

async function errorOf(promise: Promise<unknown>): Promise<OpenEOError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  if (!(error instanceof OpenEOError)) throw new Error(`expected an OpenEOError, got ${String(error)}`);
  return error;
}

describe("evaluation", () => {
  it("evaluates nodes in dependency order and returns the result node's value", async () => {
    const value = await run({
      process_graph: {
        sum: node("add", { x: { from_node: "a" }, y: { from_node: "b" } }, result),
        a: node("add", { x: 1, y: 2 }),
        b: node("multiply", { x: { from_node: "a" }, y: 10 }),
      },
    });
    expect(value).toBe(33);
  });

  it("also runs end nodes other than the result node, but not the unchosen branch of if", async () => {
    const env = envWith();
    const value = await run(
      {
        process_graph: {
          a: node("add", { x: 1, y: 1 }, result),
          side: node("multiply", { x: 2, y: 3 }),
          unused: node("constant", { x: 5 }),
          pick: node("if", { value: true, accept: 1, reject: { from_node: "unused" } }),
        },
      },
      env,
    );
    expect(value).toBe(2);
    expect(env.callsOf("multiply")).toBe(1);
    expect(env.callsOf("constant")).toBe(0);
  });

  it("computes a node used several times once", async () => {
    const env = envWith();
    const value = await run(
      { process_graph: { a: node("add", { x: 1, y: 1 }), b: node("multiply", { x: { from_node: "a" }, y: { from_node: "a" } }), c: node("multiply", { x: { from_node: "a" }, y: { from_node: "b" } }, result) } },
      env,
    );
    expect(value).toBe(8);
    expect(env.callsOf("add")).toBe(1);
    expect(env.callsOf("multiply")).toBe(2);
  });

  it("resolves arrays and objects holding references and passes defaults", async () => {
    const value = await run({
      process_graph: {
        a: node("add", { x: 1, y: 1 }),
        c: node("constant", { x: { list: [{ from_node: "a" }, 3], nested: { p: { from_parameter: "p" } } } }, result),
      },
      parameters: [{ name: "p", description: "p", schema: {}, default: "dflt" }],
    });
    expect(value).toEqual({ list: [2, 3], nested: { p: "dflt" } });
  });

  it("runs callbacks with the parameters their parent provides", async () => {
    const value = await run({
      process_graph: {
        apply: node("array_apply", { data: [1, 2, 3], process: { process_graph: { m: node("multiply", { x: { from_parameter: "x" }, y: { from_parameter: "index" } }, result) } } }, result),
      },
    });
    expect(value).toEqual([0, 2, 6]);
  });

  it("falls back to the defaults a parent process declares for its callback's parameters", async () => {
    const process = { process_graph: { apply: node("array_apply", { data: [1], process: { process_graph: { c: node("constant", { x: { from_parameter: "context" } }, result) } } }, result) } };
    expect(await run(process)).toEqual(["fallback"]);
  });

  it("resolves from_parameter from the innermost scope outwards", async () => {
    // The inner callback's x shadows the outer x; the outer index stays visible inside.
    const inner = { process_graph: { s: node("add", { x: { from_parameter: "x" }, y: { from_parameter: "outer_base" } }, result) } };
    const outer = {
      process_graph: {
        base: node("multiply", { x: { from_parameter: "x" }, y: 100 }),
        nested: node("array_apply", { data: [1, 2], process: inner, context: { from_node: "base" } }),
        shaped: node("constant", { x: [{ from_node: "nested" }, { from_parameter: "index" }] }, result),
      },
    };
    const value = await run({ process_graph: { apply: node("array_apply", { data: [5, 7], process: outer }, result) }, parameters: [] }, envWith(), { outer_base: 1000 });
    expect(value).toEqual([
      [[1001, 1002], 0],
      [[1001, 1002], 1],
    ]);
  });

  it("prefers the root's default over a child's and fails with ProcessParameterMissing when there is none", async () => {
    const child = { parameters: [{ name: "d", description: "d", schema: {}, default: "child" }], process_graph: { c: node("constant", { x: { from_parameter: "d" } }, result) } };
    const process = { parameters: [{ name: "d", description: "d", schema: {}, default: "root" }], process_graph: { a: node("array_apply", { data: [0], process: child }, result) } };
    expect(await run(process)).toEqual(["root"]);
    expect(await run(process, envWith(), { d: "given" })).toEqual(["given"]);

    const error = await errorOf(run({ process_graph: { a: node("constant", { x: { from_parameter: "missing" } }, result) } }));
    expect([error.code, error.status, error.message]).toEqual(["ProcessParameterMissing", 400, "The value for the process graph parameter 'missing' is missing."]);
  });

  it("evaluates only the branch of `if` that is returned", async () => {
    const env = envWith();
    const graph = (value: unknown) => ({
      process_graph: {
        yes: node("add", { x: 1, y: 1 }),
        no: node("multiply", { x: 2, y: 5 }),
        choice: node("if", { value, accept: { from_node: "yes" }, reject: { from_node: "no" } }, result),
      },
    });
    expect(await run(graph(true), env)).toBe(2);
    expect([env.callsOf("add"), env.callsOf("multiply")]).toEqual([1, 0]);
    expect(await run(graph(null), env)).toBe(10);
    expect([env.callsOf("add"), env.callsOf("multiply")]).toEqual([1, 1]);
    expect(await run({ process_graph: { choice: node("if", { value: false, accept: 1 }, result) } }, env)).toBeNull();
  });

  it("evaluates user-defined processes with their arguments bound to their parameters", async () => {
    const double: UserProcess = {
      id: "double",
      parameters: [
        { name: "v", description: "v", schema: { type: "number" } },
        { name: "factor", description: "f", schema: { type: "number" }, optional: true, default: 2 },
      ],
      returns: { schema: { type: "number" } },
      process_graph: { m: node("multiply", { x: { from_parameter: "v" }, y: { from_parameter: "factor" } }, result) },
    };
    const env = envWith([double]);
    expect(await run({ process_graph: { a: node("add", { x: 1, y: 2 }), d: node("double", { v: { from_node: "a" } }, result) } }, env)).toBe(6);
    expect(await run({ process_graph: { d: node("double", { v: 3, factor: 5 }, { namespace: "user", ...result }) } }, env)).toBe(15);
  });

  it("prefers a user-defined process over a predefined one of the same id when no namespace is given", async () => {
    const add: UserProcess = { id: "add", process_graph: { c: node("constant", { x: "mine" }, result) } };
    const env = envWith([add]);
    expect(await run({ process_graph: { a: node("add", { x: 1, y: 2 }, result) } }, env)).toBe("mine");
    expect(await run({ process_graph: { a: node("add", { x: 1, y: 2 }, { namespace: "backend", ...result }) } }, env)).toBe(3);
  });

  it("refuses a stored user-defined process that is no longer valid", async () => {
    const stale: UserProcess = { id: "stale", parameters: [], process_graph: { r: node("retired_process", {}, result) } };
    const error = await errorOf(run({ process_graph: { a: node("stale", {}, result) } }, envWith([stale])));
    expect([error.code, error.message]).toEqual(["ProcessUnsupported", "Process with identifier 'retired_process' is not available in namespace 'backend or user'. (at stale > r)"]);
  });

  it("stops user-defined processes that call themselves endlessly", async () => {
    const loop: UserProcess = { id: "loop", process_graph: { l: node("loop", {}, result) } };
    const error = await errorOf(run({ process_graph: { a: node("loop", {}, result) } }, envWith([loop])));
    expect(error.code).toBe("ProcessGraphInvalid");
    expect(error.message).toMatch(/nested more than 32 levels/);
  });

  it("handles long chains of nodes without exhausting the stack", async () => {
    const process_graph: Record<string, unknown> = { n0: node("add", { x: 0, y: 1 }) };
    for (let i = 1; i < 5000; i++) process_graph[`n${i}`] = node("add", { x: { from_node: `n${i - 1}` }, y: 1 }, i === 4999 ? result : {});
    expect(await run({ process_graph })).toBe(5000);
  });

  it("refuses to run an invalid process with the first issue", async () => {
    const error = await errorOf(run({ process_graph: { a: node("add", { x: 1 }, result) } }));
    expect([error.code, error.status]).toEqual(["ProcessParameterRequired", 400]);
    expect((await errorOf(run({}))).code).toBe("ProcessGraphMissing");
  });

  it("evaluates a checked graph repeatedly with different parameters", async () => {
    const env = envWith();
    const { graph } = await checkProcess({ process_graph: { a: node("add", { x: { from_parameter: "p" }, y: 1 }, result) } }, env);
    expect(await evaluateGraph(graph!, env, { ctx: silentCtx, parameters: { p: 1 } })).toBe(2);
    expect(await evaluateGraph(graph!, env, { ctx: silentCtx, parameters: { p: 41 } })).toBe(42);
  });
});
