import { describe, expect, it } from "vitest";
import pkg from "../../package.json";
import { ORIGIN, request } from "../support/http";

describe("discovery", () => {
  it("GET /.well-known/openeo points to the versioned API", async () => {
    const res = await request("/.well-known/openeo");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ versions: [{ url: `${ORIGIN}/v1/`, api_version: "1.2.0", production: false }] });
  });

  it("GET / lists the capabilities with endpoints generated from the routes", async () => {
    const res = await request("/v1/");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({
      api_version: "1.2.0",
      backend_version: pkg.version,
      stac_version: "1.0.0",
      type: "Catalog",
      id: "openeo-edge",
      production: false,
      billing: { currency: null, default_plan: "free", plans: [{ name: "free", description: expect.any(String), paid: false }] },
    });
    const endpoints = Object.fromEntries(body.endpoints.map((e: any) => [e.path, e.methods]));
    expect(endpoints).toEqual({
      "/": ["GET"],
      "/conformance": ["GET"],
      "/file_formats": ["GET"],
      "/udf_runtimes": ["GET"],
      "/service_types": ["GET"],
      "/credentials/basic": ["GET"],
      "/credentials/oidc": ["GET"],
      "/me": ["GET"],
      "/collections": ["GET"],
      "/collections/{collection_id}": ["GET"],
      "/collections/{collection_id}/queryables": ["GET"],
      "/collections/{collection_id}/items": ["GET"],
      "/collections/{collection_id}/items/{item_id}": ["GET"],
      "/collections/{collection_id}/items/{item_id}/assets/{asset_key}": ["GET"],
      "/search": ["GET", "POST"],
      "/queryables": ["GET"],
      "/files": ["GET"],
      "/files/{path}": ["DELETE", "GET", "PUT"],
      "/processes": ["GET"],
      "/process_graphs": ["GET"],
      "/process_graphs/{process_graph_id}": ["DELETE", "GET", "PUT"],
      "/validation": ["POST"],
      "/result": ["POST"],
      "/logs/{log_id}": ["GET"],
      "/jobs": ["GET", "POST"],
      "/jobs/{job_id}": ["DELETE", "GET", "PATCH"],
      "/jobs/{job_id}/logs": ["GET"],
      "/jobs/{job_id}/results": ["DELETE", "GET", "POST"],
      "/jobs/{job_id}/results/assets/{file}": ["GET"],
      "/jobs/{job_id}/results/items/{file}": ["GET"],
      "/jobs/{job_id}/results/signed": ["GET"],
      "/services": ["GET", "POST"],
      "/services/{service_id}": ["DELETE", "GET", "PATCH"],
      "/services/{service_id}/logs": ["GET"],
      "/services/{service_id}/tiles/{z}/{x}/{y}": ["GET"],
      "/services/{service_id}/map": ["GET"],
      "/jobs/{job_id}/estimate": ["GET"],
    });
    const rels = Object.fromEntries(body.links.map((l: any) => [l.rel, l.href]));
    expect(rels).toEqual({
      self: `${ORIGIN}/v1/`,
      "version-history": `${ORIGIN}/.well-known/openeo`,
      "service-desc": `${ORIGIN}/v1/openapi.json`,
      "service-doc": `${ORIGIN}/v1/docs`,
      conformance: `${ORIGIN}/v1/conformance`,
      data: `${ORIGIN}/v1/collections`,
      search: `${ORIGIN}/v1/search`,
    });
    // Every link has a title of its own (a client lists them by title): the two searches differ by method.
    const titles = body.links.map((l: any) => l.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(body.links.filter((l: any) => l.rel === "search").map((l: any) => [l.method, l.title])).toEqual([
      ["GET", "Item search (query parameters)"],
      ["POST", "Item search (JSON body)"],
    ]);
  });

  it("every advertised link and endpoint without parameters answers", async () => {
    const caps = (await (await request("/v1")).json()) as { links: { href: string }[]; endpoints: { path: string; methods: string[] }[] };
    for (const link of caps.links) expect((await request(new URL(link.href).pathname)).status, link.href).toBe(200);
    for (const { path } of caps.endpoints.filter((e) => !e.path.includes("{") && e.methods.includes("GET"))) {
      expect([200, 401], path).toContain((await request(`/v1${path}`)).status);
    }
  });

  it("GET /conformance lists the same classes as GET /", async () => {
    const { conformsTo } = (await (await request("/v1/conformance")).json()) as { conformsTo: string[] };
    const caps = (await (await request("/v1/")).json()) as { conformsTo: string[] };
    expect(conformsTo).toEqual(caps.conformsTo);
    expect(conformsTo).toEqual(expect.arrayContaining(["https://api.openeo.org/1.2.0", "https://api.stacspec.org/v1.0.0/collections"]));
  });

  it("lists the input and output formats with their options, and no UDF runtimes before they are implemented", async () => {
    const formats = (await (await request("/v1/file_formats")).json()) as Record<"input" | "output", Record<string, { gis_data_types: string[]; parameters: Record<string, unknown> }>>;
    expect(Object.keys(formats.input)).toEqual(["GTiff", "GeoJSON", "STAC"]);
    expect([formats.input.GTiff!.gis_data_types, formats.input.GeoJSON!.gis_data_types, formats.input.STAC!.gis_data_types]).toEqual([["raster"], ["vector"], ["raster"]]);
    expect(formats.input.GTiff!.parameters.datetime).toMatchObject({ type: ["string", "null"], default: null });
    expect(formats.input.GeoJSON!.parameters.properties).toMatchObject({ type: "array", items: { type: "string" }, default: [] });
    expect(formats.input.STAC!.parameters).toEqual({});
    expect(Object.keys(formats.output)).toEqual(["GTiff", "JSON", "netCDF", "PNG", "GeoJSON", "CSV"]);
    expect([formats.output.GeoJSON!.gis_data_types, formats.output.CSV!.gis_data_types]).toEqual([["vector"], ["vector"]]);
    expect(formats.output.GeoJSON!.parameters).toEqual({});
    expect(formats.output.CSV!.parameters.geometry).toMatchObject({ type: "boolean", default: true });
    expect(formats.output.GTiff!.parameters.tile_size).toEqual({ description: "Tile width and height in pixels.", type: "integer", enum: [256, 512], default: 256 });
    expect(formats.output.JSON!.parameters).toEqual({});
    const runtimes = (await (await request("/v1/udf_runtimes")).json()) as Record<string, { type: string; default: string; versions: Record<string, unknown> }>;
    expect(Object.keys(runtimes)).toEqual(["JavaScript", "EvalscriptV3"]);
    expect(runtimes.JavaScript).toMatchObject({ type: "language", default: "ES2023", versions: { ES2023: { libraries: {} } } });
    expect(runtimes.EvalscriptV3).toMatchObject({ type: "language", default: "3", versions: { "3": { libraries: {} } } });
  });

  it("serves the OpenAPI document of the registered routes and a human-readable page", async () => {
    const res = await request("/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.0.3");
    expect(Object.keys(doc.paths).sort()).toEqual(
      ["/.well-known/openeo", "/api/v1/process", "/api/v1/async/process", "/api/v1/async/process/{requestId}",
        "/api/v1/batch/tilinggrids", "/api/v1/batch/tilinggrids/{id}", "/api/v1/batch/process", "/api/v1/batch/process/{requestId}",
        "/api/v1/batch/process/{requestId}/analyse", "/api/v1/batch/process/{requestId}/start", "/api/v1/batch/process/{requestId}/cancel",
        "/api/v1/batch/process/{requestId}/tiles", "/api/v1/batch/process/{requestId}/tiles/{tileId}",
        "/api/v1/statistics", "/api/v1/statistics/batch", "/api/v1/statistics/batch/{requestId}", "/api/v1/statistics/batch/{requestId}/status",
        "/api/v1/statistics/batch/{requestId}/analyse", "/api/v1/statistics/batch/{requestId}/start", "/api/v1/statistics/batch/{requestId}/stop",
        "/api/v1/catalog/1.0.0", "/api/v1/catalog/1.0.0/conformance", "/api/v1/catalog/1.0.0/collections",
        "/api/v1/catalog/1.0.0/collections/{collectionId}", "/api/v1/catalog/1.0.0/collections/{collectionId}/queryables", "/api/v1/catalog/1.0.0/queryables",
        "/api/v1/catalog/1.0.0/collections/{collectionId}/items", "/api/v1/catalog/1.0.0/collections/{collectionId}/items/{featureId}",
        "/api/v1/catalog/1.0.0/search", "/auth/realms/main/protocol/openid-connect/token", "/oauth/token", "/v1", "/v1/conformance", "/v1/file_formats", "/v1/udf_runtimes", "/v1/service_types",
        "/v1/credentials/basic", "/v1/credentials/oidc", "/v1/me", "/v1/collections", "/v1/collections/{collection_id}",
        "/v1/collections/{collection_id}/queryables", "/v1/collections/{collection_id}/items",
        "/v1/collections/{collection_id}/items/{item_id}", "/v1/collections/{collection_id}/items/{item_id}/assets/{asset_key}",
        "/v1/search", "/v1/queryables", "/v1/files", "/v1/files/{path}", "/v1/processes", "/v1/process_graphs", "/v1/process_graphs/{process_graph_id}",
        "/v1/validation", "/v1/result", "/v1/logs/{log_id}", "/v1/jobs", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/logs",
        "/v1/jobs/{job_id}/results", "/v1/jobs/{job_id}/results/assets/{file}", "/v1/jobs/{job_id}/results/items/{file}",
        "/v1/jobs/{job_id}/results/signed", "/v1/jobs/{job_id}/estimate", "/v1/services", "/v1/services/{service_id}",
        "/v1/services/{service_id}/logs", "/v1/services/{service_id}/tiles/{z}/{x}/{y}", "/v1/services/{service_id}/map",
        "/api/v1/byoc/collections", "/api/v1/byoc/collections/{collectionId}", "/api/v1/byoc/collections/{collectionId}/tiles", "/api/v1/byoc/collections/{collectionId}/tiles/{tileId}"].sort(),
    );
    const page = await request("/v1/docs");
    expect(page.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain("/v1/credentials/basic");
  });

  it("redirects the bare origin to the API", async () => {
    const res = await request("/", { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/v1/");
  });
});
