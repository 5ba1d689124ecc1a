/**
 * A JSON Schema (draft-07) checker for the subset openEO process definitions use, applied to
 * parsed argument trees: literal parts are checked fully, references to other nodes loosely
 * against what the node returns, parameter references not at all (their values come later).
 */
import type { JsonSchema } from "../processes/types";
import { matchesPattern, UnsupportedPattern } from "./pattern";
import { describeKinds, mayMatch, type Schema } from "./schema-kinds";
import { checkSubtype, PRODUCED_SUBTYPES, SELF_CHECKED_SUBTYPES } from "./subtypes";
import type { Arg } from "./types";

export interface CheckContext {
  /** The return schema of the node a from_node refers to; undefined when unknown. */
  returnsOf(nodeId: string): Schema | undefined;
}

type Reason = string | undefined;
const UNKNOWN = Symbol("contains references");

/** The JSON value of an argument tree, or UNKNOWN when it contains references or callbacks. */
function plain(arg: Arg): unknown {
  if (arg.kind === "literal") return arg.value;
  if (arg.kind === "array") {
    const items = arg.items.map(plain);
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  if (arg.kind === "object") {
    const entries = Object.entries(arg.entries).map(([k, v]) => [k, plain(v)] as const);
    return entries.some(([, v]) => v === UNKNOWN) ? UNKNOWN : Object.fromEntries(entries);
  }
  return UNKNOWN;
}

function jsonType(arg: Arg): string {
  if (arg.kind === "array" || arg.kind === "object") return arg.kind;
  const value = (arg as { value: unknown }).value;
  return value === null ? "null" : typeof value;
}

function typeMatches(arg: Arg, type: unknown): boolean {
  const actual = jsonType(arg);
  return (Array.isArray(type) ? type : [type]).some(
    (t) => t === actual || (t === "integer" && actual === "number" && Number.isInteger((arg as { value: number }).value)),
  );
}

function alternatives(arg: Arg, schemas: Schema[], ctx: CheckContext): Reason {
  const reasons: string[] = [];
  for (const schema of schemas) {
    const reason = checkArg(arg, schema, ctx);
    if (reason === undefined) return undefined;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return reasons.length === 1 ? reasons[0] : `none of the allowed forms fits (${reasons.join("; ")})`;
}

function checkNumber(value: number, s: JsonSchema): Reason {
  const min = s.minimum as number | undefined;
  const max = s.maximum as number | undefined;
  // openEO writes exclusive bounds as minimumExclusive/maximumExclusive; draft-07 as exclusiveMinimum/Maximum.
  const xmin = (s.exclusiveMinimum ?? s.minimumExclusive) as number | undefined;
  const xmax = (s.exclusiveMaximum ?? s.maximumExclusive) as number | undefined;
  if (typeof min === "number" && value < min) return `${value} is less than the minimum ${min}`;
  if (typeof max === "number" && value > max) return `${value} is greater than the maximum ${max}`;
  if (typeof xmin === "number" && value <= xmin) return `${value} must be greater than ${xmin}`;
  if (typeof xmax === "number" && value >= xmax) return `${value} must be less than ${xmax}`;
  return undefined;
}

function checkString(value: string, s: JsonSchema): Reason {
  if (typeof s.minLength === "number" && value.length < s.minLength) return `'${value}' is shorter than ${s.minLength} characters`;
  if (typeof s.maxLength === "number" && value.length > s.maxLength) return `'${value}' is longer than ${s.maxLength} characters`;
  if (typeof s.pattern === "string" && !SELF_CHECKED_SUBTYPES.has(s.subtype as string)) {
    try {
      if (!matchesPattern(s.pattern, value)) return `'${value}' doesn't match the pattern ${s.pattern}`;
    } catch (error) {
      if (!(error instanceof UnsupportedPattern)) throw error;
      return `the schema's pattern ${s.pattern} can't be checked: ${error.message}`;
    }
  }
  return undefined;
}

function checkArray(items: Arg[], s: JsonSchema, ctx: CheckContext): Reason {
  if (typeof s.minItems === "number" && items.length < s.minItems) return `expected at least ${s.minItems} elements, got ${items.length}`;
  if (typeof s.maxItems === "number" && items.length > s.maxItems) return `expected at most ${s.maxItems} elements, got ${items.length}`;
  if (s.uniqueItems === true) {
    const keys = items.map((item) => plain(item)).filter((v) => v !== UNKNOWN).map((v) => JSON.stringify(v));
    if (new Set(keys).size !== keys.length) return "the elements must be unique";
  }
  for (const [i, item] of items.entries()) {
    const itemSchema = Array.isArray(s.items) ? (s.items[i] as Schema | undefined) : (s.items as Schema | undefined);
    const reason = itemSchema === undefined ? undefined : checkArg(item, itemSchema, ctx);
    if (reason) return `element ${i}: ${reason}`;
  }
  return undefined;
}

function checkObject(entries: Record<string, Arg>, s: JsonSchema, ctx: CheckContext): Reason {
  // Own keys only, so that "constructor" or "toString" never match Object.prototype.
  for (const key of (s.required as string[] | undefined) ?? []) if (!Object.hasOwn(entries, key)) return `the property '${key}' is required`;
  const properties = (s.properties ?? {}) as Record<string, Schema>;
  for (const [key, value] of Object.entries(entries)) {
    const schema = Object.hasOwn(properties, key) ? properties[key] : (s.additionalProperties as Schema | undefined);
    if (schema === false) return `the property '${key}' is not allowed`;
    const reason = schema === undefined ? undefined : checkArg(value, schema, ctx);
    if (reason) return `property '${key}': ${reason}`;
  }
  return undefined;
}

/** A data cube schema with a geometry dimension: a vector data cube. */
function vectorCubeSchema(s: JsonSchema): boolean {
  return Array.isArray(s.dimensions) && s.dimensions.some((d) => typeof d === "object" && d !== null && (d as { type?: unknown }).type === "geometry");
}

/** Checks the literal parts of an argument against one schema object. */
function checkConcrete(arg: Arg, s: JsonSchema, ctx: CheckContext): Reason {
  if (s.type !== undefined && !typeMatches(arg, s.type)) return `expected ${[s.type].flat().join(" or ")}, got ${jsonType(arg)}`;
  // GeoJSON stands in for a vector data cube, as the definitions of processes taking one describe
  // (apply_polygon's geometries, ...).
  if (s.subtype === "datacube" && arg.kind === "object" && vectorCubeSchema(s)) {
    const value = plain(arg);
    return value === UNKNOWN ? undefined : checkSubtype("geojson", value);
  }
  if (typeof s.subtype === "string" && PRODUCED_SUBTYPES.has(s.subtype)) return `expected a ${s.subtype}, which only a process can produce`;
  if (s.subtype === "process-graph") return "expected a child process graph ({\"process_graph\": {...}})";
  const value = plain(arg);
  if (value !== UNKNOWN) {
    if ("const" in s && JSON.stringify(s.const) !== JSON.stringify(value)) return `expected ${JSON.stringify(s.const)}`;
    if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      return `${JSON.stringify(value)} is not one of ${s.enum.map((e) => JSON.stringify(e)).join(", ")}`;
    }
  }
  if (arg.kind === "array") return checkArray(arg.items, s, ctx) ?? (value === UNKNOWN ? undefined : checkSubtype(s.subtype, value));
  if (arg.kind === "object") return checkObject(arg.entries, s, ctx) ?? (value === UNKNOWN ? undefined : checkSubtype(s.subtype, value));
  if (typeof value === "number") return checkNumber(value, s);
  if (typeof value === "string") return checkString(value, s) ?? checkSubtype(s.subtype ?? s.format, value);
  return undefined;
}

/** Answers why `arg` doesn't fit `schema` (an array of schemas means any of them), or undefined when it fits. */
export function checkArg(arg: Arg, schema: Schema, ctx: CheckContext): Reason {
  if (schema === true) return undefined;
  if (schema === false) return "no value is allowed";
  if (Array.isArray(schema)) return alternatives(arg, schema, ctx);
  // oneOf is read as anyOf: subtypes overlap (a date-time string is a string), so exclusivity would reject valid values.
  const anyOf = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(anyOf)) {
    const reason = alternatives(arg, anyOf, ctx);
    if (reason) return reason;
  }
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) {
    const reason = checkArg(arg, part, ctx);
    if (reason) return reason;
  }
  if (arg.kind === "parameter") return undefined;
  if (arg.kind === "node") {
    const produced = ctx.returnsOf(arg.node);
    return mayMatch(produced, schema) ? undefined : `the result of node '${arg.node}' (${describeKinds(produced)}) can't be ${describeKinds(schema)}`;
  }
  if (arg.kind === "callback") {
    const open = schema.type === undefined && schema.subtype === undefined;
    return open || schema.subtype === "process-graph" ? undefined : "a child process graph is not allowed here";
  }
  if (schema.not !== undefined && plain(arg) !== UNKNOWN && checkArg(arg, schema.not as Schema, ctx) === undefined) {
    return "the value is of a kind that is not allowed";
  }
  return checkConcrete(arg, schema, ctx);
}
