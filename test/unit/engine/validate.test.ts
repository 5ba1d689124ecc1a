import { describe, expect, it } from "vitest";
import { checkProcess } from "../../../src/engine";
import { envWith } from "./test-processes";

const node = (process_id: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ process_id, arguments: args, ...extra });

async function issuesOf(process_graph: Record<string, unknown>, env = envWith()) {
  return (await checkProcess({ process_graph }, env)).issues;
}

describe("validation", () => {
  it("accepts a valid graph with callbacks and returns it for evaluation", async () => {
    const result = await checkProcess(
      {
        process_graph: {
          cube: node("load_cube", { id: "S2" }),
          r: node("reduce_cube", { data: { from_node: "cube" }, reducer: { process_graph: { m: node("add", { x: { from_parameter: "data" }, y: 1 }, { result: true }) } } }, { result: true }),
        },
      },
      envWith(),
    );
    expect(result.issues).toEqual([]);
    expect(result.graph?.resultId).toBe("r");
  });

  it("reports unknown processes with their namespace", async () => {
    const issues = await issuesOf({ a: node("nope", {}), b: node("add", { x: 1, y: 2 }, { namespace: "https://example.com/ns", result: true }) });
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      ["ProcessUnsupported", "Process with identifier 'nope' is not available in namespace 'backend or user'. (at a)"],
      ["ProcessUnsupported", "Process with identifier 'add' is not available in namespace 'https://example.com/ns'. (at b)"],
    ]);
  });

  it("looks processes up by namespace: backend, user, or either", async () => {
    const env = envWith([{ id: "mine", parameters: [], process_graph: { c: node("constant", { x: 1 }, { result: true }) } }]);
    expect(await issuesOf({ a: node("mine", {}, { namespace: "user", result: true }) }, env)).toEqual([]);
    expect(await issuesOf({ a: node("mine", {}, { result: true }) }, env)).toEqual([]);
    expect((await issuesOf({ a: node("mine", {}, { namespace: "backend", result: true }) }, env)).map((i) => i.code)).toEqual(["ProcessUnsupported"]);
    expect((await issuesOf({ a: node("add", { x: 1, y: 1 }, { namespace: "user", result: true }) }, env)).map((i) => i.code)).toEqual(["ProcessUnsupported"]);
  });

  it("reports missing required and unsupported parameters", async () => {
    const issues = await issuesOf({ a: node("add", { x: 1, z: 3 }, { result: true }) });
    expect(issues.map((i) => [i.code, i.message])).toEqual([
      ["ProcessParameterRequired", "Process 'add' parameter 'y' is required. (at a)"],
      ["ProcessParameterUnsupported", "Process 'add' does not support parameter 'z'. (at a)"],
    ]);
  });

  it("checks user-defined processes' parameters when they declare them", async () => {
    const env = envWith([
      { id: "scale", parameters: [{ name: "v", description: "v", schema: { type: "number" } }], process_graph: { c: node("multiply", { x: { from_parameter: "v" }, y: 2 }, { result: true }) } },
    ]);
    const issues = await issuesOf({ a: node("scale", { v: "x", w: 1 }, { result: true }) }, env);
    expect(issues.map((i) => i.code)).toEqual(["ProcessParameterInvalid", "ProcessParameterUnsupported"]);
  });

  it("checks argument values against the parameter schemas", async () => {
    const issues = await issuesOf({
      a: node("add", { x: "one", y: [1] }),
      f: node("filter", { extent: { west: 1, south: 2, east: 3 }, temporal: ["2020-01-01", "2019-01-01"], method: "cubic", count: 0.5 }),
      g: node("filter", { extent: { west: 1, south: 5, east: 3, north: 4 }, temporal: ["2020-13-01", null], count: 0 }),
      l: node("load_cube", { id: "bad id!" }, { result: true }),
    });
    expect(issues.map((i) => `${i.path.join("/")} ${i.code}: ${i.message.replace(/ \(at .*\)$/, "")}`)).toEqual([
      "a ProcessParameterInvalid: The value passed for parameter 'x' in process 'add' is invalid: expected number or null, got string",
      "a ProcessParameterInvalid: The value passed for parameter 'y' in process 'add' is invalid: expected number or null, got array",
      "f ProcessParameterInvalid: The value passed for parameter 'extent' in process 'filter' is invalid: the property 'north' is required",
      "f ProcessParameterInvalid: The value passed for parameter 'method' in process 'filter' is invalid: \"cubic\" is not one of \"near\", \"bilinear\"",
      "f ProcessParameterInvalid: The value passed for parameter 'count' in process 'filter' is invalid: expected integer, got number",
      "g ProcessParameterInvalid: The value passed for parameter 'extent' in process 'filter' is invalid: the south of a bounding box must not be north of its north",
      "g ProcessParameterInvalid: The value passed for parameter 'temporal' in process 'filter' is invalid: element 0: none of the allowed forms fits (expected an RFC 3339 date-time; expected a date (YYYY-MM-DD); expected null, got string)",
      "g ProcessParameterInvalid: The value passed for parameter 'count' in process 'filter' is invalid: 0 is less than the minimum 1",
      "l ProcessParameterInvalid: The value passed for parameter 'id' in process 'load_cube' is invalid: 'bad id!' doesn't match the pattern ^[\\w\\-\\.~/]+$",
    ]);
  });

  it("accepts data cubes only from processes that return them", async () => {
    const issues = await issuesOf({
      n: node("add", { x: 1, y: 2 }),
      c: node("load_cube", { id: "S2" }),
      lit: node("reduce_cube", { data: { bands: [] }, reducer: { process_graph: { m: node("constant", { x: 1 }, { result: true }) } } }),
      num: node("reduce_cube", { data: { from_node: "n" }, reducer: { process_graph: { m: node("constant", { x: 1 }, { result: true }) } } }),
      ok: node("reduce_cube", { data: { from_node: "c" }, reducer: { process_graph: { m: node("constant", { x: 1 }, { result: true }) } } }),
      par: node("reduce_cube", { data: { from_parameter: "cube" }, reducer: { process_graph: { m: node("constant", { x: 1 }, { result: true }) } } }, { result: true }),
      wrong: node("add", { x: { from_node: "c" }, y: 1 }),
    });
    expect(issues.map((i) => `${i.path.join("/")}: ${i.message.replace(/ \(at .*\)$/, "")}`)).toEqual([
      "lit: The value passed for parameter 'data' in process 'reduce_cube' is invalid: expected a datacube, which only a process can produce",
      "num: The value passed for parameter 'data' in process 'reduce_cube' is invalid: the result of node 'n' (number or null) can't be datacube",
      "wrong: The value passed for parameter 'x' in process 'add' is invalid: the result of node 'c' (datacube) can't be number or null",
    ]);
  });

  it("accepts child process graphs only where a parameter expects one", async () => {
    const callback = { process_graph: { m: node("constant", { x: 1 }, { result: true }) } };
    const issues = await issuesOf({
      a: node("add", { x: callback, y: 1 }),
      b: node("array_apply", { data: [1], process: { graph: "not one" } }, { result: true }),
    });
    expect(issues.map((i) => i.message.replace(/ \(at .*\)$/, ""))).toEqual([
      "The value passed for parameter 'x' in process 'add' is invalid: a child process graph is not allowed here",
      "The value passed for parameter 'process' in process 'array_apply' is invalid: expected a child process graph ({\"process_graph\": {...}})",
    ]);
  });

  it("collects every issue, in nested callbacks too, with the path to the node", async () => {
    const issues = await issuesOf({
      outer: node(
        "array_apply",
        {
          data: [1, 2],
          process: {
            process_graph: {
              inner: node("array_apply", { data: [{ from_parameter: "x" }], process: { process_graph: { deep: node("missing", {}, { result: true }) } } }, { result: true }),
              bad: node("add", { x: true, y: 1 }),
            },
          },
        },
        { result: true },
      ),
      loose: node("multiply", { x: 1 }),
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["ProcessUnsupported", ["outer", "process", "inner", "process", "deep"]],
      ["ProcessParameterInvalid", ["outer", "process", "bad"]],
      ["ProcessParameterRequired", ["loose"]],
    ]);
    expect(issues[0]?.message).toBe("Process with identifier 'missing' is not available in namespace 'backend or user'. (at outer > process > inner > process > deep)");
  });

  it("reports structural and process issues together", async () => {
    const issues = await issuesOf({ a: node("nope", { x: { from_node: "ghost" } }) });
    expect(issues.map((i) => i.code)).toEqual(["ProcessGraphInvalid", "ProcessGraphInvalid", "ProcessUnsupported"]);
  });
});
