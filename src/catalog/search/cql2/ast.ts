/**
 * The CQL2 abstract syntax tree: exactly the cql2-json encoding, so the text parser's output
 * can be serialised as cql2-json and JSON input is used as is after validation.
 */
import type { Geometry } from "../types";

export interface PropertyRef {
  property: string;
}
export interface TimestampLiteral {
  timestamp: string;
}
export interface DateLiteral {
  date: string;
}
/** Ends are instants (date or timestamp strings), ".." for open, or property references. */
export interface IntervalLiteral {
  interval: [string | PropertyRef, string | PropertyRef];
}
export interface BboxLiteral {
  bbox: number[];
}
export interface Cql2Operation {
  op: string;
  args: Cql2Operand[];
}

export type Cql2Operand =
  | string
  | number
  | boolean
  | PropertyRef
  | TimestampLiteral
  | DateLiteral
  | IntervalLiteral
  | BboxLiteral
  | Geometry
  | Cql2Operation
  | Cql2Operand[];

/** A whole filter: a boolean-valued operation or a boolean literal. */
export type Cql2Expression = boolean | Cql2Operation;

export const COMPARISON_OPS = ["=", "<>", "<", "<=", ">", ">="] as const;

/** Every operation the evaluator understands, with its arity (a minimum for variadic and/or). */
export const OPERATIONS: Record<string, { arity: number; variadic?: boolean }> = {
  and: { arity: 2, variadic: true },
  or: { arity: 2, variadic: true },
  not: { arity: 1 },
  ...Object.fromEntries(COMPARISON_OPS.map((op) => [op, { arity: 2 }])),
  like: { arity: 2 },
  between: { arity: 3 },
  in: { arity: 2 },
  isNull: { arity: 1 },
  casei: { arity: 1 },
  accenti: { arity: 1 },
  s_intersects: { arity: 2 },
  t_intersects: { arity: 2 },
};

/** Predicates (boolean-valued operations) as opposed to the string functions casei/accenti. */
export const PREDICATES = new Set(Object.keys(OPERATIONS).filter((op) => op !== "casei" && op !== "accenti"));
