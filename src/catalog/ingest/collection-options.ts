import type { StacCollection, StacLink, StacProvider } from "../stac-types";

/** What `npm run ingest` says about a collection on its command line. */
export interface CollectionOptions {
  title?: string;
  description?: string;
  /** Comma-separated. */
  keywords?: string;
  /** An SPDX id, "proprietary" or "various". */
  license?: string;
  licenseUrl?: string;
  /** Each `name|role,role|url` (roles and url optional). */
  providers?: string[];
}

const PROVIDER_ROLES = new Set(["licensor", "producer", "processor", "host"]);

/** `ESA|producer,licensor|https://www.esa.int` → a STAC provider; throws on an unknown role or a bad url. */
export function parseProvider(text: string): StacProvider {
  const [name = "", roles = "", url = ""] = text.split("|").map((part) => part.trim());
  if (!name) throw new Error(`provider '${text}' has no name (name|role,role|url)`);
  const roleList = roles.split(",").map((r) => r.trim()).filter(Boolean);
  const unknown = roleList.find((role) => !PROVIDER_ROLES.has(role));
  if (unknown) throw new Error(`provider role '${unknown}' is none of ${[...PROVIDER_ROLES].join(", ")}`);
  if (url && !/^https?:\/\//.test(url)) throw new Error(`provider url '${url}' is not http(s)`);
  return { name, ...(roleList.length ? { roles: roleList } : {}), ...(url ? { url } : {}) };
}

/**
 * The collection's descriptive metadata: the source collection's, with what the command line
 * gives in its place (the command line is the later, deliberate word).
 */
export function withCollectionOptions<T extends Partial<StacCollection>>(source: T, options: CollectionOptions): T {
  const links: StacLink[] = source.links ?? [];
  const licenseLink: StacLink[] = options.licenseUrl ? [{ rel: "license", href: options.licenseUrl, type: "text/html", title: "License" }] : [];
  return {
    ...source,
    ...(options.title ? { title: options.title } : {}),
    ...(options.description ? { description: options.description } : {}),
    ...(options.keywords ? { keywords: options.keywords.split(",").map((k) => k.trim()).filter(Boolean) } : {}),
    ...(options.license ? { license: options.license } : {}),
    ...(options.providers?.length ? { providers: options.providers.map(parseProvider) } : {}),
    links: [...links.filter((l) => !(licenseLink.length && l.rel === "license")), ...licenseLink],
  };
}
