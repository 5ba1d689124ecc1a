import { z } from "@hono/zod-openapi";
import { encodePageToken, type FileCursor } from "../files/page-token";
import type { Link } from "./schemas/common";

/** `limit` and the offset-based `page` cursor our next/prev links carry. */
export const PagingQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).optional().openapi({ description: "Maximum number of entries per page; all when omitted." }),
  page: z.coerce.number().int().min(0).optional().openapi({ description: "Offset of the page, as given by next/prev links." }),
});
export type PagingQuery = z.infer<typeof PagingQuerySchema>;

/**
 * Slices one page out of a list and links its neighbours (rel next/prev, keeping the other query
 * parameters). Pages hold at least `minimumPage` entries whatever `limit` asks: clients such as
 * @openeo/js-client ask a small `limit` and read only the first page, and the spec lets a back-end
 * page less finely than asked (pagination is optional).
 */
export function paginate<T>(all: T[], query: PagingQuery, requestUrl: string, minimumPage = 1): { page: T[]; links: Link[] } {
  if (query.limit === undefined) return { page: all, links: [] };
  const limit = Math.max(query.limit, minimumPage);
  const offset = query.page ?? 0;
  const page = all.slice(offset, offset + limit);
  const link = (rel: string, at: number): Link => {
    const url = new URL(requestUrl);
    url.searchParams.set("limit", String(limit));
    url.searchParams.set("page", String(at));
    return { rel, href: url.toString(), type: "application/json" };
  };
  const links: Link[] = [];
  if (offset + limit < all.length) links.push(link("next", offset + limit));
  if (offset > 0) links.push(link("prev", Math.max(0, offset - limit)));
  return { page, links };
}

/**
 * The next/prev links of a keyset-paged listing (the UserDO's files and jobs): `page` carries a
 * token of the key after (next) or before (prev) which the neighbour page starts.
 */
export function keysetLinks<T>(requestUrl: string, limit: number | undefined, listing: { entries: T[]; hasNext: boolean; hasPrev: boolean }, keyOf: (entry: T) => string): Link[] {
  if (limit === undefined) return [];
  const link = (rel: "next" | "prev", cursor?: FileCursor): Link => {
    const url = new URL(requestUrl);
    url.searchParams.set("limit", String(limit));
    if (cursor) url.searchParams.set("page", encodePageToken(cursor));
    else url.searchParams.delete("page");
    return { rel, href: url.toString(), type: "application/json" };
  };
  const first = listing.entries[0];
  const last = listing.entries.at(-1);
  const links: Link[] = [];
  if (listing.hasNext && last) links.push(link("next", { after: keyOf(last) }));
  // Without a first entry (an emptied page) the way back is the first page.
  if (listing.hasPrev) links.push(link("prev", first && { before: keyOf(first) }));
  return links;
}
