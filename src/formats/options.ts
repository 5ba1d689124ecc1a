/** Checking save_result's `options` against a format's declared options, and filling in defaults. */
import type { FormatOption, OutputFormat } from "./types";

function typeReason(name: string, value: unknown, option: FormatOption): string | undefined {
  const { schema } = option;
  const type = schema.type;
  const ok =
    type === "integer" ? Number.isInteger(value) : type === "number" ? typeof value === "number" && Number.isFinite(value) : typeof value === type;
  if (!ok) return `option '${name}' must be ${type === "integer" ? "an integer" : `a ${type}`}, not ${JSON.stringify(value)}`;
  const allowed = schema.enum as unknown[] | undefined;
  if (allowed && !allowed.includes(value)) return `option '${name}' must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, not ${JSON.stringify(value)}`;
  const n = value as number;
  if (typeof schema.minimum === "number" && n < schema.minimum) return `option '${name}' must be at least ${schema.minimum}`;
  if (typeof schema.maximum === "number" && n > schema.maximum) return `option '${name}' must be at most ${schema.maximum}`;
  return undefined;
}

/** The first problem with the options, or undefined. Names are case-sensitive, like GDAL creation options. */
export function optionsProblem(format: OutputFormat, options: Record<string, unknown>): string | undefined {
  for (const [name, value] of Object.entries(options)) {
    const option = format.options[name];
    if (!option) {
      const known = Object.keys(format.options);
      return `${format.name} has no option '${name}'${known.length ? ` (options: ${known.join(", ")})` : " (it takes no options)"}`;
    }
    const reason = typeReason(name, value, option);
    if (reason) return reason;
  }
  return undefined;
}

/** The options with the defaults of those not given. */
export function withDefaults(format: OutputFormat, options: Record<string, unknown>): Record<string, unknown> {
  return { ...Object.fromEntries(Object.entries(format.options).map(([name, o]) => [name, o.default])), ...options };
}
