/**
 * What materializing a lazy cube will read: the items (searched and filtered, grouped by date),
 * the bands and the target grid, known before any pixel is read so the size can be checked first.
 */
import type { StacItem } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
import { crsDefinition, transformBBox } from "../raster/crs";
import { sameGrid, type BBox, type Grid } from "../raster/grid";
import { stacAccess, type DataAccess, type ItemQuery } from "./context";
import { itemsExtent, nativeLattice, snappedGrid, targetLattice, windowed, type Lattice } from "./target-grid";
import type { BandLabel, LazyCube, SpatialExtent, TemporalExtent } from "./types";

export interface DateGroup {
  /** The t label. */
  label: string;
  /** In mosaic order: the first valid pixel wins. */
  items: StacItem[];
}

export interface ReadPlan {
  grid: Grid;
  /** The part of `grid` the items are read onto (a map tile's part inside the load's extent); the rest stays no-data. All of it when absent. */
  part?: Grid;
  bands: BandLabel[];
  dates: DateGroup[];
}

export const DEFAULT_MAX_CUBE_BYTES = 48 * 1024 * 1024;

/** An item's time: its datetime, else the start of its range. */
export function itemTime(item: StacItem): string | undefined {
  return item.properties.datetime ?? (item.properties.start_datetime as string | undefined);
}

/** `iso` in [start, end), an open end where either is missing. */
export function inInterval(iso: string, interval: TemporalExtent | null): boolean {
  const t = Date.parse(iso);
  return (!interval?.start || t >= Date.parse(interval.start)) && (!interval?.end || t < Date.parse(interval.end));
}

/**
 * t labels are acquisition days (midnight UTC): the tiles of one satellite pass share a day but
 * not a datetime, and belong in one mosaic. Within a day, earlier acquisitions win.
 */
export function dayLabel(iso: string): string {
  return `${new Date(Date.parse(iso)).toISOString().slice(0, 10)}T00:00:00Z`;
}

export function groupByDay(items: StacItem[]): DateGroup[] {
  const sorted = [...items].sort((a, b) => Date.parse(itemTime(a)!) - Date.parse(itemTime(b)!) || a.id.localeCompare(b.id));
  const groups = new Map<string, StacItem[]>();
  for (const item of sorted) {
    const label = dayLabel(itemTime(item)!);
    groups.set(label, [...(groups.get(label) ?? []), item]);
  }
  return [...groups].map(([label, members]) => ({ label, items: members }));
}

async function passesProperties(item: StacItem, cube: LazyCube): Promise<boolean> {
  for (const [name, check] of Object.entries(cube.properties)) {
    if ((await check({ value: item.properties[name] ?? null })) !== true) return false;
  }
  return true;
}

function checkBands(cube: LazyCube): void {
  if (cube.bands.length === 0) throw new OpenEOError("ProcessGraphInvalid", {}, { message: `The data cube of '${cube.collection}' has no bands left (filter_bands matched none); there is nothing to read.` });
}

function lattice(cube: LazyCube, items: StacItem[]): Lattice {
  checkBands(cube);
  const native = nativeLattice(items, cube.bands[0]!);
  const chosen = cube.target ? targetLattice(cube.target, native, cube.spatial ?? itemsExtent(items, cube.bands[0]!)) : native;
  if (!chosen) throw new OpenEOError("ProcessGraphInvalid", {}, { message: `The native grid of band '${cube.bands[0]!.name}' of '${cube.collection}' is unknown; set a target CRS and resolution (resample_spatial).` });
  return chosen;
}

const noData = () => OpenEOError.processException("NoDataAvailable", "There is no data available for the given extents.");

/**
 * A geographic extent cut to the tile's latitudes, since one reaching a pole doesn't transform to
 * Web Mercator whole (its box would end near 82 degrees); longitudes are kept, they may wrap.
 * Null when it lies north or south of the tile.
 */
function withinLatitudes(extent: SpatialExtent, tile: Grid): SpatialExtent | null {
  if (!crsDefinition(extent.crs).geographic) return extent;
  const [, tileSouth, , tileNorth] = transformBBox(tile.bbox, tile.crs, extent.crs);
  const [west, south, east, north] = extent.bbox;
  const [s, n] = [Math.max(south, tileSouth), Math.min(north, tileNorth)];
  return s < n ? { crs: extent.crs, bbox: [west, s, east, n] } : null;
}

/**
 * A map tile is read whole, so that every cube of the tile's process shares its grid; only the part
 * inside the load's extent is read, the rest stays no-data.
 */
function tileRead(cube: LazyCube, tile: Grid): Pick<ReadPlan, "grid" | "part"> {
  if (!cube.spatial) return { grid: tile };
  const extent = withinLatitudes(cube.spatial, tile);
  const part = extent && windowed(tile, { ...extent, width: 1, height: 1 });
  if (!part) throw noData();
  return sameGrid(part, tile) ? { grid: tile } : { grid: tile, part };
}

/** Whether an item may lie in a WGS84 box: its own box overlaps it, or it has none (or one across the antimeridian) to tell. */
function mayLieIn(item: StacItem, box: BBox): boolean {
  const b = item.bbox;
  return !b || b[0]! > b[2]! || (b[0]! <= box[2] && b[2]! >= box[0] && b[1]! <= box[3] && b[3]! >= box[1]);
}

function itemsOf(cube: LazyCube, data: DataAccess, query: ItemQuery): Promise<StacItem[]> {
  if (!cube.source) return data.items(cube.collection, query);
  if ("stacUrl" in cube.source) return stacAccess(data).items(cube.source.stacUrl, query);
  const { bbox } = query;
  return Promise.resolve(bbox ? cube.source.items.filter((item) => mayLieIn(item, bbox)) : cube.source.items);
}

export async function planRead(cube: LazyCube, data: DataAccess): Promise<ReadPlan> {
  const tile = data.tile && tileRead(cube, data.tile);
  const searched = tile ? (tile.part ?? tile.grid) : cube.spatial;
  const wgs84 = searched && transformBBox(searched.bbox, searched.crs, "EPSG:4326");
  const query = { ...(wgs84 ? { bbox: wgs84 } : {}), ...(cube.temporal ? { datetime: cube.temporal } : {}) };
  const found = await itemsOf(cube, data, query);
  const items: StacItem[] = [];
  for (const item of found) {
    const time = itemTime(item);
    if (time && inInterval(time, cube.temporal) && (await passesProperties(item, cube))) items.push(item);
  }
  if (items.length === 0) throw noData();
  if (tile) {
    checkBands(cube);
    return { ...tile, bands: cube.bands, dates: groupByDay(items) };
  }
  const onto = lattice(cube, items); // First: it reports a cube without bands.
  const whole = snappedGrid(cube.spatial ?? itemsExtent(items, cube.bands[0]!), onto);
  const plan = { grid: whole, bands: cube.bands, dates: groupByDay(items) };
  return data.window ? windowOf(plan, data.window) : plan;
}

/** A strip of a plan's grid: the same lattice and dates (so every strip has the same planes), read from the items under it. */
export function windowOf(plan: ReadPlan, window: Grid): ReadPlan {
  const grid = windowed(plan.grid, window);
  if (!grid) throw noData();
  const box = transformBBox(grid.bbox, grid.crs, "EPSG:4326");
  return { grid, bands: plan.bands, dates: plan.dates.map((date) => ({ ...date, items: date.items.filter((item) => mayLieIn(item, box)) })) };
}

/** Bytes of the float32 planes a plan produces: pixels x bands x dates x 4. */
export function planBytes(plan: ReadPlan): number {
  return plan.grid.width * plan.grid.height * plan.bands.length * plan.dates.length * 4;
}

/** The size of a lazy cube once read, without reading pixels (item metadata only). */
export async function estimateBytes(cube: LazyCube, data: DataAccess): Promise<number> {
  return planBytes(await planRead(cube, data));
}
