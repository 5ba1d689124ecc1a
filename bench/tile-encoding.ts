// npm run bench:tile-encoding: colour mapping and PNG encoding of XYZ tiles, apart from reading.
// NDVI tiles (256 px, zooms 10 to 14) of the 33TWL and 29RKH scenes of ../shared/data, computed by
// GDAL (bench/tile_ndvi.py), drawn with the ndvi and greys colour maps: the per-pixel colour
// function into RGBA with the adaptive filter (how tiles were drawn before the palette), against
// the palette levels (tile-image.ts) written with each fixed filter and deflate level.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RasterCube } from "../src/cube/types";
import { writePng, type PngEncoding } from "../src/formats/png-writer";
import { transformBBox } from "../src/raster/crs";
import { colourMap } from "../src/tiles/colormaps";
import { parseXyzConfiguration, type XyzConfiguration } from "../src/tiles/configuration";
import { tileGrid, WEB_MERCATOR_HALF } from "../src/tiles/tile-grid";
import { tileImage } from "../src/tiles/tile-image";
import { tilePngImage } from "../src/tiles/tile-png";
import { SHARED_DATA } from "./datasets";
import { readLocalHeader } from "./local-header";
import { median } from "./memory";

const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const ROUNDS = 5;
const SCENES = [
  { name: "33TWL", red: join(SHARED_DATA, "s2-33TWL-2023-08", "S2B_33TWL_20230810_0_L2A", "B04.tif"), nir: join(SHARED_DATA, "s2-33TWL-2023-08", "S2B_33TWL_20230810_0_L2A", "B08.tif") },
  { name: "29RKH", red: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B04.tif"), nir: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B08.tif") },
];

/** Four tiles a zoom, at zooms 10 to 14, around a point inside each scene. */
function tilesOf(scene: (typeof SCENES)[number]) {
  const header = readLocalHeader(scene.red);
  const [w, s, e, n] = transformBBox(header.grid.bbox, header.grid.crs, "EPSG:3857");
  const [cx, cy] = [w + (e - w) * 0.4, s + (n - s) * 0.6];
  return [10, 11, 12, 13, 14].flatMap((z) => {
    const size = (2 * WEB_MERCATOR_HALF) / 2 ** z;
    const [x0, y0] = [Math.floor((cx + WEB_MERCATOR_HALF) / size), Math.floor((WEB_MERCATOR_HALF - cy) / size)];
    return [[0, 0], [1, 0], [0, 1], [1, 1]].map(([dx, dy]) => {
      const address = { z, x: x0 + dx!, y: y0 + dy! };
      return { name: `${scene.name}-${z}-${address.x}-${address.y}`, red: scene.red, nir: scene.nir, address, bbox: tileGrid(address, 256).bbox };
    });
  });
}

const tiles = SCENES.filter((s) => existsSync(s.red) && existsSync(s.nir)).flatMap(tilesOf);
const dir = mkdtempSync(join(tmpdir(), "tile-encoding-"));
const gdal = spawnSync(PYTHON, [join(import.meta.dirname, "tile_ndvi.py")], { input: JSON.stringify({ out: dir, tiles }), encoding: "utf8" });
if (gdal.status !== 0) throw new Error(`tile_ndvi.py failed: ${gdal.stderr}`);
const cubes = tiles.map((t): RasterCube => {
  const bytes = readFileSync(join(dir, `${t.name}.f32`));
  const plane = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
  return { kind: "raster", grid: tileGrid(t.address, 256), axes: { x: "x", y: "y" }, dims: [{ name: "bands", type: "bands", labels: [{ name: "ndvi" }] }], planes: [plane] };
});
rmSync(dir, { recursive: true });

/** Milliseconds of `run` per tile, the median of ROUNDS passes over all tiles. */
function perTile(run: (cube: RasterCube) => unknown): number {
  const passes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (const cube of cubes) run(cube);
    passes.push((performance.now() - started) / cubes.length);
  }
  return median(passes);
}

/** How tiles were drawn before: a colour per pixel from the map's function, into RGBA. */
function perPixelRgba(cube: RasterCube, configuration: XyzConfiguration): Uint8Array {
  const map = colourMap(configuration);
  const plane = cube.planes[0]!;
  const rgba = new Uint8Array(plane.length * 4);
  for (let i = 0; i < plane.length; i++) {
    if (!Number.isFinite(plane[i]!)) continue;
    rgba.set(map.colour(plane[i]!), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

const sizes = (encode: (cube: RasterCube) => Uint8Array) => median(cubes.map((c) => encode(c).length));
console.log(`${cubes.length} NDVI tiles (256 px, z10-z14) of ${SCENES.map((s) => s.name).join(" and ")}; medians per tile over ${ROUNDS} passes\n`);
console.log("| colour map | drawing | encoding | draw ms | encode ms | bytes |\n|---|---|---|---|---|---|");
for (const colormap of ["ndvi", "greys"] as const) {
  const configuration = parseXyzConfiguration({ colormap, min: -1, max: 1 });
  const rgba = new Map(cubes.map((c) => [c, perPixelRgba(c, configuration)]));
  const before = (c: RasterCube) => writePng({ width: 256, height: 256, channels: 4, pixels: rgba.get(c)! });
  console.log(`| ${colormap} | per-pixel colour, RGBA | adaptive filter, level 6 | ${perTile((c) => perPixelRgba(c, configuration)).toFixed(2)} | ${perTile(before).toFixed(2)} | ${sizes(before)} |`);
  const images = new Map(cubes.map((c) => [c, tilePngImage(tileImage(c, c.grid, configuration))]));
  const draw = perTile((c) => tilePngImage(tileImage(c, c.grid, configuration))).toFixed(2);
  const encodings: PngEncoding[] = [
    { filter: "adaptive", level: 6 },
    ...(["none", "sub", "up"] as const).flatMap((filter) => [1, 3, 6, 9].map((level) => ({ filter, level }))),
    ...(["none", "sub", "up"] as const).map((filter) => ({ filter, level: 6, strategy: "rle" as const })),
  ];
  for (const encoding of encodings) {
    const encode = (c: RasterCube) => writePng(images.get(c)!, encoding);
    console.log(`| ${colormap} | palette levels | ${encoding.filter} filter, level ${encoding.level}${encoding.strategy === "rle" ? ", RLE" : ""} | ${draw} | ${perTile(encode).toFixed(2)} | ${sizes(encode)} |`);
  }
}
