import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { authenticate } from "./authenticate";

/** Requires a valid bearer token and puts the user on the context. */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", await authenticate(c.env, c.req.header("Authorization")));
  await next();
});

/** For endpoints open to everyone that answer more to authenticated users: a token, if sent, must be valid. */
export const optionalAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("Authorization");
  if (header) c.set("user", await authenticate(c.env, header));
  await next();
});
