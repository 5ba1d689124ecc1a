/**
 * Validates cql2-json input against the subset this module evaluates and returns a normalised
 * copy (operator names in canonical case, geometries checked, unknown members dropped). Errors
 * name the JSON path of the offending node.
 */
import { parseBbox } from "../bbox";
import { parseDateTime, parseFullDate } from "../datetime";
import { MAX_FILTER_DEPTH, MAX_FILTER_NODES, MAX_GEOMETRY_POSITIONS, MAX_IN_VALUES } from "../budgets";
import { parseGeometry, positionCount } from "../geojson";
import { filterError } from "../search-errors";
import {
  OPERATIONS,
  PREDICATES,
  type Cql2Expression,
  type Cql2Operand,
  type Cql2Operation,
  type PropertyRef,
} from "./ast";

type Kind = "boolean" | "scalar" | "spatial" | "temporal" | "pattern";

/** What the filter has used so far of MAX_FILTER_NODES and MAX_GEOMETRY_POSITIONS. */
interface Spent {
  nodes: number;
  positions: number;
}

const CANONICAL_OPS = new Map(Object.keys(OPERATIONS).map((op) => [op.toLowerCase(), op]));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(path: string, reason: string): Error {
  return filterError(`${path}: ${reason}`);
}

function instantString(value: unknown, path: string, allowOpen: boolean): string {
  const valid =
    typeof value === "string" &&
    ((allowOpen && value === "..") || parseDateTime(value) !== undefined || parseFullDate(value) !== undefined);
  if (!valid) throw fail(path, `expected an RFC 3339 date or date-time${allowOpen ? " or '..'" : ""}`);
  return value;
}

function property(value: Record<string, unknown>, path: string): PropertyRef {
  if (typeof value.property !== "string" || value.property === "") {
    throw fail(path, "property must be a non-empty string");
  }
  return { property: value.property };
}

/** Operand kinds allowed in each argument context; `depth` counts the operations (and IN lists) around it. */
function operand(value: unknown, path: string, kind: Kind, depth: number, spent: Spent): Cql2Operand {
  if (++spent.nodes > MAX_FILTER_NODES) throw fail(path, `the filter has more than ${MAX_FILTER_NODES} operations and operands`);
  if (typeof value === "string" && (kind === "scalar" || kind === "pattern")) return value;
  if (typeof value === "number" && Number.isFinite(value) && kind === "scalar") return value;
  if (typeof value === "boolean" && (kind === "scalar" || kind === "boolean")) return value;
  if (!isRecord(value)) throw fail(path, `expected a ${kind} operand`);
  if ("op" in value) return operation(value, path, kind, depth, spent);
  if (kind === "boolean" || kind === "pattern") {
    throw fail(path, `expected a ${kind === "boolean" ? "boolean expression" : "pattern string"}`);
  }
  if ("property" in value) return property(value, path);
  if (kind === "temporal" && "interval" in value) {
    const interval = value.interval;
    if (!Array.isArray(interval) || interval.length !== 2) throw fail(`${path}.interval`, "expected two interval ends");
    const end = (bound: unknown, at: string) =>
      isRecord(bound) ? property(bound, at) : instantString(bound, at, true);
    return { interval: [end(interval[0], `${path}.interval[0]`), end(interval[1], `${path}.interval[1]`)] };
  }
  if ((kind === "scalar" || kind === "temporal") && "timestamp" in value) {
    return { timestamp: instantString(value.timestamp, `${path}.timestamp`, false) };
  }
  if ((kind === "scalar" || kind === "temporal") && "date" in value) {
    if (typeof value.date !== "string" || parseFullDate(value.date) === undefined) {
      throw fail(`${path}.date`, "expected an RFC 3339 full-date");
    }
    return { date: value.date };
  }
  if (kind === "spatial" && "bbox" in value) {
    parseBbox(value.bbox, (reason) => fail(`${path}.bbox`, reason));
    return { bbox: value.bbox as number[] };
  }
  if (kind === "spatial") {
    const geometry = parseGeometry(value, (reason) => filterError(reason), path);
    spent.positions += positionCount(geometry);
    if (spent.positions > MAX_GEOMETRY_POSITIONS) throw fail(path, `the filter's geometries have more than ${MAX_GEOMETRY_POSITIONS} positions`);
    return geometry;
  }
  throw fail(path, `expected a ${kind} operand`);
}

function argumentKinds(op: string, count: number): Kind[] {
  switch (op) {
    case "and":
    case "or":
    case "not":
      return Array<Kind>(count).fill("boolean");
    case "like":
      return ["scalar", "pattern"];
    case "s_intersects":
      return ["spatial", "spatial"];
    case "t_intersects":
      return ["temporal", "temporal"];
    default:
      return Array<Kind>(count).fill("scalar");
  }
}

function operation(value: Record<string, unknown>, path: string, kind: Kind, depth: number, spent: Spent): Cql2Operation {
  if (depth > MAX_FILTER_DEPTH) throw fail(path, `the filter nests operations more than ${MAX_FILTER_DEPTH} levels deep`);
  const op = typeof value.op === "string" ? CANONICAL_OPS.get(value.op.toLowerCase()) : undefined;
  if (!op) throw fail(`${path}.op`, `unsupported operator ${JSON.stringify(value.op)}`);
  const isPredicate = PREDICATES.has(op);
  if (kind === "boolean" && !isPredicate) throw fail(path, `'${op}' is not a boolean expression`);
  if ((kind === "spatial" || kind === "temporal") || (kind === "pattern" && isPredicate)) {
    throw fail(path, `'${op}' can't be used as a ${kind} operand`);
  }
  const args = value.args;
  const spec = OPERATIONS[op]!;
  if (!Array.isArray(args)) throw fail(`${path}.args`, "expected an array");
  if (spec.variadic ? args.length < spec.arity : args.length !== spec.arity) {
    const expected = `${spec.variadic ? "at least " : ""}${spec.arity}`;
    throw fail(`${path}.args`, `'${op}' takes ${expected} argument(s), got ${args.length}`);
  }
  // A casei/accenti pattern wraps a pattern; `in` takes a list as its second argument.
  const kinds = kind === "pattern" ? ["pattern" as const] : argumentKinds(op, args.length);
  const checked = args.map((arg, i) => {
    const at = `${path}.args[${i}]`;
    if (op === "in" && i === 1) {
      if (!Array.isArray(arg)) throw fail(at, "expected an array of values");
      if (arg.length > MAX_IN_VALUES) throw fail(at, `an IN list has ${arg.length} values, more than the ${MAX_IN_VALUES} allowed`);
      return arg.map((entry, j) => operand(entry, `${at}[${j}]`, "scalar", depth + 2, spent));
    }
    return operand(arg, at, kinds[i]!, depth + 1, spent);
  });
  return { op, args: checked };
}

/** Validates and normalises a cql2-json filter; throws OpenEOError FilterInvalid (400). */
export function validateCql2Json(value: unknown): Cql2Expression {
  return operand(value, "filter", "boolean", 0, { nodes: 0, positions: 0 }) as Cql2Expression;
}
