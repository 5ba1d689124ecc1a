import { z } from "zod";
import type { Env } from "./env";
import { OpenEOError } from "./errors";

export const OidcProviderSchema = z.object({
  id: z.string().regex(/^\w{1,20}$/),
  issuer: z.url(),
  title: z.string().min(1),
  description: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  default_clients: z
    .array(
      z.object({
        id: z.string(),
        grant_types: z.array(z.string()).min(1),
        redirect_urls: z.array(z.url()).optional(),
      }),
    )
    .optional(),
  /** Enforced on access tokens when set. */
  audience: z.string().optional(),
});
export type OidcProvider = z.infer<typeof OidcProviderSchema>;

const BasicUsersSchema = z.record(z.string().regex(/^[\w.~-]{1,64}$/), z.string());

function misconfigured(name: string, cause: unknown): OpenEOError {
  return new OpenEOError("Internal", { message: `the ${name} setting is invalid` }, { cause });
}

function parseJsonSetting<T>(name: string, raw: string | undefined, schema: z.ZodType<T>, fallback: T): T {
  if (raw === undefined || raw.trim() === "") return fallback;
  try {
    return schema.parse(JSON.parse(raw));
  } catch (cause) {
    throw misconfigured(name, cause);
  }
}

export function oidcProviders(env: Env): OidcProvider[] {
  return parseJsonSetting("OIDC_PROVIDERS", env.OIDC_PROVIDERS, z.array(OidcProviderSchema), []);
}

/** User name -> PBKDF2 hash, from the BASIC_USERS secret. */
export function basicUsers(env: Env): Record<string, string> {
  return parseJsonSetting("BASIC_USERS", env.BASIC_USERS, BasicUsersSchema, {});
}

export function tokenSecret(env: Env): Uint8Array {
  if (!env.TOKEN_SECRET || env.TOKEN_SECRET.length < 16) {
    throw misconfigured("TOKEN_SECRET", "missing or shorter than 16 characters");
  }
  return new TextEncoder().encode(env.TOKEN_SECRET);
}
