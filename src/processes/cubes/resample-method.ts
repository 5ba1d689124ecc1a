/** The resampling `method` parameter that resample_spatial and resample_cube_spatial share. */
import type { WarpMethod } from "../../cube/resample";
import type { ParameterSpec } from "../types";

const METHODS = ["average", "bilinear", "cubic", "cubicspline", "lanczos", "max", "med", "min", "mode", "near", "q1", "q3", "rms", "sum"];

export const METHOD_PARAMETER: ParameterSpec = {
  name: "method",
  description:
    "How new pixel values are computed, named as in gdalwarp. From a point: `near` (the pixel under the new pixel's centre, the default), `bilinear` (the four nearest pixel centres), `cubic` (Keys cubic convolution over 4 x 4 pixels), `cubicspline` (cubic B-spline, 4 x 4), `lanczos` (Lanczos windowed sinc, 6 x 6); the last three widen with the ratio when the new pixels are larger. From all pixels under the new pixel (overlapping it by more than a rounding error): `average`, `sum` and `rms` (weighted by the fraction of each pixel inside), `min`, `max`, `med`, `q1`, `q3` (interpolating between values, like `quantiles`) and `mode` (the most frequent value; on a tie the one met first, row by row). Only valid (finite) values take part; a new pixel without any is no-data.",
  schema: { type: "string", enum: METHODS },
  default: "near",
  optional: true,
};

/** The method by our name (gdalwarp's `near` is `nearest`). */
export function warpMethod(value: unknown): WarpMethod {
  return value === "near" ? "nearest" : (value as WarpMethod);
}
