// npx tsx bench/profile.ts: where the reader's CPU time goes, on the synthetic COGs read from
// local disk (no network), to back up bench/README.md's notes. Run npm run bench first (it writes
// the COGs). Median of 15 runs each, after 3 untimed ones.
import { closeSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import type { ByteSource } from "../src/raster/byte-source";
import { decodeTile } from "../src/raster/decode-tile";
import type { Grid } from "../src/raster/grid";
import { openCog } from "../src/raster/open-cog";
import { undoHorizontal } from "../src/raster/predictor";
import { readToGrid } from "../src/raster/read-to-grid";
import { readWindows } from "../src/raster/read-window";
import { sourcePixelCoordinates } from "../src/raster/transform";
import { tileBBox } from "./cases";
import { SYNTHETIC_DIR } from "./datasets";
import { median } from "./reader";
import { table } from "./table";

const time = async (f: () => unknown): Promise<number> => {
  const times: number[] = [];
  for (let i = 0; i < 18; i++) {
    const start = performance.now();
    await f();
    if (i >= 3) times.push(performance.now() - start);
  }
  return median(times);
};

/** Positional reads of a local file: the reader's work without any network. */
function diskSource(path: string): ByteSource {
  const fd = openSync(path, "r");
  process.on("exit", () => closeSync(fd));
  return {
    key: `disk:${path}`,
    read: async (offset, length) => {
      const bytes = new Uint8Array(length);
      return bytes.subarray(0, readSync(fd, bytes, 0, length, offset));
    },
  };
}

const sources = ["red", "nir"].map((band) => diskSource(join(SYNTHETIC_DIR, `s2_${band}.tif`)));
const cogs = await Promise.all(sources.map((s) => openCog(s)));
const { header } = cogs[0]!;
const full = header.levels[0]!;
const index = 10 * full.tilesAcross + 10;
const compressed = await sources[0]!.read(full.tileOffsets[index]!, full.tileByteCounts[index]!);
const size = full.tileWidth * full.tileHeight * 2;
const raw = new Uint8Array(inflateSync(compressed));

const rows: (string | number)[][] = [];
const row = (name: string, ms: number, note = "") => rows.push([name, ms.toFixed(2), note]);
row("decodeTile, one 512x512 uint16 tile", await time(() => decodeTile(full, true, compressed)), `${(compressed.length / 1000).toFixed(0)} KB compressed`);
row("  inflateSync as decompress() calls it", await time(() => inflateSync(compressed, { maxOutputLength: size })));
row("  inflateSync with chunkSize = tile size", await time(() => inflateSync(compressed, { maxOutputLength: size, chunkSize: size })), "one output buffer, no concat");
row("  undoHorizontal (predictor 2)", await time(() => undoHorizontal(raw.slice(), 512, 512, 1, 2)));

const requests = cogs.map((cog) => ({ cog, sample: 0 }));
for (const [z, x, y] of [[9, 271, 179], [12, 2173, 1434], [15, 17389, 11479]] as const) {
  const target: Grid = { crs: "EPSG:3857", bbox: tileBBox(z, x, y), width: 256, height: 256 };
  row(`z${z} tile, 2 bands: readToGrid bilinear`, await time(() => readToGrid(requests, target, { resampling: "bilinear" })), "warm, from disk");
  row(`  sourcePixelCoordinates (once per grid)`, await time(() => sourcePixelCoordinates(target, header.grid)));
}

const [minX, , , maxY] = header.grid.bbox;
const window = { x: 4978, y: 4978, width: 1024, height: 1024 };
const target: Grid = { crs: header.grid.crs, bbox: [minX + window.x * 10, maxY - (window.y + 1024) * 10, minX + (window.x + 1024) * 10, maxY - window.y * 10], width: 1024, height: 1024 };
row("native 1024x1024 window, 2 bands: readToGrid nearest", await time(() => readToGrid(requests, target, { resampling: "nearest" })), "18 tiles");
row("  the same pixels with readWindows", await time(() => readWindows(cogs.map((cog) => ({ cog, level: 0, sample: 0, window })))), "no coordinates, no resampling");
row("  sourcePixelCoordinates 1024x1024 (same CRS)", await time(() => sourcePixelCoordinates(target, header.grid)));

console.log(table(["stage (synthetic COGs, local disk)", "median ms", "note"], rows));
