/** Secondary web services (/services): XYZ tile layers of a process, stored in a ServiceDO each. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServiceRecord } from "../../durable-objects/service";
import { sortKey } from "../../durable-objects/summary-index";
import type { AppEnv } from "../app-env";
import { requireAuth } from "../auth/middleware";
import { OpenEOError } from "../errors";
import { decodePageToken } from "../files/page-token";
import { serviceEstimate } from "../services/service-range";
import { forgetService, ownService, serviceStub } from "../services/service-store";
import { parseXyzConfiguration } from "../tiles/configuration";
import { shownRange, type EstimatedRange } from "../tiles/value-range";
import { logsPage } from "./logs-page";
import { requireJsonBody } from "./middleware/json-body";
import { keysetLinks, PagingQuerySchema } from "./paging";
import { bearerSecurity, errorResponses, jsonResponse } from "./schemas/common";
import { FREE_PLAN, planOf, requestedPlan } from "./billing";
import { LogsQuerySchema, LogsSchema } from "./schemas/processing";
import { ServiceListSchema, ServiceRequestSchema, ServiceSchema, ServiceUpdateSchema } from "./schemas/services";
import { SERVICE_TYPES } from "./service-types";
import { checkStoredProcess } from "./stored-process";
import { userStub } from "./user-store";
import { apiBaseOf } from "./version";
import { serviceUrl, tileTemplate } from "../services/tile-url";

const ServiceParams = z.object({ service_id: z.string().openapi({ description: "Identifier of the secondary web service." }) });
const common = { tags: ["Secondary Services"], security: bearerSecurity, middleware: [requireAuth] };
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const listRoute = createRoute({
  ...common,
  method: "get",
  path: "/services",
  summary: "List all web services",
  request: { query: z.object({ limit: PagingQuerySchema.shape.limit, page: z.string().optional().openapi({ description: "Opaque position of the page, as given by next/prev links." }) }) },
  responses: jsonResponse(ServiceListSchema, "The user's services, oldest first, without their processes."),
});
const createServiceRoute = createRoute({
  ...common,
  method: "post",
  path: "/services",
  summary: "Publish a new service",
  middleware: [requireAuth, requireJsonBody] as const,
  request: { body: json(ServiceRequestSchema) },
  responses: { 201: { description: "The service has been created and serves tiles at its url." }, ...errorResponses },
});
const byId = { ...common, path: "/services/{service_id}", request: { params: ServiceParams } };
const getRoute = createRoute({ ...byId, method: "get", summary: "Full metadata for a service", responses: jsonResponse(ServiceSchema, "The service with its process and configuration.") });
const updateRoute = createRoute({
  ...byId,
  method: "patch",
  summary: "Modify a service",
  middleware: [requireAuth, requireJsonBody] as const,
  request: { ...byId.request, body: json(ServiceUpdateSchema) },
  responses: { 204: { description: "The changes have been applied; tiles are rendered anew." }, ...errorResponses },
});
const deleteRoute = createRoute({ ...byId, method: "delete", summary: "Delete a service", responses: { 204: { description: "The service and its log have been deleted; its tiles are gone." }, ...errorResponses } });
const logsRoute = createRoute({
  ...common,
  method: "get",
  path: "/services/{service_id}/logs",
  summary: "Logs for a secondary service",
  request: { params: ServiceParams, query: LogsQuerySchema },
  responses: jsonResponse(LogsSchema, "The service's log entries (tile errors among them), oldest first."),
});

/** The registered name of a service type, matched case-insensitively. */
function serviceType(type: string): "XYZ" {
  const name = Object.keys(SERVICE_TYPES).find((known) => known.toLowerCase() === type.toLowerCase());
  if (name !== "XYZ") throw new OpenEOError("ServiceUnsupported", { type });
  return name;
}

/**
 * The service as GET /services/{id} shows it: the user's additional properties first, so they can't
 * hide ours. `estimate` is the value range of its version, shown with what its tiles use.
 */
export function describeService(service: ServiceRecord, base: string, estimate?: EstimatedRange) {
  // No usage is recorded, so it is left out (the spec has no null for it).
  const { extra, user_id: _owner, version: _version, value_range: _stored, ...fields } = service;
  const range = shownRange(service.configuration, estimate);
  const at = serviceUrl(base, service.id);
  return {
    ...extra,
    ...fields,
    plan: planOf(service),
    url: tileTemplate(base, service.id, service.version),
    attributes: {
      map_url: `${at}/map`,
      tile_size: service.configuration.tile_size,
      value_range: { ...range, ...(range.source !== "estimated" && estimate?.reason ? { estimate_failed: estimate.reason } : {}) },
    },
    costs: null,
  };
}

export const servicesApi = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const { limit, page } = c.req.valid("query");
    const cursor = page === undefined ? {} : decodePageToken(page);
    const listing = await userStub(c.env, c.var.user!.user_id).listServices({ limit, ...cursor });
    const base = apiBaseOf(c.req.url);
    // Summaries carry no version: the list's urls show whatever version is current.
    const services = listing.entries.map((s) => ({ ...s, url: tileTemplate(base, s.id) }));
    return c.json({ services, links: keysetLinks(c.req.url, limit, listing, sortKey) }, 200);
  })
  .openapi(createServiceRoute, async (c) => {
    const { type, title, description, process, enabled, configuration, plan, budget, log_level, ...extra } = c.req.valid("json");
    const known = serviceType(type);
    const chosen = requestedPlan(plan) ?? FREE_PLAN;
    const parsed = parseXyzConfiguration(configuration);
    await checkStoredProcess(c, process);
    const id = crypto.randomUUID();
    await serviceStub(c.env, id).create({
      id,
      user_id: c.var.user!.user_id,
      type: known,
      title: title ?? null,
      description: description ?? null,
      process,
      enabled: enabled ?? true,
      configuration: parsed,
      plan: chosen,
      budget: budget ?? null,
      log_level: log_level ?? "info",
      extra,
    });
    return c.body(null, 201, { Location: `${apiBaseOf(c.req.url)}/services/${id}`, "OpenEO-Identifier": id });
  })
  .openapi(getRoute, async (c) => {
    const { service } = await ownService(c.env, c.var.user!.user_id, c.req.valid("param").service_id);
    // The range is estimated here when no tile has asked yet, so the owner sees what the map will show.
    const base = apiBaseOf(c.req.url);
    return c.json(describeService(service, base, await serviceEstimate(c.env, service, base)), 200);
  })
  .openapi(updateRoute, async (c) => {
    const id = c.req.valid("param").service_id;
    const { stub } = await ownService(c.env, c.var.user!.user_id, id);
    const { plan, configuration, process, ...changes } = c.req.valid("json");
    const chosen = requestedPlan(plan);
    if (process) await checkStoredProcess(c, process);
    const patch = {
      ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)),
      ...(process ? { process } : {}),
      ...(chosen ? { plan: chosen } : {}),
      ...(configuration ? { configuration: parseXyzConfiguration(configuration) } : {}),
    };
    const updated = await stub.update(patch);
    forgetService(id);
    if (!updated) throw new OpenEOError("ServiceNotFound", { identifier: id });
    return c.body(null, 204);
  })
  .openapi(deleteRoute, async (c) => {
    const id = c.req.valid("param").service_id;
    const { stub } = await ownService(c.env, c.var.user!.user_id, id);
    await stub.destroy();
    forgetService(id);
    return c.body(null, 204);
  })
  .openapi(logsRoute, async (c) => {
    const { stub, service } = await ownService(c.env, c.var.user!.user_id, c.req.valid("param").service_id);
    return c.json(await logsPage(c.req.url, service.log_level, c.req.valid("query"), (options) => stub.logs(options)), 200);
  });
