// npm run bench: the project's COG reader (src/raster) on large synthetic and real COGs, from the
// local R2 bucket and from a local HTTP range server at 0 and 50 ms latency, side by side with
// GDAL on the same server. Reports numbers only; see bench/README.md.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { CogHeader } from "../src/raster/cog-header";
import { HttpByteSource } from "../src/raster/http-byte-source";
import { R2ByteSource } from "../src/raster/r2-byte-source";
import { casesFor, type Case } from "./cases";
import { BENCH_DIR, datasets, MOUNTS, SYNTHETIC_DIR } from "./datasets";
import { gdalAvailable, runGdal } from "./gdal";
import { readLocalHeader } from "./local-header";
import { openLocalR2, R2_BUCKET, R2_PERSIST } from "./r2";
import { measureRawRead, measureReader, round, type Source } from "./reader";
import { comparisonTable, gdalTables, readerTables, targetSummary } from "./report";
import { gdalRow, readerRow, type GdalRow, type ReaderRow } from "./rows";
import { startRangeServer } from "./server";
import { ensureSynthetic } from "./synthetic";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LATENCIES = [0, 50];
const started = performance.now();
const notes: string[] = [];
const progress = (text: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)}s] ${text}\n`);

progress("synthetic COGs (generated with writeCog when missing)");
const generation = ensureSynthetic({ red: join(SYNTHETIC_DIR, "s2_red.tif"), nir: join(SYNTHETIC_DIR, "s2_nir.tif") });
for (const g of generation) {
  notes.push(`generated ${g.file}: field ${round(g.fieldMs / 1000)} s, writeCog ${round(g.writeCogMs / 1000)} s, ${round(g.bytes / 1e6)} MB, peak RSS ${Math.round(g.peakRssMB)} MB`);
}

const { list, skipped } = datasets();
const headers = new Map<string, CogHeader[]>(list.map((d) => [d.id, d.files.map((f) => readLocalHeader(f.path))]));
const cases: Case[] = list.flatMap((d) => casesFor(d, headers.get(d.id)![0]!, skipped));
notes.push(...skipped.map((s) => `skipped ${s}`));

progress("range server and local R2 (uploads once)");
const server = await startRangeServer(MOUNTS);
const r2 = await openLocalR2(new Map(list.flatMap((d) => d.files.map((f) => [f.key, f.path] as [string, string]))));
if (r2.uploadedMB) notes.push(`uploaded ${round(r2.uploadedMB)} MB to the local R2 bucket in ${R2_PERSIST}`);

const sources: Source[] = [
  // As the catalog opens ingested assets: no HEAD, the ETag known from the item.
  { id: "r2 local", latencyMs: null, open: (f) => new R2ByteSource(r2.bucket, f.key, { bucketName: R2_BUCKET, etag: r2.etags.get(f.key)! }) },
  ...LATENCIES.map((latency) => ({ id: `http ${latency}ms`, latencyMs: latency, server, open: (f: { key: string }) => new HttpByteSource(server.url(latency, f.key)) })),
];

// Calibration: one bare read of the largest full-resolution tile of the synthetic red band.
const red = list[0]!.files[0]!;
const full = headers.get("synthetic")![0]!.levels[0]!;
const biggest = full.tileByteCounts.indexOf(Math.max(...full.tileByteCounts));
const rawRead: Record<string, number> = {};

const ours: ReaderRow[] = [];
try {
  for (const source of sources) {
    rawRead[source.id] = round(await measureRawRead(source, red, full.tileOffsets[biggest]!, full.tileByteCounts[biggest]!, RUNS), 2);
    for (const c of cases) {
      progress(`ours ${source.id} ${c.id} ${c.label}`);
      ours.push(readerRow(c, source, headers.get(c.dataset.id)!, await measureReader(c, source, RUNS)));
    }
  }
} finally {
  await r2.close();
}

const gdal: GdalRow[] = [];
const availability = gdalAvailable();
try {
  if (availability.ok && process.env.BENCH_GDAL !== "0") {
    await runGdal(cases, LATENCIES, server, RUNS, (result) => {
      const c = cases.find((k) => k.id === result.id)!;
      progress(`GDAL http ${result.latency}ms ${c.id} ${c.label}`);
      const minBytes = ours.find((o) => o.case === c.id && o.source === `http ${result.latency}ms`)!.minBytes;
      gdal.push(gdalRow(c, headers.get(c.dataset.id)!, minBytes, result));
    });
  } else {
    notes.push(availability.ok ? "GDAL column skipped (BENCH_GDAL=0)" : `GDAL column skipped: ${availability.reason}`);
  }
} finally {
  server.close();
}

const environment = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? "?"}`,
  gdal: availability.ok ? availability.version : null,
  runs: RUNS,
  totalSeconds: round((performance.now() - started) / 1000),
};
notes.push(`one bare read of a ${round(full.tileByteCounts[biggest]! / 1000)} KB tile (no decode), median ms: ${Object.entries(rawRead).map(([id, t]) => `${id} ${t}`).join(", ")}`);
const out = [
  `COG reader benchmark: median of ${RUNS} runs; KB = 1000 bytes; ${environment.cpus}; node ${environment.node}; GDAL ${environment.gdal ?? "n/a"}`,
  ...list.map((d) => `  ${d.id}: ${d.note}`),
  "",
  readerTables(ours),
  "",
  gdal.length ? `${gdalTables(gdal)}\n\n-- side by side (same server, same latency)\n${comparisonTable(ours, gdal)}` : "(no GDAL results)",
  "",
  "-- targets (informational)",
  targetSummary(ours),
  ...(notes.length ? ["", ...notes.map((n) => `note: ${n}`)] : []),
  `total ${environment.totalSeconds} s`,
];
console.log(out.join("\n"));
writeFileSync(join(BENCH_DIR, "results.json"), `${JSON.stringify({ environment, rawReadMs: rawRead, datasets: list.map(({ id, note }) => ({ id, note })), notes, ours, gdal }, null, 2)}\n`);
