import { OpenEOError } from "../../errors";

/** A 400 naming the offending search parameter (as spelled in the GET query or POST body). */
export function parameterError(parameter: string, reason: string): OpenEOError {
  return new OpenEOError("SearchParameterInvalid", { parameter, reason });
}

/** A 400 for a CQL2 filter that can't be parsed or validated. */
export function filterError(reason: string): OpenEOError {
  return new OpenEOError("FilterInvalid", { reason });
}
