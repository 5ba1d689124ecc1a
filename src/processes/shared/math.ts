import type { ParameterSpec, ProcessImplementation } from "../types";
import { NUMBER_OR_NULL } from "./schemas";
import { isNodata } from "./values";

type Run = ProcessImplementation["run"];

/** run() of a one-argument numeric process: no-data passes through, everything else is fn(x). */
export function unaryRun(name: string, fn: (x: number) => number): Run {
  return (args) => (isNodata(args[name]) ? null : fn(args[name] as number));
}

/** run() of a two-argument numeric process: no-data in either argument gives no-data. */
export function binaryRun(a: string, b: string, fn: (x: number, y: number) => number): Run {
  return (args) => (isNodata(args[a]) || isNodata(args[b]) ? null : fn(args[a] as number, args[b] as number));
}

/** The common "a number or no-data" parameter. */
export function numberParam(name: string, description: string): ParameterSpec {
  return { name, description, schema: NUMBER_OR_NULL };
}

/** IEEE 754 gives -0 for e.g. ceil(-0.5); openEO results are plain numbers, so report 0. */
export function noNegativeZero(x: number): number {
  return x === 0 ? 0 : x;
}
