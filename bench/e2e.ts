// npm run bench:e2e: the Worker through its HTTP server (wrangler dev) against GDAL doing the same
// job, on the synthetic 10980 x 10980 red/nir COGs served by one loopback range server with 0 or
// 50 ms of latency: XYZ tiles of an NDVI service over load_stac of a STAC Item on that server, and
// synchronous NDVI GeoTIFFs (POST /result). Ours and GDAL's runs alternate, medians of BENCH_RUNS.
// Prints a markdown table with the issue's goals (numbers only: it never fails) and writes
// bench/e2e-results.json. See bench/README.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_DIR } from "./datasets";
import { markdownTable, medianOrNull, ratioOf, summaryTable, type Row } from "./e2e-report";
import { E2eSession, progress } from "./e2e-session";
import { memoryCase, syncCases } from "./e2e-sync";
import { cachedFirstTileCase, firstTileCase, tileCases } from "./e2e-tiles";
import { gdalAvailable } from "./gdal";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ZOOMS = (process.env.BENCH_ZOOMS ?? "12,13,14,15").split(",").map(Number);
const PORT = Number(process.env.BENCH_PORT ?? 8804);
/** The zoom of the first tile after a start. */
const FIRST_ZOOM = ZOOMS.includes(13) ? 13 : ZOOMS[0]!;

const gdal = process.env.BENCH_GDAL === "0" ? ({ ok: false, reason: "BENCH_GDAL=0" } as const) : gdalAvailable();
if (!gdal.ok) progress(`GDAL column skipped: ${gdal.reason}`);

const session = await E2eSession.open({ runs: RUNS, port: PORT, gdal: gdal.ok });
const rows: Row[] = [];
try {
  const warm = new Map<number, number[]>();
  for (const z of ZOOMS) {
    const zoom = await tileCases(session, z);
    rows.push(...zoom.rows);
    warm.set(z, zoom.warm);
  }
  rows.push(...(await syncCases(session)));
  rows.push(await memoryCase(session));
  rows.push(await firstTileCase(session, FIRST_ZOOM, warm.get(FIRST_ZOOM) ?? []));
  rows.push(await cachedFirstTileCase(session, FIRST_ZOOM));
} finally {
  await session.close();
}

const header = `End to end through wrangler dev against ${gdal.ok ? `GDAL ${gdal.version}` : "no GDAL"}, synthetic 10980² uint16 red/nir COGs on a loopback range server; medians of ${RUNS} runs, interleaved.`;
console.log(`${header}\n\n${markdownTable(rows)}\n\nThe same, zooms folded together:\n\n${summaryTable(rows)}\n`);
for (const row of rows.filter((r) => r.note)) console.log(`- ${row.case}: ${row.note}`);
const { failures, raw } = session;
if (failures.length) console.log(`\n${failures.length} requests did not answer 200: ${[...new Set(failures)].join("; ")}`);
const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  zooms: ZOOMS,
  gdal: gdal.ok ? gdal.version : null,
  rows: rows.map((r) => ({ ...r, oursMedian: medianOrNull(r.ours), gdalMedian: medianOrNull(r.gdal), ratio: ratioOf(r) })),
  failures,
  runs_detail: raw,
};
writeFileSync(join(BENCH_DIR, "e2e-results.json"), `${JSON.stringify(results, null, 1)}\n`);
