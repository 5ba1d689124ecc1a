import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { hashPassword } from "./src/auth/password.ts";
import { OTHER_ISSUER, TEST_AUDIENCE, TEST_ISSUER, createTestOidcProvider } from "./test/support/oidc-provider.ts";
import { TEST_TOKEN_SECRET, TEST_USERS } from "./test/support/settings.ts";
import { fakeStacApi } from "./test/support/fake-stac-api.ts";
import { hostileHost } from "./test/support/hostile-host.ts";

process.env.WRANGLER_SEND_METRICS = "false";

const oidc = await createTestOidcProvider();
const basicUsers = Object.fromEntries(
  await Promise.all(Object.entries(TEST_USERS).map(async ([user, password]) => [user, await hashPassword(password)])),
);

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TOKEN_SECRET: TEST_TOKEN_SECRET,
          BASIC_USERS: JSON.stringify(basicUsers),
          OIDC_PROVIDERS: JSON.stringify([
            { id: "testidp", issuer: TEST_ISSUER, title: "Test IdP", scopes: ["openid"], audience: TEST_AUDIENCE },
            { id: "other", issuer: OTHER_ISSUER, title: "Other IdP" },
          ]),
          TEST_OIDC_PRIVATE_JWK: JSON.stringify(oidc.privateJwk),
          FILE_QUOTA_BYTES: String(16 * 1024 * 1024),
          // Small enough that test/integration/result-strips.test.ts needs strips.
          SYNC_MAX_CUBE_BYTES: String(4 * 1024 * 1024),
          // A fifth and a twenty-fifth of the defaults: test/integration/budgets.test.ts spends them within seconds.
          RUN_MAX_OPERATIONS: String(50_000_000),
          TILE_MAX_OPERATIONS: String(1_000_000),
          // Small enough that test/integration/login-throttle.test.ts reaches each limit in a few logins.
          LOGIN_PAIR_FAILURES: "3",
          LOGIN_USER_FAILURES: "6",
          LOGIN_CLIENT_FAILURES: "4",
          // Test-size deadlines, so test/integration/hostile-hosts.test.ts doesn't wait 10 s per stall.
          REMOTE_READ_FIRST_BYTE_MS: "3000",
          REMOTE_READ_IDLE_MS: "3000",
          REMOTE_READ_TOTAL_MS: "6000",
        },
        outboundService: async (request: Request) => (await fakeStacApi(request)) ?? (await hostileHost(request)) ?? oidc.outbound(request),
      },
    }),
  ],
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    // Tests that go through the real queue wait for its deliveries (up to 1 s per batch), which
    // takes longer than vitest's 5 s default on a busy 2-core machine; this bounds waits, not speed.
    testTimeout: 30_000,
    // beforeAll hooks log in (PBKDF2) and ingest fixtures: on a loaded machine that takes longer than 10 s.
    hookTimeout: 60_000,
  },
});
