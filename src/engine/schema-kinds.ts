/**
 * Loose compatibility of a value whose content is unknown before running (the result of another
 * node) with a parameter's schema: compare the kinds of values each schema admits, where a data
 * cube is its own kind (an object that only processes produce).
 */
import type { JsonSchema } from "../processes/types";
import { PRODUCED_SUBTYPES } from "./subtypes";

export type Schema = JsonSchema | JsonSchema[] | boolean;
type Kinds = Set<string> | "any";

function union(parts: Kinds[]): Kinds {
  if (parts.some((p) => p === "any")) return "any";
  return new Set(parts.flatMap((p) => [...(p as Set<string>)]));
}

/** The kinds of values a schema admits: JSON types (integer counted as number), "datacube", or any. */
export function kindsOf(schema: Schema | undefined): Kinds {
  if (schema === undefined || schema === true) return "any";
  if (schema === false) return new Set();
  if (Array.isArray(schema)) return union(schema.map(kindsOf));
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) return union(alternatives.map(kindsOf));
  if (typeof schema.subtype === "string" && PRODUCED_SUBTYPES.has(schema.subtype)) return new Set(["datacube"]);
  if (schema.type === undefined) return "any";
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  return new Set(types.map((t) => (t === "integer" ? "number" : t)));
}

/** Whether a value admitted by `produced` may be admitted by `expected`; data cubes pass as objects too. */
export function mayMatch(produced: Schema | undefined, expected: Schema): boolean {
  const from = kindsOf(produced);
  const to = kindsOf(expected);
  if (from === "any" || to === "any") return true;
  for (const kind of from) {
    if (to.has(kind) || (kind === "datacube" && to.has("object"))) return true;
  }
  return false;
}

export function describeKinds(schema: Schema | undefined): string {
  const kinds = kindsOf(schema);
  return kinds === "any" ? "any value" : [...kinds].join(" or ") || "nothing";
}
