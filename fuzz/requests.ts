// Random requests: process graphs to the processing endpoints, and random paths, queries, headers
// and bodies for every endpoint the capabilities list (and the public ones anonymously).
import type { Catalog } from "./catalog";
import { randomGraph, type GraphOptions, type ProcessGraph } from "./graphs";
import type { Rng } from "./prng";
import { EXTREME_NUMBERS, randomJson, randomString } from "./values";

export interface FuzzRequest {
  /** The endpoint template and method it exercises, for the per-endpoint counts. */
  endpoint: string;
  method: string;
  /** Path and query below the Worker's origin, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Sent with the demo user's token. */
  auth: boolean;
  /** The graph sent, when there is one (for shrinking a failure to its smallest graph). */
  graph?: ProcessGraph;
}

/** Ids of resources the fuzzer created first, so that id-taking routes reach their handlers. */
export interface Fixtures {
  jobId: string;
  serviceId: string;
  processGraphId: string;
  filePath: string;
  itemId: string;
  assetKey: string;
  collectionId: string;
}

const ODD_SEGMENTS = ["%E0%A4%A", "%00", "..", "%2e%2e", "%2F", "%25", "%F0%9F%98%80", "%C3%28", "a".repeat(3000), "null", "-1", "1e308", "~", "%20", "..%2F..%2Fetc", "%u0041", "x.png", ""];
const PUBLIC = ["/", "/conformance", "/file_formats", "/udf_runtimes", "/service_types", "/credentials/basic", "/credentials/oidc", "/collections", "/collections/{collection_id}", "/collections/{collection_id}/queryables", "/collections/{collection_id}/items", "/collections/{collection_id}/items/{item_id}", "/collections/{collection_id}/items/{item_id}/assets/{asset_key}", "/queryables", "/search", "/processes", "/services/{service_id}/tiles/{z}/{x}/{y}", "/services/{service_id}/map", "/jobs/{job_id}/results/signed", "/jobs/{job_id}/results/assets/{file}", "/jobs/{job_id}/results/items/{file}"];
const QUERY_KEYS = ["limit", "token", "bbox", "datetime", "filter", "filter-lang", "filter-crs", "collections", "ids", "intersects", "sortby", "fields", "offset", "level", "expires", "signature", "run", "partial"];
const BODY_KEYS: Record<string, string[]> = {
  "/search": ["collections", "ids", "bbox", "intersects", "datetime", "limit", "filter", "filter-lang", "filter-crs", "sortby", "fields", "token"],
  "/validation": ["process", "plan", "budget", "log_level"],
  "/result": ["process", "plan", "budget", "log_level"],
  "/process_graphs/{process_graph_id}": ["id", "summary", "description", "parameters", "returns", "categories", "deprecated", "experimental", "exceptions", "examples", "links", "process_graph"],
  "/jobs": ["title", "description", "process", "plan", "budget", "log_level", "extra"],
  "/jobs/{job_id}": ["title", "description", "process", "plan", "budget", "log_level", "extra"],
  "/services": ["title", "description", "process", "type", "enabled", "configuration", "plan", "budget", "log_level"],
  "/services/{service_id}": ["title", "description", "process", "type", "enabled", "configuration", "plan", "budget", "log_level"],
};
const MALFORMED = ["{", "{\"a\":", "[1,2", "nul", "\u0000", "{\"process\": }", "", "  ", "\ufeff{}", "{\"a\":1}{\"b\":2}", "1e999", "-", "{\"__proto__\": {\"x\": 1}}", "{\"constructor\": {\"prototype\": {}}}", "\"\\ud800\"", "123456789012345678901234567890"];
const CONTENT_TYPES = ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1", "", "*/*", "application/octet-stream"];

/** encodeURIComponent, with lone surrogates (a cut string's half pairs) as '?' instead of a URIError here. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "?"));

function segment(rng: Rng, real: string): string {
  return rng.chance(0.5) ? encode(real) : rng.chance(0.6) ? rng.pick(ODD_SEGMENTS) : encode(randomString(rng).slice(0, 200));
}

function fillPath(rng: Rng, template: string, f: Fixtures): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    switch (name) {
      case "job_id": return segment(rng, f.jobId);
      case "service_id": return segment(rng, f.serviceId);
      case "process_graph_id": return segment(rng, rng.chance(0.5) ? f.processGraphId : `fuzz_${rng.int(0, 20)}`);
      case "collection_id": return segment(rng, f.collectionId);
      case "item_id": return segment(rng, f.itemId);
      case "asset_key": return segment(rng, f.assetKey);
      case "path": return rng.chance(0.5) ? f.filePath : Array.from({ length: rng.int(1, 4) }, () => segment(rng, `d${rng.int(0, 3)}`)).join("/");
      case "z": case "x": case "y": return rng.chance(0.7) ? String(rng.int(0, 14)) : String(rng.pick([...EXTREME_NUMBERS, "a", "-1", "1.5"]));
      case "file": return segment(rng, rng.pick(["result.tif", "result.json", "nope"]));
      case "log_id": return segment(rng, "nope");
      default: return segment(rng, "x");
    }
  }) + (template.endsWith("{y}") ? rng.pick([".png", ".png", "", ".jpg", ".PNG", ".png.png"]) : "");
}

function queryValue(rng: Rng, key: string): string {
  const byKey: Record<string, string[]> = {
    limit: ["1", "0", "-1", "1e308", "abc", "100000000", "1.5", "10"],
    bbox: ["15,45,16,46", "-180,-90,180,90", "1,2,3", "a,b,c,d", "16,46,15,45", "1e308,1e308,1e308,1e308", "15,45,0,16,46,10"],
    datetime: ["2023-08-01T00:00:00Z/..", "../..", "2023-08-15", "2023-13-01", "/", "2023-08-20T00:00:00Z/2023-08-01T00:00:00Z"],
    filter: ["\"eo:cloud_cover\" < 10", "s2:datastrip_id LIKE 'S%'", "((((((((((a=1))))))))))", "eo:cloud_cover BETWEEN 1 AND", "{\"op\":\"=\",\"args\":[{\"property\":\"id\"},1]}", "S_INTERSECTS(geometry, POINT(15 45))", "id IN ()"],
    "filter-lang": ["cql2-text", "cql2-json", "cql", ""],
    sortby: ["-datetime", "+id", "properties.eo:cloud_cover", "-", ",,,"],
    fields: ["id", "-assets", "+properties.datetime", ","],
    level: ["debug", "info", "warning", "error", "fatal"],
  };
  return rng.chance(0.7) && byKey[key] ? rng.pick(byKey[key]!) : randomString(rng).slice(0, 500);
}

function randomHeaders(rng: Rng, headers: Record<string, string>): void {
  const ascii = () => Array.from({ length: rng.int(0, 30) }, () => String.fromCharCode(rng.int(0x20, 0x7e))).join("");
  const pool: [string, () => string][] = [
    ["Accept", () => rng.pick(["*/*", "application/json", "image/png", "text/html", ascii()])],
    ["Accept-Encoding", () => rng.pick(["gzip", "br", "identity;q=0", ascii()])],
    ["Range", () => rng.pick(["bytes=0-10", "bytes=-5", "bytes=10-", "bytes=5-1", "bytes=0-1,3-4", "bytes=99999999999-", "items=0-1", ascii()])],
    ["If-None-Match", () => rng.pick(["*", "\"x\"", ascii()])],
    ["If-Match", () => rng.pick(["*", "\"x\""])],
    ["Origin", () => rng.pick(["https://editor.openeo.org", "null", ascii()])],
    ["Authorization", () => rng.pick(["Bearer ", "Bearer basic//x", "Bearer oidc/nope/x.y.z", "Basic !!!", "Basic ZGVtbzp4", ascii()])],
    ["Content-Type", () => rng.pick(CONTENT_TYPES)],
    ["Accept-Language", ascii],
    ["X-Forwarded-For", ascii],
  ];
  for (let i = rng.int(0, 2); i > 0; i--) {
    const [name, value] = rng.pick(pool);
    headers[name] = value();
  }
}

function randomBody(rng: Rng, catalog: Catalog, options: GraphOptions, template: string): { body: string; graph?: ProcessGraph } {
  const r = rng.next();
  if (r < 0.15) return { body: rng.pick(MALFORMED) };
  if (r < 0.25) return { body: JSON.stringify(randomJson(rng)) };
  if (r < 0.27) return { body: rng.pick(["[", "{\"a\":"]).repeat(rng.pick([100, 1000, 20_000])) };
  const keys = BODY_KEYS[template] ?? ["title", "process", "type", "x"];
  const body: Record<string, unknown> = {};
  let graph: ProcessGraph | undefined;
  for (const key of keys) {
    if (!rng.chance(0.5)) continue;
    if (key === "process" || key === "process_graph") {
      graph = randomGraph(rng, catalog, options);
      body[key] = key === "process" && rng.chance(0.9) ? { process_graph: graph } : graph;
    } else body[key] = rng.chance(0.3) ? rng.pick([...EXTREME_NUMBERS, null, [], {}]) : randomJson(rng);
  }
  if (template.startsWith("/services") && rng.chance(0.6)) body.type = rng.pick(["XYZ", "xyz", "WMTS", ""]);
  return { body: JSON.stringify(body), graph };
}

/** A random request for one endpoint of the capabilities, or a public one anonymously. */
export function endpointRequest(rng: Rng, catalog: Catalog, options: GraphOptions, fixtures: Fixtures): FuzzRequest {
  const anonymous = rng.chance(0.3);
  const templates = anonymous ? [...PUBLIC, "/.well-known/openeo"] : catalog.endpoints.map((e) => e.path);
  const template = rng.pick(templates);
  const methods = template === "/.well-known/openeo" ? ["GET"] : catalog.endpoints.find((e) => e.path === template)?.methods ?? ["GET"];
  const method = rng.chance(0.95) ? rng.pick(methods) : rng.pick(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]);
  const base = template === "/.well-known/openeo" ? template : `/v1${fillPath(rng, template, fixtures)}`;
  const query = Array.from({ length: rng.length(4) }, () => {
    const key = rng.chance(0.9) ? rng.pick(QUERY_KEYS) : randomString(rng).slice(0, 30);
    return `${encode(key)}=${rng.chance(0.1) ? rng.pick(ODD_SEGMENTS) : encode(queryValue(rng, key))}`;
  }).join("&");
  const headers: Record<string, string> = {};
  let body: string | undefined;
  let graph: ProcessGraph | undefined;
  if (method === "PUT" && template === "/files/{path}") {
    headers["Content-Type"] = "application/octet-stream";
    body = randomString(rng).slice(0, rng.int(0, 5000));
  } else if (["POST", "PUT", "PATCH"].includes(method)) {
    headers["Content-Type"] = "application/json";
    ({ body, graph } = randomBody(rng, catalog, options, template));
  }
  randomHeaders(rng, headers);
  return { endpoint: `${method} ${template}`, method, path: query ? `${base}?${query}` : base, headers, body, auth: !anonymous && !headers.Authorization, graph };
}

/** A random process graph, sent where graphs go: mostly POST /result. */
export function graphRequest(rng: Rng, catalog: Catalog, options: GraphOptions, index: number): FuzzRequest {
  const graph = randomGraph(rng, catalog, options);
  const r = rng.next();
  const headers = { "Content-Type": "application/json" };
  if (r < 0.7) return { endpoint: "POST /result", method: "POST", path: "/v1/result", headers, body: JSON.stringify({ process: { process_graph: graph } }), auth: true, graph };
  if (r < 0.85) return { endpoint: "POST /validation", method: "POST", path: "/v1/validation", headers, body: JSON.stringify({ process_graph: graph }), auth: true, graph };
  if (r < 0.93) {
    const id = `fuzz_${index % 20}`;
    const parameters = rng.chance(0.5) ? [{ name: "x", description: "x", schema: rng.pick([{ type: "number" }, { type: "string", pattern: "^[a-z]+$" }, {}]), optional: true }] : undefined;
    return { endpoint: "PUT /process_graphs/{process_graph_id}", method: "PUT", path: `/v1/process_graphs/${id}`, headers, body: JSON.stringify({ process_graph: graph, parameters }), auth: true, graph };
  }
  return { endpoint: "POST /jobs", method: "POST", path: "/v1/jobs", headers, body: JSON.stringify({ title: `fuzz ${index}`, process: { process_graph: graph } }), auth: true, graph };
}

/** The same request with another graph in its place (for shrinking). */
export function withGraph(request: FuzzRequest, graph: ProcessGraph): FuzzRequest {
  const body = JSON.parse(request.body!) as Record<string, unknown>;
  const process = body.process as Record<string, unknown> | undefined;
  if (process && typeof process === "object" && "process_graph" in process) process.process_graph = graph;
  else if ("process_graph" in body) body.process_graph = graph;
  else body.process = graph;
  return { ...request, body: JSON.stringify(body), graph };
}
