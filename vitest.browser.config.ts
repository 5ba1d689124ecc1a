import { defineConfig } from "vitest/config";

/**
 * Map pages in a real browser (npm run test:browser): Debian's headless Chromium, driven from Node
 * against a local Worker. Not part of `npm test`: a fresh machine has no Chromium (.ci/run installs it).
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
