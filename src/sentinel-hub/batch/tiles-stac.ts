/**
 * The STAC documents of a batch request's tiles, written into the caller's files beside them:
 * one Item per tile (items/<tileName>.json, its assets the tile's COGs) and the Collection
 * (collection.json) that links them.
 */
import { STAC_VERSION } from "../../api/version";
import { transformBBox } from "../../raster/crs";
import type { BBox, Grid } from "../../raster/grid";
import type { BatchRequest } from "./batch-request";
import type { GridTile } from "./grid-tiles";

export const COLLECTION_FILE = "collection.json";
export const itemFile = (tile: GridTile) => `items/${tile.name}.json`;

const COG_TYPE = "image/tiff; application=geotiff; profile=cloud-optimized";

/** The URL of a path in the user's files (GET /files/{path}). */
export const filesUrl = (apiBase: string, path: string) => `${apiBase}/files/${path.split("/").map(encodeURIComponent).join("/")}`;

const polygon = ([w, s, e, n]: BBox) => ({ type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] });

const links = [
  { rel: "collection", href: `../${COLLECTION_FILE}`, type: "application/json" },
  { rel: "parent", href: `../${COLLECTION_FILE}`, type: "application/json" },
  { rel: "root", href: `../${COLLECTION_FILE}`, type: "application/json" },
];

export function tileItem(tile: GridTile, window: Grid, request: BatchRequest, collectionId: string, assets: Record<string, { href: string; size: number }>) {
  const bbox = transformBBox(window.bbox, window.crs, "EPSG:4326");
  return {
    type: "Feature",
    stac_version: STAC_VERSION,
    stac_extensions: ["https://stac-extensions.github.io/projection/v1.1.0/schema.json", "https://stac-extensions.github.io/file/v2.1.0/schema.json"],
    id: tile.name,
    collection: collectionId,
    bbox,
    geometry: polygon(bbox),
    properties: {
      datetime: null,
      start_datetime: request.process.from,
      end_datetime: request.process.to,
      "proj:code": window.crs,
      "proj:bbox": window.bbox,
      "proj:shape": [window.height, window.width],
      "sentinelhub:tileId": tile.id,
    },
    assets: Object.fromEntries(Object.entries(assets).map(([id, a]) => [id, { href: a.href, type: COG_TYPE, roles: ["data"], "file:size": a.size }])),
    links,
  };
}

export function tilesCollection(id: string, request: BatchRequest, tiles: GridTile[]) {
  return {
    type: "Collection",
    stac_version: STAC_VERSION,
    id,
    description: request.description ?? `The tiles of batch request ${id}: grid '${request.grid.name}' at resolution ${request.resolution}.`,
    license: "proprietary",
    extent: {
      spatial: { bbox: [transformBBox(request.process.bbox, request.process.crs, "EPSG:4326")] },
      temporal: { interval: [[request.process.from, request.process.to]] },
    },
    links: [{ rel: "root", href: `./${COLLECTION_FILE}`, type: "application/json" }, ...tiles.map((tile) => ({ rel: "item", href: `./${itemFile(tile)}`, type: "application/geo+json" }))],
  };
}
