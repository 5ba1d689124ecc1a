import type { ParameterSpec } from "../processes/types";
import { graphIssue, issue } from "./issues";
import { parameterPatternIssues } from "./parameter-patterns";
import { nodeReferences, parseArgument } from "./parse-arguments";
import type { Arg, EngineIssue, ParsedGraph, ParsedNode } from "./types";

const PROCESS_ID = /^\w+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parameter definitions of a process or callback; entries without a name can't be referenced and are dropped. */
function parameterDefinitions(raw: unknown): ParameterSpec[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is ParameterSpec => isObject(p) && typeof p.name === "string");
}

function parseNode(id: string, raw: unknown, path: string[], issues: EngineIssue[], depth: number): ParsedNode | undefined {
  const at = [...path, id];
  if (!isObject(raw)) {
    issues.push(graphIssue(`node '${id}' is not an object`, at));
    return undefined;
  }
  // Keys besides these (such as description) carry no meaning for processing and are ignored.
  const { process_id, namespace, arguments: args, result } = raw;
  if (typeof process_id !== "string" || !PROCESS_ID.test(process_id)) {
    issues.push(graphIssue(`node '${id}' needs a process_id of letters, digits and underscores`, at));
    return undefined;
  }
  if (namespace !== undefined && namespace !== null && typeof namespace !== "string") {
    issues.push(graphIssue(`the namespace of node '${id}' must be a string or null`, at));
  }
  if (result !== undefined && typeof result !== "boolean") issues.push(graphIssue(`the result flag of node '${id}' must be a boolean`, at));
  if (!isObject(args)) {
    issues.push(graphIssue(`node '${id}' needs an arguments object`, at));
    return undefined;
  }
  // fromEntries defines own properties: an argument "__proto__" stays an (unsupported) argument instead of replacing the prototype.
  const parsed: Record<string, Arg> = Object.fromEntries(Object.entries(args).map(([name, value]) => [name, parseArgument(value, name, at, parseProcessGraph, issues, depth)]));
  return { id, processId: process_id, namespace: typeof namespace === "string" ? namespace : null, arguments: parsed };
}

/**
 * Reports each cycle of from_node references once, by the edge that closes it. Depth-first with
 * an explicit stack: long chains of nodes must not exhaust the call stack.
 */
function findCycles(graph: Map<string, ParsedNode>, path: string[], issues: EngineIssue[]): void {
  const state = new Map<string, "visiting" | "done">();
  const targetsOf = (id: string) => Object.values(graph.get(id)!.arguments).flatMap((arg) => nodeReferences(arg)).filter((t) => graph.has(t));
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    state.set(start, "visiting");
    const stack = [{ id: start, targets: targetsOf(start) }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const target = top.targets.pop();
      if (target === undefined) {
        state.set(top.id, "done");
        stack.pop();
      } else if (state.get(target) === "visiting") {
        issues.push(graphIssue(`node '${top.id}' and node '${target}' are part of a cycle`, path));
      } else if (!state.has(target)) {
        state.set(target, "visiting");
        stack.push({ id: target, targets: targetsOf(target) });
      }
    }
  }
}

/**
 * Parses a process graph (the `process_graph` object of a process or callback) and reports every
 * structural problem: malformed nodes, result nodes, unknown from_node targets and cycles.
 */
export function parseProcessGraph(raw: unknown, path: string[] = [], parameters?: unknown, depth = 0): { graph: ParsedGraph; issues: EngineIssue[] } {
  const issues: EngineIssue[] = [];
  const nodes = new Map<string, ParsedNode>();
  const graph: ParsedGraph = { nodes, parameters: parameterDefinitions(parameters) };
  issues.push(...parameterPatternIssues(graph.parameters, path));
  if (!isObject(raw)) {
    issues.push(graphIssue("a process graph must be an object of process nodes", path));
    return { graph, issues };
  }
  const results: string[] = [];
  for (const [id, value] of Object.entries(raw)) {
    const node = parseNode(id, value, path, issues, depth);
    if (node) nodes.set(id, node);
    if (isObject(value) && value.result === true) results.push(id);
  }
  if (results.length === 1) graph.resultId = results[0];
  else if (results.length === 0) issues.push(graphIssue("no node is flagged as result", path));
  else issues.push(graphIssue(`exactly one node must be flagged as result, not ${results.map((r) => `'${r}'`).join(", ")}`, path));

  for (const node of nodes.values()) {
    for (const target of Object.values(node.arguments).flatMap((arg) => nodeReferences(arg))) {
      // Own keys only: "constructor" or "toString" must not resolve to Object.prototype.
      if (!Object.hasOwn(raw, target)) issues.push(graphIssue(`node '${node.id}' refers to node '${target}', which is not in its process graph`, [...path, node.id]));
    }
  }
  findCycles(nodes, path, issues);
  return { graph, issues };
}

/** A process as sent to /validation, /result, /jobs: an object with a process_graph and optional metadata. */
export function parseProcess(raw: unknown): { graph?: ParsedGraph; issues: EngineIssue[] } {
  if (!isObject(raw) || !("process_graph" in raw)) return { issues: [issue("ProcessGraphMissing", {}, [])] };
  return parseProcessGraph(raw.process_graph, [], raw.parameters);
}
