import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../app-env";
import { OpenEOError } from "../../errors";

/**
 * For routes whose JSON body the API requires. Without a Content-Type, the route's validator reads
 * the body as `{}`, so a PATCH without a body would succeed as if it asked for no change; a body
 * without a Content-Type is left to the media-type check that follows (ContentTypeInvalid).
 */
export const requireJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.req.header("Content-Type") && (await c.req.text()) === "") {
    throw new OpenEOError("RequestInvalid", { target: "json", reason: "the request needs a JSON body, and it has none" });
  }
  await next();
});
