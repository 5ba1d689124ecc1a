/** The errors of reading STAC for load_stac: the user's URL leads to something unusable, or a host fails. */
import { OpenEOError } from "../../errors";

/** The URL (or a document it leads to) is not STAC we can use: the user's argument is at fault. */
export function invalidStac(reason: string): OpenEOError {
  return new OpenEOError("ProcessParameterInvalid", { process: "load_stac", parameter: "url", reason });
}

/** A host did not answer usefully (network error, timeout, 5xx): not the user's fault, named by host. */
export function stacHostFailed(url: string, reason: string): OpenEOError {
  return new OpenEOError("DataSourceUnavailable", { host: new URL(url).host, reason });
}

/** More documents or items than one load may walk through. */
export function tooMuchStac(reason: string): OpenEOError {
  return new OpenEOError("ProcessGraphComplexity", {}, { message: `load_stac: ${reason}` });
}
