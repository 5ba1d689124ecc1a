/**
 * Sentinel Hub's Process API (POST /api/v1/process): its request body, answered with the image
 * of one response, or a tar of several (or when Accept asks for one). Authenticated with the same
 * Bearer tokens as the openEO API; errors in Sentinel Hub's shape (error-handler.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { runEnvironment } from "../execution/sync";
import { writeTar } from "../formats/tar";
import { IMAGE_FORMATS, parseProcessRequest } from "../sentinel-hub/process-request";
import { fileName, runProcessRequest } from "../sentinel-hub/run-process-request";
import { requireJsonBody } from "./middleware/json-body";
import { bearerSecurity, errorResponses } from "./schemas/common";
import { apiBaseOf } from "./version";

const route = createRoute({
  method: "post",
  path: "/api/v1/process",
  summary: "Sentinel Hub Process API: an evalscript over a box and a time range",
  tags: ["Sentinel Hub"],
  security: bearerSecurity,
  middleware: [requireAuth, requireJsonBody] as const,
  request: {
    body: { required: true, content: { "application/json": { schema: z.record(z.string(), z.unknown()).openapi("SentinelHubProcessRequest", { description: "input (bounds, data), output (width/height or resx/resy, responses) and evalscript." }) } } },
  },
  responses: {
    200: { description: "The response's image (image/tiff, image/png or image/jpeg) or userdata (application/json), or a tar of several." },
    ...errorResponses,
  },
});

const TAR = ["application/tar", "application/x-tar"];

export const sentinelHubProcessApi = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const request = parseProcessRequest(c.req.valid("json"));
  const accept = c.req.header("Accept") ?? "";
  const wantsTar = TAR.some((type) => accept.includes(type));
  const asked = IMAGE_FORMATS.find((type) => accept.includes(type));
  // Accept outranks the response's own format, as Sentinel Hub has it.
  if (asked && request.responses.length === 1 && request.responses[0]!.type !== "application/json") request.responses[0]!.type = asked;
  const { engineEnv, data } = runEnvironment({ env: c.env, userId: c.var.user!.user_id, apiBase: apiBaseOf(c.req.url), signal: c.req.raw.signal });
  const files = await runProcessRequest(request, data, engineEnv.budget);
  if (files.length === 1 && !wantsTar) return c.body(files[0]!.bytes as Uint8Array<ArrayBuffer>, 200, { "Content-Type": files[0]!.mediaType });
  return c.body(writeTar(files.map((f) => ({ name: fileName(f), bytes: f.bytes }))) as Uint8Array<ArrayBuffer>, 200, { "Content-Type": "application/x-tar" });
});
