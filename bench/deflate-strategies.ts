// npm run bench:deflate-strategies: what zlib's strategies cost and save on the tiles GTiff results
// are made of, in Node (the V8 and zlib workerd has): 256 px tiles (GTiff's default) of the 29RKH
// Sentinel-2 scene in ../shared/data, the B04 band as stored (uint16, horizontal predictor) and
// NDVI of B04 and B08 (float32, floating-point predictor), each compressed at level 6 with the
// default strategy, run-length matching (Z_RLE, what GTiff uses) and Huffman coding alone.
// Medians of 5 passes over all tiles.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { constants, deflateSync } from "node:zlib";
import { openCog } from "../src/raster/open-cog";
import { applyFloatingPoint, applyHorizontal } from "../src/raster/predictor";
import { readWindow } from "../src/raster/read-window";
import { MemoryByteSource } from "../test/support/memory-byte-source";
import { SHARED_DATA } from "./datasets";
import { median } from "./memory";

const SCENE = join(SHARED_DATA, "s2-29RKH-2020-02-19");
const TILE = 256;
const PASSES = 5;

async function band(name: string) {
  const cog = await openCog(new MemoryByteSource(new Uint8Array(readFileSync(join(SCENE, `${name}.tif`)))));
  const { width, height } = cog.header.levels[0]!;
  return { data: await readWindow(cog, 0, 0, { x: 0, y: 0, width, height }), width, height };
}

/** The whole tiles of a band, each predicted as the COG writer predicts it, as bytes. */
function tiles(values: ArrayLike<number>, width: number, height: number, make: (n: number) => Uint16Array | Float32Array, predict: (bytes: Uint8Array) => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let top = 0; top + TILE <= height; top += TILE) {
    for (let left = 0; left + TILE <= width; left += TILE) {
      const tile = make(TILE * TILE);
      for (let r = 0; r < TILE; r++) for (let c = 0; c < TILE; c++) tile[r * TILE + c] = values[(top + r) * width + left + c]!;
      const bytes = new Uint8Array(tile.buffer);
      predict(bytes);
      out.push(bytes);
    }
  }
  return out;
}

const red = await band("B04");
const nir = await band("B08");
const ndvi = Float32Array.from({ length: red.data.length }, (_, i) => (nir.data[i]! - red.data[i]!) / (nir.data[i]! + red.data[i]!));
const cases = [
  { name: "B04 uint16, horizontal predictor", tiles: tiles(red.data, red.width, red.height, (n) => new Uint16Array(n), (b) => applyHorizontal(b, TILE, TILE, 1, 2)) },
  { name: "NDVI float32, floating-point predictor", tiles: tiles(ndvi, red.width, red.height, (n) => new Float32Array(n), (b) => applyFloatingPoint(b, TILE, TILE, 1, 4)) },
];
const strategies = [
  { name: "default (string matching)", strategy: constants.Z_DEFAULT_STRATEGY },
  { name: "run-length (Z_RLE)", strategy: constants.Z_RLE },
  { name: "Huffman only", strategy: constants.Z_HUFFMAN_ONLY },
];

console.log(`29RKH, ${cases[0]!.tiles.length} tiles of ${TILE} px a case, level 6, medians of ${PASSES} passes\n`);
console.log("| tiles | strategy | ms a tile | bytes of all tiles | against the default |\n|---|---|---|---|---|");
for (const { name, tiles: inputs } of cases) {
  let defaultBytes = 0;
  for (const { name: strategyName, strategy } of strategies) {
    const passes: number[] = [];
    let bytes = 0;
    for (let pass = 0; pass < PASSES; pass++) {
      const started = performance.now();
      bytes = 0;
      for (const input of inputs) bytes += deflateSync(input, { level: 6, strategy }).length;
      passes.push((performance.now() - started) / inputs.length);
    }
    if (strategy === constants.Z_DEFAULT_STRATEGY) defaultBytes = bytes;
    console.log(`| ${name} | ${strategyName} | ${median(passes).toFixed(2)} | ${bytes} | ${((bytes / defaultBytes - 1) * 100).toFixed(1)} % |`);
  }
}
