/**
 * CQL2 LIKE without a regular expression engine: `%` matches any run of characters, `_` exactly
 * one character (a Unicode code point), and a backslash makes the next character literal (a
 * trailing backslash is itself literal). Matching is case- and accent-sensitive; casei() and
 * accenti() fold both sides before they get here.
 *
 * The pattern splits at `%` into segments of literals and `_`. The first segment is anchored at
 * the start, the last at the end, and each one between is taken at its leftmost fit: taking it
 * later can only leave less text for the rest, so no choice is ever revisited. That makes the
 * worst case text length × pattern length, where a backtracking RegExp is exponential in the
 * number of `%` (`'%_%_%_%_%_%_%_!'` took seconds).
 */

/** One code point to match literally, or ANY for `_`. */
type Unit = number;
const ANY = -1;

interface LikePattern {
  /** The units before the first `%`, between each two, and after the last. */
  segments: Unit[][];
}

function parseLike(pattern: string): LikePattern {
  const chars = Array.from(pattern);
  const segments: Unit[][] = [[]];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    const current = segments[segments.length - 1]!;
    if (char === "\\" && i + 1 < chars.length) current.push(chars[++i]!.codePointAt(0)!);
    else if (char === "%") segments.push([]);
    else if (char === "_") current.push(ANY);
    else current.push(char.codePointAt(0)!);
  }
  return { segments };
}

function fitsAt(text: number[], at: number, segment: Unit[]): boolean {
  for (let j = 0; j < segment.length; j++) {
    if (segment[j] !== ANY && segment[j] !== text[at + j]) return false;
  }
  return true;
}

/** The first position at or after `from`, where the segment ends no later than `limit`; -1 if none. */
function leftmostFit(text: number[], from: number, limit: number, segment: Unit[]): number {
  for (let at = from; at + segment.length <= limit; at++) if (fitsAt(text, at, segment)) return at;
  return -1;
}

const parsed = new Map<string, LikePattern>();
/** Filters repeat one pattern for every item; a bounded cache keeps the parse. */
const MAX_CACHED = 256;

function likePattern(pattern: string): LikePattern {
  let like = parsed.get(pattern);
  if (!like) {
    if (parsed.size >= MAX_CACHED) parsed.clear();
    like = parseLike(pattern);
    parsed.set(pattern, like);
  }
  return like;
}

/** Whether `text` matches the LIKE `pattern` as a whole. */
export function likeMatches(text: string, pattern: string): boolean {
  const { segments } = likePattern(pattern);
  const units = Array.from(text, (char) => char.codePointAt(0)!);
  const first = segments[0]!;
  if (segments.length === 1) return units.length === first.length && fitsAt(units, 0, first);
  const last = segments[segments.length - 1]!;
  const end = units.length - last.length;
  if (end < first.length || !fitsAt(units, 0, first) || !fitsAt(units, end, last)) return false;
  let position = first.length;
  for (const segment of segments.slice(1, -1)) {
    const at = leftmostFit(units, position, end, segment);
    if (at < 0) return false;
    position = at + segment.length;
  }
  return true;
}
