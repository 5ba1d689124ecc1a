/**
 * Paging tokens for remote STAC APIs: the paging members of the remote's next link (`token`,
 * `next` or `page`), as base64 JSON behind "remote.". A token comes back from the caller and its
 * members are merged into the body sent to the remote, so decoding keeps exactly those members,
 * each a bounded string or a non-negative integer: anything else (another collection, a limit) is
 * refused, never forwarded.
 */
import { parameterError } from "../search/search-errors";

const PREFIX = "remote.";
const PAGING_KEYS = ["token", "next", "page"] as const;
/** Characters of one paging value; remote APIs' tokens are a few hundred at most. */
const MAX_VALUE_LENGTH = 1024;
/** Characters of a whole token, as the Catalog API's `next` may carry it. */
export const MAX_REMOTE_TOKEN_LENGTH = 2048;

export type RemotePaging = Partial<Record<(typeof PAGING_KEYS)[number], string | number>>;

function isPagingValue(value: unknown): value is string | number {
  if (typeof value === "string") return value !== "" && value.length <= MAX_VALUE_LENGTH;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** base64 of UTF-8, so a token of any characters round-trips (btoa alone takes only Latin-1). */
function toBase64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

function fromBase64(text: string): string {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

/** The paging members of an object, or undefined when it has other members or values out of bounds. */
function pagingOf(value: unknown): RemotePaging | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length === 0) return undefined;
  const valid = entries.every(([key, member]) => (PAGING_KEYS as readonly string[]).includes(key) && isPagingValue(member));
  return valid ? (Object.fromEntries(entries) as RemotePaging) : undefined;
}

/** The paging members of a remote next link's parameters (others, such as its collections, are dropped). */
export function pagingMembers(parameters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(parameters).filter(([key]) => (PAGING_KEYS as readonly string[]).includes(key)));
}

/** Our token for paging members; undefined when there are none, or when they (or the token) are out of bounds. */
export function encodeRemoteToken(members: Record<string, unknown>): string | undefined {
  const paging = pagingOf(members);
  const token = paging && PREFIX + toBase64(JSON.stringify(paging));
  return token && token.length <= MAX_REMOTE_TOKEN_LENGTH ? token : undefined;
}

/** The paging members a token stands for; 400 naming `parameter` (as the request spelled it) otherwise. */
export function decodeRemoteToken(token: string, parameter: string): RemotePaging {
  let decoded: unknown;
  if (token.startsWith(PREFIX) && token.length <= MAX_REMOTE_TOKEN_LENGTH) {
    try {
      decoded = JSON.parse(fromBase64(token.slice(PREFIX.length)));
    } catch {
      // Left undefined: a mangled token is refused below.
    }
  }
  const paging = pagingOf(decoded);
  if (!paging) throw parameterError(parameter, "is not a paging token of this search");
  return paging;
}
