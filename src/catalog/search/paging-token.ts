/**
 * Opaque paging tokens: base64url JSON of the offset and a fingerprint of the criteria that
 * decide the result order (not limit or fields). A token presented with different criteria is
 * rejected instead of silently paging through another result. Tokens aren't secret: the
 * fingerprint only detects mix-ups.
 */
import { parameterError } from "./search-errors";
import type { SearchQuery } from "./types";

/** JSON with object keys sorted, so equal queries from GET and POST serialise equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): string {
  return atob(text.replace(/-/g, "+").replace(/_/g, "/"));
}

export async function queryFingerprint(query: SearchQuery): Promise<string> {
  const { bbox, intersects, datetime, ids, collections, filter, sortby } = query;
  const text = canonicalJson({ bbox, intersects, datetime, ids, collections, filter, sortby });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return toBase64Url(new Uint8Array(digest).slice(0, 12));
}

export function encodeToken(offset: number, fingerprint: string): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify({ o: offset, q: fingerprint })));
}

/** Where a keyset page ends: the sort key (datetime in ms, or null when there is none; id; collection) of its last item. */
export type PageKey = [number | null, string, string];

export function encodeKeyToken(key: PageKey, fingerprint: string): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify({ k: key, q: fingerprint })));
}

/** The key of a keyset token; undefined for any other token (decodeToken judges those); 400 when it is from another query. */
export function decodeKeyToken(token: string, fingerprint: string): PageKey | undefined {
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromBase64Url(token));
  } catch {
    return undefined;
  }
  const { k, q } = (decoded ?? {}) as { k?: unknown; q?: unknown };
  if (!Array.isArray(k)) return undefined;
  const [t, id, collection] = k as unknown[];
  const valid = k.length === 3 && (t === null || Number.isFinite(t)) && typeof id === "string" && typeof collection === "string" && typeof q === "string";
  if (!valid) throw parameterError("token", "is not a token issued by this service");
  if (q !== fingerprint) throw parameterError("token", "belongs to a different search; repeat the original parameters");
  return [t as number | null, id as string, collection as string];
}

/** The offset a token stands for; 400 when it is malformed or from another query. */
export function decodeToken(token: string, fingerprint: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromBase64Url(token));
  } catch {
    throw parameterError("token", "is not a token issued by this service");
  }
  const { o, q } = (decoded ?? {}) as { o?: unknown; q?: unknown };
  if (!Number.isSafeInteger(o) || (o as number) < 0 || typeof q !== "string") {
    throw parameterError("token", "is not a token issued by this service");
  }
  if (q !== fingerprint) throw parameterError("token", "belongs to a different search; repeat the original parameters");
  return o as number;
}
