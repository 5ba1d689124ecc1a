/**
 * Values that reach a process through a reference (another node's result, a parameter) were only
 * checked loosely at validation (mayMatch: their content is unknown before running). At run time
 * their kind is known: a text where an array belongs, or a number where a callback belongs, is the
 * graph's mistake (400), not a TypeError inside the process (500).
 */
import { OpenEOError } from "../errors";
import { kindsOf, type Schema } from "./schema-kinds";

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  // Callbacks are compiled process graphs, objects in the schemas.
  if (typeof value === "function") return "object";
  return typeof value;
}

/** Per parameter schema: this runs for every call, callbacks' per-pixel calls included. */
const kindsBySchema = new WeakMap<object, ReturnType<typeof kindsOf>>();

function cachedKinds(schema: Schema | undefined): ReturnType<typeof kindsOf> {
  if (typeof schema !== "object") return kindsOf(schema);
  let kinds = kindsBySchema.get(schema);
  if (!kinds) kindsBySchema.set(schema, (kinds = kindsOf(schema)));
  return kinds;
}

/** Throws ProcessParameterInvalid when `value` is of a kind `schema` admits in no alternative. */
export function checkValueKind(value: unknown, schema: Schema | undefined, process: string, parameter: string): void {
  const kinds = cachedKinds(schema);
  // Processes that take data cubes check them themselves (cubeArgument), and some take more than
  // cubes (save_result delivers any value as JSON).
  if (kinds === "any" || kinds.has("datacube")) return;
  const kind = kindOf(value);
  // No-data (null) is a number's, as the arithmetic processes take it (normalized_difference's vectors pass it).
  if (kinds.has(kind) || (kind === "null" && kinds.has("number"))) return;
  throw new OpenEOError("ProcessParameterInvalid", { process, parameter, reason: `it received ${kind === "object" ? "an object" : `a value of type ${kind}`}, but it takes ${[...kinds].join(" or ")}` });
}
