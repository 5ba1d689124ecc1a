/**
 * Evaluates a callback over many pixels at once: each node of the child graph runs over whole
 * columns (one value per pixel) instead of the graph being walked once per pixel. Nodes call the
 * processes' own run() element by element, so the results are exactly those of a per-pixel call;
 * only the tree walk, the promises and the scopes per pixel are gone.
 *
 * Graphs outside what a column can express (callbacks inside the callback, user-defined processes,
 * array results, array inputs used other than by a reducer's `data`, a process that throws) are
 * given up on: the caller then calls the callback per pixel, which reports errors as usual.
 */
import { BudgetExceeded, budgetOf } from "../budget";
import type { ProcessContext, ProcessImplementation, VectorInput } from "../processes/types";
import type { ProcessResolver } from "./resolve";
import type { Scope } from "./scope";
import type { Arg, ParsedGraph, ParsedNode } from "./types";

/** Processes of scalar arguments (numbers, booleans, no-data) answering one scalar. */
const ELEMENTWISE = new Set([
  "absolute", "add", "arccos", "arcosh", "arcsin", "arctan", "arctan2", "arsinh", "artanh", "ceil", "clip", "constant", "cos", "cosh",
  "divide", "e", "exp", "floor", "int", "linear_scale_range", "ln", "log", "mod", "multiply", "normalized_difference", "pi", "power",
  "round", "sgn", "sin", "sinh", "sqrt", "subtract", "tan", "tanh",
  "between", "eq", "gt", "gte", "is_infinite", "is_nan", "is_nodata", "is_valid", "lt", "lte", "neq",
  "and", "if", "not", "or", "xor",
]);

/** Processes that take a pixel's labeled array as `data` and answer one scalar. */
const REDUCERS = new Set(["all", "any", "count", "first", "last", "max", "mean", "median", "min", "product", "sd", "sum", "variance", "array_element"]);

const compare = (test: (a: number, b: number) => boolean) => (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : test(a, b) ? 1 : 0);

/**
 * Processes with plain-loop forms over columns: their parameters (numbers or booleans, booleans as
 * 1/0, NaN as no-data) and the result on one element. `requires`: other arguments must have these
 * values (eq's delta), else the generic path runs.
 */
interface ColumnOp {
  params: string[];
  inputs: ("number" | "boolean")[];
  fn: (...values: number[]) => number;
  boolean: boolean;
  requires?: Record<string, unknown>;
}

const numeric = (fn: (a: number, b: number) => number): ColumnOp => ({ params: ["x", "y"], inputs: ["number", "number"], fn, boolean: false });
const comparison = (test: (a: number, b: number) => boolean, requires?: Record<string, unknown>): ColumnOp => ({ params: ["x", "y"], inputs: ["number", "number"], fn: compare(test), boolean: true, ...(requires ? { requires } : {}) });

const COLUMN_OPS: Record<string, ColumnOp> = {
  add: numeric((a, b) => a + b),
  subtract: numeric((a, b) => a - b),
  multiply: numeric((a, b) => a * b),
  divide: numeric((a, b) => a / b),
  normalized_difference: numeric((a, b) => (a - b) / (a + b)),
  gt: comparison((a, b) => a > b),
  gte: comparison((a, b) => a >= b),
  lt: comparison((a, b) => a < b),
  lte: comparison((a, b) => a <= b),
  eq: comparison((a, b) => a === b, { delta: null }),
  neq: comparison((a, b) => a !== b, { delta: null }),
  // openEO's three-valued logic: false wins in and, true wins in or, otherwise no-data spreads.
  and: { params: ["x", "y"], inputs: ["boolean", "boolean"], fn: (a, b) => (a === 0 || b === 0 ? 0 : Number.isNaN(a) || Number.isNaN(b) ? NaN : 1), boolean: true },
  or: { params: ["x", "y"], inputs: ["boolean", "boolean"], fn: (a, b) => (a === 1 || b === 1 ? 1 : Number.isNaN(a) || Number.isNaN(b) ? NaN : 0), boolean: true },
  not: { params: ["x"], inputs: ["boolean"], fn: (a) => (Number.isNaN(a) ? NaN : 1 - a), boolean: true },
  // No-data as the value chooses `reject`, as if does.
  if: { params: ["value", "accept", "reject"], inputs: ["boolean", "number", "number"], fn: (v, a, r) => (v === 1 ? a : r), boolean: false },
};

type Value =
  | { kind: "const"; value: unknown }
  | { kind: "column"; values: Float64Array; boolean: boolean }
  | { kind: "array"; columns: ArrayLike<number>[]; labels: (string | number)[] };

class GiveUp extends Error {}

/** A process's own `columns` failed: its verdict over all the pixels, reported as it is (no per-pixel retry). */
class BlockFailed extends Error {
  constructor(readonly error: unknown) {
    super("a process failed over a block of pixels");
  }
}

const cell = (v: number) => (Number.isNaN(v) ? null : v);

function columnElement(value: Value & { kind: "column" }, i: number): number | boolean | null {
  const v = value.values[i]!;
  if (Number.isNaN(v)) return null;
  return value.boolean ? v !== 0 : v;
}

/** Stores one result; the first non-null result fixes whether the column holds booleans or numbers. */
class ColumnWriter {
  readonly values: Float64Array;
  boolean: boolean | undefined;

  constructor(length: number) {
    this.values = new Float64Array(length);
  }

  write(i: number, result: unknown): void {
    if (result === null || result === undefined) {
      this.values[i] = NaN;
      return;
    }
    const type = typeof result;
    if (type !== "number" && type !== "boolean") throw new GiveUp();
    if (this.boolean === undefined) this.boolean = type === "boolean";
    else if (this.boolean !== (type === "boolean")) throw new GiveUp();
    this.values[i] = type === "boolean" ? (result ? 1 : 0) : (result as number);
  }

  done(): Value {
    return { kind: "column", values: this.values, boolean: this.boolean ?? false };
  }
}

class VectorFrame {
  private readonly results = new Map<string, Promise<Value>>();
  private readonly columns = new Map<string, Float64Array>();

  constructor(
    private readonly graph: ParsedGraph,
    private readonly inputs: Record<string, VectorInput>,
    private readonly scope: Scope,
    private readonly resolver: ProcessResolver,
    private readonly ctx: ProcessContext,
    private readonly length: number,
  ) {}

  /** A per-pixel input as a float64 column, converted once however often the graph reads it. */
  private column(name: string, values: ArrayLike<number>): Value {
    let column = this.columns.get(name);
    if (!column) this.columns.set(name, (column = Float64Array.from(values)));
    return { kind: "column", values: column, boolean: false };
  }

  node(id: string): Promise<Value> {
    let result = this.results.get(id);
    if (!result) {
      const node = this.graph.nodes.get(id);
      if (!node) throw new GiveUp();
      result = this.evaluate(node);
      this.results.set(id, result);
    }
    return result;
  }

  private async argument(arg: Arg): Promise<Value> {
    switch (arg.kind) {
      case "literal":
        return { kind: "const", value: arg.value };
      case "array": {
        const items = await Promise.all(arg.items.map((item) => this.argument(item)));
        if (items.some((item) => item.kind !== "const")) throw new GiveUp();
        return { kind: "const", value: items.map((item) => (item as { value: unknown }).value) };
      }
      case "object": {
        const entries = await Promise.all(Object.entries(arg.entries).map(async ([k, v]) => [k, await this.argument(v)] as const));
        if (entries.some(([, v]) => v.kind !== "const")) throw new GiveUp();
        return { kind: "const", value: Object.fromEntries(entries.map(([k, v]) => [k, (v as { value: unknown }).value])) };
      }
      case "node":
        return this.node(arg.node);
      case "parameter": {
        const input = this.inputs[arg.name];
        if (input?.kind === "column") return this.column(arg.name, input.values);
        if (input?.kind === "array") return { kind: "array", columns: input.columns, labels: input.labels };
        return { kind: "const", value: this.scope.lookup(arg.name) };
      }
      case "callback":
        throw new GiveUp();
    }
  }

  private async evaluate(node: ParsedNode): Promise<Value> {
    const resolved = await this.resolver.resolve(node.processId, node.namespace);
    if (resolved?.kind !== "predefined") throw new GiveUp();
    const implementation = resolved.implementation;
    budgetOf(this.ctx).spend(this.length, () => `'${node.processId}'`);
    const entries = await Promise.all(Object.entries(node.arguments).map(async ([k, v]) => [k, await this.argument(v)] as const));
    const args: Record<string, Value> = Object.fromEntries(entries);
    for (const parameter of implementation.spec.parameters) {
      if (!Object.hasOwn(args, parameter.name) && "default" in parameter) args[parameter.name] = { kind: "const", value: parameter.default };
    }
    if (implementation.columns) return this.block(implementation, args);
    if (REDUCERS.has(node.processId)) return this.reduce(implementation, args);
    if (!ELEMENTWISE.has(node.processId) || Object.values(args).some((a) => a.kind === "array")) throw new GiveUp();
    return this.elementwise(implementation, args);
  }

  private async elementwise(implementation: ProcessImplementation, args: Record<string, Value>): Promise<Value> {
    const fast = this.arithmetic(implementation.spec.id, args);
    if (fast) return fast;
    const columns = Object.entries(args).filter((e): e is [string, Value & { kind: "column" }] => e[1].kind === "column");
    const call: Record<string, unknown> = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.kind === "const" ? v.value : null]));
    if (columns.length === 0) return { kind: "const", value: await implementation.run(call, this.ctx) };
    const out = new ColumnWriter(this.length);
    for (let i = 0; i < this.length; i++) {
      for (const [name, column] of columns) call[name] = columnElement(column, i);
      const result = implementation.run(call, this.ctx);
      if (result instanceof Promise) throw new GiveUp();
      out.write(i, result);
    }
    return out.done();
  }

  /** A process that takes whole columns itself (run_udf sends them to its sandbox at once). */
  private async block(implementation: ProcessImplementation, args: Record<string, Value>): Promise<Value> {
    const inputs: Record<string, VectorInput> = {};
    const constants: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(args)) {
      if (value.kind === "const") constants[name] = value.value;
      else inputs[name] = value.kind === "column" ? { kind: "column", values: value.values } : { kind: "array", columns: value.columns, labels: value.labels };
    }
    const values = await implementation.columns!(inputs, constants, this.length, this.ctx).catch((error: unknown) => {
      throw new BlockFailed(error);
    });
    if (!values) throw new GiveUp();
    return { kind: "column", values, boolean: false };
  }

  /** A column operation's result by its plain loop, or undefined when its arguments don't fit (the generic path runs). */
  private arithmetic(id: string, args: Record<string, Value>): Value | undefined {
    const op = COLUMN_OPS[id];
    if (!op || Object.entries(op.requires ?? {}).some(([name, value]) => args[name]?.kind !== "const" || (args[name] as { value: unknown }).value !== value)) return undefined;
    const operands: Float64Array[] = [];
    for (const [k, name] of op.params.entries()) {
      const v = args[name];
      const boolean = op.inputs[k] === "boolean";
      if (v?.kind === "column" && v.boolean === boolean) operands.push(v.values);
      else if (v?.kind === "const" && (v.value === null || typeof v.value === (boolean ? "boolean" : "number"))) operands.push(Float64Array.of(v.value === null ? NaN : Number(v.value)));
      else return undefined;
    }
    if (operands.every((o) => o.length === 1)) return undefined;
    const out = new Float64Array(this.length);
    // A constant is a column of one value: stride 0. One loop per arity keeps the calls monomorphic.
    const [a, b, c] = operands as [Float64Array, Float64Array?, Float64Array?];
    const [sa, sb, sc] = operands.map((o) => (o.length === 1 ? 0 : 1)) as [number, number?, number?];
    const fn = op.fn;
    if (c) for (let i = 0; i < out.length; i++) out[i] = fn(a[i * sa]!, b![i * sb!]!, c[i * sc!]!);
    else if (b) for (let i = 0; i < out.length; i++) out[i] = fn(a[i * sa]!, b[i * sb!]!);
    else for (let i = 0; i < out.length; i++) out[i] = fn(a[i * sa]!);
    return { kind: "column", values: out, boolean: op.boolean };
  }

  private reduce(implementation: ProcessImplementation, args: Record<string, Value>): Value {
    const data = args.data;
    if (data?.kind !== "array" || Object.entries(args).some(([k, v]) => k !== "data" && v.kind !== "const")) throw new GiveUp();
    const call: Record<string, unknown> = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v.kind === "const" ? v.value : null]));
    if (implementation.spec.id === "array_element") return this.element(data, call);
    const values = Object.assign(new Array<number | null>(data.columns.length), { labels: data.labels });
    call.data = values;
    const out = new ColumnWriter(this.length);
    for (let i = 0; i < this.length; i++) {
      for (let k = 0; k < values.length; k++) values[k] = cell(data.columns[k]![i]!);
      const result = implementation.run(call, this.ctx);
      if (result instanceof Promise) throw new GiveUp();
      out.write(i, result);
    }
    return out.done();
  }

  /** array_element picks the same position in every pixel's array: that column. */
  private element(data: Value & { kind: "array" }, call: Record<string, unknown>): Value {
    const { index = null, label = null } = call;
    const position = typeof index === "number" ? index : typeof label === "string" || typeof label === "number" ? data.labels.indexOf(label) : -1;
    const column = data.columns[position];
    if (!column || (index !== null && label !== null)) throw new GiveUp(); // Errors and edge cases: the per-pixel call decides.
    return { kind: "column", values: Float64Array.from(column), boolean: false };
  }
}

/**
 * The graph's result for every pixel (NaN for no-data, booleans as 1/0), or undefined when the
 * graph can't be evaluated by columns (see above). `scope` supplies the parameters that are not
 * per-pixel inputs.
 */
export async function evaluateColumns(
  graph: ParsedGraph,
  inputs: Record<string, VectorInput>,
  scope: Scope,
  resolver: ProcessResolver,
  ctx: ProcessContext,
  length: number,
): Promise<Float64Array | undefined> {
  if (graph.resultId === undefined) return undefined;
  try {
    const result = await new VectorFrame(graph, inputs, scope, resolver, ctx, length).node(graph.resultId);
    if (result.kind === "column") return result.values;
    if (result.kind === "const" && (result.value === null || typeof result.value === "number" || typeof result.value === "boolean")) {
      const v = result.value;
      return new Float64Array(length).fill(v === null ? NaN : Number(v));
    }
    return undefined;
  } catch (error) {
    if (error instanceof BudgetExceeded) throw error;
    if (error instanceof BlockFailed) throw error.error;
    // GiveUp, or a process failing on some element: the per-pixel call reports errors as usual.
    return undefined;
  }
}
