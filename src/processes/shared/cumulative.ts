import { budgetOf } from "../../budget";
import { labelsOf, withLabels } from "./labels";
import { NUMBER_ARRAY } from "./schemas";
import type { ProcessImplementation } from "../types";

/**
 * cumsum, cumproduct, cummin and cummax differ only in their id, wording and how the running
 * value takes in the next element. No-data stays no-data where it is and is skipped by the running
 * value, or, with `ignore_nodata: false`, makes every later element no-data. Inside apply_dimension
 * the whole block of pixels goes through `lanes` at once (NaN is a cube's no-data).
 */
export function cumulative(id: string, summary: string, description: string, returns: string, step: (running: number, next: number) => number): ProcessImplementation {
  return {
    spec: {
      id,
      summary,
      description: `${description} The result has as many elements as \`data\` (and its labels, if any). No-data elements stay no-data and are skipped by the running value; with \`ignore_nodata\` set to \`false\` the first no-data element makes it and every element after it no-data.`,
      categories: ["math > cumulative"],
      experimental: true,
      parameters: [
        { name: "data", description: "The numbers, possibly with no-data.", schema: NUMBER_ARRAY },
        {
          name: "ignore_nodata",
          description: "Skip no-data elements (the default); `false` turns everything from the first no-data element on into no-data.",
          schema: { type: "boolean" },
          optional: true,
          default: true,
        },
      ],
      returns: { description: returns, schema: NUMBER_ARRAY },
    },
    run: (args, ctx) => {
      const data = args.data as (number | null)[];
      budgetOf(ctx).reserveElements(data.length, `${id}'s result`);
      const out: (number | null)[] = [];
      let running: number | null = null;
      let stopped = false;
      for (const value of data) {
        stopped ||= value === null && !args.ignore_nodata;
        if (value === null || stopped) out.push(null);
        else out.push((running = running === null ? value : step(running, value)));
      }
      return withLabels(out, labelsOf(data));
    },
    lanes: (data, constants, length, ctx) => {
      budgetOf(ctx).spend(length * data.columns.length, () => `'${id}' over ${length.toLocaleString("en")} pixels`);
      const out = data.columns.map(() => new Float64Array(length));
      for (let i = 0; i < length; i++) {
        // A flag, not NaN, marks "no value yet": a running value may itself become NaN (∞ - ∞)
        // and must then stay NaN, as in run().
        let running = 0;
        let started = false;
        let stopped = false;
        for (let k = 0; k < data.columns.length; k++) {
          const value = data.columns[k]![i]!;
          stopped ||= Number.isNaN(value) && !constants.ignore_nodata;
          if (Number.isNaN(value) || stopped) out[k]![i] = NaN;
          else {
            running = started ? step(running, value) : value;
            started = true;
            out[k]![i] = running;
          }
        }
      }
      return Promise.resolve(out);
    },
  };
}
