/**
 * How deeply JSON text nests arrays and objects, read from the text before anything walks the
 * parsed value: JSON.parse copes with any depth, but recursive walks (structured clone for
 * Durable Object calls, JSON.stringify, schema checks, geometry readers) overflow the stack a
 * few thousand levels down, which would be a 500 instead of a clear refusal.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** Whether `text` opens more than `max` arrays and objects inside each other (brackets in strings don't count). */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (OPENERS.has(code)) {
      if (++depth > max) return true;
    } else if (CLOSERS.has(code)) depth--;
  }
  return false;
}
