// Compares the spec of every registered process with the official openEO definition
// (processes/<id>.json, or proposals/<id>.json for experimental ones, of openeo-processes 2.0.0-rc.2, read from OPENEO_SPEC_DIR or ../shared/openeo):
// parameters (names, order, optional, defaults, schemas), the return schema and the exception
// codes must match; summaries and descriptions must be our own words, not copies. Prints one
// line per mismatch and a summary; exit code 1 on any mismatch. Part of `npm run conformance`.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { PROCESSES } from "../src/processes";
import type { ParameterSpec, ProcessSpec } from "../src/processes/types";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = resolve(root, process.env.OPENEO_SPEC_DIR ?? "../shared/openeo", "processes-2.0.0-rc.2");
// Experimental processes (such as load_stac) are defined in proposals/.
const definitionFile = (id: string) => [resolve(specDir, "processes", `${id}.json`), resolve(specDir, "proposals", `${id}.json`)].find(existsSync);

/**
 * Mismatches we accept, keyed `<process id>: <what>` as printed, with the reason. Each one is
 * still checked: an entry that no longer mismatches is reported, so this list can only shrink.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {};

/** Prose and examples carry no meaning for validation: dropped everywhere except as property names. */
const PROSE = new Set(["description", "title", "examples"]);

function withoutProse(value: unknown, underProperties = false): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutProse(v));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(value).filter(([key]) => underProperties || !PROSE.has(key));
  return Object.fromEntries(entries.map(([key, v]) => [key, withoutProse(v, !underProperties && key === "properties")]));
}

const show = (value: unknown) => JSON.stringify(value) ?? "absent";

function compareParameters(ours: ParameterSpec[], official: ParameterSpec[], report: (what: string, detail: string) => void): void {
  const names = (list: ParameterSpec[]) => list.map((p) => p.name).join(", ");
  if (names(ours) !== names(official)) report("parameters", `ours (${names(ours)}) vs official (${names(official)})`);
  for (const theirs of official) {
    const mine = ours.find((p) => p.name === theirs.name);
    if (!mine) continue;
    const at = `parameter ${theirs.name}`;
    if ((mine.optional ?? false) !== (theirs.optional ?? false)) report(`${at} optional`, `ours ${mine.optional ?? false} vs official ${theirs.optional ?? false}`);
    if ("default" in mine !== "default" in theirs || !isDeepStrictEqual(mine.default, theirs.default)) report(`${at} default`, `ours ${show(mine.default)} vs official ${show(theirs.default)}`);
    if (!isDeepStrictEqual(withoutProse(mine.schema), withoutProse(theirs.schema))) {
      report(`${at} schema`, `ours ${show(withoutProse(mine.schema))} vs official ${show(withoutProse(theirs.schema))}`);
    }
    if (mine.description === theirs.description) report(`${at} description`, "copied from the official definition");
  }
}

function compare(ours: ProcessSpec, official: ProcessSpec, report: (what: string, detail: string) => void): void {
  compareParameters(ours.parameters, official.parameters, report);
  if (!isDeepStrictEqual(withoutProse(ours.returns.schema), withoutProse(official.returns.schema))) {
    report("returns schema", `ours ${show(withoutProse(ours.returns.schema))} vs official ${show(withoutProse(official.returns.schema))}`);
  }
  const codes = (spec: ProcessSpec) => Object.keys(spec.exceptions ?? {}).sort().join(", ");
  if (codes(ours) !== codes(official)) report("exceptions", `ours (${codes(ours)}) vs official (${codes(official)})`);
  for (const field of ["summary", "description"] as const) {
    if (ours[field] === official[field]) report(field, "copied from the official definition");
  }
  if (ours.returns.description === official.returns.description) report("returns description", "copied from the official definition");
}

const mismatches: string[] = [];
const known = new Set<string>();
for (const [id, implementation] of [...PROCESSES].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const report = (what: string, detail: string) => {
    const key = `${id}: ${what}`;
    if (key in KNOWN_DIFFERENCES) known.add(key);
    else mismatches.push(`${key}: ${detail}`);
  };
  const file = definitionFile(id);
  if (!file) report("definition", `no official definition in ${specDir}/processes or /proposals`);
  else compare(implementation.spec, JSON.parse(readFileSync(file, "utf8")) as ProcessSpec, report);
}
for (const key of Object.keys(KNOWN_DIFFERENCES)) {
  if (!known.has(key)) mismatches.push(`${key}: listed in KNOWN_DIFFERENCES but matches; remove it from the list`);
}
for (const mismatch of mismatches) console.log(`MISMATCH ${mismatch}`);
console.log(`process specs: ${PROCESSES.size} compared, ${mismatches.length} mismatches, ${known.size} known differences`);
process.exitCode = mismatches.length ? 1 : 0;
