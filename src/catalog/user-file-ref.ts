/**
 * An asset in the requesting user's files, named without a host: `user-file:<path>`. A BYOC
 * tile's files are stored so, since the same item is served under any hostname of the API and
 * read by batch runs whose api_base may differ from the registering request's.
 */
const SCHEME = "user-file:";

export function userFileRef(path: string): string {
  return SCHEME + path.split("/").map(encodeURIComponent).join("/");
}

/** The encoded path of a user-file reference, or undefined for any other href. */
export function userFileRefPath(href: string): string | undefined {
  return href.startsWith(SCHEME) ? href.slice(SCHEME.length) : undefined;
}
