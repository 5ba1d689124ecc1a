import type { Env as WorkerEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** The private key of the test OIDC provider (vitest.config.ts), as a JWK in JSON. */
      TEST_OIDC_PRIVATE_JWK: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
    }
  }
}
