import { OpenEOError } from "../../errors";
import { curveXs } from "../shared/curve/curve-x";
import { fitPixels } from "../shared/curve/fit-pixels";
import { labelsOf } from "../shared/labels";
import type { Callback, ProcessImplementation } from "../types";

function invalid(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "fit_curve", parameter, reason });
}

/** The initial guess: at least one finite number. */
function initialGuess(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid("parameters", "it must be a non-empty array of numbers, one initial value per model parameter");
  if (!value.every((v) => typeof v === "number" && Number.isFinite(v))) throw invalid("parameters", "every initial value must be a finite number");
  return value as number[];
}

function modelFunction(value: unknown): Callback {
  if (typeof value !== "function") throw invalid("function", "it must be a process graph");
  return value as Callback;
}

export const fitCurve: ProcessImplementation = {
  spec: {
    id: "fit_curve",
    summary: "Fit a model curve to a series by least squares",
    description:
      "Finds the parameters of a model `y = f(x, parameters)` (given as a process graph) that make the sum of squared differences between the model and the values of `data` smallest, starting from the initial guess `parameters`, by Levenberg–Marquardt iterations. The labels of `data` are the x values and its elements the y values (the official wording has the two the other way round; every back-end and example uses labels as x). Labels that are numbers are x as they are; dates and date-times become seconds since 1970-01-01T00:00:00Z (a date means midnight UTC), so `2 * pi / 31557600 * x` completes one cycle per year; an array without labels uses the positions 0, 1, 2, ... Any other label is rejected.\n\n" +
      "Typically used inside `apply_dimension` over the temporal dimension: each pixel's series gets its own parameters, which take the place of the dates (pass `target_dimension` to name the new dimension, or keep `t`, which then holds parameter numbers 0, 1, ... — and keeps its dates if there are exactly as many parameters as dates). There the model is evaluated for many pixels at once when it is arithmetic over `x` and `array_element` of `parameters`.\n\n" +
      "The Jacobian is computed by central differences with steps of ∛ε · max(1, |p|), so parameters should be of moderate size: scale x inside the model (for instance divide by 31557600 for years) rather than fitting a rate per second. A fit stops when a step changes the sum of squares by less than 1e-14 of it or the parameters by less than 1e-12 of them, when the damping grows past 1e16 without improvement, or after 100 steps, with the best parameters found. A series with fewer valid values than parameters, or whose model is not a finite number at the initial guess, gets no-data for every parameter, as does a series with any no-data value when `ignore_nodata` is `false`.",
    categories: ["arrays", "math"],
    experimental: true,
    parameters: [
      {
        name: "data",
        description: "The series to fit: the labels are the x values (numbers, dates or date-times), the elements the y values; no-data elements are left out unless `ignore_nodata` is `false`.",
        schema: { type: "array", subtype: "labeled-array", items: { type: "number" } },
      },
      {
        name: "parameters",
        description: "The initial guess, one number per model parameter (at least one); its length is the number of parameters fitted.",
        schema: { type: "array", minItems: 1, items: { type: "number" } },
      },
      {
        name: "function",
        description: "The model: computes y from `x` and the array `parameters`. Storing it as a user-defined process lets predict_curve use the same model with the fitted parameters.",
        schema: {
          type: "object",
          subtype: "process-graph",
          parameters: [
            { name: "x", description: "The x value at which the model is evaluated.", schema: { type: ["number", "null"] } },
            { name: "parameters", description: "The model's parameters, as many as the initial guess has.", schema: { type: "array", minItems: 1, items: { type: "number" } } },
          ],
          returns: { description: "The model's y at `x`.", schema: { type: "number" } },
        },
      },
      {
        name: "ignore_nodata",
        description: "Leave no-data values out of the fit (the default); with `false` a series holding any no-data value gets no-data parameters.",
        schema: { type: "boolean" },
        default: true,
        optional: true,
      },
    ],
    returns: { description: "The fitted parameters in the order of the initial guess (no-data for each where there is no fit).", schema: { type: "array", minItems: 1, items: { type: "number" } } },
  },
  run: async (args, ctx) => {
    const data = args.data as (number | null)[];
    const initial = initialGuess(args.parameters);
    const fn = modelFunction(args.function);
    const xs = curveXs(labelsOf(data), data.length, "fit_curve", "data");
    const columns = data.map((v) => Float64Array.of(typeof v === "number" ? v : NaN));
    const fitted = await fitPixels({ fn, xs, columns, pixels: 1, initial, ignoreNodata: args.ignore_nodata !== false }, ctx);
    return fitted.map((column) => (Number.isNaN(column[0]!) ? null : column[0]!));
  },
  lanes: (data, constants, length, ctx) => {
    const initial = initialGuess(constants.parameters);
    const fn = modelFunction(constants.function);
    const xs = curveXs(data.labels, data.columns.length, "fit_curve", "data");
    return fitPixels({ fn, xs, columns: data.columns, pixels: length, initial, ignoreNodata: constants.ignore_nodata !== false }, ctx);
  },
};
