// npm run bench:tile-cpu: how long an XYZ tile keeps the Worker's isolate busy, from a V8 CPU
// profile taken through wrangler dev's inspector (every sample but idle), without wrangler's proxy
// or the local R2 and Cache API simulations: the first tile after the Worker started, 20 other
// tiles of the 29RKH scene at zoom 12 (COG headers cached, rendered) and the same 20 again
// (answered by the Cache API), and the functions that take the most of the rendered tiles' time.
// V8 samples by the clock: on a busy machine a thread the OS put aside still counts as busy, so
// these are its CPU only on a quiet one (bench:tiles' workerd CPU is the figure for a busy one).
import { freePort, startLocalWorker } from "../scripts/local-worker.mjs";
import { captureProfile, profileTimes } from "./inspector-profile";
import { pointTransform } from "../src/raster/crs";
import { WEB_MERCATOR_HALF, type TileAddress } from "../src/tiles/tile-grid";

function tileAt(z: number, lon: number, lat: number): TileAddress {
  const [mx, my] = pointTransform("EPSG:4326", "EPSG:3857")(lon, lat);
  const n = 2 ** z;
  return { z, x: Math.floor(((mx + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * n), y: Math.floor(((WEB_MERCATOR_HALF - my) / (2 * WEB_MERCATOR_HALF)) * n) };
}

const inspectorPort = await freePort();
const worker = await startLocalWorker({ timeoutMs: 180_000, inspectorPort, ingest: [{ folder: "s2-29RKH-2020-02-19", collection: "rkh", args: ["--offset", "0"] }] });
try {
  const profiled = async (run: () => Promise<void>) => {
    const { busy, self } = profileTimes((await captureProfile(inspectorPort, run, { intervalUs: 100 })).profile);
    return { ms: busy, byFunction: self };
  };

  const api = `${worker.url}/v1`;
  const login = await fetch(`${api}/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
  const auth = { Authorization: `Bearer basic//${((await login.json()) as { access_token: string }).access_token}`, "Content-Type": "application/json" };
  const [w, s, e, n] = ((await (await fetch(`${api}/collections/rkh`)).json()) as { extent: { spatial: { bbox: number[][] } } }).extent.spatial.bbox[0]!;
  const load = { process_id: "load_collection", arguments: { id: "rkh", spatial_extent: null, temporal_extent: null, bands: ["red", "nir"] } };
  const process = { process_graph: { load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } } };
  const created = await fetch(`${api}/services`, { method: "POST", headers: auth, body: JSON.stringify({ type: "XYZ", process, configuration: { colormap: "ndvi" } }) });
  if (created.status !== 201) throw new Error(`creating the service failed: ${await created.text()}`);
  const url = (t: TileAddress) => `${api}/services/${created.headers.get("OpenEO-Identifier")}/tiles/${t.z}/${t.x}/${t.y}.png`;
  // A 5 x 4 block of z12 tiles inside the scene, and one apart for the first tile.
  const corner = tileAt(12, w! + (e! - w!) * 0.3, n! - (n! - s!) * 0.3);
  const tiles = Array.from({ length: 20 }, (_, i) => ({ z: 12, x: corner.x + (i % 5), y: corner.y + Math.floor(i / 5) }));
  const first = tileAt(12, w! + (e! - w!) * 0.8, n! - (n! - s!) * 0.8);
  const get = async (t: TileAddress) => {
    const res = await fetch(url(t));
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`tile ${t.z}/${t.x}/${t.y}: ${res.status}`);
  };

  const cold = await profiled(() => get(first));
  const rendered = await profiled(async () => {
    for (const t of tiles) await get(t);
  });
  const cached = await profiled(async () => {
    for (const t of tiles) await get(t);
  });
  console.log("| tile | isolate busy ms a tile |\n|---|---|");
  console.log(`| first after the Worker started (COG headers read) | ${cold.ms.toFixed(1)} |`);
  console.log(`| rendered (headers cached), mean of ${tiles.length} | ${(rendered.ms / tiles.length).toFixed(1)} |`);
  console.log(`| cached (Cache API), mean of ${tiles.length} | ${(cached.ms / tiles.length).toFixed(2)} |`);
  console.log(`\nrendered tiles: the functions busy longest (self time, ms a tile)`);
  for (const [name, ms] of [...rendered.byFunction].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(ms / tiles.length).toFixed(2)}  ${name}`);
} finally {
  await worker.stop();
}
