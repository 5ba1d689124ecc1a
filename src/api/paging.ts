import { z } from "@hono/zod-openapi";
import type { Link } from "./schemas/common";

/** `limit` and the offset-based `page` cursor our next/prev links carry. */
export const PagingQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: "Maximum number of entries per page; all when omitted." }),
  page: z.coerce.number().int().min(0).optional().openapi({ description: "Offset of the page, as given by next/prev links." }),
});
export type PagingQuery = z.infer<typeof PagingQuerySchema>;

/** Slices one page out of a list and links its neighbours (rel next/prev, keeping the other query parameters). */
export function paginate<T>(all: T[], query: PagingQuery, requestUrl: string): { page: T[]; links: Link[] } {
  if (query.limit === undefined) return { page: all, links: [] };
  const offset = query.page ?? 0;
  const page = all.slice(offset, offset + query.limit);
  const link = (rel: string, at: number): Link => {
    const url = new URL(requestUrl);
    url.searchParams.set("limit", String(query.limit));
    url.searchParams.set("page", String(at));
    return { rel, href: url.toString(), type: "application/json" };
  };
  const links: Link[] = [];
  if (offset + query.limit < all.length) links.push(link("next", offset + query.limit));
  if (offset > 0) links.push(link("prev", Math.max(0, offset - query.limit)));
  return { page, links };
}
