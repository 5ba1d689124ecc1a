/**
 * Evaluates a validated CQL2 AST against an item with the three-valued logic of CQL2: a
 * predicate over a missing property or incompatible types is NULL (unknown), NOT NULL is NULL,
 * and only items for which the whole filter is TRUE match.
 */
import { intervalsIntersect } from "../datetime";
import { geometriesIntersect } from "../intersects";
import type { StacItem } from "../types";
import type { Cql2Expression, Cql2Operand, Cql2Operation } from "./ast";
import { likeMatches } from "./like";
import { asGeometry, asInterval, bboxValue, compare, instantOf, resolveProperty, type Value } from "./values";

type Truth = boolean | null;

function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

function stripAccents(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
}

function and(values: Truth[]): Truth {
  if (values.includes(false)) return false;
  return values.includes(null) ? null : true;
}

function or(values: Truth[]): Truth {
  if (values.includes(true)) return true;
  return values.includes(null) ? null : false;
}

function truth(value: Value): Truth {
  return typeof value === "boolean" ? value : null;
}

function operand(node: Cql2Operand, item: StacItem): Value {
  if (typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) return node.map((entry) => operand(entry, item));
  if ("op" in node) return operation(node, item);
  if ("property" in node) return resolveProperty(node.property, item);
  if ("timestamp" in node) return instantOf(node.timestamp);
  if ("date" in node) return instantOf(node.date);
  if ("bbox" in node) return bboxValue(node.bbox);
  if ("interval" in node) {
    const [start, end] = node.interval.map((bound) =>
      bound === ".." ? null : asInterval(operand(bound, item))?.start,
    );
    return start === undefined || end === undefined ? null : { kind: "interval", start, end };
  }
  return { kind: "geometry", geometry: node };
}

function comparison(op: string, a: Value, b: Value): Truth {
  const order = compare(a, b);
  if (order === null) return null;
  switch (op) {
    case "=":
      return order === 0;
    case "<>":
      return order !== 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    default:
      return order >= 0;
  }
}

function inList(value: Value, list: Value): Truth {
  if (value === null || !Array.isArray(list)) return null;
  const results = list.map((entry) => comparison("=", value, entry));
  return or(results);
}

function operation(node: Cql2Operation, item: StacItem): Value {
  const args = node.args;
  const value = (i: number) => operand(args[i]!, item);
  switch (node.op) {
    case "and":
      return and(args.map((_, i) => truth(value(i))));
    case "or":
      return or(args.map((_, i) => truth(value(i))));
    case "not": {
      const inner = truth(value(0));
      return inner === null ? null : !inner;
    }
    case "like": {
      const [text, pattern] = [value(0), value(1)];
      return typeof text === "string" && typeof pattern === "string" ? likeMatches(text, pattern) : null;
    }
    case "between": {
      const [low, high] = [comparison(">=", value(0), value(1)), comparison("<=", value(0), value(2))];
      return and([low, high]);
    }
    case "in":
      return inList(value(0), value(1));
    case "isNull":
      return value(0) === null;
    case "casei": {
      const text = value(0);
      return typeof text === "string" ? caseFold(text) : null;
    }
    case "accenti": {
      const text = value(0);
      return typeof text === "string" ? stripAccents(text) : null;
    }
    case "s_intersects": {
      const [a, b] = [asGeometry(value(0)), asGeometry(value(1))];
      return a && b ? geometriesIntersect(a, b) : null;
    }
    case "t_intersects": {
      const [a, b] = [asInterval(value(0)), asInterval(value(1))];
      return a && b ? intervalsIntersect(a, b) : null;
    }
    default:
      return comparison(node.op, value(0), value(1));
  }
}

/** True only when the filter evaluates to TRUE for the item (FALSE and NULL exclude it). */
export function matchesFilter(filter: Cql2Expression, item: StacItem): boolean {
  return typeof filter === "boolean" ? filter : operation(filter, item) === true;
}
