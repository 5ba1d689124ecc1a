/** Queue messages: an openEO chunk keeps its window required; a batch statistical request's chunks of features are their own kind. */
import { describe, expect, it } from "vitest";
import { BatchMessageSchema } from "../../../src/jobs/messages";

const run = { job_id: "j", user_id: "u", run_id: "r", api_base: "https://example.test/v1" };
const window = { crs: "EPSG:32633", bbox: [0, 0, 10, 10], width: 1, height: 1 };

describe("batch messages", () => {
  it("refuses a windowed chunk without its window, and takes chunks of features without one", () => {
    expect(BatchMessageSchema.safeParse({ kind: "job.chunk", ...run, index: 0, window }).success).toBe(true);
    expect(BatchMessageSchema.safeParse({ kind: "job.chunk", ...run, index: 0 }).success).toBe(false);
    expect(BatchMessageSchema.safeParse({ kind: "job.features", ...run, index: 3 }).success).toBe(true);
    expect(BatchMessageSchema.safeParse({ kind: "job.features", ...run }).success).toBe(false);
  });
});
