/**
 * Tokeniser for cql2-text and a cursor over its tokens. Positions are 1-based character
 * offsets so error messages can point into the filter string.
 */
import { MAX_FILTER_DEPTH } from "../budgets";
import { filterError } from "../search-errors";

export type Token =
  | { kind: "number"; value: number; text: string; pos: number }
  | { kind: "string"; value: string; text: string; pos: number }
  | { kind: "identifier"; value: string; quoted: boolean; text: string; pos: number }
  | { kind: "symbol"; value: string; text: string; pos: number }
  | { kind: "end"; text: string; pos: number };

const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SYMBOL = /<>|<=|>=|[=<>(),[\]]/y;
const IDENTIFIER_START = /[\p{L}_:]/u;
const IDENTIFIER_PART = /[\p{L}\p{N}\p{M}_:.\u203F\u2040]/u;
const CONTROL_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", t: "\t", n: "\n", v: "\v", f: "\f", r: "\r" };

/** A quoted literal; `''` and `\'` embed a quote. Other backslash pairs stay for LIKE escapes. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = "";
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === "'") {
      if (text[i + 1] !== "'") return { value, end: i + 1 };
      value += "'";
      i++;
    } else if (char === "\\" && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += next === "'" ? "'" : (CONTROL_ESCAPES[next] ?? `\\${next}`);
      i++;
    } else {
      value += char;
    }
  }
  throw filterError(`unterminated string starting at position ${start + 1}`);
}

function readIdentifier(text: string, start: number): number {
  let end = start + 1;
  while (end < text.length && IDENTIFIER_PART.test(text[end]!)) end++;
  return end;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    const pos = i + 1;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    SYMBOL.lastIndex = i;
    const number = NUMBER.exec(text);
    const symbol = number ? null : SYMBOL.exec(text);
    if (number) {
      tokens.push({ kind: "number", value: Number(number[0]), text: number[0], pos });
      i += number[0].length;
    } else if (symbol) {
      tokens.push({ kind: "symbol", value: symbol[0], text: symbol[0], pos });
      i += symbol[0].length;
    } else if (char === "'") {
      const { value, end } = readString(text, i);
      tokens.push({ kind: "string", value, text: text.slice(i, end), pos });
      i = end;
    } else if (char === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw filterError(`unterminated quoted property name at position ${pos}`);
      const value = text.slice(i + 1, end);
      if (value === "") throw filterError(`empty quoted property name at position ${pos}`);
      tokens.push({ kind: "identifier", value, quoted: true, text: text.slice(i, end + 1), pos });
      i = end + 1;
    } else if (IDENTIFIER_START.test(char)) {
      const end = readIdentifier(text, i);
      tokens.push({ kind: "identifier", value: text.slice(i, end), quoted: false, text: text.slice(i, end), pos });
      i = end;
    } else {
      throw filterError(`unexpected character '${char}' at position ${pos}`);
    }
  }
  tokens.push({ kind: "end", text: "end of input", pos: text.length + 1 });
  return tokens;
}

/** A cursor with the look-ahead helpers the recursive-descent parsers need. */
export class TokenStream {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Runs a parse one level deeper (parentheses, NOT, function arguments, nested geometries), bounded by MAX_FILTER_DEPTH. */
  nested<T>(parse: () => T): T {
    if (++this.depth > MAX_FILTER_DEPTH) throw filterError(`expressions nest more than ${MAX_FILTER_DEPTH} levels deep at position ${this.peek().pos}`);
    const result = parse();
    this.depth--;
    return result;
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  /** An unquoted identifier equal (case-insensitively) to `word`, e.g. a keyword. */
  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "identifier" && !token.quoted && token.value.toUpperCase() === word;
  }

  isSymbol(symbol: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "symbol" && token.value === symbol;
  }

  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.next();
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(word);
  }

  expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.unexpected(`'${symbol}'`);
  }

  expectNumber(): number {
    const token = this.peek();
    if (token.kind !== "number") throw this.unexpected("a number");
    this.next();
    return token.value;
  }

  expectString(): string {
    const token = this.peek();
    if (token.kind !== "string") throw this.unexpected("a quoted string");
    this.next();
    return token.value;
  }

  unexpected(expected: string): Error {
    const token = this.peek();
    const found = token.kind === "end" ? "end of input" : `'${token.text}'`;
    return filterError(`expected ${expected} at position ${token.pos} but found ${found}`);
  }
}
