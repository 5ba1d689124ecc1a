/**
 * Whether a URL a user gave may be read over HTTP: a load_stac URL, a link of a remote STAC document
 * that is followed, an asset href, a script's URL. Every caller is assumed hostile, and wrangler dev
 * or self-hosted workerd, unlike Cloudflare's network, reach private addresses: so only http(s), and
 * only hosts on the public internet, unless the operator lists a private host (REMOTE_PRIVATE_HOSTS,
 * such as a loopback file server in development). This back-end's own URLs (its files, results and
 * collections) never get here: they are read from R2.
 */
import { isPublicHost } from "./public-host";

/** Exact hostnames, as WHATWG URL writes them (lower case, IPv6 in brackets), of private hosts user URLs may read. */
export type PrivateHosts = ReadonlySet<string>;

const NONE: PrivateHosts = new Set();

/** Why `url` may not be read, or undefined when it may. */
export function remoteUrlRefusal(url: string, privateHosts: PrivateHosts = NONE): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `'${url}' is not a URL`;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return `only http and https URLs are read, not ${parsed.protocol.replace(/:$/, "")}`;
  if (isPublicHost(parsed.hostname) || privateHosts.has(parsed.hostname)) return undefined;
  return `${parsed.hostname} is not a public internet host`;
}

/**
 * A hostname of the operator's list as URLs write it ("127.1" is 127.0.0.1, "::1" is [::1]), or
 * undefined when the entry is not a bare hostname (a port, a path, a scheme).
 */
export function listedHostname(entry: string): string | undefined {
  // No wildcards either: a "*" would match nothing, silently.
  if (/[/?#@*\s\\]/.test(entry)) return undefined;
  const bracketed = entry.startsWith("[") ? entry : entry.includes(":") ? `[${entry}]` : entry;
  if (bracketed.startsWith("[") && !/^\[[0-9a-f:.]+\]$/i.test(bracketed)) return undefined;
  try {
    return new URL(`http://${bracketed}/`).hostname;
  } catch {
    return undefined;
  }
}
