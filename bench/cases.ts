import type { CogHeader } from "../src/raster/cog-header";
import { pointTransform } from "../src/raster/crs";
import type { BBox, Grid } from "../src/raster/grid";
import type { PixelWindow } from "../src/raster/read-window";
import type { Dataset } from "./datasets";

export interface Case {
  id: string;
  dataset: Dataset;
  kind: "tile" | "window";
  /** "z12 2173/1434" or "win 1024 @4978,4978". */
  label: string;
  target: Grid;
  resampling: "bilinear" | "nearest";
  /** Window cases: the full-resolution pixels the target covers. */
  window?: PixelWindow;
}

const HALF = Math.PI * 6378137;

export function tileBBox(z: number, x: number, y: number): BBox {
  const size = (2 * HALF) / 2 ** z;
  return [-HALF + x * size, HALF - (y + 1) * size, -HALF + (x + 1) * size, HALF - y * size];
}

/**
 * One 256x256 EPSG:3857 tile per zoom, bilinear, as a map client would ask for: the tile holding
 * the scene centre, or the nearest one (rings of up to 3 tiles) whose outline, densified and
 * transformed to the scene CRS, lies wholly inside the scene. Plus one native window of
 * `dataset.window` pixels (clipped to the scene) around the centre, at full resolution.
 */
export function casesFor(dataset: Dataset, header: CogHeader, skipped: string[]): Case[] {
  const { grid } = header;
  const [minX, minY, maxX, maxY] = grid.bbox;
  const [lon, lat] = pointTransform(grid.crs, "EPSG:4326")((minX + maxX) / 2, (minY + maxY) / 2);
  const toScene = pointTransform("EPSG:3857", grid.crs);
  const inside = (bbox: BBox): boolean => outline(bbox).every(([x, y]) => {
    const [sx, sy] = toScene(x, y);
    return sx >= minX && sx <= maxX && sy >= minY && sy <= maxY;
  });
  const cases: Case[] = [];
  for (const z of dataset.zooms) {
    const n = 2 ** z;
    const cx = Math.floor(((lon + 180) / 360) * n);
    const latR = (lat * Math.PI) / 180;
    const cy = Math.floor(((1 - Math.log(Math.tan(latR) + 1 / Math.cos(latR)) / Math.PI) / 2) * n);
    const found = rings(3).map(([dx, dy]) => [cx + dx, cy + dy] as const).find(([x, y]) => inside(tileBBox(z, x, y)));
    if (!found) {
      skipped.push(`${dataset.id} z${z}: no tile lies wholly inside the scene`);
      continue;
    }
    const [x, y] = found;
    const target: Grid = { crs: "EPSG:3857", bbox: tileBBox(z, x, y), width: 256, height: 256 };
    cases.push({ id: `${dataset.id}/z${z}`, dataset, kind: "tile", label: `z${z} ${x}/${y}`, target, resampling: "bilinear" });
  }
  const width = Math.min(dataset.window, grid.width);
  const height = Math.min(dataset.window, grid.height);
  const window = { x: Math.floor((grid.width - width) / 2), y: Math.floor((grid.height - height) / 2), width, height };
  const px = (maxX - minX) / grid.width;
  const py = (maxY - minY) / grid.height;
  const bbox: BBox = [minX + window.x * px, maxY - (window.y + height) * py, minX + (window.x + width) * px, maxY - window.y * py];
  cases.push({
    id: `${dataset.id}/win`,
    dataset,
    kind: "window",
    label: `win ${width}x${height} @${window.x},${window.y}`,
    target: { crs: grid.crs, bbox, width, height },
    resampling: "nearest",
    window,
  });
  return cases;
}

/** Offsets ordered by distance from (0, 0), up to `radius` tiles away. */
function rings(radius: number): [number, number][] {
  const offsets: [number, number][] = [];
  for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) offsets.push([dx, dy]);
  return offsets.sort((a, b) => Math.hypot(...a) - Math.hypot(...b));
}

/** 21 points per edge, so a curved outline in the scene CRS is checked along its length. */
function outline([minX, minY, maxX, maxY]: BBox): [number, number][] {
  const points: [number, number][] = [];
  for (let i = 0; i <= 20; i++) {
    const t = i / 20;
    const x = minX + (maxX - minX) * t;
    const y = minY + (maxY - minY) * t;
    points.push([x, minY], [x, maxY], [minX, y], [maxX, y]);
  }
  return points;
}
