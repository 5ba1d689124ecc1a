import { defineConfig } from "vitest/config";

/** End-to-end tests run in Node against `wrangler dev`, with the real openEO JavaScript client. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
