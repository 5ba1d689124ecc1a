/**
 * apply_dimension's callbacks over many pixels at once: a callback that is one call of a process
 * with a `lanes` form (run_udf, cumsum and its kin, fit_curve), its `data` the pixel's labeled array and every other argument
 * fixed, runs that process over all the pixels (vectorize.ts does the same for one value per pixel).
 */
import { budgetOf } from "../budget";
import type { Callback, ParameterSpec, ProcessContext } from "../processes/types";
import type { ProcessResolver } from "./resolve";
import type { Scope } from "./scope";
import type { Arg, ParsedGraph } from "./types";

/** An argument that is the same for every pixel (literals, and parameters other than `data`), or undefined. */
function fixed(arg: Arg, scope: Scope): { value: unknown } | undefined {
  switch (arg.kind) {
    case "literal":
      return { value: arg.value };
    case "parameter":
      return arg.name === "data" ? undefined : { value: scope.lookup(arg.name) };
    case "array": {
      const items = arg.items.map((item) => fixed(item, scope));
      return items.every((item) => item) ? { value: items.map((item) => item!.value) } : undefined;
    }
    case "object": {
      const entries = Object.entries(arg.entries).map(([k, v]) => [k, fixed(v, scope)] as const);
      return entries.every(([, v]) => v) ? { value: Object.fromEntries(entries.map(([k, v]) => [k, v!.value])) } : undefined;
    }
    default:
      return undefined;
  }
}

/** Compiles a child process graph given as an argument (fit_curve's `function`) with the schema of the parameter it is given for. */
export type CompileCallback = (graph: ParsedGraph, schema: ParameterSpec["schema"] | undefined) => Callback;

/**
 * A callback that is one call of a process with a `lanes` form (run_udf, the cum* processes, fit_curve), its `data` the pixel's
 * labeled array and every other argument fixed (a child process graph counts as fixed: it is the same
 * for every pixel): that process over all the pixels at once. Anything else is undefined (the caller
 * goes pixel by pixel).
 */
export async function evaluateLanes(
  graph: ParsedGraph,
  data: { columns: ArrayLike<number>[]; labels: (string | number)[] },
  scope: Scope,
  resolver: ProcessResolver,
  ctx: ProcessContext,
  length: number,
  compile: CompileCallback,
): Promise<Float64Array[] | undefined> {
  const node = graph.resultId === undefined || graph.nodes.size !== 1 ? undefined : graph.nodes.get(graph.resultId);
  if (!node) return undefined;
  const resolved = await resolver.resolve(node.processId, node.namespace);
  if (resolved?.kind !== "predefined" || !resolved.implementation.lanes) return undefined;
  const constants: Record<string, unknown> = {};
  for (const [name, arg] of Object.entries(node.arguments)) {
    if (name === "data") {
      if (arg.kind !== "parameter" || arg.name !== "data") return undefined;
      continue;
    }
    if (arg.kind === "callback") {
      constants[name] = compile(arg.graph, resolved.implementation.spec.parameters.find((p) => p.name === name)?.schema);
      continue;
    }
    const value = fixed(arg, scope);
    if (!value) return undefined;
    constants[name] = value.value;
  }
  if (!Object.hasOwn(node.arguments, "data")) return undefined;
  for (const parameter of resolved.implementation.spec.parameters) {
    if (!Object.hasOwn(constants, parameter.name) && parameter.name !== "data" && "default" in parameter) constants[parameter.name] = parameter.default;
  }
  budgetOf(ctx).spend(length, () => `'${node.processId}'`);
  return resolved.implementation.lanes(data, constants, length, ctx);
}
