import { exportJWK, generateKeyPair, type JWK } from "jose";

/**
 * A pretend OpenID Connect provider for the tests, served through miniflare's outbound fetch
 * interception: its discovery document and JWKS carry the public half of a key pair made here;
 * the private half reaches the tests as a binding so they can sign tokens.
 */
export const TEST_ISSUER = "https://idp.example.test/realms/openeo";
export const TEST_AUDIENCE = "openeo-edge-test";
export const OTHER_ISSUER = "https://other-idp.example.test";

export interface TestOidcProvider {
  privateJwk: JWK;
  outbound(request: Request): Promise<Response>;
}

export async function createTestOidcProvider(): Promise<TestOidcProvider> {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "RS256", use: "sig" };
  const privateJwk = { ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256" };
  const documents: Record<string, unknown> = {
    [`${TEST_ISSUER}/.well-known/openid-configuration`]: { issuer: TEST_ISSUER, jwks_uri: `${TEST_ISSUER}/jwks` },
    [`${TEST_ISSUER}/jwks`]: { keys: [publicJwk] },
    // A second provider with its own (different) key, for tokens sent to the wrong provider.
    [`${OTHER_ISSUER}/.well-known/openid-configuration`]: { issuer: OTHER_ISSUER, jwks_uri: `${OTHER_ISSUER}/jwks` },
    [`${OTHER_ISSUER}/jwks`]: { keys: [] },
  };
  return {
    privateJwk,
    async outbound(request) {
      const body = documents[request.url];
      if (body === undefined) return new Response(`no route to ${request.url} in tests`, { status: 502 });
      return Response.json(body);
    },
  };
}
