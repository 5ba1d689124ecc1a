// npm run bench:tiles: XYZ tiles of NDVI services through a local Worker (wrangler dev, local R2):
// 200 distinct tiles at zooms 8 to 14 over the 33TWL time series and the 29RKH scene of
// ../shared/data and the synthetic 10980 x 10980 scene. Cold (new Worker, no COG header cached),
// warm (headers cached in the isolate, tiles rendered anew after a PATCH changed the service's
// version) and cached (the Cache API answers) latencies, tiles per second with 8 concurrent
// clients, and the source bytes the warm tiles read (Server-Timing) against the minimum without
// the decoded source tiles map tiles share: the compressed size of the source tiles each tile's
// pixels need at the overview level the reader uses.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { pointTransform } from "../src/raster/crs";
import type { CogHeader } from "../src/raster/cog-header";
import { pixelSize } from "../src/raster/grid";
import { chooseLevel } from "../src/raster/overview-choice";
import { tileGrid, WEB_MERCATOR_HALF, type TileAddress } from "../src/tiles/tile-grid";
import { SHARED_DATA, SYNTHETIC_DIR } from "./datasets";
import { readLocalHeader } from "./local-header";
import { median } from "./memory";
import { neededTiles } from "./minimum";
import { ensureSynthetic } from "./synthetic";
import { writeSyntheticItem } from "./synthetic-item";
import { workerdCpuMs } from "./workerd-cpu";

const TILES = 200;
const ZOOMS = [8, 9, 10, 11, 12, 13, 14];
const CLIENTS = 8;

interface Dataset {
  collection: string;
  /** The local COGs every tile of it reads: per item, red and nir. */
  files: string[];
}

ensureSynthetic({ red: join(SYNTHETIC_DIR, "s2_red.tif"), nir: join(SYNTHETIC_DIR, "s2_nir.tif") });
writeSyntheticItem();
const twl = join(SHARED_DATA, "s2-33TWL-2023-08");
const DATASETS: Dataset[] = [
  { collection: "twl", files: readdirSync(twl).filter((d) => d.includes("_L2A")).flatMap((d) => [join(twl, d, "B04.tif"), join(twl, d, "B08.tif")]) },
  { collection: "rkh", files: ["B04.tif", "B08.tif"].map((f) => join(SHARED_DATA, "s2-29RKH-2020-02-19", f)) },
  { collection: "synthetic", files: ["s2_red.tif", "s2_nir.tif"].map((f) => join(SYNTHETIC_DIR, f)) },
];

const headers = new Map<string, CogHeader>();
const headerOf = (path: string) => headers.get(path) ?? headers.set(path, readLocalHeader(path)).get(path)!;

function tileOf(z: number, lon: number, lat: number): TileAddress {
  const [mx, my] = pointTransform("EPSG:4326", "EPSG:3857")(lon, lat);
  const n = 2 ** z;
  const clamp = (v: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  return { z, x: clamp(((mx + WEB_MERCATOR_HALF) / (2 * WEB_MERCATOR_HALF)) * n), y: clamp(((WEB_MERCATOR_HALF - my) / (2 * WEB_MERCATOR_HALF)) * n) };
}

/** Per zoom, the tiles inside the data's box, in an order that spreads them over it. */
function tilesOver(bbox: number[]): TileAddress[][] {
  return ZOOMS.map((z) => {
    const [a, b] = [tileOf(z, bbox[0]!, bbox[3]!), tileOf(z, bbox[2]!, bbox[1]!)];
    const all: TileAddress[] = [];
    for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) all.push({ z, x, y });
    // A stride coprime with the count visits every tile once, far apart from one another.
    const stride = [7, 11, 13, 17, 19, 23].find((k) => all.length % k !== 0) ?? 1;
    return all.map((_, i) => all[(i * stride) % all.length]!);
  });
}

/** The minimum source bytes of a tile: for every file, the tiles of the level the reader chooses that its pixels fall in. */
function minimumBytes(tile: TileAddress, files: string[]): number {
  const target = tileGrid(tile, 256);
  const centre = [(target.bbox[0] + target.bbox[2]) / 2, (target.bbox[1] + target.bbox[3]) / 2] as const;
  const step = pixelSize(target).x;
  let bytes = 0;
  for (const file of files) {
    const header = headerOf(file);
    const toSource = pointTransform("EPSG:3857", header.grid.crs);
    const [x0, y0] = toSource(centre[0], centre[1]);
    const [x1, y1] = toSource(centre[0] + step, centre[1]);
    const ratio = Math.hypot(x1 - x0, y1 - y0) / pixelSize(header.grid).x;
    bytes += neededTiles(header, chooseLevel(header, ratio), target, "nearest").bytes;
  }
  return bytes;
}

interface Fetched {
  ms: number;
  status: number;
  bytesRead?: number;
  roundTrips?: number;
  /** The Worker's own time for rendering, from Server-Timing. */
  renderMs?: number;
}

async function fetchTile(url: string): Promise<Fetched> {
  const start = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  const ms = performance.now() - start;
  const timing = /dur=(\d+);desc="(\d+) bytes in \d+ reads, (\d+) round trips"/.exec(res.headers.get("Server-Timing") ?? "");
  return { ms, status: res.status, ...(timing ? { renderMs: Number(timing[1]), bytesRead: Number(timing[2]), roundTrips: Number(timing[3]) } : {}) };
}

const p = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

const worker = await startLocalWorker({
  timeoutMs: 180_000,
  ingest: [
    { folder: "s2-33TWL-2023-08", collection: "twl", args: ["--offset", "0"] },
    { folder: "s2-29RKH-2020-02-19", collection: "rkh", args: ["--offset", "0"] },
    { folder: SYNTHETIC_DIR, collection: "synthetic" },
  ],
});
try {
  const api = `${worker.url}/v1`;
  const login = await fetch(`${api}/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
  const auth = { Authorization: `Bearer basic//${((await login.json()) as { access_token: string }).access_token}`, "Content-Type": "application/json" };

  // Per dataset and zoom, the tiles to take from, then taken in turns until there are TILES.
  const groups: { url: string; tile: TileAddress; files: string[] }[][] = [];
  const services: string[] = [];
  for (const dataset of DATASETS) {
    const bbox = ((await (await fetch(`${api}/collections/${dataset.collection}`)).json()) as { extent: { spatial: { bbox: number[][] } } }).extent.spatial.bbox[0]!;
    const load = { process_id: "load_collection", arguments: { id: dataset.collection, spatial_extent: null, temporal_extent: null, bands: ["red", "nir"] } };
    const process = { process_graph: { load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } } };
    const created = await fetch(`${api}/services`, { method: "POST", headers: auth, body: JSON.stringify({ type: "XYZ", process, configuration: { colormap: "ndvi" } }) });
    if (created.status !== 201) throw new Error(`creating the ${dataset.collection} service failed: ${await created.text()}`);
    const service = created.headers.get("OpenEO-Identifier")!;
    services.push(service);
    for (const zoom of tilesOver(bbox)) groups.push(zoom.map((tile) => ({ url: `${api}/services/${service}/tiles/${tile.z}/${tile.x}/${tile.y}.png`, tile, files: dataset.files })));
  }
  const tiles: { url: string; tile: TileAddress; files: string[] }[] = [];
  for (let round = 0; tiles.length < TILES && groups.some((g) => g.length > round); round++) {
    for (const group of groups) if (group[round] && tiles.length < TILES) tiles.push(group[round]!);
  }
  const renew = () => Promise.all(services.map((id) => fetch(`${api}/services/${id}`, { method: "PATCH", headers: auth, body: JSON.stringify({ title: `renewed ${Date.now()}` }) })));
  /** The Worker's CPU milliseconds per tile of each pass (workerd-cpu.ts). */
  const cpuPerTile: number[] = [];
  const sequential = async () => {
    const out: Fetched[] = [];
    const cpu = workerdCpuMs(worker.pid!);
    for (const t of tiles) out.push(await fetchTile(t.url));
    cpuPerTile.push((workerdCpuMs(worker.pid!) - cpu) / tiles.length);
    return out;
  };

  const cold = await sequential();
  await renew();
  const warm = await sequential();
  const cached = await sequential();
  await renew();
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (next < tiles.length) await fetchTile(tiles[next++]!.url);
  }));
  const perSecond = tiles.length / ((performance.now() - start) / 1000);

  const failed = [...cold, ...warm, ...cached].filter((f) => f.status !== 200).length;
  const rendered = warm.filter((f) => f.bytesRead !== undefined);
  const minimum = tiles.map((t) => minimumBytes(t.tile, t.files));
  const row = (name: string, runs: Fetched[], cpu: number) => `| ${name} | ${p(runs.map((r) => r.ms), 0.5).toFixed(1)} | ${p(runs.map((r) => r.ms), 0.95).toFixed(1)} | ${cpu.toFixed(1)} |`;
  console.log(`${tiles.length} tiles (${ZOOMS[0]}-${ZOOMS.at(-1)}), ${failed} not 200\n`);
  console.log("| pass | p50 ms | p95 ms | workerd CPU ms a tile |\n|---|---|---|---|");
  console.log(row("cold (new Worker, headers not cached)", cold, cpuPerTile[0]!));
  console.log(row("warm (headers cached, tiles rendered)", warm, cpuPerTile[1]!));
  console.log(row("cached (Cache API)", cached, cpuPerTile[2]!));
  const [first, again] = [cold[0]!, warm[0]!];
  console.log(`\nfirst tile after the Worker started: ${first.ms.toFixed(1)} ms (rendering ${first.renderMs} ms in the Worker); the same tile warm ${again.ms.toFixed(1)} ms (${again.renderMs} ms): ${(first.ms / again.ms).toFixed(2)}x`);
  console.log(`${CLIENTS} concurrent clients, tiles rendered anew: ${perSecond.toFixed(1)} tiles/s`);
  const read = rendered.map((r) => r.bytesRead!);
  const trips = rendered.map((r) => r.roundTrips!);
  console.log(`warm tiles: rendering in the Worker median ${median(rendered.map((r) => r.renderMs!))} ms of the ${median(rendered.map((r) => r.ms)).toFixed(1)} ms a client waits`);
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const warmMinimum = total(warm.flatMap((r, i) => (r.bytesRead === undefined ? [] : [minimum[i]!])));
  console.log(`warm tiles: source bytes read per tile median ${median(read)}, p95 ${p(read, 0.95)}; all warm tiles together read ${(total(read) / 1e6).toFixed(1)} MB where the minimum without shared source tiles is ${(warmMinimum / 1e6).toFixed(1)} MB; read round trips per tile median ${median(trips)}, max ${Math.max(...trips)}`);
} finally {
  await worker.stop();
}
