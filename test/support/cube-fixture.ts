/**
 * Ingested collections of real COGs with known values, written by our own COG writer, for data
 * cube tests: each band of a scene is a single-band COG whose pixel (x, y) holds value(x, y).
 */
import { prepareItem, type CopiedFile } from "../../src/catalog/ingest/prepare-item";
import { storeCollection } from "../../src/catalog/ingest/store-collection";
import type { StacItem } from "../../src/catalog/stac-types";
import { writeCog } from "../../src/raster/cog-writer";
import { transformBBox } from "../../src/raster/crs";
import type { Grid } from "../../src/raster/grid";
import { band } from "./raster-fixtures";

export interface FixtureBand {
  key: string;
  common: string;
  wavelength: number;
  scale: number;
  offset: number;
}

/** Sentinel-2-like red and nir bands: uint16 with nodata 0, reflectance = DN * 0.0001 - 0.1. */
export const RED: FixtureBand = { key: "B04", common: "red", wavelength: 0.665, scale: 0.0001, offset: -0.1 };
export const NIR: FixtureBand = { key: "B08", common: "nir", wavelength: 0.842, scale: 0.0001, offset: -0.1 };

export interface CubeScene {
  id: string;
  datetime: string;
  grid: Grid;
  cloud: number;
  /** Raw DN of each band by key; 0 is nodata. */
  values: Record<string, (x: number, y: number) => number>;
  /** More item properties (platform, constellation). */
  properties?: Record<string, unknown>;
}

export const TILE = 16;

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sourceItem(scene: CubeScene, bands: FixtureBand[]): StacItem {
  const [w, s, e, n] = transformBBox(scene.grid.bbox, scene.grid.crs, "EPSG:4326");
  const asset = (b: FixtureBand) => ({
    href: `https://example.test/${scene.id}/${b.key}.tif`,
    type: "image/tiff; application=geotiff; profile=cloud-optimized",
    roles: ["data"],
    "eo:bands": [{ name: b.key, common_name: b.common, center_wavelength: b.wavelength }],
    "raster:bands": [{ nodata: 0, data_type: "uint16", scale: b.scale, offset: b.offset }],
  });
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id: scene.id,
    bbox: [w, s, e, n],
    geometry: { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] },
    properties: { datetime: scene.datetime, "eo:cloud_cover": scene.cloud, ...scene.properties },
    assets: Object.fromEntries(bands.map((b) => [b.key, asset(b)])),
    links: [],
  };
}

/** Writes the scenes' COGs into the bucket and registers them as an ingested collection. */
export async function ingestCubeScenes(bucket: R2Bucket, collectionId: string, scenes: CubeScene[], bands: FixtureBand[] = [RED, NIR], tileSize = TILE, overviews: number[] = []): Promise<StacItem[]> {
  const items: StacItem[] = [];
  for (const scene of scenes) {
    const copied = new Map<string, CopiedFile>();
    for (const b of bands) {
      const cog = writeCog([band(scene.grid, "uint16", scene.values[b.key]!, 0)], { tileSize, compression: "deflate", predictor: 2, overviews });
      const file = `${b.key}.tif`;
      await bucket.put(`collections/${collectionId}/items/${scene.id}/${file}`, cog);
      const { grid } = scene;
      const res = (grid.bbox[2] - grid.bbox[0]) / grid.width;
      copied.set(b.key, {
        file,
        size: cog.length,
        sha256: await sha256(cog),
        facts: {
          epsg: Number(grid.crs.slice(5)),
          width: grid.width,
          height: grid.height,
          transform: [res, 0, grid.bbox[0], 0, -res, grid.bbox[3]],
          dataType: "uint16",
          nodata: 0,
          tiled: true,
          compression: "DEFLATE",
          compressionSupported: true,
          overviewCount: overviews.length,
          headerBytes: 0,
        },
      });
    }
    items.push(prepareItem(sourceItem(scene, bands), collectionId, copied));
  }
  await storeCollection(bucket, { id: collectionId, title: collectionId, description: "Scenes written by the cube tests.", license: "CC-BY-4.0", links: [] }, items);
  return items;
}
