import { z } from "@hono/zod-openapi";
import { LinkSchema } from "./common";
import { LogLevelSchema } from "./processing";

const process = z.record(z.string(), z.unknown()).openapi({ description: "The process whose results the service shows: process_graph with optional metadata." });
const title = z.string().nullable().optional();
const description = z.string().nullable().optional();
const enabled = z.boolean().optional().openapi({ description: "Whether the service serves tiles; true when omitted on creation." });
const configuration = z.record(z.string(), z.unknown()).optional().openapi({ description: "The service type's configuration (GET /service_types)." });
const plan = z.string().nullable().optional().openapi({ description: "The billing plan: `free`, the only one offered and the default (GET /)." });
const budget = z.number().min(0).nullable().optional();
const logLevel = LogLevelSchema.optional();

export const ServiceRequestSchema = z
  .object({ type: z.string().min(1), title, description, process, enabled, configuration, plan, budget, log_level: logLevel })
  .passthrough()
  .openapi("StoreSecondaryWebServiceRequest", { description: "The service: its type, process and configuration; additional properties are stored as given." });

export const ServiceUpdateSchema = z
  .object({ title, description, process: process.optional(), enabled, configuration, plan, budget, log_level: logLevel })
  .openapi("UpdateSecondaryWebServiceRequest");

export const ServiceSchema = z.record(z.string(), z.unknown()).openapi("SecondaryWebService", {
  description: "A service: id, url, type, enabled, created, and, except in listings, its process, configuration and attributes.",
});

export const ServiceListSchema = z.object({ services: z.array(ServiceSchema), links: z.array(LinkSchema) });
