import type { GdalRow, ReaderRow } from "./rows";
import { TARGET } from "./rows";
import { kb, ms, ratio, table } from "./table";

const flag = (ok: boolean | null): string => (ok === null ? "-" : ok ? "ok" : "MISS");

/** Our reader, one table per source. */
export function readerTables(rows: ReaderRow[]): string {
  const sources = [...new Set(rows.map((r) => r.source))];
  return sources
    .map((source) => {
      const body = rows
        .filter((r) => r.source === source)
        .map((r) => [
          `${r.case.split("/")[0]} ${r.label}`,
          r.level,
          `${r.tilesFetched}/${r.tilesNeeded}`,
          kb(r.minBytes),
          r.cold.rounds,
          r.cold.serverRounds,
          r.cold.requests,
          kb(r.cold.bytes),
          ratio(r.cold.ratio),
          ms(r.cold.ms),
          ms(r.cold.cpuMs),
          r.warm.rounds,
          r.warm.serverRounds,
          r.warm.requests,
          kb(r.warm.bytes),
          ratio(r.warm.ratio),
          ms(r.warm.ms),
          ms(r.warm.cpuMs),
          `${flag(r.targets.rounds)} ${flag(r.targets.bytes)} ${flag(r.targets.warmMs)}`,
        ]);
      const header = ["case", "level", "tiles", "min KB", "C rt", "srv", "req", "KB", "xmin", "ms", "cpu", "W rt", "srv", "req", "KB", "xmin", "ms", "cpu", "rt B 25ms"];
      return `-- ours via ${source}\n${table(header, body)}`;
    })
    .join("\n\n");
}

export function gdalTables(rows: GdalRow[]): string {
  const latencies = [...new Set(rows.map((r) => r.latency))];
  return latencies
    .map((latency) => {
      const body = rows
        .filter((r) => r.latency === latency)
        .map((r) => [
          `${r.case.split("/")[0]} ${r.label}`,
          r.level,
          r.cold.head,
          r.cold.get,
          r.cold.rounds,
          kb(r.cold.bytes),
          ratio(r.cold.ratio),
          ms(r.cold.ms),
          ms(r.cold.cpuMs),
          r.warm.head,
          r.warm.get,
          r.warm.rounds,
          kb(r.warm.bytes),
          ms(r.warm.ms),
          ms(r.warm.cpuMs),
        ]);
      const header = ["case", "level", "C HEAD", "GET", "rt", "KB", "xmin", "ms", "cpu", "W HEAD", "GET", "rt", "KB", "ms", "cpu"];
      return `-- GDAL via http ${latency}ms\n${table(header, body)}`;
    })
    .join("\n\n");
}

/** Ours and GDAL's wall time on the same server and latency, with the first band's mean as a sanity check. */
export function comparisonTable(ours: ReaderRow[], gdal: GdalRow[]): string {
  const body = gdal.map((g) => {
    const r = ours.find((o) => o.case === g.case && o.source === `http ${g.latency}ms`)!;
    return [
      `${g.case.split("/")[0]} ${g.label}`,
      `${g.latency}`,
      ms(r.cold.ms),
      ms(g.cold.ms),
      ratio(g.cold.ms / r.cold.ms),
      ms(r.warm.ms),
      ms(g.warm.ms),
      ratio(g.warm.ms / r.warm.ms),
      `${kb(r.cold.bytes)}/${kb(g.cold.bytes)}`,
      `${r.mean}/${g.mean ?? "-"}`,
    ];
  });
  return table(["case", "lat ms", "ours cold", "GDAL cold", "GDAL/ours", "ours warm", "GDAL warm", "GDAL/ours", "cold KB ours/GDAL", "mean band1 ours/GDAL"], body);
}

export function targetSummary(rows: ReaderRow[]): string {
  const count = (pick: (r: ReaderRow) => boolean | null) => {
    const judged = rows.map(pick).filter((v) => v !== null);
    return `${judged.filter(Boolean).length}/${judged.length}`;
  };
  return [
    `rounds (cold <= ${TARGET.coldRounds}, warm <= ${TARGET.warmRounds}): met in ${count((r) => r.targets.rounds)} rows`,
    `bytes (warm <= ${TARGET.bytesRatio}x minimum): met in ${count((r) => r.targets.bytes)} rows`,
    `warm 2-band 256x256 tile < ${TARGET.warmTileMs} ms (R2 and 0 ms HTTP only): met in ${count((r) => r.targets.warmMs)} rows`,
  ].join("\n");
}
