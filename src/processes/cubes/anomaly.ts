import { budgetOf } from "../../budget";
import { labelKey, onlyTemporalDimension } from "../../cube/climatology";
import { dataAccess } from "../../cube/context";
import { labelValues, lanes, withLanes } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { PERIODS, type Period } from "../../cube/temporal-periods";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { sameGrid } from "../../raster/grid";
import type { ProcessImplementation } from "../types";
import { TEMPORAL_CUBE } from "./aggregate-temporal";

const PROCESS = "anomaly";
const SINGLE = ["climatology-period", "single-period"];

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: PROCESS, parameter, reason });
}

const dimensionsText = (dims: LabelDimension[]) => dims.map((d) => `${d.name} [${labelValues(d).join(", ")}]`).join(", ") || "none";

/** The normals must have the data's other dimensions (same names, types and labels, in order) and grid. */
function checkMatching(data: RasterCube, dataIndex: number, normals: RasterCube, normalsIndex: number): void {
  const others = (cube: RasterCube, index: number) => cube.dims.filter((_, i) => i !== index);
  const [ours, theirs] = [others(data, dataIndex), others(normals, normalsIndex)];
  const same = ours.length === theirs.length && ours.every((d, i) => d.name === theirs[i]!.name && d.type === theirs[i]!.type && labelValues(d).join("\n") === labelValues(theirs[i]!).join("\n"));
  if (!same) throw invalid("normals", `the normals' dimensions besides time (${dimensionsText(theirs)}) must be the data's (${dimensionsText(ours)})`);
  if (!sameGrid(data.grid, normals.grid)) throw invalid("normals", "the normals must lie on the data's grid (same CRS, extent and pixel size)");
}

/** For each of the data's time steps, the position of its normal (undefined: none). */
function normalPositions(labels: string[], normalLabels: string[], period: string): (number | undefined)[] {
  if (SINGLE.includes(period)) {
    if (normalLabels.length !== 1) throw invalid("normals", `for the period '${period}' the normals must have a single time step, not ${normalLabels.length}`);
    return labels.map(() => 0);
  }
  const byLabel = new Map(normalLabels.map((label, i) => [label, i]));
  const positions = labels.map((label) => {
    const key = labelKey(label, period as Period);
    if (key === undefined) throw invalid("data", `the time step '${label}' is neither an instant nor a '${period}' label as aggregate_temporal_period makes them`);
    return byLabel.get(key);
  });
  if (labels.length > 0 && positions.every((p) => p === undefined)) {
    const shown = normalLabels.slice(0, 5).join(", ") + (normalLabels.length > 5 ? ", ..." : "");
    throw invalid("normals", `no time step of the data has a '${period}' normal (the normals' labels are ${shown || "none"}); check \`period\``);
  }
  return positions;
}

function subtract(values: Float32Array, normal: Float32Array | undefined): Float32Array {
  const out = new Float32Array(values.length);
  if (!normal) return out.fill(NaN);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! - normal[i]!;
  return out;
}

export const anomaly: ProcessImplementation = {
  spec: {
    id: PROCESS,
    summary: "Subtract the normal of each time step's period",
    description:
      "Computes anomalies: from every value of the data, per pixel, the normal of its period (such as climatological_normal() computes) is subtracted. Each time step of the data is matched with a normal by its period: a label made by aggregate_temporal_period for `period` (`2023-08` with `month`) or an instant (`2023-08-15T10:00:00Z`, placed in its period) finds the normal labelled as climatological_normal() and aggregate_temporal_period() name the period without its year: `hour` `00` to `23`, `day` `001` to `366` (the day of the year), `week` `01` to `53`, `dekad` `01` to `36`, `month` `01` to `12`, `season` `djf`, `mam`, `jja`, `son`, `tropical-season` `ndjfma`, `mjjaso`; for `year`, `decade` and `decade-ad` the normals are labelled with the whole period (`2023`, `2020`, `2021`). With `climatology-period` or `single-period` the normals have one time step, subtracted from all. A time step without a normal gets no-data; if none has one, the period is taken to be wrong and the process fails. Both cubes need exactly one temporal dimension; their other dimensions (names, labels and order) and their grids must be the same. No-data in either gives no-data. Cubes not read yet are read first.",
    categories: ["climatology", "cubes", "math"],
    parameters: [
      {
        name: "data",
        description: "The data cube, with exactly one temporal dimension whose labels are instants or the labels aggregate_temporal_period gives for `period`.",
        schema: TEMPORAL_CUBE,
      },
      {
        name: "normals",
        description: "The normals, e.g. from climatological_normal(): a data cube with exactly one temporal dimension labelled with the periods (see the description), and otherwise the data's dimensions and grid.",
        schema: TEMPORAL_CUBE,
      },
      {
        name: "period",
        description: "The periods the normals stand for: `hour` (of the day), `day` (of the year), `week` (ISO 8601), `dekad` (ten days; the third of a month runs to its end), `month`, `season`, `tropical-season`, `year`, `decade` (from a year ending in 0), `decade-ad` (from a year ending in 1), or `climatology-period` / `single-period` for one normal over all time.",
        schema: { type: "string", enum: [...PERIODS, ...SINGLE] },
      },
    ],
    returns: { description: "The data cube with each value minus its normal; dimensions, labels and grid are the data's.", schema: TEMPORAL_CUBE },
  },
  // Each pixel's anomalies come from that pixel's values and normals alone.
  worksInStrips: () => true,
  run: async (args, ctx) => {
    const access = dataAccess(ctx);
    const data = await materialize(cubeArgument(args.data, PROCESS), access);
    const normals = await materialize(cubeArgument(args.normals, PROCESS, "normals"), access);
    const { index, dim } = onlyTemporalDimension(data, PROCESS, "data");
    const { index: normalsIndex, dim: normalsDim } = onlyTemporalDimension(normals, PROCESS, "normals");
    checkMatching(data, index, normals, normalsIndex);
    const positions = normalPositions(dim.labels, normalsDim.labels, args.period as string);

    const pixels = data.grid.width * data.grid.height;
    const budget = budgetOf(ctx);
    budget.reserve(data.planes.length * pixels * 4, () => `${PROCESS}'s ${data.planes.length} images`);
    budget.spend(data.planes.length * pixels, PROCESS);
    // The normals have the data's other dimensions in the same order, so their lanes pair up.
    const normalLanes = lanes(normals, normalsIndex);
    const result = lanes(data, index).map((lane, l) => lane.map((plane, k) => subtract(plane, positions[k] === undefined ? undefined : normalLanes[l]![positions[k]!])));
    return withLanes(data, index, dim, result);
  },
};
