// The Worker under test: wrangler dev with the seeded collections, the demo user's token, and
// the resources id-taking routes need. Restarted when a request leaves it dead or stuck.
import { startLocalWorker, type LocalWorker } from "../scripts/local-worker.mjs";
import type { Fixtures } from "./requests";

export const LOCAL_COLLECTIONS = ["sentinel-2-l2a-33twl", "sentinel-2-l2a-29rkh"];

export interface Session {
  worker: LocalWorker;
  token: string;
  fixtures: Fixtures;
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

async function createFixtures(api: string, token: string): Promise<Fixtures> {
  const json = { Authorization: `Bearer basic//${token}`, "Content-Type": "application/json" };
  const collectionId = LOCAL_COLLECTIONS[0]!;
  const graph = {
    load: { process_id: "load_collection", arguments: { id: collectionId, spatial_extent: { west: 16.0, south: 45.7, east: 16.02, north: 45.72 }, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true },
  };
  const processGraphId = "fuzz_fixture";
  await call(`${api}/process_graphs/${processGraphId}`, { method: "PUT", headers: json, body: JSON.stringify({ process_graph: graph }) });
  const job = await call(`${api}/jobs`, { method: "POST", headers: json, body: JSON.stringify({ title: "fuzz fixture", process: { process_graph: graph } }) });
  const service = await call(`${api}/services`, { method: "POST", headers: json, body: JSON.stringify({ type: "XYZ", process: { process_graph: graph }, configuration: { colormap: "ndvi" } }) });
  const filePath = "fuzz/fixture.txt";
  await call(`${api}/files/${filePath}`, { method: "PUT", headers: { Authorization: json.Authorization, "Content-Type": "application/octet-stream" }, body: "fixture" });
  const items = (await (await call(`${api}/collections/${collectionId}/items?limit=1`)).json()) as { features: { id: string; assets: Record<string, unknown> }[] };
  const item = items.features[0]!;
  return {
    jobId: job.headers.get("OpenEO-Identifier")!,
    serviceId: service.headers.get("OpenEO-Identifier")!,
    processGraphId,
    filePath,
    itemId: item.id,
    assetKey: Object.keys(item.assets)[0]!,
    collectionId,
  };
}

export async function startSession(): Promise<Session> {
  // load_stac reads the Worker's own URLs back over loopback (catalog.ts), which user URLs may not do unless listed.
  const worker = await startLocalWorker({ seed: true, timeoutMs: 180_000, vars: { REMOTE_PRIVATE_HOSTS: "127.0.0.1" } });
  try {
    const api = `${worker.url}/v1`;
    const login = await call(`${api}/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
    const token = ((await login.json()) as { access_token: string }).access_token;
    return { worker, token, fixtures: await createFixtures(api, token) };
  } catch (error) {
    await worker.stop();
    throw error;
  }
}

/** The Worker answers its capabilities within a few seconds. */
export async function healthy(session: Session): Promise<boolean> {
  try {
    return (await fetch(`${session.worker.url}/v1/`, { signal: AbortSignal.timeout(10_000) })).ok;
  } catch {
    return false;
  }
}

/**
 * What wrangler printed for a 5xx's error id: the thrown error and its first frames. Wrangler
 * prints it a moment after the response (it maps the stack to sources first), hence the wait.
 */
export async function loggedStack(session: Session, errorId: string | undefined, waitMs = 5000): Promise<string | undefined> {
  if (!errorId) return undefined;
  for (const deadline = Date.now() + waitMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    // eslint-disable-next-line no-control-regex
    const log = session.worker.output().replace(/\x1b\[[0-9;]*m/g, "");
    const at = log.indexOf(`[${errorId}]`);
    if (at < 0) continue;
    const [first, ...rest] = log.slice(at).split("\n");
    // The first line repeats the request path, which can be long: keep what was thrown.
    const thrown = first!.slice(first!.indexOf(": ", first!.indexOf("/")) + 2);
    return [thrown, ...rest.filter((line) => line.trim().startsWith("at ")).slice(0, 6).map((line) => line.trim().replace(/file:\/\/\S*?\/(src|node_modules)\//, "$1/"))].join("\n");
  }
  return undefined;
}
