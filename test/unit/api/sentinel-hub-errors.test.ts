/**
 * Errors under /api/v1/ in Sentinel Hub's shape: each status with its own HTTP reason phrase (an
 * unreachable data source is a Bad Gateway, not an Internal Server Error).
 */
import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../../src/app-env";
import { renderError } from "../../../src/api/error-handler";
import { OpenEOError } from "../../../src/errors";

const ERRORS: Record<string, () => OpenEOError> = {
  unreachable: () => new OpenEOError("DataSourceUnavailable", { host: "stac.example.test", reason: "HTTP 502" }),
  slow: () => new OpenEOError("DataSourceTimeout", { host: "stac.example.test", reason: "no response within 10 s" }),
  busy: () => OpenEOError.processException("Busy", "try again later", 503),
  broken: () => new OpenEOError("Internal", { message: "boom" }),
  unsupported: () => new OpenEOError("FeatureUnsupported"),
};

const app = new Hono<AppEnv>().get("/api/v1/fail/:kind", (c) => {
  throw ERRORS[c.req.param("kind")]!();
});
app.onError(renderError);

describe("Sentinel Hub's error shape for server-side statuses", () => {
  it("names each status by its own reason phrase", async () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const expected: [string, number, string][] = [
        ["unreachable", 502, "Bad Gateway"],
        ["slow", 504, "Gateway Timeout"],
        ["busy", 503, "Service Unavailable"],
        ["broken", 500, "Internal Server Error"],
        ["unsupported", 501, "Not Implemented"],
      ];
      for (const [kind, status, reason] of expected) {
        const res = await app.request(`/api/v1/fail/${kind}`);
        const body = (await res.json()) as { error: { status: number; reason: string; code: string } };
        expect([res.status, body.error.status, body.error.reason, body.error.code]).toEqual([status, status, reason, "COMMON_EXCEPTION"]);
      }
    } finally {
      quiet.mockRestore();
    }
  });
});
