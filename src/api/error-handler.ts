import type { Hook } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env";
import { OpenEOError } from "../errors";

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
  return c.json(openeo.toJSON(id), openeo.status as 400, openeo.headers);
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
