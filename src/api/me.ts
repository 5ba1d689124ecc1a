import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { userStorage } from "../files/quota";
import { LinkSchema, bearerSecurity, jsonResponse } from "./schemas/common";
import { FREE_PLAN } from "./billing";
import { userStub } from "./user-store";

const MeSchema = z
  .object({
    user_id: z.string(),
    name: z.string(),
    storage: z.object({ free: z.number().int(), quota: z.number().int() }),
    default_plan: z.string(),
    links: z.array(LinkSchema),
  })
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
  const [account, storage] = await Promise.all([userStub(c.env, user.user_id).touch(user), userStorage(c.env, user.user_id)]);
  return c.json({ user_id: account.user_id, name: account.name, storage, default_plan: FREE_PLAN, links: [] }, 200);
});
