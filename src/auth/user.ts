/** The authenticated user of a request. */
export interface User {
  /** Stable per identity and safe as a storage key (matches ^[\w\-.~]+$). */
  user_id: string;
  name: string;
  method: "basic" | "oidc";
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Basic user names are restricted to key-safe characters when configured. */
export function basicUser(username: string): User {
  return { user_id: `basic.${username}`, name: username, method: "basic" };
}

/**
 * OIDC identities are keyed by issuer and subject, not by the provider id of our configuration,
 * so renaming a provider keeps its users' ids.
 */
export async function oidcUser(issuer: string, subject: string, name: string | undefined): Promise<User> {
  const hash = await sha256Hex(`${issuer}\n${subject}`);
  return { user_id: `oidc.${hash.slice(0, 32)}`, name: name ?? subject, method: "oidc" };
}
