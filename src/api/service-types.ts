import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { XYZ_SERVICE_TYPE } from "../tiles/configuration";
import { jsonResponse, optionalBearerSecurity } from "./schemas/common";

const ServiceTypeSchema = z
  .object({
    title: z.string().optional(),
    description: z.string().optional(),
    configuration: z.record(z.string(), z.unknown()),
    process_parameters: z.array(z.unknown()),
  })
  .openapi("ServiceType");
export type ServiceType = z.infer<typeof ServiceTypeSchema>;

/** Secondary web service types by name; a type is listed once it is implemented and tested. */
export const SERVICE_TYPES: Record<string, ServiceType> = { XYZ: XYZ_SERVICE_TYPE };

const route = createRoute({
  method: "get",
  path: "/service_types",
  summary: "Supported secondary web service protocols",
  tags: ["Capabilities", "Secondary Services"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  responses: jsonResponse(z.record(z.string(), ServiceTypeSchema), "Service types by name."),
});

export const serviceTypesApi = new OpenAPIHono<AppEnv>().openapi(route, (c) => c.json(SERVICE_TYPES, 200));
