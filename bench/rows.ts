import type { CogHeader } from "../src/raster/cog-header";
import type { Case } from "./cases";
import type { GdalMode, GdalResult } from "./gdal";
import { neededTiles, tilesFetched, type TileSet } from "./minimum";
import { median, round, type ModeResult, type ReaderResult, type Source } from "./reader";
import { serverRounds } from "./server";

/** The targets: cold <= 2 sequential round trips, warm 1; bytes <= 1.1x minimum; warm 2-band tile < 25 ms. */
export const TARGET = { coldRounds: 2, warmRounds: 1, bytesRatio: 1.1, warmTileMs: 25 };

export interface ModeRow {
  rounds: number;
  /** HTTP only: round trips counted from the server's log. */
  serverRounds: number | null;
  requests: number;
  bytes: number;
  /** bytes / minimum; cold bytes include the header reads (16 KiB per file). */
  ratio: number;
  ms: number;
  cpuMs: number;
  msRuns: number[];
  varies: boolean;
}

export interface ReaderRow {
  case: string;
  label: string;
  source: string;
  bands: number;
  /** The level(s) the reader read, as found from its warm requests; "w" is the level's width. */
  level: string;
  tilesFetched: number;
  tilesNeeded: number;
  minBytes: number;
  cold: ModeRow;
  warm: ModeRow;
  targets: { rounds: boolean; bytes: boolean; warmMs: boolean | null };
  mean: number;
}

export interface GdalModeRow {
  head: number;
  get: number;
  rounds: number;
  bytes: number;
  ratio: number;
  ms: number;
  cpuMs: number;
  msRuns: number[];
}

export interface GdalRow {
  case: string;
  label: string;
  latency: number;
  /** Levels whose tiles GDAL's data GETs (not the one at offset 0) delivered, "hdr" if only the header read did. */
  level: string;
  cold: GdalModeRow;
  warm: GdalModeRow;
  mean: number | null;
}

const minimumCache = new Map<string, TileSet>();

function needed(c: Case, file: number, header: CogHeader, level: number): TileSet {
  const key = `${c.id}#${file}#${level}`;
  let set = minimumCache.get(key);
  if (!set) {
    set = neededTiles(header, level, c.target, c.resampling);
    minimumCache.set(key, set);
  }
  return set;
}

export function readerRow(c: Case, source: Source, headers: CogHeader[], result: ReaderResult): ReaderRow {
  let minBytes = 0;
  let tilesNeeded = 0;
  let tilesFetchedCount = 0;
  const levels: string[] = [];
  c.dataset.files.forEach((file, i) => {
    const key = source.open(file).key;
    const fetched = tilesFetched(headers[i]!, result.warm.reads.filter((r) => r.key === key));
    // The finest level read decides the minimum; reading two levels would show as several here.
    const level = fetched[0]?.level ?? 0;
    const need = needed(c, i, headers[i]!, level);
    minBytes += need.bytes;
    tilesNeeded += need.tiles.size;
    tilesFetchedCount += fetched.reduce((n, s) => n + s.tiles.size, 0);
    levels.push(fetched.map((s) => `${s.level}`).join("+") || "-");
  });
  const level = [...new Set(levels)].join("/");
  const width = headers[0]!.levels[Number(levels[0])]?.width;
  const row = (m: ModeResult): ModeRow => ({
    rounds: m.rounds,
    serverRounds: m.serverRounds ?? null,
    requests: m.requests,
    bytes: m.bytes,
    ratio: m.bytes / minBytes,
    ms: round(m.msMedian),
    cpuMs: round(m.cpuMsMedian),
    msRuns: m.ms,
    varies: m.varies,
  });
  const cold = row(result.cold);
  const warm = row(result.warm);
  const zeroLatency = source.latencyMs === null || source.latencyMs === 0;
  return {
    case: c.id,
    label: c.label,
    source: source.id,
    bands: c.dataset.files.length,
    level: width ? `${level} (w${width})` : level,
    tilesFetched: tilesFetchedCount,
    tilesNeeded,
    minBytes,
    cold,
    warm,
    targets: {
      rounds: cold.rounds <= TARGET.coldRounds && warm.rounds <= TARGET.warmRounds,
      bytes: warm.bytes <= TARGET.bytesRatio * minBytes,
      warmMs: c.kind === "tile" && c.dataset.files.length === 2 && zeroLatency ? warm.ms < TARGET.warmTileMs : null,
    },
    mean: round(result.cold.mean, 2),
  };
}

export function gdalRow(c: Case, headers: CogHeader[], minBytes: number, result: GdalResult): GdalRow {
  const mode = (m: GdalMode): GdalModeRow => {
    const gets = m.log.filter((e) => e.method === "GET");
    const bytes = gets.reduce((n, e) => n + e.bytes, 0);
    return {
      head: m.log.filter((e) => e.method === "HEAD").length,
      get: gets.length,
      rounds: serverRounds(m.log),
      bytes,
      ratio: bytes / minBytes,
      ms: round(median(m.ms)),
      cpuMs: round(median(m.cpu)),
      msRuns: m.ms,
    };
  };
  const levels = c.dataset.files.map((file, i) => {
    const ranges = result.cold.log
      .filter((e) => e.method === "GET" && e.range && e.path.endsWith(`/${file.key}`) && !e.range.startsWith("0-"))
      .map((e) => {
        const [first, last] = e.range!.split("-").map(Number);
        return { offset: first!, length: last! - first! + 1 };
      });
    return tilesFetched(headers[i]!, ranges).map((s) => `${s.level}`).join("+") || "hdr";
  });
  return {
    case: c.id,
    label: c.label,
    latency: result.latency,
    level: [...new Set(levels)].join("/"),
    cold: mode(result.cold),
    warm: mode(result.warm),
    mean: result.mean === null ? null : round(result.mean, 2),
  };
}
