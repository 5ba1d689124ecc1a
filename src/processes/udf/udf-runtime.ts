/**
 * The UDF runtimes this back-end offers (GET /udf_runtimes) and the check of run_udf's runtime and
 * version against them.
 */
import { OpenEOError } from "../../errors";

export const JAVASCRIPT_RUNTIME = "JavaScript";
export const JAVASCRIPT_VERSION = "ES2023";

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
};

export function checkRuntime(runtime: unknown, version: unknown): void {
  if (typeof runtime !== "string" || runtime.toLowerCase() !== JAVASCRIPT_RUNTIME.toLowerCase()) {
    throw OpenEOError.processException("InvalidRuntime", `The UDF runtime ${JSON.stringify(runtime)} is not supported: ${JAVASCRIPT_RUNTIME} is.`);
  }
  if (version !== null && version !== undefined && version !== JAVASCRIPT_VERSION) {
    throw OpenEOError.processException("InvalidVersion", `The UDF runtime version ${JSON.stringify(version)} is not supported: ${JAVASCRIPT_VERSION} is.`);
  }
}
