/**
 * The model graphs and the independent least-squares answer fit_curve's tests compare with: a
 * harmonic seasonal model, linear in its parameters, solved here by the normal equations.
 */
export const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result } : {}) });
export const x = { from_parameter: "x" };
export const p = (index: number) => node("array_element", { data: { from_parameter: "parameters" }, index });
export const YEAR = 31_557_600;

export const ref = (id: string) => ({ from_node: id });

/** a + b cos(2πx/T) + c sin(2πx/T) with T a Julian year in seconds: arithmetic the engine evaluates by columns. */
const HARMONIC_NODES = {
  a: p(0),
  b: p(1),
  c: p(2),
  pi: node("pi", {}),
  twopi: node("multiply", { x: 2, y: ref("pi") }),
  w: node("divide", { x: ref("twopi"), y: YEAR }),
  wx: node("multiply", { x: ref("w"), y: x }),
  cos: node("cos", { x: ref("wx") }),
  sin: node("sin", { x: ref("wx") }),
  bc: node("multiply", { x: ref("b"), y: ref("cos") }),
  cs: node("multiply", { x: ref("c"), y: ref("sin") }),
};
export const harmonic = { process_graph: { ...HARMONIC_NODES, ab: node("add", { x: ref("a"), y: ref("bc") }), r: node("add", { x: ref("ab"), y: ref("cs") }, true) } };

/** The same model summed with `sum` over an array of node results: the engine can't evaluate it by columns, so it runs per call. */
export const harmonicPerCall = { process_graph: { ...HARMONIC_NODES, r: node("sum", { data: [ref("a"), ref("bc"), ref("cs")] }, true) } };

/** a + b x. */
export const line = { process_graph: { a: p(0), b: p(1), bx: node("multiply", { x: ref("b"), y: x }), r: node("add", { x: ref("a"), y: ref("bx") }, true) } };

/** a · exp(-b x). */
export const decay = {
  process_graph: {
    a: p(0),
    b: p(1),
    bx: node("multiply", { x: ref("b"), y: x }),
    minus: node("multiply", { x: -1, y: ref("bx") }),
    e: node("exp", { p: ref("minus") }),
    r: node("multiply", { x: ref("a"), y: ref("e") }, true),
  },
};

/** Solves a small linear system by Gaussian elimination with partial pivoting. */
function solveLinear(matrix: number[][], rhs: number[]): number[] {
  const m = matrix.map((row, i) => [...row, rhs[i]!]);
  const n = rhs.length;
  for (let c = 0; c < n; c++) {
    const pivot = m.slice(c).reduce((best, row, i) => (Math.abs(row[c]!) > Math.abs(m[best]![c]!) ? c + i : best), c);
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const out = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) out[r] = (m[r]![n]! - m[r]!.slice(r + 1, n).reduce((s, v, i) => s + v * out[r + 1 + i]!, 0)) / m[r]![r]!;
  return out;
}

/** The least-squares harmonic coefficients by the normal equations, over the valid values. */
export function harmonicLeastSquares(xs: number[], ys: (number | null)[]): number[] {
  const rows = xs.flatMap((xv, i) => (ys[i] === null ? [] : [[1, Math.cos((2 * Math.PI * xv) / YEAR), Math.sin((2 * Math.PI * xv) / YEAR)]]));
  const valid = ys.filter((v): v is number => v !== null);
  const normal = [0, 1, 2].map((a) => [0, 1, 2].map((b) => rows.reduce((s, r) => s + r[a]! * r[b]!, 0)));
  const rhs = [0, 1, 2].map((a) => rows.reduce((s, r, i) => s + r[a]! * valid[i]!, 0));
  return solveLinear(normal, rhs);
}

export const harmonicValue = ([a, b, c]: number[], xv: number) => a! + b! * Math.cos((2 * Math.PI * xv) / YEAR) + c! * Math.sin((2 * Math.PI * xv) / YEAR);

