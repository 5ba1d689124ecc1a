/** Where a service's map opens: the extent of the data its process loads, in WGS84. */
import type { Catalog } from "../catalog/catalog";
import { spatialExtent } from "../cube/parameters";
import { OpenEOError } from "../errors";
import { transformBBox } from "../raster/crs";
import type { BBox } from "../raster/grid";

/** Where a map opens when the process says nothing about its extent. */
export const WORLD: BBox = [-180, -90, 180, 90];

interface ProcessNode {
  process_id?: unknown;
  arguments?: Record<string, unknown>;
}

/** A literal spatial_extent (bounding box or GeoJSON) in WGS84, or null. */
function literalExtent(value: unknown): BBox | null {
  try {
    const extent = spatialExtent(value, "load_collection", "spatial_extent");
    if (!extent || !extent.bbox.every(Number.isFinite)) return null;
    return transformBBox(extent.bbox, extent.crs, "EPSG:4326");
  } catch {
    // References to parameters (such as the tile's own extent) and CRSs we can't project have no box to show.
    return null;
  }
}

/** The first box of a collection's STAC extent, or null when the collection is gone. */
async function collectionExtent(catalog: Catalog, id: unknown): Promise<BBox | null> {
  if (typeof id !== "string") return null;
  try {
    const source = await catalog.source(id);
    // A remote collection's configured extent: describing it in full would ask its STAC API.
    const extent = source.kind === "remote" ? source.config.metadata.extent : (await catalog.collection(id)).extent;
    const box = extent.spatial.bbox[0];
    return box?.length === 4 && box.every(Number.isFinite) ? (box as BBox) : null;
  } catch (error) {
    if (error instanceof OpenEOError && error.code === "CollectionNotFound") return null;
    throw error;
  }
}

/**
 * [west, south, east, north] in degrees, from the process's first load_collection: its literal
 * spatial_extent, else its collection's extent (in the catalogue as the service's owner sees it), else the world. A box across the antimeridian gets
 * east beyond 180, as a web map wants it.
 */
export async function serviceBounds(process: Record<string, unknown>, catalog: Catalog): Promise<BBox> {
  const nodes = Object.values((process.process_graph ?? {}) as Record<string, ProcessNode>);
  const load = nodes.find((node) => node.process_id === "load_collection")?.arguments;
  const box = load ? (literalExtent(load.spatial_extent) ?? (await collectionExtent(catalog, load.id))) : null;
  if (!box) return WORLD;
  const [west, south, east, north] = box;
  return [west, south, east < west ? east + 360 : east, north];
}
