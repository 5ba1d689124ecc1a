// The synchronous cases of bench/e2e.ts: NDVI GeoTIFFs of a centred full-resolution window through
// POST /result against GDAL, their first bytes, and the peak memory of the 4096² request.
// GDAL writes the file the Worker writes (a COG with the floating-point predictor, averaged
// overviews and the band's statistics: the same job, files within 0.1 % of each other's size);
// a plain tiled GeoTIFF, less work, is timed too and shown beside it.
import { peakMemoryOf } from "./e2e-memory";
import { medianOrNull, ratioGoal, ratioOf, type Row } from "./e2e-report";
import { centredWindow } from "./e2e-scene";
import { progress, type E2eSession } from "./e2e-session";

/** Sizes, latencies and the goals (ours ÷ GDAL). */
const SYNC_CASES = [
  { size: 1024, latency: 0, goal: 0.9 },
  { size: 4096, latency: 0, goal: 1.0 },
  { size: 1024, latency: 50, goal: 0.9 },
];

/** Every run reads a new Item (cold), as GDAL reads after clearing its caches. */
export async function syncCases(session: E2eSession): Promise<Row[]> {
  const { client, scene, raw } = session;
  const rows: Row[] = [];
  for (const { size, latency, goal } of SYNC_CASES) {
    progress(`sync ${size}² at ${latency} ms`);
    const { window, bbox } = centredWindow(scene, size);
    const row: Row = { case: `sync NDVI GTiff ${size}², ${latency} ms`, unit: "ms", ours: [], gdal: [] };
    const firstByte: Row = { case: `sync ${size}², first byte of the result, ${latency} ms`, unit: "ms", ours: [], gdal: [] };
    const fileBytes = { ours: [] as number[], gdal: [] as number[] };
    const plain = { ms: [] as number[], bytes: [] as number[] };
    for (let run = 0; run < session.runs; run++) {
      const item = session.freshItem(latency);
      const [ours, theirs] = await session.pair(
        run,
        async () => session.checked(`sync ${size}² at ${latency} ms`, await client.ndviGtiff(item, bbox, scene.epsg)),
        session.gdal
          ? async () => {
              const job = { op: "sync", urls: session.urls(latency), window, clear: true } as const;
              return { cog: await session.gdal!.run({ ...job, layout: "cog" }), plain: await session.gdal!.run({ ...job, layout: "plain" }) };
            }
          : undefined,
      );
      row.ours.push(ours.ms);
      firstByte.ours.push(ours.firstByteMs);
      fileBytes.ours.push(ours.bytes);
      if (theirs) {
        row.gdal.push(theirs.cog.ms);
        // GDAL's file exists only once it is complete.
        firstByte.gdal.push(theirs.cog.ms);
        fileBytes.gdal.push(theirs.cog.bytes);
        plain.ms.push(theirs.plain.ms);
        plain.bytes.push(theirs.plain.bytes);
      }
      raw[`sync ${size} ${latency} ms run ${run}`] = { ours, gdal: theirs };
    }
    row.goal = ratioGoal(row, goal);
    const plainMs = medianOrNull(plain.ms);
    const plainRatio = plainMs === null ? "" : ` (ours ÷ that ${(medianOrNull(row.ours)! / plainMs).toFixed(2)})`;
    row.note = `result bytes median: ours ${medianOrNull(fileBytes.ours)}, GDAL ${medianOrNull(fileBytes.gdal)}; GDAL writing a plain tiled GeoTIFF instead (no overviews, predictor or statistics): ${plainMs ?? "-"} ms${plainRatio}, ${medianOrNull(plain.bytes) ?? "-"} bytes`;
    rows.push(row);
    if (size === 4096) {
      firstByte.goal = { text: "early: ≤ 0.5× GDAL's whole file", value: ratioOf(firstByte), limit: 0.5 };
      rows.push(firstByte);
    }
  }
  return rows;
}

/**
 * Peak memory of one 4096² request on a newly started Worker, apart from the timed runs: sampling
 * costs time, and what earlier runs left behind would blur the request's own.
 */
export async function memoryCase(session: E2eSession): Promise<Row> {
  progress("memory of a 4096² request");
  await session.restartWorker();
  const { bbox } = centredWindow(session.scene, 4096);
  const item = session.freshItem(0);
  const peak = await peakMemoryOf(session.inspectorPort, async () => session.checked("sync 4096² (memory)", await session.client.ndviGtiff(item, bbox, session.scene.epsg)));
  return {
    case: "sync 4096², peak memory inside workerd (JS heap + ArrayBuffers, inspector)",
    unit: "MB",
    ours: [peak.peakBytes],
    gdal: [],
    goal: { text: "≤ 96 MB", value: peak.peakBytes / 1e6, limit: 96 },
    note: peak.detail,
  };
}
