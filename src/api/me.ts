import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { LinkSchema, bearerSecurity, jsonResponse } from "./schemas/common";
import { userStub } from "./user-store";

const MeSchema = z
  .object({ user_id: z.string(), name: z.string(), links: z.array(LinkSchema) })
  .openapi("UserData");

const route = createRoute({
  method: "get",
  path: "/me",
  summary: "Information about the authenticated user",
  tags: ["Account Management"],
  security: bearerSecurity,
  middleware: [requireAuth] as const,
  responses: jsonResponse(MeSchema, "The user's account."),
});

export const meApi = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const user = c.var.user!;
  const account = await userStub(c.env, user.user_id).touch(user);
  return c.json({ user_id: account.user_id, name: account.name, links: [] }, 200);
});
