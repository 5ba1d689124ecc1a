/**
 * An evalscript's `setup()` answer, checked: its input bands and units, its outputs (id, number of
 * bands, sample type) and its mosaicking, with Sentinel Hub's defaults. Sizes are bounded before
 * any pixel is evaluated.
 */
import { udfFailed, type EvalscriptHook } from "../../sandbox/sandbox";

export type SampleType = "AUTO" | "UINT8" | "UINT16" | "FLOAT32";
export type Mosaicking = "SIMPLE" | "ORBIT" | "TILE";

export interface EvalscriptSetup {
  /** Input bands as samples name them; dataMask is always there and not listed. */
  bands: string[];
  units: "REFLECTANCE" | "DN";
  /** names: the bands' names where setup() gives them as an array (the Statistical API's band names). */
  outputs: { id: string; bands: number; sampleType: SampleType; names?: string[] }[];
  mosaicking: Mosaicking;
  /** The optional functions the script defines. */
  hooks: EvalscriptHook[];
}

const MAX_BANDS = 64;
const MAX_OUTPUTS = 16;
const SAMPLE_TYPES: readonly SampleType[] = ["AUTO", "UINT8", "UINT16", "FLOAT32"];
const MOSAICKINGS: readonly Mosaicking[] = ["SIMPLE", "ORBIT", "TILE"];

function invalid(reason: string): Error {
  return udfFailed(`setup() ${reason}`);
}

/** Evalscripts of version 3 say so on their first line. */
export function checkVersion(code: string): void {
  if (!/^\s*\/\/\s*VERSION\s*=\s*3\s*(\r|\n)/.test(code)) throw udfFailed("an evalscript must begin with the line //VERSION=3", 1);
}

function inputOf(input: unknown): Pick<EvalscriptSetup, "bands" | "units"> {
  if (!Array.isArray(input) || input.length === 0) throw invalid("must answer `input`: an array of band names, or [{bands, units}]");
  const first = input[0];
  const spec = typeof first === "string" ? { bands: input, units: "REFLECTANCE" } : first;
  if (typeof first !== "string" && input.length > 1) throw invalid("declares several inputs; data fusion is not supported");
  const { bands, units = "REFLECTANCE" } = (spec ?? {}) as { bands?: unknown; units?: unknown };
  if (!Array.isArray(bands) || bands.length === 0 || bands.some((b) => typeof b !== "string")) throw invalid("must name its input bands as strings");
  if (bands.length > MAX_BANDS) throw invalid(`names ${bands.length} input bands, more than ${MAX_BANDS}`);
  if (units !== "REFLECTANCE" && units !== "DN") throw invalid(`asks for units ${JSON.stringify(units)}; REFLECTANCE and DN are supported`);
  return { bands: [...new Set((bands as string[]).filter((b) => b !== "dataMask"))], units };
}

/**
 * setup()'s outputs, or updateOutput's: ids, bands (a number, or an array of band names) and
 * sample types in bounds; `sampleType` the default (the Statistical API's is FLOAT32).
 */
export function outputsOf(output: unknown, from = "setup()", sampleTypeDefault: SampleType = "AUTO"): EvalscriptSetup["outputs"] {
  const invalid = (reason: string) => udfFailed(`${from} ${reason}`);
  const list = Array.isArray(output) ? output : [output];
  if (list.length === 0 || list.length > MAX_OUTPUTS) throw invalid(`must declare between 1 and ${MAX_OUTPUTS} outputs`);
  const outputs = list.map((o) => {
    const { id = "default", bands: given, sampleType = sampleTypeDefault } = (o ?? {}) as { id?: unknown; bands?: unknown; sampleType?: unknown };
    if (typeof id !== "string" || id === "") throw invalid("gives an output an id that is not a string");
    const names = Array.isArray(given) ? given : undefined;
    if (names && (names.some((n) => typeof n !== "string" || n === "") || new Set(names).size !== names.length)) throw invalid(`must name output '${id}''s bands with distinct strings`);
    const bands = names ? names.length : given;
    if (typeof bands !== "number" || !Number.isInteger(bands) || bands < 1 || bands > MAX_BANDS) throw invalid(`must give output '${id}' a number of bands from 1 to ${MAX_BANDS}`);
    const type = String(sampleType).toUpperCase() as SampleType;
    if (!SAMPLE_TYPES.includes(type)) throw invalid(`gives output '${id}' the sampleType ${JSON.stringify(sampleType)}; ${SAMPLE_TYPES.join(", ")} are supported`);
    return { id, bands, sampleType: type, ...(names ? { names: names as string[] } : {}) };
  });
  if (new Set(outputs.map((o) => o.id)).size !== outputs.length) throw invalid("declares two outputs with one id");
  return outputs;
}

export function parseSetup(answer: unknown, hooks: EvalscriptHook[], sampleTypeDefault: SampleType = "AUTO"): EvalscriptSetup {
  if (!answer || typeof answer !== "object") throw invalid("must answer an object {input, output}");
  const { input, output, mosaicking = "SIMPLE" } = answer as Record<string, unknown>;
  const m = String(mosaicking).toUpperCase() as Mosaicking;
  if (!MOSAICKINGS.includes(m)) throw invalid(`asks for mosaicking ${JSON.stringify(mosaicking)}; ${MOSAICKINGS.join(", ")} are supported`);
  return { ...inputOf(input), outputs: outputsOf(output, "setup()", sampleTypeDefault), mosaicking: m, hooks };
}
