/**
 * Thompson's construction and its simulation: the pattern becomes a program of character,
 * split and assertion steps, and the text is read once, left to right, with the set of steps
 * alive at each position. A step is added to a set at most once, so a check costs at most
 * text length × program size, whatever the pattern: nothing backtracks.
 */
import { isWordChar, type CharTest } from "./char-sets";
import { UnsupportedPattern, type Assertion, type PatternNode } from "./parse-pattern";

type Step =
  | { op: "char"; test: CharTest; next: number }
  | { op: "split"; next: number; alternative: number }
  | { op: "assert"; what: Assertion; next: number }
  | { op: "match" };

/** `{m,n}` copies its operand, so programs are bounded rather than patterns alone. */
export const MAX_PROGRAM_STEPS = 10_000;

export class Program {
  private constructor(
    private readonly steps: Step[],
    private readonly start: number,
  ) {}

  static compile(tree: PatternNode): Program {
    const steps: Step[] = [{ op: "match" }];
    const emit = (step: Step): number => {
      if (steps.length >= MAX_PROGRAM_STEPS) throw new UnsupportedPattern(`its repetitions expand to more than ${MAX_PROGRAM_STEPS} steps`);
      return steps.push(step) - 1;
    };
    // Compiled back to front: each node is emitted knowing where it continues.
    const compile = (node: PatternNode, next: number): number => {
      switch (node.kind) {
        case "set":
          return emit({ op: "char", test: node.test, next });
        case "assert":
          return emit({ op: "assert", what: node.what, next });
        case "seq":
          return node.items.reduceRight((continuation, item) => compile(item, continuation), next);
        case "alt":
          return node.options.map((option) => compile(option, next)).reduceRight((rest, first) => emit({ op: "split", next: first, alternative: rest }));
        case "repeat": {
          let entry = next;
          if (node.max === Infinity) {
            const loop = emit({ op: "split", next: -1, alternative: next });
            (steps[loop] as { next: number }).next = compile(node.node, loop);
            entry = loop;
          } else {
            for (let i = node.min; i < node.max; i++) entry = emit({ op: "split", next: compile(node.node, entry), alternative: next });
          }
          for (let i = 0; i < node.min; i++) entry = compile(node.node, entry);
          return entry;
        }
      }
    };
    return new Program(steps, compile(tree, 0));
  }

  /**
   * Whether the pattern matches anywhere in `text` (JSON Schema patterns aren't anchored).
   * Throws UnsupportedPattern when the check would take more than `maxWork` step visits.
   */
  test(text: string, maxWork: number): boolean {
    const size = this.steps.length;
    const seen = new Uint32Array(size);
    // Each step is expanded once per position and pushes at most two others.
    const pending = new Int32Array(2 * size + 1);
    let [current, following] = [new Int32Array(size), new Int32Array(size)];
    let [currentCount, followingCount] = [0, 0];
    let generation = 0;
    let work = 0;
    // Follows splits and assertions from `index` at `position`; true when the match step is reached.
    const add = (index: number, position: number, before: number, after: number): boolean => {
      let top = 0;
      pending[top++] = index;
      while (top > 0) {
        const at = pending[--top]!;
        if (seen[at] === generation) continue;
        seen[at] = generation;
        if (++work > maxWork) throw new UnsupportedPattern(`checking a text of ${text.length} characters against it takes too long`);
        const step = this.steps[at]!;
        if (step.op === "match") return true;
        if (step.op === "char") following[followingCount++] = at;
        else if (step.op === "split") {
          pending[top++] = step.alternative;
          pending[top++] = step.next;
        } else if (holds(step.what, position, text.length, before, after)) pending[top++] = step.next;
      }
      return false;
    };
    // Code points one by one (surrogate pairs as one), -1 before the start and after the end.
    let before = -1;
    for (let position = 0; ; ) {
      const after = position < text.length ? text.codePointAt(position)! : -1;
      generation++;
      for (let i = 0; i < currentCount; i++) {
        const step = this.steps[current[i]!] as Extract<Step, { op: "char" }>;
        if (step.test(before) && add(step.next, position, before, after)) return true;
      }
      if (add(this.start, position, before, after)) return true;
      if (after < 0) return false;
      [current, following, currentCount, followingCount] = [following, current, followingCount, 0];
      before = after;
      position += after > 0xffff ? 2 : 1;
    }
  }
}

function holds(what: Assertion, position: number, length: number, before: number, after: number): boolean {
  switch (what) {
    case "start":
      return position === 0;
    case "end":
      return position === length;
    default:
      return (isWordChar(before) !== isWordChar(after)) === (what === "boundary");
  }
}
