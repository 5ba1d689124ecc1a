import { describe, expect, it } from "vitest";
import { RouteTable } from "../../src/api/route-table";

describe("route table", () => {
  const table = new RouteTable([
    { path: "/v1", methods: ["GET"] },
    { path: "/v1/jobs", methods: ["GET", "POST"] },
    { path: "/v1/jobs/{job_id}", methods: ["DELETE", "GET", "PATCH"] },
    { path: "/v1/jobs/{job_id}/results", methods: ["GET"] },
    { path: "/.well-known/openeo", methods: ["GET"] },
    { path: "/v1/files/{path}", methods: ["GET", "PUT"] },
  ]);

  it("matches concrete paths to templates, one segment per parameter", () => {
    expect(table.match("/v1/jobs/abc")?.path).toBe("/v1/jobs/{job_id}");
    expect(table.match("/v1/jobs/abc/")?.path).toBe("/v1/jobs/{job_id}");
    expect(table.match("/v1/jobs/abc/results")?.path).toBe("/v1/jobs/{job_id}/results");
    expect(table.match("/v1/jobs/abc/logs")).toBeUndefined();
    expect(table.match("/v1.well-known/openeo")).toBeUndefined();
    expect(table.match("/v1/files/a/b/c.tif")?.path).toBe("/v1/files/{path}");
  });

  it("lists the endpoints under a prefix relative to it", () => {
    expect(table.under("/v1").map((e) => e.path)).toEqual(["/", "/jobs", "/jobs/{job_id}", "/jobs/{job_id}/results", "/files/{path}"]);
    expect(table.has("/v1/jobs", "POST")).toBe(true);
    expect(table.has("/v1/jobs", "PUT")).toBe(false);
  });
});
