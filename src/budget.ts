/**
 * The work one evaluation may do (a synchronous result, a batch invocation, a map tile): the size
 * of any one value a process builds, checked before it is built, and the operations it spends,
 * checked as it goes. Whatever the request's size or shape, it ends in ProcessGraphComplexity
 * inside the Worker's 128 MB and well inside its CPU limit, instead of taking the isolate down.
 * Pure, like errors.ts: the engine, the processes and the cube all charge the same budget.
 */
import { OpenEOError } from "./errors";

export interface BudgetLimits {
  /** The largest single value (array, text, cube planes) a process may build, in bytes. */
  maxValueBytes: number;
  /** Operations one run may spend: one per element or pixel a process handles, CALL_COST per process call. */
  maxOperations: number;
  /**
   * Wall-clock milliseconds from the budget's start, checked where evaluation pauses. Workers
   * freeze the clock while code computes, so this bounds waiting; operations bound computing.
   */
  maxMillis: number;
}

/**
 * What a process call costs besides the elements it handles: the engine's walk, scope and promises
 * take as long as a few hundred elements of a reducer (measured in wrangler dev, bench:budgets).
 */
export const CALL_COST = 250;

/** Bytes an element of a JS array holds at least (a double); texts count two bytes a character (UTF-16). */
export const ELEMENT_BYTES = 8;

/**
 * Process calls under way at once. The engine starts a node's arguments together, so a graph or
 * recursion that branches has all its branches in flight at the same time, each holding its frame
 * (about a kilobyte): this bounds that memory, whatever the operations allow.
 */
export const MAX_PENDING_CALLS = 20_000;

/** Operations between two pauses: others' requests wait at most about this much work (tens of ms). */
const PAUSE_EVERY = 2_000_000;

/**
 * A million process calls or 250 million elements: seconds of computing, well inside a Worker's
 * default CPU limit of 30 s (docs/limits.md has the measurements). A value of 64 MiB
 * leaves room beside a cube of one read (48 MiB) in 128 MB only while the two don't both grow.
 */
export const RUN_LIMITS: BudgetLimits = { maxValueBytes: 64 * 2 ** 20, maxOperations: 250_000_000, maxMillis: 600_000 };
/** Tiles are public and many: a tenth of a run's operations, half its value size. */
export const TILE_LIMITS: BudgetLimits = { maxValueBytes: 32 * 2 ** 20, maxOperations: 25_000_000, maxMillis: 20_000 };

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;

/** Over budget: ProcessGraphComplexity, placed at the node that went over once the engine knows it. */
export class BudgetExceeded extends OpenEOError {
  constructor(
    readonly detail: string,
    readonly node?: { id: string; process: string },
  ) {
    super("ProcessGraphComplexity", {}, { message: node ? `Node '${node.id}' (${node.process}): ${detail}` : detail });
  }
}

export class WorkBudget {
  private spent = 0;
  private sincePause = 0;
  private pending = 0;
  private readonly started = Date.now();

  constructor(readonly limits: BudgetLimits = RUN_LIMITS) {}

  get operations(): number {
    return this.spent;
  }

  /**
   * Refuses a value of `bytes` before it is built. `what` describes it (e.g. "the joined text"),
   * a function where describing costs something, as it is asked only when the value is refused.
   */
  reserve(bytes: number, what: string | (() => string)): void {
    // Written so that NaN and Infinity are refused too.
    if (!(bytes <= this.limits.maxValueBytes)) {
      const described = typeof what === "function" ? what() : what;
      throw new BudgetExceeded(`${described} would take ${mib(bytes)}, more than the ${mib(this.limits.maxValueBytes)} one value may take.`);
    }
  }

  /** reserve() for an array of `length` elements. */
  reserveElements(length: number, what = "the result"): void {
    this.reserve(length * ELEMENT_BYTES, () => `${what} (${Math.round(length).toLocaleString("en")} elements)`);
  }

  /** Counts work; refuses once the run has spent its operations. `what` names what spent them last. */
  spend(operations: number, what: string | (() => string) = "the process"): void {
    this.spent += operations;
    this.sincePause += operations;
    if (!(this.spent <= this.limits.maxOperations)) {
      const described = typeof what === "function" ? what() : what;
      throw new BudgetExceeded(
        `the process needs more than the ${this.limits.maxOperations.toLocaleString("en")} operations one run may spend (${described} went over). Simplify the graph, or use fewer or smaller arrays and callbacks.`,
      );
    }
  }

  /** A process call begins: refused when too many are under way already. Pair with leave(), also when it throws. */
  enter(): void {
    if (++this.pending > MAX_PENDING_CALLS) {
      throw new BudgetExceeded(
        `more than ${MAX_PENDING_CALLS.toLocaleString("en")} process calls would be under way at once (a graph or recursion that branches out), more than one run may hold in memory.`,
      );
    }
  }

  leave(): void {
    this.pending--;
  }

  /**
   * Where evaluation may pause: after enough work, lets the isolate's other requests run (a timer
   * is a task of its own) and checks the clock.
   */
  async checkpoint(): Promise<void> {
    if (this.sincePause < PAUSE_EVERY) return;
    this.sincePause = 0;
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (Date.now() - this.started > this.limits.maxMillis) {
      throw new BudgetExceeded(`the run took longer than the ${this.limits.maxMillis / 1000} s it may take.`);
    }
  }
}

/** A process's budget: the run's, or, for a process called outside the engine (unit tests), a fresh one. */
export function budgetOf(ctx: { budget?: WorkBudget }): WorkBudget {
  return ctx.budget ?? new WorkBudget();
}
