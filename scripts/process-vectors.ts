// Runs the official openEO process test vectors (tests/<id>.json5 of openeo-processes, read from
// OPENEO_SPEC_DIR or ../shared/openeo) through the real engine: each vector becomes a one-node
// process graph that is validated and evaluated like a user's. Part of `npm run conformance`.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import JSON5 from "json5";
import type { DataAccess } from "../src/cube";
import { runProcess } from "../src/engine";
import { PROCESSES } from "../src/processes";
import { isLabeled, labeled } from "../src/processes/types";
import { KNOWN_BAD_VECTORS } from "./process-vectors-known-bad";
import { cubeMismatch, isFixtureCube, MissingFixture, resolveRefs, toRasterCube, UnsupportedFixture } from "./vector-datacubes";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const testsDir = resolve(root, process.env.OPENEO_SPEC_DIR ?? "../shared/openeo", "processes-2.0.0-rc.2/tests");

interface Vector {
  arguments: Record<string, unknown>;
  returns?: unknown;
  throws?: string | boolean;
  delta?: number;
  required?: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const jsonSafe = (v: unknown): boolean =>
  typeof v === "number" ? Number.isFinite(v) : Array.isArray(v) ? v.every(jsonSafe) : isObject(v) ? !("type" in v) && Object.values(v).every(jsonSafe) : true;

/** Test-suite encodings to values: no-data is null, labeled arrays become LabeledArrays, datacubes RasterCubes. */
function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (!isObject(value)) return value;
  if (value.type === "nodata") return null;
  if (isFixtureCube(value)) return toRasterCube(value);
  if (value.type === "datetime") return value.value;
  if (value.type === "labeled-array") {
    const entries = value.data as { key: string | number; value: unknown }[];
    return labeled(entries.map((e) => decode(e.value)), entries.map((e) => e.key));
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
}

/** Callbacks in the vectors use the pre-1.0 `from_argument`; today it is `from_parameter`. */
function modernise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(modernise);
  if (!isObject(value)) return value;
  if (typeof value.from_argument === "string" && Object.keys(value).length === 1) return { from_parameter: value.from_argument };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, modernise(v)]));
}

/**
 * The vector as a process: JSON-safe arguments inline (so validation sees them), the rest (NaN,
 * infinities, no-data, labeled arrays) passed as the graph's parameters.
 */
function asProcess(id: string, vector: Vector) {
  const args: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(vector.arguments)) {
    if (jsonSafe(value) || (isObject(value) && "process_graph" in value)) args[name] = modernise(value);
    else {
      args[name] = { from_parameter: name };
      parameters[name] = decode(value);
    }
  }
  return { process: { process_graph: { vector: { process_id: id, arguments: args, result: true } } }, parameters };
}

function mismatch(actual: unknown, expected: unknown, delta: number): string | null {
  if (isFixtureCube(expected)) return cubeMismatch(actual, expected, delta);
  if (isObject(expected) && expected.type === "nodata") return actual === null ? null : "expected no-data";
  if (isObject(expected) && expected.type === "datetime") return Date.parse(String(actual)) === Date.parse(String(expected.value)) ? null : `expected ${expected.value}`;
  if (isObject(expected) && expected.type === "labeled-array") {
    const entries = expected.data as { key: unknown; value: unknown }[];
    if (!isLabeled(actual) || !isDeepStrictEqual(actual.labels, entries.map((e) => e.key))) return "labels differ";
    return mismatch([...actual], entries.map((e) => e.value), delta);
  }
  if (typeof expected === "number" && typeof actual === "number") {
    if (Number.isNaN(expected) || !Number.isFinite(expected)) return Object.is(actual, expected) ? null : `${actual} vs ${expected}`;
    return Math.abs(actual - expected) <= delta ? null : `${actual} vs ${expected}`;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && actual.length === expected.length) {
    for (let i = 0; i < expected.length; i++) {
      const why = mismatch(actual[i], expected[i], delta);
      if (why) return `[${i}] ${why}`;
    }
    return null;
  }
  if (isObject(expected) && isObject(actual)) {
    for (const k of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
      const why = mismatch(actual[k], expected[k], delta);
      if (why) return `.${k} ${why}`;
    }
    return null;
  }
  return isDeepStrictEqual(actual, expected) ? null : `${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`;
}

/** The vectors' cubes are all in memory: a process that asks for collections or files gets nothing. */
const noData: DataAccess = {
  collection: (id) => Promise.reject(new Error(`the test vectors have no collection '${id}'`)),
  items: () => Promise.reject(new Error("the test vectors have no collections")),
  openAsset: (asset) => Promise.reject(new Error(`the test vectors have no asset ${asset.href}`)),
};

async function check(id: string, raw: Vector): Promise<string | null> {
  let vector: Vector;
  let asked: ReturnType<typeof asProcess>;
  try {
    // Fixtures (assets/*.json5) referenced by `$ref` are inlined first.
    vector = resolveRefs(raw, testsDir) as Vector;
    asked = asProcess(id, vector);
  } catch (error) {
    if (error instanceof MissingFixture) return `missing fixture: ${error.message}`;
    if (error instanceof UnsupportedFixture) return `unsupported fixture: ${error.message}`;
    throw error;
  }
  const { process, parameters } = asked;
  let result: unknown;
  try {
    result = await runProcess(process, { processes: PROCESSES }, { ctx: { log: () => {}, data: noData }, parameters });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (vector.throws === true || (vector.throws && code === vector.throws)) return null;
    return `threw ${code}: ${(error as Error).message}`;
  }
  if (!("returns" in vector)) return `expected ${vector.throws}, got ${JSON.stringify(result)}`;
  return mismatch(result, vector.returns, vector.delta ?? 1e-10);
}

let passed = 0;
let contradicted = 0;
let unimplemented = 0;
const failures: string[] = [];
const knownBad = new Set(Object.keys(KNOWN_BAD_VECTORS));
// Every file, so that vectors of processes we lack show up as skipped rather than vanish.
for (const file of readdirSync(testsDir).filter((f) => f.endsWith(".json5")).sort()) {
  const id = file.slice(0, -".json5".length);
  const { tests } = JSON5.parse(readFileSync(resolve(testsDir, file), "utf8")) as { tests: Vector[] };
  for (const [n, vector] of tests.entries()) {
    if (!PROCESSES.has(id) || (vector.required ?? []).some((p) => !PROCESSES.has(p))) {
      unimplemented++;
      continue;
    }
    const name = `${id}#${n}`;
    const why = await check(id, vector);
    if (why === null && knownBad.has(name)) failures.push(`${name}: listed as a known-bad vector but passes; remove it from the list`);
    else if (why === null) passed++;
    else if (knownBad.has(name)) contradicted++;
    else failures.push(`${name}: ${why}`);
  }
}
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(`skipped: ${contradicted} contradict their definitions (scripts/process-vectors-known-bad.ts), ${unimplemented} need processes we lack`);
console.log(`process vectors: ${passed} passed, ${failures.length} failed, ${contradicted + unimplemented} skipped`);
process.exitCode = failures.length ? 1 : 0;
