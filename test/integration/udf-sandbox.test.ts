/**
 * The UDF sandbox on workerd's real Worker Loader: pixels, lanes and whole cubes cross as typed
 * arrays and come back computed by the user's code; errors name the line; endless loops, network
 * access and imports are stopped; the host keeps serving after each.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { workerLoaderSandbox } from "../../src/sandbox/worker-loader-sandbox";

const sandbox = workerLoaderSandbox(env.LOADER!);
const block = (columns: number[][], labels: string[] = []) => ({ columns: columns.map((c) => Float64Array.from(c)), labels, length: columns[0]!.length, context: { factor: 10 } });

describe("UDF sandbox", () => {
  it("computes per pixel from the pixel's labeled values, with no-data as null", async () => {
    const code = "export function udf(data, context) {\n  const [red, nir] = [data[data.labels.indexOf('red')], data[data.labels.indexOf('nir')]];\n  if (red === null || nir === null) return null;\n  return (nir - red) / (nir + red);\n}\n";
    const out = await sandbox.pixels(code, { ...block([[0.1, 0.2, NaN], [0.5, 0.2, 0.3]], ["red", "nir"]), scalar: false });
    expect(Array.from(out.subarray(0, 2))).toEqual([(0.5 - 0.1) / 0.6, 0]);
    expect(out[2]).toBeNaN();
  });

  it("applies to single values with the context, and takes booleans as 1/0", async () => {
    const scaled = await sandbox.pixels("export const udf = (x, context) =>\n  x === null ? -1 : x * context.factor;\n", { ...block([[1, 2.5, NaN]]), scalar: true });
    expect(Array.from(scaled)).toEqual([10, 25, -1]);
    const flags = await sandbox.pixels("export function udf(x) {\n  return x > 1;\n}\n", { ...block([[1, 2]]), scalar: true });
    expect(Array.from(flags)).toEqual([0, 1]);
  });

  it("answers arrays per pixel as columns (apply_dimension), the same length everywhere", async () => {
    const code = "export function udf(data) {\n  return data.map((v, i) => v + i);\n}\n";
    const lanes = await sandbox.lanes(code, block([[1, 2], [10, 20], [100, 200]], ["a", "b", "c"]));
    expect(lanes.map((l) => Array.from(l))).toEqual([[1, 2], [11, 21], [102, 202]]);
    const ragged = "export function udf(data) {\n  return data[0] > 1 ? [1, 2] : [1];\n}\n";
    await expect(sandbox.lanes(ragged, block([[1, 2]], ["a"]))).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("1 values for one pixel but 2") });
  });

  it("applies a function to a whole cube", async () => {
    const code = "export function applyDatacube(cube, context) {\n  const data = cube.data.map((v) => v * context.factor);\n  return { ...cube, data };\n}\n";
    const cube = { dimensions: [{ name: "bands", type: "bands", labels: ["a"] }, { name: "y", type: "spatial", labels: [0, 1] }, { name: "x", type: "spatial", labels: [0] }], shape: [1, 2, 1], data: Float32Array.of(1.5, 2) };
    const out = await sandbox.datacube(code, cube, { factor: 2 });
    expect(out.shape).toEqual([1, 2, 1]);
    expect(Array.from(out.data)).toEqual([3, 4]);
  });

  it("names the line where the UDF threw, and where its syntax fails", async () => {
    const code = "export function udf(x) {\n  if (x > 1) {\n    throw new Error('too large: ' + x);\n  }\n  return x;\n}\n";
    await expect(sandbox.pixels(code, { ...block([[1, 2]]), scalar: true })).rejects.toMatchObject({ code: "UdfFailed", status: 400, message: "The UDF failed at line 3: Error: too large: 2" });
    await expect(sandbox.pixels("export function udf(x) {\n  return x +;\n}\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringMatching(/^The UDF failed at line 2: it is not valid JavaScript/) });
    await expect(sandbox.pixels("export function other(x) {\n  return x;\n}\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ message: expect.stringContaining("exports no function udf") });
  });

  it("stops endless loops and endless recursion by its step budget, and keeps serving", async () => {
    const started = Date.now();
    await expect(sandbox.pixels("export function udf(x) {\n  while (true) {}\n}\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("steps") });
    await expect(sandbox.pixels("export function udf(x) {\n  for (;;) x++;\n}\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("steps") });
    await expect(sandbox.pixels("const f = (n) => f(n + 1);\nexport function udf(x) {\n  return f(x);\n}\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringMatching(/steps|stack/) });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(Array.from(await sandbox.pixels("export const udf = (x) =>\n  x + 1;\n", { ...block([[1]]), scalar: true }))).toEqual([2]);
  });

  it("refuses single huge allocations at the UDF's line, and keeps serving", async () => {
    const allocating = (line: string) => `export function udf(x) {\n  ${line}\n  return x;\n}\n`;
    for (const line of [
      "const a = new Float64Array(2 ** 28);",
      "const a = new ArrayBuffer(2 ** 30);",
      "const a = new ArrayBuffer(8, { maxByteLength: 2 ** 31 });",
      "const a = Float32Array.from({ length: 2 ** 27 });",
      "const a = new Array(2 ** 27).fill(0);",
      "const a = Array.apply(null, { length: 2 ** 26 });",
      "const a = Array.from({ length: 2 ** 26 }, () => 0);",
      "const a = []; a.length = 2 ** 30; a.fill(1);",
      "const s = 'xy'.repeat(2 ** 25);",
      "const s = ''.padStart(2 ** 26, 'x');",
      "const a = new (new Float64Array(0).constructor)(2 ** 28);",
      "const a = new (new ArrayBuffer(0).constructor)(2 ** 30);",
      "const a = new ArrayBuffer(8).transfer(2 ** 30);",
      "const m = new WebAssembly.Memory({ initial: 2048 });",
      "const a = new Array(2 ** 23).fill(0);",
    ]) {
      await expect(sandbox.pixels(allocating(line), { ...block([[1]]), scalar: true }), line).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringMatching(/^The UDF failed at line 2: RangeError: the UDF asked for .* one allocation in the sandbox may take$/) });
    }
    // Allocations below the bounds, and the types themselves, work as before.
    const modest = "class Doubles extends Float64Array {}\nexport function udf(x) {\n  const a = new Float64Array(1000).fill(x);\n  const b = Array.from({ length: 10 }, (_, i) => i);\n  const ok = a instanceof Float64Array && a.constructor === Float64Array && [].constructor === Array && new Doubles(2) instanceof Float64Array && a.map((v) => v).length === 1000;\n  return ok && Array.isArray(b) ? a[999] + b[9] + 'ab'.repeat(3).length : -1;\n}\n";
    expect(Array.from(await sandbox.pixels(modest, { ...block([[1]]), scalar: true }))).toEqual([1 + 9 + 6]);
    const cube = { dimensions: [{ name: "bands", type: "bands", labels: ["a"] }], shape: [1, 1, 2], data: Float32Array.from([1, 2]) };
    const doubled = await sandbox.datacube("export function applyDatacube(cube) {\n  return { ...cube, data: new Float32Array(cube.data.map((v) => 2 * v)) };\n}\n", cube, null);
    expect(Array.from(doubled.data)).toEqual([2, 4]);
  });

  it("has no network and no imports", async () => {
    // The first call starts a fetch and keeps its outcome in the module; the next call reports it.
    const fetching = [
      "let outcome = 'pending';",
      "export function udf(x) {",
      "  if (x === 1) fetch('https://example.com/').then(() => { outcome = 'fetched'; }, () => { outcome = 'refused'; });",
      "  return ['pending', 'refused', 'fetched'].indexOf(outcome);",
      "}",
    ].join("\n");
    expect(Array.from(await sandbox.pixels(fetching, { ...block([[1]]), scalar: true }))).toEqual([0]);
    expect(Array.from(await sandbox.pixels(fetching, { ...block([[2]]), scalar: true }))).toEqual([1]);
    await expect(sandbox.pixels("import fs from 'node:fs';\nexport const udf = (x) =>\n  x;\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ code: "UdfFailed", message: expect.stringContaining("imports a module") });
    await expect(sandbox.pixels("export async function udf(x) {\n  return (await import('node:fs')).x;\n}\n", { ...block([[1]]), scalar: true })).rejects.toMatchObject({ message: expect.stringContaining("imports a module") });
  });
});
