import { createRoute, z } from "@hono/zod-openapi";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { createApiV1, createApp } from "../../src/app";
import { MAX_JSON_BODY_BYTES } from "../../src/api/middleware/body-limit";
import { expectError, request } from "../support/http";

/** The real app with two extra routes that exercise request bodies and unexpected failures. */
function appWithTestRoutes() {
  const api = createApiV1()
    .openapi(
      createRoute({
        method: "post",
        path: "/echo",
        request: {
          body: { required: true, content: { "application/json": { schema: z.object({ title: z.string(), count: z.number().int() }) } } },
        },
        responses: { 200: { description: "echo" } },
      }),
      (c) => c.json(c.req.valid("json"), 200),
    )
    .openapi(createRoute({ method: "get", path: "/boom", responses: { 200: { description: "never" } } }), () => {
      throw new Error("secret internal detail at /srv/app.js:12");
    });
  const app = createApp(api);
  return (path: string, init?: RequestInit) => app.request(`https://openeo.example.test/v1${path}`, init, env);
}

describe("errors", () => {
  it("answers unknown paths with 404 NotFound in the openEO error shape", async () => {
    await expectError(await request("/v1/no/such/thing"), 404, "NotFound");
    await expectError(await request("/nothing-here"), 404, "NotFound");
  });

  it("answers a known path with a method it lacks with 405 and Allow", async () => {
    const res = await request("/v1/me", { method: "DELETE" });
    expect(res.headers.get("Allow")).toBe("OPTIONS, GET");
    await expectError(res, 405, "MethodNotAllowed");
  });

  it("renders zod validation failures as RequestInvalid naming the field", async () => {
    const call = appWithTestRoutes();
    const res = await call("/echo", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ title: 1 }) });
    const body = await expectError(res, 400, "RequestInvalid");
    expect(body.message).toContain("title");
    expect(body.message).toContain("count");
  });

  it("rejects malformed JSON, wrong content types and oversize bodies with 4xx", async () => {
    const call = appWithTestRoutes();
    const json = { "Content-Type": "application/json" };
    await expectError(await call("/echo", { method: "POST", headers: json, body: '{"title": "x",' }), 400, "JsonInvalid");
    await expectError(await call("/echo", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "hi" }), 400, "ContentTypeInvalid");
    const big = JSON.stringify({ title: "x".repeat(MAX_JSON_BODY_BYTES), count: 1 });
    await expectError(await call("/echo", { method: "POST", headers: json, body: big }), 413, "PayloadTooLarge");
    const ok = await call("/echo", { method: "POST", headers: json, body: JSON.stringify({ title: "x", count: 2 }) });
    expect(await ok.json()).toEqual({ title: "x", count: 2 });
  });

  it("hides internal errors behind a short message with an id, and logs the stack", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const body = await expectError(await appWithTestRoutes()("/boom"), 500, "Internal");
    expect(body.message).not.toContain("secret");
    expect(body.message).not.toContain("/srv/app.js");
    expect(body.message).toContain(body.id);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(body.id), expect.stringContaining("secret internal detail"));
    logged.mockRestore();
  });
});

describe("CORS", () => {
  it("answers preflights with 204 and the endpoint's methods", async () => {
    const res = await request("/v1/me", {
      method: "OPTIONS",
      headers: { Origin: "https://editor.openeo.org", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "Authorization" },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Methods")).toBe("OPTIONS, GET");
    expect(res.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
    expect(res.headers.get("Access-Control-Allow-Headers")).toContain("Content-Type");
    expect(res.headers.get("Content-Type")).toBe("application/json");
  });

  it("sends Allow-Origin and Expose-Headers on successes and errors", async () => {
    for (const res of [await request("/v1/"), await request("/v1/me"), await request("/v1/nope"), await request("/.well-known/openeo")]) {
      expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
      const exposed = (res.headers.get("Access-Control-Expose-Headers") ?? "").split(/,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(["Link", "Location", "OpenEO-Costs", "OpenEO-Identifier", "ETag", "Content-Range"]));
    }
  });

  it("answers preflights on unknown paths with 404", async () => {
    await expectError(await request("/v1/unknown", { method: "OPTIONS" }), 404, "NotFound");
  });
});
