import { z } from "@hono/zod-openapi";
import type { UserProcess } from "../engine";
import { OpenEOError } from "../errors";
import { PROCESSES } from "../processes";

/** Process ids, as the API's process_id schema defines them (ASCII: no `u` flag). */
const PROCESS_ID = /^\w+$/;

/**
 * The stored JSON must fit a Durable Object SQLite row (2 MB) together with its listing entry,
 * which repeats most of the metadata; hence a little under half of that.
 */
export const MAX_PROCESS_BYTES = 900_000;

const JsonSchemaSchema = z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]);

/**
 * The metadata the API's `process` schema defines, checked so that what GET answers is valid.
 * Unknown top-level properties are dropped; nested objects keep theirs (extensions, defaults).
 */
const ProcessBodySchema = z.object({
  summary: z.string().optional(),
  description: z.string().optional(),
  categories: z.array(z.string()).optional(),
  parameters: z
    .array(z.looseObject({ name: z.string().regex(PROCESS_ID), description: z.string(), schema: JsonSchemaSchema, optional: z.boolean().optional(), deprecated: z.boolean().optional(), experimental: z.boolean().optional() }))
    .optional(),
  returns: z.looseObject({ description: z.string().optional(), schema: JsonSchemaSchema }).optional(),
  deprecated: z.boolean().optional(),
  experimental: z.boolean().optional(),
  exceptions: z.record(z.string(), z.looseObject({ message: z.string(), description: z.string().optional(), http: z.number().int().optional() })).optional(),
  examples: z.array(z.looseObject({ arguments: z.record(z.string(), z.unknown()) })).optional(),
  links: z.array(z.looseObject({ href: z.string(), rel: z.string() })).optional(),
  // Its shape is the engine's to check, which reports ProcessGraphInvalid with the reason.
  process_graph: z.unknown(),
});

/** A process ready to store: the JSON of the whole process and of its listing entry. */
export interface ProcessRecord {
  process: UserProcess;
  json: string;
  listing: string;
}

/** Checks the path's id: a path parameter that can't be stored is a bad request, not a missing resource. */
export function checkProcessId(id: string): void {
  if (!PROCESS_ID.test(id)) {
    throw new OpenEOError("RequestInvalid", { target: "path", reason: `process_graph_id '${id}' must consist of letters, digits and underscores only.` });
  }
  if (PROCESSES.has(id)) throw new OpenEOError("PredefinedProcessExists");
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message)).join("; ");
}

/**
 * The process of a PUT body, with the path's id (the spec lets it replace the body's). Null
 * properties mean "not set" in the API, so they are dropped rather than stored.
 */
export function toRecord(id: string, body: Record<string, unknown>): ProcessRecord {
  if (body.process_graph === undefined || body.process_graph === null) throw new OpenEOError("ProcessGraphMissing");
  const set = Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
  const parsed = ProcessBodySchema.safeParse(set);
  if (!parsed.success) throw new OpenEOError("RequestInvalid", { target: "json", reason: describe(parsed.error) });
  const process = { id, ...parsed.data } as UserProcess & Record<string, unknown>;
  const json = JSON.stringify(process);
  if (new TextEncoder().encode(json).byteLength > MAX_PROCESS_BYTES) throw new OpenEOError("PayloadTooLarge", { limit: MAX_PROCESS_BYTES });
  // GET /process_graphs should stay small: the spec recommends leaving out the larger properties.
  const { process_graph: _graph, exceptions: _exceptions, examples: _examples, ...listing } = process;
  return { process, json, listing: JSON.stringify(listing) };
}
