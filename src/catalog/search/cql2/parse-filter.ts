/**
 * One entry point for filters in either encoding. Text is parsed to the JSON AST and then
 * goes through the same validation as JSON input, so both encodings accept the same language.
 */
import { MAX_FILTER_LENGTH } from "../budgets";
import { filterError } from "../search-errors";
import type { Cql2Expression } from "./ast";
import { validateCql2Json } from "./json-validator";
import { parseCql2Text } from "./text-parser";

export type FilterLang = "cql2-text" | "cql2-json";

export const FILTER_LANGS: readonly FilterLang[] = ["cql2-text", "cql2-json"];

/** `value` is the filter text, or for cql2-json an object or its JSON serialisation. */
export function parseFilter(value: unknown, lang: FilterLang): Cql2Expression {
  if (typeof value === "string" && value.length > MAX_FILTER_LENGTH) throw filterError(`the filter is longer than ${MAX_FILTER_LENGTH} characters`);
  if (lang === "cql2-text") {
    if (typeof value !== "string") throw filterError("a cql2-text filter must be a string");
    return validateCql2Json(parseCql2Text(value));
  }
  if (typeof value !== "string") return validateCql2Json(value);
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw filterError("the cql2-json filter is not valid JSON");
  }
  return validateCql2Json(json);
}
