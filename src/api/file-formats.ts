import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { OUTPUT_FORMATS, type OutputFormat } from "../formats";
import { INPUT_FORMATS } from "../formats/inputs";
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

function describe(format: OutputFormat): FileFormat {
  const parameters = Object.fromEntries(Object.entries(format.options).map(([name, o]) => [name, { description: o.description, ...o.schema, default: o.default }]));
  return { title: format.title, description: format.description, gis_data_types: format.gisDataTypes, parameters };
}

/** Formats of user-supplied files: what load_url and load_uploaded_files read (GeoTIFF also as load_stac's assets). */
export const INPUT_FORMAT_LIST: Record<string, FileFormat> = Object.fromEntries(
  INPUT_FORMATS.map((f) => [f.name, { title: f.title, description: f.description, gis_data_types: f.gisDataTypes, parameters: Object.fromEntries(Object.entries(f.options).map(([name, o]) => [name, { description: o.description, ...o.schema, default: o.default }])) }]),
);
export const OUTPUT_FORMAT_LIST: Record<string, FileFormat> = Object.fromEntries(OUTPUT_FORMATS.map((f) => [f.name, describe(f)]));

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
  c.json({ input: INPUT_FORMAT_LIST, output: OUTPUT_FORMAT_LIST }, 200),
);
