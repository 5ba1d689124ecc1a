import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { optionalAuth } from "../auth/middleware";
import { OUTPUT_FORMATS, type OutputFormat } from "../formats";
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

/** Formats of user-supplied files: load_stac reads the GeoTIFF assets of STAC documents, uploaded ones included. */
export const INPUT_FORMATS: Record<string, FileFormat> = {
  GTiff: {
    title: "GeoTIFF",
    description: "GeoTIFF assets of STAC Items (load_stac), read by HTTP range requests: Cloud-Optimized (tiled, with overviews) is fastest; stripped files work too. DEFLATE, LZW or no compression; EPSG-coded CRS.",
    gis_data_types: ["raster"],
    parameters: {},
  },
};
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
  c.json({ input: INPUT_FORMATS, output: OUTPUT_FORMAT_LIST }, 200),
);
