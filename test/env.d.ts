import type { Env } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends import("../src/env").Env {
      /** The private key of the test OIDC provider (vitest.config.ts), as a JWK in JSON. */
      TEST_OIDC_PRIVATE_JWK: string;
    }
  }
}
export type { Env };
