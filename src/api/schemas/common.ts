import { z } from "@hono/zod-openapi";

export const LinkSchema = z
  .object({
    href: z.string(),
    rel: z.string(),
    type: z.string().optional(),
    title: z.string().optional(),
    method: z.string().optional(),
  })
  .openapi("Link");
export type Link = z.infer<typeof LinkSchema>;

export const ErrorSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    message: z.string(),
    links: z.array(LinkSchema).optional(),
  })
  .openapi("Error");

const errorContent = { "application/json": { schema: ErrorSchema } };

/** The 4xx/5xx responses every route documents. */
export const errorResponses = {
  "4XX": { description: "Client error: the request needs to be changed.", content: errorContent },
  "5XX": { description: "Server error: the request may be repeated later.", content: errorContent },
} as const;

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { 200: { description, content: { "application/json": { schema } } }, ...errorResponses };
}

type SecurityRequirement = Record<string, string[]>;
export const bearerSecurity: SecurityRequirement[] = [{ Bearer: [] }];
/** Open to everyone; a bearer token, if sent, identifies the user. */
export const optionalBearerSecurity: SecurityRequirement[] = [{}, { Bearer: [] }];
