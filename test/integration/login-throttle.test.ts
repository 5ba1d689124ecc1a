/**
 * Login throttling of GET /credentials/basic (limits from vitest.config.ts: 3 failures per user
 * name and client, 6 per user name from untrusted clients, 4 per client for names it isn't trusted
 * for, in 15 minutes). Each test uses its own client addresses and user names.
 */
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clientKey } from "../../src/auth/login-throttle";
import { basicHeader, expectError, request } from "../support/http";
import { TEST_USERS } from "../support/settings";

const WINDOW_SECONDS = 900;

function login(user: string, password: string, client: string): Promise<Response> {
  return request("/v1/credentials/basic", { headers: { Authorization: basicHeader(user, password), "CF-Connecting-IP": client } });
}
const correct = (user: keyof typeof TEST_USERS, client: string) => login(user, TEST_USERS[user], client);
const wrong = (user: string, client: string) => login(user, "not-the-password", client);

async function expectThrottled(res: Response): Promise<void> {
  const retryAfter = Number(res.headers.get("Retry-After"));
  await expectError(res, 429, "TooManyRequests");
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe("login throttling", () => {
  it("refuses a client after 3 wrong passwords for a user name, before checking even the right one; other clients still log in", async () => {
    for (let i = 0; i < 3; i++) await expectError(await wrong("carol", "198.51.100.1"), 403, "CredentialsInvalid");
    await expectThrottled(await wrong("carol", "198.51.100.1"));
    await expectThrottled(await correct("carol", "198.51.100.1"));
    expect((await correct("carol", "198.51.100.2")).status).toBe(200);
    // Another user name from the same client is counted apart.
    expect((await correct("bob", "198.51.100.1")).status).toBe(200);
  });

  it("counts a user name's failures from all clients: untrusted clients wait, a client that logged in as it recently does not", async () => {
    expect((await correct("dave", "203.0.113.1")).status).toBe(200);
    for (let i = 0; i < 6; i++) await expectError(await wrong("dave", `203.0.113.${10 + i}`), 403, "CredentialsInvalid");
    await expectThrottled(await wrong("dave", "203.0.113.30"));
    await expectThrottled(await correct("dave", "203.0.113.31"));
    expect((await correct("dave", "203.0.113.1")).status).toBe(200);
    // Counters are per user name: the same fresh client logs in as another user.
    expect((await correct("bob", "203.0.113.31")).status).toBe(200);
  });

  it("refuses a client guessing many user names, except for the names it logged in as", async () => {
    expect((await correct("alice", "192.0.2.7")).status).toBe(200);
    for (const user of ["u1", "u2", "u3", "u4"]) await expectError(await wrong(user, "192.0.2.7"), 403, "CredentialsInvalid");
    await expectThrottled(await wrong("u5", "192.0.2.7"));
    await expectThrottled(await correct("bob", "192.0.2.7"));
    expect((await correct("alice", "192.0.2.7")).status).toBe(200);
    expect((await correct("bob", "192.0.2.8")).status).toBe(200);
  });

  it("never counts successful logins, and a success forgives the pair's earlier typos", async () => {
    for (let i = 0; i < 10; i++) expect((await correct("carol", "198.51.100.50")).status).toBe(200);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) await expectError(await wrong("carol", "198.51.100.50"), 403, "CredentialsInvalid");
      expect((await correct("carol", "198.51.100.50")).status).toBe(200);
    }
  });

  it("counts concurrent guesses before any of them is checked", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => wrong("carol", "198.51.100.60")));
    expect(answers.map((res) => res.status).sort()).toEqual([403, 403, 403, 429, 429, 429, 429, 429]);
  });

  it("lets concurrent right logins of one client wait for their turn instead of refusing them", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => correct("bob", "198.51.100.70")));
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(200));
  });

  it("keeps a failure until its window ends, and no storage once nothing is counted or trusted", async () => {
    const stub = env.LOGIN_GUARD.get(env.LOGIN_GUARD.idFromName("user:cleanup"));
    const failed = await stub.attempt("192.0.2.99", "user");
    const taken = await stub.attempt("192.0.2.98", "user");
    if (!failed.allowed || !taken.allowed) throw new Error("expected both attempts admitted");
    await stub.settle(failed.id, "192.0.2.99", "failed");
    await stub.settle(taken.id, "192.0.2.98", "released");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, async (_guard, state) => {
      expect(state.storage.sql.exec("SELECT counterpart FROM failure").toArray()).toEqual([{ counterpart: "192.0.2.99" }]);
      expect(await state.storage.getAlarm()).toBeGreaterThan(Date.now());
      state.storage.sql.exec("UPDATE failure SET at = at - ?", WINDOW_SECONDS * 1000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    await runInDurableObject(stub, async (_guard, state) => {
      expect(await state.storage.getAlarm()).toBeNull();
      expect(state.storage.sql.exec("SELECT * FROM failure").toArray()).toEqual([]);
    });
    expect((await stub.attempt("192.0.2.99", "user")).allowed).toBe(true);
  });

  it("keys clients by address, IPv6 ones by their /64", () => {
    expect(clientKey("198.51.100.1")).toBe("198.51.100.1");
    expect(clientKey("::ffff:198.51.100.1")).toBe("198.51.100.1");
    expect(clientKey("2001:db8:0:12:abcd::1")).toBe("2001:db8:0:12::/64");
    expect(clientKey("2001:DB8:0000:0012:1:2:3:4")).toBe("2001:db8:0:12::/64");
    expect(clientKey("2001:db8::")).toBe("2001:db8:0:0::/64");
    expect(clientKey(undefined)).toBe("unknown");
  });
});
