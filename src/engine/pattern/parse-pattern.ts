/**
 * Parses the subset of ECMAScript regular expressions (with the `u` flag, as JSON Schema's
 * `pattern` is read) that the linear-time matcher runs: literals and escapes, `.`, classes with
 * ranges and \d \w \s (and their negations), `^ $ \b \B`, groups (capturing, named or not, which
 * only group here), alternation and the quantifiers `* + ? {m} {m,} {m,n}` (lazy or not). What
 * needs backtracking to mean anything (back-references, look-arounds) and what this subset leaves
 * out (Unicode property escapes) is refused with the reason, as is anything JavaScript itself
 * would refuse with the `u` flag.
 */
import { ANY_BUT_NEWLINE, CLASS_ESCAPES, literal, range, union, type CharTest } from "./char-sets";

export type Assertion = "start" | "end" | "boundary" | "non-boundary";

export type PatternNode =
  | { kind: "set"; test: CharTest }
  | { kind: "seq"; items: PatternNode[] }
  | { kind: "alt"; options: PatternNode[] }
  | { kind: "repeat"; node: PatternNode; min: number; max: number }
  | { kind: "assert"; what: Assertion };

export const MAX_PATTERN_LENGTH = 1000;
/** Groups nest at most this deep (the parser and compiler recurse along them). */
const MAX_GROUP_DEPTH = 32;
/** The largest count a `{m,n}` may name. */
export const MAX_REPEAT = 1000;

/** A pattern outside the subset, or not a valid pattern at all; the message says why. */
export class UnsupportedPattern extends Error {}

const SYNTAX = new Set([..."^$\\.*+?()[]{}|"]);
const CONTROL: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };

class PatternParser {
  private readonly chars: string[];
  private at = 0;
  private depth = 0;

  constructor(source: string) {
    this.chars = Array.from(source);
  }

  parse(): PatternNode {
    const node = this.alternation();
    if (this.at < this.chars.length) throw this.refuse(`unmatched '${this.peek()}'`);
    return node;
  }

  private peek(offset = 0): string | undefined {
    return this.chars[this.at + offset];
  }

  /** `at` is where the offending part starts (0-based), the cursor unless said otherwise. */
  private refuse(reason: string, at = this.at): UnsupportedPattern {
    return new UnsupportedPattern(`${reason} at position ${at + 1}`);
  }

  private alternation(): PatternNode {
    const options = [this.sequence()];
    while (this.peek() === "|") {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : { kind: "alt", options };
  }

  private sequence(): PatternNode {
    const items: PatternNode[] = [];
    while (this.at < this.chars.length && this.peek() !== "|" && this.peek() !== ")") {
      const atom = this.assertion() ?? this.atom();
      items.push(atom.kind === "assert" ? atom : this.quantified(atom));
    }
    return items.length === 1 ? items[0]! : { kind: "seq", items };
  }

  private assertion(): PatternNode | undefined {
    const [char, next] = [this.peek(), this.peek(1)];
    const what: Assertion | undefined = char === "^" ? "start" : char === "$" ? "end" : char === "\\" && next === "b" ? "boundary" : char === "\\" && next === "B" ? "non-boundary" : undefined;
    if (!what) return undefined;
    this.at += char === "\\" ? 2 : 1;
    if (this.quantifierAhead()) throw this.refuse("an assertion can't be repeated");
    return { kind: "assert", what };
  }

  private quantifierAhead(): boolean {
    const char = this.peek();
    return char === "*" || char === "+" || char === "?" || (char === "{" && this.bounds(false) !== undefined);
  }

  private quantified(node: PatternNode): PatternNode {
    const char = this.peek();
    let bounds: [number, number] | undefined;
    if (char === "*") bounds = [0, Infinity];
    else if (char === "+") bounds = [1, Infinity];
    else if (char === "?") bounds = [0, 1];
    else if (char === "{") bounds = this.bounds(true);
    if (!bounds) return node;
    if (char !== "{") this.at++;
    if (this.peek() === "?") this.at++; // Lazy or greedy: the same strings match.
    if (this.quantifierAhead()) throw this.refuse("nothing to repeat");
    return { kind: "repeat", node, min: bounds[0], max: bounds[1] };
  }

  /** `{m}`, `{m,}` or `{m,n}` at the cursor, consumed when `consume`; undefined when there is none. */
  private bounds(consume: boolean): [number, number] | undefined {
    const rest = this.chars.slice(this.at, this.at + 16).join("");
    const found = /^\{(\d+)(,(\d*))?\}/.exec(rest);
    if (!found) return undefined;
    const min = Number(found[1]);
    const max = found[2] === undefined ? min : found[3] === "" ? Infinity : Number(found[3]);
    if (!consume) return [min, max];
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw this.refuse(`a repetition count above ${MAX_REPEAT}`);
    if (min > max) throw this.refuse("the repetition's numbers are out of order");
    this.at += Array.from(found[0]).length;
    return [min, max];
  }

  private atom(): PatternNode {
    const char = this.peek()!;
    if (char === "(") return this.group();
    if (char === "[") return this.characterClass();
    if (char === ".") {
      this.at++;
      return { kind: "set", test: ANY_BUT_NEWLINE };
    }
    if (char === "\\") return { kind: "set", test: this.escape() };
    if (char === "*" || char === "+" || char === "?") throw this.refuse("nothing to repeat");
    if (char === "{" || char === "}" || char === "]") throw this.refuse(`a lone '${char}'`);
    this.at++;
    return { kind: "set", test: literal(char.codePointAt(0)!) };
  }

  private group(): PatternNode {
    this.at++;
    if (this.peek() === "?") {
      const [kind, next] = [this.peek(1), this.peek(2)];
      if (kind === "=" || kind === "!" || (kind === "<" && (next === "=" || next === "!"))) throw this.refuse("look-ahead and look-behind are not supported");
      if (kind === ":") this.at += 2;
      else if (kind === "<") this.groupName();
      else throw this.refuse(`an unsupported group '(?${kind ?? ""}'`);
    }
    if (++this.depth > MAX_GROUP_DEPTH) throw this.refuse(`groups nested more than ${MAX_GROUP_DEPTH} deep`);
    const inner = this.alternation();
    this.depth--;
    if (this.peek() !== ")") throw this.refuse("an unclosed group");
    this.at++;
    return inner;
  }

  private groupName(): void {
    this.at += 2;
    const start = this.at;
    while (this.peek() !== undefined && /[\p{ID_Continue}$]/u.test(this.peek()!)) this.at++;
    if (this.at === start || this.peek() !== ">") throw this.refuse("an invalid group name");
    this.at++;
  }

  private characterClass(): PatternNode {
    this.at++;
    const negated = this.peek() === "^";
    if (negated) this.at++;
    const tests: CharTest[] = [];
    while (this.peek() !== "]") {
      if (this.peek() === undefined) throw this.refuse("an unclosed character class");
      const low = this.classAtom();
      if (this.peek() === "-" && this.peek(1) !== "]" && this.peek(1) !== undefined) {
        this.at++;
        const high = this.classAtom();
        if (typeof low !== "number" || typeof high !== "number") throw this.refuse("a class escape can't bound a range");
        if (low > high) throw this.refuse("a character range out of order");
        tests.push(range(low, high));
      } else {
        tests.push(typeof low === "number" ? literal(low) : low);
      }
    }
    this.at++;
    return { kind: "set", test: union(tests, negated) };
  }

  /** One code point, or a class escape's set. */
  private classAtom(): number | CharTest {
    if (this.peek() !== "\\") return this.chars[this.at++]!.codePointAt(0)!;
    if (this.peek(1) === "b") {
      this.at += 2;
      return 0x08;
    }
    if (this.peek(1) === "-") {
      this.at += 2;
      return 0x2d;
    }
    const set = CLASS_ESCAPES[this.peek(1)!];
    if (set) {
      this.at += 2;
      return set;
    }
    return this.escapedCodePoint();
  }

  private escape(): CharTest {
    const set = CLASS_ESCAPES[this.peek(1) ?? ""];
    if (set) {
      this.at += 2;
      return set;
    }
    return literal(this.escapedCodePoint());
  }

  /** A backslash escape that stands for one code point. */
  private escapedCodePoint(): number {
    const letter = this.peek(1);
    if (letter === undefined) throw this.refuse("a pattern can't end in a backslash");
    const start = this.at;
    this.at += 2;
    if (SYNTAX.has(letter) || letter === "/") return letter.codePointAt(0)!;
    if (letter in CONTROL) return CONTROL[letter]!;
    if (letter === "0" && !/\d/.test(this.peek() ?? "")) return 0;
    if (/\d/.test(letter) || letter === "k") throw this.refuse("back-references are not supported", start);
    if (letter === "p" || letter === "P") throw this.refuse("Unicode property escapes are not supported", start);
    if (letter === "c" && /[A-Za-z]/.test(this.peek() ?? "")) return this.chars[this.at++]!.codePointAt(0)! % 32;
    if (letter === "x") return this.hex(/^[0-9A-Fa-f]{2}/);
    if (letter === "u") return this.peek() === "{" ? this.braced() : this.hex(/^[0-9A-Fa-f]{4}/);
    // Punctuation escaped without need stands for itself (ECMAScript's non-Unicode patterns; the official run_udf schema has '\\:').
    if (!/[\p{L}\p{N}_]/u.test(letter)) return letter.codePointAt(0)!;
    throw this.refuse(`'\\${letter}' is not a valid escape`, start);
  }

  private hex(digits: RegExp): number {
    const found = digits.exec(this.chars.slice(this.at, this.at + 4).join(""));
    if (!found) throw this.refuse("an incomplete hexadecimal escape");
    this.at += found[0].length;
    return parseInt(found[0], 16);
  }

  private braced(): number {
    const found = /^\{([0-9A-Fa-f]{1,6})\}/.exec(this.chars.slice(this.at, this.at + 8).join(""));
    const value = found ? parseInt(found[1]!, 16) : NaN;
    if (!found || value > 0x10ffff) throw this.refuse("an invalid \\u{...} escape");
    this.at += found[0].length;
    return value;
  }
}

/** The pattern's syntax tree; throws UnsupportedPattern saying why it can't be matched. */
export function parsePattern(source: string): PatternNode {
  if (source.length > MAX_PATTERN_LENGTH) throw new UnsupportedPattern(`it is longer than ${MAX_PATTERN_LENGTH} characters`);
  return new PatternParser(source).parse();
}
