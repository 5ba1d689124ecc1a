import { graphIssue } from "./issues";
import type { Arg, EngineIssue, ParsedGraph } from "./types";

const RESERVED = ["from_node", "from_parameter", "process_graph"] as const;

export type GraphParser = (raw: unknown, path: string[], parameters: unknown, depth: number) => { graph: ParsedGraph; issues: EngineIssue[] };

/**
 * How many arrays, objects and child process graphs may enclose a value in a node's arguments.
 * Parsing, schema checks, evaluation and JSON output all recurse along this nesting, so it is
 * bounded far below the JS stack limit; real process graphs (GeoJSON included) nest about 10 deep.
 */
export const MAX_NESTING = 100;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Turns one argument value into an Arg tree, up to MAX_NESTING levels of arrays, objects and
 * child process graphs. `where` names the argument for messages; `path` locates the node;
 * `parseGraph` handles child process graphs (passed in to avoid an import cycle); `depth` counts
 * the levels enclosing `raw`.
 */
export function parseArgument(raw: unknown, where: string, path: string[], parseGraph: GraphParser, issues: EngineIssue[], depth = 0): Arg {
  if (raw === null || typeof raw === "boolean" || typeof raw === "string") return { kind: "literal", value: raw };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) issues.push(graphIssue(`argument '${where}' holds a number JSON can't represent`, path));
    return { kind: "literal", value: raw };
  }
  if (typeof raw === "object" && depth >= MAX_NESTING) {
    issues.push(graphIssue(`argument '${where}' is nested too deeply (more than ${MAX_NESTING} levels of arrays, objects and child process graphs)`, path));
    return { kind: "literal", value: null };
  }
  if (Array.isArray(raw)) {
    return { kind: "array", items: raw.map((item, i) => parseArgument(item, `${where}[${i}]`, path, parseGraph, issues, depth + 1)) };
  }
  if (!isObject(raw)) {
    issues.push(graphIssue(`argument '${where}' is not a JSON value`, path));
    return { kind: "literal", value: null };
  }
  const reserved = RESERVED.filter((key) => key in raw);
  if (reserved.length > 1) {
    issues.push(graphIssue(`argument '${where}' mixes the reserved keys ${reserved.join(", ")}`, path));
    return { kind: "literal", value: null };
  }
  if (reserved[0] === "process_graph") {
    // A user-defined process: the graph plus optional metadata, of which only `parameters` matters here.
    const child = parseGraph(raw.process_graph, [...path, where], raw.parameters, depth + 1);
    issues.push(...child.issues);
    return { kind: "callback", graph: child.graph };
  }
  if (reserved[0] === "from_node" || reserved[0] === "from_parameter") {
    const key = reserved[0];
    const target = raw[key];
    if (typeof target !== "string" || Object.keys(raw).length !== 1) {
      issues.push(graphIssue(`argument '${where}': a ${key} reference is an object with the single string property ${key}`, path));
      return { kind: "literal", value: null };
    }
    return key === "from_node" ? { kind: "node", node: target } : { kind: "parameter", name: target };
  }
  // fromEntries defines own properties: a key "__proto__" stays a key instead of replacing the prototype.
  const entries = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, parseArgument(value, `${where}.${key}`, path, parseGraph, issues, depth + 1)]));
  return { kind: "object", entries };
}

/** Every from_node target in an argument tree of one graph (not of its callbacks, which have their own scope). */
export function nodeReferences(arg: Arg, into: string[] = []): string[] {
  if (arg.kind === "node") into.push(arg.node);
  else if (arg.kind === "array") arg.items.forEach((item) => nodeReferences(item, into));
  else if (arg.kind === "object") Object.values(arg.entries).forEach((entry) => nodeReferences(entry, into));
  return into;
}

/** Every callback in an argument tree, with the argument path that leads to it. */
export function callbacks(arg: Arg, where: string, into: { where: string; graph: ParsedGraph }[] = []) {
  if (arg.kind === "callback") into.push({ where, graph: arg.graph });
  else if (arg.kind === "array") arg.items.forEach((item, i) => callbacks(item, `${where}[${i}]`, into));
  else if (arg.kind === "object") Object.entries(arg.entries).forEach(([key, entry]) => callbacks(entry, `${where}.${key}`, into));
  return into;
}
