import { defineConfig } from "vitest/config";

/** Real-data tests (npm run test:real): ../shared/data ingested into a local Worker, checked from Node. */
export default defineConfig({
  test: {
    include: ["test/real/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
