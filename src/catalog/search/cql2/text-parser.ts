/**
 * Recursive-descent parser for cql2-text producing the cql2-json AST. Precedence, loosest
 * first: OR, AND, NOT, then predicates; parentheses group. Keywords are case-insensitive.
 */
import { parseDateTime, parseFullDate } from "../datetime";
import { filterError } from "../search-errors";
import {
  COMPARISON_OPS,
  OPERATIONS,
  PREDICATES,
  type Cql2Expression,
  type Cql2Operand,
  type Cql2Operation,
  type PropertyRef,
} from "./ast";
import { TokenStream, tokenize } from "./lexer";
import { isSpatialLiteralStart, parseSpatialLiteral } from "./wkt";

const RESERVED = new Set(["AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL"]);
/** Operations written in function-call syntax in cql2-text. */
const FUNCTIONS = new Set(["s_intersects", "t_intersects", "casei", "accenti"]);

/** Whether an operand can stand alone as a boolean expression. */
function isBoolean(operand: Cql2Operand): operand is Cql2Expression {
  if (typeof operand === "boolean") return true;
  return typeof operand === "object" && operand !== null && "op" in operand && PREDICATES.has(operand.op);
}

function negate(operation: Cql2Operation, negated: boolean): Cql2Operation {
  return negated ? { op: "not", args: [operation] } : operation;
}

class Cql2TextParser {
  constructor(private readonly stream: TokenStream) {}

  parse(): Cql2Expression {
    const expression = this.or();
    if (this.stream.peek().kind !== "end") throw this.stream.unexpected("AND, OR or the end of the filter");
    return expression;
  }

  private or(): Cql2Expression {
    const args = [this.and()];
    while (this.stream.acceptKeyword("OR")) args.push(this.and());
    return args.length === 1 ? args[0]! : { op: "or", args };
  }

  private and(): Cql2Expression {
    const args = [this.not()];
    while (this.stream.acceptKeyword("AND")) args.push(this.not());
    return args.length === 1 ? args[0]! : { op: "and", args };
  }

  private not(): Cql2Expression {
    if (this.stream.acceptKeyword("NOT")) return { op: "not", args: [this.stream.nested(() => this.not())] };
    if (this.stream.acceptSymbol("(")) {
      const inner = this.stream.nested(() => this.or());
      this.stream.expectSymbol(")");
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Cql2Expression {
    const start = this.stream.peek();
    const left = this.operand();
    const operator = this.stream.peek();
    if (operator.kind === "symbol" && (COMPARISON_OPS as readonly string[]).includes(operator.value)) {
      this.stream.next();
      return { op: operator.value, args: [left, this.operand()] };
    }
    if (this.stream.acceptKeyword("IS")) {
      const negated = this.stream.acceptKeyword("NOT");
      this.stream.expectKeyword("NULL");
      return negate({ op: "isNull", args: [left] }, negated);
    }
    const negated = this.stream.isKeyword("NOT") && ["LIKE", "BETWEEN", "IN"].some((w) => this.stream.isKeyword(w, 1));
    if (negated) this.stream.next();
    if (this.stream.acceptKeyword("LIKE")) return negate({ op: "like", args: [left, this.operand()] }, negated);
    if (this.stream.acceptKeyword("BETWEEN")) {
      const low = this.operand();
      this.stream.expectKeyword("AND");
      return negate({ op: "between", args: [left, low, this.operand()] }, negated);
    }
    if (this.stream.acceptKeyword("IN")) return negate({ op: "in", args: [left, this.stream.nested(() => this.list())] }, negated);
    if (isBoolean(left)) return left;
    throw filterError(
      `expected a comparison operator, LIKE, BETWEEN, IN or IS NULL after '${start.text}' at position ${operator.pos}`,
    );
  }

  private list(): Cql2Operand[] {
    this.stream.expectSymbol("(");
    const items = [this.operand()];
    while (this.stream.acceptSymbol(",")) items.push(this.operand());
    this.stream.expectSymbol(")");
    return items;
  }

  private operand(): Cql2Operand {
    const token = this.stream.peek();
    if (token.kind === "number" || token.kind === "string") {
      this.stream.next();
      return token.value;
    }
    if (token.kind !== "identifier") throw this.stream.unexpected("a property, literal or function");
    const word = token.value.toUpperCase();
    if (!token.quoted) {
      if (this.stream.acceptKeyword("TRUE")) return true;
      if (this.stream.acceptKeyword("FALSE")) return false;
      if (RESERVED.has(word)) throw this.stream.unexpected("a property, literal or function");
      if (isSpatialLiteralStart(this.stream)) return parseSpatialLiteral(this.stream);
      if (this.stream.isSymbol("(", 1)) return this.stream.nested(() => this.call(word));
    }
    this.stream.next();
    return { property: token.value };
  }

  private call(word: string): Cql2Operand {
    const token = this.stream.next();
    if (word === "TIMESTAMP" || word === "DATE") {
      this.stream.expectSymbol("(");
      const text = this.stream.expectString();
      this.stream.expectSymbol(")");
      const valid = word === "DATE" ? parseFullDate(text) : parseDateTime(text);
      if (valid === undefined) throw filterError(`invalid ${word} '${text}' at position ${token.pos}`);
      return word === "DATE" ? { date: text } : { timestamp: text };
    }
    if (word === "INTERVAL") {
      const bounds = this.list();
      if (bounds.length !== 2 || !bounds.every(isIntervalBound)) {
        throw filterError(`INTERVAL at position ${token.pos} needs two instants, '..' or properties`);
      }
      return { interval: [bounds[0]!, bounds[1]!] };
    }
    const op = word.toLowerCase();
    const spec = FUNCTIONS.has(op) ? OPERATIONS[op] : undefined;
    if (!spec) throw filterError(`unsupported function '${token.text}' at position ${token.pos}`);
    const args = this.list();
    if (args.length !== spec.arity) {
      throw filterError(`${token.text} at position ${token.pos} takes ${spec.arity} argument(s), got ${args.length}`);
    }
    return { op, args };
  }
}

function isIntervalBound(value: Cql2Operand): value is string | PropertyRef {
  if (typeof value === "string") {
    return value === ".." || parseFullDate(value) !== undefined || parseDateTime(value) !== undefined;
  }
  return typeof value === "object" && value !== null && "property" in value;
}

/** Parses a cql2-text filter; throws OpenEOError FilterInvalid (400) with the position. */
export function parseCql2Text(text: string): Cql2Expression {
  if (text.trim() === "") throw filterError("the filter is empty");
  return new Cql2TextParser(new TokenStream(tokenize(text))).parse();
}
