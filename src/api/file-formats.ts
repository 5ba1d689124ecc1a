import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { LinkSchema, jsonResponse, optionalBearerSecurity } from "./schemas/common";

export const FileFormatSchema = z
  .object({
    title: z.string(),
    description: z.string().optional(),
    gis_data_types: z.array(z.enum(["raster", "vector", "table", "pointcloud", "other"])),
    parameters: z.record(z.string(), z.record(z.string(), z.unknown())),
    links: z.array(LinkSchema).optional(),
  })
  .openapi("FileFormat");
export type FileFormat = z.infer<typeof FileFormatSchema>;

/**
 * Formats keyed by their GDAL name. Only formats with a working, tested reader or encoder are
 * listed; the encoders register here as they are built.
 */
export const INPUT_FORMATS: Record<string, FileFormat> = {};
export const OUTPUT_FORMATS: Record<string, FileFormat> = {};

const route = createRoute({
  method: "get",
  path: "/file_formats",
  summary: "Supported file formats",
  tags: ["Capabilities", "Data Processing"],
  security: optionalBearerSecurity,
  middleware: [optionalAuth] as const,
  responses: jsonResponse(
    z.object({ input: z.record(z.string(), FileFormatSchema), output: z.record(z.string(), FileFormatSchema) }),
    "Input and output file formats.",
  ),
});

export const fileFormatsApi = new OpenAPIHono<AppEnv>().openapi(route, (c) =>
  c.json({ input: INPUT_FORMATS, output: OUTPUT_FORMATS }, 200),
);
