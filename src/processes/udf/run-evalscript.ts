/**
 * A Sentinel Hub evalscript (V3) over a raster cube: setup() says which bands it reads and what
 * it writes; evaluatePixel runs in the sandbox over blocks of pixels, the cube's dates most recent
 * first (or least recent first, as Sentinel Hub's mosaickingOrder asks). The result has one band per output band (`<output id>_<n>`) and no `t`: an evalscript
 * composites over time (its span stays in the cube's metadata).
 */
import { budgetOf, type WorkBudget } from "../../budget";
import { findBand } from "../../cube/bands";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { udfFailed, type UdfSandbox } from "../../sandbox/sandbox";
import { checkVersion, parseSetup, type EvalscriptSetup } from "./evalscript-setup";

/** Pixels per sandbox call, as for UDFs in callbacks. */
const BLOCK = 65_536;
/** Sentinel-2 reflectance bands, which DN units give as digital numbers (reflectance x 10,000). */
const REFLECTANCE_BANDS = /^B(0[1-9]|1[0-2]|8A)$/;

/** Plane index of a combination of label positions (planes are row-major over the cube's dimensions). */
function planeIndex(dims: LabelDimension[], positions: number[]): number {
  return dims.reduce((index, dim, i) => index * dim.labels.length + positions[i]!, 0);
}

/** Which date a SIMPLE mosaic takes first, and the order of ORBIT samples: Sentinel Hub's mosaickingOrder. */
export type MosaickingOrder = "mostRecent" | "leastRecent";

/** For each date (in mosaicking order) and input band, the plane that holds it. */
function inputPlanes(cube: RasterCube, setup: EvalscriptSetup, mosaickingOrder: MosaickingOrder): { planes: Float32Array[]; dates: string[] } {
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
  const newestFirst = mosaickingOrder === "mostRecent" ? 1 : -1;
  const order = dateLabels.map((_, d) => d).sort((a, b) => (dateLabels[a]! < dateLabels[b]! ? newestFirst : dateLabels[a]! > dateLabels[b]! ? -newestFirst : 0));
  const planes = order.flatMap((d) =>
    bandPositions.map((b) => cube.planes[planeIndex(cube.dims, cube.dims.map((_, i) => (i === bandsAt ? b : i === timeAt ? d : 0)))]!),
  );
  return { planes, dates: order.map((d) => dateLabels[d]!) };
}

/** Planes are date-major: plane i holds band i % bands. */
function inUnits(planes: Float32Array[], setup: EvalscriptSetup): Float32Array[] {
  if (setup.units !== "DN") return planes;
  return planes.map((plane, i) => (REFLECTANCE_BANDS.test(setup.bands[i % setup.bands.length]!) ? plane.map((v) => Math.round(v * 10_000)) : plane));
}

/** The script's setup() answer, checked: what it reads and writes, before anything is read. */
export async function evalscriptSetup(sandbox: UdfSandbox, code: string): Promise<EvalscriptSetup> {
  checkVersion(code);
  return parseSetup(await sandbox.evalscriptSetup(code));
}

export async function runEvalscript(
  sandbox: UdfSandbox,
  code: string,
  cube: RasterCube,
  ctx: { budget?: WorkBudget },
  options: { setup?: EvalscriptSetup; mosaickingOrder?: MosaickingOrder } = {},
): Promise<RasterCube> {
  const setup = options.setup ?? (await evalscriptSetup(sandbox, code));
  const { planes, dates } = inputPlanes(cube, setup, options.mosaickingOrder ?? "mostRecent");
  const columns = inUnits(planes, setup);
  const pixels = cube.grid.width * cube.grid.height;
  const outputBands = setup.outputs.reduce((n, o) => n + o.bands, 0);
  budgetOf(ctx).reserve(outputBands * pixels * 4, () => `the evalscript's ${outputBands} output bands`);
  const out = Array.from({ length: outputBands }, () => new Float32Array(pixels));
  const scenes = dates.map((date) => ({ date, dateFrom: date, dateTo: date }));
  for (let start = 0; start < pixels; start += BLOCK) {
    const end = Math.min(pixels, start + BLOCK);
    const block = columns.map((column) => new Float64Array(column.subarray(start, end)));
    const outputs = await sandbox.evaluate(code, { bands: setup.bands, dates, columns: block, length: end - start, outputs: setup.outputs, mosaicking: setup.mosaicking, scenes });
    let band = 0;
    for (const output of outputs) for (const column of output) out[band++]!.set(column, start);
  }
  const labels = setup.outputs.flatMap((o) => Array.from({ length: o.bands }, (_, k) => ({ name: `${o.id}_${k + 1}` })));
  const sorted = [...dates].sort();
  const timeSpan: [string, string] | undefined = dates[0] ? [sorted[0]!, sorted.at(-1)!] : cube.timeSpan;
  return { ...cube, dims: [{ name: "bands", type: "bands", labels }], planes: out, ...(timeSpan ? { timeSpan } : {}) };
}
