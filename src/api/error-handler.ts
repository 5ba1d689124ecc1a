import type { Hook } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env";
import { OpenEOError } from "../errors";
import { OAUTH_TOKEN_PATHS } from "./oauth-token";

/** Hono's own HTTP errors (from validators and middleware) in openEO terms. */
function fromHttpException(error: HTTPException): OpenEOError {
  switch (error.status) {
    case 400:
      return new OpenEOError("JsonInvalid");
    case 413:
      return new OpenEOError("PayloadTooLarge", { limit: "the configured" });
    case 415:
      return new OpenEOError("ContentTypeInvalid", { types: "application/json" });
    case 404:
      return new OpenEOError("NotFound");
    default:
      return new OpenEOError("Internal", { message: "an unexpected error occurred" }, { cause: error });
  }
}

/** The single place where errors become responses: {id, code, message, links?} with the catalogue's status. */
export function renderError(error: Error, c: Context<AppEnv>): Response {
  const id = crypto.randomUUID();
  let openeo: OpenEOError;
  if (error instanceof OpenEOError) openeo = error;
  else if (error instanceof HTTPException) openeo = fromHttpException(error);
  else openeo = new OpenEOError("Internal", { message: `an unexpected error occurred; quote error id ${id}` }, { cause: error });

  if (openeo.status >= 500) {
    const cause = openeo.cause ?? error;
    console.error(`[${id}] ${c.req.method} ${c.req.path}: ${openeo.code}`, cause instanceof Error ? cause.stack : cause);
  }
  if (c.req.path.startsWith(SENTINEL_HUB_PREFIX)) return c.json(sentinelHubError(openeo), openeo.status as 400, openeo.headers);
  if (OAUTH_TOKEN_PATHS.includes(c.req.path)) return oauthError(openeo, c);
  return c.json(openeo.toJSON(id), openeo.status as 400, openeo.headers);
}

/** OAuth2's token errors (RFC 6749, 5.2): a client that can't log in is invalid_client (401), anything else invalid_request. */
function oauthError(error: OpenEOError, c: Context<AppEnv>): Response {
  if (error.status === 429) return c.json({ error: "slow_down", error_description: error.message }, 429, error.headers);
  if (error.status >= 500) return c.json({ error: "server_error", error_description: error.message }, error.status as 500, error.headers);
  const client = error.code === "CredentialsInvalid" || error.code === "AuthenticationRequired";
  return c.json({ error: client ? "invalid_client" : "invalid_request", error_description: error.message }, client ? 401 : 400, error.headers);
}

/** Sentinel Hub's APIs live under this path; their clients expect its error shape. */
const SENTINEL_HUB_PREFIX = "/api/v1/";

const REASONS: Record<number, [string, string]> = {
  400: ["Bad Request", "COMMON_BAD_PAYLOAD"],
  401: ["Unauthorized", "COMMON_UNAUTHORIZED"],
  403: ["Forbidden", "COMMON_INSUFFICIENT_PERMISSIONS"],
  404: ["Not Found", "COMMON_NOT_FOUND"],
  405: ["Method Not Allowed", "COMMON_METHOD_NOT_ALLOWED"],
  413: ["Payload Too Large", "COMMON_BAD_PAYLOAD"],
  415: ["Unsupported Media Type", "COMMON_UNSUPPORTED_MEDIA_TYPE"],
  429: ["Too Many Requests", "COMMON_RATE_LIMIT_EXCEEDED"],
  500: ["Internal Server Error", "COMMON_EXCEPTION"],
  501: ["Not Implemented", "COMMON_EXCEPTION"],
  502: ["Bad Gateway", "COMMON_EXCEPTION"],
  503: ["Service Unavailable", "COMMON_EXCEPTION"],
  504: ["Gateway Timeout", "COMMON_EXCEPTION"],
};

/** An error as Sentinel Hub answers it: {error: {status, reason, message, code}}, our openEO code kept beside. */
function sentinelHubError(error: OpenEOError) {
  const [reason, code] = REASONS[error.status] ?? (error.status >= 500 ? ["Internal Server Error", "COMMON_EXCEPTION"] : ["Bad Request", "COMMON_BAD_PAYLOAD"]);
  return { error: { status: error.status, reason, message: error.message, code, openeo_code: error.code } };
}

function describeIssues(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

/** zod validation failures of createRoute requests, rendered like every other error. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  // A path parameter that does not validate names nothing that exists: the spec asks for 404.
  if (result.target === "param") throw new OpenEOError("NotFound");
  throw new OpenEOError("RequestInvalid", { target: result.target, reason: describeIssues(result.error.issues) });
};
