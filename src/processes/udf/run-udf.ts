import { budgetOf } from "../../budget";
import type { DataContext } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { isDataCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import type { UdfSandbox } from "../../sandbox/sandbox";
import { isLabeled, type ProcessContext, type ProcessImplementation } from "../types";
import { udfCode } from "./udf-code";
import { fromUdfCube, toUdfCube } from "./udf-cube";
import { runEvalscript } from "./run-evalscript";
import { checkRuntime, EVALSCRIPT_RUNTIME, JAVASCRIPT_RUNTIME } from "./udf-runtime";

function sandboxOf(ctx: ProcessContext): UdfSandbox {
  const sandbox = (ctx as DataContext).data?.sandbox;
  if (!sandbox) throw OpenEOError.processException("InvalidRuntime", `No UDF runtime is available here: the back-end runs without a sandbox for user code.`);
  return sandbox;
}

/** One value, or one pixel's values, through udf(data, context): a callback evaluated pixel by pixel. */
async function onePixel(sandbox: UdfSandbox, code: string, data: unknown, context: unknown): Promise<unknown> {
  if (Array.isArray(data)) return sandbox.value(code, { data: [...data], labels: isLabeled(data) ? data.labels : data.map((_, i) => i), scalar: false, context });
  if (data !== null && typeof data !== "number" && typeof data !== "boolean") {
    throw new OpenEOError("ProcessParameterInvalid", { process: "run_udf", parameter: "data", reason: "expected a data cube, an array or a single value" });
  }
  return sandbox.value(code, { data, labels: [], scalar: true, context });
}

export const runUdf: ProcessImplementation = {
  spec: {
    id: "run_udf",
    summary: "Run user JavaScript",
    description: `Runs user JavaScript (runtime \`${JAVASCRIPT_RUNTIME}\`, or Sentinel Hub evalscripts with runtime \`${EVALSCRIPT_RUNTIME}\` on a data cube; see GET /udf_runtimes) in a sandbox of its own. Inside apply, reduce_dimension or apply_dimension, the module's \`udf(data, context)\` is called for every pixel (a single value, or the pixel's values with their labels in \`data.labels\`); on a data cube, its \`applyDatacube(cube, context)\` gets the whole cube. The code is given inline (it has a line break), as an https URL, or as a path in the user's files.`,
    categories: ["cubes", "import", "udf"],
    parameters: [
      { name: "data", description: "The data for the UDF: in a callback, a value or a pixel's array; otherwise a data cube.", schema: { description: "A value of any data type." } },
      {
        name: "udf",
        description: "Source code, an absolute URL or a path to a UDF script.",
        schema: [
          { description: "Absolute URL to a UDF", type: "string", format: "uri", subtype: "uri", pattern: "^https?://" },
          { description: "Path to a UDF uploaded to the user workspace.", type: "string", subtype: "file-path", pattern: "^[^\r\n\\:'\"]+$" },
          { description: "The multi-line source code of a UDF, must contain a newline/line-break.", type: "string", subtype: "udf-code", pattern: "(\r\n|\r|\n)" },
        ],
      },
      { name: "runtime", description: "The UDF runtime: JavaScript, or EvalscriptV3.", schema: { type: "string", subtype: "udf-runtime" } },
      { name: "version", description: "The runtime version (ES2023 for JavaScript, 3 for evalscripts, or latest for either); null for the default.", schema: [{ type: "string", subtype: "udf-runtime-version" }, { title: "Default runtime version", type: "null" }], default: null, optional: true },
      { name: "context", description: "Data handed to the UDF as its second argument.", schema: { description: "Any data type." }, default: {}, optional: true },
    ],
    returns: { description: "What the UDF answers: a value, an array, or a data cube.", schema: { title: "Any", description: "Any data type." } },
    exceptions: {
      InvalidRuntime: { message: "The specified UDF runtime is not supported." },
      InvalidVersion: { message: "The specified UDF runtime version is not supported." },
      FileNotFound: { message: "The specified file does not exist." },
    },
  },
  // An evalscript works pixel by pixel; JavaScript's applyDatacube sees the whole cube. The runtime must be a literal to tell.
  worksInStrips: ({ runtime }) => runtime?.kind === "literal" && typeof runtime.value === "string" && runtime.value.toLowerCase() === EVALSCRIPT_RUNTIME.toLowerCase(),
  run: async (args, ctx) => {
    const runtime = checkRuntime(args.runtime, args.version);
    const sandbox = sandboxOf(ctx);
    const data = (ctx as DataContext).data;
    const code = await udfCode(args.udf, data);
    if (isDataCube(args.data)) {
      const cube = await materialize(cubeArgument(args.data, "run_udf"), data!);
      if (runtime === EVALSCRIPT_RUNTIME) return runEvalscript(sandbox, code, cube, ctx);
      // The cube crosses as one copy, and comes back as another of a size the UDF chose.
      budgetOf(ctx).reserve(cube.planes.length * cube.grid.width * cube.grid.height * 4, "the cube handed to applyDatacube");
      const answer = await sandbox.datacube(code, toUdfCube(cube), args.context);
      budgetOf(ctx).reserve(answer.data?.byteLength ?? 0, "applyDatacube's answer");
      return fromUdfCube(answer, cube);
    }
    if (runtime === EVALSCRIPT_RUNTIME) throw new OpenEOError("ProcessParameterInvalid", { process: "run_udf", parameter: "data", reason: `an ${EVALSCRIPT_RUNTIME} script runs on a data cube, not inside a callback` });
    return onePixel(sandbox, code, args.data, args.context);
  },
  lanes: async (data, constants, length, ctx) => {
    if (checkRuntime(constants.runtime, constants.version) !== JAVASCRIPT_RUNTIME) return undefined;
    const code = await udfCode(constants.udf, (ctx as DataContext).data);
    return sandboxOf(ctx).lanes(code, { columns: data.columns, labels: data.labels, length, context: constants.context });
  },
  columns: async (inputs, constants, length, ctx) => {
    const input = inputs.data;
    if (!input || Object.keys(inputs).length !== 1) return undefined;
    if (checkRuntime(constants.runtime, constants.version) !== JAVASCRIPT_RUNTIME) return undefined;
    const sandbox = sandboxOf(ctx);
    const code = await udfCode(constants.udf, (ctx as DataContext).data);
    const block = input.kind === "column" ? { columns: [input.values], labels: [], scalar: true } : { columns: input.columns, labels: input.labels, scalar: false };
    return sandbox.pixels(code, { ...block, length, context: constants.context });
  },
};
