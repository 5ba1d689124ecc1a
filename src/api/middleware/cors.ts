import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../app-env";

/** The four openEO asks for, plus what range-reading clients (GDAL in a browser, COG viewers) need. */
const EXPOSE_HEADERS = "Location, OpenEO-Identifier, OpenEO-Costs, Link, ETag, Content-Range, Accept-Ranges";
const ALLOW_HEADERS = "Authorization, Content-Type, Range, If-None-Match";

/** Sets the CORS headers on `response` in place; answers a mutable copy when its headers are immutable. */
function withCorsHeaders(response: Response): Response {
  let res = response;
  try {
    res.headers.set("Access-Control-Allow-Origin", "*");
  } catch {
    // Responses passed through from fetch() have immutable headers.
    res = new Response(res.body, res);
    res.headers.set("Access-Control-Allow-Origin", "*");
  }
  res.headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  return res;
}

/**
 * CORS as the openEO API asks: Allow-Origin and Expose-Headers on every response (errors
 * included), and OPTIONS preflights answered 204 with the methods the endpoint really has.
 */
export const cors = createMiddleware<AppEnv>(async (c, next) => {
  const endpoint = c.req.method === "OPTIONS" ? c.var.routes.match(c.req.path) : undefined;
  if (endpoint) {
    c.res = new Response(null, {
      status: 204,
      headers: {
        "Access-Control-Allow-Methods": ["OPTIONS", ...endpoint.methods].join(", "),
        "Access-Control-Allow-Headers": ALLOW_HEADERS,
        "Access-Control-Max-Age": "3600",
        "Content-Type": "application/json",
      },
    });
  } else {
    await next();
  }
  // Assigning c.res makes Hono build a new Response and copy the headers again: only a copy is assigned.
  const res = withCorsHeaders(c.res);
  if (res !== c.res) c.res = res;
});
