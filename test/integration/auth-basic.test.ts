import { env } from "cloudflare:workers";
import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { BASIC_TOKEN_TTL_SECONDS } from "../../src/auth/basic";
import { basicHeader, expectError, loginAs, request } from "../support/http";
import { TEST_TOKEN_SECRET } from "../support/settings";

const me = (authorization?: string) => request("/v1/me", authorization ? { headers: { Authorization: authorization } } : undefined);

describe("HTTP Basic authentication", () => {
  it("issues an expiring signed token for a configured user", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await request("/v1/credentials/basic", { headers: { Authorization: basicHeader("alice", "alice-secret") } });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const claims = decodeJwt(access_token);
    expect(claims.sub).toBe("alice");
    expect(claims.exp! - claims.iat!).toBe(BASIC_TOKEN_TTL_SECONDS);
    expect(claims.iat!).toBeGreaterThanOrEqual(before);
  });

  it("refuses wrong passwords and unknown users alike", async () => {
    const wrong = await request("/v1/credentials/basic", { headers: { Authorization: basicHeader("alice", "bob-secret") } });
    await expectError(wrong, 403, "CredentialsInvalid");
    const unknown = await request("/v1/credentials/basic", { headers: { Authorization: basicHeader("mallory", "alice-secret") } });
    await expectError(unknown, 403, "CredentialsInvalid");
  });

  it("asks for credentials when none are sent, and rejects other schemes", async () => {
    const none = await request("/v1/credentials/basic");
    expect(none.headers.get("WWW-Authenticate")).toContain("Basic");
    await expectError(none, 401, "AuthenticationRequired");
    const bearer = await request("/v1/credentials/basic", { headers: { Authorization: "Bearer basic//x" } });
    await expectError(bearer, 403, "AuthenticationSchemeInvalid");
    const garbage = await request("/v1/credentials/basic", { headers: { Authorization: "Basic %%%" } });
    await expectError(garbage, 403, "AuthenticationSchemeInvalid");
  });
});

describe("bearer tokens on protected endpoints", () => {
  it("GET /me answers the user behind a basic token, with a stable id", async () => {
    const first = await me(await loginAs("alice"));
    expect(first.status).toBe(200);
    const body = (await first.json()) as { user_id: string; name: string };
    expect(body).toMatchObject({ user_id: "basic.alice", name: "alice", default_plan: "free" });
    expect(body.user_id).toMatch(/^[\w\-.~]+$/);
    const again = (await (await me(await loginAs("alice"))).json()) as { user_id: string };
    expect(again.user_id).toBe(body.user_id);
    const bob = (await (await me(await loginAs("bob"))).json()) as { user_id: string };
    expect(bob.user_id).not.toBe(body.user_id);
  });

  it("keeps each user's record in their own UserDO, created on first sight", async () => {
    const stub = env.USERS.get(env.USERS.idFromName("basic.bob"));
    await me(await loginAs("bob"));
    const first = await stub.account();
    expect(first).toMatchObject({ user_id: "basic.bob", name: "bob", method: "basic" });
    await me(await loginAs("bob"));
    const second = await stub.account();
    expect(second!.created).toBe(first!.created);
    expect(second!.last_seen >= first!.last_seen).toBe(true);
  });

  it("requires a token (401) and rejects malformed ones (403)", async () => {
    await expectError(await me(), 401, "AuthenticationRequired");
    await expectError(await me("Basic YWxpY2U6YWxpY2Utc2VjcmV0"), 403, "AuthenticationSchemeInvalid");
    await expectError(await me("Bearer nonsense"), 403, "AuthenticationSchemeInvalid");
    await expectError(await me("Bearer saml/x/token"), 403, "AuthenticationSchemeInvalid");
    await expectError(await me("Bearer basic//"), 403, "TokenInvalid");
    await expectError(await me("Bearer basic//not.a.jwt"), 403, "TokenInvalid");
  });

  it("rejects expired, forged and foreign basic tokens", async () => {
    const secret = new TextEncoder().encode(TEST_TOKEN_SECRET);
    const sign = (key: Uint8Array, claims: { exp: number; sub?: string; iss?: string }) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer(claims.iss ?? "openeo-edge/basic")
        .setSubject(claims.sub ?? "alice")
        .setExpirationTime(claims.exp)
        .sign(key);
    const now = Math.floor(Date.now() / 1000);
    await expectError(await me(`Bearer basic//${await sign(secret, { exp: now - 10 })}`), 403, "TokenInvalid");
    const forged = await sign(new TextEncoder().encode("another-secret-0123456789"), { exp: now + 600 });
    await expectError(await me(`Bearer basic//${forged}`), 403, "TokenInvalid");
    await expectError(await me(`Bearer basic//${await sign(secret, { exp: now + 600, iss: "someone-else" })}`), 403, "TokenInvalid");
    await expectError(await me(`Bearer basic//${await sign(secret, { exp: now + 600, sub: "mallory" })}`), 403, "TokenInvalid");
    const endless = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuer("openeo-edge/basic").setSubject("alice").sign(secret);
    await expectError(await me(`Bearer basic//${endless}`), 403, "TokenInvalid");
    const valid = await sign(secret, { exp: now + 600 });
    expect((await me(`Bearer basic//${valid}`)).status).toBe(200);
  });

  it("accepts optional tokens on public endpoints but still rejects bad ones", async () => {
    expect((await request("/v1/file_formats")).status).toBe(200);
    expect((await request("/v1/file_formats", { headers: { Authorization: await loginAs("alice") } })).status).toBe(200);
    await expectError(await request("/v1/file_formats", { headers: { Authorization: "Bearer basic//x.y.z" } }), 403, "TokenInvalid");
  });
});
