import { budgetOf } from "../../budget";
import { instantOf } from "../../cube/climatology";
import { dataAccess, type DataAccess } from "../../cube/context";
import { dimensionNames, lanes, withLanes } from "../../cube/dimensions";
import { filterTime } from "../../cube/filters";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { planRead } from "../../cube/plan";
import type { DataCube, LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { ProcessContext, ProcessImplementation } from "../types";
import { TEMPORAL_CUBE } from "./aggregate-temporal";

const PROCESS = "resample_cube_temporal";
const DAY = 86_400_000;

/** The target's dimensions and their names; a cube not read yet tells its time steps from its items, without reading pixels. */
async function targetDimensions(target: DataCube, data: DataAccess): Promise<{ dims: LabelDimension[]; names: string[] }> {
  if (target.kind === "raster") return { dims: target.dims, names: dimensionNames(target) };
  const plan = await planRead(target, data);
  return { dims: [{ name: "t", type: "temporal", labels: plan.dates.map((d) => d.label) }], names: ["x", "y", "t", "bands"] };
}

/** The temporal dimensions to resample, by name: `dimension`, or every temporal one both cubes have. */
function dimensionsToResample(cube: RasterCube, target: { dims: LabelDimension[]; names: string[] }, dimension: string | null): string[] {
  const temporal = (dims: LabelDimension[], name: string) => dims.some((d) => d.name === name && d.type === "temporal");
  if (dimension === null) {
    const shared = cube.dims.filter((d) => d.type === "temporal" && temporal(target.dims, d.name)).map((d) => d.name);
    if (shared.length === 0) throw OpenEOError.processException("DimensionMismatch", "The data and the target have no temporal dimension of the same name.");
    return shared;
  }
  const missing = [dimensionNames(cube).includes(dimension) ? null : "data", target.names.includes(dimension) ? null : "target"].filter(Boolean);
  if (missing.length) throw OpenEOError.processException("DimensionNotAvailable", `The ${missing.join(" and the ")} ha${missing.length > 1 ? "ve" : "s"} no dimension '${dimension}'.`);
  if (!temporal(cube.dims, dimension) || !temporal(target.dims, dimension)) throw OpenEOError.processException("DimensionMismatch", `Dimension '${dimension}' is not temporal in both the data and the target.`);
  return [dimension];
}

function instants(labels: (string | number)[], parameter: string): number[] {
  return labels.map((label) => {
    const ms = typeof label === "string" ? instantOf(label) : NaN;
    if (Number.isNaN(ms)) throw new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter, reason: `the temporal label '${label}' is not an instant` });
    return ms;
  });
}

/** The source time steps by distance from `at`, the earlier first on ties; only those within `within` ms when given. */
function nearestFirst(times: number[], at: number, within: number | null): number[] {
  const order = times.map((_, i) => i).filter((i) => within === null || Math.abs(times[i]! - at) <= within);
  return order.sort((a, b) => Math.abs(times[a]! - at) - Math.abs(times[b]! - at) || times[a]! - times[b]!);
}

/** Per pixel, the first valid value (is_valid: neither no-data nor infinite) of the candidates, in order. */
function firstValid(candidates: Float32Array[], length: number): Float32Array {
  const out = new Float32Array(length).fill(NaN);
  for (const plane of candidates) {
    for (let i = 0; i < length; i++) if (Number.isNaN(out[i]!) && Number.isFinite(plane[i]!)) out[i] = plane[i]!;
  }
  return out;
}

/** Resamples temporal dimension `name` onto the target's labels. */
function resampleDimension(cube: RasterCube, name: string, targetLabels: string[], within: number | null, ctx: ProcessContext): RasterCube {
  const index = cube.dims.findIndex((d) => d.name === name);
  const times = instants(cube.dims[index]!.labels as string[], "data");
  const targets = instants(targetLabels, "target");
  const orders = targets.map((at) => nearestFirst(times, at, within));
  const pixels = cube.grid.width * cube.grid.height;
  const lanesOf = lanes(cube, index);
  const budget = budgetOf(ctx);
  budget.reserve(lanesOf.length * targets.length * pixels * 4, () => `${PROCESS}'s ${targets.length} time steps`);
  if (within !== null) budget.spend(lanesOf.length * orders.reduce((n, order) => n + order.length, 0) * pixels, PROCESS);
  const empty = () => new Float32Array(pixels).fill(NaN);
  const replaced = lanesOf.map((lane) =>
    orders.map((order) => {
      if (within !== null) return firstValid(order.map((i) => lane[i]!), pixels);
      // The nearest time step whatever its values (no-data included); planes are never written to, so it is shared.
      return order.length ? lane[order[0]!]! : empty();
    }),
  );
  return withLanes(cube, index, { name, type: "temporal", labels: targetLabels }, replaced);
}

/** Windows of valid_within narrow a cube not read yet only up to 100,000 years. */
const MAX_NARROWING_MS = 100_000 * 365 * DAY;

export const resampleCubeTemporal: ProcessImplementation = {
  spec: {
    id: PROCESS,
    summary: "Put the time steps of a cube onto another cube's time steps",
    description:
      "Resamples temporal dimensions of `data` to the labels of the same dimensions of `target`, by nearest neighbour in time: every time step of the target gets the data's time step closest to it, the earlier of two equally close ones. A data time step may so fill several target time steps, or none. With `valid_within` (days), each pixel instead gets the value of the closest time step within that many days before or after (both ends included) where the pixel is valid (is_valid: not no-data, not infinite), and no-data where there is none. The dimension keeps its name and type and takes the target's labels; every other dimension and the grid stay the data's. Labels of both must be instants. Only the target's time steps matter: a target not read yet is not read, only its items are looked up. With `valid_within`, a data cube not read yet is first narrowed to the time around the target's time steps.",
    categories: ["cubes", "reproject"],
    parameters: [
      { name: "data", description: "The data cube to resample, with at least one temporal dimension.", schema: TEMPORAL_CUBE },
      { name: "target", description: "The data cube whose time steps the result takes.", schema: TEMPORAL_CUBE },
      {
        name: "dimension",
        description: "The temporal dimension to resample, which both cubes must have (else `DimensionNotAvailable`) as a temporal dimension (else `DimensionMismatch`). null (the default): every temporal dimension of the data that the target has by the same name; `DimensionMismatch` when there is none.",
        schema: { type: ["string", "null"] },
        default: null,
        optional: true,
      },
      {
        name: "valid_within",
        description: "null (the default): the nearest time step, whatever its values. A number of days: per pixel, the nearest time step within that many days of the target's where the pixel is valid; no-data if none is.",
        schema: { type: ["number", "null"] },
        default: null,
        optional: true,
      },
    ],
    returns: { description: "The data cube with the target's labels in the resampled temporal dimensions; the other dimensions and the grid are unchanged.", schema: TEMPORAL_CUBE },
    exceptions: {
      DimensionMismatch: { message: "The temporal dimensions for resampling don't match." },
      DimensionNotAvailable: { message: "A dimension with the specified name does not exist." },
    },
    links: [{ href: "https://openeo.org/documentation/1.0/datacubes.html#resample", rel: "about", title: "Resampling in the openEO documentation" }],
  },
  // Each pixel's new time steps come from that pixel's values along time alone; strips share their time steps.
  worksInStrips: () => true,
  run: async (args, ctx) => {
    const access = dataAccess(ctx);
    const dimension = args.dimension as string | null;
    const validWithin = args.valid_within as number | null;
    if (validWithin !== null && !(validWithin >= 0)) throw new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter: "valid_within", reason: "must be a number of days, 0 or more" });
    const within = validWithin === null ? null : validWithin * DAY;
    const target = await targetDimensions(cubeArgument(args.target, PROCESS, "target"), access);

    let input = cubeArgument(args.data, PROCESS);
    const targetTime = target.dims.find((d) => d.name === "t" && d.type === "temporal");
    // A window reaching past the years Date can show needs no narrowing: it takes every time step.
    const narrows = within !== null && within < MAX_NARROWING_MS;
    if (input.kind === "lazy" && narrows && within !== null && targetTime?.labels.length && (dimension === null || dimension === "t")) {
      // A day more on either side: the data's labels are the days of its items, which may lie earlier than the items' times.
      const targets = instants(targetTime.labels as string[], "target");
      const start = new Date(targets.reduce((a, b) => Math.min(a, b)) - within - DAY).toISOString();
      const end = new Date(targets.reduce((a, b) => Math.max(a, b)) + within + DAY).toISOString();
      input = filterTime(input, { start, end });
    }
    let cube = await materialize(input, access);
    for (const name of dimensionsToResample(cube, target, dimension)) {
      cube = resampleDimension(cube, name, target.dims.find((d) => d.name === name)!.labels as string[], within, ctx);
    }
    return cube;
  },
};
