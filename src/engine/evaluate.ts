import { BudgetExceeded, CALL_COST, WorkBudget } from "../budget";
import type { DataContext } from "../cube/context";
import { OpenEOError } from "../errors";
import type { Callback, JsonSchema, ParameterSpec, ProcessContext } from "../processes/types";
import { issueToError } from "./issues";
import { nodeReferences } from "./parse-arguments";
import { declaredParameters, ProcessResolver, type ResolvedProcess } from "./resolve";
import { Scope } from "./scope";
import { checkValueKind } from "./value-kinds";
import type { Arg, EngineEnv, EngineIssue, ParsedGraph, ParsedNode, UserProcess } from "./types";
import { checkProcess, validateGraph } from "./validate";
import { evaluateLanes } from "./lanes";
import { evaluateColumns } from "./vectorize";

export interface EvaluateOptions {
  ctx: ProcessContext;
  /** Values for the process's own parameters (such as a service's extent); others fall back to their defaults. */
  parameters?: Record<string, unknown>;
}

/** User-defined processes may call each other, and themselves; this bounds runaway recursion. */
const MAX_USER_PROCESS_DEPTH = 32;

interface Run {
  resolver: ProcessResolver;
  /** The caller's context with the run's budget. */
  ctx: ProcessContext & { budget: WorkBudget };
  depth: number;
}

/** One evaluation of one graph: its parameter scope and each node's result, computed at most once. */
class Frame {
  private readonly results = new Map<string, Promise<unknown>>();

  constructor(
    private readonly graph: ParsedGraph,
    readonly scope: Scope,
    readonly run: Run,
  ) {}

  async result(): Promise<unknown> {
    if (this.graph.resultId === undefined) throw new OpenEOError("ProcessGraphInvalid");
    return this.node(this.graph.resultId);
  }

  node(id: string): Promise<unknown> {
    let result = this.results.get(id);
    if (!result) {
      const node = this.graph.nodes.get(id);
      // Validation rules this out; a graph evaluated unvalidated fails cleanly instead.
      result = node ? evaluateNode(node, this) : Promise.reject(new OpenEOError("ProcessGraphInvalid"));
      this.results.set(id, result);
    }
    return result;
  }

  /**
   * A callback: evaluates the child graph afresh for each call (or over columns of pixels, see
   * vectorize.ts), inside this frame's scope. Defaults
   * come from the child's own parameter definitions, then from those its parent process declares.
   */
  compile(graph: ParsedGraph, declared: ParameterSpec[] = []): Callback {
    const definitions = [...graph.parameters, ...declared];
    const run = callbackRun(this.run);
    const callback: Callback = (parameters) => new Frame(graph, new Scope(parameters, definitions, this.scope), run).result();
    callback.columns = (inputs, constants, length) => evaluateColumns(graph, inputs, new Scope(constants, definitions, this.scope), run.resolver, run.ctx, length);
    callback.lanes = (data, constants, length) => {
      const scope = new Scope(constants, definitions, this.scope);
      // A child graph among the call's arguments is compiled inside this callback's scope, as a per-pixel call would.
      const frame = new Frame(graph, scope, run);
      return evaluateLanes(graph, data, scope, run.resolver, run.ctx, length, (child, schema) => frame.compile(child, callbackParameters(schema)));
    };
    return callback;
  }

  async value(arg: Arg, declared?: ParameterSpec[]): Promise<unknown> {
    switch (arg.kind) {
      case "literal":
        return arg.value;
      case "array": {
        // Literal elements need no promise each, so a large literal array costs little more than itself.
        const items = arg.items.map((item) => (item.kind === "literal" ? item.value : this.value(item)));
        return items.some((item) => item instanceof Promise) ? Promise.all(items) : items;
      }
      case "object": {
        const entries = await Promise.all(Object.entries(arg.entries).map(async ([k, v]) => [k, await this.value(v)] as const));
        return Object.fromEntries(entries);
      }
      case "node":
        return this.node(arg.node);
      case "parameter":
        return this.scope.lookup(arg.name);
      case "callback":
        return this.compile(arg.graph, declared);
    }
  }
}

/**
 * The run as a callback sees it: without the strip's window. A strip's window is the top-level
 * graph's; a callback's cube (apply_polygon's sub cube, a neighbourhood) is its own whole, which a
 * process inside (apply_neighborhood, say) must compute in one piece, not as a strip of the result.
 */
function callbackRun(run: Run): Run {
  const data = (run.ctx as DataContext).data;
  if (!data?.window) return run;
  const { window: _, ...whole } = data;
  return { ...run, ctx: { ...run.ctx, data: whole } as Run["ctx"] };
}

/** `if` computes only the branch it returns (meta/implementation.md, "Branching behavior"). */
async function lazyIfArguments(node: ParsedNode, frame: Frame): Promise<Record<string, unknown>> {
  const value = node.arguments.value ? await frame.value(node.arguments.value) : null;
  const chosen = value === true ? "accept" : "reject";
  const args: Record<string, unknown> = { value, accept: null, reject: null };
  if (node.arguments[chosen]) args[chosen] = await frame.value(node.arguments[chosen]);
  else delete args[chosen]; // Left to the parameter's default.
  return args;
}

/** The parameters a process-graph schema (or one of its alternatives) declares for the callback. */
function callbackParameters(schema: ParameterSpec["schema"] | undefined): ParameterSpec[] | undefined {
  const alternatives = Array.isArray(schema) ? schema : schema ? [schema, ...((schema.anyOf as JsonSchema[] | undefined) ?? [])] : [];
  const found = alternatives.find((s) => s.subtype === "process-graph" && Array.isArray(s.parameters));
  return found?.parameters as ParameterSpec[] | undefined;
}

async function argumentsOf(node: ParsedNode, resolved: ResolvedProcess, frame: Frame): Promise<Record<string, unknown>> {
  const lazy = resolved.kind === "predefined" && node.processId === "if";
  const parameters = declaredParameters(resolved) ?? [];
  const schemaOf = (name: string) => parameters.find((p) => p.name === name)?.schema;
  const args = lazy
    ? await lazyIfArguments(node, frame)
    : Object.fromEntries(
        await Promise.all(Object.entries(node.arguments).map(async ([k, v]) => [k, await frame.value(v, callbackParameters(schemaOf(k)))] as const)),
      );
  for (const parameter of parameters) {
    // Own keys only: a user-defined process may name a parameter "constructor".
    if (!Object.hasOwn(args, parameter.name) && "default" in parameter) args[parameter.name] = parameter.default;
    const arg = node.arguments[parameter.name];
    if (resolved.kind === "predefined" && (arg?.kind === "node" || arg?.kind === "parameter")) checkValueKind(args[parameter.name], parameter.schema, node.processId, parameter.name);
  }
  return args;
}

/** Stored processes were valid when stored, but the processes they call may have changed since. */
const userGraphChecks = new WeakMap<ParsedGraph, Promise<EngineIssue[]>>();

async function checkedUserGraph(process: UserProcess, resolver: ProcessResolver): Promise<ParsedGraph> {
  const { graph, issues } = resolver.userGraph(process);
  let checks = userGraphChecks.get(graph);
  if (!checks) {
    checks = validateGraph(graph, resolver, [process.id]).then((found) => [...issues, ...found]);
    userGraphChecks.set(graph, checks);
  }
  const [first] = await checks;
  if (first) throw issueToError(first);
  return graph;
}

/**
 * Elements a call handles, as the engine sees them: the lengths of its array and text arguments
 * (and of the arrays inside an array, such as a kernel's rows). Processes charge their own extra
 * work (pixels, kernels) themselves.
 */
function elementsOf(args: Record<string, unknown>): number {
  let elements = 0;
  for (const value of Object.values(args)) {
    if (typeof value === "string") elements += value.length;
    else if (Array.isArray(value)) {
      elements += value.length;
      for (const item of value) if (Array.isArray(item) || typeof item === "string") elements += item.length;
    }
  }
  return elements;
}

/**
 * A process's result measured against the size one value may take: processes check what they
 * build from their arguments beforehand; this catches what grows step by step (a cube whose
 * dimensions multiply, an array doubled again and again) before the next process builds on it.
 */
function sized(value: unknown, budget: WorkBudget): unknown {
  if (typeof value === "string") budget.reserve(value.length * 2, () => `the text (${value.length.toLocaleString("en")} characters)`);
  else if (Array.isArray(value)) budget.reserveElements(value.length);
  else if ((value as { kind?: unknown } | null)?.kind === "raster") {
    const { planes, grid } = value as { planes: unknown[]; grid: { width: number; height: number } };
    budget.reserve(planes.length * grid.width * grid.height * 4, () => `the data cube (${planes.length} images of ${grid.width} x ${grid.height} px)`);
  }
  return value;
}

/** Over budget somewhere inside this node (and not inside a node deeper down): the node is named. */
function placed(error: unknown, node: ParsedNode): unknown {
  return error instanceof BudgetExceeded && !error.node ? new BudgetExceeded(error.detail, { id: node.id, process: node.processId }) : error;
}

async function evaluateNode(node: ParsedNode, frame: Frame): Promise<unknown> {
  const { budget } = frame.run.ctx;
  try {
    budget.enter();
    return await callNode(node, frame);
  } catch (error) {
    throw placed(error, node);
  } finally {
    budget.leave();
  }
}

async function callNode(node: ParsedNode, frame: Frame): Promise<unknown> {
  const { resolver, ctx, depth } = frame.run;
  await ctx.budget.checkpoint();
  const resolved = await resolver.resolve(node.processId, node.namespace);
  if (!resolved) throw new OpenEOError("ProcessUnsupported", { process: node.processId, namespace: node.namespace ?? "backend or user" });
  const args = await argumentsOf(node, resolved, frame);
  ctx.budget.spend(CALL_COST + elementsOf(args), () => `'${node.processId}'`);
  if (resolved.kind === "predefined") return sized(await resolved.implementation.run(args, ctx), ctx.budget);

  if (depth >= MAX_USER_PROCESS_DEPTH) {
    throw new OpenEOError("ProcessGraphInvalid", {}, { message: `User-defined processes are nested more than ${MAX_USER_PROCESS_DEPTH} levels deep at '${node.processId}'.` });
  }
  const graph = await checkedUserGraph(resolved.process, resolver);
  // A user-defined process sees only its own arguments, not the caller's parameters.
  return new Frame(graph, new Scope(args, graph.parameters), { resolver, ctx, depth: depth + 1 }).result();
}

/** Nodes whose value no other node uses: besides the result node, the graph's other outputs (such as a second save_result). */
function endNodes(graph: ParsedGraph): string[] {
  const used = new Set<string>();
  for (const node of graph.nodes.values()) for (const arg of Object.values(node.arguments)) nodeReferences(arg, []).forEach((id) => used.add(id));
  return [...graph.nodes.keys()].filter((id) => !used.has(id) && id !== graph.resultId);
}

/**
 * Evaluates a parsed graph that passed validation: the result node and every other end node (the
 * API executes all of a graph's nodes; nodes only an unchosen `if` branch uses are skipped, as
 * the processes' branching rules ask). Callbacks compute only what their result needs.
 */
export async function evaluateGraph(graph: ParsedGraph, env: EngineEnv, options: EvaluateOptions): Promise<unknown> {
  const ctx = { ...options.ctx, budget: env.budget ?? options.ctx.budget ?? new WorkBudget() };
  const run: Run = { resolver: new ProcessResolver(env), ctx, depth: 0 };
  const frame = new Frame(graph, new Scope(options.parameters ?? {}, graph.parameters), run);
  const result = await frame.result();
  for (const id of endNodes(graph)) await frame.node(id);
  return result;
}

/** Validates a process ({process_graph, ...}) and evaluates it; the first issue is thrown as an OpenEOError. */
export async function runProcess(process: unknown, env: EngineEnv, options: EvaluateOptions): Promise<unknown> {
  const { graph, issues } = await checkProcess(process, env);
  if (!graph) throw issueToError(issues[0]!); // checkProcess returns no graph only with issues
  return evaluateGraph(graph, env, options);
}
