import { dataAccess } from "../../cube/context";
import { materialize } from "../../cube/materialize";
import { isDataCube, type LazyCube } from "../../cube/types";
import { OpenEOError } from "../../errors";
import { findOutputFormat, isEmptyCube, optionsProblem, OUTPUT_FORMATS, withDefaults, type OutputFormat } from "../../formats";
import type { ProcessImplementation } from "../types";

function formatProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || findOutputFormat(name)) return undefined;
  return `the output format '${name}' is not supported (GET /file_formats lists ${OUTPUT_FORMATS.map((f) => f.name).join(", ")})`;
}

function optionsOf(format: OutputFormat, options: unknown): Record<string, unknown> {
  const given = (options ?? {}) as Record<string, unknown>;
  const reason = optionsProblem(format, given);
  if (reason) throw new OpenEOError("ProcessParameterInvalid", { process: "save_result", parameter: "options", reason });
  return withDefaults(format, given);
}

export const saveResult: ProcessImplementation = {
  spec: {
    id: "save_result",
    summary: "Deliver the data in a file format",
    description:
      "Marks `data` as a result of the process, to be delivered in `format` (one of the output formats of GET /file_formats, any letter case) with that format's `options`. A synchronous request answers with the encoded file; a graph with several save_result nodes delivers several files. The format and options are checked when the graph is validated; data the format can't hold fails with `FormatUnsuitable` (or `DataCubeEmpty` for an empty cube). Returns a small STAC Item listing the file it will produce, with an href relative to the result.",
    categories: ["cubes", "export"],
    parameters: [
      { name: "data", description: "The data to deliver.", schema: { type: "object", subtype: "datacube" } },
      { name: "format", description: "The output format's name from GET /file_formats, case-insensitive.", schema: { type: "string", subtype: "output-format" } },
      {
        name: "options",
        description: "The format's options as GET /file_formats lists them; omitted ones take their defaults.",
        schema: { type: "object", subtype: "output-format-options" },
        default: {},
        optional: true,
      },
    ],
    returns: { description: "A STAC Item describing the file that will be delivered.", schema: { type: "object", subtype: "stac" } },
    exceptions: {
      FormatUnsuitable: { message: "Data can't be transformed into the requested output format." },
      DataCubeEmpty: { message: "The file format doesn't support storing empty data cubes." },
    },
  },
  checkLiterals(args) {
    const problems: { parameter: string; reason: string }[] = [];
    const formatReason = formatProblem(args.format);
    if (formatReason) problems.push({ parameter: "format", reason: formatReason });
    const format = typeof args.format === "string" ? findOutputFormat(args.format) : undefined;
    const optionsReason = format && args.options && typeof args.options === "object" ? optionsProblem(format, args.options as Record<string, unknown>) : undefined;
    if (optionsReason) problems.push({ parameter: "options", reason: optionsReason });
    return problems;
  },
  run: async (args, ctx) => {
    const reason = formatProblem(args.format);
    if (reason) throw new OpenEOError("ProcessParameterInvalid", { process: "save_result", parameter: "format", reason });
    const format = findOutputFormat(args.format as string)!;
    const options = optionsOf(format, args.options);
    const lazy = isDataCube(args.data) && args.data.kind === "lazy";
    // A cube not read yet is a raster cube: a vector format refuses it before anything is read.
    if (lazy && !format.gisDataTypes.includes("raster")) throw OpenEOError.processException("FormatUnsuitable", `The data can't be written as ${format.name}: ${format.unsuitable(args.data, options)}.`);
    const data = lazy ? await materialize(args.data as LazyCube, dataAccess(ctx)) : args.data;
    if (!format.storesEmptyCubes && isEmptyCube(data)) throw OpenEOError.processException("DataCubeEmpty", `${format.name} can't store an empty data cube.`);
    const unsuitable = format.unsuitable(data, options);
    if (unsuitable) throw OpenEOError.processException("FormatUnsuitable", `The data can't be written as ${format.name}: ${unsuitable}.`);
    ctx.saveResult?.({ data, format: format.name, options });
    return {
      type: "Feature",
      stac_version: "1.0.0",
      id: "result",
      geometry: null,
      properties: { datetime: new Date().toISOString() },
      assets: { [format.name]: { href: `result.${format.extension}`, roles: ["data"] } },
      links: [],
    };
  },
};
