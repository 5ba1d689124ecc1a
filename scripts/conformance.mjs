// Checks the running Worker against the openEO API 1.2.0 spec (openapi.yaml + errors.json):
// every parameter-less GET endpoint it advertises, plus a few error cases, is requested and
// its status, JSON body and CORS headers are validated. Exit code 1 if any check fails.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import validatorModule from "openapi-response-validator";
import { parse } from "yaml";
import { startLocalWorker } from "./local-worker.mjs";

// The package is CommonJS with an `exports.default`, so the class sits on `.default`.
const OpenAPIResponseValidator = validatorModule.default;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const specDir = resolve(root, process.env.OPENEO_SPEC_DIR ?? "../shared/openeo", "api-1.2.0");
const doc = parse(readFileSync(resolve(specDir, "openapi.yaml"), "utf8"));
// The validator compiles patterns in unicode mode, where the spec's `\:` is an invalid escape.
(function relaxPatterns(node) {
  if (!node || typeof node !== "object") return;
  if (typeof node.pattern === "string") node.pattern = node.pattern.replaceAll("\\:", ":");
  Object.values(node).forEach(relaxPatterns);
})(doc);
// A range summary ({minimum, maximum}) is both "statistics" and a valid JSON Schema, so the spec's
// oneOf rejects every range; the intended meaning is "any of".
// The same holds for process schemas: "Generic" (anything) and the process-graph and datacube
// variants (no required subtype) all match a plain schema such as {"type": "number"}.
const { schemas } = doc.components;
for (const node of [
  schemas.collection.properties.summaries.additionalProperties,
  schemas.process_json_schema,
  schemas.datacube_json_schema.properties.dimensions.items,
]) {
  node.anyOf = node.oneOf;
  delete node.oneOf;
}
const errorsJson = JSON.parse(readFileSync(resolve(specDir, "errors.json"), "utf8"));

// The catalogue is parsed as text so the script needs no TypeScript toolchain.
const catalogueSource = readFileSync(resolve(root, "src/errors.ts"), "utf8").match(/ERROR_CATALOGUE = \{([\s\S]*?)\n\}/)[1];
const catalogue = Object.fromEntries([...catalogueSource.matchAll(/^ {2}(\w+): \{\s*status: (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
const proprietaryCodes = new Set(Object.keys(catalogue).filter((code) => !(code in errorsJson)));

const EXPOSED_HEADERS = ["Location", "OpenEO-Identifier", "OpenEO-Costs", "Link"];
const results = [];

function report(ok, label, problems = []) {
  results.push(ok);
  console.log(`${ok ? "PASS" : "FAIL"} ${label}`);
  for (const problem of problems) console.log(`       - ${problem}`);
}

// The validator reads `content` directly, so response-level `$ref`s (used for 4XX/5XX) must be resolved first.
function deref(object) {
  if (!object?.$ref) return object;
  return deref(object.$ref.slice(2).split("/").reduce((node, key) => node[key], doc));
}

function validatorFor(responses) {
  const resolved = Object.fromEntries(Object.entries(responses).map(([status, response]) => [status, deref(response)]));
  return new OpenAPIResponseValidator({ responses: resolved, components: doc.components });
}

// Maps a concrete path (without /v1) to the spec's path template, e.g. /jobs/abc → /jobs/{job_id}.
function specPathFor(path) {
  if (doc.paths[path]) return path;
  return Object.keys(doc.paths).find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`).test(path));
}

function checkErrorBody(status, body) {
  const problems = [];
  if (typeof body?.code !== "string" || typeof body?.message !== "string") problems.push("error body lacks string `code`/`message`");
  else if (body.code in errorsJson) {
    if (errorsJson[body.code].http !== status) problems.push(`code ${body.code} requires HTTP ${errorsJson[body.code].http} per errors.json, got ${status}`);
  } else if (!proprietaryCodes.has(body.code)) problems.push(`code ${body.code} is neither in errors.json nor a proprietary catalogue code`);
  return problems;
}

function checkCors(headers) {
  const problems = [];
  if (headers.get("access-control-allow-origin") !== "*") problems.push(`Access-Control-Allow-Origin is ${headers.get("access-control-allow-origin")}, expected *`);
  const exposed = (headers.get("access-control-expose-headers") ?? "").split(",").map((h) => h.trim().toLowerCase());
  const missing = EXPOSED_HEADERS.filter((h) => !exposed.includes(h.toLowerCase()));
  if (missing.length) problems.push(`Access-Control-Expose-Headers lacks ${missing.join(", ")}`);
  return problems;
}

/** Requests `url` and validates the answer; `responses` defaults to the spec operation for `specPath`. */
async function probe({ base, path, specPath = specPathFor(path), auth, headers = {}, expectStatus = 200, responses }) {
  let problems = [];
  let status = "---";
  try {
    // Send an Origin like a browser would, since CORS headers are only meaningful for cross-origin requests.
    const response = await fetch(`${base}${path}`, { headers: { Origin: "https://editor.openeo.org", ...headers } });
    status = response.status;
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`body is not JSON: ${text.slice(0, 120)}`);
    }
    if (status !== expectStatus) problems.push(`expected HTTP ${expectStatus}`);
    const operation = doc.paths[specPath]?.get;
    if (!responses && !operation) problems.push(`GET ${path} is not an operation of the openEO API 1.2.0 spec`);
    const invalid = body !== undefined && (responses || operation) && validatorFor(responses ?? operation.responses).validateResponse(status, body);
    if (invalid) problems.push(...invalid.errors.map((e) => `schema: ${e.path ? `${e.path} ` : ""}${e.message}`));
    if (status >= 400) problems.push(...checkErrorBody(status, body));
    problems.push(...checkCors(response.headers));
  } catch (error) {
    problems = [`request failed: ${error.message}`];
  }
  report(problems.length === 0, `GET ${new URL(`${base}${path}`).pathname} [${auth}] ${status}`, problems);
}

// Every catalogue code that openEO standardises must use openEO's HTTP status.
for (const [code, status] of Object.entries(catalogue)) {
  if (proprietaryCodes.has(code)) continue;
  const expected = errorsJson[code].http;
  report(status === expected, `ERROR_CATALOGUE ${code} ${status}`, status === expected ? [] : [`errors.json requires HTTP ${expected}`]);
}

// Seeded with ../shared/data (when present) so ingested collections are checked too.
const worker = await startLocalWorker({ seed: true });
try {
  const api = `${worker.url}/v1`;
  const basic = (password) => ({ Authorization: `Basic ${Buffer.from(`demo:${password}`).toString("base64")}` });
  const login = await fetch(`${api}/credentials/basic`, { headers: basic("openeo-demo") });
  const { access_token: token } = await login.json();
  if (!token) throw new Error(`login failed with HTTP ${login.status}`);
  const bearer = { Authorization: `Bearer basic//${token}` };

  await probe({ base: worker.url, path: "/.well-known/openeo", auth: "none" });

  // Discover endpoints so that newly implemented ones are checked without editing this script.
  const { endpoints } = await (await fetch(`${api}/`)).json();
  // Endpoints beyond the openEO API (STAC item search, queryables) are checked by the tests, not here.
  const collectionIds = (await (await fetch(`${api}/collections`)).json()).collections.map((c) => c.id);
  const concrete = endpoints.flatMap(({ path, methods }) =>
    path.startsWith("/collections/{collection_id}") && !path.includes("/items")
      ? collectionIds.map((id) => ({ path: path.replace("{collection_id}", id), template: path, methods }))
      : [{ path, template: path, methods }],
  );
  for (const { path, template, methods } of concrete) {
    if (!methods.includes("GET") || path.includes("{") || !doc.paths[template]) continue;
    const security = doc.paths[template]?.get?.security;
    // No `security` in the operation (and none globally) means anonymous access, like `{}`.
    const anonymous = !security || security.some((requirement) => Object.keys(requirement).length === 0);
    if (security?.some((requirement) => "Basic" in requirement)) {
      await probe({ base: api, path, auth: "basic", headers: basic("openeo-demo") });
      await probe({ base: api, path, auth: "none", expectStatus: 401 });
      await probe({ base: api, path, auth: "basic, wrong password", headers: basic("wrong"), expectStatus: 403 });
      continue;
    }
    if (anonymous) await probe({ base: api, path, auth: "none" });
    if (anonymous || security.some((requirement) => "Bearer" in requirement)) await probe({ base: api, path, auth: "bearer", headers: bearer });
  }

  // STAC Items and ItemCollections (outside the openEO API) checked with the spec's GeoJSON and STAC parts.
  const stacItem = {
    allOf: [
      { $ref: "#/components/schemas/GeoJsonFeature" },
      {
        type: "object",
        required: ["stac_version", "id", "links", "assets", "bbox"],
        properties: {
          stac_version: { $ref: "#/components/schemas/stac_version" },
          stac_extensions: { $ref: "#/components/schemas/stac_extensions" },
          id: { type: "string" },
          bbox: { type: "array", minItems: 4, items: { type: "number" } },
          links: { type: "array", items: { $ref: "#/components/schemas/link" } },
          assets: { $ref: "#/components/schemas/stac_assets" },
          properties: { type: "object", required: ["datetime"], properties: { datetime: { type: "string", nullable: true } } },
        },
      },
    ],
  };
  const itemCollection = {
    allOf: [
      { $ref: "#/components/schemas/GeoJsonFeatureCollection" },
      { type: "object", properties: { features: { type: "array", items: stacItem }, links: { type: "array", items: { $ref: "#/components/schemas/link" } } } },
    ],
  };
  const ok = (schema) => ({ 200: { content: { "application/json": { schema } } } });
  for (const id of collectionIds.filter((id) => id !== "sentinel-2-l2a")) {
    await probe({ base: api, path: `/collections/${id}/items?limit=3`, auth: "none", responses: ok(itemCollection) });
    const [first] = (await (await fetch(`${api}/collections/${id}/items?limit=1`)).json()).features;
    await probe({ base: api, path: `/collections/${id}/items/${first.id}`, auth: "none", responses: ok(stacItem) });
  }
  await probe({ base: api, path: "/search?limit=5", auth: "none", responses: ok(itemCollection) });

  // A finished batch job's results (a raster over the seeded collection, when present) against batch_job_result.
  const seeded = "sentinel-2-l2a-33twl";
  if (collectionIds.includes(seeded)) {
    const [w, s, e, n] = (await (await fetch(`${api}/collections/${seeded}`)).json()).extent.spatial.bbox[0];
    const [x, y] = [(w + e) / 2, (s + n) / 2];
    const load = { process_id: "load_collection", arguments: { id: seeded, spatial_extent: { west: x, south: y, east: x + 0.005, north: y + 0.005 }, temporal_extent: ["2023-08-15", "2023-08-16"], bands: ["B04"] } };
    const process = { process_graph: { load, save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true } } };
    const json = { ...bearer, "Content-Type": "application/json" };
    const created = await fetch(`${api}/jobs`, { method: "POST", headers: json, body: JSON.stringify({ process }) });
    const jobId = created.headers.get("OpenEO-Identifier");
    await fetch(`${api}/jobs/${jobId}/results`, { method: "POST", headers: bearer });
    let status;
    for (let i = 0; i < 120 && !["finished", "error"].includes(status); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await (await fetch(`${api}/jobs/${jobId}`, { headers: bearer })).json()).status;
    }
    if (status !== "finished") {
      const { logs } = await (await fetch(`${api}/jobs/${jobId}/logs?level=error`, { headers: bearer })).json();
      report(false, `batch job over ${seeded} ended ${status}`, logs.map((entry) => entry.message));
    }
    else await probe({ base: api, path: `/jobs/${jobId}/results`, auth: "bearer", headers: bearer });
    await probe({ base: api, path: `/jobs/${jobId}`, auth: "bearer", headers: bearer });
  } else console.log(`note: no ${seeded} collection (../shared/data not seeded): batch job results not checked`);

  // An XYZ service and its log against the spec's secondary web service schemas.
  const serviceJson = { ...bearer, "Content-Type": "application/json" };
  const constant = { process_graph: { c: { process_id: "constant", arguments: { x: 1 }, result: true } } };
  const createdService = await fetch(`${api}/services`, { method: "POST", headers: serviceJson, body: JSON.stringify({ type: "XYZ", process: constant, title: "Conformance" }) });
  const serviceId = createdService.headers.get("OpenEO-Identifier");
  // The spec requires both headers of a 201, the identifier matching its service_id pattern.
  const createProblems = createdService.status === 201 ? [] : [await createdService.text()];
  if (!new RegExp(doc.components.schemas.service_id.pattern, "u").test(serviceId ?? "")) createProblems.push(`OpenEO-Identifier ${serviceId} does not match the service_id pattern`);
  if (!createdService.headers.get("Location")?.endsWith(`/services/${serviceId}`)) createProblems.push(`Location ${createdService.headers.get("Location")} is not the service's metadata URL`);
  report(createProblems.length === 0, `POST /v1/services [bearer] ${createdService.status}`, createProblems);
  if (serviceId) {
    const patched = await fetch(`${api}/services/${serviceId}`, { method: "PATCH", headers: serviceJson, body: JSON.stringify({ title: "Conformance, renamed", enabled: false }) });
    const patchStatuses = Object.keys(doc.paths["/services/{service_id}"].patch.responses);
    report(patched.status === 204 && patchStatuses.includes("204"), `PATCH /v1/services/${serviceId} [bearer] ${patched.status}`, patched.status === 204 ? [] : [await patched.text()]);
    // The changed record, validated against the spec's service schema.
    await probe({ base: api, path: `/services/${serviceId}`, auth: "bearer", headers: bearer });
    await probe({ base: api, path: `/services/${serviceId}/logs`, auth: "bearer", headers: bearer });
  }

  const errorResponse = { default: { content: { "application/json": { schema: { $ref: "#/components/schemas/error" } } } } };
  await probe({ base: api, path: "/nonexistent", auth: "bearer", headers: bearer, expectStatus: 404, responses: errorResponse });
  await probe({ base: api, path: "/me", auth: "none", expectStatus: 401 });
  await probe({ base: api, path: "/me", auth: "bearer garbage", headers: { Authorization: "Bearer basic//garbage" }, expectStatus: 403 });
} catch (error) {
  report(false, `conformance run aborted: ${error.message}`, [worker.output().slice(-2000)]);
} finally {
  await worker.stop();
}

const failed = results.filter((ok) => !ok).length;
console.log(`\n${results.length - failed}/${results.length} checks passed, ${failed} failed.`);
process.exitCode = failed ? 1 : 0;
