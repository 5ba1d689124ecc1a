/**
 * Whether a user-given URL names a host on the public internet: loopback, private, link-local and
 * other reserved addresses and local names are refused before anything is fetched, so that a
 * process graph can't make the back-end read from its own network. Names are not resolved (a
 * Worker can't); Cloudflare's fetch does not reach private networks whatever a name resolves to.
 */

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/;

/** IPv4 ranges that are not the public internet: [first octets as a number prefix, prefix length]. */
const RESERVED_V4: [number, number][] = [
  [0x00000000, 8], // "this" network
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local (cloud metadata services)
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xe0000000, 3], // multicast and reserved, up to broadcast
];

function ipv4(host: string): number | undefined {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function reservedV4(address: number): boolean {
  return RESERVED_V4.some(([prefix, bits]) => Math.floor(address / 2 ** (32 - bits)) === Math.floor(prefix / 2 ** (32 - bits)));
}

/** The number of two hex words of an IPv6 address. */
const words = (high: string, low: string) => parseInt(high, 16) * 65536 + parseInt(low, 16);

/**
 * An IPv6 literal (WHATWG URL hosts are bracketed and compressed): loopback, unspecified,
 * unique-local, link-local, site-local and multicast, or a reserved IPv4 address inside one
 * (IPv4-mapped and -translated, NAT64 64:ff9b::/96, 6to4 2002::/16).
 */
function reservedV6(host: string): boolean {
  const address = host.slice(1, -1).toLowerCase();
  if (address === "::1" || address === "::") return true;
  if (/^f[cd]/.test(address) || /^fe[89a-f]/.test(address) || /^ff/.test(address)) return true;
  // Addresses with an IPv4 address inside, which the URL parser writes as hex words.
  const mapped = /^(?:::(?:ffff:(?:0:)?)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (mapped) return reservedV4(words(mapped[1]!, mapped[2]!));
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4})(?::|$)/.exec(address);
  if (sixToFour) return reservedV4(words(sixToFour[1]!, sixToFour[2]!));
  return false;
}

/** Why `url` may not be read (not https, or not a public host), or undefined. */
export function notPublicHttps(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `'${url}' is not a URL`;
  }
  if (parsed.protocol !== "https:") return `only https URLs are read, not ${parsed.protocol.replace(/:$/, "")}`;
  return isPublicHost(parsed.hostname) ? undefined : `${parsed.hostname} is not a public internet host`;
}

/** Whether a URL's hostname (as WHATWG URL writes it) is a name or address on the public internet. */
export function isPublicHost(hostname: string): boolean {
  // Every trailing dot: "localhost.." names localhost too where a resolver drops empty labels.
  const host = hostname.toLowerCase().replace(/\.+$/, "");
  const v4 = ipv4(host);
  if (host.startsWith("[")) return !reservedV6(host);
  if (v4 !== undefined) return !reservedV4(v4);
  return !LOCAL_NAMES.test(host) && host.includes(".");
}
