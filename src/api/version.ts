import pkg from "../../package.json";

export const API_VERSION = "1.2.0" as const;
/** Where the versioned API tree lives; /.well-known/openeo sits outside it. */
export const API_PREFIX = "/v1";
export const BACKEND_VERSION: string = pkg.version;
export { STAC_VERSION } from "../catalog/stac-types";

/** Origin and API prefix of a request: the base of the API's absolute URLs. */
export function apiBaseOf(requestUrl: string): string {
  return `${new URL(requestUrl).origin}${API_PREFIX}`;
}
