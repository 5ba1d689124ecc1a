// npm run bench:inflate: zlib (Node's, which inflates as fast as workerd's: the same 1.45 ms on a
// 512 px uint16 tile, checked inside workerd) against libdeflate, the inflater GDAL uses, on the
// same bytes: the first full-resolution tiles of the e2e benchmark's red COG (DEFLATE after the
// horizontal predictor, 512 px, written by writeCog; `npm run bench:e2e` generates it). libdeflate
// is Debian's (libdeflate0), called through Python's ctypes (BENCH_PYTHON, default /usr/bin/python3);
// Python's own zlib is timed there too. Inflating only: no predictor, no copies. Medians of 5 passes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { openCog } from "../src/raster/open-cog";
import { MemoryByteSource } from "../test/support/memory-byte-source";
import { SYNTHETIC_DIR } from "./datasets";
import { median } from "./memory";

const FILE = join(SYNTHETIC_DIR, "s2_red.tif");
const TILES = 16;
const PASSES = 5;
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";

const LIBDEFLATE = `
import ctypes, sys, time, zlib, statistics, json
ld = ctypes.CDLL("libdeflate.so.0")
ld.libdeflate_alloc_decompressor.restype = ctypes.c_void_p
ld.libdeflate_zlib_decompress.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]
d = ld.libdeflate_alloc_decompressor()
raw = int(sys.argv[2])
data = open(sys.argv[1], "rb").read()
tiles, at = [], 0
while at < len(data):
    n = int.from_bytes(data[at:at + 4], "little"); tiles.append(data[at + 4:at + 4 + n]); at += 4 + n
out = ctypes.create_string_buffer(raw)
def timed(f):
    passes = []
    for _ in range(${PASSES}):
        t = time.perf_counter()
        for tile in tiles: f(tile)
        passes.append((time.perf_counter() - t) * 1e3 / len(tiles))
    return statistics.median(passes)
def libdeflate(tile):
    if ld.libdeflate_zlib_decompress(d, tile, len(tile), out, raw, None) != 0: raise SystemExit("libdeflate failed")
print(json.dumps({"libdeflate": timed(libdeflate), "python zlib": timed(zlib.decompress)}))
`;

const cog = await openCog(new MemoryByteSource(new Uint8Array(readFileSync(FILE))));
const level = cog.header.levels[0]!;
const bytes = readFileSync(FILE);
const tiles = Array.from({ length: TILES }, (_, i) => new Uint8Array(bytes.subarray(level.tileOffsets[i]!, level.tileOffsets[i]! + level.tileByteCounts[i]!)));
const raw = level.tileWidth * level.tileHeight * 2;

const passes: number[] = [];
for (let pass = 0; pass <= PASSES; pass++) {
  const start = performance.now();
  for (const tile of tiles) if (inflateSync(tile, { chunkSize: raw }).length !== raw) throw new Error("a tile inflated to the wrong size");
  if (pass > 0) passes.push((performance.now() - start) / tiles.length);
}

const dir = mkdtempSync(join(tmpdir(), "bench-inflate-"));
try {
  const framed = join(dir, "tiles.bin");
  writeFileSync(framed, Buffer.concat(tiles.flatMap((t) => [Buffer.from(new Uint32Array([t.length]).buffer), Buffer.from(t)])));
  const theirs = JSON.parse(execFileSync(PYTHON, ["-c", LIBDEFLATE, framed, String(raw)], { encoding: "utf8" })) as Record<string, number>;
  const compressed = median(tiles.map((t) => t.length));
  console.log(`${TILES} tiles of ${FILE}: ${level.tileWidth} px uint16, ${Math.round(compressed / 1024)} KiB compressed (median), ${raw / 1024} KiB raw`);
  console.log("| inflater | ms a tile |\n|---|---|");
  console.log(`| zlib in Node (workerd's) | ${median(passes).toFixed(2)} |`);
  for (const [name, ms] of Object.entries(theirs)) console.log(`| ${name} | ${ms.toFixed(2)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
