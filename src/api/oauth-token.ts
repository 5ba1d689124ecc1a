/**
 * OAuth2 client credentials for Sentinel Hub clients (sentinelhub-py and others configured with
 * this back-end's URLs): a Basic user's name and password as client id and secret, exchanged for
 * the same access token as GET /v1/credentials/basic (throttled the same way), written so that
 * `Authorization: Bearer <access_token>` works as it is. Both of Sentinel Hub's token paths.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { BASIC_TOKEN_TTL_SECONDS, issueBasicToken } from "../auth/basic";
import { clientKey } from "../auth/login-throttle";
import { OpenEOError } from "../errors";

/** The form fields a token request may send, at most this many bytes (client ids and secrets are short). */
const MAX_FORM_BYTES = 4096;

const TokenSchema = z.object({ access_token: z.string(), token_type: z.literal("Bearer"), expires_in: z.number() }).openapi("OAuthToken");

const tokenRoute = (path: string) =>
  createRoute({
    method: "post",
    path,
    summary: "OAuth2 client credentials: a Basic user's name and password for an access token (for Sentinel Hub clients)",
    tags: ["Sentinel Hub"],
    description: "A form (application/x-www-form-urlencoded) with grant_type=client_credentials, and client_id and client_secret unless they come as HTTP Basic.",
    security: [{}],
    responses: {
      200: { description: "An access token to send as 'Authorization: Bearer <access_token>'.", content: { "application/json": { schema: TokenSchema } } },
      400: { description: "A request that is not client credentials (OAuth2's error shape)." },
      401: { description: "Unknown client or wrong secret (OAuth2's error shape)." },
    },
  });

export const OAUTH_TOKEN_PATHS = ["/oauth/token", "/auth/realms/main/protocol/openid-connect/token"];

function invalidRequest(reason: string): OpenEOError {
  return new OpenEOError("RequestInvalid", { target: "body", reason }, { message: reason });
}

async function token(c: Context<AppEnv>) {
  const text = await c.req.text();
  if (text.length > MAX_FORM_BYTES) throw invalidRequest(`the form is longer than ${MAX_FORM_BYTES} bytes`);
  const form = new URLSearchParams(text);
  if (form.get("grant_type") !== "client_credentials") throw invalidRequest("grant_type must be client_credentials");
  // The client may authenticate with HTTP Basic or with the form's client_id and client_secret (RFC 6749, 2.3.1).
  let authorization = c.req.header("Authorization");
  if (!authorization) {
    const [id, secret] = [form.get("client_id"), form.get("client_secret")];
    if (!id || secret === null || id.includes(":")) throw new OpenEOError("CredentialsInvalid");
    authorization = `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(`${id}:${secret}`)))}`;
  }
  const issued = await issueBasicToken(c.env, authorization, clientKey(c.req.header("CF-Connecting-IP")));
  return c.json({ access_token: `basic//${issued}`, token_type: "Bearer" as const, expires_in: BASIC_TOKEN_TTL_SECONDS }, 200);
}

export const oauthTokenApi = OAUTH_TOKEN_PATHS.reduce((api, path) => api.openapi(tokenRoute(path), token), new OpenAPIHono<AppEnv>());
