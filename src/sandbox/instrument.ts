/**
 * User JavaScript made stoppable: every loop iteration and every function call first calls a step
 * counter that throws past the call's budget. Production isolates also have CPU limits, but a
 * local workerd has none, and an endless loop there would freeze every Worker of the process.
 * The code is parsed (never run) here; insertions stay on their lines, so line numbers in errors
 * are the user's. `import` is refused: UDFs have no libraries, and the counter's module must stay
 * out of their reach.
 */
import { parse, type Node } from "acorn";

/** The name the inserted calls use; user code may not mention it. */
export const STEP = "__openeoStep";
/** Prepended to the first line (no newline, so lines keep their numbers). */
export const STEP_IMPORT = `import { ${STEP} } from "./budget.js"; `;
/** What one UDF may be, in characters. */
export const MAX_UDF_CHARS = 256 * 1024;

export class UdfSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const LOOPS = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

interface Insertion {
  at: number;
  text: string;
}

type AnyNode = Node & Record<string, unknown>;

function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc") continue;
    if (Array.isArray(value)) for (const item of value) if (item && typeof item === "object" && "type" in item) out.push(item as AnyNode);
    if (value && typeof value === "object" && !Array.isArray(value) && "type" in value) out.push(value as AnyNode);
  }
  return out;
}

/** A step at the start of a block body, or the statement wrapped in a block that steps first. */
function stepBefore(body: AnyNode, insertions: Insertion[]): void {
  if (body.type === "BlockStatement") {
    insertions.push({ at: body.start + 1, text: `${STEP}();` });
  } else {
    insertions.push({ at: body.start, text: `{${STEP}();` }, { at: body.end, text: "}" });
  }
}

function lineOf(code: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < code.length; i++) if (code.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The module's source with step calls inserted and the counter imported.
 * @throws UdfSyntaxError when it doesn't parse, imports something or is too long
 */
export function instrumentUdf(code: string): string {
  if (code.length > MAX_UDF_CHARS) throw new UdfSyntaxError(`it has ${code.length} characters, more than the ${MAX_UDF_CHARS} allowed`);
  if (code.includes(STEP)) throw new UdfSyntaxError(`it may not use the name ${STEP}`);
  let program: AnyNode;
  try {
    program = parse(code, { ecmaVersion: 2023, sourceType: "module" }) as unknown as AnyNode;
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    throw new UdfSyntaxError(`it is not valid JavaScript: ${(error as Error).message}`, loc?.line);
  }
  const insertions: Insertion[] = [];
  const stack: AnyNode[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "ImportDeclaration" || node.type === "ImportExpression") {
      throw new UdfSyntaxError("it imports a module; UDFs run without libraries", lineOf(code, node.start));
    }
    if (LOOPS.has(node.type)) stepBefore(node.body as AnyNode, insertions);
    if (FUNCTIONS.has(node.type)) {
      const body = node.body as AnyNode;
      if (body.type === "BlockStatement") stepBefore(body, insertions);
      else insertions.push({ at: body.start, text: `(${STEP}(), ` }, { at: body.end, text: ")" });
    }
    stack.push(...children(node));
  }
  // In text order. At one offset, closings come first (they end what precedes), the innermost
  // closing and the outermost opening leftmost; insertions were collected outside in.
  const closing = (i: Insertion) => i.text === "}" || i.text === ")";
  const order = insertions.map((insertion, index) => ({ ...insertion, index }));
  order.sort((a, b) => a.at - b.at || Number(closing(b)) - Number(closing(a)) || (closing(a) ? b.index - a.index : a.index - b.index));
  const pieces: string[] = [];
  let from = 0;
  for (const { at, text } of order) {
    pieces.push(code.slice(from, at), text);
    from = at;
  }
  pieces.push(code.slice(from));
  const out = pieces.join("");
  return STEP_IMPORT + out;
}
