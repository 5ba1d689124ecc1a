import { labelsOf } from "../shared/labels";
import type { ProcessContext, ProcessImplementation } from "../types";

const EXCERPT = 10;

/** What goes into the log: scalars as they are, arrays as an excerpt with their length. */
function summarize(data: unknown): unknown {
  if (!Array.isArray(data)) return data;
  const labels = labelsOf(data);
  return {
    data: data.slice(0, EXCERPT),
    length: data.length,
    ...(labels ? { labels: labels.slice(0, EXCERPT) } : {}),
  };
}

export const inspect: ProcessImplementation = {
  spec: {
    id: "inspect",
    summary: "Log data for debugging",
    description:
      "Writes `data` (arrays shortened to their first elements and length) together with `message` and `code` to the log of the current run at the given `level`, and returns `data` unchanged. Meant for debugging: used inside apply or reduce_dimension it logs once per call, which can produce very many entries.",
    categories: ["development"],
    parameters: [
      { name: "data", description: "The data to log and pass on.", schema: {} },
      { name: "message", description: "Text logged with the data.", schema: { type: "string" }, optional: true, default: "" },
      {
        name: "code",
        description: "A tag that groups related log entries; it need not be unique.",
        schema: { type: "string" },
        optional: true,
        default: "User",
      },
      {
        name: "level",
        description: "Severity of the log entry.",
        schema: { type: "string", enum: ["error", "warning", "info", "debug"] },
        optional: true,
        default: "info",
      },
    ],
    returns: { description: "`data`, unchanged.", schema: {} },
  },
  run: (args, ctx: ProcessContext) => {
    const level = args.level as Parameters<ProcessContext["log"]>[0];
    ctx.log(level, args.message as string, { code: args.code, data: summarize(args.data) });
    return args.data;
  },
};
