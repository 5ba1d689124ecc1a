/**
 * The UDF runtimes this back-end offers (GET /udf_runtimes) and the check of run_udf's runtime and
 * version against them: openEO UDFs in JavaScript, and Sentinel Hub evalscripts (version 3).
 */
import { OpenEOError } from "../../errors";

export const JAVASCRIPT_RUNTIME = "JavaScript";
export const JAVASCRIPT_VERSION = "ES2023";
export const EVALSCRIPT_RUNTIME = "EvalscriptV3";
export const EVALSCRIPT_VERSION = "3";
/** Any runtime's newest version, which is its only one here. */
export const LATEST_VERSION = "latest";

/** What GET /udf_runtimes lists when a sandbox exists. */
export const UDF_RUNTIMES = {
  [JAVASCRIPT_RUNTIME]: {
    title: "JavaScript",
    description:
      "JavaScript modules (ES2023) run in their own V8 isolate, without network, bindings or libraries. Export `udf(data, context)` for use inside apply, reduce_dimension or apply_dimension (data: one value, or one pixel's values with their labels in `data.labels`; answer a number, or an array in apply_dimension), or `applyDatacube(cube, context)` for run_udf on a whole cube (`{dimensions, shape, data}` with `data` a Float32Array, row-major in dimension order, NaN as no-data). Loops and calls are counted and stopped past a budget.",
    type: "language",
    default: JAVASCRIPT_VERSION,
    versions: { [JAVASCRIPT_VERSION]: { libraries: {} } },
  },
  [EVALSCRIPT_RUNTIME]: {
    title: "Sentinel Hub evalscript V3",
    description:
      "Sentinel Hub's evalscripts (`//VERSION=3`, `setup()` and `evaluatePixel(samples, scenes)`) run by run_udf on a data cube with a bands dimension (and optionally t): input bands by their names (B01...B12, B8A, SCL) and dataMask, units REFLECTANCE or DN, mosaicking SIMPLE (per pixel the most recent date with data), ORBIT or TILE (all dates, most recent first). The result has one band per output band, named `<output id>_<n>`, and no t.",
    type: "language",
    default: EVALSCRIPT_VERSION,
    versions: { [EVALSCRIPT_VERSION]: { libraries: {} } },
  },
};

export type Runtime = typeof JAVASCRIPT_RUNTIME | typeof EVALSCRIPT_RUNTIME;

export function checkRuntime(runtime: unknown, version: unknown): Runtime {
  const name = typeof runtime === "string" ? runtime.toLowerCase() : undefined;
  const found = [JAVASCRIPT_RUNTIME, EVALSCRIPT_RUNTIME].find((r) => r.toLowerCase() === name) as Runtime | undefined;
  if (!found) throw OpenEOError.processException("InvalidRuntime", `The UDF runtime ${JSON.stringify(runtime)} is not supported: ${JAVASCRIPT_RUNTIME} and ${EVALSCRIPT_RUNTIME} are.`);
  const supported = found === JAVASCRIPT_RUNTIME ? JAVASCRIPT_VERSION : EVALSCRIPT_VERSION;
  // "latest" is the newest version: the openEO Python client sends it by default (reduce_temporal_udf).
  if (version !== null && version !== undefined && version !== LATEST_VERSION && version !== supported) {
    throw OpenEOError.processException("InvalidVersion", `The ${found} version ${JSON.stringify(version)} is not supported: ${supported} (or ${LATEST_VERSION}) is.`);
  }
  return found;
}
