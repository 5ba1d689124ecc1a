/**
 * A Sentinel Hub evalscript (V3) over a raster cube: setup() says which bands it reads and what
 * it writes; evaluatePixel runs in the sandbox over blocks of pixels, the cube's dates in
 * mosaicking order (evalscript-scenes.ts). The result has one band per output band
 * (`<output id>_<n>`) and no `t`: an evalscript composites over time (its span stays in the
 * cube's metadata).
 */
import { budgetOf, type WorkBudget } from "../../budget";
import { findBand } from "../../cube/bands";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { udfFailed, type UdfSandbox } from "../../sandbox/sandbox";
import { checkVersion, parseSetup, type EvalscriptSetup, type SampleType } from "./evalscript-setup";
import { INPUT_METADATA, orderScenes, sceneObject, scenesAndOutputs, type MosaickingOrder, type SceneFacts } from "./evalscript-scenes";

/**
 * Pixels per sandbox call: up to 262,144 (1 MiB a float32 column: fewer calls weigh less on small
 * results), fewer where there are many columns (bands x dates), so that one call carries at most
 * BLOCK_BYTES of input.
 */
const MAX_BLOCK = 262_144;
const BLOCK_BYTES = 16 * 2 ** 20;
/** Sentinel-2 reflectance bands, which DN units give as digital numbers (reflectance x 10,000). */
const REFLECTANCE_BANDS = /^B(0[1-9]|1[0-2]|8A)$/;

/** Plane index of a combination of label positions (planes are row-major over the cube's dimensions). */
function planeIndex(dims: LabelDimension[], positions: number[]): number {
  return dims.reduce((index, dim, i) => index * dim.labels.length + positions[i]!, 0);
}

/** The cube's dates, as scenes without catalogue facts. */
function cubeScenes(cube: RasterCube): SceneFacts[] {
  const time = cube.dims.find((d) => d.type === "temporal");
  return (time ? (time.labels as string[]) : [""]).map((date) => ({ date }));
}

/** For each scene (in its order) and input band, the plane that holds it. */
function inputPlanes(cube: RasterCube, setup: EvalscriptSetup, scenes: SceneFacts[]): Float32Array[] {
  const bandsAt = cube.dims.findIndex((d) => d.type === "bands");
  const timeAt = cube.dims.findIndex((d) => d.type === "temporal");
  for (const [i, dim] of cube.dims.entries()) {
    if (i !== bandsAt && i !== timeAt && dim.labels.length !== 1) throw udfFailed(`the cube's dimension '${dim.name}' has ${dim.labels.length} labels; an evalscript reads bands and dates only`);
  }
  if (bandsAt < 0) throw udfFailed("the cube has no bands dimension for the evalscript's input");
  const bandLabels = (cube.dims[bandsAt] as Extract<LabelDimension, { type: "bands" }>).labels;
  const bandPositions = setup.bands.map((name) => {
    const band = findBand(bandLabels, name);
    if (!band || band === "ambiguous") throw udfFailed(`setup() asks for band '${name}', which the cube ${band ? "has several of" : `lacks (bands: ${bandLabels.map((b) => b.name).join(", ")})`}`);
    return bandLabels.indexOf(band);
  });
  const dateLabels = timeAt < 0 ? [""] : (cube.dims[timeAt]!.labels as string[]);
  return scenes.flatMap((scene) => {
    const d = dateLabels.indexOf(scene.date);
    if (d < 0) throw new Error(`the scene of ${scene.date} is not a date of the cube`);
    return bandPositions.map((b) => cube.planes[planeIndex(cube.dims, cube.dims.map((_, i) => (i === bandsAt ? b : i === timeAt ? d : 0)))]!);
  });
}

/** Planes are date-major: plane i holds band i % bands. */
function inUnits(planes: Float32Array[], setup: EvalscriptSetup): Float32Array[] {
  if (setup.units !== "DN") return planes;
  return planes.map((plane, i) => (REFLECTANCE_BANDS.test(setup.bands[i % setup.bands.length]!) ? plane.map((v) => Math.round(v * 10_000)) : plane));
}

/** The script's setup() answer, checked: what it reads and writes, before anything is read. */
export async function evalscriptSetup(sandbox: UdfSandbox, code: string, sampleTypeDefault: SampleType = "AUTO"): Promise<EvalscriptSetup> {
  checkVersion(code);
  const { setup, hooks } = await sandbox.evalscriptSetup(code);
  return parseSetup(setup, hooks, sampleTypeDefault);
}

/**
 * evaluatePixel over every pixel of the cube, for the given scenes (dates of the cube, in
 * mosaicking order, as scenesAndOutputs decided them) and outputs: one plane per output band.
 */
export async function evaluatePixels(
  sandbox: UdfSandbox,
  code: string,
  cube: RasterCube,
  ctx: { budget?: WorkBudget },
  plan: { setup: EvalscriptSetup; scenes: SceneFacts[]; outputs: EvalscriptSetup["outputs"] },
): Promise<Float32Array[]> {
  const { setup, scenes, outputs } = plan;
  const columns = inUnits(inputPlanes(cube, setup, scenes), setup);
  const pixels = cube.grid.width * cube.grid.height;
  const outputBands = outputs.reduce((n, o) => n + o.bands, 0);
  budgetOf(ctx).reserve(outputBands * pixels * 4, () => `the evalscript's ${outputBands} output bands`);
  const out = Array.from({ length: outputBands }, () => new Float32Array(pixels));
  const request = {
    bands: setup.bands,
    dates: scenes.map((s) => s.date),
    outputs,
    mosaicking: setup.mosaicking,
    scenes: scenes.map((s) => sceneObject(s, setup.mosaicking)),
    inputMetadata: INPUT_METADATA,
  };
  const block = Math.max(1024, Math.min(MAX_BLOCK, Math.floor(BLOCK_BYTES / (4 * Math.max(1, columns.length)))));
  budgetOf(ctx).reserve(block * columns.length * 4, "a block of the evalscript's input");
  for (let start = 0; start < pixels; start += block) {
    const end = Math.min(pixels, start + block);
    // Copies: a view would take its whole buffer over RPC.
    const copies = columns.map((column) => column.slice(start, end));
    const answers = await sandbox.evaluate(code, { ...request, columns: copies, length: end - start });
    let band = 0;
    for (const output of answers) for (const column of output) out[band++]!.set(column, start);
  }
  return out;
}

/** run_udf's evalscript: the cube's dates as scenes in mosaicking order, the script's hooks, then every pixel. */
export async function runEvalscript(
  sandbox: UdfSandbox,
  code: string,
  cube: RasterCube,
  ctx: { budget?: WorkBudget },
  order: MosaickingOrder = "mostRecent",
): Promise<RasterCube> {
  const setup = await evalscriptSetup(sandbox, code);
  const { scenes, outputs } = await scenesAndOutputs(sandbox, code, setup, orderScenes(cubeScenes(cube), order));
  const planes = await evaluatePixels(sandbox, code, cube, ctx, { setup, scenes, outputs });
  const labels = outputs.flatMap((o) => Array.from({ length: o.bands }, (_, k) => ({ name: `${o.id}_${k + 1}` })));
  const dates = scenes.map((s) => s.date).filter((d) => d !== "").sort();
  const timeSpan: [string, string] | undefined = dates[0] ? [dates[0], dates.at(-1)!] : cube.timeSpan;
  return { ...cube, dims: [{ name: "bands", type: "bands", labels }], planes, ...(timeSpan ? { timeSpan } : {}) };
}
