import { createRoute, OpenAPIHono, z, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { downloadFile } from "../files/download";
import { userFileKey } from "../files/keys";
import { decodePageToken } from "../files/page-token";
import { validateFilePath } from "../files/path";
import { uploadFile } from "../files/upload";
import { keysetLinks, PagingQuerySchema } from "./paging";
import { bearerSecurity, errorResponses, jsonResponse, LinkSchema } from "./schemas/common";
import { userStub } from "./user-store";
import { API_PREFIX } from "./version";

const FileSchema = z
  .object({ path: z.string(), size: z.number().int(), modified: z.string().openapi({ format: "date-time" }) })
  .openapi("File");
const binary = { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } };
const PathParams = z.object({
  path: z.string().openapi({ description: "Path relative to the user's root folder; folders separated by '/', names URL-encoded." }),
});

const listRoute = createRoute({
  method: "get",
  path: "/files",
  summary: "List all files in the workspace",
  tags: ["File Storage"],
  security: bearerSecurity,
  middleware: [requireAuth] as const,
  request: {
    query: z.object({
      limit: PagingQuerySchema.shape.limit,
      page: z.string().optional().openapi({ description: "Opaque position of the page, as given by next/prev links." }),
    }),
  },
  responses: jsonResponse(z.object({ files: z.array(FileSchema), links: z.array(LinkSchema) }), "The user's files, in path order."),
});

const fileRoute = { path: "/files/{path}", tags: ["File Storage"], security: bearerSecurity, request: { params: PathParams } };
const downloadRoute = createRoute({
  ...fileRoute,
  method: "get",
  summary: "Download a file from the workspace",
  responses: { 200: { description: "The file.", content: binary }, 206: { description: "The requested byte range.", content: binary }, ...errorResponses },
});
const uploadRoute = createRoute({
  ...fileRoute,
  method: "put",
  summary: "Upload a file to the workspace",
  request: { ...fileRoute.request, body: { required: true, content: binary } },
  responses: jsonResponse(FileSchema, "The file has been uploaded."),
});
const deleteRoute = createRoute({
  ...fileRoute,
  method: "delete",
  summary: "Delete a file from the workspace",
  responses: { 204: { description: "The file has been deleted." }, ...errorResponses },
});

/** Uploads stream to R2 under their own size limit and quota; the app's JSON body limit skips them. */
export function isFileUpload(c: Context): boolean {
  return c.req.method === "PUT" && c.req.path.startsWith(`${API_PREFIX}/files/`);
}

/** Any characters, '/' included; newlines too ('.' would miss them), so path validation sees them. */
const FILE_ROUTING_PATH = "/files/:path{[\\s\\S]+}";
type FileContext = Context<AppEnv, typeof FILE_ROUTING_PATH>;

function requested(c: FileContext): { userId: string; path: string; key: string } {
  const userId = c.var.user!.user_id;
  const path = validateFilePath(c.req.param("path"));
  return { userId, path, key: userFileKey(userId, path) };
}

/** Nothing stored at a path: either it is a folder, or nothing at all. */
async function missing(env: Env, userId: string, path: string): Promise<OpenEOError> {
  if (await userStub(env, userId).isFolder(path)) {
    return new OpenEOError("FileOperationUnsupported", { file: path, reason: "it is a folder, and only files can be downloaded or deleted." });
  }
  return new OpenEOError("FileNotFound", { file: path });
}

/**
 * OpenAPI has no path parameter spanning slashes, so the document says /files/{path} while Hono
 * matches FILE_ROUTING_PATH (folders are part of the path).
 */
function serveFileRoute(app: OpenAPIHono<AppEnv>, route: RouteConfig, handler: (c: FileContext) => Promise<Response>) {
  app.openAPIRegistry.registerPath(route);
  app.on(route.method.toUpperCase(), FILE_ROUTING_PATH, requireAuth, handler);
}

export const filesApi = new OpenAPIHono<AppEnv>().openapi(listRoute, async (c) => {
  const { limit, page } = c.req.valid("query");
  const cursor = page === undefined ? {} : decodePageToken(page);
  const listing = await userStub(c.env, c.var.user!.user_id).listFiles({ limit, ...cursor });
  const links = keysetLinks(c.req.url, limit, { entries: listing.files, hasNext: listing.hasNext, hasPrev: listing.hasPrev }, (f) => f.path);
  return c.json({ files: listing.files, links }, 200);
});

serveFileRoute(filesApi, downloadRoute, async (c) => {
  const { userId, path, key } = requested(c);
  const response = await downloadFile(c.env.FILES, key, path, c.req.header("Range"), c.req.header("If-Range"));
  if (!response) throw await missing(c.env, userId, path);
  return response;
});

serveFileRoute(filesApi, uploadRoute, async (c) => {
  const { userId, path } = requested(c);
  return c.json(await uploadFile(c.env, userId, path, c.req.raw), 200);
});

serveFileRoute(filesApi, deleteRoute, async (c) => {
  const { userId, path, key } = requested(c);
  // R2 first, then the index: a retry after a failure in between still finds the index entry.
  const stored = (await c.env.FILES.head(key)) !== null;
  if (stored) await c.env.FILES.delete(key);
  const indexed = await userStub(c.env, userId).removeFile(path);
  if (!stored && !indexed) throw await missing(c.env, userId, path);
  return c.body(null, 204);
});
