/**
 * Arguments as the graph writes them out, for what is decided before the graph runs (how strips
 * are cut): plain values, or nothing when one of them is computed by a node or comes from a parameter.
 */
import type { Arg } from "../engine/types";

function plain(arg: Arg): { value: unknown } | undefined {
  if (arg.kind === "literal") return { value: arg.value };
  if (arg.kind === "array") {
    const items = arg.items.map(plain);
    return items.every((item) => item !== undefined) ? { value: items.map((item) => item!.value) } : undefined;
  }
  if (arg.kind === "object") {
    const entries = Object.entries(arg.entries).map(([key, value]) => [key, plain(value)] as const);
    return entries.every(([, value]) => value !== undefined) ? { value: Object.fromEntries(entries.map(([key, value]) => [key, value!.value])) } : undefined;
  }
  return undefined;
}

/** The plain values of `names` (absent ones left out), or undefined when any of them isn't written out. */
export function literalArgs(args: Readonly<Record<string, Arg>>, names: string[]): Record<string, unknown> | undefined {
  const values: Record<string, unknown> = {};
  for (const name of names) {
    const arg = args[name];
    if (arg === undefined) continue;
    const value = plain(arg);
    if (!value) return undefined;
    values[name] = value.value;
  }
  return values;
}
