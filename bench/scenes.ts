// The NDVI scenes of the processing benchmarks (bench:sync, bench:batch): 1024 x 1024 px of the
// 29RKH scene of ../shared/data and 4096 x 4096 px of the synthetic 10980 x 10980 scene, as COGs
// in the local R2 bucket of wrangler's platform proxy, behind a one-item catalog.
import { join } from "node:path";
import type { StacCollection, StacItem } from "../src/catalog/stac-types";
import type { DataAccess } from "../src/cube/context";
import { CountingByteSource, type ReadStats } from "../src/raster/counting-byte-source";
import { openCog } from "../src/raster/open-cog";
import { R2ByteSource } from "../src/raster/r2-byte-source";
import { SHARED_DATA, SYNTHETIC_DIR } from "./datasets";
import { readLocalHeader } from "./local-header";
import { openLocalR2, type LocalR2 } from "./r2";
import { ensureSynthetic } from "./synthetic";

export interface Scene {
  name: string;
  files: { band: "B04" | "B08"; common: string; path: string; key: string }[];
  scale: number;
  /** Pixels of the result, from the scene's top-left corner. */
  size: number;
}

const synthetic = join(SYNTHETIC_DIR, "s2_red.tif");
ensureSynthetic({ red: synthetic, nir: join(SYNTHETIC_DIR, "s2_nir.tif") });
export const SCENES: Scene[] = [
  {
    name: "29RKH, 1024 x 1024 px",
    files: [
      { band: "B04", common: "red", path: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B04.tif"), key: "sync/29rkh/B04.tif" },
      { band: "B08", common: "nir", path: join(SHARED_DATA, "s2-29RKH-2020-02-19", "B08.tif"), key: "sync/29rkh/B08.tif" },
    ],
    scale: 0.0001,
    size: 1024,
  },
  {
    name: "synthetic, 4096 x 4096 px",
    files: [
      { band: "B04", common: "red", path: synthetic, key: "synthetic/s2_red.tif" },
      { band: "B08", common: "nir", path: join(SYNTHETIC_DIR, "s2_nir.tif"), key: "synthetic/s2_nir.tif" },
    ],
    scale: 0.0001,
    size: 4096,
  },
];

export function openSceneBucket(scenes: Scene[]): Promise<LocalR2> {
  return openLocalR2(new Map(scenes.flatMap((s) => s.files.map((f) => [f.key, f.path] as [string, string]))));
}

/** A catalog of one item whose assets are the scene's COGs in local R2, with their real grids. */
function sceneAccess(r2: LocalR2, scene: Scene, stats: ReadStats): { data: DataAccess; bbox: [number, number, number, number]; epsg: number } {
  const header = readLocalHeader(scene.files[0]!.path);
  const { grid, epsg } = header;
  const [minX, , , maxY] = grid.bbox;
  const px = (grid.bbox[2] - minX) / grid.width;
  const assets = Object.fromEntries(
    scene.files.map((f) => [
      f.band,
      {
        href: f.key,
        type: "image/tiff; application=geotiff; profile=cloud-optimized",
        roles: ["data"],
        "eo:bands": [{ name: f.band, common_name: f.common }],
        "raster:bands": [{ scale: scene.scale, offset: 0, nodata: 0 }],
        "proj:epsg": epsg,
        "proj:transform": [px, 0, minX, 0, -px, maxY],
        "proj:shape": [grid.height, grid.width],
      },
    ]),
  );
  const item = { type: "Feature", stac_version: "1.0.0", id: scene.name, bbox: [-180, -90, 180, 90], geometry: null, properties: { datetime: "2020-02-19T11:00:00Z" }, assets, links: [] } as unknown as StacItem;
  const collection = { id: "bench", summaries: { "eo:bands": scene.files.map((f) => ({ name: f.band, common_name: f.common })) } } as unknown as StacCollection;
  const data: DataAccess = {
    collection: async () => collection,
    items: async () => [item],
    openAsset: (asset) => openCog(new CountingByteSource(new R2ByteSource(r2.bucket, asset.href, { etag: r2.etags.get(asset.href)! }), stats)),
  };
  return { data, bbox: [minX, maxY - scene.size * px, minX + scene.size * px, maxY], epsg };
}

/** The scene's data access and the NDVI GTiff process over its result's extent. */
export function ndviRun(r2: LocalR2, scene: Scene, stats: ReadStats): { data: DataAccess; process: Record<string, unknown> } {
  const { data, bbox, epsg } = sceneAccess(r2, scene, stats);
  const graph = {
    load: { process_id: "load_collection", arguments: { id: "bench", spatial_extent: { west: bbox[0], south: bbox[1], east: bbox[2], north: bbox[3], crs: epsg }, temporal_extent: null, bands: ["B04", "B08"] } },
    ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
    save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
  };
  return { data, process: { process_graph: graph } };
}
