import { issue } from "./issues";
import { callbacks } from "./parse-arguments";
import { parseProcess } from "./parse-graph";
import { declaredParameters, declaredReturns, isRequired, ProcessResolver, type ResolvedProcess } from "./resolve";
import { checkArg } from "./schema-check";
import type { Arg, EngineEnv, EngineIssue, ParsedGraph, ParsedNode } from "./types";

function checkArguments(node: ParsedNode, resolved: ResolvedProcess, returnsOf: (id: string) => ReturnType<typeof declaredReturns>, at: string[]): EngineIssue[] {
  const parameters = declaredParameters(resolved);
  if (!parameters) return [];
  const found: EngineIssue[] = [];
  const process = node.processId;
  for (const parameter of parameters) {
    // Own keys only: a user-defined process may name a parameter "constructor".
    if (isRequired(parameter) && !Object.hasOwn(node.arguments, parameter.name)) {
      found.push(issue("ProcessParameterRequired", { process, parameter: parameter.name }, at));
    }
  }
  for (const [name, arg] of Object.entries(node.arguments)) {
    const parameter = parameters.find((p) => p.name === name);
    if (!parameter) {
      found.push(issue("ProcessParameterUnsupported", { process, parameter: name }, at));
      continue;
    }
    const reason = checkArg(arg, parameter.schema, { returnsOf });
    if (reason) found.push(issue("ProcessParameterInvalid", { process, parameter: name, reason }, at));
  }
  if (found.length === 0 && resolved.kind === "predefined" && resolved.implementation.checkLiterals) {
    const literals = Object.fromEntries(Object.entries(node.arguments).flatMap(([name, arg]) => (isLiteral(arg) ? [[name, plainValue(arg)]] : [])));
    for (const { parameter, reason } of resolved.implementation.checkLiterals(literals)) found.push(issue("ProcessParameterInvalid", { process, parameter, reason }, at));
  }
  return found;
}

/** Whether an argument is plain JSON, with no reference or callback anywhere inside. */
function isLiteral(arg: Arg): boolean {
  if (arg.kind === "literal") return true;
  if (arg.kind === "array") return arg.items.every(isLiteral);
  if (arg.kind === "object") return Object.values(arg.entries).every(isLiteral);
  return false;
}

function plainValue(arg: Arg): unknown {
  if (arg.kind === "array") return arg.items.map(plainValue);
  if (arg.kind === "object") return Object.fromEntries(Object.entries(arg.entries).map(([k, v]) => [k, plainValue(v)]));
  return arg.kind === "literal" ? arg.value : undefined;
}

/** Literal collection ids (subtype collection-id, as load_collection's `id`) must name a collection. */
async function checkCollections(node: ParsedNode, resolved: ResolvedProcess, resolver: ProcessResolver, at: string[]): Promise<EngineIssue[]> {
  const found: EngineIssue[] = [];
  for (const parameter of declaredParameters(resolved) ?? []) {
    const arg = node.arguments[parameter.name];
    const schemas = Array.isArray(parameter.schema) ? parameter.schema : [parameter.schema];
    if (!Object.hasOwn(node.arguments, parameter.name) || arg?.kind !== "literal" || typeof arg.value !== "string") continue;
    if (!schemas.some((schema) => schema.subtype === "collection-id")) continue;
    if ((await resolver.collectionExists(arg.value)) === false) found.push(issue("CollectionNotFound", { identifier: arg.value }, at));
  }
  return found;
}

/**
 * Checks every node of a parsed graph and of its callbacks, at any depth: the process exists in
 * its namespace, required parameters are given, no unknown ones are, each argument fits its
 * parameter's schema (results of other nodes loosely, by what their processes return), and
 * literal collection ids name existing collections.
 */
export async function validateGraph(graph: ParsedGraph, resolver: ProcessResolver, path: string[] = []): Promise<EngineIssue[]> {
  const nodes = [...graph.nodes.values()];
  const resolved = new Map(await Promise.all(nodes.map(async (n) => [n.id, await resolver.resolve(n.processId, n.namespace)] as const)));
  const returnsOf = (id: string) => {
    const upstream = resolved.get(id);
    return upstream && declaredReturns(upstream);
  };
  const found: EngineIssue[] = [];
  for (const node of nodes) {
    const at = [...path, node.id];
    const process = resolved.get(node.id);
    if (process) found.push(...checkArguments(node, process, returnsOf, at), ...(await checkCollections(node, process, resolver, at)));
    else found.push(issue("ProcessUnsupported", { process: node.processId, namespace: node.namespace ?? "backend or user" }, at));
    for (const [name, arg] of Object.entries(node.arguments)) {
      for (const child of callbacks(arg, name)) found.push(...(await validateGraph(child.graph, resolver, [...at, child.where])));
    }
  }
  return found;
}

/** Parses and validates a process ({process_graph, parameters?, ...}); the graph is returned for evaluation when there are no issues. */
export async function checkProcess(process: unknown, env: EngineEnv): Promise<{ graph?: ParsedGraph; issues: EngineIssue[] }> {
  const parsed = parseProcess(process);
  if (!parsed.graph) return parsed;
  const issues = [...parsed.issues, ...(await validateGraph(parsed.graph, new ProcessResolver(env)))];
  return issues.length ? { issues } : { graph: parsed.graph, issues };
}
