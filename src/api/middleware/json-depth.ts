import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../app-env";
import { OpenEOError } from "../../errors";
import { jsonNestsDeeperThan } from "../../json-depth";

/**
 * Arrays and objects a JSON body may nest. Process graphs need the most: 100 levels of argument
 * nesting (the engine's MAX_NESTING) at up to four JSON levels each for callbacks; thousands of
 * levels overflow the stack of the walks that handle a body.
 */
export const MAX_JSON_BODY_DEPTH = 500;

/** Refuses JSON bodies nested deeper than MAX_JSON_BODY_DEPTH; the text read here is the one the route parses (Hono caches it). */
export const jsonDepthLimit = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.header("Content-Type")?.includes("json") && jsonNestsDeeperThan(await c.req.text(), MAX_JSON_BODY_DEPTH)) {
    throw new OpenEOError("RequestInvalid", { target: "json", reason: `arrays and objects are nested more than ${MAX_JSON_BODY_DEPTH} levels deep` });
  }
  await next();
});
