import { describe, expect, it } from "vitest";
import { parseProcess } from "../../../src/engine";

const add = (args: Record<string, unknown>, result = false) => ({ process_id: "add", arguments: args, ...(result ? { result } : {}) });

function codesAndMessages(process: unknown) {
  return parseProcess(process).issues.map((i) => `${i.code}: ${i.message}`);
}

describe("parseProcess", () => {
  it("parses nodes, references and the result node, ignoring keys without meaning", () => {
    const { graph, issues } = parseProcess({
      id: "ignored",
      process_graph: {
        a: { process_id: "add", arguments: { x: 1, y: 2 }, description: "first", unknown_key: true },
        b: { process_id: "add", namespace: "backend", arguments: { x: { from_node: "a" }, y: { from_parameter: "p" } }, result: true },
      },
    });
    expect(issues).toEqual([]);
    expect(graph?.resultId).toBe("b");
    expect(graph?.nodes.get("a")).toEqual({ id: "a", processId: "add", namespace: null, arguments: { x: { kind: "literal", value: 1 }, y: { kind: "literal", value: 2 } } });
    expect(graph?.nodes.get("b")?.namespace).toBe("backend");
    expect(graph?.nodes.get("b")?.arguments).toEqual({ x: { kind: "node", node: "a" }, y: { kind: "parameter", name: "p" } });
  });

  it("answers ProcessGraphMissing without a process_graph", () => {
    expect(parseProcess({ id: "x" }).issues.map((i) => i.code)).toEqual(["ProcessGraphMissing"]);
    expect(parseProcess(null).issues.map((i) => i.code)).toEqual(["ProcessGraphMissing"]);
  });

  it("requires exactly one result node per graph", () => {
    expect(codesAndMessages({ process_graph: { a: add({ x: 1, y: 2 }) } })).toEqual([
      "ProcessGraphInvalid: Invalid process graph specified: no node is flagged as result.",
    ]);
    expect(codesAndMessages({ process_graph: { a: add({ x: 1, y: 2 }, true), b: add({ x: 1, y: 2 }, true) } })).toEqual([
      "ProcessGraphInvalid: Invalid process graph specified: exactly one node must be flagged as result, not 'a', 'b'.",
    ]);
    expect(codesAndMessages({ process_graph: {} })).toHaveLength(1);
  });

  it("requires a result node in child graphs too, naming where the child is", () => {
    const issues = parseProcess({
      process_graph: { apply: { process_id: "array_apply", arguments: { data: [1], process: { process_graph: { inner: add({ x: 1, y: 1 }) } } }, result: true } },
    }).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "ProcessGraphInvalid", path: ["apply", "process"] });
    expect(issues[0]?.message).toBe("Invalid process graph specified: no node is flagged as result. (at apply > process)");
  });

  it("finds callbacks at any depth of arrays and objects", () => {
    const child = { process_graph: { c: add({ x: { from_parameter: "x" }, y: 1 }, true) } };
    const { graph, issues } = parseProcess({ process_graph: { n: { process_id: "constant", arguments: { x: { deep: [{ f: child }] } }, result: true } } });
    expect(issues).toEqual([]);
    const arg = graph?.nodes.get("n")?.arguments.x;
    expect(arg?.kind).toBe("object");
    const inner = arg?.kind === "object" && arg.entries.deep?.kind === "array" ? arg.entries.deep.items[0] : undefined;
    const callback = inner?.kind === "object" ? inner.entries.f : undefined;
    expect(callback?.kind).toBe("callback");
    expect(callback?.kind === "callback" && callback.graph.resultId).toBe("c");
  });

  it("scopes from_node to its own graph: a child can't see its parent's nodes", () => {
    const issues = parseProcess({
      process_graph: {
        a: add({ x: 1, y: 2 }),
        apply: { process_id: "array_apply", arguments: { data: [1], process: { process_graph: { c: add({ x: { from_node: "a" }, y: 1 }, true) } } }, result: true },
      },
    }).issues;
    expect(issues.map((i) => i.message)).toEqual(["Invalid process graph specified: node 'c' refers to node 'a', which is not in its process graph. (at apply > process > c)"]);
  });

  it("reports references to unknown nodes and cycles", () => {
    const unknown = codesAndMessages({ process_graph: { a: add({ x: { from_node: "nope" }, y: 1 }, true) } });
    expect(unknown).toEqual(["ProcessGraphInvalid: Invalid process graph specified: node 'a' refers to node 'nope', which is not in its process graph. (at a)"]);
    const cycle = parseProcess({
      process_graph: { a: add({ x: { from_node: "c" }, y: 1 }), b: add({ x: { from_node: "a" }, y: 1 }), c: add({ x: [{ from_node: "b" }], y: 1 }, true) },
    }).issues;
    expect(cycle).toHaveLength(1);
    expect(cycle[0]?.message).toMatch(/part of a cycle/);
    expect(parseProcess({ process_graph: { a: add({ x: { from_node: "a" }, y: 1 }, true) } }).issues[0]?.message).toMatch(/node 'a' and node 'a' are part of a cycle/);
  });

  it("rejects misuse of the reserved keys and malformed nodes", () => {
    const issues = codesAndMessages({
      process_graph: {
        a: add({ x: { from_node: "b", extra: 1 }, y: { from_parameter: 5 } }),
        b: add({ x: { from_node: "a", from_parameter: "p" }, y: 1 }, true),
        c: { process_id: "not-an-id!", arguments: {} },
        d: { process_id: "add" },
        e: "node",
      },
    });
    expect(issues).toEqual([
      "ProcessGraphInvalid: Invalid process graph specified: argument 'x': a from_node reference is an object with the single string property from_node. (at a)",
      "ProcessGraphInvalid: Invalid process graph specified: argument 'y': a from_parameter reference is an object with the single string property from_parameter. (at a)",
      "ProcessGraphInvalid: Invalid process graph specified: argument 'x' mixes the reserved keys from_node, from_parameter. (at b)",
      "ProcessGraphInvalid: Invalid process graph specified: node 'c' needs a process_id of letters, digits and underscores. (at c)",
      "ProcessGraphInvalid: Invalid process graph specified: node 'd' needs an arguments object. (at d)",
      "ProcessGraphInvalid: Invalid process graph specified: node 'e' is not an object. (at e)",
    ]);
  });

  it("keeps parameter definitions of processes and callbacks", () => {
    const { graph } = parseProcess({
      parameters: [{ name: "p", description: "p", schema: {}, default: 3 }, { description: "nameless" }],
      process_graph: { a: add({ x: { from_parameter: "p" }, y: 1 }, true) },
    });
    expect(graph?.parameters).toEqual([{ name: "p", description: "p", schema: {}, default: 3 }]);
  });
});
