import type { JsonSchema, ParameterSpec } from "../types";

/** Schema fragments that many official definitions share; treat them as read-only. */
export const ANY: JsonSchema = {};
export const NUMBER: JsonSchema = { type: "number" };
export const NUMBER_OR_NULL: JsonSchema = { type: ["number", "null"] };
export const INTEGER_OR_NULL: JsonSchema = { type: ["integer", "null"] };
export const BOOLEAN: JsonSchema = { type: "boolean" };
export const BOOLEAN_OR_NULL: JsonSchema = { type: ["boolean", "null"] };
export const STRING: JsonSchema = { type: "string" };
export const COMPARABLE: JsonSchema = { type: ["number", "boolean", "string", "null"] };
export const ARRAY: JsonSchema = { type: "array", items: {} };
export const NUMBER_ARRAY: JsonSchema = { type: "array", items: { type: ["number", "null"] } };
export const LABEL_OR_NULL: JsonSchema[] = [{ type: "number" }, { type: "string" }, { type: "null" }];
export const DATE_TIME: JsonSchema = { type: "string", format: "date-time", subtype: "date-time" };
export const DATE: JsonSchema = { type: "string", format: "date", subtype: "date" };
export const SORTABLE_ARRAY: JsonSchema = {
  type: "array",
  items: { anyOf: [{ type: "number" }, { type: "null" }, DATE_TIME, DATE] },
};

/** The reducers' `ignore_nodata` parameter, identical in every statistics process. */
export const IGNORE_NODATA: ParameterSpec = {
  name: "ignore_nodata",
  description: "Skip no-data elements (the default); set to `false` to let any no-data element make the result no-data.",
  schema: { type: "boolean" },
  optional: true,
  default: true,
};
