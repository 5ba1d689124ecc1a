import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { OpenEOError } from "../../errors";
import { renderError } from "../error-handler";

/**
 * Unknown paths are 404 NotFound; known paths with a method they lack are 405 with an Allow
 * header. Rendered here rather than thrown: Hono calls this handler outside its error boundary.
 */
export function notFound(c: Context<AppEnv>): Response {
  const endpoint = c.var.routes?.match(c.req.path);
  if (!endpoint) return renderError(new OpenEOError("NotFound", {}, { message: `Resource not found: ${c.req.path}` }), c);
  const allowed = ["OPTIONS", ...endpoint.methods].join(", ");
  const error = new OpenEOError("MethodNotAllowed", { method: c.req.method, path: c.req.path, allowed }, { headers: { Allow: allowed } });
  return renderError(error, c);
}
