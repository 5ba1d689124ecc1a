import { parse } from "acorn";
import { describe, expect, it } from "vitest";
import { instrumentUdf, STEP, STEP_IMPORT } from "../../../src/sandbox/instrument";

const steps = (code: string) => code.split(`${STEP}()`).length - 1;

describe("UDF instrumentation", () => {
  it("steps in every loop body and function body, on the same lines, and still parses", () => {
    const code = [
      "const square = (x) => x * x;",
      "const box = () => ({ a: 1 });",
      "export function udf(data) {",
      "  let s = 0;",
      "  for (const v of data) s += v;",
      "  for (let i = 0; i < 3; i++) { s += i; }",
      "  while (s > 100) s /= 2;",
      "  do s++; while (s < 0);",
      "  for (const k in box()) if (k) s += square(2);",
      "  return [1, 2].map(function (v) { return v; }).length + s;",
      "}",
    ].join("\n");
    const out = instrumentUdf(code);
    expect(out.startsWith(STEP_IMPORT)).toBe(true);
    // 4 functions (two arrows, udf, the function expression) and 5 loops.
    expect(steps(out)).toBe(9);
    expect(out.split("\n").length).toBe(code.split("\n").length);
    expect(() => parse(out, { ecmaVersion: 2023, sourceType: "module" })).not.toThrow();
    expect(out).toContain(`const box = () => ((${STEP}(), { a: 1 }));`);
    expect(out).toContain(`while (s > 100) {${STEP}();s /= 2;}`);
    // Each line keeps its statements: the loop on line 5 stays on line 5.
    expect(out.split("\n")[4]).toContain("for (const v of data) {");
  });

  it("keeps nested bodies that end together balanced", () => {
    const out = instrumentUdf("while (a) while (b) c = () => d => e;\n");
    expect(() => parse(out, { ecmaVersion: 2023, sourceType: "module" })).not.toThrow();
    expect(steps(out)).toBe(4);
  });

  it("refuses imports, the counter's name, syntax errors (with their line) and huge code", () => {
    expect(() => instrumentUdf("import x from 'y';\n")).toThrow(/imports a module/);
    expect(() => instrumentUdf("export const f = () =>\n  import('y');\n")).toThrow(expect.objectContaining({ line: 2 }));
    expect(() => instrumentUdf(`${STEP} = () => 0;\n`)).toThrow(/may not use the name/);
    expect(() => instrumentUdf("let a = ;\n")).toThrow(expect.objectContaining({ line: 1, message: expect.stringContaining("not valid JavaScript") }));
    expect(() => instrumentUdf(`// ${"x".repeat(300 * 1024)}\n`)).toThrow(/characters/);
  });
});
