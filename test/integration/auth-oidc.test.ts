import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { expectError, request } from "../support/http";
import { OTHER_ISSUER, TEST_AUDIENCE, TEST_ISSUER } from "../support/oidc-provider";

const providerKey = () => importJWK(JSON.parse(env.TEST_OIDC_PRIVATE_JWK) as JWK, "RS256");

interface TokenOptions {
  key?: CryptoKey | Uint8Array;
  kid?: string;
  alg?: string;
  iss?: string;
  aud?: string;
  sub?: string;
  /** null: no expiry at all. */
  exp?: number | null;
}

async function token(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ name: "Ada Lovelace" })
    .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? "test-key-1" })
    .setIssuer(options.iss ?? TEST_ISSUER)
    .setAudience(options.aud ?? TEST_AUDIENCE)
    .setSubject(options.sub ?? "user-123")
    .setIssuedAt(now - 60);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? now + 600);
  return jwt.sign(options.key ?? (await providerKey()));
}

const me = (authorization: string) => request("/v1/me", { headers: { Authorization: authorization } });

describe("OpenID Connect", () => {
  it("lists the configured providers without their verification settings", async () => {
    const res = await request("/v1/credentials/oidc");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      providers: [
        { id: "testidp", issuer: TEST_ISSUER, title: "Test IdP", scopes: ["openid"] },
        { id: "other", issuer: OTHER_ISSUER, title: "Other IdP" },
      ],
    });
  });

  it("accepts a token signed by the provider's key, found through discovery and JWKS", async () => {
    const res = await me(`Bearer oidc/testidp/${await token()}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user_id: string; name: string };
    expect(body.name).toBe("Ada Lovelace");
    expect(body.user_id).toMatch(/^oidc\.[0-9a-f]{32}$/);
    const again = (await (await me(`Bearer oidc/testidp/${await token()}`)).json()) as { user_id: string };
    expect(again.user_id).toBe(body.user_id);
    const other = (await (await me(`Bearer oidc/testidp/${await token({ sub: "user-456" })}`)).json()) as { user_id: string };
    expect(other.user_id).not.toBe(body.user_id);
  });

  it("rejects an expired token", async () => {
    const body = await expectError(await me(`Bearer oidc/testidp/${await token({ exp: Math.floor(Date.now() / 1000) - 120 })}`), 403, "TokenInvalid");
    expect(body.message).toContain("expired");
  });

  it("rejects a token without an expiry", async () => {
    const body = await expectError(await me(`Bearer oidc/testidp/${await token({ exp: null })}`), 403, "TokenInvalid");
    expect(body.message).toContain("'exp'");
  });

  it("rejects a token of another issuer", async () => {
    await expectError(await me(`Bearer oidc/testidp/${await token({ iss: "https://evil.example.test" })}`), 403, "TokenInvalid");
  });

  it("rejects a token for another audience", async () => {
    const body = await expectError(await me(`Bearer oidc/testidp/${await token({ aud: "some-other-app" })}`), 403, "TokenInvalid");
    expect(body.message).toContain("aud");
  });

  it("rejects alg none", async () => {
    const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: "none" })}.${encode({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: "user-123", exp: now + 600 })}.`;
    await expectError(await me(`Bearer oidc/testidp/${unsigned}`), 403, "TokenInvalid");
  });

  it("rejects a symmetric token even if its secret were known", async () => {
    const hs = await token({ alg: "HS256", key: new TextEncoder().encode("0123456789abcdef0123456789abcdef") });
    await expectError(await me(`Bearer oidc/testidp/${hs}`), 403, "TokenInvalid");
  });

  it("rejects a token signed with another key", async () => {
    const { privateKey } = await generateKeyPair("RS256", { extractable: true });
    await expectError(await me(`Bearer oidc/testidp/${await token({ key: privateKey })}`), 403, "TokenInvalid");
    const impostor = await importJWK({ ...(await exportJWK(privateKey)) }, "RS256");
    await expectError(await me(`Bearer oidc/testidp/${await token({ key: impostor, kid: "unknown-kid" })}`), 403, "TokenInvalid");
  });

  it("rejects a valid token sent under the wrong provider", async () => {
    await expectError(await me(`Bearer oidc/other/${await token()}`), 403, "TokenInvalid");
  });

  it("rejects an unknown provider", async () => {
    await expectError(await me(`Bearer oidc/nope/${await token()}`), 403, "AuthenticationSchemeInvalid");
  });
});
