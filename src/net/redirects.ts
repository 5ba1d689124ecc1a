/**
 * Redirects are followed by hand, so that each hop is checked: an answer may not lead a read from
 * a public host into a private network, from https down to http, or out of http(s) altogether,
 * and credentials don't travel to another origin.
 */
import { isPublicHost } from "./public-host";

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The Location of a redirect answer, or null when the answer is not one. */
export function redirectLocation(response: Response): string | null {
  return REDIRECT_STATUSES.has(response.status) ? response.headers.get("Location") : null;
}

/** Why a redirect from `from` to `location` may not be followed, or the URL it leads to. */
export function redirectTarget(from: string, location: string): { url: string } | { refused: string } {
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return { refused: `a redirect to '${location}', which is not a URL` };
  }
  const source = new URL(from);
  if (to.protocol !== "https:" && to.protocol !== "http:") return { refused: `a redirect to a ${to.protocol.replace(/:$/, "")} URL` };
  if (source.protocol === "https:" && to.protocol === "http:") return { refused: `a redirect from https down to http (${to.host})` };
  if (isPublicHost(source.hostname) && !isPublicHost(to.hostname)) return { refused: `a redirect to ${to.hostname}, which is not a public internet host` };
  return { url: to.href };
}

/** The request the next hop sends: GET without a body after 303 (and after 301/302 of a POST), no credentials to another origin. */
export function redirectedInit(init: RequestInit, status: number, from: string, to: string): RequestInit {
  const headers = new Headers(init.headers);
  const method = (init.method ?? "GET").toUpperCase();
  const toGet = (status === 303 && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST");
  if (new URL(from).origin !== new URL(to).origin) {
    headers.delete("Authorization");
    headers.delete("Cookie");
  }
  if (!toGet) return { ...init, headers };
  headers.delete("Content-Type");
  const { body: _dropped, ...rest } = init;
  return { ...rest, method: "GET", headers };
}
