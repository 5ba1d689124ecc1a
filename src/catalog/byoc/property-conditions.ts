/**
 * The part of a CQL2 filter a BYOC collection's index can check in SQL: the top-level AND's
 * comparisons of an item property with a literal. Each is implied by the filter (an AND is true
 * only when every part is), so the index may drop items failing one; the whole filter is still
 * checked on what it answers, so results stay exact.
 */
import type { Cql2Expression, Cql2Operand } from "../search/cql2/ast";

export type PropertyOp = "=" | "<>" | "<" | "<=" | ">" | ">=";

export interface PropertyCondition {
  /** A key of the item's properties (validated by isIndexableProperty). */
  property: string;
  op: PropertyOp;
  value: number | string;
}

/** Conditions one query passes down at most (each takes three bound parameters). */
export const MAX_PROPERTY_CONDITIONS = 8;

/** Names resolved elsewhere than in item.properties (src/catalog/search/cql2/values.ts). */
const SPECIAL = new Set(["id", "collection", "geometry", "datetime"]);

/** Property keys the index puts in a JSON path: plain names such as `eo:cloud_cover`, nothing that could end the quoted key. */
export function isIndexableProperty(name: string): boolean {
  return /^[A-Za-z0-9_:.-]{1,64}$/.test(name) && !SPECIAL.has(name);
}

const MIRRORED: Record<PropertyOp, PropertyOp> = { "=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function condition(op: string, args: Cql2Operand[]): PropertyCondition | null {
  if (!(op in MIRRORED) || args.length !== 2) return null;
  const [a, b] = args;
  const ref = (x: Cql2Operand | undefined) => (typeof x === "object" && x !== null && !Array.isArray(x) && "property" in x ? x.property : null);
  const literal = (x: Cql2Operand | undefined) => (typeof x === "number" && Number.isFinite(x)) || typeof x === "string";
  let [name, value, cmp] = [ref(a), b, op as PropertyOp];
  if (name === null && literal(a) && ref(b) !== null) [name, value, cmp] = [ref(b), a, MIRRORED[cmp]];
  if (name === null || !literal(value)) return null;
  const property = name.startsWith("properties.") ? name.slice("properties.".length) : name;
  if (!isIndexableProperty(property)) return null;
  // SQLite orders text by UTF-8 bytes, JavaScript by UTF-16 units: only equality is the same in both.
  if (typeof value === "string" && cmp !== "=" && cmp !== "<>") return null;
  return { property, op: cmp, value: value as number | string };
}

/** Conditions the index can check for `filter` (none when its top level is not an AND of such comparisons or one of them). */
export function propertyConditions(filter: Cql2Expression | undefined): PropertyCondition[] {
  if (typeof filter !== "object" || filter === null) return [];
  const parts = filter.op === "and" ? filter.args : [filter];
  const found: PropertyCondition[] = [];
  for (const part of parts) {
    if (typeof part !== "object" || part === null || Array.isArray(part) || !("op" in part)) continue;
    const c = condition(part.op, part.args);
    if (c && found.length < MAX_PROPERTY_CONDITIONS) found.push(c);
  }
  return found;
}
