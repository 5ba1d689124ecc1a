/** Sets of code points a pattern's literal, `.`, class or class escape stands for. */
export type CharTest = (codePoint: number) => boolean;

const inRanges = (ranges: readonly (readonly [number, number])[]): CharTest => (c) => ranges.some(([low, high]) => c >= low && c <= high);

const DIGIT = inRanges([[0x30, 0x39]]);
const WORD = inRanges([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
// ECMAScript WhiteSpace and LineTerminator.
const SPACE = inRanges([[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]]);
const LINE_TERMINATOR = inRanges([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]);

export const isWordChar: CharTest = WORD;

/** `.` without the s flag: anything but a line terminator. */
export const ANY_BUT_NEWLINE: CharTest = (c) => !LINE_TERMINATOR(c);

/** The class escapes \d \D \w \W \s \S by their letter. */
export const CLASS_ESCAPES: Record<string, CharTest> = {
  d: DIGIT,
  D: (c) => !DIGIT(c),
  w: WORD,
  W: (c) => !WORD(c),
  s: SPACE,
  S: (c) => !SPACE(c),
};

export const literal = (codePoint: number): CharTest => (c) => c === codePoint;

export const range = (low: number, high: number): CharTest => (c) => c >= low && c <= high;

export const union = (tests: CharTest[], negated: boolean): CharTest => (c) => tests.some((test) => test(c)) !== negated;
