import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { findDimension, lanes, withLanes } from "../../cube/dimensions";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import type { LabelDimension, RasterCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { callbackModel, POINTS_PER_CALL } from "../shared/curve/curve-model";
import { curveX } from "../shared/curve/curve-x";
import type { Callback, ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "predict_curve", parameter, reason });
}

/** The dimension holding each pixel's parameters: `dimension` itself, else the cube's only dimension of type other. */
function parameterDimension(cube: RasterCube, dimension: string): { index: number; dim: LabelDimension } {
  const ref = findDimension(cube, dimension);
  if (ref?.kind === "spatial") throw invalid("dimension", "predictions can't go along a spatial dimension");
  if (ref) return ref;
  const others = cube.dims.flatMap((dim, index) => (dim.type === "other" ? [{ index, dim }] : []));
  if (others.length !== 1) {
    throw invalid("parameters", `the data cube has no dimension '${dimension}' holding the parameters, and ${others.length === 0 ? "no" : "more than one"} dimension of type other to take them from`);
  }
  return others[0]!;
}

/** The labels as the new dimension holds them: dates become instants at midnight UTC when every label is a date or date-time. */
function predictionDimension(name: string, labels: unknown): { dim: LabelDimension; xs: Float64Array } {
  if (labels === null || labels === undefined) {
    throw invalid("labels", "the labels to predict for are required here: this version of predict_curve has no data cube whose no-data values it could fill");
  }
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === "number" || typeof l === "string")) {
    throw invalid("labels", "it must be a non-empty array of numbers, dates or date-times");
  }
  const xs = Float64Array.from(labels as (string | number)[], (label) => curveX(label, "predict_curve", "labels"));
  if (new Set(xs).size !== xs.length) throw invalid("labels", "the labels must be distinct (a date and the date-time of its midnight are the same label)");
  const dim: LabelDimension = labels.every((l) => typeof l === "string")
    ? { name, type: "temporal", labels: (labels as string[]).map((l) => (/^\d{4}-\d{2}-\d{2}$/.test(l) ? `${l}T00:00:00Z` : l)) }
    : { name, type: "other", labels: labels as (string | number)[] };
  return { dim, xs };
}

export const predictCurve: ProcessImplementation = {
  spec: {
    id: "predict_curve",
    summary: "Evaluate a fitted model curve at new labels",
    description:
      "Computes, for every pixel, the model `function(x, parameters)` at each of `labels`, with the pixel's parameters from the cube `parameters` (as fit_curve inside apply_dimension leaves them). The parameters are read along the dimension called `dimension` when the cube has one (fit_curve in apply_dimension over `t` leaves them along `t`); otherwise along the cube's only dimension of type other (as with a `target_dimension`). That dimension is replaced by `dimension` with the labels `labels`: temporal when every label is a date or date-time (a date becomes midnight UTC), of type other otherwise. Labels become x as in fit_curve: numbers as they are, dates and date-times as seconds since 1970-01-01T00:00:00Z. A pixel with any no-data parameter predicts no-data.\n\n" +
      "The labels are required: the definition's default (no labels: fill the no-data values of a data cube) refers to a data cube this version of the process doesn't take, so it is rejected as an invalid argument. The model is evaluated for many pixels at once when it is arithmetic over `x` and `array_element` of `parameters`. Reads the cube if it was not read yet.",
    categories: ["cubes", "math"],
    experimental: true,
    parameters: [
      { name: "parameters", description: "The data cube of fitted parameters, for instance from fit_curve inside apply_dimension.", schema: DATACUBE },
      {
        name: "function",
        description: "The model, the same as given to fit_curve (a user-defined process serves both).",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "x", description: "The x value of a label.", schema: { type: "number" } },
            { name: "parameters", description: "One pixel's parameters.", schema: { type: "array", minItems: 1, items: { type: "number" } } },
          ],
          returns: { description: "The model's y at `x`.", schema: { type: "number" } },
        },
      },
      { name: "dimension", description: "The name of the dimension of predictions in the result (and where the parameters are read from, if the cube has it).", schema: { type: "string" } },
      {
        name: "labels",
        description: "The labels to predict for: numbers, dates or date-times, all distinct. Required here (see the process description).",
        optional: true,
        default: null,
        schema: [
          { type: "null" },
          {
            type: "array",
            uniqueItems: true,
            items: { anyOf: [{ type: "number" }, { type: "string", format: "date", subtype: "date" }, { type: "string", format: "date-time", subtype: "date-time" }] },
          },
        ],
      },
    ],
    returns: { description: "The data cube of predictions: the parameters' dimension replaced by `dimension` with one label per entry of `labels`.", schema: DATACUBE },
  },
  run: async (args, ctx) => {
    const cube = await materialize(cubeArgument(args.parameters, "predict_curve", "parameters"), dataAccess(ctx));
    const name = args.dimension as string;
    const { index, dim: source } = parameterDimension(cube, name);
    if (source.name !== name && findDimension(cube, name)) throw invalid("dimension", `the data cube already has a dimension '${name}'`);
    const { dim, xs } = predictionDimension(name, args.labels);
    if (typeof args.function !== "function") throw invalid("function", "it must be a process graph");
    const [k, m] = [source.labels.length, xs.length];
    if (k === 0) throw invalid("parameters", `the dimension '${source.name}' holds no parameters`);
    const pixels = cube.grid.width * cube.grid.height;
    const parts = lanes(cube, index);
    budgetOf(ctx).reserve(parts.length * m * pixels * 4, () => `predict_curve's result (${parts.length * m} images of ${cube.grid.width} x ${cube.grid.height} px)`);
    const model = callbackModel(args.function as Callback, xs, k, ctx, { process: "predict_curve", parameter: "function" });
    const chunk = Math.max(1, Math.floor(POINTS_PER_CALL / Math.max(1, m)));
    const sets = new Float64Array(Math.min(chunk, pixels) * k);
    const applied: Float32Array[][] = [];
    for (const lane of parts) {
      const planes = Array.from({ length: m }, () => new Float32Array(pixels));
      for (let start = 0; start < pixels; start += chunk) {
        const count = Math.min(chunk, pixels - start);
        for (let s = 0; s < count; s++) for (let j = 0; j < k; j++) sets[s * k + j] = lane[j]![start + s]!;
        const values = await model(sets.subarray(0, count * k), count);
        for (let s = 0; s < count; s++) for (let l = 0; l < m; l++) planes[l]![start + s] = values[s * m + l]!;
      }
      applied.push(planes);
    }
    return withLanes(cube, index, dim, applied);
  },
};
