// npm run bench:codecs: decoding time per tile of each codec the COG reader supports, ours (Node,
// the V8 that workerd runs too) beside GDAL's (python3-gdal, block cache off), on GDAL-written COGs
// of real Sentinel-2 and elevation data from ../shared/data (read in place; the COGs go to
// bench/.data/codecs). Median over every full-resolution tile, three passes after a warm-up one.
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { ByteSource } from "../src/raster/byte-source";
import { codecReady } from "../src/raster/sample-codecs";
import { decodeTile } from "../src/raster/decode-tile";
import { openCog } from "../src/raster/open-cog";
import { BENCH_DIR, SHARED_DATA } from "./datasets";
import { median } from "./reader";
import { ms, table } from "./table";

const OUT = join(BENCH_DIR, ".data", "codecs");
const S2 = join(SHARED_DATA, "s2-29RKH-2020-02-19");
const ELEVATION = join(SHARED_DATA, "cog-greenland", "cog.tif");

interface Case {
  name: string;
  source: string;
  options: string[];
}

mkdirSync(OUT, { recursive: true });
const gdal = (tool: string, args: string[]) => execFileSync(tool, ["-q", ...args], { stdio: ["ignore", "ignore", "inherit"] });
// 8-bit imagery for JPEG and WebP: true colour B04/B03/B02 scaled 0..3000 -> 0..255, and B04 alone.
const rgbVrt = join(OUT, "rgb.vrt");
if (!existsSync(join(OUT, "rgb.tif"))) {
  gdal("gdalbuildvrt", ["-separate", rgbVrt, ...["B04", "B03", "B02"].map((b) => join(S2, `${b}.tif`))]);
  gdal("gdal_translate", ["-ot", "Byte", "-scale", "0", "3000", "0", "255", rgbVrt, join(OUT, "rgb.tif")]);
  gdal("gdal_translate", ["-b", "1", join(OUT, "rgb.tif"), join(OUT, "grey.tif")]);
}
const red = join(S2, "B04.tif");
const CASES: Case[] = [
  { name: "S2 B04 uint16, DEFLATE + predictor", source: red, options: ["COMPRESS=DEFLATE", "PREDICTOR=YES"] },
  { name: "S2 B04 uint16, ZSTD + predictor", source: red, options: ["COMPRESS=ZSTD", "PREDICTOR=YES"] },
  { name: "S2 B04 uint16, LERC (lossless)", source: red, options: ["COMPRESS=LERC"] },
  { name: "S2 B04 uint16, LERC_ZSTD (lossless)", source: red, options: ["COMPRESS=LERC_ZSTD"] },
  { name: "elevation uint16, LERC_DEFLATE (lossless)", source: ELEVATION, options: ["COMPRESS=LERC_DEFLATE"] },
  { name: "S2 B04 8-bit, JPEG", source: join(OUT, "grey.tif"), options: ["COMPRESS=JPEG"] },
  { name: "S2 true colour, JPEG (YCbCr)", source: join(OUT, "rgb.tif"), options: ["COMPRESS=JPEG"] },
  { name: "S2 true colour, WEBP (lossy)", source: join(OUT, "rgb.tif"), options: ["COMPRESS=WEBP"] },
  { name: "S2 true colour, WEBP (lossless)", source: join(OUT, "rgb.tif"), options: ["COMPRESS=WEBP", "QUALITY=100"] },
];

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

/** Our decodeTile over every full-resolution tile (bytes read beforehand): median ms a tile. */
async function ours(path: string): Promise<{ msPerTile: number; tiles: number; kbPerTile: number }> {
  const source = diskSource(path);
  const { header } = await openCog(source);
  const level = header.levels[0]!;
  await codecReady(level.compression);
  const tiles = await Promise.all(Array.from(level.tileOffsets, (offset, i) => source.read(offset, level.tileByteCounts[i]!)));
  const times: number[] = [];
  for (let pass = 0; pass < 4; pass++) {
    for (const tile of tiles) {
      const start = performance.now();
      decodeTile(level, header.littleEndian, tile);
      if (pass > 0) times.push(performance.now() - start);
    }
  }
  const bytes = tiles.reduce((a, t) => a + t.length, 0);
  return { msPerTile: median(times), tiles: tiles.length, kbPerTile: bytes / tiles.length / 1000 };
}

const rows: (string | number)[][] = [];
const files = CASES.map((c, i) => {
  const path = join(OUT, `case-${i}.tif`);
  gdal("gdal_translate", ["-of", "COG", ...c.options.flatMap((o) => ["-co", o]), "-co", "BLOCKSIZE=512", c.source, path]);
  return path;
});
const gdalTimes = execFileSync("/usr/bin/python3", [join(BENCH_DIR, "gdal_codecs.py"), ...files], { encoding: "utf8" })
  .trim()
  .split("\n")
  .map((line) => (JSON.parse(line) as { msPerTile: number }).msPerTile);
for (const [i, c] of CASES.entries()) {
  const o = await ours(files[i]!);
  rows.push([c.name, o.tiles, o.kbPerTile.toFixed(0), ms(o.msPerTile), ms(gdalTimes[i]!), (o.msPerTile / gdalTimes[i]!).toFixed(2)]);
}
console.log(table(["512 px tiles", "tiles", "KB/tile", "ours ms/tile", "GDAL ms/tile", "ours / GDAL"], rows));
