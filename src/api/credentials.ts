import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { issueBasicToken } from "../auth/basic";
import { clientKey } from "../auth/login-throttle";
import { oidcProviders } from "../config";
import { OpenEOError } from "../errors";
import { jsonResponse } from "./schemas/common";

const basicRoute = createRoute({
  method: "get",
  path: "/credentials/basic",
  summary: "HTTP Basic authentication: exchange a user name and password for an access token",
  tags: ["Account Management"],
  security: [{ Basic: [] }],
  responses: jsonResponse(
    z.object({ access_token: z.string() }).openapi("BasicAccessToken"),
    "An access token, to be sent as 'Authorization: Bearer basic//TOKEN'.",
  ),
});

const oidcRoute = createRoute({
  method: "get",
  path: "/credentials/oidc",
  summary: "OpenID Connect providers",
  tags: ["Account Management"],
  security: [{}],
  responses: jsonResponse(z.object({ providers: z.array(z.record(z.string(), z.unknown())) }), "The providers."),
});

export const credentialsApi = new OpenAPIHono<AppEnv>()
  .openapi(basicRoute, async (c) => {
    const access_token = await issueBasicToken(c.env, c.req.header("Authorization"), clientKey(c.req.header("CF-Connecting-IP")));
    return c.json({ access_token }, 200);
  })
  .openapi(oidcRoute, (c) => {
    // The audience is our verification setting, not something clients need.
    const providers = oidcProviders(c.env).map(({ audience: _audience, ...listed }) => listed);
    if (providers.length === 0) {
      throw new OpenEOError("NotFound", {}, { message: "This back-end has no OpenID Connect provider configured." });
    }
    return c.json({ providers }, 200);
  });
