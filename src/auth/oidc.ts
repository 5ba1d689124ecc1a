import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type FetchImplementation, type JWTVerifyGetKey } from "jose";
import { z } from "zod";
import { oidcProviders, type OidcProvider } from "../config";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { boundedFetch, type ReadDeadlines } from "../net/bounded-fetch";
import { oidcUser, type User } from "./user";

/** Asymmetric algorithms only: HS* would let anyone holding a client secret mint tokens, and "none" is never valid. */
const ALLOWED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** A login waits for the provider no longer than this; discovery documents and key sets are small. */
const PROVIDER_DEADLINES: ReadDeadlines = { firstByteMs: 5_000, idleMs: 5_000, totalMs: 10_000 };
const MAX_PROVIDER_DOCUMENT_BYTES = 1024 * 1024;

const DiscoverySchema = z.object({ issuer: z.string(), jwks_uri: z.url() });

interface ProviderKeys {
  issuer: string;
  keys: JWTVerifyGetKey;
}

/** Per isolate: discovery documents and JWKS (jose caches and refreshes the key set itself). */
const keyCache = new Map<string, { at: number; keys: Promise<ProviderKeys> }>();

function unreachable(provider: OidcProvider, reason: string): OpenEOError {
  return new OpenEOError("IdentityProviderUnavailable", { provider: provider.id, reason });
}

/** A provider's document within PROVIDER_DEADLINES and the size cap; a failure names the provider and the host. */
async function providerDocument(provider: OidcProvider, url: string, init: RequestInit): Promise<{ status: number; headers: Headers; body: Uint8Array }> {
  try {
    const answer = await boundedFetch(url, init, { deadlines: PROVIDER_DEADLINES });
    return { status: answer.status, headers: answer.headers, body: await answer.bytes(MAX_PROVIDER_DOCUMENT_BYTES) };
  } catch (cause) {
    throw cause instanceof OpenEOError ? unreachable(provider, cause.message) : cause;
  }
}

/** jose's key set fetch through providerDocument (its own signal is left out: our deadlines are the ones that apply). */
function keySetFetch(provider: OidcProvider): FetchImplementation {
  return async (url, { headers, method, redirect }) => {
    const { status, headers: answered, body } = await providerDocument(provider, url, { headers, method, redirect });
    return new Response(body, { status, headers: answered });
  };
}

function parsedJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return null;
  }
}

async function discover(provider: OidcProvider): Promise<ProviderKeys> {
  const url = `${provider.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  const response = await providerDocument(provider, url, { headers: { Accept: "application/json" } });
  if (response.status < 200 || response.status > 299) throw unreachable(provider, `${url} answered HTTP ${response.status}`);
  const parsed = DiscoverySchema.safeParse(parsedJson(response.body));
  if (!parsed.success) throw unreachable(provider, `${url} is not an OpenID configuration`);
  if (parsed.data.issuer.replace(/\/$/, "") !== provider.issuer.replace(/\/$/, "")) {
    throw unreachable(provider, `${url} names another issuer (${parsed.data.issuer})`);
  }
  return { issuer: parsed.data.issuer, keys: createRemoteJWKSet(new URL(parsed.data.jwks_uri), { [customFetch]: keySetFetch(provider) }) };
}

function providerKeys(provider: OidcProvider): Promise<ProviderKeys> {
  const cached = keyCache.get(provider.issuer);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.keys;
  const keys = discover(provider);
  keyCache.set(provider.issuer, { at: Date.now(), keys });
  keys.catch(() => keyCache.delete(provider.issuer));
  return keys;
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "the token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's '${error.claim}' claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "the token's signing algorithm is not accepted";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "the token's signature is not valid";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "the token was not signed by a key of the provider";
  return "the token is not a valid signed JWT";
}

/** Verifies an OIDC access token (a JWT) of a configured provider against the provider's JWKS. */
export async function verifyOidcToken(env: Env, providerId: string, token: string): Promise<User> {
  const provider = oidcProviders(env).find((p) => p.id === providerId);
  if (!provider) {
    throw new OpenEOError("AuthenticationSchemeInvalid", {}, {
      message: `OpenID Connect provider '${providerId}' is not supported; see GET /credentials/oidc.`,
    });
  }
  const { issuer, keys } = await providerKeys(provider);
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience: provider.audience,
      algorithms: ALLOWED_ALGORITHMS,
      requiredClaims: ["sub", "exp"],
    });
    const name = [payload.name, payload.preferred_username, payload.email].find((v) => typeof v === "string");
    return await oidcUser(issuer, payload.sub!, name as string | undefined);
  } catch (cause) {
    if (cause instanceof OpenEOError) throw cause;
    if (cause instanceof joseErrors.JWKSTimeout || cause instanceof joseErrors.JWKSInvalid) {
      throw unreachable(provider, "its key set could not be loaded");
    }
    throw new OpenEOError("TokenInvalid", {}, {
      message: `Authorization token is invalid: ${describeJoseError(cause)}. Please authenticate again.`,
      cause,
    });
  }
}
