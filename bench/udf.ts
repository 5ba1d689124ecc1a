// npm run bench:udf: NDVI as a JavaScript UDF (run_udf in reduce_dimension over bands) and as a
// Sentinel Hub evalscript (run_udf, EvalscriptV3), against the built-in ndvi in the same run,
// through a local Worker (wrangler dev, whose Worker Loader hosts the sandbox): POST /result of an
// NDVI GTiff over 1024 x 1024 px of the 29RKH scene and 4096 x 4096 px of the synthetic scene (in
// strips). Also what starting a UDF's isolate costs: a small request with code never seen before
// against the same code again. Medians of BENCH_RUNS (3), the three interleaved.
import { join } from "node:path";
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { SHARED_DATA, SYNTHETIC_DIR } from "./datasets";
import { readLocalHeader } from "./local-header";
import { median } from "./memory";
import { ensureSynthetic } from "./synthetic";
import { writeSyntheticItem } from "./synthetic-item";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

ensureSynthetic({ red: join(SYNTHETIC_DIR, "s2_red.tif"), nir: join(SYNTHETIC_DIR, "s2_nir.tif") });
writeSyntheticItem();

const UDF = [
  "export function udf(data) {",
  "  const red = data[0];",
  "  const nir = data[1];",
  "  return red === null || nir === null ? null : (nir - red) / (nir + red);",
  "}",
].join("\n");
const EVALSCRIPT = [
  "//VERSION=3",
  "function setup() {",
  "  return { input: ['B04', 'B08'], output: { bands: 1, sampleType: 'FLOAT32' } };",
  "}",
  "function evaluatePixel(s) {",
  "  return [(s.B08 - s.B04) / (s.B08 + s.B04)];",
  "}",
].join("\n");

interface Scene {
  name: string;
  collection: string;
  file: string;
  size: number;
}
const SCENES: Scene[] = [
  { name: "29RKH, 1024 x 1024 px", collection: "rkh", file: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B04.tif"), size: 1024 },
  { name: "synthetic, 4096 x 4096 px", collection: "synthetic", file: join(SYNTHETIC_DIR, "s2_red.tif"), size: 4096 },
];

/** The graph of one way of computing NDVI over the scene's top-left `size` x `size` px. */
function graph(scene: Scene, way: "built-in" | "JavaScript UDF" | "evalscript", size = scene.size, code?: string): Record<string, unknown> {
  const header = readLocalHeader(scene.file);
  const [minX, , maxX, maxY] = header.grid.bbox;
  const px = (maxX - minX) / header.grid.width;
  const extent = { west: minX, south: maxY - size * px, east: minX + size * px, north: maxY, crs: header.epsg };
  const load = { process_id: "load_collection", arguments: { id: scene.collection, spatial_extent: extent, temporal_extent: null, bands: ["B04", "B08"] } };
  const udf = (data: unknown, runtime: string, udf: string) => ({ process_id: "run_udf", arguments: { data, udf, runtime } });
  const compute =
    way === "built-in"
      ? { process_id: "ndvi", arguments: { data: { from_node: "load" } } }
      : way === "evalscript"
        ? udf({ from_node: "load" }, "EvalscriptV3", code ?? EVALSCRIPT)
        : { process_id: "reduce_dimension", arguments: { data: { from_node: "load" }, dimension: "bands", reducer: { process_graph: { r: { ...udf({ from_parameter: "data" }, "JavaScript", code ?? UDF), result: true } } } } };
  return { load, compute, save: { process_id: "save_result", arguments: { data: { from_node: "compute" }, format: "GTiff" }, result: true } };
}

const worker = await startLocalWorker({
  timeoutMs: 180_000,
  ingest: [
    { folder: "s2-29RKH-2020-02-19", collection: "rkh", args: ["--offset", "0"] },
    { folder: SYNTHETIC_DIR, collection: "synthetic" },
  ],
});
try {
  const login = await fetch(`${worker.url}/v1/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
  const auth = { Authorization: `Bearer basic//${((await login.json()) as { access_token: string }).access_token}`, "Content-Type": "application/json" };
  async function timed(process_graph: Record<string, unknown>): Promise<number> {
    const start = performance.now();
    const res = await fetch(`${worker.url}/v1/result`, { method: "POST", headers: auth, body: JSON.stringify({ process: { process_graph } }) });
    const bytes = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200) throw new Error(`POST /result answered ${res.status}: ${new TextDecoder().decode(new Uint8Array(await res.clone().arrayBuffer()).slice(0, 300))} (${bytes} bytes)`);
    return performance.now() - start;
  }

  console.log("| result | built-in ndvi ms | JavaScript UDF ms | ÷ built-in | evalscript ms | ÷ built-in |\n|---|---|---|---|---|---|");
  for (const scene of SCENES) {
    const times = { "built-in": [] as number[], "JavaScript UDF": [] as number[], evalscript: [] as number[] };
    await timed(graph(scene, "built-in")); // Headers cached, isolates started: the runs below are warm.
    await timed(graph(scene, "JavaScript UDF"));
    await timed(graph(scene, "evalscript"));
    for (let run = 0; run < RUNS; run++) for (const way of Object.keys(times) as (keyof typeof times)[]) times[way].push(await timed(graph(scene, way)));
    const [b, u, e] = [median(times["built-in"]), median(times["JavaScript UDF"]), median(times.evalscript)];
    console.log(`| ${scene.name} | ${b.toFixed(0)} | ${u.toFixed(0)} | ${(u / b).toFixed(2)} | ${e.toFixed(0)} | ${(e / b).toFixed(2)} |`);
  }

  // A UDF's isolate starts on its first call: new code (a comment makes the hash new) against the same code warm, 256 x 256 px.
  const small = SCENES[0]!;
  const starts: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < Math.max(RUNS, 5); run++) {
    const fresh = `// run ${Date.now()}-${run}\n${UDF}`;
    starts.push(await timed(graph(small, "JavaScript UDF", 256, fresh)));
    warm.push(await timed(graph(small, "JavaScript UDF", 256, fresh)));
  }
  console.log(`\nJavaScript UDF over 256 x 256 px: first call of new code ${median(starts).toFixed(1)} ms, the same code again ${median(warm).toFixed(1)} ms: an isolate starts in about ${(median(starts) - median(warm)).toFixed(1)} ms`);
} finally {
  await worker.stop();
}
