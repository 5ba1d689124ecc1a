/**
 * Sentinel Hub's paging: `count` entries per page and a `viewtoken` for the next, answered as
 * {data, links: {currentToken, nextToken, next}} (its View object). Offsets are our tokens where
 * a list is computed whole (tiles, grids).
 */
import { z } from "@hono/zod-openapi";

export const ViewQuerySchema = z.object({
  count: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "Entries per page: at most 100 (the default)." }),
  viewtoken: z.string().max(1000).optional().openapi({ description: "The page after the previous one, as its links.nextToken said." }),
});

export const MAX_COUNT = 100;

/** The links of a page: its token, and the next page's when there is one (with its URL). */
export function viewLinks(requestUrl: string, current: string | undefined, next: string | null) {
  const url = new URL(requestUrl);
  if (next !== null) url.searchParams.set("viewtoken", next);
  return { ...(current === undefined ? {} : { currentToken: current }), ...(next === null ? {} : { nextToken: next, next: url.toString() }) };
}

/** One page of a list computed whole; the token is the offset. */
export function offsetPage<T>(all: T[], query: z.infer<typeof ViewQuerySchema>, requestUrl: string) {
  const offset = query.viewtoken === undefined ? 0 : Number(query.viewtoken);
  if (!Number.isInteger(offset) || offset < 0) return null;
  const count = query.count ?? MAX_COUNT;
  const next = offset + count < all.length ? String(offset + count) : null;
  return { data: all.slice(offset, offset + count), links: viewLinks(requestUrl, query.viewtoken, next) };
}
