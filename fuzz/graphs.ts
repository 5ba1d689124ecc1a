// Random process graphs from the registered processes: arguments from each parameter's schema,
// from_node chains between random earlier nodes, cubes from load_collection of the seeded
// collections, callbacks with random child graphs of their own parameters.
import { acceptsCube, returnsCube, type Catalog, type CollectionInfo, type ProcessSpec } from "./catalog";
import type { Rng } from "./prng";
import { valueFor, type ValueContext } from "./values";

export type ProcessGraph = Record<string, { process_id: string; namespace?: string; arguments: Record<string, unknown>; result?: boolean }>;

export interface GraphOptions {
  illTyped: number;
  maxNodes: number;
  maxDepth: number;
  /** Stored processes (namespace user) a node may call. */
  userProcesses: string[];
}

interface Builder {
  rng: Rng;
  catalog: Catalog;
  options: GraphOptions;
  collection: CollectionInfo;
  cubeProcesses: ProcessSpec[];
  valueProcesses: ProcessSpec[];
}

function nodeId(rng: Rng, i: number): string {
  return rng.chance(0.05) ? rng.pick([`n${i}-ä`, `${i}`, `node ${i}`, `n_${"x".repeat(50)}${i}`]) : `n${i}`;
}

function loadCollection(b: Builder, graph: ProcessGraph, ids: string[]): string {
  const spec = b.catalog.processes.find((p) => p.id === "load_collection")!;
  const id = nodeId(b.rng, ids.length);
  graph[id] = { process_id: "load_collection", arguments: argumentsFor(b, spec, graph, ids, [], 0) };
  ids.push(id);
  return id;
}

function argumentsFor(b: Builder, spec: ProcessSpec, graph: ProcessGraph, ids: string[], scope: string[], depth: number): Record<string, unknown> {
  const { rng } = b;
  const earlier = [...ids];
  const ctx: ValueContext = {
    rng,
    catalog: b.catalog,
    collection: b.collection,
    scope,
    illTyped: b.options.illTyped,
    callback: (schema) => ({ process_graph: childGraph(b, ((schema.parameters ?? []) as { name: string }[]).map((p) => p.name), depth + 1) }),
    cube: () => {
      const cubes = earlier.filter((id) => returnsCube(specOf(b, graph[id]!.process_id)));
      if (cubes.length && rng.chance(0.8)) return { from_node: rng.pick(cubes) };
      if (depth > 0) return scope.length ? { from_parameter: rng.pick(scope) } : null;
      return { from_node: loadCollection(b, graph, ids) };
    },
  };
  const args: Record<string, unknown> = {};
  for (const p of spec.parameters) {
    if (p.optional && rng.chance(0.4)) continue;
    if (earlier.length && !acceptsCube(p.schema) && rng.chance(0.15)) args[p.name] = { from_node: rng.pick(earlier) };
    else args[p.name] = valueFor(p.schema, ctx);
  }
  if (rng.chance(b.options.illTyped / 2)) args[rng.pick(["nope", "x", "data", "context"])] = rng.pick([1, "a", null]);
  return args;
}

const specOf = (b: Builder, id: string) => b.catalog.processes.find((p) => p.id === id) ?? { id, parameters: [], returns: { schema: {} } };

function addNodes(b: Builder, graph: ProcessGraph, scope: string[], depth: number, count: number, preferCubes: boolean): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { rng } = b;
    if (depth === 0 && b.options.userProcesses.length && rng.chance(0.03)) {
      const id = nodeId(rng, ids.length);
      graph[id] = { process_id: rng.pick(b.options.userProcesses), namespace: "user", arguments: { x: rng.int(0, 3), data: ids.length ? { from_node: rng.pick(ids) } : null } };
      ids.push(id);
      continue;
    }
    const spec = rng.pick(preferCubes && rng.chance(0.6) ? b.cubeProcesses : b.valueProcesses);
    const args = argumentsFor(b, spec, graph, ids, scope, depth);
    const id = nodeId(rng, ids.length);
    graph[id] = { process_id: spec.id, arguments: args };
    ids.push(id);
  }
  return ids;
}

function childGraph(b: Builder, scope: string[], depth: number): ProcessGraph {
  const graph: ProcessGraph = {};
  if (depth > b.options.maxDepth) {
    graph.r = { process_id: "constant", arguments: { x: scope.length ? { from_parameter: b.rng.pick(scope) } : 1 }, result: true };
    return graph;
  }
  const ids = addNodes(b, graph, scope, depth, b.rng.int(1, 3), false);
  graph[ids.at(-1)!]!.result = true;
  return graph;
}

/** A random top-level process graph; its last node is the result, a save_result now and then. */
export function randomGraph(rng: Rng, catalog: Catalog, options: GraphOptions): ProcessGraph {
  const cubeProcesses = catalog.processes.filter((p) => p.id !== "save_result" && (returnsCube(p) || p.parameters.some((q) => acceptsCube(q.schema))));
  const valueProcesses = catalog.processes.filter((p) => !cubeProcesses.includes(p) && p.id !== "save_result");
  const b: Builder = { rng, catalog, options, collection: rng.pick(catalog.collections), cubeProcesses, valueProcesses };
  const graph: ProcessGraph = {};
  const ids = addNodes(b, graph, [], 0, rng.int(1, options.maxNodes), rng.chance(0.7));
  const last = ids.at(-1)!;
  if (rng.chance(0.5) && returnsCube(specOf(b, graph[last]!.process_id))) {
    const save = catalog.processes.find((p) => p.id === "save_result")!;
    const args = argumentsFor(b, save, graph, [last], [], 0);
    graph.save = { process_id: "save_result", arguments: { ...args, data: { from_node: last } }, result: true };
  } else {
    graph[last]!.result = true;
  }
  return graph;
}

/** The nodes a node needs, itself included: the smallest graph that still computes it. */
export function ancestors(graph: ProcessGraph, id: string): ProcessGraph {
  const keep = new Set<string>();
  const visit = (node: string) => {
    if (keep.has(node) || !graph[node]) return;
    keep.add(node);
    JSON.stringify(graph[node]!.arguments, (key, value) => {
      if (key === "from_node" && typeof value === "string") visit(value);
      return value;
    });
  };
  visit(id);
  return Object.fromEntries([...keep].map((k) => [k, { ...graph[k]!, result: k === id ? true : undefined }]));
}
