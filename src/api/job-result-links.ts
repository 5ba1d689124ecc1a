/**
 * The public side of a batch job's results: what the signed links of GET /jobs/{id}/results lead
 * to, without a Bearer token — the result files (with Range requests), the results document
 * itself (its canonical link) and, for results of several files, each file's STAC Item.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { downloadFile } from "../files/download";
import { linkedJob, resultFileKey, resultGone } from "../jobs/result-links";
import { DOCUMENT_CLAIM, itemClaim, resultItem, resultsDocument } from "../jobs/results-document";
import { ResultsDocumentSchema } from "./schemas/jobs";
import { errorResponses, jsonResponse } from "./schemas/common";
import { apiBaseOf } from "./version";

const common = { tags: ["Batch Jobs"] };
const TokenQuery = z.object({ token: z.string().openapi({ description: "The signature of the link, as GET /jobs/{job_id}/results gives it." }) });
const JobParams = z.object({ job_id: z.string().openapi({ description: "Identifier of the batch job." }) });
const FileParams = JobParams.extend({ file: z.string() });
const binary = { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } };

const assetRoute = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{job_id}/results/assets/{file}",
  summary: "Download a result file through a signed link",
  request: { params: FileParams, query: TokenQuery },
  responses: { 200: { description: "The file.", content: binary }, 206: { description: "The requested byte range.", content: binary }, ...errorResponses },
});
const documentRoute = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{job_id}/results/signed",
  summary: "The results document through its signed canonical link",
  request: { params: JobParams, query: TokenQuery },
  responses: jsonResponse(ResultsDocumentSchema, "What GET /jobs/{job_id}/results answers its owner, with fresh links."),
});
const itemRoute = createRoute({
  ...common,
  method: "get",
  path: "/jobs/{job_id}/results/items/{file}",
  summary: "The STAC Item of one result file through a signed link",
  request: { params: FileParams, query: TokenQuery },
  responses: jsonResponse(ResultsDocumentSchema, "A STAC Item with the file as its asset."),
});


export const jobResultLinksApi = new OpenAPIHono<AppEnv>()
  .openapi(assetRoute, async (c) => {
    const { job_id, file } = c.req.valid("param");
    const job = await linkedJob(c.env, job_id, c.req.valid("query").token, file);
    const key = resultFileKey(job, file);
    const response = key ? await downloadFile(c.env.RESULTS, key, file, c.req.header("Range"), c.req.header("If-Range")) : null;
    if (!response) throw resultGone(file);
    return response;
  })
  .openapi(documentRoute, async (c) => {
    const { job_id } = c.req.valid("param");
    const job = await linkedJob(c.env, job_id, c.req.valid("query").token, DOCUMENT_CLAIM);
    return c.json(await resultsDocument(c.env, job, apiBaseOf(c.req.url)), 200);
  })
  .openapi(itemRoute, async (c) => {
    const { job_id, file } = c.req.valid("param");
    const job = await linkedJob(c.env, job_id, c.req.valid("query").token, itemClaim(file));
    const item = await resultItem(c.env, job, file, apiBaseOf(c.req.url));
    if (!item) throw resultGone(file);
    return c.json(item, 200, { "Content-Type": "application/geo+json" });
  });
