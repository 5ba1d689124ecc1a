// The scene of the end-to-end benchmark (bench/e2e.ts): the synthetic 10980 x 10980 red/nir COGs,
// described by STAC Items that the range server serves next to them, and the map tiles and native
// windows both sides are asked for.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CogHeader } from "../src/raster/cog-header";
import { pointTransform, transformBBox } from "../src/raster/crs";
import type { BBox } from "../src/raster/grid";
import { pixelSize } from "../src/raster/grid";
import { chooseLevel } from "../src/raster/overview-choice";
import { tileGrid, type TileAddress } from "../src/tiles/tile-grid";
import { BENCH_DIR, SYNTHETIC_DIR } from "./datasets";
import { readLocalHeader } from "./local-header";
import { neededTiles } from "./minimum";
import { ensureSynthetic } from "./synthetic";

/** Where the Items are written: a folder of its own, mounted on the range server as `e2e`. */
export const ITEMS_DIR = join(BENCH_DIR, ".data", "e2e");

export const BANDS = [
  { name: "B04", common: "red", file: "s2_red.tif" },
  { name: "B08", common: "nir", file: "s2_nir.tif" },
] as const;

export interface Scene {
  header: CogHeader;
  epsg: number;
  /** The range server's path of each band (`synthetic/s2_red.tif`), red first. */
  keys: string[];
}

export function openScene(): Scene {
  ensureSynthetic({ red: join(SYNTHETIC_DIR, BANDS[0].file), nir: join(SYNTHETIC_DIR, BANDS[1].file) });
  const header = readLocalHeader(join(SYNTHETIC_DIR, BANDS[0].file));
  if (header.epsg === null) throw new Error("the synthetic scene has no EPSG code");
  return { header, epsg: header.epsg, keys: BANDS.map((b) => `synthetic/${b.file}`) };
}

/**
 * Writes a STAC Item whose assets are the scene's COGs at `assetUrl(key)`, and answers its file
 * name under ITEMS_DIR. A fresh `name` (and asset URLs with a fresh query) makes a Worker see
 * objects it has cached nothing of: the range server ignores the query.
 */
export function writeItem(scene: Scene, name: string, assetUrl: (key: string) => string): string {
  const { grid } = scene.header;
  const [w, s, e, n] = transformBBox(grid.bbox, grid.crs, "EPSG:4326");
  const px = pixelSize(grid);
  const assets = Object.fromEntries(
    BANDS.map((band, i) => [
      band.name,
      {
        href: assetUrl(scene.keys[i]!),
        type: "image/tiff; application=geotiff; profile=cloud-optimized",
        roles: ["data"],
        "eo:bands": [{ name: band.name, common_name: band.common }],
        "raster:bands": [{ nodata: 0, data_type: "uint16", scale: 0.0001, offset: 0 }],
        "proj:epsg": scene.epsg,
        "proj:shape": [grid.height, grid.width],
        "proj:transform": [px.x, 0, grid.bbox[0], 0, -px.y, grid.bbox[3]],
      },
    ]),
  );
  const item = {
    type: "Feature",
    stac_version: "1.0.0",
    stac_extensions: ["https://stac-extensions.github.io/projection/v1.1.0/schema.json"],
    id: name,
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: "2020-02-19T11:00:00Z" },
    assets,
    links: [],
  };
  mkdirSync(ITEMS_DIR, { recursive: true });
  const file = `${name}.json`;
  writeFileSync(join(ITEMS_DIR, file), JSON.stringify(item));
  return file;
}

/** A window of full-resolution pixels of the scene, centred, and its box in the scene's CRS. */
export function centredWindow(scene: Scene, size: number): { window: [number, number, number, number]; bbox: BBox } {
  const { grid } = scene.header;
  const px = pixelSize(grid);
  const x = Math.floor((grid.width - size) / 2);
  const y = Math.floor((grid.height - size) / 2);
  const [minX, , , maxY] = grid.bbox;
  return { window: [x, y, size, size], bbox: [minX + x * px.x, maxY - (y + size) * px.y, minX + (x + size) * px.x, maxY - y * px.y] };
}

/** The source tiles (level and indices, both bands alike) a map tile needs at the level a reader picks. */
function sourceTiles(header: CogHeader, tile: TileAddress): string[] {
  const target = tileGrid(tile, 256);
  const toSource = pointTransform("EPSG:3857", header.grid.crs);
  const cx = (target.bbox[0] + target.bbox[2]) / 2;
  const cy = (target.bbox[1] + target.bbox[3]) / 2;
  const [x0, y0] = toSource(cx, cy);
  const [x1, y1] = toSource(cx + pixelSize(target).x, cy);
  const level = chooseLevel(header, Math.hypot(x1 - x0, y1 - y0) / pixelSize(header.grid).x);
  return [...neededTiles(header, level, target, "bilinear").tiles].map((t) => `${level}/${t}`);
}

/**
 * `count` map tiles of zoom `z` wholly inside the scene, none sharing a source tile with another,
 * so that each is "another tile" whose pixels no cache holds yet: taken along the scene's diagonal
 * from its centre outwards. Answers fewer when the zoom has no more such tiles.
 */
export function disjointTiles(scene: Scene, z: number, count: number): TileAddress[] {
  const { grid } = scene.header;
  const toMercator = pointTransform(grid.crs, "EPSG:3857");
  const toScene = pointTransform("EPSG:3857", grid.crs);
  const [minX, minY, maxX, maxY] = grid.bbox;
  const inside = (tile: TileAddress) => {
    const b = tileGrid(tile, 256).bbox;
    return [[b[0], b[1]], [b[0], b[3]], [b[2], b[1]], [b[2], b[3]]].every(([x, y]) => {
      const [sx, sy] = toScene(x!, y!);
      return sx > minX && sx < maxX && sy > minY && sy < maxY;
    });
  };
  const n = 2 ** z;
  const half = 20037508.342789244;
  const tileAt = (fx: number, fy: number): TileAddress => {
    const [mx, my] = toMercator(minX + fx * (maxX - minX), maxY - fy * (maxY - minY));
    return { z, x: Math.floor(((mx + half) / (2 * half)) * n), y: Math.floor(((half - my) / (2 * half)) * n) };
  };
  const used = new Set<string>();
  const seen = new Set<string>();
  const chosen: TileAddress[] = [];
  // Fractions of the diagonal, alternating around the centre: 0.5, 0.5 +- d, 0.5 +- 2d, ...
  const steps = 400;
  for (let i = 0; i <= steps && chosen.length < count; i++) {
    const f = 0.5 + (i % 2 === 0 ? 1 : -1) * Math.ceil(i / 2) * (0.5 / (steps / 2));
    const tile = tileAt(f, f);
    const id = `${tile.x}/${tile.y}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!inside(tile)) continue;
    const needs = sourceTiles(scene.header, tile);
    if (needs.some((t) => used.has(t))) continue;
    needs.forEach((t) => used.add(t));
    chosen.push(tile);
  }
  return chosen;
}
